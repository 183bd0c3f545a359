# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""alicloud.domain.contacts (bulk) with scripted HTTP exchanges; concurrency 1 keeps the order fixed."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import time

import requests

from ansible_collections.alicloud.domain.plugins.modules import contacts
from ansible_collections.alicloud.domain.tests.unit.plugins.fake_api import (
    Call, contact_answer, detail_answer, domain_answer, error, profile_answer)

SAVE = "SaveSingleTaskForUpdatingContactInfo"
BATCH = "SaveBatchTaskForUpdatingContactInfoByRegistrantProfileId"
BASE = {"registrant_profile_id": 123, "concurrency": 1}


def test_profile_read_once_and_one_read_per_correct_contact(run_module):
    args = dict(BASE, domains=["a.com", "b.com", "A.com"], contact_types=["registrant", "admin"])
    failed, result = run_module(contacts, args, [
        profile_answer(), contact_answer("a.com"), contact_answer("a.com", "admin"),
        contact_answer("b.com"), contact_answer("b.com", "admin")])
    assert not failed and result["changed"] is False
    assert result["totals"]["unchanged"] == 4 and result["totals"]["total"] == 4
    assert result["api_calls"] == {"QueryRegistrantProfiles": 1, "QueryContactInfo": 4}


def test_only_differing_contacts_are_written_and_failures_do_not_stop_others(run_module):
    args = dict(BASE, domains=["a.com", "b.com", "c.com"], fail_on_error=False)
    failed, result = run_module(contacts, args, [
        profile_answer(), contact_answer("a.com", Email="x@example.com"),
        error("QueryContactInfo", "DomainNotExist", "The domain does not exist.", params={"DomainName": "b.com"}),
        contact_answer("c.com"), domain_answer("a.com"),
        Call(SAVE, {"DomainName": "a.com", "AddTransferLock": "False"}, {"TaskNo": "T-A"})])
    assert not failed
    by = dict((r["domain"], r) for r in result["results"])
    assert by["a.com"]["status"] == "submitted" and by["a.com"]["task_no"] == "T-A"
    assert by["a.com"]["differences"] == ["email"]
    assert by["b.com"]["status"] == "failed" and by["b.com"]["error"]["code"] == "DomainNotExist"
    assert by["c.com"]["status"] == "unchanged"
    assert result["totals"]["failed"] == 1 and result["totals"]["changed"] == 1


def test_module_fails_at_the_end_when_a_domain_failed(run_module):
    failed, result = run_module(contacts, dict(BASE, domains=["a.com", "b.com"]), [
        profile_answer(), error("QueryContactInfo", "DomainNotExist", params={"DomainName": "a.com"}),
        contact_answer("b.com", Email="x@example.com"), domain_answer("b.com"),
        Call(SAVE, {"DomainName": "b.com"}, {"TaskNo": "T-B"})])
    assert failed and "1 of 2 contact(s) failed" in result["msg"] and "a.com" in result["msg"]
    assert result["results"][1]["task_no"] == "T-B"  # the other domain went on


def test_check_mode_plans_without_writing(run_module):
    failed, result = run_module(contacts, dict(BASE, domains=["a.com", "b.com"]), [
        profile_answer(), contact_answer("a.com", Email="x@example.com"), contact_answer("b.com", City="sh"),
        domain_answer("a.com"), domain_answer("b.com", "PENDING")], check_mode=True, diff=True)
    assert not failed and result["changed"] is True
    assert [r["status"] for r in result["results"]] == ["would_change", "in_flight"]
    assert len(result["diff"]) == 2 and result["diff"][0]["before"]["email"] == "x@example.com"


def test_wait_reports_success_and_task_failure_per_domain(run_module):
    failed, result = run_module(contacts, dict(BASE, domains=["a.com", "b.com"], wait=True, fail_on_error=False), [
        profile_answer(), contact_answer("a.com", Email="x@example.com"), contact_answer("b.com", Email="y@e.com"),
        domain_answer("a.com"), Call(SAVE, {"DomainName": "a.com"}, {"TaskNo": "T-A"}),
        domain_answer("b.com"), Call(SAVE, {"DomainName": "b.com"}, {"TaskNo": "T-B"}),
        detail_answer("T-A", "a.com", 2), detail_answer("T-B", "b.com", 3, "The domain is locked.")])
    assert not failed
    a, b = result["results"]
    assert a["status"] == "succeeded" and b["status"] == "failed"
    assert b["error"]["message"] == "The domain is locked." and b["error"]["task_no"] == "T-B"


def test_batches_group_domains_per_contact_type(run_module):
    args = dict(BASE, domains=["a.com", "b.com", "c.com"], contact_types=["admin"], batch_size=2)
    failed, result = run_module(contacts, args, [
        profile_answer(), contact_answer("a.com", "admin", City="x"), contact_answer("b.com", "admin", City="x"),
        contact_answer("c.com", "admin", City="x"), domain_answer("a.com"), domain_answer("b.com"),
        Call(BATCH, {"ContactType": "admin", "DomainName.1": "a.com", "DomainName.2": "b.com"}, {"TaskNo": "T-1"}),
        domain_answer("c.com"), Call(BATCH, {"DomainName.1": "c.com"}, {"TaskNo": "T-2"})])
    assert not failed
    assert [r["task_no"] for r in result["results"]] == ["T-1", "T-1", "T-2"]
    assert "TransferOutProhibited" not in run_module.session.sent[6][1]


def test_busy_batch_falls_back_to_single_tasks(run_module):
    args = dict(BASE, domains=["a.com", "b.com"], batch_size=10)
    failed, result = run_module(contacts, args, [
        profile_answer(), contact_answer("a.com", City="x"), contact_answer("b.com", City="x"),
        domain_answer("a.com"), domain_answer("b.com"), error(BATCH, "TaskIsBeingProcessed"),
        domain_answer("a.com"), Call(SAVE, {"DomainName": "a.com"}, {"TaskNo": "T-A"}),
        domain_answer("b.com"), error(SAVE, "TaskIsBeingProcessed", params={"DomainName": "b.com"}),
        Call("QueryTaskList", {}, {"Data": {"TaskInfo": []}})])
    assert not failed
    assert [r["status"] for r in result["results"]] == ["submitted", "in_flight"]
    assert result["results"][1]["changed"] is False


def test_lost_batch_answer_reads_each_domain_before_resending_when_the_task_list_cannot_tell(run_module):
    # a page full of tasks newer than the send: the batch's task may be on the next page, so each domain is read
    newer = [{"TaskNo": "T-%d" % n, "TaskType": "CHG_DNS", "TaskNum": 1, "TaskStatusCode": 3,
              "CreateTime": time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime())} for n in range(50)]
    args = dict(BASE, domains=["a.com", "b.com"], batch_size=10)
    failed, result = run_module(contacts, args, [
        profile_answer(), contact_answer("a.com", City="x"), contact_answer("b.com", City="x"),
        domain_answer("a.com"), domain_answer("b.com"),
        Call(BATCH, {}, exc=requests.exceptions.ReadTimeout("timed out")),
        Call("QueryTaskList", {}, {"Data": {"TaskInfo": newer}}),
        domain_answer("a.com", "PENDING"), Call("QueryTaskList", {}, {"Data": {"TaskInfo": []}}),
        domain_answer("b.com", "NORMAL"), contact_answer("b.com", City="x"),
        Call(BATCH, {"DomainName.1": "b.com"}, {"TaskNo": "T-B"})])  # what the batch did not reach, once
    assert not failed
    assert [r["status"] for r in result["results"]] == ["submitted", "submitted"]
    assert [r["task_no"] for r in result["results"]] == [None, "T-B"]
    assert "DomainName.2" not in run_module.session.sent[-1][1]
    assert run_module.session.actions().count(BATCH) == 2 and SAVE not in run_module.session.actions()


def test_bad_input_refused_before_any_call(run_module):
    for args, text in [({"domains": ["ok.com", "bad domain"]}, "not a domain name"),
                       ({"domains": ["a.com"], "concurrency": 0}, "concurrency must be between"),
                       ({"domains": ["a.com"], "batch_size": 5000}, "batch_size must be between"),
                       ({"domains": ["a.com"], "contact_types": ["tech"], "transfer_lock": True}, "transfer_lock")]:
        failed, result = run_module(contacts, dict(BASE, **args))
        assert failed and text in result["msg"]
        assert run_module.session.sent == []


def test_domain_filter_reads_every_page(run_module):
    page = {"TotalPageNum": 2, "TotalItemNum": 3}
    failed, result = run_module(contacts, dict(BASE, domain_filter={"domain_name_filter": "shop"}), [
        Call("QueryDomainList", {"DomainName": "shop", "PageNum": 1},
             dict(page, CurrentPageNum=1, NextPage=True, Data={"Domain": [{"DomainName": "a-shop.com"},
                                                                          {"DomainName": "b-shop.com"}]})),
        Call("QueryDomainList", {"PageNum": 2},
             dict(page, CurrentPageNum=2, NextPage=False, Data={"Domain": [{"DomainName": "c-shop.com"}]})),
        profile_answer(), contact_answer("a-shop.com"), contact_answer("b-shop.com"), contact_answer("c-shop.com")])
    assert not failed and [r["domain"] for r in result["results"]] == ["a-shop.com", "b-shop.com", "c-shop.com"]


def test_unknown_filter_is_refused_before_any_call(run_module):
    failed, result = run_module(contacts, dict(BASE, domain_filter={"colour": "blue"}))
    assert failed and "unknown domain filter" in result["msg"] and run_module.session.sent == []


def test_check_mode_reads_each_busy_domain_once(run_module):
    args = dict(BASE, domains=["a.com"], contact_types=["registrant", "admin"])
    failed, result = run_module(contacts, args, [
        profile_answer(), contact_answer("a.com", Email="x@example.com"), contact_answer("a.com", "admin", City="x"),
        domain_answer("a.com", "PENDING")], check_mode=True)
    assert not failed and [r["status"] for r in result["results"]] == ["in_flight", "in_flight"]
    assert result["api_calls"]["QueryDomainByDomainName"] == 1


def test_check_mode_domain_read_error_fails_only_that_domain(run_module):
    args = dict(BASE, domains=["a.com", "b.com"], fail_on_error=False)
    failed, result = run_module(contacts, args, [
        profile_answer(), contact_answer("a.com", Email="x@example.com"), contact_answer("b.com", Email="x@e.com"),
        error("QueryDomainByDomainName", "Forbidden.RAM", status=403, params={"DomainName": "a.com"}),
        domain_answer("b.com")], check_mode=True)
    assert not failed
    assert [r["status"] for r in result["results"]] == ["failed", "would_change"]
    assert result["results"][0]["error"]["code"] == "Forbidden.RAM"
