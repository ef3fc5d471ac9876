"""Staff accounts fit a shared school computer: short sessions, strong passwords, lock-out by
address, and an optional second factor.

Findings 6 and 9 of the security review: staff sessions lasted 14 days and survived closing the
browser; « Orientation » was an accepted password for accounts that read minors' results;
password spraying (30 usernames from one address) never locked, because the lock-out counted
per username and address.
"""

from __future__ import annotations

import time

import pytest
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from orientation.config.middleware import SEEN_AT, SIGNED_IN_AT
from tests.security.helpers import login

pytestmark = pytest.mark.django_db

PASSWORD = "une-phrase-de-passe-solide-42"


@pytest.fixture
def counsellor(db):
    return get_user_model().objects.create_user(
        "conseil", "c@example.fr", PASSWORD, is_staff=True, is_superuser=True
    )


def signed_in(client: Client) -> bool:
    return SESSION_KEY in client.session


# --- Sessions ----------------------------------------------------------------------------------


def test_the_staff_session_cookie_ends_with_the_browser(counsellor):
    client = Client(enforce_csrf_checks=True)
    assert login(client, "conseil", PASSWORD).status_code == 302
    cookie = client.cookies["sessionid"]
    assert cookie["expires"] == "" and cookie["max-age"] == ""
    # And the server forgets it after a working day whatever happens.
    assert 0 < client.session.get_expiry_age() <= 8 * 3600


def set_clock(client: Client, *, signed_in_ago: int, seen_ago: int) -> None:
    session = client.session
    now = int(time.time())
    session[SIGNED_IN_AT] = now - signed_in_ago
    session[SEEN_AT] = now - seen_ago
    session.save()


def test_a_staff_session_idle_for_half_an_hour_is_signed_out(counsellor):
    client = Client()
    client.force_login(counsellor)
    assert client.get("/admin/").status_code == 200
    set_clock(client, signed_in_ago=40 * 60, seen_ago=31 * 60)
    reply = client.get("/admin/")
    assert reply.status_code == 302 and reply["Location"].startswith("/admin/login/")
    assert not signed_in(client)
    page = client.get(reply["Location"]).content.decode()
    assert "Votre session a expiré" in page


def test_activity_keeps_a_staff_session_alive_until_its_working_day_ends(counsellor):
    client = Client()
    client.force_login(counsellor)
    set_clock(client, signed_in_ago=7 * 3600, seen_ago=29 * 60)
    assert client.get("/admin/").status_code == 200
    # The request moved the idle clock, not the sign-in clock.
    assert time.time() - client.session[SEEN_AT] < 5
    assert time.time() - client.session[SIGNED_IN_AT] > 7 * 3600 - 5
    set_clock(client, signed_in_ago=8 * 3600 + 1, seen_ago=10)
    assert client.get("/admin/").status_code == 302
    assert not signed_in(client)


def test_the_limits_are_settings(counsellor, settings):
    settings.CAPBTS_STAFF_IDLE_MINUTES = 5
    client = Client()
    client.force_login(counsellor)
    set_clock(client, signed_in_ago=6 * 60, seen_ago=6 * 60)
    assert client.get("/admin/").status_code == 302


def test_a_request_within_the_minute_writes_nothing_to_the_session(
    counsellor, django_assert_max_num_queries
):
    client = Client()
    client.force_login(counsellor)
    client.get("/admin/")
    with django_assert_max_num_queries(5) as counted:
        assert client.get("/admin/password_change/").status_code == 200
    writes = [
        q["sql"] for q in counted.captured_queries if q["sql"].startswith(("UPDATE", "INSERT"))
    ]
    assert writes == []


# --- Passwords ---------------------------------------------------------------------------------


@pytest.mark.parametrize("weak", ["Orientation", "Conseil1234", "123456789012", "password1234"])
def test_short_or_common_passwords_are_refused_for_staff(counsellor, weak):
    with pytest.raises(ValidationError):
        validate_password(weak, user=counsellor)


def test_a_long_pass_phrase_is_accepted(counsellor):
    validate_password("cheval-agrafe-batterie-correct", user=counsellor)


def test_the_admin_password_form_refuses_a_weak_password(counsellor):
    client = Client()
    client.force_login(counsellor)
    reply = client.post(
        "/admin/password_change/",
        {
            "old_password": PASSWORD,
            "new_password1": "Orientation",
            "new_password2": "Orientation",
        },
    )
    assert reply.status_code == 200
    assert "au minimum 12 caractères" in reply.content.decode()
    counsellor.refresh_from_db()
    assert counsellor.check_password(PASSWORD)


# --- Lock-out by address -----------------------------------------------------------------------


def test_password_spraying_from_one_address_is_locked_out(counsellor):
    for number in range(30):
        get_user_model().objects.create_user(f"prof{number}", password=PASSWORD)
    client = Client(enforce_csrf_checks=True)
    replies = [login(client, f"prof{number}", "Orientation2026").status_code for number in range(5)]
    # Each a wrong password for a different username; the fifth failure locks the address.
    assert replies == [200, 200, 200, 200, 429]
    # From then on, even a right password of another account is refused from there.
    assert login(client, "prof7", "Orientation2026").status_code == 429
    assert login(client, "conseil", PASSWORD).status_code == 429
    assert not signed_in(client)
    # Another address is not.
    assert login(Client(), "conseil", PASSWORD, ip="198.51.100.9").status_code == 302


# --- Second factor -----------------------------------------------------------------------------


@pytest.fixture
def two_factor(settings):
    settings.CAPBTS_STAFF_TWO_FACTOR = True


def test_without_two_factor_the_login_form_asks_for_no_code(counsellor):
    assert 'name="otp_token"' not in Client().get("/admin/login/").content.decode()


def test_with_two_factor_a_password_alone_does_not_sign_in(counsellor, two_factor):
    TOTPDevice.objects.create(user=counsellor, name="téléphone")
    client = Client()
    page = client.get("/admin/login/").content.decode()
    assert 'name="otp_token"' in page and "Code de vérification" in page
    reply = login(client, "conseil", PASSWORD)
    assert reply.status_code == 200
    assert not signed_in(client)


def test_with_two_factor_the_code_of_the_users_app_signs_in(counsellor, two_factor):
    device = TOTPDevice.objects.create(user=counsellor, name="téléphone")
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    code = f"{totp.token():06d}"
    wrong = "000000" if code != "000000" else "111111"
    client = Client()
    assert login(client, "conseil", PASSWORD, otp_token=wrong).status_code == 200
    assert not signed_in(client)
    device.throttle_reset()  # django-otp makes a device wait after a wrong code
    reply = login(client, "conseil", PASSWORD, otp_token=code)
    assert reply.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_with_two_factor_a_backup_code_signs_in_once(counsellor, two_factor):
    device = StaticDevice.objects.create(user=counsellor, name="codes de secours")
    device.token_set.create(token="sauvetage42")
    client = Client()
    assert login(client, "conseil", PASSWORD, otp_token="sauvetage42").status_code == 302
    assert login(Client(), "conseil", PASSWORD, otp_token="sauvetage42").status_code == 200


def test_with_two_factor_a_session_without_a_second_factor_is_refused(counsellor, two_factor):
    client = Client()
    client.force_login(counsellor)  # password only: not verified
    reply = client.get("/admin/")
    assert reply.status_code == 302 and reply["Location"].startswith("/admin/login/")


def test_a_superuser_enrols_an_authenticator_app_from_the_admin(counsellor):
    colleague = get_user_model().objects.create_user("cpe", password=PASSWORD, is_staff=True)
    device = TOTPDevice.objects.create(user=colleague, name="téléphone")
    client = Client()
    client.force_login(counsellor)
    page = client.get(reverse("admin:otp_totp_totpdevice_config", args=[device.pk]))
    assert page.status_code == 200
    qr = client.get(reverse("admin:otp_totp_totpdevice_qrcode", args=[device.pk]))
    assert qr.status_code == 200 and qr["Content-Type"] == "image/svg+xml"
    assert b"<svg" in qr.content
