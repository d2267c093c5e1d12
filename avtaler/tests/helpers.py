"""Small builders for the agreements tests."""

import datetime

from avtaler.models import Agreement, Version
from samarbeid.models import Body, Organisation

SENT_ON = datetime.date(2026, 3, 11)


def ssu():
    return Body.objects.get_or_create(
        slug="ssu", defaults={"name_nn": "Strategisk samarbeidsutval", "kind": Body.Kind.SSU}
    )[0]


def make_parties(n):
    return [
        Organisation.objects.create(
            slug=f"kommune-{i}", short_name_nn=f"Kommune {i}", name_nn=f"Kommune {i}",
            kind=Organisation.Kind.MUNICIPALITY, is_party=True,
        )
        for i in range(n)
    ]  # fmt: skip


def make_agreement(slug="ta-x", *, level=Agreement.Level.SERVICE, rule=Agreement.Parties.ALL,
                   parties=(), **fields):  # fmt: skip
    agreement = Agreement.objects.create(
        slug=slug, label=f"Avtale {slug}", title_nn=f"Avtale {slug}", level=level,
        parties_rule=rule, responsible_body=fields.pop("body", None) or ssu(), **fields,
    )  # fmt: skip
    if parties:
        agreement.parties.set(parties)
    return agreement


def make_version(agreement, label="2026", status=Version.Status.APPROVED, **fields):
    return Version.objects.create(agreement=agreement, label=label, status=status, **fields)


def sent_version(agreement, label="2026"):
    version = make_version(agreement, label)
    version.send_to_parties(on=SENT_ON)
    return version
