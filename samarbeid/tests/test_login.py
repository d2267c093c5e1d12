"""Logging in: the lockout after wrong passwords, the secretariat's second factor, and the
secretariat's idle timeout — all through real login POSTs.

Who is asked what:
- editor (the secretariat): password, then a TOTP code when REQUIRE_2FA is on; logged out
  after STAFF_IDLE_MINUTES idle;
- member (a committee member): the password only, and a long session;
- anyone: locked out after LOGIN_FAILURE_LIMIT wrong passwords for one account, or
  LOGIN_IP_FAILURE_LIMIT from one address.

The test settings turn REQUIRE_2FA off for the rest of the suite; the tests here turn it on.
"""

import datetime

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.utils import timezone, translation
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from samarbeid.access import EDITORS
from samarbeid.auth import LAST_ACTIVITY_KEY

LOGIN = "/konto/logg-inn/"
ADMIN_LOGIN = "/admin/login/"


@pytest.fixture(autouse=True)
def nynorsk():
    with translation.override("nn"):
        yield


def wrong(client, url, username, n, **extra):
    return [
        client.post(url, {"username": username, "password": "feil"}, **extra) for _ in range(n)
    ]


def code(device, drift=0):
    """The authenticator app's current code for `device`."""
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, drift):06d}"


# --- Lockout (django-axes) -----------------------------------------------------------


@pytest.mark.parametrize("url", [LOGIN, ADMIN_LOGIN])
def test_six_wrong_passwords_lock_the_account_even_for_the_right_one(client, editor, url):
    responses = wrong(client, url, "redaktor", 6)
    assert [r.status_code for r in responses[:4]] == [200] * 4  # the form, with its error
    assert [r.status_code for r in responses[4:]] == [429, 429]
    right = client.post(url, {"username": "redaktor", "password": "pw"})
    assert right.status_code == 429
    page = right.content.decode()
    assert "Innlogginga er sperra" in page
    assert "15 minutt" in page
    assert 'class="site-header"' in page, "the lockout page is in the site's layout"
    assert "_auth_user_id" not in client.session
    assert client.get("/arbeid/").status_code == 302  # not logged in


def test_the_lockout_is_logged(client, editor, caplog):
    wrong(client, LOGIN, "redaktor", 5)
    assert any("Locking out" in r.getMessage() for r in caplog.records)
    attempt = AccessAttempt.objects.get(username="redaktor")
    assert attempt.failures_since_start == 5
    assert "feil" not in attempt.post_data, "the password is not stored"


def test_an_account_is_locked_whatever_address_the_guesses_come_from(client, editor):
    for n in range(5):
        client.post(
            LOGIN, {"username": "redaktor", "password": "feil"}, REMOTE_ADDR=f"192.0.2.{n}"
        )
    right = client.post(
        LOGIN, {"username": "redaktor", "password": "pw"}, REMOTE_ADDR="198.51.100.1"
    )
    assert right.status_code == 429


def test_an_address_guessing_many_accounts_is_locked_at_its_own_limit(client, editor, settings):
    settings.LOGIN_IP_FAILURE_LIMIT = 8
    for n in range(7):  # seven accounts, one guess each: under both limits
        assert wrong(client, LOGIN, f"gjest{n}", 1)[0].status_code == 200
    assert wrong(client, LOGIN, "gjest7", 1)[0].status_code == 429
    assert client.post(LOGIN, {"username": "redaktor", "password": "pw"}).status_code == 429
    # The same account from another address is not locked: the address was.
    other = client.post(
        LOGIN, {"username": "redaktor", "password": "pw"}, REMOTE_ADDR="198.51.100.1"
    )
    assert other.status_code == 302


def test_the_lockout_ends_after_the_cool_off(client, editor):
    wrong(client, LOGIN, "redaktor", 5)
    assert client.post(LOGIN, {"username": "redaktor", "password": "pw"}).status_code == 429
    # Sixteen minutes later (the attempts are dated; nobody waits).
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    response = client.post(LOGIN, {"username": "redaktor", "password": "pw"})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(editor.pk)


def test_an_administrator_can_lift_the_lockout(client, editor):
    wrong(client, LOGIN, "redaktor", 5)
    call_command("axes_reset_username", "redaktor", verbosity=0)
    assert client.post(LOGIN, {"username": "redaktor", "password": "pw"}).status_code == 302


def test_a_right_password_clears_the_earlier_failures(client, editor):
    wrong(client, LOGIN, "redaktor", 4)
    assert client.post(LOGIN, {"username": "redaktor", "password": "pw"}).status_code == 302
    client.post("/konto/logg-ut/")
    wrong(client, LOGIN, "redaktor", 4)
    assert client.post(LOGIN, {"username": "redaktor", "password": "pw"}).status_code == 302


@pytest.mark.parametrize(
    ("behind_proxy", "recorded"), [(False, "127.0.0.1"), (True, "203.0.113.7")]
)
def test_the_address_comes_from_the_proxy_only_behind_one(
    client, db, settings, behind_proxy, recorded
):
    # Behind our proxy the last X-Forwarded-For entry is the one it added; the first is
    # whatever the client sent, and would let an attacker pick a fresh address per guess.
    settings.BEHIND_PROXY = behind_proxy
    wrong(client, LOGIN, "redaktor", 1, HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    assert AccessAttempt.objects.get().ip_address == recorded


def test_the_test_clients_login_still_works(client, editor):
    # Logins that are not web requests carry no address: they skip the lockout, not the
    # password check.
    assert client.login(username="redaktor", password="pw")
    assert not client.login(username="redaktor", password="feil")


# --- The second factor (django-otp, TOTP) ----------------------------------------------


@pytest.fixture
def two_factor(settings):
    settings.REQUIRE_2FA = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the throttle has its own test


@pytest.fixture
def device(editor):
    return TOTPDevice.objects.create(user=editor, name="Telefon", confirmed=True)


@pytest.mark.parametrize("url", [LOGIN, ADMIN_LOGIN])
def test_the_secretariat_passes_a_code_before_the_admin(client, two_factor, device, url):
    response = client.post(url, {"username": "redaktor", "password": "pw", "next": "/admin/"})
    assert response.status_code == 302
    step = client.get(response["Location"], follow=True)
    assert step.redirect_chain[-1][0] == "/konto/to-steg/?next=%2Fadmin%2F"
    assert "Kode frå autentiseringsappen" in step.content.decode()
    for page in ("/admin/", "/arbeid/", "/admin/moter/meeting/", "/utval/"):
        refused = client.get(page)
        assert refused.status_code == 302, page
        assert refused["Location"].startswith("/konto/to-steg/?next="), page

    bad = client.post("/konto/to-steg/", {"otp_token": "000000", "next": "/admin/"})
    assert bad.status_code == 200
    assert "Koden er feil eller for gammal" in bad.content.decode()
    assert client.get("/admin/").status_code == 302

    good = client.post("/konto/to-steg/", {"otp_token": code(device), "next": "/admin/"})
    assert good.status_code == 302 and good["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert client.get("/arbeid/").status_code == 200


def test_wrong_codes_slow_down_the_guessing(client, settings, device):
    settings.REQUIRE_2FA = True
    client.post(LOGIN, {"username": "redaktor", "password": "pw"})
    client.post("/konto/to-steg/", {"otp_token": "000000"})
    # Straight after a wrong code even the right one is refused, for a doubling delay.
    refused = client.post("/konto/to-steg/", {"otp_token": code(device)})
    assert "For mange feil kodar" in refused.content.decode()
    assert client.get("/arbeid/").status_code == 302


def test_a_code_is_not_taken_from_an_unsafe_next(client, two_factor, device):
    client.post(LOGIN, {"username": "redaktor", "password": "pw"})
    response = client.post(
        "/konto/to-steg/", {"otp_token": code(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/arbeid/start/"


def test_a_secretary_without_a_device_sets_one_up(client, two_factor, editor):
    client.post(LOGIN, {"username": "redaktor", "password": "pw"})
    setup = client.get("/arbeid/", follow=True)
    assert setup.redirect_chain[-1][0] == "/konto/to-steg/ny/?next=%2Farbeid%2F"
    page = setup.content.decode()
    device = TOTPDevice.objects.get(user=editor)
    assert not device.confirmed
    assert "<svg" in page and "Set opp tofaktor-innlogging" in page
    secret = setup.context["secret"]
    assert secret in page and "otpauth://totp/" in page
    assert client.get("/admin/").status_code == 302, "not before the code confirms the app"

    bad = client.post("/konto/to-steg/ny/", {"otp_token": "000000", "next": "/arbeid/"})
    assert bad.status_code == 200
    device.refresh_from_db()
    assert not device.confirmed

    good = client.post("/konto/to-steg/ny/", {"otp_token": code(device), "next": "/arbeid/"})
    assert good["Location"] == "/arbeid/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/arbeid/").status_code == 200
    # With a confirmed device the set-up page is closed: a lost phone is for an administrator.
    again = client.get("/konto/to-steg/ny/")
    assert again.status_code == 302 and TOTPDevice.objects.filter(user=editor).count() == 1


def test_a_committee_member_is_not_asked(client, two_factor, member):
    response = client.post(LOGIN, {"username": "medlem", "password": "pw", "next": "/utval/"})
    assert response["Location"] == "/utval/"
    assert client.get("/utval/").status_code == 200
    assert client.get("/konto/to-steg/?next=/utval/")["Location"] == "/utval/"
    assert client.get("/konto/to-steg/ny/?next=/utval/")["Location"] == "/utval/"
    assert not TOTPDevice.objects.exists()


def test_a_member_of_the_editors_group_is_asked_even_without_staff(client, two_factor, member):
    member.groups.add(Group.objects.get_or_create(name=EDITORS)[0])
    client.post(LOGIN, {"username": "medlem", "password": "pw"})
    assert client.get("/utval/")["Location"].startswith("/konto/to-steg/")


def test_a_member_made_staff_while_logged_in_is_asked_at_once(client, two_factor, member):
    client.post(LOGIN, {"username": "medlem", "password": "pw"})
    assert client.get("/utval/").status_code == 200
    User.objects.filter(pk=member.pk).update(is_staff=True)
    assert client.get("/admin/")["Location"].startswith("/konto/to-steg/")


def test_force_login_does_not_pass_the_second_factor(client, two_factor, editor):
    # For tests that turn REQUIRE_2FA on: force_login is the password step only. (With the
    # test settings' REQUIRE_2FA off, force_login reaches the admin as before.)
    client.force_login(editor)
    assert client.get("/admin/")["Location"].startswith("/konto/to-steg/")


def test_an_unverified_secretary_can_still_log_out(client, two_factor, device):
    client.post(LOGIN, {"username": "redaktor", "password": "pw"})
    assert client.post("/konto/logg-ut/").status_code == 302
    assert "_auth_user_id" not in client.session


# --- Idle timeout --------------------------------------------------------------------


def idle(client, minutes):
    """Pretend the last request was `minutes` ago."""
    session = client.session
    session[LAST_ACTIVITY_KEY] -= minutes * 60
    session.save()


def test_the_secretariat_is_logged_out_after_30_idle_minutes(editor_client):
    assert editor_client.get("/arbeid/").status_code == 200
    idle(editor_client, 31)
    response = editor_client.get("/arbeid/", follow=True)
    assert response.redirect_chain[0][0] == "/konto/logg-inn/?next=/arbeid/"
    assert "Du vart logga ut etter 30 minutt" in response.content.decode()
    assert "_auth_user_id" not in editor_client.session


@pytest.fixture
def activity_stamped_every_minute(monkeypatch):
    """Undo conftest's steady_activity_stamp: the stamp is written again after a minute."""
    from samarbeid.middleware import StaffIdleTimeoutMiddleware

    monkeypatch.setattr(StaffIdleTimeoutMiddleware, "WRITE_EVERY", 60)


@pytest.mark.usefixtures("activity_stamped_every_minute")
def test_activity_keeps_the_secretariat_logged_in(editor_client):
    idle(editor_client, 29)
    assert editor_client.get("/arbeid/").status_code == 200
    idle(editor_client, 29)
    assert editor_client.get("/arbeid/").status_code == 200


def test_the_idle_timeout_follows_the_setting(editor_client, settings):
    settings.STAFF_IDLE_MINUTES = 0  # off
    idle(editor_client, 600)
    assert editor_client.get("/arbeid/").status_code == 200


def test_a_committee_member_keeps_a_long_session(member_client):
    idle(member_client, 24 * 60)
    response = member_client.get("/utval/")
    assert response.status_code == 200
    assert response.context["user"].is_authenticated


def test_a_new_staff_user_is_of_the_secretariat(client, db):
    staff = User.objects.create_user("stab", password="pw", is_staff=True)
    client.force_login(staff)
    idle(client, 31)
    assert client.get("/admin/")["Location"] == "/konto/logg-inn/?next=/admin/"
