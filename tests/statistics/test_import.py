from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from plaza.statistics.builtin import INFORMAL_EMPLOYMENT_RATE
from plaza.statistics.geography import ILO_REGIONS, region_of
from plaza.statistics.models import Observation, Sex, Status
from plaza.statistics.services import import_statistics
from tests.statistics.samples import GOOD_ROWS, ilostat_file, ilostat_row

pytestmark = pytest.mark.django_db

ILOSTAT_FILE = Path("ilostat-informal") / "EMP_NIFL_SEX_RT_A-20240726T0000.csv"


def test_ilostat_rows_become_observations_with_status_source_and_notes() -> None:
    report = import_statistics(None, ilostat_file(*GOOD_ROWS), "sample.csv")
    assert report.applied, report.errors
    assert (report.created, report.updated, report.unchanged) == (5, 0, 0)
    men = Observation.objects.get(country="PE", sex=Sex.MEN, year=2022)
    assert men.value == Decimal("70.2")
    assert men.status == Status.BREAK
    assert men.source == "LFS - Survey"
    assert men.source_note == "Repository: test"
    assert men.imported_from == "sample.csv"
    assert men.indicator.code == INFORMAL_EMPLOYMENT_RATE
    # ILOSTAT's UN spelling maps through the explicit alias table.
    assert Observation.objects.filter(country="BO").count() == 1


def test_importing_the_same_file_twice_changes_nothing() -> None:
    data = ilostat_file(*GOOD_ROWS)
    import_statistics(None, data, "sample.csv")
    history = Observation.history.count()
    again = import_statistics(None, data, "sample.csv")
    assert again.applied
    assert (again.created, again.updated, again.unchanged) == (0, 0, 5)
    assert Observation.objects.count() == 5
    assert Observation.history.count() == history


def test_a_changed_value_is_updated_and_the_old_one_kept_in_history() -> None:
    import_statistics(None, ilostat_file(*GOOD_ROWS), "sample.csv")
    revised = ilostat_file(ilostat_row("Peru", "Total", "2022", "73.0"))
    report = import_statistics(None, revised, "revised.csv")
    assert (report.created, report.updated) == (0, 1)
    obs = Observation.objects.get(country="PE", sex=Sex.TOTAL, year=2022)
    assert obs.value == Decimal("73.0")
    assert obs.imported_from == "revised.csv"
    assert [h.value for h in obs.history.order_by("history_date")] == [
        Decimal("72.5"),
        Decimal("73.0"),
    ]


def test_dry_run_counts_changes_and_saves_nothing() -> None:
    import_statistics(None, ilostat_file(*GOOD_ROWS[:3]), "sample.csv")
    revised = (ilostat_row("Peru", "Total", "2022", "73.0"), *GOOD_ROWS[1:])
    report = import_statistics(None, ilostat_file(*revised), "revised.csv", dry_run=True)
    assert not report.applied and not report.errors
    assert (report.created, report.updated, report.unchanged) == (2, 1, 2)
    assert "nothing was saved" in report.summary()
    assert Observation.objects.count() == 3
    assert Observation.objects.get(country="PE", sex=Sex.TOTAL).value == Decimal("72.5")


def test_one_bad_row_imports_nothing_and_names_the_line() -> None:
    rows = (*GOOD_ROWS[:2], ilostat_row("Peru", "Male", "2022", "seventy"), *GOOD_ROWS[3:])
    report = import_statistics(None, ilostat_file(*rows), "bad.csv")
    assert not report.applied
    assert Observation.objects.count() == 0
    assert len(report.errors) == 1
    problem = report.errors[0]
    assert (problem.line, problem.field) == (4, "obs_value")  # header is line 1
    assert "seventy" in str(problem) and "line 4" in str(problem)


def test_a_bad_row_after_good_ones_leaves_earlier_data_untouched() -> None:
    import_statistics(None, ilostat_file(*GOOD_ROWS), "sample.csv")
    rows = (ilostat_row("Peru", "Total", "2022", "10"), ilostat_row("Peru", "Robot", "2022", "1"))
    report = import_statistics(None, ilostat_file(*rows), "bad.csv")
    assert not report.applied
    assert report.errors[0].line == 3 and report.errors[0].field == "sex.label"
    assert Observation.objects.get(country="PE", sex=Sex.TOTAL, year=2022).value == Decimal("72.5")


def test_duplicate_figure_in_one_file_is_an_error() -> None:
    report = import_statistics(None, ilostat_file(GOOD_ROWS[0], GOOD_ROWS[0]), "dup.csv")
    assert not report.applied
    assert report.errors[0].line == 3
    assert "line 2" in report.errors[0].message


def test_unknown_place_is_reported_not_guessed() -> None:
    rows = (*GOOD_ROWS, ilostat_row("Atlantis", "Total", "2020", "50"))
    report = import_statistics(None, ilostat_file(*rows), "sample.csv")
    assert report.applied
    assert report.unmapped == {"Atlantis": [7]}
    assert report.created == 5
    strict = import_statistics(None, ilostat_file(*rows), "sample.csv", strict=True)
    assert not strict.applied
    assert [p.line for p in strict.errors] == [7]


def test_rows_without_a_value_are_skipped_and_counted() -> None:
    rows = (GOOD_ROWS[0], ilostat_row("Peru", "Other", "2022", "", status="Unreliable"))
    report = import_statistics(None, ilostat_file(*rows), "sample.csv")
    assert report.applied
    assert report.without_value == [3]
    assert Observation.objects.count() == 1


def test_a_file_that_is_not_a_statistics_csv_is_rejected_with_a_reason() -> None:
    report = import_statistics(None, b"name,age\nAna,3\n", "people.csv")
    assert not report.applied
    assert report.errors[0].field == "header"


def test_a_file_that_is_not_utf8_is_rejected() -> None:
    data = ilostat_file(GOOD_ROWS[0]).replace(b"Peru", "Perú".encode("latin-1"))
    report = import_statistics(None, data, "latin1.csv")
    assert not report.applied and report.errors[0].field == "file"
    assert "UTF-8" in report.errors[0].message


def test_command_imports_and_reports(tmp_path: Path, capsys: Any) -> None:
    path = tmp_path / "sample.csv"
    path.write_bytes(ilostat_file(*GOOD_ROWS, ilostat_row("Atlantis", "Total", "2020", "5")))
    call_command("import-statistics", str(path), "--no-progress")
    out = capsys.readouterr().out
    assert "unmapped place 'Atlantis': 1 rows, lines 7" in out
    assert "5 figures added" in out
    bad = tmp_path / "bad.csv"
    bad.write_bytes(ilostat_file(ilostat_row("Peru", "Total", "20x2", "1")))
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import-statistics", str(bad), "--no-progress")


@pytest.mark.shared_data
def test_whole_ilostat_file_imports_completely_and_twice_changes_nothing(
    shared_data_dir: Path,
) -> None:
    data = (shared_data_dir / ILOSTAT_FILE).read_bytes()
    first = import_statistics(None, data, ILOSTAT_FILE.name)
    assert first.applied, first.errors[:5]
    assert first.unmapped == {}  # every ILOSTAT label maps (pycountry + justified aliases)
    assert first.rows_read == 3559
    assert first.created + len(first.without_value) == 3559
    count, history = Observation.objects.count(), Observation.history.count()
    second = import_statistics(None, data, ILOSTAT_FILE.name)
    assert (second.created, second.updated, second.unchanged) == (0, 0, first.created)
    assert (Observation.objects.count(), Observation.history.count()) == (count, history)
    # Every country of the file has an ILO region for the regional comparison.
    countries = set(Observation.objects.values_list("country", flat=True))
    assert [code for code in countries if region_of(code) is None] == []
    india = Observation.objects.get(country="IN", sex=Sex.TOTAL, year=2023)
    assert india.value == Decimal("88.759")


def test_unknown_ilostat_indicator_is_created_from_the_file_name() -> None:
    text = ilostat_file(ilostat_row("Peru", "Total", "2022", "12.5")).decode()
    text = text.replace(
        "Informal employment rate by sex (%)", "Employment by sex and public/private sector"
    )
    report = import_statistics(None, text.encode(), "EMP_TEMP_SEX_INS_NB_A-20240725T0039.csv")
    assert report.applied and report.new_indicators == ["EMP_TEMP_SEX_INS_NB_A"]
    obs = Observation.objects.get()
    assert obs.indicator.code == "EMP_TEMP_SEX_INS_NB_A"
    assert obs.indicator.source_label == "Employment by sex and public/private sector"
    # Without a code in the file name the indicator is an error, not a guess.
    Observation.objects.all().delete()
    text = text.replace("public/private", "other")
    report = import_statistics(None, text.encode(), "download.csv")
    assert not report.applied
    assert (report.errors[0].line, report.errors[0].field) == (2, "indicator")


def test_ilostat_code_layout_is_read_too() -> None:
    text = (
        "ref_area,source,indicator,sex,classif1,time,obs_value,obs_status,note_classif,"
        "note_indicator,note_source\n"
        "PER,BA:123,EMP_NIFL_SEX_RT,SEX_F,,2022,75.1,B,,,\n"
        "XKX,BA:123,EMP_NIFL_SEX_RT,SEX_F,,2022,40.0,,,,\n"
    )
    report = import_statistics(None, text, "EMP_NIFL_SEX_RT_A-20240726T0000.csv")
    assert report.applied, report.errors
    assert report.unmapped == {"XKX": [3]}
    assert report.new_indicators == []  # the file name names the built-in indicator
    obs = Observation.objects.get()
    assert (obs.country, obs.sex, obs.status) == ("PE", Sex.WOMEN, Status.BREAK)


def test_no_country_is_in_two_ilo_regions() -> None:
    members = [code for _name, codes in ILO_REGIONS.values() for code in codes]
    assert len(members) == len(set(members))
