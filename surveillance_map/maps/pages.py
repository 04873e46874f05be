"""What the map page, the camera list and the camera page show; views only render it."""

from django.conf import settings
from django.contrib.gis.db.models.functions import Distance
from django.contrib.gis.geos import Point
from django.db.models import Count, Q
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from surveillance_map.cameras.filters import FILTER_PARAMS, apply_camera_filters
from surveillance_map.cameras.freshness import stale_before
from surveillance_map.cameras.models import Camera, Capability
from surveillance_map.cameras.selectors import camera_list
from surveillance_map.cameras.services import camera_state
from surveillance_map.cameras.vocabularies import (
    IN_PLACE_STATUSES,
    CameraType,
    OperatorType,
    Status,
    SurveillanceType,
)
from surveillance_map.lib.countries import country_name
from surveillance_map.lib.text import whole_number
from surveillance_map.maps.cells import data_version
from surveillance_map.maps.grid import MAX_CLUSTER_ZOOM
from surveillance_map.maps.tiles import map_filters
from surveillance_map.transparency.models import Evidence, Operator, Program, Vendor

PAGE_SIZE = 20
MAX_PAGE = 500


def _origins(vendors) -> set[str]:
    return {c for c in vendors.values_list("country_of_origin", flat=True) if c}


def map_context(*, embed: bool) -> dict:
    """The page's filter choices and the configuration its script reads."""
    # Every vendor and program: small curated tables, where "only those with cameras" would
    # mean scanning the cameras table on every page view.
    vendors, programs = Vendor.objects.public(), Program.objects.all()
    return {
        "embed": embed,
        "checkbox_groups": [
            ("surveillance_type", _("What it is"), SurveillanceType.choices),
            ("camera_type", _("Camera type"), CameraType.choices),
            (
                "capability",
                _("Capabilities (any of)"),
                [(code, _(name)) for code, name in Capability.objects.values_list("code", "name")],
            ),
            ("operator_type", _("Operator"), OperatorType.choices),
            ("status", _("Status"), Status.choices),
        ],
        "choices": {
            "vendor": list(vendors.order_by("name").values_list("slug", "name")),
            "vendor_country": sorted(
                ((code, country_name(code)) for code in _origins(vendors)),
                key=lambda choice: choice[1],
            ),
            "operator": list(
                Operator.objects.public().order_by("name").values_list("slug", "name")
            ),
            "program": list(programs.order_by("name").values_list("slug", "name")),
        },
        "default_statuses": IN_PLACE_STATUSES,
        "stale_after_days": settings.STALE_AFTER_DAYS,
        "map_config": {
            "tileUrl": reverse("maps:tile", args=(0, 0, 0)).replace("0/0/0", "{z}/{x}/{y}"),
            "version": data_version(),
            "versionUrl": reverse("maps:version"),
            "listUrl": reverse("maps:cameras-in-view"),
            "countsUrl": reverse("maps:counts"),
            "changesFeedUrl": reverse("changes-atom"),
            "searchUrl": reverse("maps:search"),
            "cameraUrl": reverse("maps:camera", args=(0,)).replace("0", "{id}"),
            "recordUrl": reverse("maps:camera-json", args=(0,)).replace("0", "{id}"),
            "maxClusterZoom": MAX_CLUSTER_ZOOM,
            "defaultStatuses": IN_PLACE_STATUSES,
            "filterNames": [p.name for p in FILTER_PARAMS if p.name != "bbox"],
            # What the popups show for codes, in the page's language.
            "labels": {
                "status": {k: str(v) for k, v in Status.choices},
                "operator_type": {k: str(v) for k, v in OperatorType.choices},
                "capability": {
                    code: _(name) for code, name in Capability.objects.values_list("code", "name")
                },
            },
            "staleBefore": stale_before().isoformat(),
            "embed": embed,
        },
    }


def page_number(text: str | None) -> int:
    if text is None or text == "":
        return 1
    number = whole_number(text)
    if number is None or not 1 <= number <= MAX_PAGE:
        raise ValueError(f"page: a number from 1 to {MAX_PAGE}")
    return number


def list_item(camera: Camera) -> dict:
    return {
        "id": camera.pk,
        "name": camera.name,
        "type": camera.get_surveillance_type_display() or _("Type unknown"),
        "camera_type": camera.get_camera_type_display(),
        "status": camera.status,
        "status_label": camera.get_status_display(),
        "operator": camera.operator.name if camera.operator else "",
        "vendor": camera.vendor.name if camera.vendor else "",
        "vendor_country": camera.vendor.country_of_origin if camera.vendor else "",
        "last_verified": camera.last_verified.isoformat() if camera.last_verified else None,
        "lon": round(camera.location.x, 7),
        "lat": round(camera.location.y, 7),
        "url": reverse("maps:camera", args=(camera.pk,)),
    }


def camera_page(*, filters: dict, page: int, near: Point | None = None) -> dict:
    """One page of the filtered cameras, nearest to `near` first (else by id), with their
    distance in metres; one extra row tells whether more follow."""
    cameras = apply_camera_filters(camera_list(), **map_filters(filters))
    if near is not None:
        cameras = cameras.annotate(distance=Distance("location", near)).order_by("distance", "id")
    else:
        cameras = cameras.order_by("id")
    rows = list(cameras[(page - 1) * PAGE_SIZE : page * PAGE_SIZE + 1])
    return {
        "page": page,
        "page_size": PAGE_SIZE,
        "has_next": len(rows) > PAGE_SIZE,
        "cameras": [
            {**list_item(c), "distance": round(c.distance.m) if near is not None else None}
            for c in rows[:PAGE_SIZE]
        ],
    }


# The filters the map counts per value for the cameras in view: (parameter, field).
COUNTED = (
    ("surveillance_type", "surveillance_type"),
    ("camera_type", "camera_type"),
    ("capability", "capabilities__code"),
    ("operator_type", "operator__operator_type"),
    ("operator", "operator__slug"),
    ("status", "status"),
    ("vendor", "vendor__slug"),
    ("vendor_country", "vendor__country_of_origin"),
    ("program", "program__slug"),
)


def filter_counts(*, filters: dict) -> dict:
    """For each filter, how many cameras each of its values would show in the view, with the
    other filters applied (a filter's own choice does not narrow its counts)."""
    counts = {}
    for name, field in COUNTED:
        others = {k: v for k, v in filters.items() if k != name}
        if name != "status":
            others = map_filters(others)
        rows = (
            apply_camera_filters(camera_list(), **others)
            .exclude(**{f"{field}__isnull": True})
            .values(field)
            .annotate(n=Count("id", distinct=True))
            .order_by()
        )
        counts[name] = {row[field]: row["n"] for row in rows if row[field] != ""}
    return counts


def _public_camera(camera_id: int) -> Camera:
    camera = camera_list().filter(pk=camera_id).first()
    if camera is None:
        raise Http404("No such camera.")
    return camera


def public_photos(camera: Camera) -> list[dict]:
    """Photos a moderator has published (bystanders checked), oldest first."""
    from surveillance_map.sightings.models import SightingPhoto

    photos = SightingPhoto.objects.filter(sighting__camera=camera, public=True).order_by("id")
    return [
        {
            "thumbnail": reverse("sightings:photo", args=(photo.pk, "thumb")),
            "image": reverse("sightings:photo", args=(photo.pk, "full")),
            "width": photo.width,
            "height": photo.height,
        }
        for photo in photos
    ]


def camera_context(*, camera_id: int) -> dict:
    camera = _public_camera(camera_id)
    claims = list(camera.cameracapability_set.select_related("capability"))
    cited = {i for ids in (camera.claim_evidence or {}).values() for i in ids}
    cited |= {i for claim in claims for i in claim.evidence}
    # The camera's, the cited, the vendor's and the program's evidence in one query.
    wanted = Q(camera=camera) | Q(pk__in=cited)
    if camera.vendor_id:
        wanted |= Q(vendor_id=camera.vendor_id)
    if camera.program_id:
        wanted |= Q(program_id=camera.program_id)
    found = list(Evidence.objects.filter(wanted).distinct())
    evidence = [e for e in found if e.camera_id == camera.pk or e.pk in cited]
    capabilities = [
        {
            "capability": claim.capability,
            "basis": claim.get_basis_display(),
            "basis_code": claim.basis,
            "evidence": [
                e
                for e in evidence
                if e.pk in claim.evidence
                or claim.capability.code in e.supports
                or f"capability:{claim.capability.code}" in e.supports
            ],
        }
        for claim in sorted(claims, key=lambda c: c.capability.code)
    ]
    return {
        "camera": camera,
        "capabilities": capabilities,
        "photos": public_photos(camera),
        "evidence": evidence,
        "source_records": list(camera.source_records.select_related("source", "last_batch")),
        "program_evidence": [
            e for e in found if camera.program_id and e.program_id == camera.program_id
        ],
        "vendor_evidence": [
            e for e in found if camera.vendor_id and e.vendor_id == camera.vendor_id
        ],
        "map_config": {
            "tileUrl": reverse("maps:tile", args=(0, 0, 0)).replace("0/0/0", "{z}/{x}/{y}"),
            "version": data_version(),
            "maxClusterZoom": MAX_CLUSTER_ZOOM,
            "defaultStatuses": [s for s in Status.values],
            "camera": {"id": camera.pk, "lon": camera.location.x, "lat": camera.location.y},
        },
    }


def camera_record(*, camera_id: int) -> dict:
    """The camera as JSON: its stored state plus the names it refers to."""
    camera = _public_camera(camera_id)
    record = {"id": camera.pk, **camera_state(camera)}
    record["operator"] = camera.operator and {
        "name": camera.operator.name,
        "slug": camera.operator.slug,
        "operator_type": camera.operator.operator_type,
    }
    record["vendor"] = camera.vendor and {
        "name": camera.vendor.name,
        "slug": camera.vendor.slug,
        "country_of_origin": camera.vendor.country_of_origin,
    }
    record["program"] = camera.program and {
        "name": camera.program.name,
        "slug": camera.program.slug,
    }
    record["evidence"] = [
        {
            "kind": e.kind,
            "title": e.title,
            "url": e.url,
            "published_on": e.published_on and e.published_on.isoformat(),
            "supports": e.supports,
            "confidence": e.confidence,
        }
        for e in Evidence.objects.filter(camera=camera)
    ]
    record["photos"] = public_photos(camera)
    record["page"] = reverse("maps:camera", args=(camera.pk,))
    return record
