"""Short glossary of treaty-law terms and of the statuses the explorer computes (written for students)."""

from __future__ import annotations

from .status import STATUSES
from .text import escape

TERMS = {
    "Signature": "A state's representative signs the text. For most treaties this does not yet bind the state; it "
    "signals intent and obliges it not to defeat the treaty's object while it considers ratifying.",
    "Ratification": "The state's formal act, after signature, by which it consents to be bound. It takes effect when "
    "the instrument of ratification is deposited with the depositary.",
    "Accession": "Consent to be bound by a state that did not sign (often after the treaty closed for signature). "
    "It has the same legal effect as ratification.",
    "Acceptance / approval": "Other names some states use for their act of consent; the effect is that of "
    "ratification.",
    "Succession": "A new state (for example after decolonisation or the break-up of a federation) declares itself "
    "bound by a treaty its predecessor had joined. The depositary records the date of that "
    "notification.",
    "Definitive signature": "A signature that by itself expresses consent to be bound, with no ratification needed "
    "(used for some protocols).",
    "Entry into force": "The date from which a treaty binds its parties: generally once enough states have "
    "consented, and for each later party usually a set number of days after its own deposit.",
    "Reservation": "A statement by which a state, when consenting, excludes or modifies the legal effect of certain "
    "provisions for itself. Other parties may object.",
    "Denunciation / withdrawal": "A party's notice that it leaves the treaty; it usually takes effect after a "
    "period the treaty sets (often one year).",
    "Depositary": "The government or organisation that keeps the original text and records signatures, "
    "ratifications and other acts (the UN Secretary-General, the ILO Director-General, the Secretary "
    "General of the Council of Europe, the French Government for the 1904 and 1910 instruments…).",
    "Regional economic integration organisation": "An organisation of states, such as the European Union, to which "
    "its members have transferred powers over matters a treaty covers, "
    "and which can therefore become a party itself (UNTOC and its "
    "Protocols allow this). Depositaries count it among the parties; "
    "the explorer counts it too, lists it under the map and does not "
    "draw it, since it has no territory of its own.",
    "Coverage": "How complete the explorer's rows are for an instrument, computed by checking them against the party "
    "counts a depositary or an official statement published: complete (the rows reproduce the latest, "
    "current count), complete to a date (they reproduce a count of that date, not later ones), partial "
    "(they reproduce none: N of M parties recorded) or unknown (no published count to check against). "
    "Where the rows are not complete, counts are minimums ('at least') and a state without a row is "
    "'No data', never 'No action recorded'.",
    "Reauthorisation (US)": "An act of Congress that renews the funding and programmes of an earlier act and usually "
    "amends it; the TVPA of 2000 has been reauthorised several times.",
}

HISTORICAL_TERM_NOTE = (
    'NOTE: "White slave traffic" is the term the 1904 and 1910 instruments used. It reflects the racialised '
    "concerns of the time, which focused on European women moved abroad for prostitution; the 1921 Convention "
    "dropped the term in favour of 'traffic in women and children', and the 1949 Convention speaks of 'traffic in "
    "persons'. The explorer quotes the historical titles because they are the official names."
)

STATUS_EXPLANATIONS = {
    "party": "The state had consented and the instrument was in force for it on that date (or no later "
    "entry-into-force date for it is known).",
    "party_not_in_force": "The state had consented, but the instrument had not yet entered into force, in general or "
    "for that state.",
    "via_predecessor": "No act of the state itself; on that date its territory belonged to a former state (e.g. the "
    "USSR, Yugoslavia, Czechoslovakia) that was a party.",
    "signatory": "Signed, but had not (yet) ratified.",
    "denounced": "Had denounced or withdrawn, from the date recorded by the depositary.",
    "no_action": "Nothing recorded for this state, on a date for which the rows are known complete for this "
    "instrument (they reproduce the depositary's party count): the state had not acted.",
    "no_data": "Nothing recorded for this state, but the rows for this instrument are incomplete on that date "
    "(see Coverage and the known gaps): the state may well have signed or joined.",
    "not_applicable": "The instrument had not been adopted yet on that date.",
}


def glossary_html() -> str:
    terms = "".join(f"<dt><b>{escape(term)}</b></dt><dd>{escape(text)}</dd>" for term, text in TERMS.items())
    statuses = "".join(
        f"<dt><b>{escape(STATUSES[key])}</b></dt><dd>{escape(text)}</dd>" for key, text in STATUS_EXPLANATIONS.items()
    )
    return (
        f"<div class='explorer-panel'><dl>{terms}</dl><p><b>Statuses on the map</b></p><dl>{statuses}</dl>"
        f"<p><i>{escape(HISTORICAL_TERM_NOTE)}</i></p></div>"
    )
