"""The public map: page, embed, vector tiles, camera list and search, camera pages, basemap."""

import time

from django.conf import settings
from django.contrib.gis.geos import Point
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from surveillance_map.areas.filters import parse_filters
from surveillance_map.cameras.filters import FilterError
from surveillance_map.maps import basemap, camera_page, pages, search
from surveillance_map.maps.cells import data_version
from surveillance_map.maps.grid import tile_exists
from surveillance_map.maps.tiles import cached_tile, query_digest

MVT_CONTENT_TYPE = "application/vnd.mapbox-vector-tile"
# A URL carrying the current data version never changes meaning; one without it must revalidate.
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "public, no-cache"


def _bad_request(message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=400)


@require_safe
def map_page(request):
    return render(request, "maps/map.html", pages.map_context(embed=False))


@require_safe
@xframe_options_exempt
def embed_page(request):
    return render(request, "maps/map.html", pages.map_context(embed=True))


@require_safe
def tile(request, z: int, x: int, y: int):
    if not tile_exists(z, x, y):
        raise Http404("No such tile.")
    try:
        filters = parse_filters(request.GET)
    except FilterError as error:
        return _bad_request(str(error))
    version = data_version()
    digest = query_digest(request.GET)
    # Vector tiles shrink to about a third; the gzipped body is a representation of its own.
    gzipped = "gzip" in request.headers.get("Accept-Encoding", "")
    etag = f'"{version}-{digest}{"-gz" if gzipped else ""}"'
    cache_control = IMMUTABLE if request.GET.get("v") == str(version) else REVALIDATE
    if etag in parse_etags(request.headers.get("If-None-Match", "")):
        response = HttpResponse(status=304)
    else:
        body = cached_tile(
            version=version, z=z, x=x, y=y, filters=filters, digest=digest, gzipped=gzipped
        )
        response = HttpResponse(body, content_type=MVT_CONTENT_TYPE)
        if gzipped:
            response["Content-Encoding"] = "gzip"
    patch_vary_headers(response, ["Accept-Encoding"])
    response["ETag"] = etag
    response["Cache-Control"] = cache_control
    return response


@require_safe
def version(request):
    return JsonResponse({"version": data_version()}, headers={"Cache-Control": "no-cache"})


@require_safe
def cameras_in_view(request):
    """One page of the cameras in a box, as the accessible list beside the map."""
    try:
        filters = parse_filters(request.GET)
        page = pages.page_number(request.GET.get("page"))
    except (FilterError, ValueError) as error:
        return _bad_request(str(error))
    if "bbox" not in filters:
        return _bad_request("bbox: required (W,S,E,N)")
    near = None
    if request.GET.get("near"):
        try:
            lon, lat = (float(v) for v in request.GET["near"].split(","))
        except ValueError:
            return _bad_request("near: expected LON,LAT in degrees")
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            return _bad_request("near: longitude within ±180, latitude within ±90")
        near = Point(lon, lat, srid=4326)
    return JsonResponse(pages.camera_page(filters=filters, page=page, near=near))


@require_safe
def filter_counts(request):
    """How many cameras in view each filter value would show, for the map's filter panel."""
    try:
        filters = parse_filters(request.GET)
    except FilterError as error:
        return _bad_request(str(error))
    if "bbox" not in filters:
        return _bad_request("bbox: required (W,S,E,N)")
    return JsonResponse(pages.filter_counts(filters=filters))


@require_safe
def search_view(request):
    text = request.GET.get("q", "").strip()
    if len(text) > search.MAX_QUERY_LENGTH:
        return _bad_request(f"q: at most {search.MAX_QUERY_LENGTH} characters")
    return JsonResponse({"query": text, "results": search.search(text=text)})


@require_safe
def camera_detail(request, camera_id: int):
    return camera_page.camera_page(request, camera_id)


@require_safe
def camera_record(request, camera_id: int):
    return JsonResponse(pages.camera_record(camera_id=camera_id), json_dumps_params={"indent": 1})


@require_safe
def basemap_tile(request, z: int, x: int, y: int):
    """A basemap tile through our origin (see maps/basemap.py): the visitor stays unknown."""
    if not settings.BASEMAP_URL or not basemap.valid(z, x, y):
        raise Http404("No such basemap tile.")
    try:
        found = basemap.get_tile(z, x, y)
    except basemap.NoSuchTile:
        raise Http404("No such basemap tile.") from None
    except basemap.UpstreamError:
        return HttpResponse(
            "The basemap server did not answer.", status=502, content_type="text/plain"
        )
    response = HttpResponse(found.body, content_type=found.content_type)
    response["Cache-Control"] = f"public, max-age={found.max_age(time.time())}"
    return response
