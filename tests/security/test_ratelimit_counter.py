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
