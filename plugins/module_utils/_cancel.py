# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.domain contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Cancel tasks that have not started yet (``CancelTask``), and say which had already run.

Per task: its details (``QueryTaskDetailList``) tell, per domain, whether it still waits (detail status 0), runs
(1) or has ended (2 or 3). Only a task with a waiting detail is cancelled, once; ``CancelTask`` is a write, so
a lost answer is never resent: the task is read again and its cancel status (``TaskCancelStatus`` on
``QueryTaskList``) or its details settle it. A task already cancelled is not cancelled again.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.alicloud.domain.plugins.module_utils import _validation as v
from ansible_collections.alicloud.domain.plugins.module_utils._api.errors import AmbiguousWriteError, ApiError, DomainError
from ansible_collections.alicloud.domain.plugins.module_utils._tasks import (
    EXECUTING, FAILURE, SUCCESS, WAITING, task_details)

CANCEL_ACTION = "CancelTask"
CANCEL_STATES = ("CANCELLING", "COMPLETE")
NOT_CANCELLABLE = "TaskCannotBeCancelled"


def cancel_status(client, task_no, max_tasks=100):
    """The task's ``TaskCancelStatus`` (``INIT``, ``CANCELLING``, ``COMPLETE``) among the newest tasks, or ``None``."""
    body = client.call("QueryTaskList", {"PageNum": 1, "PageSize": max_tasks})
    for task in (body.get("Data") or {}).get("TaskInfo") or []:
        if str(task.get("TaskNo")) == str(task_no):
            return task.get("TaskCancelStatus")
    return None


def _by_state(details):
    out = {"waiting": [], "running": [], "succeeded": [], "failed": []}
    names = {WAITING: "waiting", EXECUTING: "running", SUCCESS: "succeeded", FAILURE: "failed"}
    for detail in details:
        try:
            state = names.get(int(detail.get("TaskStatusCode")), "running")
        except (TypeError, ValueError):
            state = "running"
        out[state].append(v.domain_key(detail.get("DomainName")))
    return out


def cancel_task(client, task_no, check_mode=False):
    """The outcome of cancelling one task: ``status`` and the domains per state.

    ``status``: ``cancelled`` (this run cancelled it), ``already_cancelled``, ``would_cancel`` (check mode),
    ``already_ran`` (every detail ended), ``running`` (no detail waits any more: it cannot be cancelled),
    ``not_found`` (no details in this account) or ``failed`` (the service refused; ``error``).
    """
    out = {"task_no": task_no, "status": None, "error": None}
    details = task_details(client, task_no)
    states = _by_state(details)
    out["domains"] = states
    if not details:
        out["status"] = "not_found"
        return out
    if not states["waiting"]:
        if cancel_status(client, task_no) in CANCEL_STATES:
            out["status"] = "already_cancelled"
        else:
            out["status"] = "running" if states["running"] else "already_ran"
        return out
    if cancel_status(client, task_no) in CANCEL_STATES:
        out["status"] = "already_cancelled"
        return out
    if check_mode:
        out["status"] = "would_cancel"
        return out
    try:
        answer = client.call(CANCEL_ACTION, {"TaskNo": task_no})
        out.update(status="cancelled", request_id=answer.get("RequestId"))
    except AmbiguousWriteError as lost:
        # the cancel may have been carried out: read before anything else, never a second CancelTask
        state = cancel_status(client, task_no)
        out["status"] = "cancelled" if state in CANCEL_STATES else "unknown"
        out["note"] = "the answer to CancelTask was lost (%s); the task's cancel status reads %s" % (lost.code, state)
    except ApiError as err:
        if err.code == NOT_CANCELLABLE:  # it started meanwhile: say how far it got
            states = _by_state(task_details(client, task_no))
            out.update(domains=states, status="running" if states["running"] or states["waiting"] else "already_ran")
            return out
        out["status"] = "failed"
        out["error"] = dict(err.to_result().get("error") or {}, message=str(err))
    if out["status"] == "cancelled":
        try:  # what the cancel left: details that had started meanwhile ran
            out["domains"] = after = _by_state(task_details(client, task_no))
            # a waiting detail that has not run since was cancelled (the service may show it as failed or waiting)
            after["cancelled"] = [d for d in states["waiting"] if d not in after["succeeded"] + after["running"]]
            after["failed"] = [d for d in after["failed"] if d not in after["cancelled"]]
            after["waiting"] = [d for d in after["waiting"] if d not in after["cancelled"]]
        except DomainError:
            out["domains"]["cancelled"] = list(states["waiting"])
    return out


def cancel_tasks(client, task_nos, check_mode=False):
    return [cancel_task(client, t, check_mode) for t in dict.fromkeys(t for t in task_nos if t)]


def entry_outcome(task, domain):
    """What a cancel means for one (domain, contact type) of the task: cancelled, already_ran, running, ..."""
    states = task.get("domains") or {}
    key = v.domain_key(domain)
    if key in (states.get("cancelled") or []):
        return "cancelled"
    if task["status"] == "already_cancelled" and key not in (states.get("succeeded") or []) + (states.get("running") or []):
        return "already_cancelled"  # its detail ended as a failure because of the cancel, not by running
    if key in (states.get("succeeded") or []) + (states.get("failed") or []):
        return "already_ran"
    if key in (states.get("running") or []):
        return "running"
    if task["status"] == "would_cancel" and key in (states.get("waiting") or []):
        return "would_cancel"
    return task["status"]
