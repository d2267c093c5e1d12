"""Demo data for the registry: the real structure of the Bergen-area health community.

Sources: ../shared/DOMAIN.md §1 and the attendance list of SSU møte 1/2026
(../shared/seeds/ssu-referat-2026-1.md). Every loader is idempotent: it looks rows
up by a natural key (slug, name) and updates them, so running it twice changes nothing.
"""

import datetime

from samarbeid.models import Body, Membership, Organisation, Person

K = Organisation.Kind
C = Membership.Category
R = Membership.Role

# slug, short nn, short nb, name nn, name nb, kind, parent, order, mandate
BODIES = [
    ("partnarskapsmote", "Partnarskapsmøtet", "Partnarskapsmøtet", "Partnerskapsmøtet",
     Body.Kind.PARTNERSHIP, None, 10,
     "Toppleiarane hjå partane møtest ein gong i året og gir retning for arbeidet i helsefellesskapet."),
    ("ssu", "SSU", "Strategisk samarbeidsutval", "Strategisk samarbeidsutvalg", Body.Kind.SSU,
     "partnarskapsmote", 20,
     "Tek avgjerder i saker som gjeld heile helsefellesskapet, vedtek handlingsplanen og "
     "godkjenner avtalar mellom partane."),
    ("ou-bergen", "OU Bergen", "Områdeutval Bergen", "Områdeutvalg Bergen", Body.Kind.OU,
     "ssu", 30, "Samarbeid mellom Bergen kommune og sjukehusa."),
    ("ou-bergensregionen", "OU Bergensregionen", "Områdeutval Bergensregionen",
     "Områdeutvalg Bergensregionen", Body.Kind.OU, "ssu", 31,
     "Samarbeid mellom kommunane i Bergensregionen og sjukehusa."),
    ("ou-nordhordland", "OU Nordhordland", "Områdeutval Nordhordland", "Områdeutvalg Nordhordland",
     Body.Kind.OU, "ssu", 32, "Samarbeid mellom kommunane i Nordhordland og sjukehusa."),
    ("ou-voss", "OU Voss lokalsjukehusområde", "Områdeutval Voss lokalsjukehusområde",
     "Områdeutvalg Voss lokalsykehusområde", Body.Kind.OU, "ssu", 33,
     "Samarbeid mellom kommunane i Voss lokalsjukehusområde og sjukehusa."),
    ("fsu-svangerskap", "FSU svangerskap, fødsel og barseltid",
     "Fagleg samarbeidsutval for svangerskap, fødsel og barseltid",
     "Faglig samarbeidsutvalg for svangerskap, fødsel og barseltid", Body.Kind.FSU, "ssu", 40,
     "Oppretta av SSU i sak 09/26. Oppstart i steg: partar som ikkje kan prioritere tidleg "
     "deltaking, kjem med etter kvart. Psykisk helsevern skal vere representert."),
    ("ufab", "UFAB", "Underutval for akuttmedisinsk beredskap",
     "Underutvalg for akuttmedisinsk beredskap", Body.Kind.SUBCOMMITTEE, "ssu", 50,
     "Samarbeid om beredskap og den akuttmedisinske kjeda."),
    ("mfu", "MFU", "Medisinskfagleg underutval", "Medisinskfaglig underutvalg",
     Body.Kind.SUBCOMMITTEE, "ssu", 51, "Medisinskfagleg råd til SSU og områdeutvala."),
    ("sse", "SSE", "Samarbeidssekretariatet", "Samarbeidssekretariatet", Body.Kind.SECRETARIAT,
     None, 90,
     "Førebur møte, skriv referat og følgjer opp vedtak og handlingsplanen."),
]  # fmt: skip

# OU slug -> its municipalities (DOMAIN.md §1).
MUNICIPALITIES = {
    "ou-bergen": ["Bergen"],
    "ou-bergensregionen": ["Askøy", "Austevoll", "Bjørnafjorden", "Samnanger", "Øygarden"],
    "ou-nordhordland": [
        "Alver",
        "Austrheim",
        "Fedje",
        "Gulen",
        "Masfjorden",
        "Modalen",
        "Osterøy",
    ],
    "ou-voss": ["Eidfjord", "Kvam", "Ulvik", "Vaksdal", "Voss"],
}
# Municipalities that merged on 1 January 2020: old name -> successor.
MERGED_2020 = {
    "Os": "Bjørnafjorden", "Fusa": "Bjørnafjorden",
    "Fjell": "Øygarden", "Sund": "Øygarden",
    "Lindås": "Alver", "Meland": "Alver", "Radøy": "Alver",
    "Granvin": "Voss",
}  # fmt: skip

# slug, short nn, short nb, name nn, name nb, kind, party
ORGANISATIONS = [
    ("helse-bergen", "Helse Bergen", "", "Helse Bergen HF (Haukeland universitetssjukehus og Voss sjukehus)",
     "Helse Bergen HF (Haukeland universitetssykehus og Voss sykehus)", K.HOSPITAL_TRUST, True),
    ("haraldsplass", "Haraldsplass diakonale sjukehus", "Haraldsplass diakonale sykehus",
     "Haraldsplass diakonale sjukehus", "Haraldsplass diakonale sykehus", K.PRIVATE_HOSPITAL, True),
    ("betanien", "Betanien sjukehus", "Betanien sykehus", "Betanien sjukehus", "Betanien sykehus",
     K.PRIVATE_HOSPITAL, True),
    ("solli-dps", "Solli DPS", "", "Solli distriktspsykiatriske senter", "Solli distriktspsykiatriske senter",
     K.PRIVATE_HOSPITAL, True),
    ("nks-olaviken", "NKS Olaviken", "", "NKS Olaviken alderspsykiatriske sjukehus",
     "NKS Olaviken alderspsykiatriske sykehus", K.PRIVATE_HOSPITAL, True),
    ("nks-bjorkeli", "NKS Bjørkeli", "", "NKS Bjørkeli", "NKS Bjørkeli", K.PRIVATE_HOSPITAL, True),
    ("ks", "KS", "", "KS Vestland", "KS Vestland", K.KS, False),
    ("statsforvaltaren", "Statsforvaltaren", "Statsforvalteren", "Statsforvaltaren i Vestland",
     "Statsforvalteren i Vestland", K.COUNTY_GOVERNOR, False),
    ("legeforeningen", "Legeforeningen", "", "Den norske legeforening", "Den norske legeforening",
     K.UNION, False),
    ("hvl", "Høgskulen på Vestlandet", "", "Høgskulen på Vestlandet", "Høgskulen på Vestlandet",
     K.EDUCATION, False),
    ("uib", "Universitetet i Bergen", "", "Universitetet i Bergen", "Universitetet i Bergen",
     K.EDUCATION, False),
    ("vid", "VID vitskaplege høgskule", "VID vitenskapelige høgskole", "VID vitskaplege høgskule",
     "VID vitenskapelige høgskole", K.EDUCATION, False),
    ("vestland-fylkeskommune", "Vestland fylkeskommune", "", "Vestland fylkeskommune",
     "Vestland fylkeskommune", K.OTHER, False),
]  # fmt: skip

# SSU's members and secretariat as in the seed minutes of møte 1/2026:
# name, category, role, organisation slug, area slug, public name, title/note, substitute for
SSU_MEMBERS = [
    ("Ingvild Kirsti Hjelmtveit", C.MUNICIPAL, R.MEMBER, None, "ou-nordhordland", True, "", None),
    ("Johnny Breivik", C.MUNICIPAL, R.MEMBER, None, "ou-bergensregionen", True, "", None),
    ("Solrun Hauglum", C.MUNICIPAL, R.MEMBER, None, "ou-voss", True, "", None),
    ("Trond Egil Hansen", C.MUNICIPAL, R.MEMBER, "bergen", "ou-bergen", True, "", None),
    ("Sølve Sætre", C.MUNICIPAL, R.MEMBER, "bergen", None, True, "", None),
    ("Eivind Hansen", C.SPECIALIST, R.CHAIR, "helse-bergen", None, True, "", None),
    ("Janiche Buanes Heltne", C.SPECIALIST, R.MEMBER, "betanien", None, True, "", None),
    ("Kjerstin Fyllingen", C.SPECIALIST, R.MEMBER, "haraldsplass", None, True, "", None),
    ("Rebekka Ljosland", C.SPECIALIST, R.SUBSTITUTE, "haraldsplass", None, True, "", "Kjerstin Fyllingen"),
    ("Linn Dale Bergsma", C.SPECIALIST, R.MEMBER, "helse-bergen", None, True, "", None),
    ("Randi-Luise Møgster", C.SPECIALIST, R.MEMBER, "helse-bergen", None, True, "", None),
    ("Evy Knutsen", C.USER_SPECIALIST, R.MEMBER, None, None, False, "", None),
    ("Bjørn Sivertsen", C.USER_MUNICIPAL, R.MEMBER, None, None, False, "", None),
    ("Gunn Mali Steen Sund", C.GP, R.MEMBER, None, None, False, "", None),
    ("Hilde Ystanes", C.KS, R.OBSERVER, "ks", None, True, "", None),
    ("Eystein Hauge", C.MUNICIPAL_CHIEF_MEDICAL_OFFICER, R.OBSERVER, None, None, True,
     "representant for kommuneoverlegane", None),
    ("Inger Uglenes", C.MUNICIPAL_CHIEF_MEDICAL_OFFICER, R.SUBSTITUTE, None, None, True,
     "representant for kommuneoverlegane", "Eystein Hauge"),
    ("Björg Merete Hjallen", C.UNION, R.MEMBER, "legeforeningen", None, True, "", None),
    ("Kristin Cotta Schönberg", C.COUNTY_GOVERNOR, R.MEMBER, "statsforvaltaren", None, True,
     "fylkeslege i Vestland", None),
    ("Marius Omland", C.YOUTH_COUNCIL, R.MEMBER, None, None, False,
     "Ungdomsrådet, spesialisthelsetenesta", None),
    ("Theresa Dang", C.YOUTH_COUNCIL, R.MEMBER, None, None, False,
     "Ungdomsrådet, spesialisthelsetenesta", None),
    ("Anne Kvalheim", C.SECRETARIAT, R.SECRETARIAT, "helse-bergen", None, True, "", None),
    ("Eva Nordnes", C.SECRETARIAT, R.SECRETARIAT, None, "ou-nordhordland", True, "", None),
    ("Inga Larsdottir Søreide Holmås", C.SECRETARIAT, R.SECRETARIAT, "haraldsplass", None, True, "", None),
    ("Kenneth Nodeland", C.SECRETARIAT, R.SECRETARIAT, None, "ou-bergen", True, "", None),
    ("Nora Fredriksen Lunde", C.SECRETARIAT, R.SECRETARIAT, None, "ou-bergensregionen", True, "", None),
    ("Reidun Braut Kjosås", C.SECRETARIAT, R.SECRETARIAT, None, "ou-voss", True, "", None),
    ("Trude Hjortland", C.SECRETARIAT, R.SECRETARIAT, "helse-bergen", None, True, "", None),
]  # fmt: skip


def load(log):
    bodies = _load_bodies()
    orgs = _load_organisations(bodies)
    count = _load_ssu(bodies, orgs)
    log(
        f"Registry: {len(bodies)} bodies, {len(orgs)} organisations, {count} seats in SSU and SSE."
    )


def _load_bodies():
    bodies = {}
    for slug, short, name_nn, name_nb, kind, parent, order, mandate in BODIES:
        bodies[slug], _ = Body.objects.update_or_create(
            slug=slug,
            defaults={
                "short_name": short,
                "name_nn": name_nn,
                "name_nb": name_nb,
                "kind": kind,
                "parent": bodies.get(parent),
                "order": order,
                "mandate": mandate,
                "active_from": datetime.date(2026, 3, 11) if slug == "fsu-svangerskap" else None,
            },
        )
    return bodies


def _load_organisations(bodies):
    orgs = {}
    for area_slug, names in MUNICIPALITIES.items():
        for name in names:
            orgs[_slug(name)], _ = Organisation.objects.update_or_create(
                slug=_slug(name),
                defaults={
                    "short_name_nn": name,
                    "name_nn": f"{name} kommune",
                    "kind": K.MUNICIPALITY,
                    "area_committee": bodies[area_slug],
                    "is_party": True,
                },
            )
    for old, successor in MERGED_2020.items():
        Organisation.objects.update_or_create(
            slug=_slug(old),
            defaults={
                "short_name_nn": old,
                "name_nn": f"{old} kommune",
                "kind": K.MUNICIPALITY,
                "valid_to": datetime.date(2019, 12, 31),
                "successor": orgs[_slug(successor)],
            },
        )
    for slug, short_nn, short_nb, name_nn, name_nb, kind, party in ORGANISATIONS:
        orgs[slug], _ = Organisation.objects.update_or_create(
            slug=slug,
            defaults={
                "short_name_nn": short_nn,
                "short_name_nb": short_nb,
                "name_nn": name_nn,
                "name_nb": name_nb,
                "kind": kind,
                "is_party": party,
            },
        )
    return orgs


def _load_ssu(bodies, orgs):
    ssu, sse = bodies["ssu"], bodies["sse"]
    seats = {}
    for name, category, role, org, area, public, note, substitute_for in SSU_MEMBERS:
        person, _ = Person.objects.update_or_create(
            name=name,
            defaults={"organisation": orgs.get(org), "name_is_public": public},
        )
        seats[name], _ = Membership.objects.update_or_create(
            person=person,
            body=ssu,
            category=category,
            defaults={
                "role": role,
                "organisation": orgs.get(org),
                "area": bodies.get(area),
                "note": note,
                "substitute_for": seats.get(substitute_for),
            },
        )
        if category == C.SECRETARIAT:
            Membership.objects.update_or_create(
                person=person,
                body=sse,
                category=category,
                defaults={
                    "role": R.MEMBER,
                    "organisation": orgs.get(org),
                    "area": bodies.get(area),
                },
            )
    return len(seats) + sse.memberships.count()


def _slug(name):
    return name.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a").replace(" ", "-")
