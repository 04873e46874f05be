"""Give existing claims the basis they really have.

Imported cameras' capabilities and links came with their source's tags (`tagged`); what a
sighting added, or a hand edit that cited nothing, is `reported`; what an Evidence record about
the camera supports is `documented`, with that evidence.
"""

from django.db import migrations

LINKS = ("operator", "vendor", "program")


def _from_sightings(Revision):
    """(camera id, capability codes, link names) that an approved sighting last changed."""
    changed = {}
    for revision in Revision.objects.filter(reason__startswith="Sighting #").order_by("id"):
        before, after = revision.before or {}, revision.after
        codes = set(after.get("capabilities", [])) - set(before.get("capabilities", []))
        links = {n for n in LINKS if after.get(f"{n}_id") and after.get(f"{n}_id") != before.get(f"{n}_id")}
        entry = changed.setdefault(revision.camera_id, (set(), set()))
        entry[0].update(codes)
        entry[1].update(links)
    return changed


def forwards(apps, schema_editor):
    Camera = apps.get_model("cameras", "Camera")
    Link = apps.get_model("cameras", "CameraCapability")
    Revision = apps.get_model("cameras", "Revision")
    SourceRecord = apps.get_model("imports", "SourceRecord")
    Evidence = apps.get_model("transparency", "Evidence")
    imported = SourceRecord.objects.values("camera_id")
    Link.objects.filter(camera_id__in=imported).update(basis="tagged")
    Link.objects.exclude(camera_id__in=imported).update(basis="reported")
    for name in LINKS:
        linked = Camera.objects.filter(**{f"{name}__isnull": False})
        linked.filter(id__in=imported).update(**{f"{name}_basis": "tagged"})
        linked.exclude(id__in=imported).update(**{f"{name}_basis": "reported"})
    for camera_id, (codes, links) in _from_sightings(Revision).items():
        Link.objects.filter(camera_id=camera_id, capability__code__in=codes).update(
            basis="reported"
        )
        Camera.objects.filter(id=camera_id).update(**{f"{n}_basis": "reported" for n in links})
    for evidence in Evidence.objects.filter(camera__isnull=False).order_by("id"):
        camera = Camera.objects.get(id=evidence.camera_id)
        supports = set(evidence.supports)
        for name in LINKS:
            if name in supports and getattr(camera, f"{name}_id"):
                setattr(camera, f"{name}_basis", "documented")
                camera.claim_evidence.setdefault(name, []).append(evidence.id)
        camera.save(update_fields=[*(f"{n}_basis" for n in LINKS), "claim_evidence"])
        for link in Link.objects.filter(camera_id=camera.id).select_related("capability"):
            if {"capabilities", f"capability:{link.capability.code}"} & supports:
                link.basis = "documented"
                link.evidence = [*link.evidence, evidence.id]
                link.save(update_fields=["basis", "evidence"])


class Migration(migrations.Migration):
    dependencies = [
        ("cameras", "0005_claim_basis"),
        ("imports", "0001_initial"),
        ("transparency", "0003_evidence_basis_attribution"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
