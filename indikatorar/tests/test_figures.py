"""The figures for the prepared situation (see conftest.py), worked out by hand."""

from indikatorar.figures import Scope, indicators, rate, year_extent
from indikatorar.tests.conftest import at, meeting, publish
from moter.models import FollowUp
from samarbeid.models import MemberGroup


def figures(situation, first=2024, last=2025, bodies=None, unpublished=False):
    fsu, ou = situation["fsu"], situation["ou"]
    scope = Scope(
        first_year=first,
        last_year=last,
        body_ids=tuple(b.pk for b in bodies) if bodies else None,
        include_unpublished=unpublished,
    )
    names = {b.pk: str(b) for b in (bodies or [fsu, ou])}
    return indicators(scope, names)


def by_year(result):
    return {row["year"]: row for row in result["by_year"]}


def pick(row, *keys):
    return tuple(row[k] for k in keys)


KEYS = (
    "meetings",
    "cases",
    "decisions",
    "follow_ups_closed",
    "median_days",
    "measures_completed",
)


def test_it_counts_the_published_meetings_cases_and_decisions_per_year(situation):
    years = by_year(figures(situation))
    # 2024: OU's meeting (case 1 + one decided case); m4 completed (OU).
    assert pick(years[2024], *KEYS) == (1, 2, 1, 0, None, 1)
    # 2025: M1 (4 cases: A, exempt B decided; C and case 1 not), M2 and M3 (2 cases, 1
    # decided each); M4 unpublished, M5 cancelled. Follow-ups closed in published meetings:
    # 84 (M1→M2), 189 (M1→M3), 105 (M2→M3): median 105. Measures m1, m2 and m5.
    assert pick(years[2025], *KEYS) == (3, 8, 4, 3, 105, 3)


def test_it_counts_per_body_and_year(situation):
    rows = {(r["body"], r["year"]): r for r in figures(situation)["by_body"]}
    assert set(rows) == {("FSU", 2025), ("OU Nord", 2024), ("OU Nord", 2025)}
    assert pick(rows["FSU", 2025], *KEYS) == (3, 8, 4, 3, 105, 3)
    assert pick(rows["OU Nord", 2024], *KEYS) == (1, 2, 1, 0, None, 1)
    # m5 has both bodies responsible: it counts for each, once in the total.
    assert pick(rows["OU Nord", 2025], *KEYS) == (0, 0, 0, 0, None, 1)
    assert figures(situation)["total"]["measures_completed"] == 4  # m1, m2, m4, m5


def test_it_counts_unpublished_meetings_and_draft_plans_only_when_asked(situation):
    years = by_year(figures(situation, unpublished=True))
    # + M4 (held: 2 cases, 1 decided), + F5 (255 days: median of 84, 105, 189, 255 = 147),
    # + m6 from the draft plan. The cancelled M5 and planned M6 never count.
    assert pick(years[2025], *KEYS) == (4, 10, 5, 4, 147, 4)


def test_it_limits_the_figures_to_the_chosen_body(situation):
    result = figures(situation, bodies=[situation["ou"]])
    assert [(r["body"], r["year"]) for r in result["by_body"]] == [
        ("OU Nord", 2024),
        ("OU Nord", 2025),
    ]
    assert pick(by_year(result)[2025], *KEYS) == (0, 0, 0, 0, None, 1)
    assert result["attendance_by_group"] == []


def test_it_gives_the_attendance_rate_per_category_with_substitutes_filling_seats(situation):
    groups = {row["label"]: row for row in figures(situation)["attendance_by_group"]}
    # Three published meetings × one seat per category.
    # Specialist (chair): came to all three. Municipal (member): M1 apologies but the
    # substitute came (filled), M2 came, M3 apologies without a substitute: 2 of 3.
    # Users: M1 apologies: 2 of 3. Observer: 3 of 3. The substitute's own row is no seat.
    assert {label: (r["filled"], r["seats"], r["rate"]) for label, r in groups.items()} == {
        MemberGroup.SPECIALIST.label: (3, 3, 100),
        MemberGroup.MUNICIPAL.label: (2, 3, 67),
        MemberGroup.USERS.label: (2, 3, 67),
        MemberGroup.OBSERVERS.label: (3, 3, 100),
    }
    assert list(groups) == [
        MemberGroup.MUNICIPAL.label,
        MemberGroup.SPECIALIST.label,
        MemberGroup.USERS.label,
        MemberGroup.OBSERVERS.label,
    ]  # in the order member lists use
    total = figures(situation)["attendance_total"]
    assert (total["filled"], total["seats"], total["rate"]) == (10, 12, 83)
    per_year = {cell["year"]: cell for cell in groups[MemberGroup.MUNICIPAL.label]["per_year"]}
    assert (per_year[2024]["seats"], per_year[2024]["rate"]) == (0, None)
    assert (per_year[2025]["filled"], per_year[2025]["seats"]) == (2, 3)


def test_it_gives_the_attendance_rate_per_party(situation):
    parties = figures(situation)["attendance_by_party"]
    # Seats of parties only (KS and the user representative are no party), by name.
    assert [(r["label"], r["filled"], r["seats"], r["rate"]) for r in parties] == [
        ("Bergen", 2, 3, 67),
        ("Helse Bergen", 3, 3, 100),
    ]
    # With the unpublished M4, where the chair sent apologies: 3 of 4.
    parties = figures(situation, unpublished=True)["attendance_by_party"]
    assert [(r["label"], r["filled"], r["seats"]) for r in parties] == [
        ("Bergen", 3, 4),
        ("Helse Bergen", 3, 4),
    ]


def test_it_counts_a_follow_up_for_the_deciding_body_wherever_it_was_closed(situation):
    m2 = situation["meetings"][1]
    ou_meeting, (_, case) = meeting(situation["ou"], at(2025, 10, 1), [("Sak Y", "Ok.", False)])
    publish(ou_meeting)
    FollowUp.objects.create(item=m2.items.last(), description="Til OU").close(case)
    fsu = by_year(figures(situation, bodies=[situation["fsu"]]))[2025]
    # 2 June → 1 October: 121 days; median of 84, 105, 121, 189 = 113.
    assert (fsu["follow_ups_closed"], fsu["median_days"]) == (4, 113)
    ou = by_year(figures(situation, bodies=[situation["ou"]]))[2025]
    assert (ou["meetings"], ou["follow_ups_closed"]) == (1, 0)


def test_it_counts_follow_ups_in_the_year_they_were_closed(situation):
    # Decided in 2025 and closed in 2025: nothing in a 2024-only scope.
    assert by_year(figures(situation, 2024, 2024))[2024]["follow_ups_closed"] == 0


def test_it_finds_the_years_with_counted_meetings(situation):
    assert year_extent() == (2024, 2025)
    assert year_extent(include_unpublished=True) == (2024, 2025)


def test_it_rounds_rates_half_up():
    assert (rate(1, 8), rate(5, 8), rate(2, 3), rate(0, 0)) == (13, 63, 67, None)
