"""Give a staff user a TOTP device and print what their authenticator app needs."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = (
        "Create a TOTP device for a staff user and print its otpauth:// URL and secret, to add to an "
        "authenticator app. The URL is shown once: it is the second factor, treat it as a password."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="authenticator app", help="a label for the device")
        parser.add_argument("--replace", action="store_true", help="delete the user's other TOTP devices first")

    def handle(self, *args, username: str, name: str, replace: bool, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        if not user.is_staff:
            raise CommandError(f"{username!r} is not staff: only staff sign in to the admin.")
        if replace:
            TOTPDevice.objects.filter(user=user).delete()
        device = TOTPDevice.objects.create(user=user, name=name, confirmed=True)
        secret = device.config_url.split("secret=")[1].split("&")[0]
        self.stdout.write(f"TOTP device {device.name!r} created for {username}.")
        self.stdout.write("Add it to an authenticator app (scan this URL as a QR code, or type the secret):")
        self.stdout.write(f"  {device.config_url}")
        self.stdout.write(f"  secret: {secret}")
        self.stdout.write("Then sign in at /admin/ with the password and the app's current 6-digit code.")
