"""One date format per interface language (issue 14, item 8): "11. mars 2026 kl. 09.30" in
nynorsk and bokmål, "11 March 2026, 09:30" in English; never "March 11" or "11. March"."""

import pytest
from django.urls import reverse
from django.utils import translation

from moter.documents import meeting_time
from moter.models import mailing_summary
from moter.tests.conftest import at

EXPECTED = {
    "nn": ("10. mars 2027", "onsdag 10. mars 2027 kl. 09.30"),
    "nb": ("10. mars 2027", "onsdag 10. mars 2027 kl. 09.30"),
    "en": ("10 March 2027", "Wednesday 10 March 2027, 09:30"),
}


@pytest.mark.parametrize("language", ["nn", "nb", "en"])
def test_pages_print_dates_in_the_interface_languages_one_format(
    editor_client, make_meeting, language
):
    client = editor_client
    make_meeting(when=at(2027, 3, 10, 9).replace(minute=30))
    client.cookies["django_language"] = language
    day, schedule_line = EXPECTED[language]

    listing = client.get(reverse("moter:index")).content.decode()
    schedule = client.get(reverse("moter:schedule")).content.decode()

    assert day in listing
    assert schedule_line[0].upper() + schedule_line[1:] in schedule
    assert "March 10" not in listing + schedule
    assert "10. March" not in listing + schedule


def test_the_minutes_time_and_the_mailing_summary_follow_the_language(make_meeting):
    meeting = make_meeting(when=at(2026, 3, 11, 12).replace(minute=30))
    sent_at = at(2026, 3, 3, 14).replace(minute=5)
    with translation.override("nn"):
        assert meeting_time(meeting) == "Onsdag 11. mars 2026, kl. 12.30"
        nn = mailing_summary("sendt", sent_at=sent_at, sent_count=24, missing=0)
    with translation.override("en"):
        assert meeting_time(meeting).startswith("Wednesday 11 March 2026")
        en = mailing_summary("sendt", sent_at=sent_at, sent_count=24, missing=0)
    assert "3. mars kl. 14.05" in nn
    assert "3 March at 14:05" in en
