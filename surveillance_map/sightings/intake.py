"""The checks a photo upload gets inside the web request: only the cheap ones.

Size, and what the file's header says (JPEG, PNG or WebP, and how many pixels): enough to
refuse the wrong file at once, with the same messages as `photos.clean_photo`. Decoding and
re-encoding, which take seconds, happen in a background job (sightings/tasks.py); a file whose
header is fine but whose data is damaged fails there, and the receipt says so.
"""

import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image

from surveillance_map.sightings import photos


def check_upload(upload, *, label: str = "photo"):
    """The upload itself, rewound, when its size and header pass; else ValidationError."""
    max_bytes = settings.SIGHTING_PHOTO_MAX_BYTES
    if upload.size > max_bytes:
        raise ValidationError(
            _("%(label)s is too large (%(size)s; the limit is %(limit)s).")
            % {
                "label": label,
                "size": photos._megabytes(upload.size),
                "limit": photos._megabytes(max_bytes),
            }
        )
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as source:  # reads the header, decodes nothing
                photos._check_header(source, label)
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(_("%(label)s has too many pixels.") % {"label": label}) from None
    except (OSError, ValueError, SyntaxError, EOFError):
        raise ValidationError(_(photos.NOT_AN_IMAGE) % {"label": label}) from None
    finally:
        upload.seek(0)
    return upload
