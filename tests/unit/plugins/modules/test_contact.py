# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""alicloud.domain.contact with scripted HTTP exchanges: the exact calls it makes, and what it returns."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

import pytest
import requests

from ansible_collections.alicloud.domain.plugins.modules import contact
from ansible_collections.alicloud.domain.tests.unit.plugins.fake_api import (
    AK, SECRET, TOKEN, Call, contact_answer, detail_answer, domain_answer, error, profile_answer)

D = "example.com"
SAVE = "SaveSingleTaskForUpdatingContactInfo"
ARGS = {"domain_name": D, "registrant_profile_id": 123}


def save(task_no="T-1", **params):
    expected = {"DomainName": D, "ContactType": "registrant", "RegistrantProfileId": 123}
    expected.update(params)
    return Call(SAVE, expected, {"TaskNo": task_no})


def test_no_change_makes_no_write(run_module):
    failed, result = run_module(contact, ARGS, [profile_answer(), contact_answer(D)])
    assert not failed and result["changed"] is False and result["status"] == "unchanged"
    assert result["differences"] == []
    assert run_module.session.actions() == ["QueryRegistrantProfiles", "QueryContactInfo"]


def test_normalisation_treats_none_empty_and_spaces_alike(run_module):
    failed, result = run_module(contact, ARGS, [profile_answer(TelExt=None), contact_answer(D, TelExt="",
                                                                                            Email=" zs@example.com ")])
    assert not failed and result["changed"] is False


def test_change_submits_once(run_module):
    failed, result = run_module(contact, ARGS, [profile_answer(), contact_answer(D, Email="old@example.com"),
                                                domain_answer(D), save("T-9", AddTransferLock="False")])
    assert not failed and result["changed"] is True and result["status"] == "submitted"
    assert result["task_no"] == "T-9" and result["differences"] == ["email"]
    assert result["contact"]["email"] == "old@example.com" and result["profile"]["email"] == "zs@example.com"


def test_transfer_lock_and_instance_id_are_sent(run_module):
    args = dict(ARGS, transfer_lock=True, instance_id="S2020", lang="zh", user_client_ip="192.0.2.7")
    failed, result = run_module(contact, args, [
        profile_answer(), contact_answer(D, Email="old@example.com"), domain_answer(D),
        save(AddTransferLock="True", InstanceId="S2020", Lang="zh", UserClientIp="192.0.2.7")])
    assert not failed and result["changed"]


def test_admin_contact_has_no_transfer_lock_parameter(run_module):
    failed, result = run_module(contact, dict(ARGS, contact_type="admin"), [
        profile_answer(), contact_answer(D, "admin", City="shanghai"), domain_answer(D),
        Call(SAVE, {"ContactType": "admin"}, {"TaskNo": "T-2"})])
    assert not failed and "AddTransferLock" not in run_module.session.sent[-1][1]


def test_check_mode_reads_and_predicts(run_module):
    failed, result = run_module(contact, ARGS, [profile_answer(), contact_answer(D, Email="old@example.com"),
                                                domain_answer(D)], check_mode=True)
    assert not failed and result["changed"] is True and result["status"] == "would_change"
    assert SAVE not in run_module.session.actions()


def test_check_mode_sees_a_change_in_flight(run_module):
    failed, result = run_module(contact, ARGS, [profile_answer(), contact_answer(D, Email="old@example.com"),
                                                domain_answer(D, "PENDING")], check_mode=True)
    assert not failed and result["changed"] is False and result["status"] == "in_flight"


def test_diff_shows_before_and_after(run_module):
    failed, result = run_module(contact, ARGS, [profile_answer(), contact_answer(D, Email="old@example.com"),
                                                domain_answer(D)], check_mode=True, diff=True)
    assert result["diff"]["before"]["email"] == "old@example.com"
    assert result["diff"]["after"]["email"] == "zs@example.com"
    assert result["diff"]["before"]["city"] == result["diff"]["after"]["city"]


def test_in_flight_task_is_not_submitted_again(run_module):
    task_list = Call("QueryTaskList", {}, {"Data": {"TaskInfo": [
        {"TaskNo": "T-OLD", "TaskType": "CHG_HOLDER", "TaskStatusCode": 2}]}})
    failed, result = run_module(contact, ARGS, [
        profile_answer(), contact_answer(D, Email="old@example.com"), domain_answer(D),
        error(SAVE, "TaskIsBeingProcessed", "An operation is being processed. Please try again later."),
        task_list, detail_answer("T-OLD", D, 1)])
    assert not failed and result["changed"] is False and result["status"] == "in_flight"
    assert result["task_no"] == "T-OLD"
    assert run_module.session.actions().count(SAVE) == 1
    assert "already being processed" in json.dumps(result["warnings"]), result["warnings"]


def test_in_flight_with_wait_waits_then_decides_again(run_module):
    task_list = Call("QueryTaskList", {}, {"Data": {"TaskInfo": [
        {"TaskNo": "T-OLD", "TaskType": "CHG_HOLDER", "TaskStatusCode": 2}]}})
    failed, result = run_module(contact, dict(ARGS, wait=True), [
        profile_answer(), contact_answer(D, Email="old@example.com"), domain_answer(D),
        error(SAVE, "TaskIsBeingProcessed"),
        task_list, detail_answer("T-OLD", D, 1),
        detail_answer("T-OLD", D, 1), detail_answer("T-OLD", D, 2),  # waited to success
        contact_answer(D)])  # the other change made it match: nothing to submit
    assert not failed and result["changed"] is False and result["status"] == "unchanged"


def test_wait_success(run_module):
    failed, result = run_module(contact, dict(ARGS, wait=True), [
        profile_answer(), contact_answer(D, Email="old@example.com"), domain_answer(D), save("T-5"),
        detail_answer("T-5", D, 0), detail_answer("T-5", D, 1), detail_answer("T-5", D, 2)])
    assert not failed and result["status"] == "succeeded" and result["task"]["task_status_code"] == 2


def test_wait_failure_reports_the_task_reason(run_module):
    failed, result = run_module(contact, dict(ARGS, wait=True), [
        profile_answer(), contact_answer(D, Email="old@example.com"), domain_answer(D), save("T-6"),
        detail_answer("T-6", D, 3, "The domain is under update prohibition lock.")])
    assert failed and "update prohibition lock" in result["msg"] and "T-6" in result["msg"]
    assert result["task_no"] == "T-6" and result["status"] == "failed"


def test_wait_timeout(run_module, monkeypatch):
    failed, result = run_module(contact, dict(ARGS, wait=True, wait_timeout=1, poll_interval=0.4), [
        profile_answer(), contact_answer(D, Email="old@example.com"), domain_answer(D), save("T-7")] +
        [detail_answer("T-7", D, 1) for _dummy in range(3)])  # polls at t=0, 0.4 and 1.0
    assert failed and "Timed out" in result["msg"] and result["pending_tasks"] == ["T-7"]


@pytest.mark.parametrize("code, status, text", [
    ("DomainNotExist", 400, "DomainNotExist"),
    ("Forbidden.RAM", 403, "Forbidden.RAM"),
    ("InvalidAccessKeyId.NotFound", 404, "InvalidAccessKeyId.NotFound"),
    ("SignatureDoesNotMatch", 400, "SignatureDoesNotMatch"),
    ("ParameterIllegal", 400, "ParameterIllegal"),
])
def test_api_errors_are_reported_in_the_apis_words(run_module, code, status, text):
    failed, result = run_module(contact, ARGS, [profile_answer(), error("QueryContactInfo", code, "went wrong",
                                                                        status, request_id="RID-42")])
    assert failed and text in result["msg"] and "RID-42" in result["msg"]
    assert result["error"] == {"action": "QueryContactInfo", "code": code, "message": "went wrong",
                               "http_status": status, "request_id": "RID-42", "recommend": None}


def test_missing_profile_is_a_clear_error(run_module):
    failed, result = run_module(contact, ARGS, [Call("QueryRegistrantProfiles", {}, {
        "RegistrantProfiles": {"RegistrantProfile": []}, "TotalItemNum": 0})])
    assert failed and "Registrant profile 123 does not exist" in result["msg"]


def test_throttled_read_is_retried(run_module):
    failed, result = run_module(contact, ARGS, [
        profile_answer(), error("QueryContactInfo", "Throttling.User", "Request was denied due to user flow control."),
        Call("QueryContactInfo", {}, {"ServiceUnavailable": 1}, status=503), contact_answer(D)])
    assert not failed and result["changed"] is False


def test_throttled_write_is_retried_because_it_was_refused(run_module):
    failed, result = run_module(contact, ARGS, [
        profile_answer(), contact_answer(D, Email="old@example.com"), domain_answer(D), error(SAVE, "Throttling.User"),
        save("T-8")])
    assert not failed and result["task_no"] == "T-8"


def test_lost_write_answer_is_not_resent_when_the_task_exists(run_module):
    task_list = Call("QueryTaskList", {}, {"Data": {"TaskInfo": [
        {"TaskNo": "T-LOST", "TaskType": "CHG_HOLDER", "TaskStatusCode": 1}]}})
    failed, result = run_module(contact, ARGS, [
        profile_answer(), contact_answer(D, Email="old@example.com"), domain_answer(D),
        Call(SAVE, {}, exc=requests.exceptions.ReadTimeout("read timed out")),
        domain_answer(D, "PENDING"), task_list, detail_answer("T-LOST", D, 0)])
    assert not failed and result["changed"] is True and result["task_no"] == "T-LOST"
    assert run_module.session.actions().count(SAVE) == 1


def test_lost_write_answer_resubmits_only_after_reading_state(run_module):
    failed, result = run_module(contact, ARGS, [
        profile_answer(), contact_answer(D, Email="old@example.com"), domain_answer(D),
        Call(SAVE, {}, exc=requests.exceptions.ConnectionError("Connection aborted.")),
        domain_answer(D, "NORMAL"), contact_answer(D, Email="old@example.com"), save("T-2ND")])
    assert not failed and result["task_no"] == "T-2ND"
    assert run_module.session.actions() == ["QueryRegistrantProfiles", "QueryContactInfo", "QueryDomainByDomainName",
                                            SAVE, "QueryDomainByDomainName", "QueryContactInfo", SAVE]


def test_503_on_write_is_treated_as_ambiguous(run_module):
    failed, result = run_module(contact, ARGS, [
        profile_answer(), contact_answer(D, Email="old@example.com"), domain_answer(D),
        error(SAVE, "ServiceUnavailable", status=503), domain_answer(D, "NORMAL"), contact_answer(D)])
    assert not failed and result["changed"] is True and result["status"] == "submitted"
    assert run_module.session.actions().count(SAVE) == 1


def test_malformed_answer_is_a_clear_error(run_module):
    failed, result = run_module(contact, dict(ARGS, max_retries=0), [
        profile_answer(), Call("QueryContactInfo", {}, raw=b"<html>gateway</html>")])
    assert failed and "MalformedResponse" in result["msg"]


def test_v1_signature_version(run_module):
    failed, result = run_module(contact, dict(ARGS, signature_version="v1"), [profile_answer(), contact_answer(D)])
    assert not failed
    assert all("Authorization" not in h for _a, _p, h in run_module.session.sent)


def test_sts_token_is_signed_and_never_returned(run_module):
    failed, result = run_module(contact, dict(ARGS, security_token=TOKEN), [profile_answer(), contact_answer(D)])
    assert not failed
    assert run_module.session.sent[0][2]["x-acs-security-token"] == TOKEN
    assert TOKEN not in json.dumps(result) and SECRET not in json.dumps(result)


def test_wrong_secret_fails_without_leaking(run_module):
    failed, result = run_module(contact, dict(ARGS, access_key_secret="WrongSecretValue123"), [
        error("QueryRegistrantProfiles", "SignatureDoesNotMatch",
              "Specified signature is not matched with our calculation.")], secret="WrongSecretValue123")
    assert failed and "SignatureDoesNotMatch" in result["msg"]
    assert "WrongSecretValue123" not in json.dumps(result)


def test_missing_credentials_name_every_place_looked(run_module):
    failed, result = run_module(contact, {"domain_name": D, "registrant_profile_id": 1,
                                          "access_key_id": None, "access_key_secret": None})
    assert failed and "No Alibaba Cloud credentials found" in result["msg"]
    for where in ("module options", "ALICLOUD_ACCESS_KEY", "ALIBABA_CLOUD_ACCESS_KEY_ID", "config.json"):
        assert where in result["msg"]
    assert run_module.session.sent == []


def test_credentials_from_environment(run_module, monkeypatch):
    monkeypatch.setenv("ALICLOUD_ACCESS_KEY", AK)
    monkeypatch.setenv("ALICLOUD_SECRET_KEY", SECRET)
    failed, result = run_module(contact, {"domain_name": D, "registrant_profile_id": 123, "access_key_id": None,
                                          "access_key_secret": None}, [profile_answer(), contact_answer(D)])
    assert not failed


@pytest.mark.parametrize("args, message", [
    ({"domain_name": "not a domain"}, "is not a domain name"),
    ({"domain_name": ""}, "must be a domain name"),
    ({"domain_name": "localhost"}, "top-level domain"),
    ({"domain_name": "-bad-.com"}, "not a valid domain name"),
    ({"registrant_profile_id": 0}, "positive integer"),
    ({"registrant_profile_id": -5}, "positive integer"),
    ({"contact_type": "admin", "transfer_lock": True}, "transfer_lock only applies"),
    ({"endpoint": "ftp://x.example.com"}, "scheme must be https"),
    ({"endpoint": "http://203.0.113.5:8080"}, "plain http"),
    ({"endpoint": "https://domain.aliyuncs.com/v1/api"}, "must not have a path"),
    ({"timeout": 0}, "timeout must be between"),
    ({"timeout": 100000}, "timeout must be between"),
    ({"wait_timeout": 0}, "wait_timeout must be between"),
    ({"user_client_ip": "999.1.1.1"}, "IPv4 or IPv6"),
    ({"access_key_secret": None}, "without its access key secret"),
])
def test_bad_input_is_refused_before_any_call(run_module, args, message):
    failed, result = run_module(contact, dict(ARGS, **args))
    assert failed and message in result["msg"], result["msg"]
    assert run_module.session.sent == []
