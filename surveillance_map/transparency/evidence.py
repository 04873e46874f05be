"""Evidence records: a URL, an uploaded document (kept with its SHA-256) or a reviewed photo."""

import hashlib
import secrets
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from surveillance_map.transparency.models import Evidence

MAX_BYTES = 25 * 1024 * 1024  # a procurement contract as a scanned PDF fits
# Documents and pictures; the file is stored under a random name and never run or shown inline.
ALLOWED_SUFFIXES = frozenset({".pdf", ".png", ".jpg", ".jpeg", ".webp", ".txt", ".csv", ".html"})


def _read(upload) -> bytes:
    if upload.size is not None and upload.size > MAX_BYTES:
        raise ValidationError({"file": _("The document is larger than 25 MB.")})
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ValidationError({"file": _("The document is larger than 25 MB.")})
    return data


@transaction.atomic
def evidence_create(
    *,
    kind: str,
    title: str,
    url: str = "",
    upload=None,
    content: bytes | None = None,
    suffix: str = "",
    camera=None,
    supports=(),
    publisher: str = "",
    observed_on=None,
    note: str = "",
    confidence: str = Evidence.Confidence.MEDIUM,
) -> Evidence:
    """Store an Evidence record; a document (an upload, or bytes such as a reviewed photo) is
    kept under a random name with its SHA-256, so anyone can check a copy against it."""
    if kind not in Evidence.Kind.values:
        raise ValidationError({"kind": _("Unknown kind of evidence.")})
    if upload is not None:
        suffix = PurePath(upload.name or "").suffix.lower()
        content = _read(upload)
    if content is not None and suffix not in ALLOWED_SUFFIXES:
        raise ValidationError({"file": _("Send a PDF, image, text, CSV or HTML document.")})
    if not url and content is None:
        raise ValidationError({"url": _("Evidence needs a URL or a document.")})
    evidence = Evidence(
        kind=kind,
        title=title.strip()[:300] or url[:300] or _("Document"),
        url=url,
        camera=camera,
        supports=list(supports),
        publisher=publisher,
        observed_on=observed_on,
        note=note,
        confidence=confidence,
    )
    evidence.full_clean(exclude=["file", "sha256"])  # before any file is written
    if content is not None:
        evidence.sha256 = hashlib.sha256(content).hexdigest()
        evidence.file.save(secrets.token_hex(16) + suffix, ContentFile(content), save=False)
    evidence.save()
    return evidence
