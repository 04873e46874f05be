"""Photo intake: accept only real JPEG/PNG/WebP images, re-encode them with no metadata at all.

A new image is built from the decoded pixels alone, so EXIF (GPS, device), XMP, ICC profiles
and comments cannot survive: nothing from the uploaded file but its pixels is ever written.

Decoding is the costly part (a few small PNGs can expand to gigabytes), so every photo of a
request is checked from its header first (`check_photos`): pixels, the memory its format needs
to decode, and a pixel budget for the whole request. JPEGs decode at a reduced size.
"""

import io
import secrets
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from PIL import Image

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

# A JPEG decodes at 1/2, 1/4 or 1/8 of its size (libjpeg scales while decoding) when its
# longest edge stays at least this share of MAX_EDGE; PNG and WebP always decode whole.
DRAFT_EDGE_SHARE = 0.6
DRAFT_SCALES = (8, 4, 2)
# Peak bytes of memory per decoded pixel while a photo is decoded and shrunk, by mode, as
# measured: the decoded image plus the copies made before it is small (shrinking an image with
# transparency premultiplies a full-size copy; a palette image is converted at full size).
_MODE_BYTES = {"1": 2, "L": 2, "I;16": 6, "RGB": 4, "YCbCr": 4, "CMYK": 5, "LA": 5}
OTHER_MODE_BYTES = 9  # RGBA, P and anything else
WEBP_BYTES_PER_PIXEL = 22  # Pillow's WebP decoder holds several RGBA buffers
# reduce() works on these modes; others are converted after decoding instead.
_REDUCIBLE = {"L", "LA", "RGB", "RGBA", "CMYK", "YCbCr", "I", "F", "La", "RGBa"}
_ORIENTATION = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


@dataclass(frozen=True)
class DecodePlan:
    """What decoding one photo will cost, read from its header alone."""

    format: str
    width: int
    height: int
    scale: int  # the JPEG decoding scale (1, 2, 4 or 8); 1 for other formats
    mode: str

    @property
    def pixels(self) -> int:
        """Pixels actually decoded."""
        return -(-self.width // self.scale) * -(-self.height // self.scale)

    @property
    def memory(self) -> int:
        """Peak bytes that decoding and shrinking it take, about."""
        if self.format == "WEBP":
            return self.pixels * WEBP_BYTES_PER_PIXEL
        return self.pixels * _MODE_BYTES.get(self.mode, OTHER_MODE_BYTES)


def _jpeg_scale(width: int, height: int) -> int:
    longest = max(width, height)
    for scale in DRAFT_SCALES:
        if longest / scale >= DRAFT_EDGE_SHARE * MAX_EDGE:
            return scale
    return 1


def _too_large(label: str, size: int, max_bytes: int) -> ValidationError:
    return ValidationError(
        _("%(label)s is too large (%(size)s; the limit is %(limit)s).")
        % {"label": label, "size": _megabytes(size), "limit": _megabytes(max_bytes)}
    )


def webp_size(head: bytes) -> tuple[int, int] | None:
    """Width and height from a WebP file's first 30 bytes, or None if it is not WebP.

    Read by hand because opening a WebP with Pillow already sets up its decoder, which
    allocates the whole canvas: a 16,000² px file of a few kilobytes would cost a gigabyte.
    """
    if len(head) < 30 or head[:4] != b"RIFF" or head[8:12] != b"WEBP":
        return None
    chunk = head[12:16]
    if chunk == b"VP8 " and head[23:26] == b"\x9d\x01\x2a":
        return (
            int.from_bytes(head[26:28], "little") & 0x3FFF,
            int.from_bytes(head[28:30], "little") & 0x3FFF,
        )
    if chunk == b"VP8L" and head[20] == 0x2F:
        bits = int.from_bytes(head[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8X":
        return int.from_bytes(head[24:27], "little") + 1, int.from_bytes(head[27:30], "little") + 1
    return (0, 0)  # a WebP we cannot size: Pillow decides (and refuses) below


def _check_size(label: str, width: int, height: int) -> None:
    if width * height > settings.SIGHTING_PHOTO_MAX_PIXELS:
        raise ValidationError(
            _("%(label)s has too many pixels (%(size)s; the limit is %(limit)s megapixels).")
            % {
                "label": label,
                "size": f"{width}×{height}",
                "limit": f"{settings.SIGHTING_PHOTO_MAX_PIXELS / 1e6:.0f}",
            }
        )


def _check_memory(label: str, plan: DecodePlan) -> None:
    if plan.memory > settings.SIGHTING_DECODE_MAX_BYTES:
        raise ValidationError(
            _(
                "%(label)s has too many pixels for its format (%(size)s): send it as a JPEG, "
                "or smaller."
            )
            % {"label": label, "size": f"{plan.width}×{plan.height}"}
        )


def decode_plan(upload, *, label: str = "photo") -> DecodePlan:
    """Read the header only (no pixels) and check what decoding would cost.

    Raises ValidationError for a file that is too large, not an accepted image, has more
    pixels than SIGHTING_PHOTO_MAX_PIXELS, or would take more than SIGHTING_DECODE_MAX_BYTES
    of memory to decode.
    """
    max_bytes = settings.SIGHTING_PHOTO_MAX_BYTES
    if upload.size > max_bytes:
        raise _too_large(label, upload.size, max_bytes)
    upload.seek(0)
    webp = webp_size(upload.read(30))
    if webp is not None:
        _check_size(label, *webp)
        _check_memory(label, DecodePlan("WEBP", *webp, 1, "RGBA"))
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as source:
                _check_header(source, label)
                width, height = source.size
                scale = _jpeg_scale(width, height) if source.format == "JPEG" else 1
                plan = DecodePlan(source.format, width, height, scale, source.mode)
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(_("%(label)s has too many pixels.") % {"label": label}) from None
    except Image.UnidentifiedImageError:
        raise ValidationError(_(NOT_AN_IMAGE) % {"label": label}) from None
    except (OSError, ValueError, SyntaxError, EOFError):
        raise _damaged(label) from None
    _check_memory(label, plan)
    return plan


def check_photos(uploads, labels) -> list[DecodePlan]:
    """Check every photo of one request from its header, before any is decoded.

    The pixels all of them will decode must fit SIGHTING_DECODE_PIXELS_PER_REQUEST, which
    bounds the time one request can take. Raises ValidationError listing every problem.
    """
    plans, errors = [], []
    for upload, label in zip(uploads, labels, strict=True):
        try:
            plans.append(decode_plan(upload, label=label))
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError(errors)
    budget = settings.SIGHTING_DECODE_PIXELS_PER_REQUEST
    total = sum(plan.pixels for plan in plans)
    if total > budget:
        raise ValidationError(
            _(
                "These photos hold too many pixels together (%(total)s megapixels to decode; "
                "the limit is %(limit)s). Send fewer, smaller, or as JPEG."
            )
            % {"total": f"{total / 1e6:.0f}", "limit": f"{budget / 1e6:.0f}"}
        )
    return plans


def _damaged(label: str) -> ValidationError:
    return ValidationError(
        _("%(label)s is damaged or incomplete and cannot be read.") % {"label": label}
    )


def clean_photo(upload, *, label: str = "photo") -> CleanPhoto:
    """Decode, check and re-encode one uploaded file; a bad file raises ValidationError.

    The header is checked first (decode_plan); a JPEG decodes at a reduced size where that
    still gives MAX_EDGE pixels or nearly; a large PNG or WebP is reduced right after decoding.
    """
    plan = decode_plan(upload, label=label)
    upload.seek(0)
    try:
        pixels = _decode(upload, plan)  # the full-size pixels are freed when it returns
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(_("%(label)s has too many pixels.") % {"label": label}) from None
    except Image.UnidentifiedImageError:
        raise ValidationError(_(NOT_AN_IMAGE) % {"label": label}) from None
    except (OSError, ValueError, SyntaxError, EOFError):
        raise _damaged(label) from None
    thumb = pixels.copy()
    thumb.thumbnail((THUMB_EDGE, THUMB_EDGE), Image.Resampling.LANCZOS)
    return CleanPhoto(_jpeg(pixels), _jpeg(thumb), pixels.width, pixels.height)


def _decode(upload, plan: DecodePlan) -> Image.Image:
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        with Image.open(upload) as source:
            orientation = source.getexif().get(0x0112)
            if plan.scale > 1:
                source.draft("RGB", (-(-plan.width // plan.scale), -(-plan.height // plan.scale)))
            source.load()
            return _pixels_only(_reduced(source), orientation)


def _check_header(source: Image.Image, label: str) -> None:
    if source.format not in ACCEPTED_FORMATS:
        raise ValidationError(_(NOT_AN_IMAGE) % {"label": label})
    _check_size(label, *source.size)


def _reduced(image: Image.Image) -> Image.Image:
    """A decoded image at least twice MAX_EDGE, shrunk by a whole factor (cheap, box filter)
    before any conversion copies it."""
    factor = max(image.size) // MAX_EDGE
    if factor < 2 or image.mode not in _REDUCIBLE:
        return image
    return image.reduce(factor)


def _pixels_only(source: Image.Image, orientation: int | None = None) -> Image.Image:
    """A fresh RGB image of at most MAX_EDGE px holding the pixels and nothing else, upright.

    Shrunk before the copies that flattening and stripping make, so they stay small.
    """
    transparent = source.mode in ("RGBA", "LA", "La", "RGBa") or (
        source.mode == "P" and "transparency" in source.info
    )
    working = "RGBA" if transparent else "RGB"
    image = source if source.mode == working else source.convert(working)
    if orientation in _ORIENTATION:
        image = image.transpose(_ORIENTATION[orientation])
    if max(image.size) > MAX_EDGE:  # as thumbnail() does, without its in-place copy
        ratio = MAX_EDGE / max(image.size)
        size = (max(1, round(image.width * ratio)), max(1, round(image.height * ratio)))
        image = image.resize(size, Image.Resampling.LANCZOS, reducing_gap=2.0)
    if transparent:
        flat = Image.new("RGB", image.size, (255, 255, 255))
        flat.paste(image, mask=image.getchannel("A"))
        image = flat
    return Image.frombytes("RGB", image.size, image.tobytes())


def _jpeg(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return out.getvalue()
