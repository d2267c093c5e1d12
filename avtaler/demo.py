"""Demo data for the agreements: the Bergen-area agreement structure and two working groups.

Sources: ../shared/DOMAIN.md §5, the SSU minutes of møte 1/2026 (cases 03/26, 06/26, 07/26,
13/26) and measure 1.3 of ../shared/seeds/handlingsplan-2020.txt.

- The overarching agreement (merged with TA 1 in Bergen), TA 2–10, "Tenesteavtale 11 og 12"
  (as measure 1.4 of the 2020 plan writes it; topics 11 and 12) and TA 13. Their texts and
  dates are not in the seeds: each has one version in force from 1 January 2020 (the date the
  agreements were renamed for the new municipalities, measure 1.6) with no signing rows, and
  says so in its change summary. The matrix shows them as "no signing recorded".
- Særavtale om LIS1-rekruttering under TA 7: adopted in SSU 13/26 and sent to every party on
  the meeting's date; nobody has signed yet (all "sent for handling"). The version's
  `approved_in` and `sent_in` are case 13/26 (Version.send_for_signing, as the decision
  page does it).
- Særavtale om samarbeid ved sikkerhetspolitiske kriser og krig under TA 11 og 12: approved
  in SSU 06/26 and sent on the meeting's date, linked the same way to 06/26.
- The TA 4 emergency-bed særavtalar per municipality, with the stages measure 1.3 reports in
  September 2020: Austevoll and Voss signed (dated 1 September 2020, the report's date, as the
  real dates are not in the seed, and said so in the note); Bjørnafjorden sent for signing;
  Bergen, Øygarden and Kvam in preparation; Askøy in preparation with the note "Kontakt mellom
  partane er oppretta". Each is between the municipality and Helse Bergen, linked to measure
  1.3 of Handlingsplan 2020.
- Working groups from 03/26 (revision of TA 9) and 07/26 (legemiddelberedskap, with the caps
  and required seats the case lists). No members: the seed names none.

Idempotent: agreements by slug, versions by label, groups by the body's slug.
"""

import datetime

from avtaler.models import (
    Agreement,
    RequiredSeat,
    SeatCap,
    Signature,
    StatutoryTopic,
    Version,
    WorkingGroup,
)
from samarbeid.models import Body, MemberGroup, Organisation

L = Agreement.Level
V = Version.Status
JAN_2020 = datetime.date(2020, 1, 1)
SEPT_2020 = datetime.date(2020, 9, 1)
MEETING_1_2026 = datetime.date(2026, 3, 11)
NO_TEXT = "Teksten og datoane for denne versjonen er ikkje registrerte i demodataa."

# slug, label, number, title nn, title nb, topics
SERVICE_AGREEMENTS = [
    ("overordna", "Overordna samarbeidsavtale", "1", "Overordna samarbeidsavtale (med tenesteavtale 1)",
     "Overordnet samarbeidsavtale (med tjenesteavtale 1)", [1]),
    ("ta-2", "Tenesteavtale 2", "2", "Innlegging, utskriving, habilitering, rehabilitering og lærings- og meistringstilbod",
     "Innleggelse, utskrivning, habilitering, rehabilitering og lærings- og mestringstilbud", [2]),
    ("ta-3", "Tenesteavtale 3", "3", "Innlegging i sjukehus", "Innleggelse i sykehus", [3]),
    ("ta-4", "Tenesteavtale 4", "4", "Kommunalt tilbod om døgnopphald for øyeblikkeleg hjelp",
     "Kommunalt tilbud om døgnopphold for øyeblikkelig hjelp", [4]),
    ("ta-5", "Tenesteavtale 5", "5", "Utskrivingsklare pasientar", "Utskrivningsklare pasienter", [5]),
    ("ta-6", "Tenesteavtale 6", "6", "Kunnskapsoverføring, informasjonsutveksling og faglege nettverk",
     "Kunnskapsoverføring, informasjonsutveksling og faglige nettverk", [6]),
    ("ta-7", "Tenesteavtale 7", "7", "Forsking, utdanning, praksis og læretid",
     "Forskning, utdanning, praksis og læretid", [7]),
    ("ta-8", "Tenesteavtale 8", "8", "Svangerskaps-, fødsels- og barselomsorg",
     "Svangerskaps-, fødsels- og barselomsorg", [8]),
    ("ta-9", "Tenesteavtale 9", "9", "Samarbeid om IKT-løysingar", "Samarbeid om IKT-løsninger", [9]),
    ("ta-10", "Tenesteavtale 10", "10", "Samarbeid om førebygging", "Samarbeid om forebygging", [10]),
    ("ta-11-12", "Tenesteavtale 11 og 12", "11 og 12",
     "Omforeina beredskapsplanar og planar for den akuttmedisinske kjeda",
     "Omforente beredskapsplaner og planer for den akuttmedisinske kjeden", [11, 12]),
    ("ta-13", "Tenesteavtale 13", "13", "Born og unge med behov for samansette tenester",
     "Barn og unge med behov for sammensatte tjenester", [13]),
]  # fmt: skip

# municipality slug, version status, signing (party slug -> (status, note))
TA4_STAGES = [
    ("austevoll", "signed", "Avtale utarbeidd og signert."),
    ("bjornafjorden", "sent", "Avtale utarbeidd og sendt til signering."),
    ("bergen", "work", "Avtalearbeidet er i sluttfasen."),
    ("voss", "signed", "Avtale utarbeidd og signert."),
    ("askoy", "contact", "Kontakt mellom partane er oppretta"),
    ("oygarden", "work", "Avtalearbeidet er i sluttfasen."),
    ("kvam", "work", "Avtalearbeidet er i sluttfasen."),
]


def load(log):
    from moter.models import AgendaItem

    ssu = Body.objects.get(slug="ssu")
    topics = {t.number: t for t in StatutoryTopic.objects.all()}
    cases = {
        c.sequence: c
        for c in AgendaItem.objects.filter(body__slug="ssu", year=2026, sequence__in=[3, 6, 7, 13])
    }
    agreements = _service_agreements(ssu, topics)
    _lis1(ssu, topics, agreements["ta-7"], cases.get(13))
    _security(ssu, topics, agreements["ta-11-12"], cases.get(6))
    ta4 = _ta4_special_agreements(ssu, topics, agreements["ta-4"])
    groups = _working_groups(ssu, topics, agreements, cases)
    log(
        f"Agreements: {Agreement.objects.count()} agreements ({len(ta4)} TA 4 særavtalar), "
        f"{Version.objects.count()} versions, {Signature.objects.count()} signing rows; "
        f"{len(groups)} working groups."
    )


def _agreement(slug, topic_numbers, topics, **fields):
    agreement, _ = Agreement.objects.update_or_create(slug=slug, defaults=fields)
    agreement.topics.set([topics[n] for n in topic_numbers])
    return agreement


def _version(agreement, label, **fields):
    version, _ = Version.objects.get_or_create(agreement=agreement, label=label, defaults=fields)
    return version


def _service_agreements(ssu, topics):
    agreements = {}
    for order, (slug, label, number, nn, nb, nums) in enumerate(SERVICE_AGREEMENTS, 1):
        agreement = _agreement(
            slug, nums, topics, label=label, number=number, title_nn=nn, title_nb=nb,
            level=L.OVERARCHING if slug == "overordna" else L.SERVICE, order=order * 10,
            responsible_body=ssu, parties_rule=Agreement.Parties.ALL,
            next_review=datetime.date(2026, 12, 31),
        )  # fmt: skip
        version = _version(agreement, "2020", status=V.APPROVED, change_summary=NO_TEXT)
        if version.status == V.APPROVED:
            version.put_in_force(on=JAN_2020)
        agreements[slug] = agreement
    return agreements


def _lis1(ssu, topics, ta7, case):
    agreement = _agreement(
        "lis1-rekruttering", [7], topics, level=L.SPECIAL, parent=ta7, order=71,
        label="Særavtale om LIS1-rekruttering",
        title_nn="Særavtale om samarbeid om utlysing og tilsetjing i kopla stillingar for LIS1",
        title_nb="Særavtale om samarbeid om utlysning og tilsetting i koblede stillinger for LIS1",
        responsible_body=ssu, parties_rule=Agreement.Parties.ALL,
    )  # fmt: skip
    version = _version(
        agreement, "2026", status=V.FOR_APPROVAL, language="nb",
        change_summary="Revidert særavtale til tjenesteavtale 7, vedtatt av SSU i sak 13/26.",
    )  # fmt: skip
    _approve_and_send(version, case)
    return agreement


def _approve_and_send(version, case):
    """As the case decided: approved and sent to the parties on the meeting's date (the
    signing rows are made then), both linked to the case. A version sent earlier (a demo
    loaded before these links existed) gets its link."""
    if version.status in Version.BY_HAND:
        version.send_for_signing(in_case=case, on=MEETING_1_2026)
    elif version.sent_in_id is None:
        version.approved_in = version.approved_in or case
        version.sent_in = case
        version.save(update_fields=["approved_in", "sent_in"])


def _security(ssu, topics, ta11, case):
    agreement = _agreement(
        "sikkerhetspolitiske-kriser", [11], topics, level=L.SPECIAL, parent=ta11, order=111,
        label="Særavtale om sikkerheitspolitiske kriser og krig",
        title_nn="Særavtale om samarbeid ved sikkerheitspolitiske kriser og krig",
        title_nb="Særavtale om samarbeid ved sikkerhetspolitiske kriser og krig",
        responsible_body=ssu, parties_rule=Agreement.Parties.ALL,
    )  # fmt: skip
    version = _version(
        agreement, "2026", status=V.FOR_APPROVAL, language="nb",
        change_summary="Ny særavtale, godkjent av SSU i sak 06/26.",
    )  # fmt: skip
    _approve_and_send(version, case)
    return agreement


def _ta4_special_agreements(ssu, topics, ta4):
    from handlingsplan.models import Measure

    measure = Measure.objects.filter(area__plan__slug="2020", area__number=1, seq=3).first()
    hospital = Organisation.objects.get(slug="helse-bergen")
    made = []
    for order, (slug, stage, text) in enumerate(TA4_STAGES, 41):
        municipality = Organisation.objects.get(slug=slug)
        agreement = _agreement(
            f"ta-4-{slug}", [4], topics, level=L.SPECIAL, parent=ta4, order=order,
            label=f"Særavtale til TA 4 – {municipality.short_name_nn}",
            title_nn=f"Særavtale om døgnopphald for øyeblikkeleg hjelp – {municipality.name_nn}",
            title_nb=f"Særavtale om døgnopphold for øyeblikkelig hjelp – {municipality.name_nn}",
            responsible_body=ssu, parties_rule=Agreement.Parties.LISTED,
        )  # fmt: skip
        agreement.parties.set([municipality, hospital])
        if measure:
            agreement.measures.set([measure])
        made.append(agreement)
        _ta4_version(agreement, stage, text, municipality)
    return made


def _ta4_version(agreement, stage, text, municipality):
    summary = f"Status september 2020 (handlingsplan 2020, tiltak 1.3): {text}"
    start = V.IN_PREPARATION if stage in ("work", "contact") else V.APPROVED
    version = _version(agreement, "2020", status=start, change_summary=summary)
    if stage == "contact" and not version.signatures.exists():
        Signature.objects.create(version=version, party=municipality, note=text)
    if stage in ("sent", "signed") and version.status == V.APPROVED:
        version.send_to_parties(on=SEPT_2020)
    if stage == "signed" and version.status == V.SENT:
        note = "Dato ikkje registrert: signert før statusrapporten i september 2020."
        for row in version.signatures.all():
            version.record_signature(row.party, on=SEPT_2020, note=note)
        version.put_in_force(on=SEPT_2020)


def _working_groups(ssu, topics, agreements, cases):
    ta9 = _group(
        "ag-revisjon-ta-9", "Arbeidsgruppe for revisjon av tenesteavtale 9",
        "Arbeidsgruppe for revisjon av tjenesteavtale 9",
        "Revidere tenesteavtale 9 om samarbeid om IKT-løysingar. Prosess, samansetjing og "
        "mandat: sjå saksgrunnlaget til SSU-sak 03/26.",
        ssu, cases.get(3), delivers_agreement=agreements["ta-9"],
    )  # fmt: skip
    agreements["ta-9"].working_group = ta9.body
    agreements["ta-9"].save(update_fields=["working_group"])

    medicines = _agreement(
        "legemiddelberedskap", [11], topics, level=L.SPECIAL, parent=agreements["ta-11-12"],
        order=112, label="Særavtale om legemiddelberedskap",
        title_nn="Særavtale om legemiddelberedskap", title_nb="Særavtale om legemiddelberedskap",
        responsible_body=ssu, parties_rule=Agreement.Parties.ALL,
    )  # fmt: skip
    _version(medicines, "utkast", status=V.IN_PREPARATION, language="nb",
             change_summary="Arbeidsgruppa vart sett ned i SSU-sak 07/26.")  # fmt: skip
    group = _group(
        "ag-legemiddelberedskap", "Arbeidsgruppe for særavtale om legemiddelberedskap",
        "Arbeidsgruppe for særavtale om legemiddelberedskap",
        "Utarbeide ein ny særavtale om legemiddelberedskap: tydeleg samhandling, avklarte "
        "ansvarstilhøve og felles planverk, så befolkninga får naudsynte tenester og "
        "leveransar ved kriser. Gruppa skal ikkje vere for stor.",
        ssu, cases.get(7), delivers_agreement=medicines,
        process="SSE følgjer opp ved å melde sak til neste runde i områdeutvala (SSU-sak 07/26).",
    )  # fmt: skip
    medicines.working_group = group.body
    medicines.save(update_fields=["working_group"])
    caps = [(MemberGroup.SPECIALIST, 5), (MemberGroup.MUNICIPAL, 5), (MemberGroup.USERS, 1),
            (MemberGroup.GP, 1)]  # fmt: skip
    for category, most in caps:
        SeatCap.objects.update_or_create(group=group, category=category,
                                         defaults={"max_seats": most})  # fmt: skip
    for description, category in [
        ("Éin av representantane frå spesialisthelsetenesta frå sjukehusapoteket",
         MemberGroup.SPECIALIST),
        ("Ein sjukeheimslege frå kommunane", MemberGroup.MUNICIPAL),
    ]:  # fmt: skip
        RequiredSeat.objects.get_or_create(group=group, description=description,
                                           defaults={"category": category})  # fmt: skip
    return [ta9, group]


def _group(slug, name_nn, name_nb, mandate, ssu, case, **fields):
    body, _ = Body.objects.update_or_create(
        slug=slug,
        defaults={"name_nn": name_nn, "name_nb": name_nb, "kind": Body.Kind.WORKING_GROUP,
                  "parent": ssu, "mandate": mandate, "order": 60,
                  "active_from": MEETING_1_2026},
    )  # fmt: skip
    group, _ = WorkingGroup.objects.update_or_create(
        body=body, defaults={"reports_to": ssu, "set_up_in": case, **fields}
    )
    return group
