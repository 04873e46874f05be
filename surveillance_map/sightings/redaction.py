"""Bystanders: faces and number plates are blurred before a photo is published.

The detector proposes regions with OpenCV's Haar cascades, which ship inside the
opencv-python-headless package (`cv2.data.haarcascades`; Intel's licence, BSD-like): frontal
faces, profiles facing either way, and number plates. Nothing is downloaded at run time. The
cascades are old and miss a lot (faces turned away, small or dark ones; plates of shapes unlike
the Russian plates the plate cascade learnt from), so they only propose: the moderator adds,
moves or removes rectangles, and the server blurs exactly those.

A photo is "checked" once a moderator has applied a set of rectangles (even none). The first
blur keeps the unblurred file aside (`original`, never served) so that a redaction can be redone
from the real pixels; publishing deletes it, so no unblurred copy outlives publication.
"""

import io
import logging
import threading
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, ImageFilter

from surveillance_map.sightings.models import SightingPhoto
from surveillance_map.sightings.photos import JPEG_QUALITY, THUMB_EDGE, random_name

logger = logging.getLogger(__name__)
MAX_REGIONS = 50
# Detection runs on a copy of at most this size: Haar cascades need no more, and it keeps a
# 2048 px photo to a fraction of a second.
DETECT_EDGE = 1024
CASCADES = {
    "face": ("haarcascade_frontalface_default.xml", 5, 0.15),
    "profile": ("haarcascade_profileface.xml", 5, 0.15),
    "plate": ("haarcascade_russian_plate_number.xml", 4, 0.08),
}


@dataclass(frozen=True)
class Region:
    x: int
    y: int
    w: int
    h: int
    kind: str = "manual"

    def as_dict(self) -> dict:
        return {"x": self.x, "y": self.y, "w": self.w, "h": self.h, "kind": self.kind}


_loaded = threading.local()  # a classifier per thread: OpenCV's are not made to be shared


def _classifier(filename: str):
    import cv2  # a large import that only moderation needs

    classifiers = _loaded.__dict__.setdefault("classifiers", {})
    if filename not in classifiers:
        classifier = cv2.CascadeClassifier(cv2.data.haarcascades + filename)
        if classifier.empty():
            raise RuntimeError(f"OpenCV's {filename} is missing from opencv-python-headless")
        classifiers[filename] = classifier
    return classifiers[filename]


def detect(image: Image.Image) -> list[Region]:
    """Proposed regions (faces, profiles, plates) in the image's own pixel coordinates."""
    import cv2
    import numpy

    gray = image.convert("L")
    scale = min(1.0, DETECT_EDGE / max(gray.size))
    if scale < 1.0:
        gray = gray.resize((round(gray.width * scale), round(gray.height * scale)))
    pixels = cv2.equalizeHist(numpy.asarray(gray))
    found: list[Region] = []
    for kind, (filename, neighbours, pad) in CASCADES.items():
        classifier = _classifier(filename)
        views = [(pixels, False)] + ([(cv2.flip(pixels, 1), True)] if kind == "profile" else [])
        for view, flipped in views:
            boxes = classifier.detectMultiScale(
                view, scaleFactor=1.15, minNeighbors=neighbours, minSize=(20, 20)
            )
            for x, y, w, h in boxes:
                if flipped:  # the cascade knows one profile direction: mirror for the other
                    x = view.shape[1] - x - w
                found.append(_padded(x / scale, y / scale, w / scale, h / scale, pad, kind, image))
    return _without_duplicates(found)


def _padded(x, y, w, h, pad, kind, image) -> Region:
    """A little margin: cascades frame the face or plate tightly, a blur should not."""
    left, top = max(0, round(x - w * pad)), max(0, round(y - h * pad))
    right = min(image.width, round(x + w * (1 + pad)))
    bottom = min(image.height, round(y + h * (1 + pad)))
    return Region(left, top, right - left, bottom - top, kind)


def _overlap(a: Region, b: Region) -> float:
    width = min(a.x + a.w, b.x + b.w) - max(a.x, b.x)
    height = min(a.y + a.h, b.y + b.h) - max(a.y, b.y)
    if width <= 0 or height <= 0:
        return 0.0
    return width * height / min(a.w * a.h, b.w * b.h)


def _without_duplicates(regions: list[Region]) -> list[Region]:
    """One rectangle per thing: a face found by two cascades keeps the larger box."""
    kept: list[Region] = []
    for region in sorted(regions, key=lambda r: r.w * r.h, reverse=True):
        if all(_overlap(region, other) < 0.6 for other in kept):
            kept.append(region)
    return sorted(kept, key=lambda r: (r.y, r.x))


def proposals(photo: SightingPhoto) -> list[dict]:
    """What the moderator starts from: the rectangles already applied, else the detector's."""
    if photo.regions is not None:
        return photo.regions
    key = f"sightings:redaction-proposals:{photo.image.name}"
    cached = cache.get(key)
    if cached is None:
        try:
            with photo.image.open("rb") as handle, Image.open(handle) as image:
                cached = [region.as_dict() for region in detect(image)]
        except (OSError, ValueError):  # a missing or unreadable file: nothing to propose
            logger.warning("No redaction proposals for photo %s: file unreadable", photo.pk)
            return []
        cache.set(key, cached, timeout=7 * 24 * 3600)
    return cached


def clean_regions(raw, *, width: int, height: int) -> list[Region]:
    """Rectangles from the moderator's form, clipped to the image; bad input raises."""
    if not isinstance(raw, list) or len(raw) > MAX_REGIONS:
        raise ValidationError(
            _("The regions must be a list of at most %d rectangles.") % MAX_REGIONS
        )
    regions = []
    for item in raw:
        try:
            x, y, w, h = (int(item[name]) for name in ("x", "y", "w", "h"))
        except (TypeError, KeyError, ValueError):
            raise ValidationError(_("Each region needs whole numbers x, y, w and h.")) from None
        left, top = max(0, x), max(0, y)
        right, bottom = min(width, x + w), min(height, y + h)
        if right - left < 1 or bottom - top < 1:
            continue  # nothing of it inside the photo
        kind = item.get("kind") if item.get("kind") in {*CASCADES, "manual"} else "manual"
        regions.append(Region(left, top, right - left, bottom - top, kind))
    return regions


def blur(image: Image.Image, regions: list[Region]) -> Image.Image:
    """The image with each region pixelated and then smoothed: unreadable, not reversible."""
    result = image.convert("RGB")
    for region in regions:
        box = (region.x, region.y, region.x + region.w, region.y + region.h)
        patch = result.crop(box)
        blocks = max(1, min(region.w, region.h) // 8)  # about 8 blocks across the short side
        small = patch.resize(
            (max(1, region.w // blocks), max(1, region.h // blocks)), Image.Resampling.BOX
        )
        patch = small.resize(patch.size, Image.Resampling.NEAREST)
        patch = patch.filter(ImageFilter.GaussianBlur(radius=max(2, blocks)))
        result.paste(patch, box)
    return result


def _jpeg(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return out.getvalue()


def photo_redact(*, photo: SightingPhoto, regions: list[Region]) -> SightingPhoto:
    """Blur `regions` into the photo and its thumbnail, starting from the unblurred pixels.

    Files are written under new random names; the replaced ones are deleted once the database
    points at the new ones (on commit), so no blurred and unblurred pair lingers.
    """
    if photo.public:
        raise ValueError(_("A published photo is final; it cannot be redacted again."))
    source = photo.original or photo.image
    with source.open("rb") as handle, Image.open(handle) as opened:
        blurred = blur(opened, regions)
    thumb = blurred.copy()
    thumb.thumbnail((THUMB_EDGE, THUMB_EDGE), Image.Resampling.LANCZOS)
    old = [photo.thumbnail.name] + ([photo.image.name] if photo.original else [])
    written = [
        default_storage.save(f"sightings/{random_name()}", ContentFile(_jpeg(blurred))),
        default_storage.save(f"sightings/{random_name()}", ContentFile(_jpeg(thumb))),
    ]
    try:
        with transaction.atomic():
            locked = SightingPhoto.objects.select_for_update().get(pk=photo.pk)
            if locked.public:
                raise ValueError(_("A published photo is final; it cannot be redacted again."))
            if not locked.original:
                locked.original = locked.image.name  # kept aside, never served
            locked.image, locked.thumbnail = written
            locked.regions = [region.as_dict() for region in regions]
            locked.save(update_fields=["original", "image", "thumbnail", "regions"])
            transaction.on_commit(lambda: _delete(old))
    except BaseException:
        _delete(written)
        raise
    return locked


def discard_originals(photos) -> None:
    """At publication: forget the unblurred files (deleted once the publication commits)."""
    names = [photo.original.name for photo in photos if photo.original]
    SightingPhoto.objects.filter(pk__in=[photo.pk for photo in photos]).update(original="")
    transaction.on_commit(lambda: _delete(names))


def _delete(names) -> None:
    for name in names:
        if name:
            default_storage.delete(name)
