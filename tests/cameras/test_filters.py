"""Query parameters become filter arguments, or a FilterError naming the parameter."""

from datetime import date

import pytest

from surveillance_map.cameras.filters import FilterError, parse_bbox, parse_camera_filters


def test_parameters_become_typed_filter_arguments():
    filters = parse_camera_filters(
        {
            "surveillance_type": "ALPR,camera",
            "vendor_country": "cn, us",
            "verified_since": "2025-01-31",
            "bbox": "-0.2,51.4,0.1,51.6",
            "area": "london",
            "cursor": "ignored",
            "status": "",
        }
    )
    assert filters == {
        "surveillance_type": ["ALPR", "camera"],
        "vendor_country": ["CN", "US"],
        "verified_since": date(2025, 1, 31),
        "bbox": (-0.2, 51.4, 0.1, 51.6),
        "area": "london",
    }


@pytest.mark.parametrize(
    ("param", "value", "message"),
    [
        ("camera_type", "dome,hidden", "unknown value 'hidden'"),
        ("capability", ",", "empty"),
        ("verified_since", "31/01/2025", "YYYY-MM-DD"),
        ("area", "a,b", "single slug"),
        ("bbox", "nan,0,1,1", "within -180..180"),
        ("bbox", "1,1,0,2", "west must be less than east"),
    ],
)
def test_a_bad_value_names_its_parameter(param, value, message):
    with pytest.raises(FilterError) as error:
        parse_camera_filters({param: value})
    assert error.value.param == param
    assert message in error.value.message


def test_bbox_takes_four_numbers_in_range():
    assert parse_bbox("8,47,9,48") == (8.0, 47.0, 9.0, 48.0)
    with pytest.raises(ValueError, match="four numbers"):
        parse_bbox("8,47,9")
