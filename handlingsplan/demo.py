"""Demo data for the action plan.

- Handlingsplan 2020, from ../shared/seeds/handlingsplan-2020.txt: both areas, measures 1.1–1.7
  and 2.1–2.7 with their sub-actions, timeframes and September status texts (1.3 with its
  per-municipality lines), with the line breaks of the PDF extraction taken out. In 2020 the
  plan was adopted by "Overordna samarbeidsutval", SSU's predecessor; the registry has no such
  body, so the plan is SSU's. The seed prints no statuses, only texts: the statuses are read
  from the texts. The seed's one "Sluttført" stands in the timeframe column of 2.1; here it
  is that measure's status (DOMAIN.md §4) and its timeframe is left empty.
- One earlier status report (May 2020) on a few measures, made up and marked as demo data, so
  the history view shows something.
- A draft Handlingsplan 2026–2027 with the measures SSU asked for in møte 1/2026
  (../shared/seeds/ssu-referat-2026-1.md), each naming its case in `case_reference` until
  measures can link to the meetings app's cases.

Idempotent: plans are looked up by slug, areas by number, measures by number, reports by date.
"""

import datetime

from handlingsplan.models import Area, Measure, Plan, Status, StatusLine, StatusReport
from samarbeid.models import Body, Organisation

S = Status
SEPTEMBER_2020 = datetime.date(2020, 9, 1)
MAY_2020 = datetime.date(2020, 5, 1)

INTRO_2020 = """**HANDLINGSPLAN – 2020**
– Prioriterte tiltak for Overordna samarbeidsutval i lokalsjukehusområdet

- Samarbeidsutvalet for Bergen kommune
- Samarbeidsutvalet for Nordhordland
- Samarbeidsutvalet for Bergensregionen
- Samarbeidsrådet for Voss lokalsjukehusområde
"""

# area number, area title, [(title, sub-actions, timeframe, status, September text, lines)]
PLAN_2020 = [
    (1, "Oppfølging av samarbeidsavtaler", [
        ("Pandemisk influensa",
         ["Planlegge, gjennomføre og evaluere fellesøving om samarbeid ved pandemisk influensa"],
         "2020", S.IN_PROGRESS, "Sjå eiga sak", []),
        ("Tenesteavtale 8",
         ["Revisjon av tenesteavtale 8 om svangerskap-, fødsel- og barselomsorg, og tilhøyrande "
          "rutine og særavtalar",
          "Prosjekt «Forløp svangerskap, fødsel og barsel»"],
         "2020", S.STALLED,
         "Arbeidet har stoppa opp på grunn av den pågåande pandemisituasjonen.", []),
        ("Tenesteavtale 4",
         ["Fullføre revisjon av særavtalar knytt til tenesteavtale 4 om skildring av kommunen "
          "sitt tilbod om døgnopphald for øyeblikkeleg hjelp – for dei kommunar det er aktuelt "
          "for."],
         "Vår 2020", S.IN_PROGRESS, "", [
             ("austevoll", "Avtale utarbeidd og signert."),
             ("bjornafjorden", "Avtale utarbeidd og sendt til signering"),
             ("bergen", "Avtalearbeidet er i sluttfasen"),
             ("voss", "Avtale utarbeidd og signert"),
             ("askoy", "Kontakt mellom partane er oppretta"),
             ("oygarden", "Avtalearbeidet er i sluttfasen"),
             ("kvam", "Avtalearbeidet er i sluttfasen"),
         ]),
        ("Tenesteavtale 11 og 12",
         ["Samarbeid om omforeina beredskapsplanar og planar for den akuttmedisinske kjeda",
          "Revisjon av avtala"],
         "2020", S.DELAYED,
         "På grunn av pandemisituasjonen er oppstart av revisjonsarbeidet forseinka, og dato "
         "for ferdigstilling av avtaleutkast må endrast. Arbeidsgruppa er kalla inn til "
         "oppstartsmøte i september.", []),
        ("Særavtale om utdanningsløp",
         ["Utarbeide særavtale for samarbeid om utdanningsløp for ALIS, og eventuelt og for "
          "LIS 2 og 3 i den grad det er aktuelt."],
         "2020", S.IN_PROGRESS,
         "SSE har kalla inn til møte 23.september med leiar frå ALIS kontoret og UAO "
         "(Utdanningsansvarleg overlege) ved HDS og HUS for å sjå på prosessen videre rundt "
         "ein ALIS særavtale.", []),
        ("Årleg gjennomgang av avtaleverket", [], "2020", S.COMPLETED,
         "Arbeid med gjennomgang av avtaleverket og endring av kommunenamn i tråd med ny "
         "kommunestruktur er gjennomført.\nSjå eiga sak.", []),
        ("Tenesteavtale 10", ["Samarbeid om førebygging", "Revisjon av avtale"], "2020",
         S.IN_PROGRESS,
         "Representantar til arbeidsgruppa er meldt inn frå partane. SSE kallar inn til fyrste "
         "møte i løpet av september.", []),
    ]),
    (2, "Oppfølging av andre samhandlingsinitiativ", [
        ("Prosjekt Langvarige og Koordinerte tenester (LKT-prosjektet)",
         ["Presentasjon av rapport/rettleiar som konkretiserer kva rammeverket er og korleis "
          "det kan brukast",
          "Vurdere utprøving av tiltak"],
         "", S.COMPLETED,
         "Rapport er ferdigstilt, presentert og publisert på saman.no\nKunnskap og tiltak frå "
         "prosjektet vil kunne vidareførast i anna relevant utviklingsarbeid.", []),
        ("Felles Utviklingsplan for samhandling", ["Utarbeide plan og setje i verk tiltak"],
         "2020", S.IN_PROGRESS, "Sjå eiga sak.", []),
        ("Prosjekt pasienten si legemiddelliste (PLL)",
         ["Planlegge og gjennomføre nasjonal pilot"], "2020", S.IN_PROGRESS,
         "E - helsedirektoratet har fått 45 MNOK til å realisere ein PLL pilot. Denne skal "
         "føregå i Bergen i samarbeid med Helse Vest, Haukeland, Haraldsplass, Bergen kommune "
         "og fastlegar i Bergen.\nStatus for august er at PLL piloten har komme i gang: "
         "styringsgruppa og prosjektleiarar er på plass.", []),
        ("Vidareutvikle saman.no", [], "2020", S.IN_PROGRESS,
         "SSe held fram med sitt redaksjonelle ansvar og har fått namn på ressursperson frå "
         "Kommunikasjonsavdelinga i Helse Bergen som skal hjelpe SSe og samhandlingspartane "
         "med vidareutvikling av nettsidene.", []),
        ("Utarbeide retningsliner for lege til lege samarbeid.", [], "2020", S.IN_PROGRESS,
         "Utkast til retningsliner er klart og er send ut på innspelsrunde til partane med "
         "frist 16. september. MFU skal ha nytt møte i oktober.", []),
        ("Digital samhandling",
         ["Utvikle den digitale samhandlinga mellom kommunane og sjukehusa"], "2020",
         S.IN_PROGRESS,
         "Presentasjon av prosjekt Digitalisering helse i vest.\n\nSkal ein få oversikt over "
         "relevante prosjekt under tiltakspunktet for å kunne vurdere ytterlegare behov for "
         "tiltak for å utvikle den digitale samhandlinga?", []),
        ("Felles opplæringsprogram for å spreie bevissthet, kunnskap og kompetanse",
         ["Utarbeide felles opplæringsprogram for å spreie bevisstheit, kunnskap og kompetanse "
          "omkring vurderingar av når er ein pasient er utskrivingsklar frå "
          "spesialisthelsetenesta.",
          "Somatikk",
          "Rus og psykisk helse"],
         "2020", S.IN_PROGRESS,
         "SSE er i gang med å kartleggja ulike løysningsalternativ for e-læringskurs, og har "
         "vore i kontakt med Kurslab og med KS – læring. SSE planlegg å undersøke sistnemnte "
         "alternativ meir grundig for å legge fram dei to alternativa til vurdering i AK og SU "
         "i nov/des.", []),
    ]),
]  # fmt: skip

# Made-up earlier reports (May 2020), marked as demo data: number -> (status, text).
EARLIER_2020 = {
    "1.2": (S.IN_PROGRESS, "Revisjonsarbeidet er starta. Arbeidsgruppa har hatt to møte."),
    "1.4": (S.NOT_STARTED, "Arbeidsgruppa er sett saman; oppstart er planlagd før sommaren."),
    "2.3": (S.IN_PROGRESS, "Søknad om midlar til pilot er sendt. Venter på svar."),
    "2.5": (S.IN_PROGRESS, "MFU har starta arbeidet med retningslinene."),
}

# The draft 2026–2027 plan (bokmål, as the minutes): only what SSU møte 1/2026 asked for.
# area number, title, [(title, sub-actions, timeframe, case, responsible body slugs)]
PLAN_2026 = [
    (1, "Oppfølging av samarbeidsavtaler", [
        ("Særavtale om samarbeid i den akuttmedisinske kjeden",
         ["Sette ned arbeidsgruppe som utarbeider utkast til særavtale",
          "Involvere de lokale underutvalgene for akuttmedisinsk beredskap (UFAB)",
          "Sak til områdeutvalgene i mai 2026"],
         "2026", "SSU 05/26", ["sse", "ufab"]),
        ("Ny innretning på tjenesteavtale 11 Samarbeid om helseberedskap",
         ["Utkastet sendes til UFAB-ene for innspill",
          "Ny sak om godkjenning av avtaleutkast til SSU i juni-møtet"],
         "Juni 2026", "SSU 05/26", ["sse", "ufab"]),
        ("Revisjon av tjenesteavtale 9 om IKT-samarbeid",
         ["Arbeidsgruppe med sammensetning, mandat og prosess som anbefalt av SSE"],
         "2026–2027", "SSU 03/26", ["sse"]),
    ]),
    (2, "Utvikling av helsefellesskapet", [
        ("Oppstart av FSU for svangerskap, fødsel og barseltid",
         ["Plan for oppstart av etableringen",
          "Trinnvis oppstart: parter som ikke kan delta tidlig, kobles på etter hvert",
          "Psykisk helsevern skal være representert"],
         "2026", "SSU 09/26", ["sse", "fsu-svangerskap"]),
        ("Evaluering av helsefellesskapsstrukturen",
         ["Intern evaluering (modell 1) med de foreslåtte evalueringsspørsmålene og datakildene",
          "Undersøke om evalueringen kan lanseres som tema for en masteroppgave",
          "Plan for oppfølging til SSU i juni-møtet"],
         "2026–2027", "SSU 11/26", ["sse"]),
    ]),
]  # fmt: skip


def load(log):
    ssu = Body.objects.get(slug="ssu")
    sse = Body.objects.get(slug="sse")
    plan_2020 = _plan_2020(ssu, sse)
    plan_2026 = _plan_2026(ssu)
    log(
        f"Action plan: {plan_2020} ({Measure.objects.filter(area__plan=plan_2020).count()} "
        f"measures), {plan_2026} (draft, "
        f"{Measure.objects.filter(area__plan=plan_2026).count()} measures)."
    )


def _plan(slug, **fields):
    plan, _ = Plan.objects.update_or_create(slug=slug, defaults=fields)
    return plan


def _measure(area, seq, **fields):
    """Look a measure up by number; create it (numbered in order) when it is missing."""
    measure = Measure.objects.filter(area=area, seq=seq).first() or Measure(area=area)
    for name, value in fields.items():
        setattr(measure, name, value)
    measure.save()
    return measure


def _cases(reference):
    """The SSU cases named in "SSU 05/26", when the meetings demo has them."""
    from moter.models import AgendaItem

    number, year = reference.removeprefix("SSU ").split("/")
    return AgendaItem.objects.filter(body__slug="ssu", year=2000 + int(year), sequence=int(number))


def _report(measure, reported_on, status, text, *, is_demo=False):
    report, _ = StatusReport.objects.update_or_create(
        measure=measure,
        reported_on=reported_on,
        defaults={"status": status, "text": text, "is_demo": is_demo},
    )
    return report


def _plan_2020(ssu, sse):
    plan = _plan(
        "2020",
        title="Handlingsplan 2020",
        period_from=2020,
        period_to=2020,
        adopted_by=ssu,
        language=Plan.Language.NYNORSK,
        status=Plan.Status.ADOPTED,
        introduction=INTRO_2020,
    )
    parties = {o.slug: o for o in Organisation.objects.all()}
    for number, area_title, measures in PLAN_2020:
        area, _ = Area.objects.update_or_create(
            plan=plan, number=number, defaults={"title": area_title}
        )
        for seq, (title, subs, timeframe, status, text, lines) in enumerate(measures, 1):
            measure = _measure(
                area, seq, title=title, sub_actions="\n".join(subs), timeframe=timeframe
            )
            measure.responsible_bodies.set([sse])
            report = _report(measure, SEPTEMBER_2020, status, text)
            for order, (slug, line) in enumerate(lines):
                StatusLine.objects.update_or_create(
                    report=report, party=parties[slug], defaults={"text": line, "order": order}
                )
            if measure.number in EARLIER_2020:
                _report(measure, MAY_2020, *EARLIER_2020[measure.number], is_demo=True)
    return plan


def _plan_2026(ssu):
    plan = _plan(
        "2026-2027",
        title="Handlingsplan 2026–2027",
        period_from=2026,
        period_to=2027,
        adopted_by=ssu,
        language=Plan.Language.BOKMAAL,
        status=Plan.Status.DRAFT,
        introduction=(
            "Utkast. Tiltakene er de SSU ba om i møte 1/2026 (sak 03/26, 05/26, 09/26 og 11/26)."
        ),
    )
    bodies = {b.slug: b for b in Body.objects.all()}
    for number, area_title, measures in PLAN_2026:
        area, _ = Area.objects.update_or_create(
            plan=plan, number=number, defaults={"title": area_title}
        )
        for seq, (title, subs, timeframe, case, responsible) in enumerate(measures, 1):
            measure = _measure(
                area,
                seq,
                title=title,
                sub_actions="\n".join(subs),
                timeframe=timeframe,
                case_reference="",
            )
            measure.responsible_bodies.set([bodies[slug] for slug in responsible])
            measure.cases.set(_cases(case))
    return plan
