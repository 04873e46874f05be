"""The sighting form, shared by the web page and the API so both validate alike."""

from django import forms
from django.conf import settings
from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from surveillance_map.cameras.models import DESCRIPTION_FIELDS, Camera
from surveillance_map.cameras.vocabularies import (
    CAPABILITIES,
    CameraType,
    Dataset,
    Mount,
    Placement,
    SurveillanceType,
    Zone,
)
from surveillance_map.lib.text import public_name, strip_unsafe_characters
from surveillance_map.sightings.intake import check_upload
from surveillance_map.sightings.models import Sighting
from surveillance_map.sightings.photos import check_photos

DONT_KNOW = [("", _("Don't know"))]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.FileField):
    widget = MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleImageField, self).clean(f, initial) for f in files]


def _choice(vocabulary, label):
    return forms.ChoiceField(
        label=label,
        choices=DONT_KNOW + list(vocabulary.choices),
        required=False,
        widget=forms.RadioSelect,
    )


def _degrees(label, low, high, help_text=""):
    message = format_lazy(
        _("{label} must be a whole number of degrees from {low} to {high}."),
        label=label,
        low=low,
        high=high,
    )
    return forms.IntegerField(
        label=label,
        min_value=low,
        max_value=high,
        required=False,
        help_text=help_text,
        error_messages={"min_value": message, "max_value": message, "invalid": message},
    )


def _coordinate(label, limit):
    message = format_lazy(
        _("{label} must be a number from -{limit} to {limit}."), label=label, limit=limit
    )
    return forms.FloatField(
        label=label,
        min_value=-limit,
        max_value=limit,
        required=False,
        error_messages={"min_value": message, "max_value": message, "invalid": message},
    )


class SightingForm(forms.Form):
    # Fields whose messages already name them (the error summary adds no label to these).
    self_naming = ("latitude", "longitude", "direction", "angle_of_view", "photos", "camera")

    kind = forms.ChoiceField(
        choices=Sighting.Kind.choices,
        initial=Sighting.Kind.NEW,
        required=False,
        widget=forms.HiddenInput,
    )
    camera = forms.IntegerField(required=False, widget=forms.HiddenInput)
    latitude = _coordinate(_("Latitude"), 90)
    longitude = _coordinate(_("Longitude"), 180)
    surveillance_type = _choice(SurveillanceType, _("Type"))
    camera_type = _choice(CameraType, _("Camera type"))
    mount = _choice(Mount, _("Mounted on"))
    placement = _choice(Placement, _("Watching"))
    zone = _choice(Zone, _("Zone"))
    direction = _degrees(_("Direction"), 0, 359, _("Compass degrees: 0 is north, 90 east."))
    angle_of_view = _degrees(_("Angle of view"), 1, 360, _("How wide it sees, in degrees."))
    capabilities = forms.MultipleChoiceField(
        label=_("It can (if you know)"),
        choices=[(code, _(name)) for code, name in CAPABILITIES.items()],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    operator_name = forms.CharField(label=_("Operator"), max_length=200, required=False)
    vendor_name = forms.CharField(label=_("Maker"), max_length=200, required=False)
    note = forms.CharField(
        label=_("Note"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    photos = MultipleImageField(label=_("Photos"), required=False)
    zoom = forms.IntegerField(min_value=0, max_value=22, required=False, widget=forms.HiddenInput)
    # Set once the sender has seen the plausibility warnings and sends the sighting anyway.
    send_anyway = forms.BooleanField(required=False, widget=forms.HiddenInput)
    # A honeypot: hidden from people, filled in by form-filling bots.
    website = forms.CharField(label=_("Leave this empty"), required=False)

    # Operator and maker names become public names: no control or direction-changing
    # characters (they could make one name display as another); the note keeps its lines.
    def clean_operator_name(self):
        return public_name(self.cleaned_data["operator_name"])

    def clean_vendor_name(self):
        return public_name(self.cleaned_data["vendor_name"])

    def clean_note(self):
        return strip_unsafe_characters(self.cleaned_data["note"], keep="\n\t").strip()

    def clean_kind(self):
        return self.cleaned_data["kind"] or Sighting.Kind.NEW

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise ValidationError(_("This field must stay empty."))
        return ""

    def clean_camera(self):
        camera_id = self.cleaned_data["camera"]
        if camera_id is None:
            return None
        camera = Camera.objects.filter(pk=camera_id, dataset=Dataset.REAL).first()
        if camera is None:
            raise ValidationError(_("There is no camera #%(id)s.") % {"id": camera_id})
        return camera

    def clean_photos(self):
        """The uploads that pass the cheap checks; a background job cleans them."""
        files = self.cleaned_data["photos"]
        limit = settings.SIGHTING_PHOTOS_MAX
        if len(files) > limit:
            raise ValidationError(
                _("At most %(limit)s photos, please (%(sent)s sent).")
                % {"limit": limit, "sent": len(files)}
            )
        labels = [
            _("Photo %(n)s (%(name)s)") % {"n": number, "name": upload.name}
            for number, upload in enumerate(files, start=1)
        ]
        check_photos(files, labels)  # every header and the request's budget, before decoding
        cleaned, errors = [], []
        for upload, label in zip(files, labels, strict=True):
            try:
                cleaned.append(check_upload(upload, label=label))
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return cleaned

    def clean(self):
        data = super().clean()
        kind, camera = data.get("kind"), data.get("camera")
        if kind == Sighting.Kind.NEW:
            camera = data["camera"] = None  # a new camera is about no existing one
        if kind and kind != Sighting.Kind.NEW and camera is None and "camera" not in self.errors:
            self.add_error("camera", _("Say which camera this is about."))
        if "latitude" in self.errors or "longitude" in self.errors:
            return data
        lat, lon = data.get("latitude"), data.get("longitude")
        if lat is None or lon is None:
            if camera is not None and kind in (Sighting.Kind.GONE, Sighting.Kind.CONFIRM):
                data["location"] = camera.location
            else:
                self.add_error(
                    "latitude", _("Put the camera on the map (or give its coordinates).")
                )
        else:
            data["location"] = Point(lon, lat, srid=4326)
        return data

    def sighting_fields(self) -> dict:
        """The cleaned values, as `services.sighting_submit` takes them."""
        data = self.cleaned_data
        return {
            "location": data["location"],
            **{name: data[name] for name in DESCRIPTION_FIELDS},
            "capabilities": sorted(data["capabilities"]),
            "operator_name": data["operator_name"].strip(),
            "vendor_name": data["vendor_name"].strip(),
            "note": data["note"].strip(),
            "placed_at_zoom": data.get("zoom"),
        }


def initial_for(camera: Camera) -> dict:
    """Prefill the form with a camera's current values, for "something is wrong"."""
    initial = {name: getattr(camera, name) for name in DESCRIPTION_FIELDS}
    initial.update(
        camera=camera.pk,
        latitude=round(camera.location.y, 7),
        longitude=round(camera.location.x, 7),
        capabilities=list(camera.capabilities.values_list("code", flat=True)),
        operator_name=camera.operator.name if camera.operator else "",
        vendor_name=camera.vendor.name if camera.vendor else "",
    )
    return initial
