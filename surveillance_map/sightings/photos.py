"""Photo intake: accept only real JPEG/PNG/WebP images, re-encode them with no metadata at all.

A new image is built from the decoded pixels alone, so EXIF (GPS, device), XMP, ICC profiles
and comments cannot survive: nothing from the uploaded file but its pixels is ever written.
"""

import io
import secrets
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from PIL import Image, ImageOps

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
MAX_EDGE = 2048
THUMB_EDGE = 400
JPEG_QUALITY = 85


@dataclass(frozen=True)
class CleanPhoto:
    image: bytes
    thumbnail: bytes
    width: int
    height: int


def random_name(suffix: str = ".jpg") -> str:
    return secrets.token_hex(16) + suffix


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


NOT_AN_IMAGE = gettext_noop("%(label)s is not a JPEG, PNG or WebP image.")


def clean_photo(upload, *, label: str = "photo") -> CleanPhoto:
    """Decode, check and re-encode one uploaded file; a bad file raises ValidationError."""
    max_bytes = settings.SIGHTING_PHOTO_MAX_BYTES
    if upload.size > max_bytes:
        raise ValidationError(
            _("%(label)s is too large (%(size)s; the limit is %(limit)s).")
            % {"label": label, "size": _megabytes(upload.size), "limit": _megabytes(max_bytes)}
        )
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as source:
                _check_header(source, label)
                source.load()
                pixels = _pixels_only(source)
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(_("%(label)s has too many pixels.") % {"label": label}) from None
    except Image.UnidentifiedImageError:
        raise ValidationError(_(NOT_AN_IMAGE) % {"label": label}) from None
    except (OSError, ValueError, SyntaxError, EOFError):
        raise ValidationError(
            _("%(label)s is damaged or incomplete and cannot be read.") % {"label": label}
        ) from None
    pixels.thumbnail((MAX_EDGE, MAX_EDGE), Image.Resampling.LANCZOS)
    thumb = pixels.copy()
    thumb.thumbnail((THUMB_EDGE, THUMB_EDGE), Image.Resampling.LANCZOS)
    return CleanPhoto(_jpeg(pixels), _jpeg(thumb), pixels.width, pixels.height)


def _check_header(source: Image.Image, label: str) -> None:
    if source.format not in ACCEPTED_FORMATS:
        raise ValidationError(_(NOT_AN_IMAGE) % {"label": label})
    width, height = source.size
    if width * height > settings.SIGHTING_PHOTO_MAX_PIXELS:
        raise ValidationError(
            _("%(label)s has too many pixels (%(size)s; the limit is %(limit)s megapixels).")
            % {
                "label": label,
                "size": f"{width}×{height}",
                "limit": f"{settings.SIGHTING_PHOTO_MAX_PIXELS / 1e6:.0f}",
            }
        )


def _pixels_only(source: Image.Image) -> Image.Image:
    """A fresh RGB image holding the pixels and nothing else, turned upright."""
    upright = ImageOps.exif_transpose(source)
    if upright.mode in ("RGBA", "LA") or (upright.mode == "P" and "transparency" in upright.info):
        rgba = upright.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        upright = flat
    rgb = upright.convert("RGB")
    return Image.frombytes("RGB", rgb.size, rgb.tobytes())


def _jpeg(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return out.getvalue()
