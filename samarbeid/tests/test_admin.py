"""The admin is the secretariat's editing product: open to editors, closed to everyone else."""

import pytest
from django.contrib import admin
from django.urls import reverse

from samarbeid.models import Body, Membership, Organisation, Person

OUR_APPS = {"samarbeid", "moter", "handlingsplan", "avtaler", "auth"}


def admin_pages():
    """(name, url-builder) for every list, add, change and history page of our models."""
    pages = []
    for model in admin.site._registry:
        meta = model._meta
        if meta.app_label not in OUR_APPS or meta.model_name in {"group"}:
            continue
        prefix = f"admin:{meta.app_label}_{meta.model_name}"
        pages.append((f"{prefix}_changelist", model, None))
        pages.append((f"{prefix}_add", model, None))
        pages.append((f"{prefix}_change", model, "pk"))
        pages.append((f"{prefix}_history", model, "pk"))
    return pages


PAGES = admin_pages()


def page_url(name, model, needs_pk):
    if not needs_pk:
        return reverse(name)
    obj = model._default_manager.order_by("pk").first()
    return reverse(name, args=[obj.pk])


MODELS = sorted({model for _, model, _ in PAGES}, key=lambda m: m._meta.label)


@pytest.mark.parametrize("model", MODELS, ids=[m._meta.label for m in MODELS])
def test_it_opens_every_admin_page_to_the_editor(editor_client, demo, model):
    # One model's list, add, change and history pages per test: the demo loads once for them.
    for name, page_model, needs_pk in PAGES:
        if page_model is model:
            response = editor_client.get(page_url(name, model, needs_pk))
            assert response.status_code == 200, name


@pytest.mark.parametrize("persona", ["member_client", "other_member_client", "client"])
@pytest.mark.parametrize(("name", "model", "needs_pk"), PAGES, ids=[p[0] for p in PAGES])
def test_it_refuses_every_admin_page_to_others(request, persona, name, model, needs_pk):
    client = request.getfixturevalue(persona)
    # The refusal comes before any lookup, so any id will do.
    response = client.get(reverse(name, args=[1]) if needs_pk else reverse(name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_it_records_the_editor_in_the_history(editor_client, editor, demo):
    ssu = Body.objects.get(slug="ssu")
    url = reverse("admin:samarbeid_body_change", args=[ssu.pk])
    data = {
        "short_name": "SSU",
        "name_nn": ssu.name_nn,
        "name_nb": ssu.name_nb,
        "slug": "ssu",
        "kind": "ssu",
        "parent": ssu.parent_id,
        "mandate": "Endra mandat",
        "active_from": "",
        "active_to": "",
        "order": 20,
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        "standing_items-TOTAL_FORMS": "0",
        "standing_items-INITIAL_FORMS": "0",
    }
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].errors
    latest = ssu.history.first()
    assert latest.history_user == editor
    assert latest.mandate == "Endra mandat"
    history_page = editor_client.get(reverse("admin:samarbeid_body_history", args=[ssu.pk]))
    assert "redaktor" in history_page.content.decode()


def test_it_explains_a_bad_period_in_the_admin(editor_client, demo):
    response = editor_client.post(
        reverse("admin:samarbeid_organisation_add"),
        {
            "short_name_nn": "Ny",
            "name_nn": "Ny kommune",
            "slug": "ny",
            "kind": "kommune",
            "valid_from": "2026-02-01",
            "valid_to": "2026-01-01",
        },
    )
    assert response.status_code == 200
    assert not Organisation.objects.filter(slug="ny").exists()
    errors = response.context["adminform"].form.non_field_errors()
    assert errors, "the form should say what is wrong"


def test_it_keeps_superusers_and_rights_out_of_the_editors_reach(editor_client, django_user_model):
    boss = django_user_model.objects.create_superuser("sjef", password="pw")
    response = editor_client.get(reverse("admin:auth_user_change", args=[boss.pk]))
    assert response.status_code == 302  # not found for editors: back to the list
    own = editor_client.get(reverse("admin:auth_user_changelist"))
    assert "sjef" not in own.content.decode()


def test_it_gives_the_editors_group_rights_to_the_registry(editor):
    for model in (Body, Organisation, Person, Membership):
        assert editor.has_perm(f"samarbeid.change_{model._meta.model_name}")
    assert not editor.has_perm("auth.change_group")
