"""The data model, declared once.

Every table the project ships is described here: its fields (type, description, allowed values),
primary key and foreign keys. The same declarations drive

* the pyarrow schema of the parquet files (fixed column order),
* validation of the curated inputs (:mod:`explorer.validate`),
* the generated data dictionary (:mod:`explorer.dictionary`).
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

# --- controlled vocabularies -------------------------------------------------------------------

FAMILIES = {
    "league": "League of Nations era (1904–1946)",
    "un": "United Nations",
    "ilo": "International Labour Organization",
    "council_of_europe": "Council of Europe",
    "eu": "European Union",
    "asean": "ASEAN",
    "saarc": "SAARC",
    "oas": "Organization of American States",
    "us_federal": "United States federal law",
    "national": "Other national law",
}

INSTRUMENT_KINDS = {
    "treaty": "Treaty, convention or agreement between states",
    "protocol": "Protocol amending or supplementing a treaty",
    "directive": "EU directive (binding on the result, transposed by member states)",
    "framework_decision": "EU (third-pillar) framework decision",
    "regulation": "EU regulation (directly applicable)",
    "statute": "Act of a national legislature",
    "reauthorisation": "Act reauthorising and amending an earlier statute",
    "provision": "A single section of a code or act",
    "bill": "A bill that was not enacted as such",
    "resolution": "Resolution or other non-binding instrument",
}

TOPICS = {
    "sexual_exploitation": "Sexual exploitation and prostitution",
    "labour": "Forced labour and labour exploitation",
    "child_protection": "Protection of children",
    "online_technology": "Online and technology-facilitated conduct",
    "slavery": "Slavery and slavery-like practices",
    "migration": "Migration and smuggling",
    "organized_crime": "Transnational organised crime",
    "women_rights": "Women's rights",
    "platform_liability": "Liability of online platforms",
    "victim_protection": "Protection and assistance of victims",
    "human_rights": "Human rights generally",
}

RELATION_TYPES = {
    "amends": "`from` changes the text of `to`",
    "supersedes": "`from` takes the place of `to` (between its parties, or entirely)",
    "consolidates": "`from` brings `to` (and others) together in one text",
    "supplements": "`from` adds to `to` and is read together with it",
    "implements": "`from` (national or EU law) gives effect to `to`",
    "reauthorises": "`from` renews the programmes of `to` and amends it",
    "replaces": "`from` repeals and replaces `to`",
}

ACTIONS = {
    "signature": "Signature (subject to ratification)",
    "ratification": "Ratification",
    "accession": "Accession (consent by a state that did not sign)",
    "succession": "Succession (a new state declares itself bound by its predecessor's consent)",
    "acceptance": "Acceptance (consent with the effect of ratification)",
    "approval": "Approval (consent with the effect of ratification)",
    "definitive_signature": "Definitive signature (signature that itself expresses consent)",
    "participation": "Participation (UN depositary code P)",
    "entry_into_force": "Entry into force for that state",
    "denunciation": "Denunciation",
    "withdrawal": "Withdrawal",
}
CONSENT_ACTIONS = frozenset(
    {"ratification", "accession", "succession", "acceptance", "approval", "definitive_signature", "participation"}
)
EXIT_ACTIONS = frozenset({"denunciation", "withdrawal"})

SOURCE_KINDS = {
    "depositary": "Depositary status page or record (UNTC, NORMLEX, CoE Treaty Office…)",
    "official_gazette": "Official journal or gazette",
    "statute": "Official statute text (Statutes at Large, legislation sites)",
    "court": "Court opinion or docket",
    "treaty_text": "Official text of a treaty",
    "official": "Other official publication (government, secretariat, press release)",
    "dataset": "A dataset scraped from an official source",
    "secondary": "Secondary source (article, encyclopaedia)",
}

EVENT_KINDS = {
    "case": "Court case",
    "enforcement": "Enforcement action",
    "platform": "Action by an online platform",
    "report": "Report or investigation",
    "legislative": "Legislative event (bill introduced, hearing…)",
}

RESERVATION_KINDS = {
    "reservation": "Reservation (the depositary page labels the passage so)",
    "declaration": "Declaration, interpretative declaration or understanding (labelled so; the note gives the label)",
    "declaration_or_reservation": "Passage of the page's 'Declarations and Reservations' section that the page does not "
    "label as one or the other",
    "objection": "Communication in the page's 'Objections' section (usually an objection to another state's "
    "reservation or declaration)",
    "withdrawal_of_reservation": "Withdrawal, in whole or in part, of a reservation (from a footnote of the page)",
    "withdrawal_of_declaration": "Withdrawal of a declaration (from a footnote of the page)",
    "withdrawal": "Withdrawal of reservations and declarations together (from a footnote; the text says which)",
}

STATE_KINDS = {
    "current": "Current state or territory with an ISO 3166-1 code",
    "historical": "Former state (ISO 3166-3 or project code)",
    "organisation": "Regional economic integration organisation that is a party in its own right (e.g. the EU); "
    "not drawn on the map, counted where the depositary counts it",
}

COVERAGE_CLASSES = {
    "complete": "The rows reproduce the depositary's latest published party count",
    "complete_to": "The rows reproduce an earlier published count (on `complete_through`) but not the latest: "
    "actions after that date are missing",
    "partial": "The rows reproduce no published count: N of M parties recorded",
    "unknown": "No published party count to check the rows against",
}


# --- declarations ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # "string" | "date" | "int" | "bool" | "list"
    description: str
    required: bool = False
    allowed: dict | None = None  # allowed values (for "list": allowed items)
    references: str | None = None  # "table.field" foreign key (for "list": each item)


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    curated: str  # where the curated input lives under data/curated
    licence: str = "CC BY 4.0 (compilation); facts from the public sources cited per row"
    sort_by: tuple[str, ...] = ()

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    def field(self, name: str) -> Field:
        for candidate in self.fields:
            if candidate.name == name:
                return candidate
        raise KeyError(f"table {self.name!r} has no field {name!r}")

    def arrow_schema(self) -> pa.Schema:
        return pa.schema([pa.field(f.name, _ARROW_TYPES[f.type], nullable=not f.required) for f in self.fields])


_ARROW_TYPES = {
    "string": pa.string(),
    "date": pa.date32(),
    "int": pa.int64(),
    "bool": pa.bool_(),
    "list": pa.list_(pa.string()),
}

SOURCE_ID = Field("source_id", "string", "Source of this row (sources registry)", True, references="sources.source_id")

SOURCES = Table(
    name="sources",
    title="Sources registry",
    description="Every source a row cites: depositary pages, official journals, statutes, court records.",
    curated="sources/*.yaml",
    primary_key=("source_id",),
    fields=(
        Field("source_id", "string", "Identifier of the source", True),
        Field("producer", "string", "Who publishes it (e.g. United Nations Treaty Collection)", True),
        Field("title", "string", "Title of the page or document", True),
        Field("url", "string", "Public address"),
        Field("accessed", "date", "When the project read it", True),
        Field("status_as_at", "date", "Date the content speaks for (depositary 'status as at')"),
        Field("kind", "string", "Kind of source", True, allowed=SOURCE_KINDS),
        Field("citation", "string", "Human-readable citation"),
        Field("note", "string", "How it was read; caveats"),
    ),
)

INSTRUMENTS = Table(
    name="instruments",
    title="Instruments",
    description="Treaties, protocols, EU acts, statutes and reauthorisations, one row each, with key dates.",
    curated="instruments/*.yaml",
    primary_key=("instrument_id",),
    sort_by=("instrument_id",),
    fields=(
        Field("instrument_id", "string", "Stable identifier", True),
        Field("short_title", "string", "Short title used in the interface", True),
        Field("official_title", "string", "Official title", True),
        Field("kind", "string", "Kind of instrument", True, allowed=INSTRUMENT_KINDS),
        Field("family", "string", "Family (lane on the timeline)", True, allowed=FAMILIES),
        Field("jurisdiction", "string", "'multilateral', 'EU', or the ISO alpha-3 code of the enacting state", True),
        Field("adopted", "date", "Date adopted (treaty text agreed, act passed, directive adopted)"),
        Field("opened_for_signature", "date", "Date opened for signature"),
        Field("entry_into_force", "date", "General entry into force"),
        Field("enacted", "date", "Date enacted / signed into law (statutes)"),
        Field("repealed", "date", "Date repealed or replaced"),
        Field("citation", "string", "UNTS / LNTS / CETS / OJ / Pub. L. citation"),
        Field("depositary", "string", "Depositary of the treaty"),
        Field("mtdsg_no", "string", "UN Treaty Collection (MTDSG) number"),
        Field("topics", "list", "Topic tags", allowed=TOPICS),
        Field("summary", "string", "Plain-language summary written by the project"),
        Field(
            "core",
            "bool",
            "True for a core international instrument on trafficking, slavery, forced labour and "
            "the exploitation of children (the country profiles count a state's parties among them); empty: not "
            "core. Multilateral instruments only",
        ),
        Field("party_eif_days", "int", "Entry into force for a later party: days after its consent"),
        Field("party_eif_months", "int", "Entry into force for a party: months after its consent (ILO: 12)"),
        Field(
            "party_eif_first_of_month",
            "bool",
            "With party_eif_months: on the first day of the month following "
            "the expiration of that period (Council of Europe); empty means the same day of the month",
        ),
        Field("party_eif_article", "string", "Article of the treaty stating that rule"),
        Field(
            "party_eif_source_id",
            "string",
            "Where that rule was read (default: source_id)",
            references="sources.source_id",
        ),
        SOURCE_ID,
        Field("other_source_ids", "list", "Further sources", references="sources.source_id"),
        Field("note", "string", "Caveats ('NOTE:' marks a legal or data caveat)"),
    ),
)

RELATIONS = Table(
    name="relations",
    title="Relations between instruments",
    description="Typed edges: `from` amends / supersedes / … `to`.",
    curated="relations/*.yaml",
    primary_key=("from_id", "type", "to_id"),
    sort_by=("from_id", "type", "to_id"),
    fields=(
        Field("from_id", "string", "The acting instrument", True, references="instruments.instrument_id"),
        Field("type", "string", "Kind of relation", True, allowed=RELATION_TYPES),
        Field("to_id", "string", "The instrument acted upon", True, references="instruments.instrument_id"),
        Field("date", "date", "When the relation took effect"),
        SOURCE_ID,
        Field("note", "string", "Caveats"),
    ),
)

STATES = Table(
    name="states",
    title="States and historical entities",
    description="ISO 3166-1 states and territories (from pycountry) plus former states with their successors.",
    curated="states/*.yaml",
    primary_key=("state_id",),
    sort_by=("state_id",),
    fields=(
        Field("state_id", "string", "ISO 3166-1 alpha-3, ISO 3166-3 alpha-3, or project code X..", True),
        Field("name", "string", "Common English name", True),
        Field("official_name", "string", "Official name where pycountry has one"),
        Field("kind", "string", "Current or historical", True, allowed=STATE_KINDS),
        Field("iso_alpha2", "string", "ISO 3166-1 alpha-2"),
        Field("existed_from", "date", "Historical entities: first day"),
        Field("existed_to", "date", "Historical entities: last day"),
        Field("successor_ids", "list", "Successor states", references="states.state_id"),
        SOURCE_ID,
        Field("note", "string", "Succession note"),
    ),
)

PARTICIPATION = Table(
    name="participation",
    title="Participation events",
    description="One row per action of a state on an instrument (the event log the status engine reads).",
    curated="participation/*.csv",
    primary_key=("state_id", "instrument_id", "action", "date"),
    sort_by=("instrument_id", "state_id", "date", "action"),
    fields=(
        Field("state_id", "string", "State or historical entity", True, references="states.state_id"),
        Field("instrument_id", "string", "Instrument", True, references="instruments.instrument_id"),
        Field("action", "string", "Kind of action", True, allowed=ACTIONS),
        Field("date", "date", "Date of the action (deposit, signature, entry into force…)", True),
        Field("depositary_code", "string", "The depositary's own mark (UN a, d, A, AA, s, P)"),
        Field("computed", "bool", "True for entry into force computed by the project from the treaty's rule", True),
        SOURCE_ID,
        Field("note", "string", "Succession, territorial application, caveats"),
    ),
)

EVENTS = Table(
    name="events",
    title="Cases and events",
    description="Court cases, platform events, enforcement actions and reports.",
    curated="events/*.yaml",
    primary_key=("event_id",),
    sort_by=("date", "event_id"),
    fields=(
        Field("event_id", "string", "Identifier", True),
        Field("title", "string", "Title", True),
        Field("date", "date", "Date", True),
        Field("kind", "string", "Kind of event", True, allowed=EVENT_KINDS),
        Field("jurisdiction", "string", "ISO alpha-3 or 'multilateral'", True),
        Field("related_instruments", "list", "Instruments concerned", references="instruments.instrument_id"),
        Field("citation", "string", "Case citation"),
        Field("summary", "string", "Plain-language summary written by the project"),
        SOURCE_ID,
        Field("note", "string", "Caveats"),
    ),
)

COUNTS = Table(
    name="depositary_counts",
    title="Depositary party counts",
    description="Party counts published by depositaries, with the date they speak for; checked against the rows.",
    curated="counts/*.yaml",
    primary_key=("instrument_id", "source_id", "status_as_at"),
    sort_by=("instrument_id", "status_as_at", "source_id"),
    fields=(
        Field("instrument_id", "string", "Instrument", True, references="instruments.instrument_id"),
        SOURCE_ID,
        Field("status_as_at", "date", "Date the count speaks for", True),
        Field("parties", "int", "Number of parties published", True),
        Field("signatories", "int", "Number of signatories published"),
        Field("note", "string", "Caveats"),
    ),
)

DEFINITIONS = Table(
    name="definitions",
    title="Definitions over time",
    description="Definition or scope articles of the instruments, quoted from official texts.",
    curated="definitions/*.yaml",
    primary_key=("definition_id",),
    sort_by=("definition_id",),
    fields=(
        Field("definition_id", "string", "Identifier", True),
        Field("instrument_id", "string", "Instrument", True, references="instruments.instrument_id"),
        Field("article", "string", "Article quoted", True),
        Field("text", "string", "Verbatim text", True),
        Field("language", "string", "Language of the quoted text"),
        Field("who_protected", "string", "Who the definition protects (project's analysis)"),
        Field("consent_relevant", "string", "Whether the victim's consent matters (project's analysis)"),
        Field("age_threshold", "string", "Age threshold (project's analysis)"),
        Field("means_required", "string", "Means required (project's analysis)"),
        Field("purpose", "string", "Purpose / exploitation (project's analysis)"),
        Field("transnational_required", "string", "Whether crossing a border is required (project's analysis)"),
        SOURCE_ID,
        Field("note", "string", "Caveats"),
    ),
)

KNOWN_GAPS = Table(
    name="known_gaps",
    title="Known gaps",
    description="What is missing from the data and why; shown in the interface.",
    curated="known_gaps/*.yaml",
    primary_key=("gap_id",),
    sort_by=("gap_id",),
    licence="CC BY 4.0",
    fields=(
        Field("gap_id", "string", "Identifier", True),
        Field("table", "string", "Table that is incomplete", True),
        Field("instrument_id", "string", "Instrument concerned", references="instruments.instrument_id"),
        Field("description", "string", "What is missing", True),
        Field("reason", "string", "Why"),
    ),
)

ASSESSMENT_VALUES = {
    "yes": "The law meets the provision",
    "partial": "The law meets it in part (the note says how)",
    "no": "The law does not meet it",
    "not_assessed": "The assessment says nothing about it",
}

MODEL_LAW_PROVISIONS = Table(
    name="model_law_provisions",
    title="Model-law provisions",
    description="The provisions of a model law or checklist against which national laws are assessed "
    "(e.g. ICMEC 2018 on technology-facilitated child sex trafficking).",
    curated="model_law/provisions*.yaml",
    primary_key=("provision_id",),
    sort_by=("framework", "provision_id"),
    fields=(
        Field("provision_id", "string", "Identifier", True),
        Field("framework", "string", "Which model law / checklist", True),
        Field("order", "int", "Position in the framework's list", True),
        Field("title", "string", "Short title", True),
        Field("description", "string", "What the provision asks for (the project's paraphrase)", True),
        SOURCE_ID,
        Field("note", "string", "Caveats"),
    ),
)

MODEL_LAW_ASSESSMENTS = Table(
    name="model_law_assessments",
    title="Model-law assessments",
    description="Whether a state's law meets each model-law provision, as assessed on a date by a source.",
    curated="model_law/assessments*.yaml",
    primary_key=("state_id", "provision_id", "assessed_as_of"),
    sort_by=("provision_id", "state_id", "assessed_as_of"),
    fields=(
        Field("state_id", "string", "State assessed", True, references="states.state_id"),
        Field("provision_id", "string", "Provision", True, references="model_law_provisions.provision_id"),
        Field("assessed_as_of", "date", "Date the assessment speaks for", True),
        Field("value", "string", "Assessment", True, allowed=ASSESSMENT_VALUES),
        Field("instrument_id", "string", "The law assessed", references="instruments.instrument_id"),
        Field("statute_section", "string", "Section(s) of the law cited"),
        SOURCE_ID,
        Field("note", "string", "Why partial / caveats"),
    ),
)

COVERAGE = Table(
    name="coverage",
    title="Coverage of the participation rows",
    description="Computed by the build, never typed: for every instrument with participation rows or a published "
    "count, the latest published party count, the count computed from the rows on that date, and how "
    "far the rows can be trusted (class). The views read it to tell 'no action' from 'no data'.",
    curated="(computed by explorer.coverage_rules from participation and depositary_counts)",
    primary_key=("instrument_id",),
    sort_by=("instrument_id",),
    fields=(
        Field("instrument_id", "string", "Instrument", True, references="instruments.instrument_id"),
        Field("coverage_class", "string", "How complete the rows are", True, allowed=COVERAGE_CLASSES),
        Field("rows", "int", "Participation rows typed from sources (computed entries into force not counted)", True),
        Field("parties_in_rows", "int", "Parties computed from the rows on the data's as-of date", True),
        Field("published_parties", "int", "Latest published party count"),
        Field("published_as_at", "date", "Date the latest published count speaks for"),
        Field("published_source_id", "string", "Source of the latest published count", references="sources.source_id"),
        Field(
            "computed_at_published", "int", "Parties computed from the rows on the date of the latest published count"
        ),
        Field(
            "complete_through",
            "date",
            "Last date on which the rows are known complete: the data's as-of date "
            "for 'complete', the date of the last matching count for 'complete_to'",
        ),
        Field(
            "matching_count_source_id",
            "string",
            "Source of the latest published count the rows reproduce",
            references="sources.source_id",
        ),
        Field("counts_organisations", "bool", "Organisations (e.g. the EU) are among the parties counted", True),
        Field("note", "string", "The class in words"),
    ),
)

RESERVATIONS = Table(
    name="reservations",
    title="Reservations, declarations and objections",
    description="Reservations, declarations, objections and their withdrawals as printed on the depositary's "
    "status page, verbatim, one row per labelled passage.",
    curated="reservations/*.csv",
    primary_key=("state_id", "instrument_id", "kind", "seq"),
    sort_by=("instrument_id", "state_id", "kind", "seq"),
    fields=(
        Field("state_id", "string", "State (or other participant) that made it", True, references="states.state_id"),
        Field("instrument_id", "string", "Instrument", True, references="instruments.instrument_id"),
        Field("kind", "string", "What the page calls it", True, allowed=RESERVATION_KINDS),
        Field("seq", "int", "Order of the passage among the state's passages of this kind on the page (1, 2, …)", True),
        Field(
            "date",
            "date",
            "Date the page gives for it (a dated communication, objection or withdrawal); empty "
            "when it gives none (made upon signature or consent: see the note)",
        ),
        Field("text", "string", "Verbatim text (paragraphs separated by line breaks)", True),
        SOURCE_ID,
        Field("note", "string", "Heading the page gives it (e.g. 'Upon signature: Declaration:'), footnote, caveats"),
    ),
)

TABLES: dict[str, Table] = {
    table.name: table
    for table in (
        SOURCES,
        INSTRUMENTS,
        RELATIONS,
        STATES,
        PARTICIPATION,
        EVENTS,
        COUNTS,
        DEFINITIONS,
        KNOWN_GAPS,
        MODEL_LAW_PROVISIONS,
        MODEL_LAW_ASSESSMENTS,
        COVERAGE,
        RESERVATIONS,
    )
}
CURATED_TABLES = {name: table for name, table in TABLES.items() if not table.curated.startswith("(computed")}
