# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Issue 13: the plan as the apply's input, one domain read per differing domain, domain_state and 'blocked'.

Scripted HTTP exchanges; concurrency 1 keeps the order fixed. Each test lists the exact calls a run may make.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import json
import time

import pytest

from ansible_collections.alicloud.domain.plugins.module_utils._contacts import contact as c
from ansible_collections.alicloud.domain.plugins.module_utils._contacts import domain_state as ds
from ansible_collections.alicloud.domain.plugins.modules import contact, contacts
from ansible_collections.alicloud.domain.tests.unit.plugins.fake_api import (
    Call, contact_answer, detail_answer, person, profile_answer)

SAVE = "SaveSingleTaskForUpdatingContactInfo"
BATCH = "SaveBatchTaskForUpdatingContactInfoByRegistrantProfileId"
BASE = {"registrant_profile_id": 123, "concurrency": 1}
DOMAIN_READ = "QueryDomainByDomainName"


def domain(name, **fields):
    body = {"DomainName": name, "RegistrantUpdatingStatus": "NORMAL", "UpdateProhibitionLock": "CLOSE",
            "TransferProhibitionLock": "CLOSE", "TransferOutStatus": "NORMAL", "ExpirationDateStatus": "1",
            "DomainStatus": "3", "DomainNameVerificationStatus": "SUCCEED", "RealNameStatus": "SUCCEED"}
    body.update(fields)
    return Call(DOMAIN_READ, {"DomainName": name}, body)


def task_done(task_no, *names):
    rows = [{"TaskNo": task_no, "DomainName": n, "TaskStatusCode": 2, "TaskType": "CHG_HOLDER"} for n in names]
    return Call("QueryTaskDetailList", {"TaskNo": task_no},
                {"Data": {"TaskDetail": rows}, "TotalItemNum": len(rows), "TotalPageNum": 1, "CurrentPageNum": 1})


# ------------------------------------------------------------------------------------------- the rule
@pytest.mark.parametrize("fields, blocked_by", [
    ({}, []),
    ({"TransferProhibitionLock": "OPEN"}, []),  # a transfer lock does not stop a contact change
    ({"UpdateProhibitionLock": "OPEN"}, ["update_lock"]),
    ({"ExpirationDateStatus": "2"}, ["expired"]),
    ({"DomainStatus": "2"}, ["expired"]),
    ({"ExpirationDateLong": 1000}, []),  # our clock does not decide: the service says ExpirationDateStatus
    ({"TransferOutStatus": "PENDING"}, ["transfer_out"]),
    ({"DomainNameVerificationStatus": "AUDITING"}, ["real_name_review"]),
    ({"RealNameStatus": "AUDITING"}, ["real_name_review"]),
    ({"UpdateProhibitionLock": "OPEN", "TransferOutStatus": "PENDING", "ExpirationDateStatus": 2},
     ["update_lock", "expired", "transfer_out"]),
])
def test_domain_state_rule(fields, blocked_by):
    state = ds.domain_state(domain("a.com", **fields).body, read_at=1800000000.0)
    assert state["blocked_by"] == blocked_by
    assert state["update_lock"] is (fields.get("UpdateProhibitionLock") == "OPEN")
    assert state["transfer_lock"] is (fields.get("TransferProhibitionLock") == "OPEN")
    assert state["in_flight"] is False and state["read_at"] == 1800000000.0


def test_domain_state_freshness_and_note():
    state = ds.domain_state({"RegistrantUpdatingStatus": "PENDING", "UpdateProhibitionLock": "OPEN"}, read_at=1000.0)
    assert state["in_flight"] is True
    assert ds.fresh(state, now=1000.0 + ds.FRESH_SECONDS) and not ds.fresh(state, now=1001.0 + ds.FRESH_SECONDS)
    assert not ds.fresh(None) and not ds.fresh({"read_at": "x"})
    assert ds.blocked_only_by_lock(state)
    note = ds.blocked_note("a.com", state)
    assert "update_lock" in note and "update prohibition lock" in note


def test_digest_is_equal_exactly_when_nothing_differs():
    a, b = person(), person(City=" hang zhou shi ")
    assert c.contact_digest(a) == c.contact_digest(b) and not c.differences(a, b)
    assert c.contact_digest(a) != c.contact_digest(person(Email="other@example.com"))
    assert "zs@example.com" not in c.contact_digest(a) and len(c.contact_digest(a)) == 32


# ------------------------------------------------------------------------------------------- check mode
def test_plan_names_blocked_domains_with_the_reason_one_domain_read_for_both_types(run_module):
    args = dict(BASE, domains=["a.com", "b.com"], contact_types=["registrant", "admin"], fail_on_error=False)
    failed, result = run_module(contacts, args, [
        profile_answer(), contact_answer("a.com", City="x"), contact_answer("a.com", "admin", City="x"),
        contact_answer("b.com", City="x"), contact_answer("b.com", "admin"),
        domain("a.com", UpdateProhibitionLock="OPEN", ExpirationDateStatus="2"), domain("b.com")], check_mode=True)
    assert not failed
    a_reg, a_adm, b_reg, b_adm = result["results"]
    assert a_reg["status"] == a_adm["status"] == "blocked" and a_reg["changed"] is False
    assert a_reg["domain_state"]["blocked_by"] == ["update_lock", "expired"]
    assert "update prohibition lock" in a_reg["note"] and "expired" in a_reg["note"]
    assert b_reg["status"] == "would_change" and b_reg["domain_state"]["blocked_by"] == []
    assert b_adm["status"] == "unchanged" and b_adm["domain_state"] == b_reg["domain_state"]  # a row of a domain that differs
    assert result["totals"]["blocked"] == 2 and result["totals"]["would_change"] == 1 and result["changed"] is True
    assert result["api_calls"][DOMAIN_READ] == 2
    assert all(r["registrant_profile_id"] == 123 and len(r["current"]) == 32 for r in result["results"])
    assert "2 contact(s) blocked" in json.dumps(result["warnings"])
    assert "zs@example.com" not in json.dumps(result["results"])  # no contact details in the rows


def test_apply_without_plan_one_domain_read_per_domain_over_both_waves(run_module):
    args = dict(BASE, domains=["a.com"], contact_types=["registrant", "admin"], wait=True)
    failed, result = run_module(contacts, args, [
        profile_answer(), contact_answer("a.com", City="x"), contact_answer("a.com", "admin", City="x"),
        domain("a.com"), Call(SAVE, {"DomainName": "a.com", "ContactType": "registrant"}, {"TaskNo": "T-1"}),
        task_done("T-1", "a.com"),
        # the registrant task was seen to finish: that is the in-flight check of the admin write
        Call(SAVE, {"DomainName": "a.com", "ContactType": "admin"}, {"TaskNo": "T-2"}), task_done("T-2", "a.com")])
    assert not failed and [r["status"] for r in result["results"]] == ["succeeded", "succeeded"]
    assert result["api_calls"][DOMAIN_READ] == 1


def test_blocked_domain_is_never_written(run_module):
    failed, result = run_module(contacts, dict(BASE, domains=["a.com", "b.com"], batch_size=10), [
        profile_answer(), contact_answer("a.com", City="x"), contact_answer("b.com", City="x"),
        domain("a.com", TransferOutStatus="PENDING"), domain("b.com"),
        Call(BATCH, {"DomainName.1": "b.com"}, {"TaskNo": "T-B"})])
    assert not failed
    assert [r["status"] for r in result["results"]] == ["blocked", "submitted"]
    assert "DomainName.2" not in run_module.session.sent[-1][1]
    assert "transfer_out" in result["results"][0]["note"]


# ------------------------------------------------------------------------------------------- plan -> apply
def make_plan(run_module, domains, script, types=("registrant",)):
    failed, result = run_module(contacts, dict(BASE, domains=domains, contact_types=list(types), fail_on_error=False),
                                script, check_mode=True)
    assert not failed
    return result["results"]


def test_apply_from_plan_reads_nothing_it_was_given(run_module):
    plan = make_plan(run_module, ["a.com", "b.com", "c.com"], [
        profile_answer(), contact_answer("a.com", City="x"), contact_answer("b.com"), contact_answer("c.com", City="y"),
        domain("a.com"), domain("c.com")])
    assert [r["status"] for r in plan] == ["would_change", "unchanged", "would_change"]
    failed, result = run_module(contacts, dict(BASE, domains=["a.com", "b.com"], plan=plan, wait=True), [
        profile_answer(), Call(SAVE, {"DomainName": "a.com"}, {"TaskNo": "T-A"}), task_done("T-A", "a.com")])
    assert not failed
    assert [(r["domain"], r["status"]) for r in result["results"]] == [("a.com", "succeeded"), ("b.com", "unchanged")]
    assert result["results"][0]["differences"] == ["city"]
    assert run_module.session.actions() == ["QueryRegistrantProfiles", SAVE, "QueryTaskDetailList"]


def test_apply_from_plan_reads_what_the_plan_did_not_give(run_module):
    plan = make_plan(run_module, ["a.com"], [profile_answer(), contact_answer("a.com", City="x"), domain("a.com")])
    failed, result = run_module(contacts, dict(BASE, domains=["a.com", "n.com"], plan=plan), [
        profile_answer(), contact_answer("n.com", City="x"),
        Call(SAVE, {"DomainName": "a.com"}, {"TaskNo": "T-A"}),
        domain("n.com"), Call(SAVE, {"DomainName": "n.com"}, {"TaskNo": "T-N"})])
    assert not failed and [r["task_no"] for r in result["results"]] == ["T-A", "T-N"]


def test_an_old_plan_read_of_the_domain_is_done_again(run_module):
    plan = make_plan(run_module, ["a.com"], [profile_answer(), contact_answer("a.com", City="x"), domain("a.com")])
    plan[0]["domain_state"]["read_at"] = time.time() - ds.FRESH_SECONDS - 10
    failed, result = run_module(contacts, dict(BASE, domains=["a.com"], plan=plan), [
        profile_answer(), domain("a.com", RegistrantUpdatingStatus="PENDING")])
    assert not failed and result["results"][0]["status"] == "in_flight"
    assert SAVE not in run_module.session.actions()


def test_lock_only_block_is_read_again_and_written_once_lifted(run_module):
    plan = make_plan(run_module, ["a.com", "b.com"], [
        profile_answer(), contact_answer("a.com", City="x"), contact_answer("b.com", City="x"),
        domain("a.com", UpdateProhibitionLock="OPEN"), domain("b.com", UpdateProhibitionLock="OPEN")])
    assert [r["status"] for r in plan] == ["blocked", "blocked"]
    failed, result = run_module(contacts, dict(BASE, domains=["a.com", "b.com"], plan=plan), [
        profile_answer(), domain("a.com", UpdateProhibitionLock="CLOSE"),
        Call(SAVE, {"DomainName": "a.com"}, {"TaskNo": "T-A"}), domain("b.com", UpdateProhibitionLock="OPEN")])
    assert not failed
    assert [r["status"] for r in result["results"]] == ["submitted", "blocked"]
    assert result["results"][0]["domain_state"]["update_lock"] is False


def test_other_blocks_from_the_plan_stay_blocked_without_a_call(run_module):
    plan = make_plan(run_module, ["a.com"], [profile_answer(), contact_answer("a.com", City="x"),
                                             domain("a.com", UpdateProhibitionLock="OPEN", ExpirationDateStatus="2")])
    failed, result = run_module(contacts, dict(BASE, domains=["a.com"], plan=plan), [profile_answer()])
    assert not failed and result["results"][0]["status"] == "blocked"
    assert result["results"][0]["domain_state"]["blocked_by"] == ["update_lock", "expired"]


def test_a_profile_changed_since_the_plan_is_compared_again(run_module):
    plan = make_plan(run_module, ["a.com", "b.com"], [
        profile_answer(), contact_answer("a.com"), contact_answer("b.com", City="new"), domain("b.com")])
    assert [r["status"] for r in plan] == ["unchanged", "would_change"]
    # the profile now holds b.com's values: a.com (plan: unchanged) is read again, b.com is left alone
    failed, result = run_module(contacts, dict(BASE, domains=["a.com", "b.com"], plan=plan), [
        profile_answer(City="new"), contact_answer("a.com"), domain("a.com"),
        Call(SAVE, {"DomainName": "a.com"}, {"TaskNo": "T-A"})])
    assert not failed
    assert [r["status"] for r in result["results"]] == ["submitted", "unchanged"]


def test_plan_rows_of_other_domains_are_ignored(run_module):
    plan = make_plan(run_module, ["a.com", "b.com"], [
        profile_answer(), contact_answer("a.com", City="x"), contact_answer("b.com", City="x"),
        domain("a.com"), domain("b.com")])
    failed, result = run_module(contacts, dict(BASE, domains=["b.com"], plan=plan), [
        profile_answer(), Call(SAVE, {"DomainName": "b.com"}, {"TaskNo": "T-B"})])
    assert not failed and len(result["results"]) == 1 and result["results"][0]["domain"] == "b.com"


GOOD_ROW = {"domain": "a.com", "contact_type": "registrant", "status": "would_change", "registrant_profile_id": 123,
            "current": "0" * 32, "differences": ["city"],
            "domain_state": {"update_lock": False, "transfer_lock": False, "in_flight": False, "blocked_by": []}}


@pytest.mark.parametrize("change, extra, text", [
    ({"registrant_profile_id": 999}, {}, "made for registrant profile 999, not 123"),
    ({"contact_type": "admin"}, {}, "contact type admin, which this run (registrant) does not include"),
    ({}, {"contact_types": ["registrant", "admin"]}, "made for contact types registrant; this run is for registrant, admin"),
    ({"current": None}, {}, "'current'"),
    ({"status": "submitted"}, {}, "not a check-mode status"),
    ({"differences": ["shoe_size"]}, {}, "'differences'"),
    ({"status": "blocked", "domain_state": {"blocked_by": ["moon_phase"]}}, {}, "domain_state.blocked_by"),
    ({"domain": "bad domain"}, {}, "not a domain name"),
    ({"registrant_profile_id": None}, {}, "registrant_profile_id missing"),
])
def test_a_plan_for_something_else_is_refused_before_any_call(run_module, change, extra, text):
    row = dict(copy.deepcopy(GOOD_ROW), **change)
    failed, result = run_module(contacts, dict(BASE, domains=["a.com"], plan=[row], **extra), [])
    assert failed and text in result["msg"]
    assert run_module.session.sent == []


def test_a_plan_needs_domains(run_module):
    failed, result = run_module(contacts, dict(BASE, domain_filter={}, plan=[GOOD_ROW]), [])
    assert failed and "plan" in result["msg"] and "domains" in result["msg"]


@pytest.mark.parametrize("extra, text", [
    ({}, "plan_from (the_plan) names a variable that this module's action plugin reads"),
    ({"plan": [GOOD_ROW]}, "mutually exclusive: plan|plan_from"),
])
def test_plan_from_reaching_the_module_is_refused_before_any_call(run_module, extra, text):
    # the action plugin replaces plan_from with the registered rows; a module run without it says so
    failed, result = run_module(contacts, dict(BASE, domains=["a.com"], plan_from="the_plan", **extra), [])
    assert failed and text in result["msg"], result["msg"]
    assert run_module.session.sent == []


def test_verify_from_reaching_the_module_is_refused_before_any_call(run_module):
    failed, result = run_module(contacts, dict(BASE, verify_from="applied"), [], check_mode=True)
    assert failed and "verify_from (applied) names a variable that this module's action plugin reads" in result["msg"]
    assert run_module.session.sent == []


# ------------------------------------------------------------------------------------------- contact (single)
def test_contact_refuses_a_blocked_domain_and_warns_in_check_mode(run_module):
    args = dict(BASE, domain_name="a.com")
    args.pop("concurrency")
    failed, result = run_module(contact, args, [
        profile_answer(), contact_answer("a.com", City="x"), domain("a.com", UpdateProhibitionLock="OPEN")],
        check_mode=True)
    assert not failed and result["status"] == "blocked" and result["changed"] is False
    assert "update prohibition lock" in json.dumps(result["warnings"])
    failed, result = run_module(contact, args, [
        profile_answer(), contact_answer("a.com", City="x"), domain("a.com", RealNameStatus="AUDITING")])
    assert failed and result["status"] == "blocked" and "real_name_review" in result["msg"]
    assert SAVE not in run_module.session.actions() and result["domain_state"]["blocked_by"] == ["real_name_review"]


def test_contact_reads_the_domain_once_before_the_write(run_module):
    args = dict(BASE, domain_name="a.com", wait=True)
    args.pop("concurrency")
    failed, result = run_module(contact, args, [
        profile_answer(), contact_answer("a.com", City="x"), domain("a.com"),
        Call(SAVE, {"DomainName": "a.com"}, {"TaskNo": "T-A"}), detail_answer("T-A", "a.com", 2)])
    assert not failed and result["status"] == "succeeded"
    assert run_module.session.actions().count(DOMAIN_READ) == 1


def test_report_a_plan_blocked_row_the_apply_wrote_takes_the_apply_outcome():
    from ansible_collections.alicloud.domain.plugins.filter.registrant_change_report import registrant_change_report
    plan = [{"domain": "locked.com", "contact_type": "registrant", "status": "blocked", "differences": ["email"],
             "note": "not written: locked.com is blocked (update_lock)"}]
    applied = [{"domain": "locked.com", "contact_type": "registrant", "status": "succeeded", "task_no": "T-1"}]
    verified = [{"domain": "locked.com", "contact_type": "registrant", "status": "unchanged"}]
    report = registrant_change_report(plan, applied, verified, attempted=True, verify=True)
    assert report["rows"][0]["outcome"] == "changed" and report["totals"]["blocked"] == 0
    report = registrant_change_report(plan, [], [], attempted=True, verify=True)  # lock not lifted: not given
    assert report["rows"][0]["outcome"] == "blocked" and "update_lock" in report["rows"][0]["reason"]


def test_report_an_apply_row_read_back_after_its_task_needs_no_second_verification():
    from ansible_collections.alicloud.domain.plugins.filter.registrant_change_report import registrant_change_report
    plan = [{"domain": d, "contact_type": "registrant", "status": "would_change", "differences": ["email"]}
            for d in ("a.com", "b.com")]
    applied = [{"domain": "a.com", "contact_type": "registrant", "status": "succeeded", "task_no": "T", "verified": True},
               {"domain": "b.com", "contact_type": "registrant", "status": "succeeded", "task_no": "T"}]
    report = registrant_change_report(plan, applied, [], attempted=True, verify=True)
    assert [r["outcome"] for r in report["rows"]] == ["changed", "unknown"]


def test_a_task_found_after_a_lost_batch_answer_is_read_back_and_marked_verified(run_module):
    import requests
    args = dict(BASE, domains=["a.com"], batch_size=10, wait=True)
    running = {"TaskNo": "T-9", "TaskType": "CHG_HOLDER", "TaskNum": 1, "TaskStatusCode": 1,
               "CreateTime": time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(time.time() + 1))}
    failed, result = run_module(contacts, args, [
        profile_answer(), contact_answer("a.com", City="x"), domain("a.com"),
        Call(BATCH, {}, exc=requests.exceptions.ReadTimeout("timed out")),
        Call("QueryTaskList", {}, {"Data": {"TaskInfo": [running]}}),
        Call("QueryTaskDetailList", {"TaskNo": "T-9"}, {"Data": {"TaskDetail": [
            {"TaskNo": "T-9", "DomainName": "a.com", "TaskStatusCode": 1}]}, "TotalPageNum": 1}),
        task_done("T-9", "a.com"), contact_answer("a.com")])
    assert not failed
    row = result["results"][0]
    assert row["status"] == "succeeded" and row["verified"] is True and row["task_no"] == "T-9"


# ------------------------------------------------------------------------------------------- verify (read back)
def test_verify_reads_each_succeeded_contact_back_and_marks_it_verified(run_module):
    args = dict(BASE, domains=["a.com", "b.com"], wait=True, verify=True, batch_size=10)
    failed, result = run_module(contacts, args, [
        profile_answer(), contact_answer("a.com", City="x"), contact_answer("b.com", City="y"),
        domain("a.com"), domain("b.com"), Call(BATCH, {"DomainName.1": "a.com", "DomainName.2": "b.com"},
                                               {"TaskNo": "T-1"}), task_done("T-1", "a.com", "b.com"),
        contact_answer("a.com"), contact_answer("b.com")])
    assert not failed, result
    assert [(r["status"], r["verified"]) for r in result["results"]] == [("succeeded", True), ("succeeded", True)]
    assert result["api_calls"]["QueryContactInfo"] == 4


def test_verify_does_not_call_a_contact_succeeded_that_does_not_hold_the_profile(run_module):
    """The task said success, the contact read back says otherwise: never reported succeeded."""
    args = dict(BASE, domains=["a.com"], wait=True, verify=True)
    failed, result = run_module(contacts, args, [
        profile_answer(), contact_answer("a.com", City="x"), domain("a.com"),
        Call(SAVE, {"DomainName": "a.com"}, {"TaskNo": "T-1"}), task_done("T-1", "a.com"),
        contact_answer("a.com", City="x"), domain("a.com")])
    row = result["results"][0]
    assert row["status"] == "unknown" and row["verified"] is False and "does not match" in row["note"]
    assert failed and result["totals"]["unknown"] == 1


def test_verify_without_wait_reads_nothing_back(run_module):
    failed, result = run_module(contacts, dict(BASE, domains=["a.com"], verify=True), [
        profile_answer(), contact_answer("a.com", City="x"), domain("a.com"),
        Call(SAVE, {"DomainName": "a.com"}, {"TaskNo": "T-1"})])
    assert not failed and result["results"][0]["status"] == "submitted"


def test_the_plan_rows_are_handed_over_once_and_not_echoed_back():
    from ansible_collections.alicloud.domain.plugins.module_utils import _validation
    row = copy.deepcopy(GOOD_ROW)
    params = {"plan": [row], "plan_from": None, "verify_from": None}
    assert _validation.plan_rows(params) == [row]
    assert params["plan"] is None  # the result's invocation does not copy 20,000 rows again
