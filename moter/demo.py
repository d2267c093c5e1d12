"""Demo data for meetings: SSU møte 1/2026 as the seed minutes, and the June meeting.

Source: ../shared/seeds/ssu-referat-2026-1.md (bokmål). Møte 1/2026 gets its 15 cases
(01/26 … 15/26) with the seed's texts: running text in `narrative`, the "Oppsummert fra
møtet/presentasjonen" list in `summary` (the templates print that heading), the VEDTAK /
Oppfølging block in `decision`, and in 10/26 the correction of the case papers in `correction`.
Links that point to "#" in the seed are placeholders: their text is kept, the link is not.
The attendance list is adjusted from the automatic pre-fill to the seed's Til stede / Forfall,
the decisions' actions become follow-ups, and the meeting goes through its lifecycle to
"publisert".

Then SSU møte 2/2026 (June) is added as planned: its case 1 (16/26) approves 1/2026 and the
follow-ups "til juni-møtet" point at it (05/26's new TA 11 case among them). The new FSU from
the registry's demo is linked to case 09/26, which established it (Body.established_in).

Idempotent: if SSU already has meeting 1/2026, only the missing links are added.
"""

import datetime
from zoneinfo import ZoneInfo

from moter.models import (
    AgendaItem,
    Attendance,
    FollowUp,
    Language,
    Meeting,
    NumberStart,
    Presenter,
    SubItem,
)
from samarbeid.models import Body, Membership, Person

OSLO = ZoneInfo("Europe/Oslo")
PLACE = "Vardesenteret, Haukeland, Bergen"

K = AgendaItem.Kind
VEDTAK = AgendaItem.DecisionLabel.DECISION
OPPFOLGING = AgendaItem.DecisionLabel.FOLLOW_UP
JUNE = "june"  # placeholder for the June meeting in FOLLOW_UPS

# --- The cases, in the seed's order (they become 01/26 … 15/26) ---------------
# Case 1 is added by the meeting itself; only its decision is set here.
CASE_1_DECISION = "Godkjent."

CASES = [
    {
        "title": "Handlingsplan 2026–2027",
        "kind": K.INFORMATION,
        "narrative": (
            "Møteleder refererte til oppdatert "
            "[handlingsplan på saman.no](https://handlingsplan.på.saman.no)."
        ),
    },
    {
        "title": "Revisjon av tjenesteavtale 9 om IKT-samarbeid – sammensetning, mandat og "
        "prosess for arbeidsgruppe",
        "kind": K.DECISION,
        "presenters": [
            {
                "name": "Kristin Brekke",
                "title": "seksjonssjef for e-helse",
                "organisation": "Bergen kommune",
            },
            {"name": "Hege Rob Moi", "title": "IKT-sjef", "organisation": "Helse Bergen"},
        ],
        "narrative": """\
Orientering ved Kristin Brekke (seksjonssjef for e-helse i Bergen kommune) og Hege Rob Moi (IKT-sjef i Helse Bergen) om digitaliseringsprosjekter på tvers. Samhandlingen på dette fagfeltet er kompleks, med mange aktører og møteplasser.

I forbindelse med oppstart av vedtatt revisjon av tjenesteavtale 9, som omhandler samarbeid om IKT-løsninger, ble SSU bedt om å ta stilling til prosess, mandat og sammensetningen av arbeidsgruppen som skal gjennomføre revisjonsarbeidet.
""",
        "label": VEDTAK,
        "decision": """\
SSU stiller seg bak anbefalingene til SSE.

For detaljer knyttet til foreslått prosess, sammensetning og mandat vises det til saksgrunnlaget.
""",
    },
    {
        "title": "Innføring av Pasientens legemiddelliste (PLL) – status og veien videre",
        "kind": K.INFORMATION,
        "presenters": [
            {
                "name": "Ingvild Vikesund Peason",
                "title": "prosjektleder PLL Vest kommune",
                "organisation": "Bergen kommune",
            },
            {
                "name": "Berit Margrete Helgaas Hellebø",
                "title": "rådgiver seksjon for e-helse",
                "organisation": "Helse Bergen",
            },
        ],
        "narrative": """\
Orientering ved Ingvild Vikesund Peason (prosjektleder PLL Vest kommune, Bergen kommune) og Berit Margrete Helgaas Hellebø (rådgiver seksjon for e-helse, Helse Bergen) om status for prosjektet og planene fremover.
""",
        # The seed's heading here is "Oppsummert fra presentasjonen"; the templates print
        # their one summary heading ("Oppsummert fra møtet").
        "summary": """\
- PLL Vest ble tildelt 8,5M NOK fra Helseteknologiordningen for videre innføring av PLL, inkludert til andre helsefelleskap i vår helseregion
- Helse Bergen er teknisk klare for å innføre PLL. Spesialisthelsetjenesten jobber videre med beste praksis for både medikamentforskrivning, samstemming og PLL-rutiner
- Utrulling innenfor pleie og omsorg varierer pga. komplekst EPJ-landskap
- Fastlegene er prioritert i 2026, særlig for de andre helsefelleskapene i helseregionen. I vårt helsefelleskap er dette arbeidet snart fullført.
- I vårt helsefelleskap vil hoveddelen av aktivitetene handle om:
    - Oppfølging av fastleger som allerede har PLL
    - Kartlegging og modning av PLL innen pleie og omsorg
    - En regional arbeidsgruppe utarbeider forslag til prosjektrigg som skal ivareta både regionale og lokale behov.
""",
        "label": OPPFOLGING,
        "decision": "SSU gir sin tilslutning til det videre arbeidet.",
    },
    {
        "title": "Utkast til ny innretning på tjenesteavtale 11 og oppstart av arbeidsgruppe om "
        "samarbeid i den akuttmedisinske kjeden",
        "kind": K.DECISION,
        "summary": """\
- Avtaleutkastet til ny innretning på tjenesteavtale 11 bør sendes til de lokale underutvalgene for akuttmedisinsk beredskap (UFAB) for innspill før det blir vedtatt.
- UFAB-ene bør også involveres i arbeidsprosessen med særavtale for samarbeid i den akuttmedisinske kjeden
- Særavtale for samarbeid i den akuttmedisinske kjeden kan ved behov suppleres med lokale avtaler hos flere av kommunene i bergensområdet.
""",
        "label": VEDTAK,
        # "ei i arbeidsgruppe" is the seed's wording, kept as it stands.
        "decision": """\
- Utkast til ny innretning på tjenesteavtale 11 *Samarbeid om helseberedskap* sendes til de lokale underutvalgene for akuttmedisinsk beredskap (UFAB) for innspill. Ny sak om godkjenning av avtaleutkast meldes til SSU i juni-møtet.
- SSU ber om at det blir satt ned ei i arbeidsgruppe som får i oppdrag å utarbeide utkast til særavtale om samarbeid i den akuttmedisinske kjeden, slik det er foreslått i saken. SSU ber SSE følge opp med å legge tiltaket inn på handlingsplanen og utarbeide en sak til områdeutvalgene i mai 2026.
""",
    },
    {
        "title": "Ny særavtale om samarbeid ved sikkerhetspolitiske kriser og krig, samt mandat "
        "for arbeidsgruppe kompetanseoppbygging",
        "kind": K.DECISION,
        "label": VEDTAK,
        "decision": """\
- SSU godkjenner særavtalen og ber om at avtalen sendes til partene for behandling og signering.
- SSU godkjenner forslag til sammensetning og mandat for kompetansearbeidsgruppen sitt videre arbeid.
""",
    },
    {
        "title": "Etablering av ny særavtale om legemiddelberedskap – sammensetning, mandat og "
        "prosess for arbeidsgruppe",
        "kind": K.DECISION,
        "presenters": [{"person": "Trond Egil Hansen", "organisation": "Bergen kommune"}],
        "narrative": """\
Trond Egil Hansen fra Bergen kommune innledet. I innledningen ble det understreket at tydelig samhandling, avklarte ansvarsforhold og felles planverk er avgjørende for å sikre befolkningen nødvendige tjenester og leveranser ved kriser.
""",
        # The composition the seed prints after the summary ("se under") stays with it.
        "summary": """\
- Arbeidsgruppen bør ikke være for stor
- Én av representantene fra spesialisthelsetjenesten bør være fra sykehusapoteket
- En sykehjemslege fra kommunene bør være representert
- Forslag til antall representanter er basert på sammensetning i SSU, og skal forstås som et inntil-tak (se under):

SSU ber om følgende sammensetning i arbeidsgruppe, *inntil*:

- 5 representanter fra spesialisthelsetjenesten
- 5 representanter fra kommunene
- 1 brukerrepresentant
- 1 fastlegerepresentant
""",
        "label": VEDTAK,
        "decision": """\
- SSU slutter seg til SSEs anbefaling om sammensetning, mandat og prosess for arbeidsgruppen.
- SSU ber SSE følge opp ved å melde sak til neste runde i områdeutvalgene.
""",
    },
    {
        "title": "Evaluering av partnerskapsmøtet 2026",
        "kind": K.DISCUSSION,
        # No "Oppsummert fra møtet" in the seed here: the list is part of the running text.
        "narrative": """\
Partnermøtet ble gjennomført 12. februar 2026, og arrangementet har fått gode tilbakemeldinger. Evalueringen viser at deltakerne var fornøyd med form, gjennomføring og et variert og relevant program.

Innspill til neste partnerskapsmøte:

- Ønske om mer informasjon om arbeidet i FSU-ene
- Orientering om status for samhandlingsprosjekter og Prosjekt X
- Mer dialog med salen og større deltakelse fra publikum
- Noe bedre forberedelse av politikerne

Neste års partnermøte blir arrangert torsdag 11. februar 2027. Vertskap er kommunene i områdeutvalget for Voss lokalsykehusområde.
""",
    },
    {
        "title": "Forslag om å etablere et Faglig samarbeidsutvalg (FSU) for svangerskap, fødsel "
        "og barseltid",
        "kind": K.DECISION,
        "presenters": [
            {"name": "Aina Holevik", "organisation": "Bergen kommune"},
            {"name": "Beth Iren Reigstad", "organisation": "Helse Bergen"},
        ],
        "narrative": """\
Aina Holevik (Bergen kommune) og Beth Iren Reigstad (Helse Bergen) fra underutvalg for svangerskap, fødsel og barselomsorg under OU Bergen presenterte forslag om å etablere et nytt faglig samarbeidsutvalg for svangerskap, fødsel og barseltid.
""",
        "summary": """\
- Det er mange pågående og planlagte prosesser i helsefellesskapet. Det ble diskutert om helsefellesskapet bør evaluere strukturen før det blir etablert et nytt utvalg
- Forslag om en trinnvis oppstart, der partene som eventuelt ikke kan prioritere tidlig deltakelse i utvalget, blir koblet på etter hvert
- Psykisk helsevern bør være representert i FSU-et
""",
        "label": VEDTAK,
        "decision": """\
- SSU vedtar å etablere et faglig samarbeidsutvalg for svangerskap, fødsel og barseltid.
- SSU ber SSE lage en plan for oppstart av etableringen, og sette det på handlingsplanen.
""",
    },
    {
        "title": "Møteplan 2027",
        "kind": K.DECISION,
        "correction": (
            "Merk at det i saksgrunnlaget var oppgitt at møte 2 i SSU er torsdag 9. juni 2027. "
            "Det riktige er *onsdag* 9. juni."
        ),
        "label": VEDTAK,
        "decision": "SSU slutter seg til forslag til møteplan for 2027.",
    },
    {
        "title": "Evaluering av helsefellesskapsstrukturen",
        "kind": K.DECISION,
        "narrative": """\
Det ble drøftet hvordan en evaluering av helsefellesskapsstrukturen bør gjennomføres. Formålet med en evaluering er å vurdere om dagens struktur fungerer etter intensjonen.
""",
        "summary": """\
- Evalueringen bør se på forholdet mellom innsats og resultat, og kan inkludere målbare resultater og indikatorer
- Ønske om å se på det ekstra nivået (områdeutvalgene), som er unikt for vårt helsefelleskap
- Spørsmål om evalueringen kan gjennomføres som eller suppleres med en masteroppgave. Kunnskapskommunen kan være en relevant samarbeidspartner
- Brukerutvalg og/eller pasient- og brukerorganisasjoner må inkluderes
- Behov for tydelig avgrensning av evalueringens omfang
""",
        "label": VEDTAK,
        "decision": """\
- SSU vedtar at det gjennomføres en evaluering av samarbeidsstrukturen med utgangspunkt i de foreslåtte evalueringsspørsmålene og datakildene.
- SSU velger modell 1 (intern evaluering) for gjennomføring av evalueringen. SSU ber SSE undersøke muligheten for å lansere evalueringen som tema for en masteroppgave.
- SSE utarbeider en plan i tråd med vedtaket med tanke på oppfølging av saken i juni-møtet.
""",
    },
    {
        # The seed's agenda spells it "Helsefellesskapet", its heading "Helsefelleskapet":
        # the agenda's (correct) spelling is used.
        "title": "Forslag til praktisk gjennomføring av felles driftsbudsjett for "
        "Helsefellesskapet i bergensområdet",
        "kind": K.DECISION,
        "brought_by": "Helse Bergen",
        "presenters": [{"name": "Helse Bergen"}],
        "narrative": "Kort innledning ved Helse Bergen.",
        "label": VEDTAK,
        "decision": """\
SSU vedtar foreslått modell og støtter saksinnmelders anbefalinger for praktisk gjennomføring av felles driftsbudsjett som gjengitt i saksgrunnlaget. Modellen skal være gjeldende med tilbakevirkende kraft fra 1. januar 2026.
""",
    },
    {
        "title": "Revidert særavtale om LIS1-rekruttering",
        "kind": K.DECISION,
        "narrative": """\
Saken gjaldt revisjon av særavtale til tjenesteavtale 7, samarbeid om utlysning og tilsetting i koblede stillinger for LIS1.
""",
        "label": VEDTAK,
        "decision": """\
SSU vedtar særavtalen om LIS1-rekruttering, og ber om at den sendes til partene for behandling og signering.
""",
    },
    {
        "title": "Dialog med utdanningssektoren",
        "kind": K.DECISION,
        # The seed names institutions, not people: they are the presenters, by name.
        "presenters": [
            {"name": "Høgskulen på Vestlandet"},
            {"name": "Universitetet i Bergen"},
            {"name": "VID vitenskapelige høgskole"},
            {"name": "Vestland fylkeskommune"},
        ],
        "narrative": """\
Samarbeidet med UH-sektoren er forankret i tjenesteavtale 7, helsefellesskapets strategi og handlingsplanens område for rekruttering og bemanning. Saken har vært drøftet flere ganger i SSU og følges nå opp gjennom årlige møter mellom UH-sektoren og SSU, samt kommunal deltakelse i Regionalt samarbeidsorgan for utdanning (RSU).

I møtet ble det gitt korte innledninger om utfordringsbildet sett fra UH-sektoren ved Høgskulen på Vestlandet, Universitetet i Bergen, VID vitenskapelige høgskole og Vestland fylkeskommune. Deretter drøfting rundt gode overganger, rekruttering og videre samarbeid.
""",
        "summary": """\
- Største utfordring: Rekruttere og beholde.
- Praksis: Studentene bør følge det reelle arbeidslivet. Det vil si ikke bare praksis på dagtid, men følge tre-delt turnus. UH-sektoren oppgir at arbeidstakerorganisasjonene godtar denne praksisen
- Stort frafall av helsefagarbeidere underveis i studiet – kompleks situasjon. Mangler også lærlingplasser
- Det er viktig med forventningsavklaring mellom studenter, lærested og praksisplasser
- Det er viktig å synliggjøre læringsrommet og mulighetene som fins i kommunene
- Spørsmål om lengre praksisperioder på samme arbeidsplass skape økt trygghet for studentene?
- Helsefellesskapet bør arbeide videre for å sikre kommunale representanter fast plass i det RSU. KS kan ha en sentral rolle her
""",
        "label": VEDTAK,
        # "saksgrunnet" is the seed's wording, kept as it stands.
        "decision": """\
- SSU stiller seg bak anbefalingene fra SSE som gjengitt i saksgrunnet.
- SSU ber SSE invitere relevante representanter fra partene (inkludert RSU-representant fra Bergen kommune) og UH-sektoren for å videreføre dialogen og se til at arbeidet kobles opp mot pågående prosesser i RSU. Intensjon om et nytt møtepunkt i SSU våren 2027.
""",
    },
    {
        "title": "Eventuelt",
        "kind": K.ANY_OTHER_BUSINESS,
        "sub_items": [
            (
                "Eventuelt-sak meldt av Bergen kommune",
                "- Det ble meldt inn et ønske om en presisering til FSU-mandatene rundt "
                "etablering av undergrupper/prosjektgrupper. Det står i mandatene til FSU-ene at "
                "de kan sette ned undergrupper/prosjektgrupper som er geografisk og/eller "
                "tematisk avgrenset til å se på konkrete problemstillinger. Forslag fra Bergen "
                "kommune: Dersom slike etableringer har økonomiske konsekvenser, f.eks. rundt "
                "honorar til bruker-/fastlegerepresentant, må etableringen vedtas av SSU. SSE "
                "foreslår at det blir meldt formell sak om dette til SSU-møtet i juni.\n",
            ),
            (
                "Korte orienteringer fra partene",
                # Two trailing spaces: the seed's line break before the (placeholder) link.
                "- Det ble vist til ny temaside på helsefellesskapets nettside om Prosjekt X i "
                "vårt område:  \n"
                "  Prosjekt X - Ny samhandlingsmodell i Voss lokalsjukehusområde - Saman\n"
                "- Partene ble oppfordret til å sende innspill til Helsereformutvalget\n",
            ),
        ],
    },
]

# case number, what, owner body slug, due date, due meeting (JUNE or None)
FOLLOW_UPS = [
    (5, "Utkast til ny innretning på tjenesteavtale 11 sendes til UFAB for innspill", "sse",
     datetime.date(2026, 5, 31), None),
    (5, "Ny sak om godkjenning av avtaleutkast (TA 11) til SSU i juni-møtet", "sse", None, JUNE),
    (5, "Sette ned arbeidsgruppe for særavtale om samarbeid i den akuttmedisinske kjeden", "sse",
     None, None),
    (5, "Legge tiltaket inn på handlingsplanen", "sse", None, None),
    (5, "Sak til områdeutvalgene i mai 2026", "sse", datetime.date(2026, 5, 31), None),
    (6, "Sende særavtalen om sikkerhetspolitiske kriser og krig til partene for behandling og "
     "signering", "sse", None, None),
    # "Neste runde i områdeutvalgene" is the May 2026 round (see 05/26).
    (7, "Melde sak om legemiddelberedskap til neste runde i områdeutvalgene", "sse",
     datetime.date(2026, 5, 31), None),
    (9, "Plan for oppstart av FSU for svangerskap, fødsel og barseltid", "sse", None, None),
    (9, "Sette FSU-etableringen på handlingsplanen", "sse", None, None),
    (11, "Undersøke om evalueringen kan lanseres som tema for en masteroppgave", "sse", None,
     None),
    (11, "Plan for evalueringen, til oppfølging i juni-møtet", "sse", None, JUNE),
    (13, "Sende særavtalen om LIS1-rekruttering til partene for behandling og signering", "sse",
     None, None),
    (14, "Invitere partene og UH-sektoren for å videreføre dialogen; nytt møtepunkt i SSU "
     "våren 2027", "sse", datetime.date(2027, 4, 30), None),
    (15, "Formell sak om undergrupper med økonomiske konsekvenser til SSU-møtet i juni", "sse",
     None, JUNE),
]  # fmt: skip

# The seed's attendance that differs from the pre-fill (everyone present, observers as
# observers): apologies, and the substitutes who came (substitute → the member they stood in for).
APOLOGIES = [
    "Björg Merete Hjallen",
    "Bjørn Sivertsen",
    "Eystein Hauge",
    "Kjerstin Fyllingen",
    "Kristin Cotta Schönberg",
    "Marius Omland",
    "Theresa Dang",
    "Reidun Braut Kjosås",
    "Sølve Sætre",
]
SUBSTITUTES = {"Rebekka Ljosland": "Kjerstin Fyllingen", "Inger Uglenes": "Eystein Hauge"}


# body slug -> the SSU 2026 case that established it (the registry's demo makes the body).
ESTABLISHED_IN = {"fsu-svangerskap": 9}


def load(log):
    ssu = Body.objects.get(slug="ssu")
    sse = Body.objects.get(slug="sse")
    if Meeting.objects.filter(body=ssu, year=2026, number=1).exists():
        log("Meetings: SSU møte 1/2026 is already there; nothing changed.")
    else:
        _load_meetings(ssu, sse, log)
    _link_established_bodies(ssu)
    # An area committee that took the app into use in the autumn: its earlier meetings and
    # cases of the year were numbered in Word (Møte → Startnummer).
    NumberStart.objects.get_or_create(
        body=Body.objects.get(slug="ou-bergen"),
        year=2026,
        defaults={"first_meeting": 4, "first_case": 25},
    )


def _link_established_bodies(ssu):
    """Body.established_in for the bodies the seed's decisions set up (09/26: the new FSU)."""
    for slug, sequence in ESTABLISHED_IN.items():
        body = Body.objects.filter(slug=slug, established_in__isnull=True).first()
        case = AgendaItem.objects.filter(body=ssu, year=2026, sequence=sequence).first()
        if body and case:
            body.established_in = case
            body.save(update_fields=["established_in"])


def _load_meetings(ssu, sse, log):
    chair = Person.objects.get(name="Eivind Hansen")

    march = Meeting.objects.create(
        body=ssu,
        starts_at=datetime.datetime(2026, 3, 11, 9, 0, tzinfo=OSLO),
        ends_at=datetime.datetime(2026, 3, 11, 12, 0, tzinfo=OSLO),
        place=PLACE,
        chair=chair,
        referent_body=sse,
        language=Language.BOKMAAL,
    )
    items = _add_cases(march)
    march.fill_attendance_from_seats()
    _adjust_attendance(march, ssu)

    # The June meeting: the seed says only "juni-møtet"; Wednesday 10 June 2026 at the usual
    # time and place is an assumption. Created after the March cases, so its case 1 is 16/26
    # and approves the minutes of 1/2026.
    june = Meeting.objects.create(
        body=ssu,
        starts_at=datetime.datetime(2026, 6, 10, 9, 0, tzinfo=OSLO),
        ends_at=datetime.datetime(2026, 6, 10, 12, 0, tzinfo=OSLO),
        place=PLACE,
        chair=chair,
        referent_body=sse,
        language=Language.BOKMAAL,
    )
    follow_ups = _add_follow_ups(items, june)

    # Møte 1/2026 through its lifecycle. In the demo its minutes were approved by e-mail
    # circulation (not in a case of a later meeting), so approve_minutes has no case.
    march.issue_notice(by=None)
    march.mark_held()
    march.start_minutes()
    march.approve_minutes(in_case=None, correction="")
    march.publish(by=None)

    log(
        f"Meetings: {march} with {len(items)} cases (published), {follow_ups} follow-ups; "
        f"{june} planned."
    )


def _add_cases(meeting):
    """Case 1 (pre-added) gets its decision; cases 02/26 … 15/26 follow in the seed's order.

    Returns {sequence: AgendaItem}.
    """
    first = meeting.items.get()
    first.decision_label = AgendaItem.DecisionLabel.NONE
    first.decision = CASE_1_DECISION
    first.save()
    items = {first.sequence: first}
    for case in CASES:
        item = AgendaItem.objects.create(
            meeting=meeting,
            title=case["title"],
            kind=case["kind"],
            brought_by=case.get("brought_by", ""),
            narrative=case.get("narrative", "").strip(),
            summary=case.get("summary", "").strip(),
            decision_label=case.get("label", AgendaItem.DecisionLabel.NONE),
            decision=case.get("decision", "").strip(),
            correction=case.get("correction", "").strip(),
        )
        for presenter in case.get("presenters", []):
            person = presenter.get("person")
            Presenter.objects.create(
                item=item,
                person=Person.objects.get(name=person) if person else None,
                name=presenter.get("name", ""),
                title=presenter.get("title", ""),
                organisation=presenter.get("organisation", ""),
            )
        for order, (title, text) in enumerate(case.get("sub_items", []), start=1):
            SubItem.objects.create(item=item, order=order, title=title, text=text.strip())
        items[item.sequence] = item
    return items


def _adjust_attendance(meeting, ssu):
    """From the pre-filled list to the seed's: apologies, and the substitutes who came."""
    rows = meeting.attendance.filter(person__name__in=APOLOGIES)
    if rows.count() != len(APOLOGIES):
        raise ValueError("Meetings demo: not every apology has a pre-filled attendance row.")
    for row in rows:
        row.status = Attendance.Status.APOLOGIES
        row.save(update_fields=["status"])
    for name, member in SUBSTITUTES.items():
        seat = Membership.objects.get(body=ssu, person__name=name)
        Attendance.objects.update_or_create(
            meeting=meeting,
            person=seat.person,
            defaults={
                "seat": seat,
                "status": Attendance.Status.SUBSTITUTE,
                "substitute_for": Person.objects.get(name=member),
            },
        )


def _add_follow_ups(items, june):
    bodies = {}
    for number, description, owner, due_date, due_meeting in FOLLOW_UPS:
        if owner not in bodies:
            bodies[owner] = Body.objects.get(slug=owner)
        FollowUp.objects.create(
            item=items[number],
            description=description,
            owner_body=bodies[owner],
            due_date=due_date,
            due_meeting=june if due_meeting == JUNE else None,
        )
    return len(FOLLOW_UPS)
