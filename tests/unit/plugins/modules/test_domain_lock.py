# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""alicloud.domain.domain_lock with scripted HTTP exchanges; concurrency 1 keeps the order fixed."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

import requests

from ansible_collections.alicloud.domain.plugins.modules import domain_lock
from ansible_collections.alicloud.domain.tests.unit.plugins.fake_api import Call, error

SINGLE = "SaveSingleTaskForUpdateProhibitionLock"
BATCH = "SaveBatchTaskForUpdateProhibitionLock"
T_SINGLE = "SaveSingleTaskForTransferProhibitionLock"
T_BATCH = "SaveBatchTaskForTransferProhibitionLock"
BASE = {"concurrency": 1}


def lock_answer(domain, update="OPEN", transfer="NONE_SETTING"):
    body = {"DomainName": domain, "RegistrantUpdatingStatus": "NORMAL", "InstanceId": "S-" + domain}
    if update is not None:
        body["UpdateProhibitionLock"] = update
    if transfer is not None:
        body["TransferProhibitionLock"] = transfer
    return Call("QueryDomainByDomainName", {"DomainName": domain}, body)


def task_list(*tasks):
    """QueryTaskList with ``(TaskNo, TaskType, task level code)`` rows (1 waiting, 2 running, 3 complete)."""
    rows = [{"TaskNo": no, "TaskType": kind, "TaskStatusCode": code, "TaskNum": 1, "CreateTime": "2026-12-02 10:00:00"}
            for no, kind, code in tasks]
    return Call("QueryTaskList", {}, {"Data": {"TaskInfo": rows}, "TotalPageNum": 1, "CurrentPageNum": 1})


def details(task_no, *rows, **kw):
    data = [{"TaskNo": task_no, "DomainName": d, "TaskStatusCode": code, "TaskType": kw.get("kind", "SET_UPDATE_PROHIBITED"),
             "ErrorMsg": kw.get("error_msg")} for d, code in rows]
    return Call("QueryTaskDetailList", {"TaskNo": task_no},
                {"Data": {"TaskDetail": data}, "TotalItemNum": len(data), "TotalPageNum": 1, "CurrentPageNum": 1})


def by_domain(result):
    return dict((r["domain"], r) for r in result["results"])


# ----------------------------------------------------------------- reads and drift
def test_no_drift_reads_once_per_domain_and_writes_nothing(run_module):
    failed, result = run_module(domain_lock, dict(BASE, domains=["a.com", "b.com", "A.COM"], state="locked"), [
        lock_answer("a.com"), lock_answer("b.com"), task_list()])
    assert not failed and result["changed"] is False
    assert [r["status"] for r in result["results"]] == ["unchanged", "unchanged"]
    assert result["results"][0]["before"] == result["results"][0]["after"] == "locked"
    assert result["api_calls"] == {"QueryDomainByDomainName": 2, "QueryTaskList": 1}


def test_none_setting_and_close_are_unlocked(run_module):
    failed, result = run_module(domain_lock, dict(BASE, domains=["a.com", "b.com"], state="unlocked"), [
        lock_answer("a.com", "CLOSE"), lock_answer("b.com", "NONE_SETTING"), task_list()])
    assert not failed and not result["changed"]
    assert [r["before"] for r in result["results"]] == ["unlocked", "unlocked"]


def test_only_the_domain_that_differs_is_written(run_module):
    failed, result = run_module(domain_lock, dict(BASE, domains=["a.com", "b.com"], state="unlocked"), [
        lock_answer("a.com", "OPEN"), lock_answer("b.com", "CLOSE"), task_list(),
        Call(SINGLE, {"DomainName": "a.com", "Status": "False"}, {"TaskNo": "T-A"})])
    assert not failed and result["changed"] is True
    a, b = result["results"]
    assert (a["status"], a["task_no"], a["before"], a["changed"]) == ("submitted", "T-A", "locked", True)
    assert (b["status"], b["changed"]) == ("unchanged", False)
    assert result["totals"]["submitted"] == 1 and result["totals"]["changed"] == 1


def test_transfer_lock_uses_its_own_field_and_actions(run_module):
    failed, result = run_module(domain_lock, dict(BASE, domain_name="a.com", lock="transfer", state="locked"), [
        lock_answer("a.com", update="OPEN", transfer="NONE_SETTING"), task_list(),
        Call(T_SINGLE, {"DomainName": "a.com", "Status": "True"}, {"TaskNo": "T-T"})])
    assert not failed and result["results"][0]["lock"] == "transfer"
    assert result["results"][0]["task_no"] == "T-T"


def test_check_mode_and_diff_show_the_lock_states_only(run_module):
    failed, result = run_module(domain_lock, dict(BASE, domains=["a.com", "b.com"], state="unlocked"), [
        lock_answer("a.com", "OPEN"), lock_answer("b.com", "CLOSE"), task_list()], check_mode=True, diff=True)
    assert not failed and result["changed"] is True
    assert [r["status"] for r in result["results"]] == ["would_change", "unchanged"]
    assert result["diff"]["before"] == {"a.com": "locked"} and result["diff"]["after"] == {"a.com": "unlocked"}
    assert "QueryContactInfo" not in json.dumps(result) and SINGLE not in result["api_calls"]


def test_bad_input_is_refused_before_any_call(run_module):
    for args in (dict(domain_name="a.com", domains=["b.com"], state="locked"),
                 dict(domains=["exa mple.com"], state="locked"),
                 dict(domains=[], state="locked"),
                 dict(domain_name="a.com", state="locked", batch_size=0),
                 dict(domain_name="a.com", state="open")):
        failed, result = run_module(domain_lock, args, [])
        assert failed and "Traceback" not in result["msg"], args
        assert run_module.session.sent == []


def test_an_unknown_lock_value_fails_that_domain_with_the_value_named(run_module):
    failed, result = run_module(domain_lock, dict(BASE, domains=["a.com", "b.com"], state="locked"), [
        lock_answer("a.com", "MAYBE"), lock_answer("b.com", "OPEN"), task_list()])
    assert failed and "MAYBE" in result["msg"]
    assert by_domain(result)["a.com"]["status"] == "failed" and by_domain(result)["b.com"]["status"] == "unchanged"


# ----------------------------------------------------------------- batches
def test_batch_sends_domain_name_n_and_status_as_the_sdk_does(run_module):
    args = dict(BASE, domains=["a.com", "b.com", "c.com"], state="locked", batch_size=2)
    failed, result = run_module(domain_lock, args, [
        lock_answer("a.com", "CLOSE"), lock_answer("b.com", "NONE_SETTING"), lock_answer("c.com", "CLOSE"),
        task_list(),
        Call(BATCH, {"DomainName.1": "a.com", "DomainName.2": "b.com", "Status": "True"}, {"TaskNo": "T-AB"}),
        Call(SINGLE, {"DomainName": "c.com", "Status": "True"}, {"TaskNo": "T-C"})])
    assert not failed
    assert [r["task_no"] for r in result["results"]] == ["T-AB", "T-AB", "T-C"]
    sent = [p for a, p, _h in run_module.session.sent if a == BATCH][0]
    assert "DomainName" not in sent and "DomainName.3" not in sent


def test_a_busy_batch_goes_one_domain_at_a_time(run_module):
    args = dict(BASE, domains=["a.com", "b.com"], state="unlocked", batch_size=10)
    failed, result = run_module(domain_lock, args, [
        lock_answer("a.com"), lock_answer("b.com"), task_list(),
        error(BATCH, "TaskIsBeingProcessed", "An operation is being processed."),
        Call(SINGLE, {"DomainName": "a.com"}, {"TaskNo": "T-A"}),
        error(SINGLE, "TaskIsBeingProcessed", "An operation is being processed.", params={"DomainName": "b.com"})])
    assert not failed
    assert [r["status"] for r in result["results"]] == ["submitted", "in_flight"]
    assert result["results"][1]["changed"] is False


# ----------------------------------------------------------------- never two lock tasks for one domain
def test_a_domain_with_a_lock_task_running_is_not_written(run_module):
    failed, result = run_module(domain_lock, dict(BASE, domains=["a.com", "b.com"], state="unlocked"), [
        lock_answer("a.com"), lock_answer("b.com"),
        task_list(("T-OLD", "SET_UPDATE_PROHIBITED", 2), ("T-DONE", "SET_UPDATE_PROHIBITED", 3),
                  ("T-DNS", "CHG_DNS", 2)),
        details("T-OLD", ("a.com", 1)),
        Call(SINGLE, {"DomainName": "b.com"}, {"TaskNo": "T-B"})])
    assert not failed
    a, b = result["results"]
    assert (a["status"], a["task_no"], a["changed"]) == ("in_flight", "T-OLD", False)
    assert b["status"] == "submitted"


def test_with_wait_a_running_lock_task_is_waited_for_then_the_domain_decided_again(run_module):
    failed, result = run_module(domain_lock, dict(BASE, domain_name="a.com", state="unlocked", wait=True), [
        lock_answer("a.com"), task_list(("T-OLD", "SET_UPDATE_PROHIBITED", 2)), details("T-OLD", ("a.com", 1)),
        details("T-OLD", ("a.com", 2)), lock_answer("a.com", "OPEN"),  # it locked the domain again
        task_list(("T-OLD", "SET_UPDATE_PROHIBITED", 3)),
        Call(SINGLE, {"DomainName": "a.com", "Status": "False"}, {"TaskNo": "T-NEW"}),
        details("T-NEW", ("a.com", 2)), lock_answer("a.com", "CLOSE")])
    assert not failed
    row = result["results"][0]
    assert (row["status"], row["task_no"], row["after"], row["changed"]) == ("succeeded", "T-NEW", "unlocked", True)


# ----------------------------------------------------------------- waiting and reading back
def test_wait_reads_every_lock_back(run_module):
    args = dict(BASE, domains=["a.com", "b.com"], state="unlocked", wait=True, fail_on_error=False)
    failed, result = run_module(domain_lock, args, [
        lock_answer("a.com"), lock_answer("b.com"), task_list(),
        Call(SINGLE, {"DomainName": "a.com"}, {"TaskNo": "T-A"}), Call(SINGLE, {"DomainName": "b.com"}, {"TaskNo": "T-B"}),
        details("T-A", ("a.com", 2)), details("T-B", ("b.com", 3), error_msg="The domain is frozen."),
        lock_answer("a.com", "CLOSE"), lock_answer("b.com", "OPEN")])
    assert not failed
    a, b = result["results"]
    assert (a["status"], a["after"]) == ("succeeded", "unlocked")
    assert (b["status"], b["after"]) == ("failed", "locked")
    assert b["error"] == {"code": "TaskFailed", "message": "The domain is frozen.", "task_no": "T-B"}


def test_a_task_that_says_success_but_the_lock_reads_back_unchanged_is_unknown_and_fails(run_module):
    failed, result = run_module(domain_lock, dict(BASE, domain_name="a.com", state="locked", wait=True), [
        lock_answer("a.com", "CLOSE"), task_list(), Call(SINGLE, {"Status": "True"}, {"TaskNo": "T-A"}),
        details("T-A", ("a.com", 2)), lock_answer("a.com", "CLOSE")])
    assert failed and "unknown" in result["msg"]
    assert result["results"][0]["status"] == "unknown" and result["results"][0]["after"] == "unlocked"


def test_a_task_still_running_at_the_timeout_is_pending(run_module):
    args = dict(BASE, domain_name="a.com", state="locked", wait=True, wait_timeout=1, poll_interval=1)
    failed, result = run_module(domain_lock, args, [
        lock_answer("a.com", "CLOSE"), task_list(), Call(SINGLE, {}, {"TaskNo": "T-A"}),
        details("T-A", ("a.com", 1)), details("T-A", ("a.com", 1)), lock_answer("a.com", "CLOSE")])
    assert not failed
    assert result["results"][0]["status"] == "pending" and "still running" in result["results"][0]["note"]


# ----------------------------------------------------------------- lost answers: never sent again blindly
def test_a_lost_answer_whose_task_is_found_running_is_not_sent_again(run_module):
    failed, result = run_module(domain_lock, dict(BASE, domain_name="a.com", state="unlocked", wait=True), [
        lock_answer("a.com"), task_list(),
        Call(SINGLE, {}, exc=requests.exceptions.ReadTimeout("read timed out")),
        task_list(("T-LOST", "SET_UPDATE_PROHIBITED", 1)), details("T-LOST", ("a.com", 0)),
        details("T-LOST", ("a.com", 2)), lock_answer("a.com", "CLOSE")])
    assert not failed
    row = result["results"][0]
    assert (row["status"], row["task_no"]) == ("succeeded", "T-LOST") and "lost" in row["note"]
    assert result["api_calls"][SINGLE] == 1


def test_a_lost_answer_whose_change_is_already_done_is_not_sent_again(run_module):
    failed, result = run_module(domain_lock, dict(BASE, domain_name="a.com", state="unlocked"), [
        lock_answer("a.com"), task_list(),
        Call(SINGLE, {}, exc=requests.exceptions.ConnectionError("Connection aborted.")),
        task_list(("T-LOST", "SET_UPDATE_PROHIBITED", 3)), lock_answer("a.com", "CLOSE")])
    assert not failed
    row = result["results"][0]
    assert (row["status"], row["after"], row["changed"]) == ("succeeded", "unlocked", True)
    assert result["api_calls"][SINGLE] == 1


def test_a_lost_answer_is_sent_again_only_after_a_read_shows_nothing_done(run_module):
    failed, result = run_module(domain_lock, dict(BASE, domain_name="a.com", state="unlocked"), [
        lock_answer("a.com"), task_list(),
        Call(SINGLE, {}, exc=requests.exceptions.ReadTimeout("read timed out")),
        task_list(), lock_answer("a.com", "OPEN"),
        Call(SINGLE, {"DomainName": "a.com", "Status": "False"}, {"TaskNo": "T-2"})])
    assert not failed
    row = result["results"][0]
    assert (row["status"], row["task_no"]) == ("submitted", "T-2") and "sent again" in row["note"]


def test_three_lost_answers_with_nothing_done_stop_and_fail(run_module):
    lost = [Call(SINGLE, {}, exc=requests.exceptions.ReadTimeout("read timed out")), task_list(), lock_answer("a.com")]
    failed, result = run_module(domain_lock, dict(BASE, domain_name="a.com", state="unlocked"),
                                [lock_answer("a.com"), task_list()] + lost * 3)
    assert failed and result["results"][0]["status"] == "failed"
    assert result["api_calls"][SINGLE] == 3 and "not sent again" in result["results"][0]["note"]


def test_a_lost_batch_answer_settles_each_domain_and_resends_only_the_untouched(run_module):
    args = dict(BASE, domains=["a.com", "b.com", "c.com"], state="locked", batch_size=10)
    failed, result = run_module(domain_lock, args, [
        lock_answer("a.com", "CLOSE"), lock_answer("b.com", "CLOSE"), lock_answer("c.com", "CLOSE"), task_list(),
        Call(BATCH, {"DomainName.3": "c.com"}, exc=requests.exceptions.ReadTimeout("read timed out")),
        task_list(("T-X", "SET_UPDATE_PROHIBITED", 2)), details("T-X", ("a.com", 1)),
        lock_answer("b.com", "OPEN"), lock_answer("c.com", "CLOSE"),
        Call(SINGLE, {"DomainName": "c.com", "Status": "True"}, {"TaskNo": "T-C"})])
    assert not failed
    a, b, c = result["results"]
    assert (a["status"], a["task_no"]) == ("submitted", "T-X")
    assert (b["status"], b["after"]) == ("succeeded", "locked")
    assert (c["status"], c["task_no"]) == ("submitted", "T-C")
    assert result["api_calls"][BATCH] == 1


def test_no_secret_and_no_query_string_in_a_failure(run_module):
    failed, result = run_module(domain_lock, dict(BASE, domain_name="a.com", state="unlocked"), [
        lock_answer("a.com"), task_list(), error(SINGLE, "Forbidden.RAM", "User not authorized", status=403)])
    assert failed and "Forbidden.RAM" in result["msg"]
    text = json.dumps(result)
    assert "UnitTestSecretNeverShown" not in text and "Signature=" not in text


def test_a_resend_refused_as_busy_takes_the_late_first_copy_as_ours(run_module):
    failed, result = run_module(domain_lock, dict(BASE, domain_name="a.com", state="unlocked"), [
        lock_answer("a.com"), task_list(),
        Call(SINGLE, {}, exc=requests.exceptions.ReadTimeout("read timed out")),
        task_list(), lock_answer("a.com", "OPEN"),  # nothing seen yet: sent again
        error(SINGLE, "TaskIsBeingProcessed", "An operation is being processed."),
        task_list(("T-LATE", "SET_UPDATE_PROHIBITED", 1)), details("T-LATE", ("a.com", 0))])
    assert not failed
    row = result["results"][0]
    assert (row["status"], row["task_no"], row["changed"]) == ("submitted", "T-LATE", True)
    assert "carried out late" in row["note"]
