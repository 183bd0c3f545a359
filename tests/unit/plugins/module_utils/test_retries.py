# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""DomainClient.call: how long a request waits before it is sent again, by what came back."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import random

import pytest

from ansible_collections.alicloud.domain.plugins.module_utils.client import Backoff
from ansible_collections.alicloud.domain.plugins.module_utils.errors import ApiError
from ansible_collections.alicloud.domain.tests.unit.plugins.fake_api import Call, FakeSession, error, make_client

Q = "QueryContactInfo"
OK = Call(Q, body={"RegistrantName": "x"})


def _client(script, **kwargs):
    sleeps = []
    session = FakeSession(script)
    client = make_client(session, sleep=sleeps.append, backoff=Backoff(rng=random.Random(7)), **kwargs)
    return client, session, sleeps


def test_a_stray_throttling_answer_retries_after_the_ordinary_short_backoff():
    client, session, sleeps = _client([error(Q, "Throttling.User"), OK])
    for _dummy in range(30):  # many successes before: the throttling answer is a stray one
        client.limiter.succeeded()
    assert client.call(Q, {"DomainName": "a.com"})["RegistrantName"] == "x"
    assert len(sleeps) == 1 and 0.1 <= sleeps[0] <= 0.2, sleeps  # Backoff.base, not the 1 s throttle base
    assert client.limiter.paused_until == 0.0  # nobody else slowed down
    session.assert_done()


def test_throttling_that_persists_holds_every_request_back_through_the_limiter():
    client, session, sleeps = _client([error(Q, "Throttling.User")] * 6 + [OK], max_retries=8)
    assert client.call(Q, {"DomainName": "a.com"})["RegistrantName"] == "x"
    # the first answers could be strays (short backoff each); from the fifth on a limit is being hit: the
    # limiter halves the rate and pauses every request, this one included
    assert all(0.1 <= pause <= 0.2 * 2 ** attempt for attempt, pause in enumerate(sleeps[:4])), sleeps
    assert client.limiter.paused_until > 0
    session.assert_done()


def test_server_errors_back_off_exponentially_with_jitter_then_give_up():
    client, session, sleeps = _client([error(Q, "ServiceUnavailable", status=503)] * 4, max_retries=3)
    with pytest.raises(ApiError) as info:
        client.call(Q, {"DomainName": "a.com"})
    assert info.value.code == "ServiceUnavailable" and len(session.sent) == 4
    assert len(sleeps) == 3
    for attempt, pause in enumerate(sleeps):
        assert 0.1 <= pause <= 0.2 * 2 ** attempt


def test_retry_after_from_the_server_is_obeyed():
    answer = error(Q, "Throttling.User")
    answer.headers = {"x-acs-retry-after": "1500"}  # milliseconds
    client, session, sleeps = _client([answer, OK])
    for _dummy in range(30):
        client.limiter.succeeded()
    client.call(Q, {"DomainName": "a.com"})
    assert sleeps == [1.5]
