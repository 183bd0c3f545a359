# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""DomainClient.call: how long a request waits before it is sent again, by what came back."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import random

import pytest

from ansible_collections.alicloud.domain.plugins.module_utils._api.pacing import Backoff
from ansible_collections.alicloud.domain.plugins.module_utils._api.errors import ApiError
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


SAVE = "SaveSingleTaskForUpdatingContactInfo"


def test_signature_nonce_used_on_a_write_is_a_lost_answer_sent_once():
    # the client never reuses a nonce: an earlier copy of this very request reached the service
    from ansible_collections.alicloud.domain.plugins.module_utils._api.errors import AmbiguousWriteError
    client, session, sleeps = _client([error(SAVE, "SignatureNonceUsed")])
    with pytest.raises(AmbiguousWriteError) as info:
        client.call(SAVE, {"DomainName": "a.com"})
    assert info.value.code == "SignatureNonceUsed" and len(session.sent) == 1 and sleeps == []
    session.assert_done()


def test_signature_nonce_used_on_a_read_is_retried_with_a_fresh_nonce():
    client, session, sleeps = _client([error(Q, "SignatureNonceUsed"), OK])
    assert client.call(Q, {"DomainName": "a.com"})["RegistrantName"] == "x"
    nonces = [h["x-acs-signature-nonce"] for _a, _p, h in session.sent]
    assert len(nonces) == 2 and nonces[0] != nonces[1]
    session.assert_done()


@pytest.mark.parametrize("action", [SAVE, "SaveRegistrantProfile", "SaveBatchTaskForUpdatingContactInfoByNewContact",
                                    "DeleteRegistrantProfile", "AnyFutureWrite"])
def test_every_action_but_a_read_is_a_write_never_resent_after_a_5xx(action):
    from ansible_collections.alicloud.domain.plugins.module_utils._api.errors import AmbiguousWriteError
    client, session, _sleeps = _client([error(action, "ServiceUnavailable", status=503)])
    with pytest.raises(AmbiguousWriteError):
        client.call(action, {"DomainName": "a.com"})
    assert len(session.sent) == 1
    session.assert_done()


def test_a_throttled_write_is_sent_again_it_was_refused_before_anything_was_done():
    client, session, _sleeps = _client([error(SAVE, "Throttling.User"), Call(SAVE, body={"TaskNo": "T-1"})])
    assert client.call(SAVE, {"DomainName": "a.com"})["TaskNo"] == "T-1"
    session.assert_done()
