"""Write the teaching notebooks (student and teacher versions) from one description.

    python tools/make_notebooks.py

Student versions have ``answer = None`` where the teacher versions have the worked answer, and list the
discussion questions without the points a good answer covers. Both are committed without outputs and
executed by the tests.

Every date, name and number written in the prose below is taken from the project's tables
(data/curated/: instruments, events, relations, definitions, model_law) or from the sources registry;
anything that can change when the data is corrected (party counts, coverage) is computed in a code cell
instead. The "Further reading" lists are written from the sources registry (data/curated/sources/*.yaml)
when the notebooks are generated: an unknown source id stops the build.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import yaml
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

REPO_DIR = Path(__file__).resolve().parent.parent
NOTEBOOKS_DIR = REPO_DIR / "notebooks"
SOURCES_DIR = REPO_DIR / "data" / "curated" / "sources"

CITE = """## Sources and how to cite

Every row in the explorer's tables names its source (`source_id`), listed in the sources registry.
Cite the primary source (the treaty text, the depositary record, the statute) for a fact, and the
explorer for the compilation, e.g.: *Trafficking-law explorer, data release {release}, table
`participation`*. The cell below lists the sources behind the instruments used here."""

HOW_TO = (
    "**How to use this notebook.** Run the cells from the top (*Run → Run All Cells*). Each exercise has "
    "a cell `answer = None`: replace `None` with code or a value, then run the check cell below it. "
    "Every cell uses only the `explorer` API; change the ids and dates to explore further."
)

KIND_LABELS = {
    "treaty_text": "treaty text",
    "depositary": "depositary record",
    "official_gazette": "official journal",
    "official": "official page",
    "statute": "statute text",
    "court": "court decision",
    "dataset": "dataset",
    "secondary": "secondary source",
}


def exercise(exercise_id: str, question: str, worked: str) -> list:
    return [
        ("md", f"### Exercise\n{question}"),
        ("exercise", worked),
        ("code", f'ex.teaching.check("{exercise_id}", answer)'),
    ]


def look(text: str) -> tuple:
    return ("md", f"**What to look at.** {text}")


NOTEBOOKS = {
    # ------------------------------------------------------------------------------------------ 01
    "01_definition_over_time": {
        "title": 'From "white slave traffic" to Palermo: how the definition changed',
        "learn": [
            "what the 1904, 1910, 1921, 1933 and 1949 instruments and the 2000 Palermo Protocol say they are "
            "about, in their own words;",
            "which elements changed: who is protected, whether consent matters, age, means and purpose;",
            "how the Palermo Protocol's article 3 is built (act, means, purpose) and why the means drop out "
            "for children;",
            "how the instruments amend, consolidate and supersede one another.",
        ],
        "exercises": ["years-1904-to-palermo", "protocol-1949-relation", "supersedes-1949"],
        "cells": [
            ("code", "import explorer as ex\nimport pandas as pd\npd.set_option('display.max_colwidth', 120)"),
            (
                "md",
                "## A century of texts in six steps\n\n"
                "**1904: an agreement without an offence.** The International Agreement for the suppression of "
                'the "White Slave Traffic", signed at Paris on 18 May 1904, made nothing a crime. Its preamble '
                "promises protection to women of full age who are deceived or constrained, and to minor women "
                "and girls; its articles ask each government to designate an authority to centralise "
                'information on the procuring of women and girls "with a view to their debauchery in a foreign '
                'country", and to keep watch at railway stations and ports of embarkation.\n\n'
                "**1910: the first offences.** The Convention of 4 May 1910 required punishment of whoever "
                'procured, enticed or led away a woman or girl *under age* for immoral purposes, "even with her '
                'consent", and a woman or girl *over age* only where fraud, violence, threats, abuse of '
                "authority or another method of compulsion was used. Its Final Protocol drew the line at twenty "
                "completed years.\n\n"
                "**1921 and 1933: the League of Nations widens the net.** The 1921 Convention (Geneva, "
                "30 September 1921), concluded as a supplement to the 1904 and 1910 instruments, extended them "
                "to children of both sexes and raised the age to twenty-one. The 1933 Convention on women of full "
                "age (Geneva, 11 October 1933) made it an offence to procure an adult woman for immoral purposes "
                "in another country even with her consent.\n\n"
                "**1947 and 1949: handing over to the United Nations.** Two short protocols moved the functions "
                "that the League of Nations had under the 1921 and 1933 Conventions, and those of the French "
                "Government under the 1904 and 1910 instruments, to the United Nations, so that the old treaties "
                "could keep working. The texts as amended are listed separately by the UN depositary.\n\n"
                "**1949: one gender-neutral convention.** The Convention for the Suppression of the Traffic in "
                "Persons and of the Exploitation of the Prostitution of Others, approved by the General Assembly "
                'on 2 December 1949, protects "another person", of any sex or age. Parties must punish '
                'procuring for prostitution and exploiting the prostitution of another, "even with the consent '
                'of that person", and keeping a brothel. According to the UN depositary it consolidates the '
                "earlier instruments and, between its own parties, supersedes them.\n\n"
                "**2000: the Palermo definition.** The Protocol adopted by the General Assembly on "
                "15 November 2000, supplementing the UN Convention against Transnational Organized Crime, gave "
                "the first internationally agreed definition of trafficking in persons. It no longer ties "
                "trafficking to prostitution: exploitation includes, at a minimum, sexual exploitation, forced "
                "labour or services, slavery or practices similar to slavery, servitude and the removal of "
                "organs.",
            ),
            look(
                "The table gives each instrument's dates and citation from the data. Compare *adopted* with "
                "*entry_into_force*: a treaty binds no one until it enters into force, usually once enough "
                "states have joined. An empty cell means that no source the project read gave the date (see `ex.load_known_gaps()`), not that the event "
                "never happened: the 1910 Convention's general entry into force is such a gap."
            ),
            (
                "code",
                "early = ['white-slave-agreement-1904', 'white-slave-convention-1910', "
                "'women-children-convention-1921', 'women-full-age-convention-1933', "
                "'traffic-persons-convention-1949', 'palermo-protocol-2000']\n"
                "instruments = ex.load_instruments().set_index('instrument_id')\n"
                "instruments.loc[[i for i in early if i in instruments.index], "
                "['short_title', 'adopted', 'entry_into_force', 'citation']]",
            ),
            (
                "md",
                "## How the instruments relate\n\n"
                "The relations table types every link between two instruments: a protocol *amends* a text; a "
                "later treaty *supplements* an earlier one (adds to it) or *consolidates* several (brings them "
                "together); it *supersedes* them where it takes their place (here only between the parties of "
                "the newer treaty, so the old ones stay in force for states that never joined it); a national "
                "law *implements* a treaty. `lineage()` follows these links in both directions.",
            ),
            look(
                "*depth* 1 means a direct link, 2 a link through another instrument. Notice the national laws "
                "among the descendants of the 1904 Agreement: the US Mann Act of 1910 says it was made to carry "
                "out the Agreement (notebook 03); India's Immoral Traffic (Prevention) Act, 1956, implements the "
                "1949 Convention, which consolidates the 1904 Agreement (hence depth 2)."
            ),
            ("code", "ex.lineage('white-slave-agreement-1904')"),
            look(
                "On the timeline, the instruments linked to the 1949 Convention are highlighted. Hover over an "
                "instrument for its dates, and see where the 1947 and 1949 protocols sit between the League-era texts and "
                "the 1949 Convention."
            ),
            (
                "code",
                "ex.timeline(families=['league', 'un'], selected='traffic-persons-convention-1949', show_events=False)",
            ),
            (
                "md",
                "## The definitions side by side\n\n"
                "The definitions table quotes the definition (or scope) articles verbatim from the texts the "
                "project could read, with the source of each. The columns `who_protected` … `purpose` are the "
                "project's own short reading of each text, not treaty language: use them to compare, then go "
                "back to the quoted `text`.",
            ),
            look(
                "Read down the `consent_relevant` and `means_required` columns: in 1910 procuring an adult was "
                "an offence only where fraud or compulsion was used, so consent mattered; by 1933 (for adult "
                "women taken abroad) and 1949 it no longer mattered at all; in 2000 consent is irrelevant once "
                'one of the listed means was used. Then read `purpose`: from "debauchery" and "immoral purposes" to exploitation in '
                "general."
            ),
            (
                "code",
                "definitions = ex.load_definitions()\n"
                "definitions[['instrument_id', 'article', 'who_protected', 'consent_relevant', 'age_threshold', "
                "'means_required', 'purpose']]",
            ),
            (
                "code",
                "for _, row in definitions[definitions['instrument_id'] == 'palermo-protocol-2000'].iterrows():\n"
                "    print(row['article'])\n    print(row['text'])",
            ),
            (
                "md",
                "## Reading article 3 of the Palermo Protocol\n\n"
                "For an adult, article 3(a) needs three elements together:\n\n"
                "1. **an act**: the recruitment, transportation, transfer, harbouring or receipt of persons;\n"
                "2. **a means**: the threat or use of force or other forms of coercion, abduction, fraud, "
                "deception, the abuse of power or of a position of vulnerability, or the giving or receiving of "
                "payments or benefits to achieve the consent of a person having control over another person;\n"
                "3. **a purpose**: exploitation, which includes at a minimum the exploitation of the "
                "prostitution of others or other forms of sexual exploitation, forced labour or services, "
                "slavery or practices similar to slavery, servitude or the removal of organs.\n\n"
                "Article 3(b) adds that the victim's consent to the intended exploitation is irrelevant where "
                "any of the means was used. Article 3(c) drops the means for children: the act and the purpose "
                "are enough. Article 3(d) defines a child as any person under eighteen. The definition itself "
                "has no border element; article 4 applies the Protocol to offences that are transnational in "
                "nature and involve an organized criminal group (the Council of Europe Convention of 2005 "
                "drops that limit: notebook 05).\n\n"
                "Several purposes in the list are defined by older treaties in the same table: slavery by "
                "article 1 of the 1926 Slavery Convention, forced or compulsory labour by article 2(1) of ILO "
                "Convention No. 29 of 1930.",
            ),
            (
                "code",
                "definitions[definitions['instrument_id'].isin(['slavery-convention-1926', 'ilo-c029'])]"
                "[['instrument_id', 'article', 'text']]",
            ),
            (
                "md",
                "## Before you count parties\n\n"
                "Who joined these early treaties is recorded only in part. The cell below computes, for each "
                "instrument, how complete the project's participation rows are (`ex.coverage()`): where they "
                "are not complete, a list of parties is a minimum, and a state without a row is *not recorded*, "
                "not *did not join*. Notebook 02 works with participation.",
            ),
            ("code", "ex.teaching.coverage_caveats(early)"),
            *exercise(
                "years-1904-to-palermo",
                "How many years passed between the adoption of the 1904 Agreement and the adoption of the "
                "Palermo Protocol?",
                "adopted = ex.load_instruments().set_index('instrument_id')['adopted']\n"
                "answer = adopted['palermo-protocol-2000'].year - adopted['white-slave-agreement-1904'].year",
            ),
            *exercise(
                "protocol-1949-relation",
                "What type of relation links the 1949 Protocol (`white-slave-protocol-1949`) to the 1904 Agreement?",
                "relations = ex.load_relations()\n"
                "answer = relations[(relations['from_id'] == 'white-slave-protocol-1949') & "
                "(relations['to_id'] == 'white-slave-agreement-1904')]['type'].iloc[0]",
            ),
            *exercise(
                "supersedes-1949",
                "Between its own parties, how many earlier instruments does the 1949 Convention "
                "(`traffic-persons-convention-1949`) supersede, according to the relations table?",
                "relations = ex.load_relations()\n"
                "answer = int(((relations['from_id'] == 'traffic-persons-convention-1949') & "
                "(relations['type'] == 'supersedes')).sum())",
            ),
            (
                "discuss",
                [
                    (
                        'The 1904 and 1910 texts speak of the "white slave traffic" (*traite des blanches*), the 1921 '
                        'Convention of "women and children", the 1949 Convention and the Palermo Protocol of '
                        '"persons". What does each name include and leave out, and what does the change tell you '
                        "about how the problem was understood?",
                        [
                            "The 1904 preamble protects women of full age who are deceived or constrained and minor women "
                            "and girls: no one else.",
                            "The name singles out victims by sex and colour; a good answer asks whose exploitation that "
                            "framing left out of view.",
                            '1921 adds children of both sexes (art. 2); 1949 protects "another person", with no distinction '
                            'of sex or age; Palermo speaks of "persons" but keeps "especially women and children" in its '
                            "title.",
                            "Names shape who is identified as a victim and which authorities act (1904: information and watch "
                            "at ports; later: criminal law).",
                        ],
                    ),
                    (
                        'The 1949 Convention punishes procuring for prostitution "even with the consent" of the person; '
                        "the Palermo Protocol makes an adult's consent irrelevant only where one of the listed means was "
                        "used. Which approach protects better, and whom? What does each say about adults' choices?",
                        [
                            "1910 drew the line by age; 1933 removed the compulsion condition for adult women taken abroad; "
                            "1949 makes consent irrelevant for any procuring for prostitution.",
                            "Under Palermo art. 3(a)-(b), an adult's consent obtained by one of the means does not count, but "
                            "without any means there is no trafficking under art. 3; for children no means are needed "
                            "(art. 3(c)).",
                            "Palermo's purpose is broader (labour, servitude, organs), so the comparison is not one of "
                            "simply stricter or looser.",
                            "The debate mirrors national choices on prostitution (e.g. the Swedish Sex Purchase Act in the "
                            "instruments table criminalises buying, not selling); a good answer keeps apart what the text "
                            "requires and what policy it reflects.",
                        ],
                    ),
                    (
                        "The Palermo Protocol applies to offences that are transnational and involve an organized "
                        "criminal group (art. 4), and it supplements a convention on organised crime. What does a "
                        "crime-control framing bring, and what might it leave out?",
                        [
                            "The Protocol supplements UNTOC (relations table), whose tools are extradition, mutual legal "
                            "assistance and joint investigations (UNTOC summary).",
                            'The 1910 text already punished the offence even where its acts were "committed in different '
                            'countries"; 1949 has no border element at all.',
                            "Cases within one country or without an organised group fall outside art. 4's scope of "
                            "application (it limits where the Protocol applies, not how wide national offences may be); the "
                            'Council of Europe Convention (2005) covers trafficking "whether national or '
                            'transnational, whether or not connected with organised crime" (art. 2).',
                            "Victim protection: Palermo adds duties to protect and assist victims, but a good answer notes "
                            "that a crime-control treaty starts from the offender.",
                        ],
                    ),
                    (
                        'From "debauchery" and "immoral purposes" to "exploitation" with a minimum list: what '
                        "changed when forced labour, servitude and the removal of organs entered the definition?",
                        [
                            "Earlier traffic texts were about sexual purposes only (the `purpose` column).",
                            "Slavery (1926 Convention, art. 1) and forced labour (ILO C029, art. 2(1)) had their own treaties; "
                            "Palermo brings them under one term.",
                            '"At a minimum" lets states and regions add forms: the EU added forced begging and the '
                            "exploitation of criminal activities in 2011, forced marriage, illegal adoption and the "
                            "exploitation of surrogacy in 2024 (notebook 05).",
                            "Wider coverage vs. legal certainty: a good answer weighs both.",
                        ],
                    ),
                ],
            ),
        ],
        "reading": [
            ("1904 Agreement (US translation)", "def-bevans-v1-1904"),
            ("1910 Convention (English transcription)", "def-umn-1910"),
            ("1921 Convention (as amended in 1947)", "def-nl-bwbv0005431-1921"),
            ("1933 Convention (as amended in 1947)", "def-nl-bwbv0005442-1933"),
            ("1947 Protocol", "ml-untc-vii-1"),
            ("1949 Protocol", "ml-untc-vii-6"),
            ("1949 Convention", "ml-un-avl-1949"),
            ("1949 Convention: status", "ml-untc-vii-11-a"),
            ("Palermo Protocol", "def-nl-bwbv0001749-palermo"),
            ("UNTOC and its protocols", "ml-un-avl-untoc"),
            ("Slavery Convention 1926", "def-nl-bwbv0006262-slavery-1926"),
            ("ILO Forced Labour Convention 1930", "def-nl-bwbv0006218-c029"),
        ],
        "instruments": "early",
    },
    # ------------------------------------------------------------------------------------------ 02
    "02_who_joined_when": {
        "title": "Who joined when: ratification waves",
        "learn": [
            "how a state becomes bound by a treaty, and when the treaty comes into force for it;",
            "how to ask who was a party to an instrument on a given date;",
            "how participation grew over time, and how to read the parties-over-time curve;",
            "why former states (the USSR, Yugoslavia…) appear on their successors' territory;",
            "how complete the participation rows are, and what a count means when they are not.",
        ],
        "exercises": ["parties-1949-convention-1960", "palermo-100-year", "palermo-published-not-in-rows"],
        "cells": [
            ("code", "import explorer as ex"),
            (
                "md",
                "## Signing, joining, being bound\n\n"
                "Signing a treaty does not make a state a party. A state becomes a party when it consents to be "
                "bound, by ratification, acceptance, approval or accession (or by succession, for a new state "
                "continuing a former state's commitments), and the treaty then binds it once it is in force for "
                "that state. Each treaty sets its own rule. The 1949 Convention was opened for signature on "
                "21 March 1950 and entered into force on 25 July 1951. The Palermo Protocol entered into force "
                "on the 90th day after the 40th instrument (of ratification, acceptance, approval or accession), "
                "and not before the Convention against Transnational Organized Crime; for a state joining later, "
                "on the 30th day after its deposit, or on that general date if it is later (art. 17). Only a "
                "party to that Convention can join the Protocol.\n\n"
                "The explorer turns every recorded action into a status on any date:\n\n"
                "- **party**: consent given and in force; **party, not yet in force**: consent given, waiting "
                "for entry into force;\n"
                "- **signatory**: signed only;\n"
                "- **covered via a former state**: the territory belonged on that date to a former state that "
                "was a party;\n"
                "- **no action recorded** (`no_action`): nothing recorded, and the rows are known complete on "
                "that date;\n"
                "- **no data** (`no_data`): nothing recorded, but the rows are *not* known complete, so the state "
                "may well have acted;\n"
                "- **not applicable**: the instrument or the state did not exist yet.",
            ),
            (
                "md",
                "## How complete are the rows?\n\n"
                "Before you count, check how complete the rows are. `ex.coverage()` compares the rows with the "
                "party counts depositaries published: *complete*, *complete to a date* (later actions missing), "
                "*partial* or *unknown*. Where the rows are not complete, a count is a minimum and a state "
                "without a row is `no_data`, not `no_action`; the API then prints a `CoverageWarning`.",
            ),
            (
                "code",
                "ex.coverage()[['instrument_id', 'coverage_class', 'published_parties', 'published_as_at', "
                "'complete_through']].head(20)",
            ),
            look(
                "The sentences below say what the coverage means for the two instruments of this notebook on the "
                "dates used in the cells. After *complete_through* counts become minimums: from that date on, the "
                "real curve may be higher than the one drawn."
            ),
            (
                "code",
                "ex.teaching.coverage_caveats(['traffic-persons-convention-1949'], '1960-01-01')\n"
                "ex.teaching.coverage_caveats(['palermo-protocol-2000'], '2010-12-31')",
            ),
            look(
                "The list of parties on one date. *action* says how each state consented (ratification, "
                "accession, succession…) and *action_date* when."
            ),
            (
                "code",
                "ex.parties('traffic-persons-convention-1949', as_of='1960-01-01')[['state_id', 'name', "
                "'status', 'action', 'action_date']]",
            ),
            ("md", "## Waves of participation"),
            look(
                "Each line steps up when a state becomes a party; the points are the counts the depositary "
                "published, so a point above the line shows parties missing from the rows. The vertical marker "
                "is the date in `as_of`. Compare the slopes: how many years did each instrument need for its "
                "first few dozen parties? Where are the steep stretches, the *waves*, and what else happened in "
                "those years (new states, a new treaty, a campaign)?"
            ),
            (
                "code",
                "ex.parties_chart(['palermo-protocol-2000', 'traffic-persons-convention-1949'], as_of='2010-12-31')",
            ),
            look(
                "A map shows one date only. Which regions had joined the Palermo Protocol within five years of "
                "its adoption, and which signed only? On the 1949 map, compare with the Palermo map: are the "
                "same regions in and out? *No data (not recorded)* is not a no: read the legend."
            ),
            ("code", "ex.world_map('palermo-protocol-2000', '2005-12-31')"),
            ("code", "ex.world_map('traffic-persons-convention-1949', '1985-12-31')"),
            (
                "md",
                "## Former states and their successors\n\n"
                "Maps are drawn with today's borders. When a state that existed on the chosen date (the USSR, "
                "Yugoslavia, Czechoslovakia…) was a party, the explorer shows its present-day successors as "
                "*covered via a former state* for the dates before they acted themselves. The CRC's rows are "
                "complete, so the map below shows this clearly; the cell after it lists those states with the "
                "former state (`via`).",
            ),
            ("code", "ex.world_map('crc-1989', '1991-06-01')"),
            (
                "code",
                "crc = ex.statuses('crc-1989', '1991-06-01')\n"
                "crc[crc['status'] == 'via_predecessor'][['state_id', 'name', 'via']]",
            ),
            *exercise(
                "parties-1949-convention-1960",
                "How many states were parties to the 1949 Convention on 1 January 1960?",
                "answer = len(ex.parties('traffic-persons-convention-1949', as_of='1960-01-01'))",
            ),
            *exercise(
                "palermo-100-year",
                "In which year did the Palermo Protocol reach 100 parties?",
                "counts = ex.counts_over_time('palermo-protocol-2000')\n"
                "answer = counts[counts['parties'] >= 100]['date'].iloc[0].year",
            ),
            (
                "md",
                "The next exercise measures the gap between the rows and the depositary's latest count (zero "
                "would mean that the rows have caught up).",
            ),
            *exercise(
                "palermo-published-not-in-rows",
                "The depositary's latest published count of parties to the Palermo Protocol: how many of those "
                "parties are missing from the project's rows on that date?",
                "record = ex.coverage('palermo-protocol-2000')\n"
                "answer = int(record['published_parties'] - record['computed_at_published'])",
            ),
            (
                "discuss",
                [
                    (
                        "Why might a state join a treaty decades after it was opened, or never?",
                        [
                            "Implementing law may come first: the Australian government presented its 2005 trafficking "
                            "offences Act as meeting its obligations under the Palermo Protocol so that Australia could "
                            "ratify (instruments table, `au-trafficking-offences-2005`).",
                            "Objections to the content (e.g. the 1949 Convention's articles 1 and 2, notebook 01), or "
                            "reservations instead of staying out (`ex.reservations()`).",
                            "New states: succession, or joining after independence.",
                            "Rival or regional instruments (notebook 05) and political priorities; a good answer gives "
                            "reasons on both sides and says which the data can show (dates) and which it cannot "
                            "(motives).",
                        ],
                    ),
                    (
                        "The 1949 Convention and the Palermo Protocol both target trafficking, yet their curves look very "
                        "different. What in their texts and their times might explain it?",
                        [
                            "1949 obliges parties to punish procuring even with the adult's consent and to punish "
                            "brothel-keeping, which takes a side on prostitution policy; Palermo requires means for adults "
                            "(notebook 01).",
                            "Palermo is attached to UNTOC, which brings cooperation tools, and only UNTOC parties can join.",
                            "Which of today's states existed when each treaty opened? A good answer asks how many could "
                            "have joined in the 1950s.",
                            "A good answer also says that the curves show only what the rows record: see the coverage cell "
                            "and the published counts on the chart.",
                        ],
                    ),
                    (
                        "What does a count of parties measure, and what does it not?",
                        [
                            "It measures consent to be bound, not implementation, enforcement or results.",
                            "Reservations and declarations can narrow what a state accepted.",
                            "Where the rows are not complete the count is a minimum, and `no_data` is not a refusal.",
                            "Depositaries count organisations such as the European Union among the parties; the maps do not "
                            "draw them.",
                            "Successor states and territories complicate a simple count.",
                        ],
                    ),
                ],
            ),
        ],
        "reading": [
            ("1949 Convention: status", "untc-vii-11-a"),
            ("1949 Convention: introductory note", "ml-un-avl-1949"),
            ("Palermo Protocol: status (depositary)", "untc-xviii-12-a-status-2024"),
            ("Palermo Protocol: text", "def-nl-bwbv0001749-palermo"),
            ("UNTOC and its protocols", "ml-un-avl-untoc"),
            ("CRC: status", "ml-untc-iv-11-2026"),
            ("Australia's 2005 Act (the ratification example)", "nat-ato-em-2005"),
        ],
        "instruments": "['palermo-protocol-2000', 'traffic-persons-convention-1949', 'crc-1989']",
    },
    # ------------------------------------------------------------------------------------------ 03
    "03_us_law": {
        "title": "US law: the TVPA and its reauthorisations, section 230, Backpage and FOSTA",
        "learn": [
            "the chain of US trafficking statutes from the TVPA of 2000 to the 2023 reauthorisations;",
            "what section 230 of the Communications Decency Act is and how FOSTA changed it;",
            "how court cases and the Backpage seizure fit on the same timeline.",
        ],
        "exercises": ["tvpa-reauthorisations", "backpage-to-fosta-days", "fosta-cases"],
        "cells": [
            ("code", "import explorer as ex"),
            (
                "md",
                "## From the Mann Act to the TVPA\n\n"
                "**1910.** The Mann Act (White-Slave Traffic Act) of 25 June 1910 made it a federal offence to "
                'transport women or girls across state or national lines for prostitution or other "immoral" '
                "purposes; its section 6 named the authority to carry out the 1904 Paris Agreement (notebook "
                "01). Its successor provisions are chapter 117 of title 18 of the US Code.\n\n"
                "**2000: the TVPA.** The Trafficking Victims Protection Act of 2000 (division A of Pub. L. "
                "106-386, enacted 28 October 2000) was the first comprehensive federal anti-trafficking law. It "
                'is organised around prevention, protection and prosecution: it defined "severe forms of '
                'trafficking in persons", created new federal offences, victim assistance and immigration '
                "relief, an interagency task force, and the State Department's annual assessment of other "
                "countries against minimum standards. It was enacted less than three weeks before the UN General "
                "Assembly adopted the Palermo Protocol (15 November 2000).\n\n"
                "**Reauthorisations.** The TVPA's programmes are funded for a few fiscal years at a time, and "
                "each renewal has also changed the law: the 2003 Act added a federal civil remedy for victims "
                "(18 U.S.C. 1595); the 2005 Act (signed 10 January 2006) added a title on trafficking within the "
                "United States; the William Wilberforce Act of 2008 broadened the offences and strengthened "
                "protection of unaccompanied migrant children; the 2013 reauthorisation was enacted as title XII "
                "of the Violence Against Women Reauthorization Act. The Justice for Victims of Trafficking Act of "
                "2015 amended the TVPA and included the SAVE Act, aimed at the advertising of sex-trafficking "
                "victims. Four laws of December 2018 and January 2019, and two of 5 January 2023, renewed the "
                'framework again. Short titles and signing dates often differ: the Acts "of 2018" and "of '
                '2017" in the 2019 package were signed in January 2019.',
            ),
            look(
                "On the timeline, statutes and events share one time axis. Find the TVPA and count the "
                "reauthorisations after it; then look at the events (cases, platform actions, enforcement, "
                "reports) clustered between 2015 and 2018, just before FOSTA."
            ),
            ("code", "ex.timeline(families=['us_federal'])"),
            look(
                "Depth 1 means the act names the TVPA of 2000 directly; the Abolish Trafficking Reauthorization "
                "Act of 2022 appears at depth 2 because it reauthorises the Trafficking Victims Protection Act of "
                "2017, not the 2000 Act."
            ),
            ("code", "ex.lineage('us-tvpa-2000')"),
            (
                "code",
                "us = ex.load_instruments()\nus[us['family'] == 'us_federal'][['instrument_id', 'short_title', "
                "'enacted', 'citation']].sort_values('enacted')",
            ),
            (
                "md",
                "## Section 230, classified ads and the courts\n\n"
                "**1996.** Section 230, added to the Communications Act by the Communications Decency Act "
                "(title V of the Telecommunications Act of 1996, enacted 8 February 1996), provides that a "
                "provider or user of an interactive computer service is not to be treated as the publisher or "
                "speaker of information provided by someone else, and protects good-faith moderation; it leaves "
                "federal criminal law unaffected. In 1997 the Supreme Court struck down the same title's "
                "indecency provisions (*Reno v. ACLU*), but section 230 survived, and the Fourth Circuit read it "
                "as a broad immunity (*Zeran v. America Online*).\n\n"
                "**Craigslist and Backpage.** The Cook County Sheriff sued Craigslist as a public nuisance over "
                'its "erotic services" ads; on 20 October 2009 the district court held the claims barred by '
                "section 230(c)(1) (*Dart v. Craigslist*). After a letter from 17 state attorneys general, "
                'Craigslist closed its US "adult services" section in September 2010. Claims by women '
                "trafficked as minors through Backpage.com ads failed on section 230 in 2015 (District of "
                "Massachusetts) and on appeal in 2016 (First Circuit). In 2015 the Seventh Circuit held that the "
                "same Sheriff had violated the First Amendment by pressing Visa and MasterCard to stop "
                "processing payments for Backpage ads (*Backpage.com v. Dart*). A Senate subcommittee's staff "
                "report, the subject of a hearing on 10 January 2017, concluded that Backpage knowingly "
                "facilitated online sex trafficking.\n\n"
                "**2018: the seizure and FOSTA.** The Senate bill SESTA (S. 1693) was never enacted on its own; "
                "the law that passed was the House bill H.R. 1865, FOSTA, signed on 11 April 2018 (Pub. L. "
                "115-164). It created a federal offence of owning, managing or operating an interactive computer "
                "service with intent to promote or facilitate the prostitution of another (18 U.S.C. 2421A) and "
                "amended section 230 so that it does not bar certain federal civil sex-trafficking claims and "
                "State prosecutions. Five days earlier, on 6 April 2018, federal agents had taken Backpage.com "
                "offline under a sealed indictment for facilitating prostitution and money laundering. A "
                "constitutional challenge to FOSTA (*Woodhull Freedom Foundation v. United States*) was "
                "dismissed for lack of standing in 2018, revived on appeal in 2020, and rejected on the merits "
                "in 2022 and by the D.C. Circuit on 7 July 2023.",
            ),
            look(
                "Sort the events by date and read the *kind* column: which steps were taken by courts, which by "
                "platforms, which by Congress or law enforcement? Each row's *citation* points to the primary "
                "document."
            ),
            ("code", "events = ex.load_events()\nevents[['date', 'title', 'kind', 'citation']].sort_values('date')"),
            (
                "md",
                "## What these tables do not cover\n\n"
                "The US tables are a selection of federal statutes and of the cases and events that the "
                "project's sources document; they are not a complete list of US trafficking cases or of State "
                "law. The known gaps say what was looked for and not found.",
            ),
            (
                "code",
                "gaps = ex.load_known_gaps()\n"
                "us_ids = set(us.loc[us['family'] == 'us_federal', 'instrument_id'])\n"
                "gaps[gaps['instrument_id'].isin(us_ids) | (gaps['table'] == 'events')][['gap_id', 'table', "
                "'description']]",
            ),
            *exercise(
                "tvpa-reauthorisations",
                "How many acts in the data reauthorise the TVPA of 2000 directly?",
                "relations = ex.load_relations()\n"
                "answer = int(((relations['to_id'] == 'us-tvpa-2000') & "
                "(relations['type'] == 'reauthorises')).sum())",
            ),
            *exercise(
                "backpage-to-fosta-days",
                "How many days passed between the seizure of Backpage.com and the enactment of FOSTA?",
                "seized = ex.load_events().set_index('event_id').at['backpage-seizure-2018', 'date']\n"
                "enacted = ex.instrument('us-fosta-2018')['enacted']\n"
                "answer = (enacted - seized).days",
            ),
            *exercise(
                "fosta-cases",
                "How many court decisions in the events table concern FOSTA (kind `case`, with "
                "`us-fosta-2018` among the related instruments)?",
                "events = ex.load_events()\n"
                "answer = int(((events['kind'] == 'case') & "
                "events['related_instruments'].map(lambda ids: 'us-fosta-2018' in ids)).sum())",
            ),
            (
                "discuss",
                [
                    (
                        "Should a website be liable for trafficking ads that its users write? Argue from *Dart v. "
                        "Craigslist* (2009) and from FOSTA (2018).",
                        [
                            "Section 230: a service is not to be treated as publisher or speaker of others' content; courts "
                            "applied it to trafficking-related claims (*Dart*, 2009; *Doe v. Backpage*, 2015 and 2016).",
                            "The District of Massachusetts described its case as a clash between fighting child sex "
                            "trafficking and a free and open Internet.",
                            "Congress changed the statute rather than waiting for courts: FOSTA's offence requires intent to "
                            "promote or facilitate prostitution, with an aggravated form for reckless disregard of sex "
                            "trafficking.",
                            "Critics' concerns about lawful speech were argued in *Woodhull* (plaintiffs included a "
                            "sex-worker-rights advocate and a massage therapist); the D.C. Circuit upheld FOSTA in 2023.",
                            "Compare ICMEC's model provision M7 (notebook 04): liability when companies *knowingly* promote "
                            "or facilitate child sex trafficking.",
                        ],
                    ),
                    (
                        "Backpage.com was taken offline five days before FOSTA became law. Was FOSTA needed to shut it "
                        "down? What did it change?",
                        [
                            "Section 230 never limited federal criminal law, so federal prosecution was possible before "
                            "FOSTA; the seizure rested on an indictment for facilitating prostitution and money laundering.",
                            "What FOSTA changed: civil claims by victims and State prosecutions, and the new offence in "
                            "18 U.S.C. 2421A.",
                            "A good answer separates criminal from civil routes and federal from State law, and does not "
                            "read cause into the order of dates.",
                        ],
                    ),
                    (
                        "Why renew the TVPA every few years rather than pass one permanent law? What are the gains and the "
                        "costs?",
                        [
                            "The long titles authorise appropriations for named fiscal years, so Congress must return to it.",
                            "Each renewal has carried new measures: the civil remedy (2003), domestic trafficking (2005), "
                            "unaccompanied migrant children (2008), the SAVE Act (2015), social-media research (2023).",
                            'Regular review vs. fragmentation: overlapping acts and misleading short titles ("of 2017" '
                            "signed in 2019).",
                        ],
                    ),
                    (
                        "The TVPA also assesses other countries each year against minimum standards. How does a national "
                        "law take part in international law-making?",
                        [
                            "The annual assessment of foreign governments was created in 2000 and its criteria were revised "
                            "in 2019 (Trafficking Victims Protection Reauthorization Act of 2017).",
                            "The TVPA was enacted weeks before the Palermo Protocol was adopted: compare their definitions.",
                            "A good answer weighs influence and pressure against the legitimacy of one state grading "
                            "others.",
                        ],
                    ),
                ],
            ),
        ],
        "reading": [
            ("Mann Act 1910 (transcription)", "us-meadproject-mann-act-1910"),
            ("Telecommunications Act of 1996, incl. section 230", "us-govrecords-plaw-104-104"),
            ("TVPA of 2000", "us-govrecords-plaw-106-386"),
            ("TVPRA of 2003", "us-gpo-stat-117-2875"),
            ("TVPRA of 2005", "us-govinfo-plaw-109-164"),
            ("Justice for Victims of Trafficking Act of 2015", "us-govinfo-plaw-114-22"),
            ("SESTA (bill, not enacted)", "us-congress-s1693-is"),
            ("FOSTA", "us-govinfo-plaw-115-164"),
            ("Frederick Douglass Act (2019)", "us-govinfo-plaw-115-425"),
            ("TVPPRA of 2022 (2023)", "us-govinfo-plaw-117-348"),
            ("Reno v. ACLU (1997)", "ev-aclu-reno-syllabus"),
            ("Dart v. Craigslist (2009)", "ev-justia-dart-craigslist-2009"),
            ("Doe v. Backpage.com (D. Mass. 2015)", "ev-documentcloud-doe-dmass-2015"),
            ("Jane Doe No. 1 v. Backpage.com (1st Cir. 2016)", "ev-casetext-doe-backpage-2016"),
            ("Backpage.com v. Dart (7th Cir. 2015)", "ev-justia-backpage-dart-2015"),
            ("Senate PSI hearing on Backpage (2017)", "ev-govinfo-shrg-115-6"),
            ("Backpage seizure (press report)", "ev-politico-backpage-2018"),
            ("Woodhull v. United States (D.C. Cir. 2023)", "ev-justia-woodhull-2023"),
        ],
        "instruments": "list(us[us['family'] == 'us_federal']['instrument_id'])",
    },
    # ------------------------------------------------------------------------------------------ 04
    "04_child_protection_online": {
        "title": "Technology-facilitated child sex trafficking: instruments and a country comparison",
        "learn": [
            "which instruments protect children from sale, sexual exploitation and trafficking (CRC, OPSC, "
            "Palermo, ILO C182, the Lanzarote and Budapest Conventions), each from its own angle;",
            "how to compare states' participation side by side with a status matrix, and how far the rows allow it;",
            "what the ICMEC model law provisions (2018) recommend, and how to read an assessment that is "
            "mostly silent.",
        ],
        "exercises": ["philippines-child-instruments-2020", "icmec-m6-yes"],
        "cells": [
            ("code", "import explorer as ex"),
            (
                "md",
                "## Several treaties, one child\n\n"
                "No single treaty covers the sexual exploitation of children online; several overlap:\n\n"
                "- **Convention on the Rights of the Child** (CRC, adopted 20 November 1989): the rights of "
                "everyone under 18; articles 34 and 35 require states to protect children from all forms of "
                "sexual exploitation and to prevent the abduction, sale of or traffic in children for any "
                "purpose.\n"
                "- **ILO Worst Forms of Child Labour Convention** (C182, adopted 17 June 1999): immediate action "
                "against the worst forms of child labour, which include slavery and trafficking of children and "
                "using or offering a child for prostitution or pornography. It was adopted to complement the "
                "1973 Minimum Age Convention.\n"
                "- **Optional Protocol on the sale of children, child prostitution and child pornography** "
                '(OPSC, adopted 25 May 2000): defines the three (child pornography is "any representation, by '
                'whatever means", art. 2) and requires criminal law to cover them, whether committed '
                "domestically or transnationally.\n"
                "- **Palermo Protocol** (adopted 15 November 2000): for a child, any person under 18, the act "
                "and the purpose of exploitation are enough; no means need be shown (art. 3(c)-(d)).\n"
                "- **Budapest Convention on Cybercrime** (CETS 185, opened for signature 23 November 2001): "
                "offences committed through computer systems, including child pornography (art. 9), and powers "
                "over electronic evidence; it contains no trafficking offence.\n"
                "- **Lanzarote Convention** (CETS 201, opened for signature 25 October 2007): all forms of "
                "sexual abuse and sexual exploitation of children, including child prostitution, child "
                "pornography and online grooming, with prevention and protection measures.",
            ),
            look(
                "Rows are states, columns instruments, on 1 January 2020. Before comparing rows, read the cells "
                "below: a `no_data` cell is *not recorded*, not *not joined*."
            ),
            (
                "code",
                "child = ['crc-1989', 'opsc-2000', 'palermo-protocol-2000', 'ilo-c182', 'cets-201', 'cets-185']\n"
                "matrix = ex.status_matrix('2020-01-01', child)\n"
                "matrix.loc[['PHL', 'SWE', 'USA', 'GBR', 'IND']]",
            ),
            (
                "md",
                "Read `no_data` as *not recorded*: the rows for that instrument are incomplete on that date "
                "(see `ex.coverage()`), so the state may well have joined. `no_action` appears only where the "
                "rows are complete. The known gaps say what is missing and why.",
            ),
            ("code", "matrix.attrs['incomplete']  # instruments whose rows are not complete on that date"),
            ("code", "ex.teaching.coverage_caveats(child, '2020-01-01')"),
            (
                "code",
                "gaps = ex.load_known_gaps()\ngaps[gaps['instrument_id'].isin(child)][['instrument_id', "
                "'description']]",
            ),
            look(
                "Check in the coverage cell above whether the rows of both are complete. How long after adoption "
                "did each curve reach most states? The OPSC is open to parties to or signatories of the CRC: "
                "could the OPSC line ever overtake the CRC line?"
            ),
            ("code", "ex.parties_chart(['crc-1989', 'opsc-2000'])"),
            *exercise(
                "philippines-child-instruments-2020",
                "Of the CRC, the OPSC, the Palermo Protocol and ILO C182, how many had the Philippines joined "
                "by 1 January 2020 (according to the data)?",
                "row = ex.status_matrix('2020-01-01', ['crc-1989', 'opsc-2000', 'palermo-protocol-2000', "
                "'ilo-c182']).loc['PHL']\n"
                "answer = int(row.isin(['party', 'party_not_in_force']).sum())",
            ),
            (
                "md",
                "## From treaties to model laws: ICMEC (2018)\n\n"
                "In November 2018 the International Centre for Missing & Exploited Children (ICMEC), a "
                "non-governmental organisation, published *Studies in Child Protection: Technology-Facilitated "
                "Child Sex Trafficking*. It ends with model law provisions, recommendations rather than law:\n\n"
                "- child sex trafficking as a distinct crime in the penal code, with aggravated penalties for "
                "child victims (M1);\n"
                '- a "child" is anyone under 18, whatever the national age of sexual consent (M2);\n'
                "- a definition of child sex trafficking without a means element, tied to articles 3(a) and "
                "3(c) of the Palermo Protocol (M3);\n"
                '- a legal definition of "technology-facilitated" (M4);\n'
                "- offences of recruiting children through the Internet (M5), advertising child victims online "
                "(M6) and technology-facilitated payments (M8);\n"
                "- lawmakers should *consider* making technology companies and their operators liable when they "
                "knowingly promote or facilitate child sex trafficking (M7);\n"
                "- duties of service providers to prevent, remove and report such content (X2, which the "
                "project takes from elsewhere in the report).\n\n"
                "The report then describes the laws of a sampling of countries, each only for the element it "
                "illustrates. The project's matrix records what it says: *yes*, *partial*, *no*, or *not "
                "assessed*, which means the report is silent, not that the law lacks the feature. The yes/partial "
                "split is the project's reading of the report's descriptions.",
            ),
            (
                "code",
                "provisions = ex.load_table('model_law_provisions').sort_values('order')\n"
                "provisions[['provision_id', 'title', 'description']]",
            ),
            look(
                "In the heat map, rows are countries and columns provisions (codes as in the list above). "
                "Light grey cells are *not assessed* (count them in the cell below); the coloured cells are the "
                "report's examples. Which provisions did the report find met in several countries? Which did it "
                "never assess?"
            ),
            (
                "code",
                "from explorer.figures.country import model_law_figure\n"
                "assessments = ex.load_table('model_law_assessments')\n"
                "names = ex.load_states().set_index('state_id')['name'].to_dict()\n"
                "model_law_figure(assessments, provisions, names)",
            ),
            ("code", "assessments['value'].value_counts()  # how much of the matrix the report actually assessed"),
            (
                "md",
                "**Coverage caveat for the next exercise.** The answer counts what the report says (as of "
                "November 2018), not what the laws contain today, and the project's notes explain where a *yes* "
                "is generous (see `gaps[gaps['table'] == 'model_law_assessments']`).",
            ),
            *exercise(
                "icmec-m6-yes",
                "For how many of the countries in the ICMEC 2018 matrix did the report find the online-"
                "advertising offence (provision `icmec-2018-m6`) met (`yes`)?",
                "answer = int(((assessments['provision_id'] == 'icmec-2018-m6') & "
                "(assessments['value'] == 'yes')).sum())",
            ),
            (
                "discuss",
                [
                    (
                        "The Palermo Protocol defines a child as any person under eighteen, while national ages of sexual "
                        "consent differ. Should the law on child sex trafficking follow the age of consent or 18?",
                        [
                            "Palermo art. 3(d): under 18; the CRC covers everyone under 18; the OPSC does not define "
                            '"child" itself.',
                            "ICMEC's reason for M2: different consent ages, combined with dual-criminality rules, can let "
                            "offenders escape prosecution or extradition across borders.",
                            "In the matrix, only Australia's cited under-16 offence is marked *no* for M2.",
                            "A good answer also considers adolescents' autonomy and the risk of criminalising peers, and "
                            "says why trafficking law may differ from the law on consent.",
                        ],
                    ),
                    (
                        "Should platforms be liable (ICMEC M7), have duties to act (X2), or neither? Compare US FOSTA "
                        "(notebook 03), the Philippines' RA 11862 (2022) and the EU Digital Services Act (2022).",
                        [
                            "M7 is worded as something to *consider* and requires knowing promotion or facilitation.",
                            "FOSTA's 18 U.S.C. 2421A targets operators who intend to promote or facilitate prostitution; it is "
                            "not child-specific (the project still marks it *yes* for M7).",
                            "RA 11862 makes internet intermediaries liable when they knowingly or through gross negligence "
                            "allow their services to be used to promote trafficking.",
                            "The Digital Services Act keeps conditional liability exemptions for hosting services and adds "
                            "notice-and-action and risk-assessment duties: duties rather than liability.",
                            "Trade-offs: victims' remedies, over-removal of lawful content, effect on smaller services.",
                        ],
                    ),
                    (
                        "Why might a state join the CRC and the OPSC but not the Lanzarote or Budapest Conventions? What "
                        "does the status matrix let you conclude, and what not?",
                        [
                            "CETS 201 and CETS 185 are Council of Europe treaties, though open to others (the data name "
                            "Tunisia for Lanzarote and states such as Argentina, Australia and Japan for Budapest).",
                            "Where an instrument's rows are not complete (coverage cell), `no_data` means not recorded, so "
                            "the matrix cannot show that a state stayed out.",
                            "Different ministries and policy fields (children's rights, labour, cybercrime) lead different "
                            "treaties.",
                        ],
                    ),
                    (
                        "The ICMEC matrix is mostly *not assessed*. How should a researcher use a comparative study that "
                        "looked at each country for only one or two points?",
                        [
                            "*Not assessed* is silence, not absence.",
                            "The assessments speak for November 2018: later laws, such as the Philippines' RA 11862 of 2022, "
                            "are not covered.",
                            "The yes/partial split is the project's judgement, explained in each row's note.",
                            "Use such a study as a list of leads, then read the statutes.",
                        ],
                    ),
                ],
            ),
        ],
        "reading": [
            ("CRC: status", "ml-untc-iv-11-2026"),
            ("OPSC: text", "def-nl-bwbv0001752-opsc"),
            ("OPSC: status", "ml-untc-iv-11-c-2026"),
            ("ILO C182: text", "ml-ilo-c182-text"),
            ("Palermo Protocol: text", "def-nl-bwbv0001749-palermo"),
            ("Budapest Convention: chart of signatures and ratifications", "ml-coe-chart-185-2004"),
            ("Lanzarote Convention: explanatory report", "ml-coe-201-pages"),
            ("ICMEC (2018)", "icmec-2018-tfcst"),
            ("FOSTA", "us-govinfo-plaw-115-164"),
            ("Philippines RA 11862", "nat-iacat-ra-11862"),
            ("EU Digital Services Act", "ml-eurlex-dsa"),
        ],
        "instruments": "child",
    },
    # ------------------------------------------------------------------------------------------ 05
    "05_regional_instruments": {
        "title": "Regional instruments: Council of Europe, EU, ASEAN and SAARC beside the UN framework",
        "learn": [
            "which regional instruments exist and when they were adopted;",
            "how the Council of Europe Convention departs from the Palermo Protocol while keeping its definition;",
            "how EU law replaced and amended its own instruments (2002 → 2011 → 2024);",
            "how regional participation compares with the UN Protocol's, and how little the data can say about it.",
        ],
        "exercises": ["cets197-or-fd2002", "cets197-and-palermo-2020"],
        "cells": [
            ("code", "import explorer as ex"),
            (
                "md",
                "## Regional instruments beside the UN Protocol\n\n"
                "**Council of Europe (2005).** The Convention on Action against Trafficking in Human Beings "
                "(CETS 197) was adopted by the Committee of Ministers on 3 May 2005, opened for signature at "
                "Warsaw on 16 May 2005 and entered into force on 1 February 2008. Its definition (art. 4) repeats "
                'the Palermo Protocol\'s and adds one of "victim", but article 2 applies the Convention to all '
                'forms of trafficking, "whether national or transnational, whether or not connected with '
                'organised crime". It is built around victims: identification and assistance, a recovery and '
                "reflection period of at least 30 days, possible residence permits; an expert group, GRETA, "
                "monitors it.\n\n"
                "**European Union (2002 → 2011 → 2024).** Framework Decision 2002/629/JHA of 19 July 2002 "
                "was the EU's first binding act on trafficking, with a definition close to the Palermo Protocol's and "
                "minimum maximum penalties. Directive 2011/36/EU of 5 April 2011 replaced it (in force 15 April "
                "2011, to be transposed by 6 April 2013): compared with 2002 it names forced begging, the "
                "exploitation of criminal activities and the removal of organs among the forms of exploitation "
                "and requires assistance, support and protection for victims, with special measures for "
                "children. Directive (EU) 2024/1712 of 13 June 2024 amended it: forced marriage, illegal adoption "
                "and the exploitation of surrogacy become forms of trafficking, using the services of a known "
                "victim must be criminalised, offences facilitated by information and communication technologies "
                "are aggravated; the transposition deadline is 15 July 2026. EU acts are not ratified: Member "
                "States must transpose a directive into national law by its deadline.\n\n"
                "**ASEAN (2015).** The ASEAN Convention against Trafficking in Persons, Especially Women and "
                "Children (ACTIP) was signed by the ten ASEAN leaders at Kuala Lumpur on 21 November 2015. It "
                "enters into force on the 30th day after the sixth ratification; the data leave its general date "
                "empty because sources disagree on the date of the sixth deposit.\n\n"
                "**SAARC (2002).** The SAARC Convention on Preventing and Combating Trafficking in Women and "
                "Children for Prostitution, signed at Kathmandu on 5 January 2002, is limited to women and "
                "children and to prostitution. Its dates rest on one secondary source (another gives a "
                "different year of entry into force); for its participation, see the coverage cell below.\n\n"
                "**Organization of American States (1994).** The Inter-American Convention on International "
                "Traffic in Minors, adopted at Mexico City on 18 March 1994, entered into force on 15 August "
                "1997.",
            ),
            look(
                "Regional instruments on one axis with the UN family. Which came before the Palermo Protocol and "
                "which after it? How long did each take from adoption or signature to entry into force? ACTIP "
                "without an entry into force is the gap described above."
            ),
            (
                "code",
                "ex.timeline(families=['un', 'council_of_europe', 'eu', 'asean', 'saarc', 'oas'], show_events=False)",
            ),
            look(
                "`replaces` (2011 → 2002) and `amends` (2024 → 2011): the Directive of 2011 is still the text in "
                "force, as amended in 2024."
            ),
            ("code", "ex.lineage('eu-dir-2011-36')"),
            look(
                "The same definition, different scope: compare the `transnational_required` column of the two "
                "rows, then read article 2 in the CETS 197 text."
            ),
            (
                "code",
                "definitions = ex.load_definitions()\n"
                "both = definitions[definitions['instrument_id'].isin(['palermo-protocol-2000', 'cets-197'])]\n"
                "both[['instrument_id', 'article', 'who_protected', 'means_required', 'transnational_required']]",
            ),
            ("code", "print(both.loc[both['instrument_id'] == 'cets-197', 'text'].iloc[0])"),
            (
                "md",
                "## Participation: what the rows can say\n\n"
                "Check how completely each instrument's participation is recorded before comparing. Read the "
                "sentences below before the chart: where no published count is available to check the rows "
                "against, a line is a minimum, however flat it looks.",
            ),
            (
                "code",
                "ex.teaching.coverage_caveats(['palermo-protocol-2000', 'cets-197', 'asean-actip-2015', "
                "'saarc-trafficking-2002'], '2020-01-01')",
            ),
            look(
                "Compare the shapes, not the heights: the points are published counts, and where a point sits "
                "above its line the rows stop short of it. An instrument without points has nothing to check its "
                "line against."
            ),
            ("code", "ex.parties_chart(['palermo-protocol-2000', 'cets-197'])"),
            (
                "code",
                "gaps = ex.load_known_gaps()\n"
                "gaps[gaps['instrument_id'].isin(['cets-197', 'asean-actip-2015', 'saarc-trafficking-2002'])]"
                "[['instrument_id', 'description']]",
            ),
            *exercise(
                "cets197-or-fd2002",
                "Which came first: CETS 197 or EU Framework Decision 2002/629/JHA? Answer with its instrument id.",
                "instruments = ex.load_instruments().set_index('instrument_id')\n"
                "first = instruments.loc[['cets-197', 'eu-fd-2002-629'], ['adopted', 'opened_for_signature']]"
                ".min(axis=1)\nanswer = first.idxmin()",
            ),
            *exercise(
                "cets197-and-palermo-2020",
                "On 1 January 2020, how many states (according to the data) were parties to both CETS 197 and "
                "the Palermo Protocol? The check will remind you what the coverage means for this answer.",
                "answer = len(ex.set_query(['cets-197', 'palermo-protocol-2000'], as_of='2020-01-01'))",
            ),
            (
                "discuss",
                [
                    (
                        "CETS 197 copies the Palermo definition but changes its scope. Why can scope matter as much as "
                        "the definition?",
                        [
                            "Palermo art. 4: transnational offences involving an organized criminal group; CETS 197 art. 2: "
                            "national or transnational, with or without organised crime.",
                            "Trafficking within one country, or by a single offender, is covered without having to show a "
                            "link to organised crime.",
                            'CETS 197 adds a definition of "victim" and victim-centred duties (identification, a recovery '
                            "and reflection period of at least 30 days, residence permits) monitored by GRETA.",
                            "A good answer shows how the same words can produce different obligations.",
                        ],
                    ),
                    (
                        "The EU added forced begging and the exploitation of criminal activities (2011), forced marriage, "
                        'illegal adoption and the exploitation of surrogacy (2024). Should "exploitation" keep growing? '
                        "Where is the limit?",
                        [
                            'Palermo\'s list is "at a minimum", so adding forms is allowed.',
                            "More forms protect more victims but blur the line with other offences (marriage, adoption, "
                            "begging law) and strain legal certainty.",
                            "The 2024 offence of using the services of a known victim links to the debate on demand "
                            "(compare the Swedish Sex Purchase Act in the instruments table).",
                        ],
                    ),
                    (
                        "SAARC's convention of 2002 is limited to women and children and to prostitution, closer to the "
                        "1921 Convention than to Palermo, though it was signed after the Palermo Protocol was adopted. Why "
                        "might a region choose a narrower treaty?",
                        [
                            "Dates: Palermo adopted 15 November 2000, SAARC signed 5 January 2002.",
                            "A narrower treaty may be easier to agree and to implement, but it leaves labour trafficking and "
                            "adult men outside.",
                            'Compare the ASEAN Convention of 2015, whose title keeps "especially women and children" but '
                            "which covers trafficking in persons.",
                            "The data on SAARC are thin (secondary dates; see the coverage cell): a good answer says what "
                            "it cannot check.",
                        ],
                    ),
                    (
                        "Is a regional treaty more effective than a global one? What would you need to know to answer, "
                        "beyond these data?",
                        [
                            "Monitoring bodies (GRETA; the Lanzarote Committee) and EU transposition deadlines are "
                            "enforcement tools the data record.",
                            "Check the coverage cells: regional participation counts may be minimums.",
                            "Effectiveness needs evidence the explorer does not hold: prosecutions, victims identified, "
                            "monitoring reports.",
                        ],
                    ),
                ],
            ),
        ],
        "reading": [
            ("CETS 197: text", "def-nl-bwbv0004138-cets197"),
            ("CETS 197: Council of Europe page", "ml-coe-197-page"),
            ("Framework Decision 2002/629/JHA", "ml-eurlex-fd-2002-629"),
            ("Directive 2011/36/EU", "ml-eurlex-2011-36"),
            ("Directive (EU) 2024/1712", "ml-eurlex-2024-1712"),
            ("EU legal and policy framework", "ml-ec-antitrafficking-legal"),
            ("ACTIP: entry into force (ASEAN Secretariat)", "ml-asean-actip-2017"),
            ("ACTIP: signing (press report)", "ml-actip-signing-2015"),
            ("SAARC Convention (press report)", "ml-bhutanese-saarc"),
            ("Inter-American Convention on International Traffic in Minors", "ml-oas-b57"),
            ("Palermo Protocol: text", "def-nl-bwbv0001749-palermo"),
        ],
        "instruments": "['cets-197', 'eu-fd-2002-629', 'eu-dir-2011-36', 'eu-dir-2024-1712', "
        "'asean-actip-2015', 'saarc-trafficking-2002', 'oas-traffic-minors-1994', "
        "'palermo-protocol-2000']",
    },
}


def load_registry() -> dict[str, dict]:
    """The sources registry (data/curated/sources/*.yaml) by source_id."""
    registry = {}
    for path in sorted(SOURCES_DIR.glob("*.yaml")):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            registry[entry["source_id"]] = entry
    return registry


def reading_markdown(items: list[tuple[str, str]], registry: dict[str, dict]) -> str:
    lines = [
        "## Further reading: the primary texts",
        "",
        "Written from the project's sources registry (`data/curated/sources/`); look an entry up with "
        "`ex.load_sources().set_index('source_id').loc['…']` for its citation and what was read. Entries "
        "marked *secondary source* are reproductions or reports, used where no official copy could be read.",
        "",
    ]
    for label, source_id in items:
        if source_id not in registry:
            raise KeyError(f"further reading cites {source_id!r}, which is not in {SOURCES_DIR}")
        entry = registry[source_id]
        kind = KIND_LABELS.get(entry.get("kind"), entry.get("kind") or "source")
        address = f" <{entry['url'].strip()}>" if entry.get("url") else ""
        lines.append(
            f"- **{label}**: *{str(entry['title']).strip()}*. {str(entry['producer']).strip()}.{address} "
            f"({kind}; `{source_id}`)"
        )
    return "\n".join(lines)


def discussion_markdown(questions: list[tuple[str, list[str]]], teacher: bool) -> str:
    lines = [
        "## Discussion",
        "",
        "These questions have no single right answer: use the data above and the texts in the further "
        "reading to support a position." + (" Under each question: points a good answer covers." if teacher else ""),
        "",
    ]
    for number, (question, points) in enumerate(questions, start=1):
        lines.append(f"{number}. {question}")
        if teacher:
            lines += ["", "   *Points a good answer covers:*", ""]
            lines += [f"   - {point}" for point in points]
        lines.append("")
    return "\n".join(lines).rstrip()


def build(name: str, spec: dict, teacher: bool, registry: dict[str, dict]):
    intro = (
        f"# {spec['title']}\n\n"
        + ("**Teacher's version, with worked answers and points for the discussion.**\n\n" if teacher else "")
        + "## What you will learn\n"
        + "\n".join(f"- {item}" for item in spec["learn"])
        + f"\n\n{HOW_TO}"
    )
    cells = [new_markdown_cell(intro)]
    if teacher:
        cells.append(
            new_markdown_cell(
                "**For the teacher.** The expected answers below are computed from the "
                "current data, with the coverage caveat where an answer rests on "
                "incomplete rows."
            )
        )
        cells.append(new_code_cell(f"import explorer as ex\nex.teaching.expected_answers().loc[{spec['exercises']!r}]"))
    for kind, text in spec["cells"]:
        if kind == "md":
            cells.append(new_markdown_cell(text))
        elif kind == "code":
            cells.append(new_code_cell(text))
        elif kind == "exercise":
            cells.append(new_code_cell(text if teacher else "answer = None  # replace None with your answer"))
        elif kind == "discuss":
            cells.append(new_markdown_cell(discussion_markdown(text, teacher)))
        else:
            raise ValueError(f"unknown cell kind {kind!r} in {name}")
    cells.append(new_markdown_cell(reading_markdown(spec["reading"], registry)))
    release = "{ex.load_meta('instruments')['release']}"
    cells.append(new_markdown_cell(CITE.format(release="(see the cell below)")))
    cells.append(
        new_code_cell(
            f"used = {spec['instruments']}\n"
            "rows = ex.load_instruments().set_index('instrument_id').loc[[i for i in used if i in "
            "set(ex.load_instruments()['instrument_id'])]]\n"
            "sources = ex.load_sources().set_index('source_id')\n"
            f'print(f"Trafficking-law explorer, data release {release}")\n'
            "sources.loc[sorted(set(rows['source_id'])), ['producer', 'title', 'url', 'accessed']]"
        )
    )
    notebook = new_notebook(
        cells=cells, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
    )
    for index, cell in enumerate(notebook.cells):
        cell["id"] = f"{name[:2]}-{'t' if teacher else 's'}-{index:02d}"
    return notebook


def main():
    registry = load_registry()
    (NOTEBOOKS_DIR / "teacher").mkdir(parents=True, exist_ok=True)
    for name, spec in NOTEBOOKS.items():
        nbformat.write(build(name, spec, False, registry), NOTEBOOKS_DIR / f"{name}.ipynb")
        nbformat.write(build(name, spec, True, registry), NOTEBOOKS_DIR / "teacher" / f"{name}_teacher.ipynb")
    print(f"Wrote {2 * len(NOTEBOOKS)} notebooks in {NOTEBOOKS_DIR}")


if __name__ == "__main__":
    main()
