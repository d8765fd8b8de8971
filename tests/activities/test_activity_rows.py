"""A registered kind's catalogue row exists without a fixture: made from its listing after migrate and load_seed."""

import json

import pytest
from django.core.management import call_command

from activities.kinds import REGISTRY
from activities.models import Activity
from activities.services import activity_rows_create_missing

pytestmark = pytest.mark.django_db


def test_a_migrated_database_has_a_row_for_every_registered_kind_and_its_page(client):
    # No fixture loaded: the rows come from the post_migrate handler that made the test database.
    assert sorted(Activity.objects.values_list("slug", flat=True)) == sorted(REGISTRY)
    clt = Activity.objects.get(slug="clt")
    assert clt.title == "Central Limit Theorem Simulator"  # the seed's words, from the kind's listing
    assert clt.pk == REGISTRY["clt"].listing.position
    assert clt.history.count() == 1  # its first version, so staff's first edit shows as a change
    response = client.get("/activities/clt/")
    assert response.status_code == 200
    assert "Central Limit Theorem Simulator" in response.content.decode()


def test_missing_rows_are_created_and_existing_ones_left_as_staff_edited_them():
    Activity.objects.filter(slug="clt").delete()
    Activity.objects.filter(slug="distributions").update(title="Edited by staff")

    assert activity_rows_create_missing() == ["clt"]
    assert Activity.objects.get(slug="distributions").title == "Edited by staff"
    assert Activity.objects.get(slug="clt").instructions.startswith("Sample n values, take their average")
    assert activity_rows_create_missing() == []  # a second call finds nothing missing
    assert Activity.objects.count() == len(REGISTRY)


def test_the_seed_loads_over_made_rows_and_a_taken_seed_key_gives_the_next_key():
    call_command("loaddata", "programme", "activities", verbosity=0)  # the seed's rows, by the same keys
    assert Activity.objects.count() == len(REGISTRY)  # updated, not doubled
    clt = Activity.objects.get(slug="clt")
    assert clt.pk == REGISTRY["clt"].listing.position
    Activity.objects.filter(slug="clt").update(slug="clt-renamed")  # another row holds clt's seed key
    assert activity_rows_create_missing() == ["clt"]
    assert Activity.objects.get(slug="clt").pk not in (clt.pk, None)


def test_each_folders_listing_is_its_seed_row_word_for_word(settings):
    """A kind's slug (its folder's name) and its listing.json say what fixtures/activities.json says."""
    rows = json.loads((settings.BASE_DIR / "fixtures" / "activities.json").read_text("utf-8"))
    seed = {row["fields"]["slug"]: row for row in rows if row["model"] == "activities.activity"}
    assert sorted(seed) == sorted(REGISTRY)
    for slug, kind in REGISTRY.items():
        listing, row = kind.listing, seed[slug]
        assert listing.position == row["pk"]
        assert (listing.title, listing.instructions, listing.hint) == (
            row["fields"]["title"],
            row["fields"]["instructions"],
            row["fields"]["hint"],
        )
