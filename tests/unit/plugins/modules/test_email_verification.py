# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""alicloud.domain.email_verification with scripted HTTP exchanges."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import time

import pytest

from ansible_collections.alicloud.domain.plugins.module_utils import _email_verification as ev
from ansible_collections.alicloud.domain.plugins.modules import email_verification
from ansible_collections.alicloud.domain.tests.unit.plugins.fake_api import SECRET, Call, error

LIST, SUBMIT, RESEND, DELETE = "ListEmailVerification", "SubmitEmailVerification", "ResendEmailVerification", \
    "DeleteEmailVerification"
A, B = "owner@example.com", "Hostmaster@Example.org"


def service_time(seconds_ago):
    """A date as the service writes it: China Standard Time, no zone."""
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(time.time() - seconds_ago + 8 * 3600))


def record(email, status=0, sent_ago=3600):
    return {"Email": email, "VerificationStatus": status, "TokenSendTime": service_time(sent_ago),
            "EmailVerificationNo": "EV-" + email.split("@")[0], "GmtCreate": service_time(sent_ago)}


def listing(email, items):
    body = {"Data": items, "CurrentPageNum": 1, "TotalPageNum": 1, "NextPage": False, "TotalItemNum": len(items)}
    return Call(LIST, {"Email": email, "PageNum": 1}, body)


def answer(success=(), fail=(), exist=()):
    def rows(items):
        return [{"Email": e, "Code": c, "Message": m} for e, c, m in items]
    return {"SuccessList": rows(success), "FailList": rows(fail), "ExistList": rows(exist)}


def test_info_reads_only(run_module):
    failed, result = run_module(email_verification, {"email": A}, [listing(A, [record(A, 1)])])
    assert not failed and result["changed"] is False and result["verified"] is True
    assert result["emails"][0]["state"] == "verified" and result["emails"][0]["email"] == A
    assert run_module.session.actions() == [LIST]
    assert SECRET not in json.dumps(result)


def test_listing_every_verification(run_module):
    failed, result = run_module(email_verification, {}, [
        Call(LIST, {"PageNum": 1, "PageSize": 500}, {"Data": [record(A, 1), record(B)], "TotalPageNum": 1,
                                                     "NextPage": False})])
    assert not failed and [r["email"] for r in result["emails"]] == [A, B] and result["verified"] is False


def test_present_submits_once_without_resending_what_exists(run_module):
    failed, result = run_module(email_verification, {"email": A, "state": "present"}, [
        listing(A, []), Call(SUBMIT, {"Email": A, "SendIfExist": "False"}, answer(success=[(A, "Success", "ok")]))])
    assert not failed and result["changed"] is True and result["emails"][0]["action"] == "submitted"
    assert result["emails"][0]["state"] == "pending" and result["verified"] is False
    assert result["request_ids"] == ["REQ-2"]


def test_rerun_with_a_pending_link_sends_nothing(run_module):
    failed, result = run_module(email_verification, {"email": A, "state": "present"}, [listing(A, [record(A)])])
    assert not failed and result["changed"] is False and result["emails"][0]["action"] == "none"
    assert run_module.session.actions() == [LIST]


def test_exist_list_is_not_a_change(run_module):
    failed, result = run_module(email_verification, {"email": A, "state": "present"}, [
        listing(A, []), Call(SUBMIT, {"SendIfExist": "False"}, answer(exist=[(A, "Exist", "already sent")]))])
    assert not failed and result["changed"] is False and result["emails"][0]["action"] == "exists"
    assert result["emails"][0]["state"] == "pending"


def test_expired_link_is_resent(run_module):
    failed, result = run_module(email_verification, {"email": A, "state": "present"}, [
        listing(A, [record(A, sent_ago=4 * 86400)]), Call(RESEND, {"Email": A}, answer(success=[(A, "Success", "")]))])
    assert not failed and result["changed"] is True and result["emails"][0]["action"] == "resent"
    assert run_module.session.actions().count(SUBMIT) == 0


def test_a_link_younger_than_three_days_is_not_resent(run_module):
    failed, result = run_module(email_verification, {"email": A, "state": "present"}, [
        listing(A, [record(A, sent_ago=2 * 86400)])])
    assert not failed and result["changed"] is False and RESEND not in run_module.session.actions()


def test_quota_is_reported_not_retried(run_module):
    failed, result = run_module(email_verification, {"emails": [A, B], "state": "verified"}, [
        listing(A, []), listing(B, []),
        Call(SUBMIT, {"Email": A + "," + B, "SendIfExist": "False"},
             answer(success=[(A, "Success", "")], fail=[(B, ev.QUOTA_EXCEEDED, "quota of %s exceeded" % B)]))])
    assert failed and ev.QUOTA_EXCEEDED in result["msg"] and "the address #2" in result["msg"]
    assert A not in result["msg"] and B not in result["msg"] and B.lower() not in result["msg"].lower()
    assert run_module.session.actions().count(SUBMIT) == 1 and run_module.session.actions()[-1] == SUBMIT
    rows = result["emails"]
    assert rows[0]["action"] == "submitted" and rows[1]["action"] == "failed" and rows[1]["code"] == ev.QUOTA_EXCEEDED
    assert B not in rows[1]["message"] and result["changed"] is True


def test_verified_waits_until_the_link_is_opened(run_module):
    failed, result = run_module(email_verification, {"email": A, "state": "verified", "poll_interval": 1}, [
        listing(A, []), Call(SUBMIT, {"Email": A}, answer(success=[(A, "Success", "")])),
        listing(A, [record(A)]), listing(A, [record(A)]), listing(A, [record(A, 1)])])
    assert not failed and result["changed"] is True and result["verified"] is True
    assert result["emails"][0]["action"] == "submitted" and result["emails"][0]["state"] == "verified"


def test_verified_already_is_left_alone(run_module):
    failed, result = run_module(email_verification, {"email": A, "state": "verified"}, [listing(A, [record(A, 1)])])
    assert not failed and result["changed"] is False and result["verified"] is True


def test_wait_timeout_fails_without_naming_the_address(run_module):
    script = [listing(A, [record(A)])] + [listing(A, [record(A)]) for _i in range(4)]
    failed, result = run_module(email_verification, {"email": A, "state": "verified", "wait_timeout": 20,
                                                     "poll_interval": 5}, script)
    assert failed and "not verified within 20 s" in result["msg"] and "#1" in result["msg"] and A not in result["msg"]
    assert result["changed"] is False and result["verified"] is False
    assert SUBMIT not in run_module.session.actions() and RESEND not in run_module.session.actions()


def test_check_mode_sends_nothing(run_module):
    failed, result = run_module(email_verification, {"emails": [A, B], "state": "verified"}, [
        listing(A, []), listing(B, [record(B, sent_ago=5 * 86400)])], check_mode=True, diff=True)
    assert not failed and result["changed"] is True
    assert [r["action"] for r in result["emails"]] == ["would_submit", "would_resend"]
    assert result["diff"]["before"]["email_verification"] == {A: "none", B: "expired"}
    assert result["diff"]["after"]["email_verification"] == {A: "pending", B: "pending"}
    assert run_module.session.actions() == [LIST, LIST]


def test_absent_deletes_only_what_exists(run_module):
    failed, result = run_module(email_verification, {"emails": [A, B], "state": "absent"}, [
        listing(A, [record(A, 1)]), listing(B, []), Call(DELETE, {"Email": A}, answer(success=[(A, "Success", "")]))],
        diff=True)
    assert not failed and result["changed"] is True
    assert [r["action"] for r in result["emails"]] == ["deleted", "none"]
    assert result["diff"]["after"]["email_verification"][A] == "none"


def test_absent_when_nothing_exists(run_module):
    failed, result = run_module(email_verification, {"email": A, "state": "absent"}, [listing(A, [])])
    assert not failed and result["changed"] is False


def test_lost_submit_answer_is_settled_by_reading(run_module):
    failed, result = run_module(email_verification, {"email": A, "state": "present"}, [
        listing(A, []), error(SUBMIT, "ServiceUnavailable", "lost", status=503), listing(A, [record(A, sent_ago=5)])])
    assert not failed and result["changed"] is True and result["emails"][0]["action"] == "submitted"
    assert run_module.session.actions().count(SUBMIT) == 1


def test_lost_submit_answer_with_nothing_sent_fails_without_resending(run_module):
    failed, result = run_module(email_verification, {"email": A, "state": "present"}, [
        listing(A, []), error(SUBMIT, "ServiceUnavailable", "lost", status=503), listing(A, [])])
    assert failed and "ServiceUnavailable" in result["msg"] and run_module.session.actions().count(SUBMIT) == 1


def test_service_error_echoing_the_address_is_masked(run_module):
    failed, result = run_module(email_verification, {"email": A, "state": "present"}, [
        listing(A, []), error(SUBMIT, "ParameterIllegal", "Email %s is illegal." % A.upper())])
    assert failed and result["error"]["code"] == "ParameterIllegal"
    assert A.lower() not in result["msg"].lower() and "the address #1" in result["msg"]


def test_duplicates_are_dropped(run_module):
    failed, result = run_module(email_verification, {"emails": [A, " " + A.upper()]}, [listing(A, [])])
    assert not failed and len(result["emails"]) == 1 and result["emails"][0]["state"] == "none"


@pytest.mark.parametrize("args, message", [
    ({"email": "not-an-address", "state": "present"}, "the address #1 is not an e-mail address"),
    ({"emails": [A, "x@y"], "state": "present"}, "the address #2 is not an e-mail address"),
    ({"email": A, "emails": [B]}, "mutually exclusive"),
    ({"email": A, "state": "verified", "wait_timeout": 0}, "wait_timeout"),
    ({"state": "present"}, "Give the address"),
    ({"email": A, "state": "gone"}, "value of state must be one of"),
])
def test_bad_input_is_refused_before_any_call(run_module, args, message):
    failed, result = run_module(email_verification, args, [])
    assert failed and message in result["msg"], result["msg"]
    assert "not-an-address" not in result["msg"] or "mutually" in result["msg"]
    assert run_module.session.sent == []


@pytest.mark.parametrize("value, expected", [
    ("2026-12-01 08:00:00", 1796083200),
    ("2026-12-01T00:00:00Z", 1796083200),
    ("2026-12-01T08:00:00+08:00", 1796083200),
    (1796083200000, 1796083200),
    ("yesterday", None),
    (None, None),
])
def test_service_dates(value, expected):
    assert ev.parse_time(value) == expected
