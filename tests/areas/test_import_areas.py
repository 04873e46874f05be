"""import_areas: Polygons and MultiPolygons in, invalid ones repaired or rejected, idempotent."""

import json

import pytest
from django.core.management import CommandError, call_command

from surveillance_map.areas.models import Area

pytestmark = pytest.mark.django_db

SQUARE = [[[8.5, 47.3], [8.6, 47.3], [8.6, 47.4], [8.5, 47.4], [8.5, 47.3]]]
# A figure eight: its ring crosses itself, which GEOS calls invalid.
BOWTIE = [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]
# Every point on one line: no surface at all, nothing to repair.
FLAT = [[[0, 0], [1, 1], [2, 2], [0, 0]]]


def _feature(name, kind, coordinates, **properties):
    return {
        "type": "Feature",
        "properties": {"NAME": name, **properties},
        "geometry": {"type": kind, "coordinates": coordinates},
    }


def _write(tmp_path, features) -> str:
    path = tmp_path / "areas.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return str(path)


def _run(path, *args):
    call_command("import_areas", path, "--name-field", "NAME", *args)


def test_it_imports_polygons_and_multipolygons_as_multipolygons(tmp_path):
    path = _write(
        tmp_path,
        [
            _feature("Zürich Kreis 1", "Polygon", SQUARE),
            _feature(
                "Islands", "MultiPolygon", [SQUARE, [[[9, 47], [9.1, 47], [9.1, 47.1], [9, 47]]]]
            ),
        ],
    )
    _run(path, "--kind", "district", "--country", "ch")
    kreis = Area.objects.get(slug="zurich-kreis-1")
    assert (kreis.name, kreis.kind, kreis.country) == ("Zürich Kreis 1", "district", "CH")
    assert kreis.geometry.geom_type == "MultiPolygon"
    assert len(Area.objects.get(slug="islands").geometry) == 2


def test_importing_the_same_file_again_updates_instead_of_duplicating(tmp_path):
    path = _write(tmp_path, [_feature("Bern", "Polygon", SQUARE)])
    _run(path)
    moved = [[[7.4, 46.9], [7.5, 46.9], [7.5, 47.0], [7.4, 47.0], [7.4, 46.9]]]
    _run(_write(tmp_path, [_feature("Bern", "Polygon", moved)]))
    assert Area.objects.count() == 1
    assert Area.objects.get().geometry.extent == (7.4, 46.9, 7.5, 47.0)


def test_an_invalid_ring_is_repaired_and_said_so(tmp_path, capsys):
    _run(_write(tmp_path, [_feature("Bowtie", "Polygon", BOWTIE)]))
    area = Area.objects.get(slug="bowtie")
    assert area.geometry.valid
    assert area.geometry.area == pytest.approx(0.5)
    assert "Repaired an invalid boundary: bowtie" in capsys.readouterr().out


def test_unusable_features_are_rejected_with_reasons_and_the_rest_imported(tmp_path, capsys):
    features = [
        _feature("Flat", "Polygon", FLAT),
        _feature("A point", "Point", [8.5, 47.3]),
        _feature("Far away", "Polygon", [[[500, 0], [501, 0], [501, 1], [500, 0]]]),
        {
            "type": "Feature",
            "properties": {},
            "geometry": {"type": "Polygon", "coordinates": SQUARE},
        },
        _feature("Fine", "Polygon", SQUARE),
    ]
    _run(_write(tmp_path, features))
    assert list(Area.objects.values_list("slug", flat=True)) == ["fine"]
    err = capsys.readouterr().err
    assert "Rejected feature 0 'Flat': invalid geometry that cannot be repaired" in err
    assert (
        "Rejected feature 1 'A point': geometry is Point, expected Polygon or MultiPolygon" in err
    )
    assert "Rejected feature 2 'Far away': coordinates outside" in err
    assert "Rejected feature 3 '': no `NAME` property" in err


@pytest.mark.parametrize("content", ["not json", '{"type": "Point", "coordinates": [0, 0]}'])
def test_an_unreadable_file_fails_the_command_with_a_message(tmp_path, content):
    path = tmp_path / "bad.geojson"
    path.write_text(content)
    with pytest.raises(CommandError, match="bad.geojson"):
        _run(str(path))
    assert not Area.objects.exists()


def test_the_demo_areas_say_they_are_approximate(settings):
    _run_demo = call_command("import_areas", str(settings.BASE_DIR / "fixtures/areas_demo.geojson"))
    assert _run_demo is None
    assert Area.objects.count() >= 4
    for area in Area.objects.all():
        assert "approx" in area.name
        assert "Approximate demo boundary" in area.description
