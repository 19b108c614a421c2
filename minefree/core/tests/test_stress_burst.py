"""A burst of concurrent writers against the live server: no 5xx, every acknowledged write present.

The same writers as `./dev bench`'s stress (minefree/stress.py), for a fixed number of rounds:
create areas, change one shared area, send field reports through review. A behaviour test, not a
timing one: the figures per second live in the bench.
"""

from minefree import stress


def test_concurrent_writers_get_no_server_error_and_lose_no_acknowledged_write(server, django_db_blocker):
    with django_db_blocker.unblock():
        setup = stress.prepare()
    before = stress.version_of(server, setup)
    outcome = stress.run(server, setup, writers=8, rounds=4)
    missing = stress.verify(server, setup, outcome, before)
    assert outcome.server_errors() == 0, outcome.errors
    assert missing == []
    # Every kind of write got through (stale PATCHes answer 409 by design).
    assert outcome.created and outcome.approved and outcome.patches
