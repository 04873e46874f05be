"""The second factor: TOTP devices (django-otp), required when TWO_FACTOR_REQUIRED is on.

TWO_FACTOR_REQUIRED follows DEBUG unless set: a real server asks moderators and staff for a
one-time code after their password; `make run` does not. A user who has passed the password
but not the code is logged in yet holds no moderator or staff power: every such check goes
through `verified()`.
"""

import base64

import qrcode
import qrcode.image.svg
from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice


def verified(user) -> bool:
    """Whether the user may use moderator or staff rights in this session."""
    if not settings.TWO_FACTOR_REQUIRED:
        return True
    is_verified = getattr(user, "is_verified", None)  # set by django-otp's middleware
    return bool(is_verified and is_verified())


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def enrolment_device(user) -> TOTPDevice:
    """The device being set up: the same secret until it is confirmed, so a reload is harmless."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


def secret(device: TOTPDevice) -> str:
    """The base32 secret, in groups of four, for typing into an app by hand."""
    text = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// URI as an inline SVG QR code: drawn here, no third party sees the secret."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return image.to_string(encoding="unicode")
