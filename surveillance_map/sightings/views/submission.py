"""Public pages: the submit form, its nearby-camera check, the private receipt, photo files."""

from django.conf import settings
from django.contrib.gis.geos import Point
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from surveillance_map.accounts import twofactor
from surveillance_map.cameras.models import Camera
from surveillance_map.cameras.vocabularies import Dataset
from surveillance_map.jobs.models import Job
from surveillance_map.lib.text import whole_number
from surveillance_map.sightings import ratelimit, selectors, services
from surveillance_map.sightings.forms import SightingForm, initial_for
from surveillance_map.sightings.models import Sighting, SightingPhoto
from surveillance_map.sightings.tasks import PHOTO_TASK
from surveillance_map.transparency.models import Operator, Vendor

MODERATE = "sightings.moderate"
COMPASS = [(name, i * 45) for i, name in enumerate(("N", "NE", "E", "SE", "S", "SW", "W", "NW"))]


def max_request_bytes() -> int:
    """Room for the most photos at the largest size, plus the form itself."""
    return settings.SIGHTING_PHOTOS_MAX * settings.SIGHTING_PHOTO_MAX_BYTES + 1024 * 1024


def too_large(request) -> bool:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > max_request_bytes()
    except ValueError:
        return False


def map_config(**extra) -> dict:
    """Basemap and start view for the page scripts, from the one LEAFLET_CONFIG."""
    config = settings.LEAFLET_CONFIG
    tiles = config.get("TILES") or []
    url, attribution = (tiles[0][1], tiles[0][2].get("attribution", "")) if tiles else ("", "")
    return {
        "tiles": url,
        "attribution": attribution,
        "center": list(config.get("DEFAULT_CENTER", (0, 0))),
        "zoom": config.get("DEFAULT_ZOOM", 3),
        **extra,
    }


def _about_camera(request) -> tuple[Camera | None, str]:
    kind = request.GET.get("kind", Sighting.Kind.NEW)
    if kind not in Sighting.Kind.values:
        kind = Sighting.Kind.NEW
    camera_id = whole_number(request.GET.get("camera", ""))
    if kind == Sighting.Kind.NEW or camera_id is None:
        return None, Sighting.Kind.NEW
    camera = get_object_or_404(Camera, pk=camera_id, dataset=Dataset.REAL)
    return camera, kind


def submit(request):
    """GET: the form (optionally about a camera: ?camera=ID&kind=edit|gone). POST: send it."""
    if request.method == "POST":
        if too_large(request):
            return HttpResponse(
                f"The upload is too large: at most {settings.SIGHTING_PHOTOS_MAX} photos of "
                f"{settings.SIGHTING_PHOTO_MAX_BYTES // (1024 * 1024)} MB each.",
                status=413,
                content_type="text/plain; charset=utf-8",
            )
        if not ratelimit.allow(request):
            return render(request, "sightings/slow_down.html", status=429)
        form = SightingForm(request.POST, request.FILES)
        camera, warnings = None, []
        if form.is_valid() and not form.cleaned_data["send_anyway"]:
            warnings = _warnings(form)
        if form.is_valid() and not warnings:
            data = form.cleaned_data
            sighting = services.sighting_submit(
                kind=data["kind"],
                camera=data["camera"],
                fields=form.sighting_fields(),
                uploads=data["photos"],
            )
            return redirect("sightings:receipt", token=sighting.token)
        status = 200 if warnings else 400
    else:
        warnings = []
        camera, kind = _about_camera(request)
        initial = initial_for(camera) if camera else {}
        form = SightingForm(initial={**initial, "kind": kind})
        status = 200
    kind = form["kind"].value()
    camera = camera or _bound_camera(form)
    config = map_config(
        nearby=reverse("sightings:nearby"),
        kind=kind,
        camera=camera.pk if camera else None,
        # The map's tiles, by URL (the maps app stands above this one).
        tileUrl=reverse("maps:tile", args=(0, 0, 0)).replace("0/0/0", "{z}/{x}/{y}"),
        versionUrl=reverse("maps:version"),
    )
    context = {
        "form": form,
        "camera": camera,
        "kind": kind,
        "config": config,
        "compass": COMPASS,
        "angles": (30, 60, 90, 120, 180, 360),
        "operators": Operator.objects.public().values_list("name", flat=True)[:500],
        "vendors": Vendor.objects.public().values_list("name", flat=True)[:500],
        "warnings": warnings,
        "max_photos": settings.SIGHTING_PHOTOS_MAX,
        "max_mb": settings.SIGHTING_PHOTO_MAX_BYTES // (1024 * 1024),
    }
    return render(request, "sightings/submit.html", context, status=status)


def _warnings(form) -> list[dict]:
    """Plausibility warnings on a new sighting, shown before it is sent (nothing is stored)."""
    if form.cleaned_data["kind"] != Sighting.Kind.NEW:
        return []
    fields = form.sighting_fields()
    return selectors.plausibility(sighting=Sighting(kind=Sighting.Kind.NEW, **fields))


def _bound_camera(form) -> Camera | None:
    number = whole_number(str(form["camera"].value()))
    if number is not None:
        return Camera.objects.filter(pk=number, dataset=Dataset.REAL).first()
    return None


@require_safe
def nearby(request):
    """Cameras within ~30 m of ?lat=&lon=, for "is it one of these?"."""
    try:
        lat, lon = float(request.GET["lat"]), float(request.GET["lon"])
    except (KeyError, ValueError):
        return JsonResponse({"error": "lat and lon are required numbers"}, status=400)
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return JsonResponse({"error": "lat must be within ±90 and lon within ±180"}, status=400)
    cameras = selectors.cameras_near(point=Point(lon, lat, srid=4326))
    return JsonResponse(
        {
            "meters": selectors.NEARBY_METERS,
            "cameras": [
                {
                    "id": c.pk,
                    "lat": c.location.y,
                    "lon": c.location.x,
                    "distance": round(c.distance.m),
                    "type": c.get_surveillance_type_display(),
                    "camera_type": c.get_camera_type_display(),
                    "mount": c.get_mount_display(),
                    "direction": c.direction,
                    "operator": str(c.operator or ""),
                    "status": c.status,
                    "last_verified": c.last_verified.isoformat() if c.last_verified else None,
                }
                for c in cameras
            ],
        }
    )


@never_cache
def receipt(request, token: str):
    """The submitter's private view of their sighting: status and the moderator's message."""
    sighting = get_object_or_404(
        Sighting.objects.select_related("camera").prefetch_related("photos"), token=token
    )
    return render(
        request,
        "sightings/receipt.html",
        {
            "sighting": sighting,
            "photo_jobs": photo_jobs(sighting),
            "receipt_url": request.build_absolute_uri(),
        },
    )


def photo_jobs(sighting: Sighting):
    """The sighting's photos still being cleaned, or that could not be used, and why."""
    return Job.objects.filter(subject=f"sighting:{sighting.pk}", task=PHOTO_TASK).exclude(
        state=Job.State.SUCCEEDED
    )


def _file(photo: SightingPhoto, size: str, *, public: bool) -> FileResponse:
    if size not in ("thumb", "full"):
        raise Http404("sizes are thumb and full")
    field = photo.thumbnail if size == "thumb" else photo.image
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404("photo file missing") from None
    response = FileResponse(handle, content_type="image/jpeg")
    response["Cache-Control"] = "public, max-age=86400" if public else "private, no-store"
    return response


def photo(request, photo_id: int, size: str):
    """A photo file: public once approved and published, else for moderators only."""
    item = get_object_or_404(SightingPhoto, pk=photo_id)
    if item.public or (request.user.has_perm(MODERATE) and twofactor.verified(request.user)):
        return _file(item, size, public=item.public)
    raise Http404("no such photo")


def receipt_photo(request, token: str, photo_id: int, size: str):
    """The submitter's own photos, reachable only through their receipt link."""
    item = get_object_or_404(SightingPhoto, pk=photo_id, sighting__token=token)
    return _file(item, size, public=False)
