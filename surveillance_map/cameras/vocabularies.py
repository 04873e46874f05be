"""Controlled vocabularies of a camera record.

Values follow OpenStreetMap's surveillance tags (DESIGN.md §4), so a value stored here is also
the value written back to OSM. Synonyms seen in real data map onto these in `osm_tags`.
"""

from django.db import models


class SurveillanceType(models.TextChoices):
    CAMERA = "camera", "Camera"
    ALPR = "ALPR", "Plate reader (ALPR)"
    GUARD = "guard", "Guard"
    GUNSHOT_DETECTOR = "gunshot_detector", "Gunshot detector"


class CameraType(models.TextChoices):
    FIXED = "fixed", "Fixed"
    DOME = "dome", "Dome"
    PANNING = "panning", "Panning (PTZ)"


class Mount(models.TextChoices):
    WALL = "wall", "Wall"
    POLE = "pole", "Pole"
    CEILING = "ceiling", "Ceiling"
    STREET_LAMP = "street_lamp", "Street lamp"
    TRAFFIC_SIGNALS = "traffic_signals", "Traffic signals"
    BUILDING = "building", "Building"
    ROOF = "roof", "Roof"
    MAST = "mast", "Mast"
    GANTRY = "gantry", "Gantry"
    TREE = "tree", "Tree"


class Zone(models.TextChoices):
    TOWN = "town", "Town"
    TRAFFIC = "traffic", "Traffic"
    PARKING = "parking", "Parking"
    SHOP = "shop", "Shop"
    BANK = "bank", "Bank"
    ATM = "atm", "ATM"
    BUILDING = "building", "Building"
    ENTRANCE = "entrance", "Entrance"
    PUBLIC_TRANSPORT = "public_transport", "Public transport"
    AREA = "area", "Area"
    STREET = "street", "Street"


class Placement(models.TextChoices):
    PUBLIC = "public", "Public space"
    OUTDOOR = "outdoor", "Outdoor (private ground)"
    INDOOR = "indoor", "Indoor"


class Status(models.TextChoices):
    ACTIVE = "active", "Active"
    REMOVED = "removed", "Removed"
    UNKNOWN = "unknown", "Unknown"


class OperatorType(models.TextChoices):
    GOVERNMENT = "government", "Government"
    POLICE = "police", "Police"
    TRANSPORT = "transport", "Transport"
    PRIVATE = "private", "Private"
    UNKNOWN = "unknown", "Unknown"


class Dataset(models.TextChoices):
    """Where a record comes from: synthetic rows must never pass for real ones."""

    REAL = "real", "Real"
    SYNTHETIC = "synthetic", "Synthetic (benchmarks only)"


# The capability vocabulary; Capability rows are created from this list by a data migration.
CAPABILITIES = {
    "face_recognition": "Face recognition",
    "plate_reading": "Number-plate reading",
    "audio": "Audio recording",
    "infrared": "Infrared / night vision",
    "thermal": "Thermal imaging",
    "ptz": "Pan-tilt-zoom",
    "analytics": "Video analytics",
    "loudspeaker": "Loudspeaker",
    "gunshot_detection": "Gunshot detection",
    "cloud_connected": "Cloud connected",
}


def sync_capabilities(capability_model) -> None:
    """Make the Capability table hold the vocabulary (also given a migration's historical model)."""
    for code, name in CAPABILITIES.items():
        capability_model.objects.update_or_create(code=code, defaults={"name": name})
