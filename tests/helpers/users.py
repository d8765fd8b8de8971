"""Staff accounts for the tests: a superuser, or staff holding only some permissions."""

from django.contrib.auth.models import Permission, User

PASSWORD = "a-long-test-password"


def make_staff(
    username: str = "editor", *, superuser: bool = False, apps: tuple[str, ...] = (), codenames: tuple[str, ...] = ()
) -> User:
    """A staff user who may sign in with PASSWORD: a superuser, or staff with every permission of `apps`
    and the permissions named in `codenames` (fetched again, so the permission cache is fresh)."""
    if superuser:
        return User.objects.create_superuser(username, f"{username}@dmath.example", PASSWORD)
    user = User.objects.create_user(username, password=PASSWORD, is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label__in=apps))
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return User.objects.get(pk=user.pk)
