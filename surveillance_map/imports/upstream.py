"""An upstream change meets local edits: a three-way merge per field, no database writes.

The base is what the source said last time (SourceRecord.upstream), "ours" the camera as it
stands, "theirs" what the source says now. A field the source did not change keeps our value;
a field we did not change (or changed the same way) takes theirs; a field both changed
differently is a conflict: ours stays and a moderator decides (sightings.Review).
"""

from dataclasses import dataclass, field

from django.contrib.gis.geos import Point
from django.db.models import Model

from surveillance_map.cameras.services import CameraWrite

CAPABILITIES = "capabilities"


def _plain(value):
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, Point):
        value = value.coords
    if isinstance(value, tuple):  # a location: (lon, lat)
        return [round(value[0], 7), round(value[1], 7)]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _key(name: str) -> str:
    # A write names foreign keys by field ("operator"); a camera state by column ("operator_id").
    return f"{name}_id" if name in ("operator", "vendor", "program") else name


def state_of(write: CameraWrite) -> dict:
    """A write as the JSON values a camera state (services.camera_state) holds."""
    state = {_key(name): _plain(value) for name, value in write.fields.items()}
    state[CAPABILITIES] = sorted(write.capabilities)
    return state


@dataclass
class Merge:
    fields: dict = field(default_factory=dict)  # to write, by write name
    capabilities: list[str] | None = None  # to write, or None to leave alone
    ours: dict = field(default_factory=dict)  # conflicts, by state key
    theirs: dict = field(default_factory=dict)

    @property
    def changes(self) -> bool:
        return bool(self.fields) or self.capabilities is not None


def merge(*, current: dict, base: CameraWrite | None, new: CameraWrite) -> Merge:
    """What to apply of `new` to a camera whose state is `current`; no base: take it all."""
    theirs = state_of(new)
    before = state_of(base) if base is not None else None
    names = {_key(name): name for name in new.fields} | {CAPABILITIES: CAPABILITIES}
    result = Merge()
    for key, value in theirs.items():
        ours = current.get(key)
        if ours == value:
            continue
        if before is not None and before.get(key) == value:
            continue  # the source did not change it: our edit stands
        if before is not None and ours != before.get(key):
            result.ours[key], result.theirs[key] = ours, value
            continue
        if key == CAPABILITIES:
            result.capabilities = list(new.capabilities)
        else:
            result.fields[names[key]] = new.fields[names[key]]
    return result


def fill_blanks(*, current: dict, new: CameraWrite) -> Merge:
    """What a second source adds to a camera linked to it: only what the camera lacks."""
    result = Merge()
    theirs = state_of(new)
    for name, value in new.fields.items():
        key = _key(name)
        if current.get(key) in (None, "", {}, []) and theirs[key] not in (None, "", {}, []):
            result.fields[name] = value
    extra = sorted(set(new.capabilities) - set(current.get(CAPABILITIES, [])))
    if extra:
        result.capabilities = sorted(set(current.get(CAPABILITIES, [])) | set(extra))
    return result
