"""The data dictionary of a snapshot, generated from the models, vocabularies and tag table."""

from django.db import models

from surveillance_map.cameras import vocabularies
from surveillance_map.cameras.models import Camera
from surveillance_map.cameras.osm_tags import MARKER_KEY, MARKER_VALUE, TAG_GROUPS
from surveillance_map.exports import records

CSV_FORMULAS = (
    "Spreadsheet formulas: in CSV, a text cell that starts with = + - @, a tab or a carriage "
    "return gets a leading apostrophe (`'`), so that spreadsheets show it as text instead of "
    "running it; remove that one apostrophe to get the exact text. Numeric columns "
    "("
    + ", ".join(f.name for f in records.CSV_FIELDS if not f.neutralise and f.name != "ref")
    + ") are never changed. GeoJSON, KML and OSM XML carry the exact text."
)

_VOCABULARIES = (
    vocabularies.SurveillanceType,
    vocabularies.CameraType,
    vocabularies.Mount,
    vocabularies.Zone,
    vocabularies.Placement,
    vocabularies.Status,
    vocabularies.OperatorType,
    vocabularies.Basis,
)


def _model_fields() -> list[dict]:
    out = []
    for field in Camera._meta.get_fields():
        if not getattr(field, "concrete", False) and not field.many_to_many:
            continue
        entry = {"name": field.name, "type": field.get_internal_type()}
        if field.verbose_name:
            entry["label"] = str(field.verbose_name)
        if getattr(field, "help_text", ""):
            entry["description"] = str(field.help_text)
        if getattr(field, "choices", None):
            entry["values"] = [value for value, _ in field.choices]
        if isinstance(field, models.ForeignKey | models.ManyToManyField):
            entry["refers_to"] = field.related_model._meta.label
        out.append(entry)
    return out


ROW_ORDER = (
    "Row order: every format (OSM XML and osmChange aside) lists the cameras in spatial order, "
    "by spatial key (the Z-order code of the location) then id, so neighbours come together. "
    "It is not id order: sort by `id` if you need that."
)


def build_dictionary() -> dict:
    return {
        "row_order": ROW_ORDER,
        "csv_columns": [{"name": f.name, "description": f.description} for f in records.CSV_FIELDS],
        "csv_formulas": CSV_FORMULAS,
        "geojson": {
            "id": "Stable feature id: node/<OSM id>[#n] for cameras from OpenStreetMap (n-th "
            "camera of a node with several directions), else camera/<our id>.",
            "properties": "The camera's OpenStreetMap tags (see osm_tags), plus our fields "
            f"prefixed '{records.PREFIX}' (skipped when the file is imported again).",
            "our_fields": [
                {"name": records.PREFIX + f.name, "description": f.description}
                for f in records.RECORD_FIELDS
            ],
        },
        "camera_model": _model_fields(),
        "vocabularies": {
            vocabulary.__name__: [
                {"value": value, "label": str(label)} for value, label in vocabulary.choices
            ]
            for vocabulary in _VOCABULARIES
        },
        "capabilities": [
            {"code": code, "name": name} for code, name in vocabularies.CAPABILITIES.items()
        ],
        "osm_tags": {
            "marker": f"{MARKER_KEY}={MARKER_VALUE}",
            "fields": [
                {"field": group[0].field, "keys": [tag.key for tag in group]}
                for group in TAG_GROUPS
            ],
            "unmapped": "Tags we do not model are kept verbatim and exported unchanged.",
        },
    }


def dictionary_markdown(dictionary: dict) -> str:
    lines = ["# Data dictionary", "", dictionary["row_order"], ""]
    lines += ["## CSV columns", "", "| column | meaning |", "|---|---|"]
    lines += [f"| `{c['name']}` | {c['description']} |" for c in dictionary["csv_columns"]]
    lines += ["", dictionary["csv_formulas"]]
    lines += ["", "## GeoJSON", "", dictionary["geojson"]["id"], ""]
    lines += [dictionary["geojson"]["properties"], "", "| property | meaning |", "|---|---|"]
    lines += [
        f"| `{c['name']}` | {c['description']} |" for c in dictionary["geojson"]["our_fields"]
    ]
    lines += ["", "## Vocabularies", ""]
    for name, values in dictionary["vocabularies"].items():
        lines.append(
            f"- **{name}**: " + ", ".join(f"`{v['value']}` ({v['label']})" for v in values)
        )
    lines.append(
        "- **Capabilities**: "
        + ", ".join(f"`{c['code']}` ({c['name']})" for c in dictionary["capabilities"])
    )
    lines += [
        "",
        "## OpenStreetMap tags",
        "",
        f"Every camera: `{dictionary['osm_tags']['marker']}`.",
    ]
    lines += ["", "| field | tag keys (first is written by default) |", "|---|---|"]
    lines += [
        f"| `{f['field']}` | {', '.join(f'`{k}`' for k in f['keys'])} |"
        for f in dictionary["osm_tags"]["fields"]
    ]
    lines += ["", dictionary["osm_tags"]["unmapped"], ""]
    return "\n".join(lines)
