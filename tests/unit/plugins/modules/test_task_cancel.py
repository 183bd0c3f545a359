# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""alicloud.domain.task_cancel with scripted exchanges."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import requests

from ansible_collections.alicloud.domain.plugins.module_utils import _record as rec
from ansible_collections.alicloud.domain.plugins.modules import task_cancel
from ansible_collections.alicloud.domain.tests.unit.plugins.fake_api import Call, FakeSession, error, make_client

NAMES = {0: "WAITING_EXECUTE", 1: "EXECUTING", 2: "EXECUTE_SUCCESS", 3: "EXECUTE_FAILURE"}


def details(task_no, *states):
    rows = [{"TaskNo": task_no, "DomainName": domain, "TaskStatusCode": code, "TaskStatus": NAMES[code],
             "TaskType": "CHG_HOLDER"} for domain, code in states]
    return Call("QueryTaskDetailList", {"TaskNo": task_no}, {"Data": {"TaskDetail": rows}, "TotalPageNum": 1,
                                                             "NextPage": False})


def task_list(task_no, cancel="INIT"):
    return Call("QueryTaskList", {}, {"Data": {"TaskInfo": [{"TaskNo": task_no, "TaskCancelStatus": cancel,
                                                             "TaskType": "CHG_HOLDER"}]}})


def write_record(tmp_path, entries):
    path = str(tmp_path / "run.record.json")
    record = rec.RunRecord(path, rec.binding_of(make_client(FakeSession([]))))
    record.data["entries"].extend(entries)
    record.save(complete=True)
    return path


def entry(domain, task_no, outcome="submitted"):
    return {"domain": domain, "contact_type": "registrant", "before": {}, "after": {}, "task_no": task_no,
            "outcome": outcome}


def test_cancels_the_waiting_task_once_and_says_which_had_already_run(run_module, tmp_path):
    path = write_record(tmp_path, [entry("a.com", "T-1"), entry("b.com", "T-1"), entry("c.com", "T-2"),
                                   entry("d.com", None, "unchanged")])
    failed, result = run_module(task_cancel, {"record": path}, [
        details("T-1", ("a.com", 0), ("b.com", 0)), task_list("T-1"),
        Call("CancelTask", {"TaskNo": "T-1"}, {}),
        details("T-1", ("a.com", 3), ("b.com", 3)),
        details("T-2", ("c.com", 2)), task_list("T-2")])
    assert not failed and result["changed"] is True
    assert [(t["task_no"], t["status"]) for t in result["tasks"]] == [("T-1", "cancelled"), ("T-2", "already_ran")]
    assert result["tasks"][0]["domains"]["cancelled"] == ["a.com", "b.com"]
    assert [(e["domain"], e["outcome"]) for e in result["entries"]] == [
        ("a.com", "cancelled"), ("b.com", "cancelled"), ("c.com", "already_ran")]
    data = rec.load(path)  # rewritten with a valid digest
    assert [e["outcome"] for e in data["entries"]] == ["cancelled", "cancelled", "submitted", "unchanged"]


def test_check_mode_and_an_already_cancelled_task_send_no_cancel(run_module):
    failed, result = run_module(task_cancel, {"task_nos": ["T-1", "T-2", "T-1"]}, [
        details("T-1", ("a.com", 0)), task_list("T-1"),
        details("T-2", ("b.com", 3)), task_list("T-2", "COMPLETE")], check_mode=True)
    assert not failed and result["changed"] is True
    assert [t["status"] for t in result["tasks"]] == ["would_cancel", "already_cancelled"]


def test_a_lost_cancel_answer_is_settled_by_reading_never_resent(run_module):
    failed, result = run_module(task_cancel, {"task_nos": ["T-1"]}, [
        details("T-1", ("a.com", 0)), task_list("T-1"),
        Call("CancelTask", {"TaskNo": "T-1"}, exc=requests.exceptions.ReadTimeout("read timed out")),
        task_list("T-1", "COMPLETE"), details("T-1", ("a.com", 3))])
    assert not failed
    assert result["tasks"][0]["status"] == "cancelled" and "lost" in result["tasks"][0]["note"]
    assert [a for a, _p, _h in run_module.session.sent].count("CancelTask") == 1


def test_a_task_that_started_meanwhile_is_reported_as_running(run_module):
    failed, result = run_module(task_cancel, {"task_nos": ["T-1"]}, [
        details("T-1", ("a.com", 0), ("b.com", 0)), task_list("T-1"),
        error("CancelTask", "TaskCannotBeCancelled", "The task has started."),
        details("T-1", ("a.com", 1), ("b.com", 0))])
    assert not failed and result["changed"] is False
    assert result["tasks"][0]["status"] == "running"


def test_a_foreign_record_is_refused_before_any_call(run_module, tmp_path):
    path = write_record(tmp_path, [entry("a.com", "T-1")])
    failed, result = run_module(task_cancel, {"record": path, "access_key_id": "LTAI5tSomeoneElse"}, [])
    assert failed and "another account" in result["msg"]


def test_a_second_cancel_from_the_record_says_already_cancelled(run_module, tmp_path):
    path = write_record(tmp_path, [entry("a.com", "T-1")])
    failed, result = run_module(task_cancel, {"record": path}, [
        details("T-1", ("a.com", 3)), task_list("T-1", "COMPLETE")])
    assert not failed and result["changed"] is False
    assert result["entries"][0]["outcome"] == "already_cancelled"
    assert rec.load(path)["entries"][0]["outcome"] == "cancelled"
