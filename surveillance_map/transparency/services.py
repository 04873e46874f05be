"""Writes for operators, vendors and programs, and the name matching imports rely on."""

import json
import re
from pathlib import Path

from django.db import IntegrityError, connection, transaction
from django.utils.text import slugify

from surveillance_map.cameras.vocabularies import OperatorType
from surveillance_map.lib.text import public_name
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


def _lock_name(model, key: str) -> None:
    """Hold, until this transaction ends, the right to create a `model` row named `key`.

    A transaction creating the same name waits here for the first to commit, then finds its
    row: two moderators approving sightings that name one new operator at the same moment get
    one operator, and neither a 500. SQLite runs one writer at a time and needs no lock.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(hashtext(%s), hashtext(%s))",
                [model._meta.db_table, key],
            )


def _create_named(model, name: str, **fields):
    """Insert a row under a free slug; a slug taken meanwhile by another name means the next."""
    for _attempt in range(20):
        try:
            with transaction.atomic():  # a savepoint: the outer transaction stays usable
                return model.objects.create(name=name, slug=_unique_slug(model, name), **fields)
        except IntegrityError:
            continue
    raise IntegrityError(f"no free slug for {name!r}")


class _Resolver:
    """Finds the row a reported name means among the real ones, creating it when new.

    Creating is an upsert on the name's key: under a lock on the key, the table is read again
    before inserting, so a row another transaction just committed is found, not duplicated.
    """

    model: type

    def __init__(self) -> None:
        self._by_key = self._keyed(self.model.objects.public())

    def _keyed(self, rows) -> dict:
        raise NotImplementedError

    def _candidates(self, name: str):
        """Rows that may have the name's key (re-read after the lock); all of them by default."""
        return self.model.objects.public()

    def _find_or_create(self, name: str, key: str, **fields):
        row = self._by_key.get(key)
        if row is None:
            with transaction.atomic():
                _lock_name(self.model, key)
                self._by_key.update(self._keyed(self._candidates(name)))
                row = self._by_key.get(key)
                if row is None:
                    row = _create_named(self.model, name, **fields)
                    self._by_key[key] = row
        return row


class VendorResolver(_Resolver):
    """Finds the Vendor a reported maker name means, creating it when nobody knows it yet."""

    model = Vendor

    def _keyed(self, rows) -> dict:
        by_key: dict[str, Vendor] = {}
        for vendor in rows:
            for spelling in [vendor.name, *vendor.aliases]:
                by_key.setdefault(vendor_key(spelling), vendor)
        return by_key

    def resolve(self, name: str, wikidata: str = "") -> Vendor | None:
        name = public_name(name)
        if not name:
            return None
        return self._find_or_create(name, vendor_key(name), wikidata=wikidata)


class OperatorResolver(_Resolver):
    """Finds an Operator by name (ignoring case), creating it when new."""

    model = Operator

    def _keyed(self, rows) -> dict:
        return {op.name.casefold(): op for op in rows}

    def _candidates(self, name: str):
        return Operator.objects.public().filter(name__iexact=name)

    def resolve(self, name: str, operator_type: str = "", wikidata: str = "") -> Operator | None:
        name = public_name(name)
        if not name:
            return None
        return self._find_or_create(
            name,
            name.casefold(),
            operator_type=operator_type or OperatorType.UNKNOWN,
            wikidata=wikidata,
        )


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
