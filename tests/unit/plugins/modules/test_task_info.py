# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""alicloud.domain.task_info with scripted HTTP exchanges."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.alicloud.domain.plugins.modules import task_info
from ansible_collections.alicloud.domain.tests.unit.plugins.fake_api import Call, detail_answer, error

D = "example.com"
Q = "QueryTaskDetailList"


def empty(task_no):
    return Call(Q, {"TaskNo": task_no}, {"Data": {"TaskDetail": []}, "TotalPageNum": 0, "NextPage": False})


def test_read_without_waiting(run_module):
    failed, result = run_module(task_info, {"task_nos": ["T-1", "T-2", "T-1"]},
                                [detail_answer("T-1", D, 2), detail_answer("T-2", "example.net", 1)])
    assert not failed and result["changed"] is False
    assert [(t["task_no"], t["status"]) for t in result["tasks"]] == [("T-1", "succeeded"), ("T-2", "pending")]
    assert result["tasks"][0]["details"][0]["task_status"] == "EXECUTE_SUCCESS"
    assert result["summary"] == {"total": 2, "succeeded": 1, "failed": 0, "pending": 1, "not_found": 0}
    assert result["finished"] is False


def test_registered_loop_results_skip_items_without_task(run_module):
    results = [
        {"item": "example.com", "changed": True, "status": "submitted", "task_no": "T-1", "domain_name": D},
        {"item": "example.net", "changed": False, "status": "unchanged", "domain_name": "example.net"},
        {"item": "example.org", "skipped": True, "skip_reason": "Conditional result was False"},
    ]
    failed, result = run_module(task_info, {"results": results}, [
        Call(Q, {"TaskNo": "T-1", "DomainName": D}, detail_answer("T-1", D, 2).body)])
    assert not failed and [t["task_no"] for t in result["tasks"]] == ["T-1"]
    assert result["tasks"][0]["domain_name"] == D


def test_nested_results_and_task_nos_are_followed(run_module):
    failed, result = run_module(task_info, {"results": [{"results": [{"task_no": "T-1"}], "task_nos": ["T-2"]}]},
                                [detail_answer("T-2", D, 2), detail_answer("T-1", D, 2)])
    assert not failed and result["summary"]["succeeded"] == 2


def test_nothing_to_do_makes_no_call(run_module):
    failed, result = run_module(task_info, {"results": [{"changed": False}], "wait": True}, [])
    assert not failed and result["tasks"] == [] and result["finished"] is True and result["summary"]["total"] == 0


def test_wait_until_all_finished(run_module):
    failed, result = run_module(task_info, {"task_nos": ["T-1", "T-2"], "wait": True}, [
        detail_answer("T-1", D, 0), detail_answer("T-2", D, 2),  # first read
        detail_answer("T-1", D, 1),  # only the pending one is polled
        detail_answer("T-1", D, 2)])
    assert not failed and result["summary"]["succeeded"] == 2 and result["finished"] is True


def test_failed_task_fails_with_its_own_message(run_module):
    failed, result = run_module(task_info, {"task_nos": ["T-1", "T-2"], "wait": True}, [
        detail_answer("T-1", D, 1), detail_answer("T-2", D, 2),
        detail_answer("T-1", D, 3, "The domain is under update prohibition lock.")])
    assert failed and "Task T-1 failed for example.com: The domain is under update prohibition lock." in result["msg"]
    assert result["summary"]["failed"] == 1 and result["tasks"][0]["failures"][0]["domain_name"] == D


def test_failed_task_is_reported_when_asked_not_to_fail(run_module):
    failed, result = run_module(task_info, {"task_nos": ["T-1"], "fail_on_task_failure": False}, [
        detail_answer("T-1", D, 3, "bad contact")])
    assert not failed and result["tasks"][0]["status"] == "failed"
    assert result["tasks"][0]["failures"] == [{"domain_name": D, "reason": "bad contact"}]


def test_unknown_task_is_an_error(run_module):
    failed, result = run_module(task_info, {"task_nos": ["T-404"], "wait": True}, [empty("T-404")])
    assert failed and "No task details found for task number(s) T-404" in result["msg"]
    assert result["tasks"][0]["status"] == "not_found"


def test_wait_timeout_returns_the_latest_state(run_module):
    script = [detail_answer("T-1", D, 1)] + [detail_answer("T-1", D, 1) for _dummy in range(4)]
    failed, result = run_module(task_info, {"task_nos": ["T-1"], "wait": True, "wait_timeout": 1,
                                            "poll_interval": 0.5}, script)
    assert failed and "Timed out after 1 s" in result["msg"] and result["summary"]["pending"] == 1


def test_api_error(run_module):
    failed, result = run_module(task_info, {"task_nos": ["T-1"]}, [error(Q, "Throttling.User", status=400)] * 5)
    assert failed and result["error"]["code"] == "Throttling.User"


@pytest.mark.parametrize("args, message", [
    ({}, "one of the following is required: task_nos, results"),
    ({"task_nos": [""]}, "task_nos[0] is empty"),
    ({"results": ["T-1"]}, "must be a registered result"),
    ({"results": [{"task_no": ["x"]}]}, "a task number must be a string"),
    ({"task_nos": ["T-1"], "wait_timeout": 0}, "wait_timeout must be between"),
    ({"task_nos": ["T-1"], "poll_interval": 0}, "poll_interval must be between"),
])
def test_bad_input_is_refused_before_any_call(run_module, args, message):
    failed, result = run_module(task_info, args, [])
    assert failed and message in result["msg"], result["msg"]
    assert run_module.session.sent == []
