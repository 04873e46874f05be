"""Every number of the report is what the public API returns for the same area and filter."""

from datetime import date

import pytest

from surveillance_map.cameras.vocabularies import IN_PLACE_STATUSES
from surveillance_map.reports.area_report import area_report

pytestmark = pytest.mark.django_db


def _api_count(client, **params) -> int:
    count, url, query = 0, "/api/v1/cameras/", {**params, "page_size": 1000}
    while url:
        response = client.get(url, query)
        assert response.status_code == 200, response.content
        count += len(response.json()["features"])
        url, query = response.json()["next"], None
    return count


def test_totals_and_every_filterable_row_equal_the_api(client, town):
    slug = town["area"].slug
    report = area_report(area=town["area"], today=date(2026, 11, 26))
    assert report["total"] == _api_count(client, area=slug)
    in_place = {"area": slug, "status": ",".join(IN_PLACE_STATUSES)}
    assert report["in_place"] == _api_count(client, **in_place)
    assert report["verified"] == _api_count(
        client, **in_place, verified_since=report["verified_since"].isoformat()
    )
    checked = 0
    for breakdown in report["breakdowns"]:
        for row in breakdown.rows:
            assert row.params, ("every figure links to its cameras", breakdown.key, row.label)
            if row.reported:
                reported = {**in_place, **row.reported_params}
                assert row.reported == _api_count(client, **reported), (breakdown.key, row.label)
            params = (
                {**in_place, **row.params}
                if breakdown.key != "status"
                else {
                    "area": slug,
                    **row.params,
                }
            )
            assert row.count == _api_count(client, **params), (breakdown.key, row.label)
            checked += 1
    assert checked >= 8  # types, vendors, countries, capabilities, operator types, statuses
    for row in report["years"]:
        assert row.count == _api_count(client, **in_place, **row.params), row.label
