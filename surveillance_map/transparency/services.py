"""Writes for operators, vendors and programs, and the name matching imports rely on."""

import json
import re
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from surveillance_map.cameras.vocabularies import OperatorType
from surveillance_map.transparency.models import Evidence, Operator, Program, Vendor

# Words that say what kind of company it is rather than which one: "Flock", "Flock Safety" and
# "Flock Group Inc." are one vendor.
_NOISE_WORDS = frozenset(
    """inc incorporated ltd limited llc gmbh ag sa co corp corporation company group plc bv ab
    oy srl spa kk holdings safety security technology technologies systems solutions
    communications digital electronics international""".split()
)


def vendor_key(name: str) -> str:
    """A comparison key for vendor names: case, punctuation and company-form words removed."""
    words = re.findall(r"[^\W_]+", name.casefold())
    core = [w for w in words if w not in _NOISE_WORDS]
    return " ".join(core or words)


def _unique_slug(model, name: str) -> str:
    base = slugify(name)[:180] or "unnamed"
    slug, n = base, 1
    while model.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


class VendorResolver:
    """Finds the Vendor a reported maker name means, creating it when nobody knows it yet."""

    def __init__(self) -> None:
        self._by_key: dict[str, Vendor] = {}
        for vendor in Vendor.objects.all():
            for spelling in [vendor.name, *vendor.aliases]:
                self._by_key.setdefault(vendor_key(spelling), vendor)

    def resolve(self, name: str, wikidata: str = "") -> Vendor | None:
        name = name.strip()
        if not name:
            return None
        key = vendor_key(name)
        vendor = self._by_key.get(key)
        if vendor is None:
            vendor = Vendor.objects.create(
                name=name, slug=_unique_slug(Vendor, name), wikidata=wikidata
            )
            self._by_key[key] = vendor
        return vendor


class OperatorResolver:
    """Finds an Operator by name (ignoring case), creating it when new."""

    def __init__(self) -> None:
        self._by_key = {op.name.casefold(): op for op in Operator.objects.all()}

    def resolve(self, name: str, operator_type: str = "", wikidata: str = "") -> Operator | None:
        name = name.strip()
        if not name:
            return None
        key = name.casefold()
        operator = self._by_key.get(key)
        if operator is None:
            operator = Operator.objects.create(
                name=name,
                slug=_unique_slug(Operator, name),
                operator_type=operator_type or OperatorType.UNKNOWN,
                wikidata=wikidata,
            )
            self._by_key[key] = operator
        return operator


@transaction.atomic
def load_transparency(path: Path) -> tuple[int, int]:
    """Load vendors and programs with their evidence from a JSON seed file (idempotent)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    for item in data["vendors"]:
        evidence = item.pop("evidence")
        vendor, _ = Vendor.objects.update_or_create(slug=item.pop("slug"), defaults=item)
        _replace_evidence(vendor, evidence)
    for item in data["programs"]:
        evidence, vendor_slugs = item.pop("evidence"), item.pop("vendors")
        operator_data = item.pop("operator")
        operator, _ = Operator.objects.update_or_create(
            slug=operator_data.pop("slug"), defaults=operator_data
        )
        program, _ = Program.objects.update_or_create(
            slug=item.pop("slug"), defaults={**item, "operator": operator}
        )
        program.vendors.set(Vendor.objects.filter(slug__in=vendor_slugs))
        _replace_evidence(program, evidence)
    return len(data["vendors"]), len(data["programs"])


def _replace_evidence(subject: Vendor | Program, items: list[dict]) -> None:
    """Seed evidence is owned by the seed file: replace it rather than pile up copies."""
    subject.evidence.all().delete()
    owner = {subject._meta.model_name: subject}
    Evidence.objects.bulk_create([Evidence(**owner, **item) for item in items])
