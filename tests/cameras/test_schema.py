"""One camera schema: the attribute lists elsewhere derive from the models."""

from surveillance_map.api.serializers import CAMERA_FIELDS as API_FIELDS
from surveillance_map.cameras import osm_tags
from surveillance_map.cameras.models import DESCRIPTION_FIELDS, STATE_FIELDS, Camera
from surveillance_map.sightings.models import Sighting


def test_a_sighting_states_the_same_attributes_as_a_camera():
    for name in DESCRIPTION_FIELDS:
        assert (
            Sighting._meta.get_field(name).deconstruct()[1:]
            == (Camera._meta.get_field(name).deconstruct()[1:])
        )


def test_revisions_record_every_editable_attribute_and_nothing_derived():
    assert set(DESCRIPTION_FIELDS) <= set(STATE_FIELDS)
    assert {"operator_id", "vendor_id", "program_id", "extra_tags", "dataset"} <= set(STATE_FIELDS)
    assert not {"id", "location", "country", "place", "created_at", "updated_at"} & set(
        STATE_FIELDS
    )


def test_every_osm_field_is_a_camera_attribute_or_resolved_to_a_relation():
    own = set(osm_tags.CAMERA_FIELDS) - set(osm_tags.RESOLVED_FIELDS)
    assert own <= set(STATE_FIELDS)


def test_the_api_lists_the_description_of_a_camera():
    assert set(DESCRIPTION_FIELDS) <= set(API_FIELDS)
