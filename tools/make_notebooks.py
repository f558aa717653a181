"""Write the teaching notebooks (student and teacher versions) from one description.

    python tools/make_notebooks.py

Student versions have ``answer = None`` where the teacher versions have the worked answer. Both
are committed without outputs and executed by the tests.
"""
from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

NOTEBOOKS_DIR = Path(__file__).resolve().parent.parent / "notebooks"

CITE = """## Sources and how to cite

Every row in the explorer's tables names its source (`source_id`), listed in the sources registry.
Cite the primary source (the treaty text, the depositary record, the statute) for a fact, and the
explorer for the compilation, e.g.: *Trafficking-law explorer, data release {release}, table
`participation`*. The cell below lists the sources behind the instruments used here."""


def exercise(exercise_id: str, question: str, worked: str) -> list:
    return [("md", f"### Exercise\n{question}"), ("exercise", worked),
            ("code", f'ex.teaching.check("{exercise_id}", answer)')]


NOTEBOOKS = {
    "01_definition_over_time": {
        "title": "From \"white slave traffic\" to Palermo: how the definition changed",
        "learn": ["what the 1904, 1910, 1921, 1933 and 1949 instruments and the 2000 Palermo Protocol say they are "
                  "about, in their own words;",
                  "which elements changed: who is protected, whether consent matters, age, means and purpose;",
                  "how the instruments amend, consolidate and supersede one another."],
        "cells": [
            ("code", "import explorer as ex\nimport pandas as pd\npd.set_option('display.max_colwidth', 120)"),
            ("md", "The early instruments and how they relate. `lineage()` follows the typed relations."),
            ("code", "ex.lineage('white-slave-agreement-1904')"),
            ("code", "early = ['white-slave-agreement-1904', 'white-slave-convention-1910', "
                     "'women-children-convention-1921', 'women-full-age-convention-1933', "
                     "'traffic-persons-convention-1949', 'palermo-protocol-2000']\n"
                     "instruments = ex.load_instruments().set_index('instrument_id')\n"
                     "instruments.loc[[i for i in early if i in instruments.index], "
                     "['short_title', 'adopted', 'entry_into_force', 'citation']]"),
            ("md", "The definition articles, quoted from the official texts (where the data has them), with the "
                   "project's reading of each element."),
            ("code", "definitions = ex.load_definitions()\n"
                     "definitions[['instrument_id', 'article', 'who_protected', 'consent_relevant', 'age_threshold', "
                     "'means_required', 'purpose']]"),
            ("code", "for _, row in definitions[definitions['instrument_id'] == 'palermo-protocol-2000'].iterrows():\n"
                     "    print(row['article'])\n    print(row['text'])"),
            *exercise("years-1904-to-palermo",
                      "How many years passed between the adoption of the 1904 Agreement and the adoption of the "
                      "Palermo Protocol?",
                      "adopted = ex.load_instruments().set_index('instrument_id')['adopted']\n"
                      "answer = adopted['palermo-protocol-2000'].year - adopted['white-slave-agreement-1904'].year"),
            *exercise("protocol-1949-relation",
                      "What type of relation links the 1949 Protocol (`white-slave-protocol-1949`) to the 1904 "
                      "Agreement?",
                      "relations = ex.load_relations()\n"
                      "answer = relations[(relations['from_id'] == 'white-slave-protocol-1949') & "
                      "(relations['to_id'] == 'white-slave-agreement-1904')]['type'].iloc[0]"),
        ],
        "instruments": "early",
    },
    "02_who_joined_when": {
        "title": "Who joined when: ratification waves",
        "learn": ["how to ask who was a party to an instrument on a given date;",
                  "how participation grew over time, and how to read the parties-over-time curve;",
                  "why former states (the USSR, Yugoslavia…) appear on their successors' territory."],
        "cells": [
            ("code", "import explorer as ex"),
            ("md", "Before you count, check how complete the rows are. `ex.coverage()` compares the rows with the "
                   "party counts depositaries published: *complete*, *complete to a date* (later actions missing), "
                   "*partial* or *unknown*. Where the rows are not complete, a count is a minimum and a state "
                   "without a row is `no_data`, not `no_action`; the API then prints a `CoverageWarning`."),
            ("code", "ex.coverage()[['instrument_id', 'coverage_class', 'published_parties', 'published_as_at', "
                     "'complete_through']].head(20)"),
            ("code", "ex.parties('traffic-persons-convention-1949', as_of='1960-01-01')[['state_id', 'name', "
                     "'status', 'action', 'action_date']]"),
            ("code", "ex.parties_chart(['palermo-protocol-2000', 'traffic-persons-convention-1949'], "
                     "as_of='2010-12-31')"),
            ("code", "ex.world_map('palermo-protocol-2000', '2005-12-31')"),
            ("code", "ex.world_map('traffic-persons-convention-1949', '1985-12-31')"),
            *exercise("parties-1949-convention-1960",
                      "How many states were parties to the 1949 Convention on 1 January 1960?",
                      "answer = len(ex.parties('traffic-persons-convention-1949', as_of='1960-01-01'))"),
            *exercise("palermo-100-year", "In which year did the Palermo Protocol reach 100 parties?",
                      "counts = ex.counts_over_time('palermo-protocol-2000')\n"
                      "answer = counts[counts['parties'] >= 100]['date'].iloc[0].year"),
        ],
        "instruments": "['palermo-protocol-2000', 'traffic-persons-convention-1949']",
    },
    "03_us_law": {
        "title": "US law: the TVPA and its reauthorisations, section 230, Backpage and FOSTA",
        "learn": ["the chain of US trafficking statutes from the TVPA of 2000 to the 2022 reauthorisations;",
                  "what section 230 of the Communications Decency Act is and how FOSTA changed it;",
                  "how court cases and the Backpage seizure fit on the same timeline."],
        "cells": [
            ("code", "import explorer as ex"),
            ("code", "ex.timeline(families=['us_federal'])"),
            ("code", "ex.lineage('us-tvpa-2000')"),
            ("code", "us = ex.load_instruments()\nus[us['family'] == 'us_federal'][['instrument_id', 'short_title', "
                     "'enacted', 'citation']].sort_values('enacted')"),
            ("code", "events = ex.load_events()\nevents[['date', 'title', 'kind', 'citation']]"),
            *exercise("tvpa-reauthorisations", "How many acts in the data reauthorise the TVPA of 2000 directly?",
                      "relations = ex.load_relations()\n"
                      "answer = int(((relations['to_id'] == 'us-tvpa-2000') & "
                      "(relations['type'] == 'reauthorises')).sum())"),
            *exercise("backpage-to-fosta-days",
                      "How many days passed between the seizure of Backpage.com and the enactment of FOSTA?",
                      "seized = ex.load_events().set_index('event_id').at['backpage-seizure-2018', 'date']\n"
                      "enacted = ex.instrument('us-fosta-2018')['enacted']\n"
                      "answer = (enacted - seized).days"),
        ],
        "instruments": "list(us[us['family'] == 'us_federal']['instrument_id'])",
    },
    "04_child_protection_online": {
        "title": "Technology-facilitated child sex trafficking: instruments and a country comparison",
        "learn": ["which instruments protect children from sale, sexual exploitation and trafficking (CRC, OPSC, "
                  "Palermo, ILO C182, the Lanzarote and Budapest Conventions);",
                  "how to compare states' participation side by side with a status matrix."],
        "cells": [
            ("code", "import explorer as ex"),
            ("code", "child = ['crc-1989', 'opsc-2000', 'palermo-protocol-2000', 'ilo-c182', 'cets-201', 'cets-185']\n"
                     "matrix = ex.status_matrix('2020-01-01', child)\n"
                     "matrix.loc[['PHL', 'SWE', 'USA', 'GBR', 'IND']]"),
            ("code", "ex.parties_chart(['crc-1989', 'opsc-2000'])"),
            ("md", "Read `no_data` as *not recorded*: the rows for that instrument are incomplete on that date "
                   "(see `ex.coverage()`), so the state may well have joined. `no_action` appears only where the "
                   "rows are complete. The known gaps say what is missing and why."),
            ("code", "matrix.attrs['incomplete']  # instruments whose rows are not complete on that date"),
            ("code", "gaps = ex.load_known_gaps()\ngaps[gaps['instrument_id'].isin(child)][['instrument_id', "
                     "'description']]"),
            *exercise("philippines-child-instruments-2020",
                      "Of the CRC, the OPSC, the Palermo Protocol and ILO C182, how many had the Philippines joined "
                      "by 1 January 2020 (according to the data)?",
                      "row = ex.status_matrix('2020-01-01', ['crc-1989', 'opsc-2000', 'palermo-protocol-2000', "
                      "'ilo-c182']).loc['PHL']\n"
                      "answer = int(row.isin(['party', 'party_not_in_force']).sum())"),
        ],
        "instruments": "child",
    },
    "05_regional_instruments": {
        "title": "Regional instruments: Council of Europe, EU, ASEAN and SAARC beside the UN framework",
        "learn": ["which regional instruments exist and when they were adopted;",
                  "how EU law replaced and amended its own instruments (2002 → 2011 → 2024);",
                  "how regional participation compares with the UN Protocol's."],
        "cells": [
            ("code", "import explorer as ex"),
            ("code", "ex.timeline(families=['un', 'council_of_europe', 'eu', 'asean', 'saarc'])"),
            ("code", "ex.lineage('eu-dir-2011-36')"),
            ("code", "ex.parties_chart(['palermo-protocol-2000', 'cets-197'])"),
            *exercise("cets197-or-fd2002",
                      "Which came first: CETS 197 or EU Framework Decision 2002/629/JHA? Answer with its "
                      "instrument id.",
                      "instruments = ex.load_instruments().set_index('instrument_id')\n"
                      "first = instruments.loc[['cets-197', 'eu-fd-2002-629'], ['adopted', 'opened_for_signature']]"
                      ".min(axis=1)\nanswer = first.idxmin()"),
        ],
        "instruments": "['cets-197', 'eu-fd-2002-629', 'eu-dir-2011-36', 'palermo-protocol-2000']",
    },
}


def build(name: str, spec: dict, teacher: bool):
    intro = (f"# {spec['title']}\n\n" + ("**Teacher's version, with worked answers.**\n\n" if teacher else "")
             + "## What you will learn\n" + "\n".join(f"- {item}" for item in spec["learn"])
             + "\n\nEvery cell uses only the `explorer` API; change the ids and dates to explore further.")
    cells = [new_markdown_cell(intro)]
    for kind, text in spec["cells"]:
        if kind == "md":
            cells.append(new_markdown_cell(text))
        elif kind == "code":
            cells.append(new_code_cell(text))
        elif kind == "exercise":
            cells.append(new_code_cell(text if teacher else "answer = None  # replace None with your answer"))
    release = "{ex.load_meta('instruments')['release']}"
    cells.append(new_markdown_cell(CITE.format(release="(see the cell below)")))
    cells.append(new_code_cell(
        f"used = {spec['instruments']}\n"
        "rows = ex.load_instruments().set_index('instrument_id').loc[[i for i in used if i in "
        "set(ex.load_instruments()['instrument_id'])]]\n"
        "sources = ex.load_sources().set_index('source_id')\n"
        f"print(f\"Trafficking-law explorer, data release {release}\")\n"
        "sources.loc[sorted(set(rows['source_id'])), ['producer', 'title', 'url', 'accessed']]"))
    notebook = new_notebook(cells=cells, metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    for index, cell in enumerate(notebook.cells):
        cell["id"] = f"{name[:2]}-{'t' if teacher else 's'}-{index:02d}"
    return notebook


def main():
    (NOTEBOOKS_DIR / "teacher").mkdir(parents=True, exist_ok=True)
    for name, spec in NOTEBOOKS.items():
        nbformat.write(build(name, spec, teacher=False), NOTEBOOKS_DIR / f"{name}.ipynb")
        nbformat.write(build(name, spec, teacher=True), NOTEBOOKS_DIR / "teacher" / f"{name}_teacher.ipynb")
    print(f"Wrote {2 * len(NOTEBOOKS)} notebooks in {NOTEBOOKS_DIR}")


if __name__ == "__main__":
    main()
