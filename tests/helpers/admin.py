"""A row's change page in the admin, and its form's fields as the browser would send them."""

from tests.helpers.htmltext import form_fields


def change_url(obj) -> str:
    return f"/admin/{obj._meta.app_label}/{obj._meta.model_name}/{obj.pk}/change/"


def form_of(client, obj) -> dict[str, str]:
    """The fields of `obj`'s change form, as `client` is shown them."""
    return form_fields(client.get(change_url(obj)).content.decode(), f"{obj._meta.model_name}_form")


def field_holding(data: dict[str, str], value: str) -> str:
    """The name of the form field that holds `value` (such as an inline row's text)."""
    return next(name for name, held in data.items() if held == value)
