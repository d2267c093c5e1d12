"""Access and privacy rules, each through the path a user takes: the secretariat is the
group, not staff status; the group gets every permission on a fresh `migrate`; private names
are roles in public output, frozen PDFs included; a published version can be withdrawn for a
privacy error; the public notice is remade when a case's public access changes."""

import shutil
import sqlite3

import pytest
from django.test import Client
from django.urls import reverse

from moter.models import AgendaItem, FollowUp, Meeting, MeetingDocument
from tests.dbsnapshot import kept
from tests.test_access_sweep import ALL, INTERNAL, build_world, case_kwargs, meeting_kwargs


@pytest.fixture
def world(db, settings, baseline_rows):
    settings.LANGUAGE_CODE = "nn"
    return kept(build_world, baseline_rows)  # made once per test process (tests.dbsnapshot)


def logged_in(world, role):
    client = Client()
    client.force_login(world["users"][role])
    return client


def pdf_of(document, pdf_text):
    with document.file.open("rb") as f:
        return pdf_text(f.read())


# --- The secretariat is the group --------------------------------------------------------


def test_a_staff_login_without_the_group_is_not_the_secretariat(world):
    staff = logged_in(world, "staff_no_group")
    follow_up = world["follow_up"]
    assert staff.get(reverse("arbeid:dashboard")).status_code == 403
    assert staff.get(reverse("arbeid:follow_ups")).status_code == 403
    response = staff.post(reverse("arbeid:close", args=[follow_up.pk]), {"case": ""})
    assert response.status_code == 403
    round_url = reverse("handlingsplan:status_round", args=[world["plan"].slug])
    assert staff.post(f"{round_url}?dato=2026-10-01", {}).status_code == 403
    unpublished = reverse("moter:meeting", kwargs=meeting_kwargs(world["planned"]))
    assert staff.get(unpublished).status_code == 404
    assert staff.get(reverse("admin:moter_meeting_changelist")).status_code == 403
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUp.Status.OPEN


def test_the_group_member_is_the_secretariat(world):
    secretariat = logged_in(world, "secretariat")
    assert secretariat.get(reverse("arbeid:dashboard")).status_code == 200
    unpublished = reverse("moter:meeting", kwargs=meeting_kwargs(world["planned"]))
    assert INTERNAL["unpublished_title"] in secretariat.get(unpublished).content.decode()


def test_workspace_steps_need_their_permission(world):
    """A secretary whose group lacks a permission is refused that step (and only that)."""
    from django.contrib.auth.models import Permission

    user = world["users"]["staff_no_group"]
    user.user_permissions.add(Permission.objects.get(codename="secretariat"))
    client = logged_in(world, "staff_no_group")
    assert client.get(reverse("arbeid:dashboard")).status_code == 200
    close = reverse("arbeid:close", args=[world["follow_up"].pk])
    assert client.get(close).status_code == 403
    user.user_permissions.add(
        Permission.objects.get(codename="change_followup"),
        Permission.objects.get(codename="view_followup"),
    )
    assert logged_in(world, "staff_no_group").get(close).status_code == 200


def test_a_fresh_migrate_gives_the_group_every_permission(fresh_sqlite, tmp_path):
    """`migrate` on an empty database, once, as an operator runs it (conftest.py's
    `fresh_sqlite`, made once per run: the killed-worker test starts from it too)."""
    db = sqlite3.connect(shutil.copy(fresh_sqlite, tmp_path / "samarbeid.sqlite3"))
    wanted = db.execute(
        "SELECT count(*) FROM auth_permission p JOIN django_content_type c"
        " ON p.content_type_id = c.id WHERE c.app_label IN"
        " ('samarbeid', 'moter', 'handlingsplan', 'avtaler', 'medlem', 'auth')"
        " AND NOT (c.app_label = 'auth' AND c.model IN ('group', 'permission'))"
    ).fetchone()[0]
    given = db.execute(
        "SELECT count(*) FROM auth_group_permissions gp JOIN auth_group g"
        " ON gp.group_id = g.id WHERE g.name = 'Sekretariatet'"
    ).fetchone()[0]
    apps = {row[0] for row in db.execute(
        "SELECT DISTINCT c.app_label FROM auth_group_permissions gp"
        " JOIN auth_permission p ON gp.permission_id = p.id"
        " JOIN django_content_type c ON p.content_type_id = c.id"
    )}  # fmt: skip
    assert wanted > 150
    assert given == wanted
    assert {"samarbeid", "moter", "handlingsplan", "avtaler"} <= apps


# --- Private names -----------------------------------------------------------------------


def test_a_private_dissenter_and_presenter_are_named_by_role_in_public(world, pdf_text):
    case = reverse("moter:case", kwargs=case_kwargs(world["open_case"]))
    public_case = Client().get(case).content.decode()
    assert INTERNAL["private_name"] not in public_case
    assert "Brukarrepresentant, kommunane" in public_case  # the dissent's author
    assert "rådgjevar" in public_case  # the presenter's title, without the name
    frozen = pdf_of(world["published"].published_minutes(), pdf_text)
    assert INTERNAL["private_name"] not in frozen
    assert INTERNAL["private_substitute"] not in frozen
    assert "Dissens (Brukarrepresentant, kommunane)" in " ".join(frozen.split())
    member_case = logged_in(world, "member").get(case).content.decode()
    assert INTERNAL["private_name"] in member_case


# --- Withdrawing a published version -----------------------------------------------------


def test_a_version_withdrawn_for_a_privacy_error_is_no_longer_served(world, pdf_text):
    meeting = world["published"]
    secretariat = logged_in(world, "secretariat")
    step = reverse("admin:moter_meeting_transition", args=[meeting.pk, "withdraw"])
    assert secretariat.post(step, {"reason": ""}).status_code == 200  # asks for the reason
    assert meeting.documents.served().filter(kind="referat").count() == 1
    response = secretariat.post(step, {"reason": "Namnet til ein privatperson stod i sak 2."})
    assert response.status_code == 302
    meeting.refresh_from_db()
    document = meeting.documents.get(kind=MeetingDocument.Kind.MINUTES, version=1)
    assert document.withdrawn_reason == "Namnet til ein privatperson stod i sak 2."
    assert document.withdrawn_by == world["users"]["secretariat"]
    assert meeting.status == Meeting.Status.APPROVED

    v1 = reverse("moter:minutes_pdf", kwargs={**meeting_kwargs(meeting), "version": 1})
    page = reverse("moter:meeting", kwargs=meeting_kwargs(meeting))
    assert Client().get(v1).status_code == 404  # no version out: the minutes are not public
    # The public notice only: none of the markers (not just "Zq", which a CSRF token may hold).
    notice = Client().get(page).content.decode()
    assert not [marker for marker in ALL.values() if marker in notice]
    member = logged_in(world, "member")
    assert member.get(v1).status_code == 410

    meeting.publish()  # the corrected version
    assert Client().get(page).status_code == 200
    assert Client().get(v1).status_code == 410
    v2 = reverse("moter:minutes_pdf", kwargs={**meeting_kwargs(meeting), "version": 2})
    response = Client().get(v2)
    assert response.status_code == 200
    assert "Versjon 1 av referatet vart trekt tilbake" in Client().get(page).content.decode()
    assert meeting.documents.get(version=2).reason.startswith(
        "Retta etter at versjon 1 vart trekt tilbake"
    )


# --- The public notice -------------------------------------------------------------------


def test_a_case_exempted_after_the_notice_is_left_out_of_the_public_notice(
    world, pdf_text, django_capture_on_commit_callbacks
):
    meeting = world["published"]
    case = AgendaItem.objects.get(pk=world["open_case"].pk)
    notice = reverse("moter:notice_pdf", kwargs=meeting_kwargs(meeting))
    assert "Open case" in pdf_text(b"".join(Client().get(notice).streaming_content))
    with django_capture_on_commit_callbacks(execute=True):
        case.access = AgendaItem.Access.EXEMPT
        case.legal_basis = "offl. § 13"
        case.public_title = "Unnateken sak"
        case.save()
    meeting.refresh_from_db()
    assert not meeting.public_notice_outdated
    public = pdf_text(b"".join(Client().get(notice).streaming_content))
    assert "Open case" not in public
    assert "Unnateken sak" in public
    # The original stays for the members.
    original = reverse(
        "moter:notice_version_pdf", kwargs={**meeting_kwargs(meeting), "version": 1}
    )
    assert Client().get(original).status_code == 404
    member = logged_in(world, "member")
    assert "Open case" in pdf_text(b"".join(member.get(original).streaming_content))


def test_while_the_notice_is_remade_the_public_gets_a_try_again_page(world):
    meeting = world["published"]
    Meeting.objects.filter(pk=meeting.pk).update(public_notice_outdated=True)
    notice = reverse("moter:notice_pdf", kwargs=meeting_kwargs(meeting))
    response = Client().get(notice)
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert logged_in(world, "member").get(notice).status_code == 200
    meeting.refresh_public_notice()
    assert Client().get(notice).status_code == 200
    assert meeting.refresh_public_notice() is None  # a second run does nothing
