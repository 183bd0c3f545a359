# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.domain contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Asynchronous tasks (TaskNo) polled to a final state through QueryTaskDetailList."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import time

from ansible_collections.alicloud.domain.plugins.module_utils._contacts.contact import read_domain
from ansible_collections.alicloud.domain.plugins.module_utils._api.errors import DomainError

# detail level: 0 waiting, 1 executing, 2 success, 3 failure (the task level numbers differ)
WAITING, EXECUTING, SUCCESS, FAILURE = 0, 1, 2, 3
FINAL = (SUCCESS, FAILURE)
STATUS_NAMES = {WAITING: "waiting", EXECUTING: "executing", SUCCESS: "succeeded", FAILURE: "failed"}


class TaskFailed(DomainError):
    """A task (or one of its details) ended in failure; the message gives the task's own reason."""


class WaitTimeout(DomainError):
    def __init__(self, message, pending):
        super(WaitTimeout, self).__init__(message, {"pending_tasks": list(pending)})
        self.pending = pending


def detail_status(detail):
    try:
        return STATUS_NAMES.get(int(detail.get("TaskStatusCode")), "unknown")
    except (TypeError, ValueError):
        return "unknown"


def failure_reason(detail):
    return detail.get("ErrorMsg") or detail.get("FailReason") or detail.get("TaskResult") or "no reason given"


def task_details(client, task_no, domain=None):
    params = {"TaskNo": task_no}
    if domain:
        params["DomainName"] = domain
    return list(client.paginate("QueryTaskDetailList", params, ("Data", "TaskDetail"), page_size=1000))


def _finished(details):
    return bool(details) and all(d.get("TaskStatusCode") in FINAL for d in details)


class TaskWaiter:
    """Poll a set of task numbers until every detail is final or ``timeout`` seconds have passed.

    Polls start at ``interval`` seconds and grow by half up to ``max_interval``; finished tasks are
    not polled again.
    """

    def __init__(self, client, timeout=600, interval=2.0, max_interval=15.0, clock=None, sleep=None, mapper=map):
        self.client, self.timeout, self.mapper = client, timeout, mapper
        self.interval, self.max_interval = interval, max_interval
        self.clock, self.sleep = clock or time.monotonic, sleep or time.sleep

    def _poll(self, task_no, domain, errors):
        if errors is None:
            return task_no, task_details(self.client, task_no, domain), None
        try:
            return task_no, task_details(self.client, task_no, domain), None
        except DomainError as err:
            return task_no, None, err

    def wait(self, task_nos, domain_for=None, raise_on_timeout=True, errors=None):
        """Return ``{task_no: [details]}``; raise :class:`WaitTimeout` with what is still pending.

        With ``raise_on_timeout=False`` the tasks finished so far are returned and the others left out.
        With ``errors`` (a dict), a task whose poll failed (after the client's retries) is not polled again:
        ``errors[task_no]`` holds the error and the other tasks are still waited for. Without it the error is
        raised.
        """
        domain_for = domain_for or {}
        pending = [t for t in dict.fromkeys(task_nos) if t]
        done = {}
        deadline = self.clock() + self.timeout
        delay = self.interval
        while True:
            polled = list(self.mapper(lambda t: self._poll(t, domain_for.get(t), errors), pending))
            for task_no, details, error in polled:
                if error is not None:
                    errors[task_no] = error
                    pending.remove(task_no)
                elif _finished(details):
                    done[task_no] = details
                    pending.remove(task_no)
            if not pending:
                return done
            remaining = deadline - self.clock()
            if remaining <= 0:
                if not raise_on_timeout:
                    return done
                raise WaitTimeout("Timed out after %s s waiting for task(s) %s; they are still running. Wait for "
                                  "them later with alicloud.domain.task_info." % (self.timeout, ", ".join(pending)),
                                  pending)
            self.sleep(min(delay, remaining))
            delay = min(self.max_interval, delay * 1.5)

    def wait_domain_idle(self, domain):
        """Poll QueryDomainByDomainName until no contact change runs on ``domain`` any more."""
        deadline = self.clock() + self.timeout
        delay = self.interval
        while True:
            busy, record = read_domain(self.client, domain)
            if not busy:
                return record
            remaining = deadline - self.clock()
            if remaining <= 0:
                raise WaitTimeout("Timed out after %s s waiting for the change in flight on %s to finish."
                                  % (self.timeout, domain), [domain])
            self.sleep(min(delay, remaining))
            delay = min(self.max_interval, delay * 1.5)
