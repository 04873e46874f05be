"""Report numbers equal counts computed independently, in Python, from the cameras themselves."""

from collections import Counter
from datetime import date

import pytest

from surveillance_map.cameras.models import Camera
from surveillance_map.reports.area_report import area_report

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 26)


def _expected(area):
    """The cameras a reader would count by hand: real, inside the boundary."""
    inside = [
        c
        for c in Camera.objects.prefetch_related("capabilities").select_related("vendor")
        if c.dataset == "real" and area.geometry.contains(c.location)
    ]
    in_place = [c for c in inside if c.status != "removed"]
    return inside, in_place


def _counts(breakdown) -> dict:
    return {row.label: row.count for row in breakdown.rows}


def test_totals_and_shares_match_a_count_by_hand(town):
    area = town["area"]
    inside, in_place = _expected(area)
    report = area_report(area=area, today=TODAY)
    assert report["total"] == len(inside)
    assert report["in_place"] == len(in_place)
    assert report["removed"] == sum(c.status == "removed" for c in inside)
    recent = [c for c in in_place if c.last_verified and c.last_verified >= date(2024, 11, 26)]
    assert report["verified"] == len(recent)
    assert report["verified_share"] == pytest.approx(len(recent) / len(in_place))
    assert report["density"] == pytest.approx(len(in_place) / report["km2"])


def test_vendor_country_breakdown_counts_each_origin(town):
    _, in_place = _expected(town["area"])
    report = area_report(area=town["area"], today=TODAY)
    by_key = {b.key: b for b in report["breakdowns"]}
    origins = Counter(c.vendor.country_of_origin if c.vendor else None for c in in_place)
    rows = {row.params.get("vendor_country"): row.count for row in by_key["vendor_country"].rows}
    for code, n in origins.items():
        if code:
            assert rows[code] == n
    unknown = [r for r in by_key["vendor_country"].rows if not r.known]
    assert sum(r.count for r in unknown) == origins[None] + origins[""]
    assert sum(r.count for r in by_key["vendor_country"].rows) == len(in_place)


def test_capability_and_type_breakdowns_count_cameras_not_links(town):
    _, in_place = _expected(town["area"])
    report = area_report(area=town["area"], today=TODAY)
    by_key = {b.key: b for b in report["breakdowns"]}
    capabilities = Counter(code.code for c in in_place for code in c.capabilities.all())
    assert {r.params["capability"]: r.count for r in by_key["capability"].rows} == capabilities
    types = Counter(c.surveillance_type for c in in_place if c.surveillance_type)
    assert {
        r.params["surveillance_type"]: r.count for r in by_key["surveillance_type"].rows if r.known
    } == types
    statuses = Counter(c.status for c in _expected(town["area"])[0])
    assert {r.params["status"]: r.count for r in by_key["status"].rows} == statuses


def test_years_first_seen_and_unknowns_come_last(town):
    _, in_place = _expected(town["area"])
    report = area_report(area=town["area"], today=TODAY)
    years = Counter(str(c.first_seen.year) for c in in_place if c.first_seen)
    assert {r.label: r.count for r in report["years"] if r.known} == years
    assert not report["years"][-1].known
    for breakdown in report["breakdowns"]:
        flags = [r.known for r in breakdown.rows]
        assert flags == sorted(flags, reverse=True), breakdown.key


def test_an_empty_area_reports_zeroes_without_dividing_by_zero(db):
    from tests.factories import make_area

    area = make_area(slug="empty", bbox=(10.0, 10.0, 10.1, 10.1))
    report = area_report(area=area, today=TODAY)
    assert report["total"] == report["in_place"] == 0
    assert report["verified_share"] is None
    assert report["density"] == 0
    assert all(not b.rows for b in report["breakdowns"])
