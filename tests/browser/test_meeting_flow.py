"""A secretary's whole pass through a meeting in a real browser (issue 13, "Tests"): starting
mid-year at case 20, planning the agenda with an exempt case and a proposed decision, the
notice after its preview, attendance with a substitute called in with one click, the minutes
with decisions and a dissent, postponing a case and approving the previous minutes in case 1
of the next meeting. Each test asserts the public page and the PDF text, and runs axe-core on
the admin screens it uses (the main content; at 1280 px, and at 375 px for its step, which
must not scroll sideways there).

Each test is independent: it builds what it needs on the demo data. Selectors use field
names, URLs and classes; the texts asserted are the nynorsk the secretary and the public read.
"""

import datetime
import re
from zoneinfo import ZoneInfo

from django.urls import reverse

from tests.browser.conftest import admin_login, save_and_continue

OSLO = ZoneInfo("Europe/Oslo")
MAIN = {"include": ["#content-main"]}
NARROW = {"width": 375, "height": 800}
WIDE = {"width": 1280, "height": 900}


def no_errors(page):
    assert page.locator(".errornote").count() == 0, page.locator(
        ".errornote, .errorlist"
    ).all_inner_texts()


def take_step(page, meeting, step):
    """A lifecycle step of the meeting: its confirmation page, then confirm it."""
    page.goto(reverse("admin:moter_meeting_transition", args=[meeting.pk, step]))
    with page.expect_navigation(timeout=120_000):
        page.locator("#content-main input[type=submit]").click()
    assert page.locator("ul.messagelist li.success").count() == 1, page.locator(
        "ul.messagelist, .errornote"
    ).all_inner_texts()


def words(text):
    return " ".join(text.split())


def row_prefix(page, group, pk):
    """The inline form prefix ("items-3") of the row whose hidden id is `pk`."""
    name = page.locator(f"#{group}-group input[name$='-id'][value='{pk}']").get_attribute("name")
    return name.removesuffix("-id")


def make_meeting(body, day, place="Bergen"):
    from moter.models import Meeting

    return Meeting.objects.create(
        body=body,
        starts_at=datetime.datetime.combine(day, datetime.time(9), tzinfo=OSLO),
        ends_at=datetime.datetime.combine(day, datetime.time(12), tzinfo=OSLO),
        place=place,
    )


# --- 1. Starting mid-year, the agenda, the notice after its preview ----------------------


def test_mid_year_start_agenda_with_exempt_case_and_notice_after_preview(
    new_page, editor_login, assert_no_axe_violations, pdf_text, assert_no_horizontal_overflow
):
    from moter.mail import notice_recipients
    from moter.models import AgendaItem, Meeting, NumberStart
    from samarbeid.models import Body

    ssu = Body.objects.get(slug="ssu")
    page = new_page()

    # The secretariat takes the app into use in 2027 after case 19/27 was numbered elsewhere.
    admin_login(page, editor_login, reverse("admin:moter_numberstart_add"))
    page.select_option("#id_body", str(ssu.pk))
    page.fill("#id_year", "2027")
    page.fill("#id_first_case", "20")
    assert_no_axe_violations(page, context=MAIN)
    with page.expect_navigation():
        page.locator("input[name=_save]").click()
    no_errors(page)
    assert NumberStart.first_numbers(ssu.pk, 2027) == (1, 20)

    # The add form, with the body's standing items ticked (the default).
    page.goto(reverse("admin:moter_meeting_add"))
    page.select_option("#id_body", str(ssu.pk))
    page.fill("#id_starts_at_0", "10.02.2027")
    page.fill("#id_starts_at_1", "09:00:00")
    page.fill("#id_ends_at_0", "10.02.2027")
    page.fill("#id_ends_at_1", "12:00:00")
    page.fill("#id_place", "Vardesenteret, Haukeland")
    assert page.is_checked("#id_add_standing_items")
    assert_no_axe_violations(page, context=MAIN)
    page.set_viewport_size(NARROW)
    assert_no_axe_violations(page, context=MAIN)
    assert_no_horizontal_overflow(page)
    page.set_viewport_size(WIDE)
    save_and_continue(page)
    meeting = Meeting.objects.get(body=ssu, year=2027)
    standing = list(meeting.items.order_by("order"))
    assert [i.title for i in standing] == [s.title_nn for s in ssu.standing_items.all()]
    assert standing[0].number == "20/27"
    assert "Godkjenning av innkalling" in page.locator("#content-main").inner_text()

    # The Saksliste step: three cases, one exempt with its legal basis, one proposed decision.
    page.goto(f"/admin/moter/meeting/{meeting.pk}/saksliste/")
    first = len(standing)
    cases = [
        ("Ny særavtale om legemiddelberedskap", {}),
        ("Evaluering av samhandlingsstrukturen", {}),
        ("Tilsetjing av ny rådgjevar", {"exempt": True}),
    ]
    for n, (title, _extra) in enumerate(cases, start=first):
        page.locator("#items-group .add-row a").click()
        page.fill(f"#id_items-{n}-title", title)
    page.fill(
        f"#id_items-{first}-proposed_decision",
        "SSU sluttar seg til særavtalen om legemiddelberedskap.",
    )
    exempt = first + 2
    page.select_option(f"#id_items-{exempt}-access", "exempt")
    page.fill(f"#id_items-{exempt}-legal_basis", "offl. § 25")
    page.fill(f"#id_items-{exempt}-public_title", "Personalsak")
    save_and_continue(page)
    items = list(meeting.items.order_by("sequence"))
    assert len(items) >= 4
    assert [i.number for i in items] == [f"{n}/27" for n in range(20, 20 + len(items))]
    secret = AgendaItem.objects.get(meeting=meeting, title="Tilsetjing av ny rådgjevar")
    assert (secret.access, secret.legal_basis) == ("exempt", "offl. § 25")
    proposal = AgendaItem.objects.get(meeting=meeting, title__startswith="Ny særavtale")
    assert proposal.proposed_decision.startswith("SSU sluttar seg til")
    for viewport in (WIDE, NARROW):
        page.set_viewport_size(viewport)
        page.goto(f"/admin/moter/meeting/{meeting.pk}/saksliste/")
        assert_no_axe_violations(page, context=MAIN)
        if viewport is NARROW:
            assert_no_horizontal_overflow(page)
    page.set_viewport_size(WIDE)

    # The preview before the notice goes: the recipients, then send from there. The demo's
    # people have no e-mail addresses; two members get theirs.
    from django.core import mail

    from samarbeid.models import Membership, Person

    holders = Membership.objects.current(datetime.date(2027, 2, 10)).filter(body=ssu)
    people = Person.objects.filter(pk__in=holders.values("person_id")).order_by("pk")[:2]
    for n, person in enumerate(people, start=1):
        Person.objects.filter(pk=person.pk).update(email=f"medlem{n}@example.no")
    mail.outbox = []
    page.goto(reverse("admin:moter_meeting_change", args=[meeting.pk]))
    preview = reverse("admin:moter_meeting_transition", args=[meeting.pk, "issue_notice"])
    with page.expect_navigation():
        page.locator(f"#content a[href='{preview}']").click()
    addresses, missing = notice_recipients(meeting)
    assert addresses
    text = words(page.locator("#content-main").inner_text())
    assert re.search(rf"\b{len(addresses)} mottakar(ar)? \(i blindkopi\)", text), text
    for name in missing:
        assert name in text
    assert "Tilsetjing av ny rådgjevar" in text or "Personalsak" in text
    assert_no_axe_violations(page, context=MAIN)
    page.set_viewport_size(NARROW)
    assert_no_axe_violations(page, context=MAIN)
    assert_no_horizontal_overflow(page)
    page.set_viewport_size(WIDE)
    with page.expect_navigation(timeout=120_000):
        page.locator("#content-main input[type=submit]").click()
    assert page.locator("ul.messagelist li.success").count() == 1
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.NOTICE_ISSUED
    sent = [m for m in mail.outbox if set(m.bcc) == set(addresses)]
    assert len(sent) == 1, [(m.subject, m.bcc) for m in mail.outbox]
    attached = {kind: content for _name, content, kind in sent[0].attachments}
    assert set(attached) == {"application/pdf", "text/calendar"}
    attached_pdf = words(pdf_text(attached["application/pdf"]))  # the public notice
    assert "Personalsak" in attached_pdf and "Tilsetjing" not in attached_pdf

    # The public meeting page and the notice PDF: the agenda from 20/27, the exempt case only
    # by its public title.
    visitor = new_page()
    visitor.goto(meeting.get_absolute_url())
    public = words(visitor.locator("main").inner_text())
    for item in items:
        assert item.number in public
    assert "Ny særavtale om legemiddelberedskap" in public
    assert "Evaluering av samhandlingsstrukturen" in public
    assert "Personalsak" in public and "Tilsetjing" not in public
    assert_no_axe_violations(visitor)
    # (The public reads the case pages once the minutes are published: 404 until then.)
    response = visitor.request.get(
        reverse("moter:notice_pdf", args=[ssu.slug, meeting.year, meeting.number])
    )
    assert response.ok and response.headers["content-type"] == "application/pdf"
    pdf = words(pdf_text(response.body()))
    assert "20/27" in pdf and f"{items[-1].number}" in pdf
    assert "Ny særavtale om legemiddelberedskap" in pdf
    assert "SSU sluttar seg til særavtalen om legemiddelberedskap." in pdf  # the proposal
    assert "Personalsak" in pdf and "Tilsetjing" not in pdf


# --- 2. Attendance: from the seats, an apology, the substitute called in -------------------


def test_attendance_substitute_called_in_sits_in_the_members_group(
    new_page, editor_login, assert_no_axe_violations, pdf_text, assert_no_horizontal_overflow
):
    from moter.models import AgendaItem, Attendance, Meeting
    from moter.tests.conftest import advance
    from samarbeid.models import Body, Membership, member_group

    ssu = Body.objects.get(slug="ssu")
    meeting = make_meeting(ssu, datetime.date(2026, 11, 18))
    AgendaItem.objects.create(meeting=meeting, title="Status for samhandlingsavtalen")
    advance(meeting, "innkalla")
    day = datetime.date(2026, 11, 18)
    seat = (
        Membership.objects.current(day)
        .filter(body=ssu, role=Membership.Role.MEMBER, substitutes__isnull=False)
        .order_by("pk")
        .first()
    )
    assert seat is not None, "the demo has a member of SSU with a personal substitute"
    substitute = seat.substitutes.order_by("pk").first().person  # the first one named

    page = new_page()
    url = f"/admin/moter/meeting/{meeting.pk}/oppmote/"
    admin_login(page, editor_login, url)
    with page.expect_navigation():
        page.locator("button[name=_fill_attendance]").click()
    assert page.locator("ul.messagelist li.success").count() == 1
    row = meeting.attendance.get(person=seat.person)
    prefix = row_prefix(page, "attendance", row.pk)
    page.locator(f"input[name='{prefix}-status'][value='forfall']").check()
    save_and_continue(page)
    assert meeting.attendance.get(pk=row.pk).status == Attendance.Status.APOLOGIES

    their_seat = seat.substitutes.order_by("pk").first()
    button = page.locator(f"button[name=_call_substitute][value='{row.pk}:{their_seat.pk}']")
    assert substitute.name in button.inner_text()
    with page.expect_navigation():
        button.click()
    assert page.locator("ul.messagelist li.success").count() == 1
    called = Attendance.objects.get(meeting=meeting, person=substitute)
    assert (called.status, called.seat_id, called.substitute_for_id) == (
        Attendance.Status.SUBSTITUTE, seat.pk, seat.person_id,
    )  # fmt: skip
    # On the grid the substitute's row sits under the member's group, not the guests'.
    group = str(member_group(seat).label)
    heading = page.evaluate(
        """(id) => {
            const row = document.querySelector(`#attendance-group input[name$='-id'][value='${id}']`)
                .closest('tr');
            for (let r = row.previousElementSibling; r; r = r.previousElementSibling) {
                if (r.classList.contains('attendance-group')) return r.innerText.trim();
            }
            return null;
        }""",
        called.pk,
    )
    assert heading == group, (heading, group)
    for viewport in (WIDE, NARROW):
        page.set_viewport_size(viewport)
        page.goto(url)
        assert_no_axe_violations(page, context=MAIN)
        if viewport is NARROW:
            assert_no_horizontal_overflow(page)
    page.set_viewport_size(WIDE)

    # Held, minutes drafted, approved and published through the screens.
    take_step(page, meeting, "mark_held")
    take_step(page, meeting, "start_minutes")
    take_step(page, meeting, "approve")
    take_step(page, meeting, "publish")
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PUBLISHED

    visitor = new_page()
    visitor.goto(meeting.get_absolute_url())
    lines = visitor.locator("main p", has_text=substitute.name).all_inner_texts()
    present = [words(t) for t in lines if ":" in t]
    assert present, visitor.locator("main").inner_text()
    assert present[0].startswith(f"{group}:"), present
    assert not any(line.startswith("Gjester") for line in present), present
    assert_no_axe_violations(visitor)

    pdf = pdf_text(meeting.published_minutes().file.read())
    flat = words(pdf)
    assert substitute.name in flat
    guests = re.search(r"Gjester[^:]*:([^\n]*)", pdf)
    assert guests is None or substitute.name not in guests.group(1)


# --- 3. The minutes: decisions, a dissent, postponing, approval in the next case 1 -------


def test_minutes_decisions_dissent_postpone_and_approval_at_the_next_meeting(
    new_page, editor_login, assert_no_axe_violations, pdf_text, assert_no_horizontal_overflow
):
    from moter.models import AgendaItem, Meeting, ProtocolEntry
    from moter.tests.conftest import advance
    from samarbeid.models import Body

    ssu = Body.objects.get(slug="ssu")
    november = make_meeting(ssu, datetime.date(2026, 11, 18))
    decided = AgendaItem.objects.create(
        meeting=november, title="Ny særavtale om legemiddelberedskap",
        proposed_decision="SSU sluttar seg til særavtalen.",
    )  # fmt: skip
    later = AgendaItem.objects.create(meeting=november, title="Evaluering av strukturen")
    advance(november, "innkalla")
    november.fill_attendance_from_seats()
    dissenter = november.attendance.order_by("person__name").first().person
    december = make_meeting(ssu, datetime.date(2026, 12, 16))  # the next one, planned
    case_1 = december.items.get(kind=AgendaItem.Kind.APPROVAL)
    assert case_1.approves_minutes_of_id == november.pk

    page = new_page()
    admin_login(page, editor_login, reverse("admin:moter_meeting_change", args=[november.pk]))
    take_step(page, november, "mark_held")

    # The Referat step: the decision starts from the proposal; a dissent by a member.
    page.goto(f"/admin/moter/meeting/{november.pk}/referat/")
    prefix = row_prefix(page, "items", decided.pk)
    assert page.input_value(f"#id_{prefix}-decision") == "SSU sluttar seg til særavtalen."
    page.select_option(f"#id_{prefix}-decision_label", "vedtak")
    page.fill(f"#id_{prefix}-summary", "Sekretariatet orienterte om avtalen.")
    page.select_option(f"#id_{prefix}-new_entry_kind", ProtocolEntry.Kind.DISSENT)
    page.select_option(f"#id_{prefix}-new_entry_person", str(dissenter.pk))
    page.fill(f"#id_{prefix}-new_entry_text", "Røysta mot: avtalen manglar finansiering.")
    save_and_continue(page)
    decided.refresh_from_db()
    assert decided.decision == "SSU sluttar seg til særavtalen."
    entry = ProtocolEntry.objects.get(item=decided)
    assert (entry.kind, entry.person_id) == (ProtocolEntry.Kind.DISSENT, dissenter.pk)
    for viewport in (WIDE, NARROW):
        page.set_viewport_size(viewport)
        page.goto(f"/admin/moter/meeting/{november.pk}/referat/")
        assert_no_axe_violations(page, context=MAIN)
        if viewport is NARROW:
            assert_no_horizontal_overflow(page)
    page.set_viewport_size(WIDE)

    # Postpone a case to December: the link beside it on the Referat step.
    page.goto(f"/admin/moter/meeting/{november.pk}/referat/")
    postpone = reverse("admin:moter_agendaitem_postpone", args=[later.pk])
    with page.expect_navigation():
        page.locator(f"#items-group a[href='{postpone}']").click()
    page.select_option("#id_to", str(december.pk))
    assert_no_axe_violations(page, context=MAIN)
    page.set_viewport_size(NARROW)
    assert_no_axe_violations(page, context=MAIN)
    assert_no_horizontal_overflow(page)
    page.set_viewport_size(WIDE)
    with page.expect_navigation():
        page.locator("#content-main input[type=submit]").click()
    assert page.locator("ul.messagelist li.success").count() == 1
    continued = AgendaItem.objects.get(postponed_from=later)
    assert continued.meeting_id == december.pk

    # November's minutes as a draft; December is held and approves them in its case 1.
    take_step(page, november, "start_minutes")
    advance(december, "halde")
    page.goto(f"/admin/moter/meeting/{december.pk}/referat/")
    approve = reverse("admin:moter_agendaitem_approve_minutes", args=[case_1.pk])
    with page.expect_navigation():
        page.locator(f"#items-group a[href='{approve}']").click()
    assert_no_axe_violations(page, context=MAIN)
    page.set_viewport_size(NARROW)
    assert_no_axe_violations(page, context=MAIN)
    assert_no_horizontal_overflow(page)
    page.set_viewport_size(WIDE)
    page.fill("#id_correction", "I sak om særavtalen skal det stå Helse Bergen.")
    with page.expect_navigation():
        page.locator("#content-main input[type=submit]").click()
    assert page.locator("ul.messagelist li.success").count() == 1
    november.refresh_from_db()
    assert november.status == Meeting.Status.APPROVED and november.approved_in_id == case_1.pk
    take_step(page, november, "publish")
    november.refresh_from_db()
    assert november.status == Meeting.Status.PUBLISHED
    # December's minutes too, so the public may read the continued case's page.
    take_step(page, december, "start_minutes")
    take_step(page, december, "approve")
    take_step(page, december, "publish")

    later.refresh_from_db()
    case_1.refresh_from_db()
    visitor = new_page()
    visitor.goto(later.get_absolute_url())
    text = words(visitor.locator("main").inner_text())
    assert f"Utsett til sak {continued.number}" in text, text
    assert visitor.locator(f"a[href='{continued.get_absolute_url()}']").count() >= 1
    visitor.goto(continued.get_absolute_url())
    text = words(visitor.locator("main").inner_text())
    assert f"Framhald av sak {later.number}" in text, text
    assert_no_axe_violations(visitor)
    visitor.goto(november.get_absolute_url())
    text = words(visitor.locator("main").inner_text())
    assert f"Godkjent i sak {case_1.number}" in text, text
    assert "SSU sluttar seg til særavtalen." in text
    assert "Røysta mot: avtalen manglar finansiering." in text
    assert_no_axe_violations(visitor)

    pdf = words(pdf_text(november.published_minutes().file.read()))
    assert f"Godkjent i sak {case_1.number}" in pdf
    assert f"Utsett til sak {continued.number}" in pdf
    assert "Røysta mot: avtalen manglar finansiering." in pdf
    december.refresh_from_db()
    pdf = words(pdf_text(december.published_minutes().file.read()))
    assert f"Framhald av sak {later.number}" in pdf


# --- 4. "Done when": a 7-case meeting in one pass through the three steps ----------------


def test_a_seven_case_meeting_in_one_pass_through_the_three_steps(
    new_page, editor_login, assert_no_axe_violations, pdf_text
):
    from moter.models import AgendaItem, Attendance, Meeting, ProtocolEntry
    from samarbeid.models import Body, Membership

    ssu = Body.objects.get(slug="ssu")
    page = new_page()
    admin_login(page, editor_login, reverse("admin:moter_meeting_add"))
    page.select_option("#id_body", str(ssu.pk))
    page.fill("#id_starts_at_0", "25.11.2026")
    page.fill("#id_starts_at_1", "09:00:00")
    page.fill("#id_ends_at_0", "25.11.2026")
    page.fill("#id_ends_at_1", "12:00:00")
    page.fill("#id_place", "Bergen rådhus")
    save_and_continue(page)
    meeting = Meeting.objects.get(body=ssu, place="Bergen rådhus")
    december = make_meeting(ssu, datetime.date(2026, 12, 16))  # where a case goes on to

    # Saksliste: six cases after the standing one; one exempt, proposals on two.
    titles = [
        "Ny særavtale om legemiddelberedskap",
        "Evaluering av samhandlingsstrukturen",
        "Tilsetjing av ny rådgjevar",
        "Handlingsplan for 2027",
        "Rapport frå fagrådet",
        "Eventuelt",
    ]
    first = meeting.items.count()
    for n, title in enumerate(titles, start=first):
        page.locator("#items-group .add-row a").click()
        page.fill(f"#id_items-{n}-title", title)
    page.fill(f"#id_items-{first}-proposed_decision", "SSU sluttar seg til særavtalen.")
    page.fill(f"#id_items-{first + 3}-proposed_decision", "SSU vedtek handlingsplanen.")
    page.select_option(f"#id_items-{first + 2}-access", "exempt")
    page.fill(f"#id_items-{first + 2}-legal_basis", "offl. § 25")
    page.fill(f"#id_items-{first + 2}-public_title", "Personalsak")
    save_and_continue(page)
    assert meeting.items.count() == 7
    take_step(page, meeting, "issue_notice")
    take_step(page, meeting, "mark_held")

    # Oppmøte: from the seats, an apology, the substitute called in.
    day = datetime.date(2026, 11, 25)
    seat = (
        Membership.objects.current(day)
        .filter(body=ssu, role=Membership.Role.MEMBER, substitutes__isnull=False)
        .order_by("pk")
        .first()
    )
    stand_in = seat.substitutes.order_by("pk").first()
    page.goto(f"/admin/moter/meeting/{meeting.pk}/oppmote/")
    with page.expect_navigation():
        page.locator("button[name=_fill_attendance]").click()
    row = meeting.attendance.get(person=seat.person)
    prefix = row_prefix(page, "attendance", row.pk)
    page.locator(f"input[name='{prefix}-status'][value='forfall']").check()
    save_and_continue(page)
    with page.expect_navigation():
        page.locator(f"button[name=_call_substitute][value='{row.pk}:{stand_in.pk}']").click()
    assert Attendance.objects.filter(meeting=meeting, person=stand_in.person).exists()

    # Referat: every case but the first and the postponed one decided; a dissent.
    items = {i.title: i for i in meeting.items.all()}
    postponed = items["Rapport frå fagrådet"]
    present = meeting.attendance.filter(status=Attendance.Status.PRESENT)
    dissenter = present.order_by("person__name").first().person
    page.goto(f"/admin/moter/meeting/{meeting.pk}/referat/")
    for title in titles:
        if title == postponed.title:
            continue
        prefix = row_prefix(page, "items", items[title].pk)
        page.select_option(f"#id_{prefix}-decision_label", "vedtak")
        if not page.input_value(f"#id_{prefix}-decision"):
            page.fill(f"#id_{prefix}-decision", f"Vedteke: {title}.")
    prefix = row_prefix(page, "items", items["Handlingsplan for 2027"].pk)
    page.select_option(f"#id_{prefix}-new_entry_kind", ProtocolEntry.Kind.DISSENT)
    page.select_option(f"#id_{prefix}-new_entry_person", str(dissenter.pk))
    page.fill(f"#id_{prefix}-new_entry_text", "Røysta mot handlingsplanen.")
    save_and_continue(page)
    assert AgendaItem.objects.get(pk=items["Handlingsplan for 2027"].pk).decision == (
        "SSU vedtek handlingsplanen."
    )
    page.goto(reverse("admin:moter_agendaitem_postpone", args=[postponed.pk]))
    page.select_option("#id_to", str(december.pk))
    with page.expect_navigation():
        page.locator("#content-main input[type=submit]").click()
    assert page.locator("ul.messagelist li.success").count() == 1
    continued = AgendaItem.objects.get(postponed_from=postponed)

    take_step(page, meeting, "start_minutes")
    take_step(page, meeting, "approve")
    take_step(page, meeting, "publish")
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PUBLISHED

    visitor = new_page()
    visitor.goto(meeting.get_absolute_url())
    public = words(visitor.locator("main").inner_text())
    pdf = words(pdf_text(meeting.published_minutes().file.read()))
    for text in (public, pdf):
        for item in meeting.items.all():
            assert item.number in text
        assert "Personalsak" in text and "Tilsetjing" not in text
        assert "SSU vedtek handlingsplanen." in text
        assert "Røysta mot handlingsplanen." in text
        assert f"Utsett til sak {continued.number}" in text
        assert stand_in.person.name in text
    assert_no_axe_violations(visitor)


# --- 5. Forgiving: an exempt case without its legal basis loses nothing ------------------


def test_an_exempt_case_without_legal_basis_is_refused_and_nothing_typed_is_lost(
    new_page, editor_login, assert_no_axe_violations
):
    from samarbeid.models import Body

    meeting = make_meeting(Body.objects.get(slug="ssu"), datetime.date(2026, 11, 18))
    before = meeting.items.count()
    page = new_page()
    url = f"/admin/moter/meeting/{meeting.pk}/saksliste/"
    admin_login(page, editor_login, url)
    for n, title in enumerate(["Budsjett for 2027", "Tilsetjing av ny rådgjevar"], start=before):
        page.locator("#items-group .add-row a").click()
        page.fill(f"#id_items-{n}-title", title)
    page.fill(f"#id_items-{before}-proposed_decision", "SSU godkjenner budsjettet.")
    page.select_option(f"#id_items-{before + 1}-access", "exempt")
    with page.expect_navigation():
        page.locator("input[name=_continue]").click()
    assert page.locator(".errornote").count() == 1
    errors = " ".join(page.locator("#items-group .errorlist").all_inner_texts())
    assert "Ei sak som er unnateken offentlegheit, må ha heimel." in errors
    assert meeting.items.count() == before  # nothing half-saved
    assert page.input_value(f"#id_items-{before}-title") == "Budsjett for 2027"
    assert page.input_value(f"#id_items-{before}-proposed_decision") == (
        "SSU godkjenner budsjettet."
    )
    assert page.input_value(f"#id_items-{before + 1}-title") == "Tilsetjing av ny rådgjevar"
    assert_no_axe_violations(page, context=MAIN)  # the messages too
    page.fill(f"#id_items-{before + 1}-legal_basis", "offl. § 25")
    save_and_continue(page)
    assert meeting.items.count() == before + 2
