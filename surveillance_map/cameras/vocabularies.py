"""Controlled vocabularies of a camera record.

Values follow OpenStreetMap's surveillance tags (docs/osm-tags.md), so a value stored here is also
the value written back to OSM. Synonyms seen in real data map onto these in `osm_tags`.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


class SurveillanceType(models.TextChoices):
    CAMERA = "camera", _("Camera")
    ALPR = "ALPR", _("Plate reader (ALPR)")
    GUARD = "guard", _("Guard")
    GUNSHOT_DETECTOR = "gunshot_detector", _("Gunshot detector")


class CameraType(models.TextChoices):
    FIXED = "fixed", _("Fixed")
    DOME = "dome", _("Dome")
    PANNING = "panning", _("Panning (PTZ)")


class Mount(models.TextChoices):
    WALL = "wall", _("Wall")
    POLE = "pole", _("Pole")
    CEILING = "ceiling", _("Ceiling")
    STREET_LAMP = "street_lamp", _("Street lamp")
    TRAFFIC_SIGNALS = "traffic_signals", _("Traffic signals")
    BUILDING = "building", _("Building")
    ROOF = "roof", _("Roof")
    MAST = "mast", _("Mast")
    GANTRY = "gantry", _("Gantry")
    TREE = "tree", _("Tree")


class Zone(models.TextChoices):
    TOWN = "town", _("Town")
    TRAFFIC = "traffic", _("Traffic")
    PARKING = "parking", _("Parking")
    SHOP = "shop", _("Shop")
    BANK = "bank", _("Bank")
    ATM = "atm", _("ATM")
    BUILDING = "building", _("Building")
    ENTRANCE = "entrance", _("Entrance")
    PUBLIC_TRANSPORT = "public_transport", _("Public transport")
    AREA = "area", _("Area")
    STREET = "street", _("Street")


class Placement(models.TextChoices):
    PUBLIC = "public", _("Public space")
    OUTDOOR = "outdoor", _("Outdoor (private ground)")
    INDOOR = "indoor", _("Indoor")


class Status(models.TextChoices):
    ACTIVE = "active", _("Active")
    REMOVED = "removed", _("Removed")
    UNKNOWN = "unknown", _("Unknown")


# Cameras still in place: what the map shows by default and what reports count.
IN_PLACE_STATUSES = (Status.ACTIVE.value, Status.UNKNOWN.value)


class OperatorType(models.TextChoices):
    GOVERNMENT = "government", _("Government")
    POLICE = "police", _("Police")
    TRANSPORT = "transport", _("Transport")
    PRIVATE = "private", _("Private")
    UNKNOWN = "unknown", _("Unknown")


class Basis(models.TextChoices):
    """What a claim about a camera (a capability, its operator, vendor or program) rests on."""

    DOCUMENTED = "documented", _("Documented")  # an Evidence record backs it
    TAGGED = "tagged", _("Tagged by a source")  # came with an imported source's tags
    INFERRED = "inferred", _("Inferred")  # from an attribution of many cameras, with evidence
    REPORTED = "reported", _("Reported, unverified")  # a sighting said so; nobody checked


# What headline figures count; `reported` claims are always shown apart.
COUNTED_BASES = (Basis.DOCUMENTED.value, Basis.TAGGED.value, Basis.INFERRED.value)
# The camera's links that carry a basis, beside each capability.
LINKS = ("operator", "vendor", "program")


class Dataset(models.TextChoices):
    """Where a record comes from: synthetic rows must never pass for real ones."""

    REAL = "real", _("Real")
    SYNTHETIC = "synthetic", _("Synthetic (benchmarks only)")


# The capability vocabulary; Capability rows are created from this list by a data migration.
# Names are stored in English and translated where they are shown (gettext at display time).
CAPABILITIES = {
    "face_recognition": gettext_noop("Face recognition"),
    "plate_reading": gettext_noop("Number-plate reading"),
    "audio": gettext_noop("Audio recording"),
    "infrared": gettext_noop("Infrared / night vision"),
    "thermal": gettext_noop("Thermal imaging"),
    "ptz": gettext_noop("Pan-tilt-zoom"),
    "analytics": gettext_noop("Video analytics"),
    "loudspeaker": gettext_noop("Loudspeaker"),
    "gunshot_detection": gettext_noop("Gunshot detection"),
    "cloud_connected": gettext_noop("Cloud connected"),
}


# Claims a moderator is asked to back with evidence before they count ("needs evidence").
SENSITIVE_CAPABILITIES = ("face_recognition", "plate_reading", "audio", "analytics")
# Capabilities rare enough that many of them in one sighting is worth a second look.
RARE_CAPABILITIES = (*SENSITIVE_CAPABILITIES, "thermal", "gunshot_detection", "loudspeaker")


def sync_capabilities(capability_model) -> None:
    """Make the Capability table hold the vocabulary (also given a migration's historical model)."""
    for code, name in CAPABILITIES.items():
        capability_model.objects.update_or_create(code=code, defaults={"name": name})
