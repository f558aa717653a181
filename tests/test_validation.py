"""Validation: each kind of bad input gives a named error pointing at file, row and field."""

from __future__ import annotations

import pytest
import yaml

from explorer import build
from explorer.errors import DataFileError, DataValidationError


def _append_participation(curated, line):
    path = curated / "participation" / "test.csv"
    path.write_text(path.read_text() + line + "\n")


def _edit_yaml(path, index, **changes):
    items = yaml.safe_load(path.read_text())
    items[index].update(changes)
    path.write_text(yaml.safe_dump(items, sort_keys=False))


def _problems(curated):
    with pytest.raises(DataValidationError) as caught:
        build.assemble(curated)
    return caught.value.problems


def test_fixture_is_valid(curated_copy):
    tables, release, excepted = build.assemble(curated_copy)
    assert len(tables["instruments"]) == 3
    assert excepted == []


def test_missing_source_is_named(curated_copy):
    _append_participation(curated_copy, "DEU,treaty-a,ratification,1956-01-01,,false,,")
    problems = _problems(curated_copy)
    [problem] = [p for p in problems if p.check == "missing_required"]
    assert problem.field == "source_id"
    assert problem.file.endswith("participation/test.csv")
    assert problem.row == 9  # header is line 1, then 7 fixture rows
    assert "source_id" in str(problem) and "row 9" in str(problem)


def test_unknown_source_is_named(curated_copy):
    _append_participation(curated_copy, "DEU,treaty-a,ratification,1956-01-01,,false,no-such-source,")
    [problem] = _problems(curated_copy)
    assert problem.check == "unknown_reference" and problem.field == "source_id"
    assert "no-such-source" in problem.message


def test_unknown_state_is_named(curated_copy):
    _append_participation(curated_copy, "XYZ,treaty-a,ratification,1956-01-01,,false,test-depositary,")
    problems = _problems(curated_copy)
    # The consent row itself, and the entry into force the build computed from it.
    assert {(p.check, p.field) for p in problems} == {("unknown_reference", "state_id")}
    assert all("'XYZ'" in p.message for p in problems)
    assert any(p.file.endswith("participation/test.csv") and p.row == 9 for p in problems)


def test_date_before_adoption_is_named(curated_copy):
    _append_participation(curated_copy, "DEU,treaty-a,ratification,1949-01-01,,false,test-depositary,")
    [problem] = _problems(curated_copy)
    assert problem.check == "date_before_adoption" and problem.field == "date"
    assert "1950-01-01" in problem.message


def test_duplicate_key_is_named(curated_copy):
    _append_participation(curated_copy, "FRA,treaty-a,ratification,1950-06-01,,false,test-depositary,")
    [problem] = _problems(curated_copy)
    assert problem.check == "duplicate_key"
    assert "first at" in problem.message and "row 3" in problem.message


def test_unknown_enum_is_named(curated_copy):
    _append_participation(curated_copy, "DEU,treaty-a,ratifikation,1956-01-01,,false,test-depositary,")
    [problem] = _problems(curated_copy)
    assert (problem.check, problem.field) == ("not_allowed", "action")
    assert "'ratifikation'" in problem.message


def test_unknown_family_in_yaml_is_named(curated_copy):
    _edit_yaml(curated_copy / "instruments" / "test.yaml", 1, family="galactic")
    [problem] = _problems(curated_copy)
    assert (problem.check, problem.field, problem.row) == ("not_allowed", "family", 2)


def test_date_after_as_of_is_named(curated_copy):
    _append_participation(curated_copy, "DEU,treaty-a,ratification,2030-01-01,,false,test-depositary,")
    problems = _problems(curated_copy)
    assert {p.check for p in problems} == {"after_as_of"}


def test_entry_into_force_before_adoption(curated_copy):
    _edit_yaml(curated_copy / "instruments" / "test.yaml", 0, entry_into_force="1940-01-01")
    problems = _problems(curated_copy)
    assert any(p.check == "date_order" and p.field == "entry_into_force" for p in problems)


def test_action_by_state_after_it_ceased(curated_copy):
    _append_participation(curated_copy, "YUG,treaty-b,ratification,1995-01-01,,false,test-depositary,")
    [problem] = _problems(curated_copy)
    assert problem.check == "state_not_existing"


def test_bad_date_text_is_named(curated_copy):
    _append_participation(curated_copy, "DEU,treaty-a,ratification,12 Dec 2000,,false,test-depositary,")
    problems = _problems(curated_copy)
    assert any(p.check == "bad_value" and p.field == "date" and "12 Dec 2000" in p.message for p in problems)


def test_unknown_field_is_named(curated_copy):
    _edit_yaml(curated_copy / "instruments" / "test.yaml", 0, adoption_date="1950-01-01")
    [problem] = _problems(curated_copy)
    assert (problem.check, problem.field) == ("unknown_field", "adoption_date")


def test_known_exception_accepts_exactly_that_problem(curated_copy):
    _append_participation(curated_copy, "DEU,treaty-a,ratification,1949-01-01,,false,test-depositary,")
    (curated_copy / "known_exceptions.yaml").write_text(
        yaml.safe_dump(
            [
                {
                    "check": "date_before_adoption",
                    "table": "participation",
                    "key": "DEU|treaty-a|ratification|1949-01-01",
                    "reason": "test",
                }
            ]
        )
    )
    tables, release, excepted = build.assemble(curated_copy)
    assert [p.check for p in excepted] == ["date_before_adoption"]


def test_unused_known_exception_is_a_problem(curated_copy):
    (curated_copy / "known_exceptions.yaml").write_text(
        yaml.safe_dump([{"check": "duplicate_key", "table": "participation", "key": "nothing", "reason": "stale"}])
    )
    [problem] = _problems(curated_copy)
    assert problem.check == "unused_exception"


def test_corrupt_yaml_names_the_file(curated_copy):
    (curated_copy / "events" / "test.yaml").write_text("- event_id: [unclosed\n")
    with pytest.raises(DataFileError, match=r"events/test\.yaml"):
        build.assemble(curated_copy)


def test_html_in_a_title_is_kept_as_text(curated_copy):
    _edit_yaml(curated_copy / "instruments" / "test.yaml", 0, short_title="<script>alert(1)</script>")
    tables, _, _ = build.assemble(curated_copy)
    assert tables["instruments"][0]["short_title"] == "<script>alert(1)</script>"


def test_empty_computed_cell_means_false(curated_copy):
    """Contributors type only facts: the `computed` cell of a typed row may be left empty."""
    _append_participation(curated_copy, "DEU,treaty-a,ratification,1956-01-01,,,test-depositary,")
    tables, _, _ = build.assemble(curated_copy)
    [row] = [r for r in tables["participation"] if r["state_id"] == "DEU" and r["action"] == "ratification"]
    assert row["computed"] is False
    # The entry into force the build derives from it is still marked as computed.
    [derived] = [r for r in tables["participation"] if r["state_id"] == "DEU" and r["action"] == "entry_into_force"]
    assert derived["computed"] is True


def test_bad_computed_cell_is_still_named(curated_copy):
    _append_participation(curated_copy, "DEU,treaty-a,ratification,1956-01-01,,maybe,test-depositary,")
    [problem] = _problems(curated_copy)
    assert (problem.check, problem.field) == ("bad_value", "computed")


def test_first_of_month_rule_without_months_is_named(curated_copy):
    _edit_yaml(
        curated_copy / "instruments" / "test.yaml",
        1,
        party_eif_rule={"first_day_of_following_month": True, "article": "art. 2"},
    )
    [problem] = _problems(curated_copy)
    assert (problem.check, problem.field, problem.row) == ("incomplete_rule", "party_eif_first_of_month", 2)


def test_rule_with_days_and_months_is_named(curated_copy):
    _edit_yaml(
        curated_copy / "instruments" / "test.yaml",
        0,
        party_eif_rule={"days_after_consent": 30, "months_after_consent": 3, "article": "art. 9"},
    )
    [problem] = _problems(curated_copy)
    assert problem.check == "ambiguous_rule"


def test_core_flag_on_a_national_law_is_named(curated_copy):
    _edit_yaml(curated_copy / "instruments" / "test.yaml", 2, core=True)  # law-c, jurisdiction SWE
    [problem] = [p for p in _problems(curated_copy) if p.check == "core_not_multilateral"]
    assert (problem.table, problem.key, problem.field) == ("instruments", "law-c", "core")


def test_core_flag_on_a_treaty_is_valid(curated_copy):
    _edit_yaml(curated_copy / "instruments" / "test.yaml", 0, core=True)
    tables, _, _ = build.assemble(curated_copy)
    assert [r["core"] for r in tables["instruments"] if r["instrument_id"] == "treaty-a"] == [True]
