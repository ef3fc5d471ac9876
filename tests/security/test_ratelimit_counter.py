"""The submission counter: shared, one statement per post, no IP address stored."""

from django.test import RequestFactory

from orientation.models import SubmissionCounter
from orientation.ratelimit import client_key, count_hit


def test_it_counts_hits_per_client_and_minute(db):
    assert [count_hit(key="a", window=5) for _ in range(3)] == [1, 2, 3]
    assert count_hit(key="b", window=5) == 1
    assert count_hit(key="a", window=6) == 1


def test_a_new_minute_forgets_the_finished_ones(db):
    count_hit(key="a", window=5)
    count_hit(key="b", window=6)
    count_hit(key="c", window=8)
    assert sorted(SubmissionCounter.objects.values_list("window_start", flat=True)) == [8]


def test_no_ip_address_is_stored(db):
    request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.7")
    key = client_key(request)
    count_hit(key=key, window=1)
    stored = SubmissionCounter.objects.get().key
    assert "203.0.113.7" not in stored
    assert key != client_key(RequestFactory().post("/", REMOTE_ADDR="203.0.113.8"))


def test_behind_a_proxy_the_configured_header_names_the_client(settings):
    settings.CAPBTS_CLIENT_ADDRESS_HEADER = "HTTP_X_REAL_IP"
    factory = RequestFactory()
    first = factory.post("/", REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP="203.0.113.7")
    second = factory.post("/", REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP="203.0.113.8")
    assert client_key(first) != client_key(second)
    settings.CAPBTS_CLIENT_ADDRESS_HEADER = ""
    assert client_key(first) == client_key(second)  # both are the proxy's address
