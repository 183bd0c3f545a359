#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.domain contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: task_info
short_description: Read, and optionally wait for, Alibaba Cloud domain tasks
version_added: 0.1.0
description:
  - Returns the per-domain details (C(QueryTaskDetailList), all pages) of one or more task numbers, such as the
    tasks M(alicloud.domain.contact) submits.
  - Task numbers come from O(task_nos), or from O(results), the registered results of earlier
    M(alicloud.domain.contact) runs (a registered loop's C(results) list); results without a task number, such as
    unchanged contacts or skipped items, are left out.
  - With O(wait=true) the module polls until every task has finished, or fails after O(wait_timeout) seconds and
    returns the tasks as they are.
  - A task whose detail failed makes the module fail with the task's own message (C(ErrorMsg) / C(FailReason)),
    unless O(fail_on_task_failure=false).
  - A task number that has no details in this account is an error.
  - This module changes nothing.
author:
  - alicloud.domain contributors (@alicloud-domain)
extends_documentation_fragment:
  - alicloud.domain.common
  - alicloud.domain.common.info_attributes
  - alicloud.domain.common.idempotent
  - alicloud.domain.common.wait
options:
  task_nos:
    description:
      - Task numbers to read.
    type: list
    elements: str
  results:
    description:
      - Registered results of M(alicloud.domain.contact) (or M(alicloud.domain.contacts)) tasks. A list of result
        dicts such as a registered loop's C(results), or one registered result.
      - The C(task_no) of each item is used, with its C(domain_name) to read only that domain's detail. Items
        without a C(task_no) are skipped. Nested C(results) lists are followed.
    type: list
    elements: raw
  fail_on_task_failure:
    description:
      - Fail when a task detail has failed. With V(false), failed tasks are only reported (in RV(tasks) and RV(summary)).
    type: bool
    default: true
seealso:
  - module: alicloud.domain.contact
    description: Submits the contact change tasks.
'''

EXAMPLES = r'''
- name: Submit contact changes for several domains without waiting
  alicloud.domain.contact:
    domain_name: "{{ item }}"
    registrant_profile_id: 18100001
  loop: [example.com, example.net]
  register: changes

- name: Wait until every submitted change has finished
  alicloud.domain.task_info:
    results: "{{ changes.results }}"
    wait: true
    wait_timeout: 1800
  register: finished

- name: Read a task by its number, and report failures without failing
  alicloud.domain.task_info:
    task_nos:
      - 5c0ee9a1-11f6-4c94-92a5-e5e1b4b8a2d4
    fail_on_task_failure: false
  register: task

- name: Show how many succeeded
  ansible.builtin.debug:
    msg: "{{ finished.summary.succeeded }} of {{ finished.summary.total }} succeeded"
'''

RETURN = r'''
tasks:
  description: One entry per task number, in the order given.
  returned: always
  type: list
  elements: dict
  contains:
    task_no:
      description: The task number.
      type: str
      sample: 5c0ee9a1-11f6-4c94-92a5-e5e1b4b8a2d4
    status:
      description:
        - V(succeeded) when every detail succeeded, V(failed) when all finished and one failed, V(pending) while one
          is waiting or executing, V(not_found) when the task has no details in this account.
      type: str
      sample: succeeded
    domain_name:
      description: The domain the task was read for, when taken from O(results).
      type: str
      returned: when known
    details:
      description: The task details (C(QueryTaskDetailList)) in snake_case.
      type: list
      elements: dict
      sample:
        - task_no: 5c0ee9a1-11f6-4c94-92a5-e5e1b4b8a2d4
          task_detail_no: D-1
          domain_name: example.com
          task_status_code: 2
          task_status: EXECUTE_SUCCESS
          task_type: CHG_HOLDER
          error_msg: null
          try_count: 0
    failures:
      description: The failed details, each with C(domain_name) and C(reason) (C(ErrorMsg) or C(FailReason)).
      type: list
      elements: dict
summary:
  description: How many tasks are in each state.
  returned: always
  type: dict
  sample: {"total": 3, "succeeded": 2, "failed": 1, "pending": 0, "not_found": 0}
finished:
  description: Whether every task has finished (none pending or unknown).
  returned: always
  type: bool
error:
  description: The API error (C(code), C(message), C(request_id), C(http_status), C(action)) when the module failed on one.
  returned: on API failure
  type: dict
'''

import time

from ansible_collections.alicloud.domain.plugins.module_utils import _validation as v
from ansible_collections.alicloud.domain.plugins.module_utils._contacts.contact import snake_dict
from ansible_collections.alicloud.domain.plugins.module_utils._api.errors import ConfigurationError
from ansible_collections.alicloud.domain.plugins.module_utils._module import DomainModule
from ansible_collections.alicloud.domain.plugins.module_utils._tasks import (
    FAILURE, FINAL, TaskFailed, TaskWaiter, WaitTimeout, failure_reason, task_details)

STATES = ("succeeded", "failed", "pending", "not_found")


def _task_no(value, where):
    if value is None or value == "":
        return None
    if not isinstance(value, (str, int)) or isinstance(value, bool) or not str(value).strip():
        raise ConfigurationError("%s: a task number must be a string, not %r." % (where, value))
    return str(value).strip()


def collect(task_nos, results):
    """``[task_no]`` in order, without duplicates, and ``{task_no: domain}`` for those tied to one domain."""
    order, domains = [], {}

    def add(task_no, domain=None):
        if task_no not in order:
            order.append(task_no)
            domains[task_no] = domain
        elif domains.get(task_no) != domain:
            domains[task_no] = None  # several domains of one task: read them all

    for index, value in enumerate(task_nos or []):
        task_no = _task_no(value, "task_nos[%d]" % index)
        if task_no is None:
            raise ConfigurationError("task_nos[%d] is empty." % index)
        add(task_no)

    def walk(item, where, depth):
        if isinstance(item, dict) and depth < 3:
            task_no = _task_no(item.get("task_no"), where + ".task_no")
            if task_no:
                domain = item.get("domain_name")
                add(task_no, v.domain_name(domain, where + ".domain_name") if domain else None)
            for index, nested in enumerate(item.get("task_nos") or []):
                nested_no = _task_no(nested, "%s.task_nos[%d]" % (where, index))
                if nested_no:
                    add(nested_no)
            for index, nested in enumerate(item.get("results") or []):
                walk(nested, "%s.results[%d]" % (where, index), depth + 1)
        elif item is not None and not isinstance(item, dict):
            raise ConfigurationError("%s must be a registered result (a dict), not %r." % (where, item))

    for index, item in enumerate(results or []):
        walk(item, "results[%d]" % index, 0)
    return order, dict((k, d) for k, d in domains.items() if d)


def task_entry(task_no, details, domain=None):
    codes = [d.get("TaskStatusCode") for d in details]
    if not details:
        status = "not_found"
    elif all(code in FINAL for code in codes):
        status = "failed" if FAILURE in codes else "succeeded"
    else:
        status = "pending"
    entry = dict(task_no=task_no, status=status, details=[snake_dict(d) for d in details],
                 failures=[dict(domain_name=d.get("DomainName"), reason=failure_reason(d))
                           for d in details if d.get("TaskStatusCode") == FAILURE])
    if domain:
        entry["domain_name"] = domain
    return entry


def count_states(entries):
    summary = dict((s, 0) for s in STATES)
    for entry in entries:
        summary[entry["status"]] += 1
    summary["total"] = len(entries)
    return summary


def main():
    m = DomainModule(dict(
        task_nos=dict(type="list", elements="str"),
        results=dict(type="list", elements="raw"),
        wait=dict(type="bool", default=False),
        wait_timeout=dict(type="int", default=600),
        poll_interval=dict(type="float", default=2.0),
        fail_on_task_failure=dict(type="bool", default=True),
    ), required_one_of=[["task_nos", "results"]])

    def body(m):
        p = m.params
        v.number_in_range(p["wait_timeout"], "wait_timeout", 1, 86400)
        v.number_in_range(p["poll_interval"], "poll_interval", 0.01, 300)
        order, domain_for = collect(p["task_nos"], p["results"])
        client = m.client if order else None
        found = dict((t, task_details(client, t, domain_for.get(t))) for t in order)
        pending = [t for t in order if found[t] and task_entry(t, found[t])["status"] == "pending"]
        timed_out = None
        if p["wait"] and pending:
            time.sleep(p["poll_interval"])
            waiter = TaskWaiter(client, timeout=p["wait_timeout"], interval=p["poll_interval"])
            try:
                found.update(waiter.wait(pending, domain_for))
            except WaitTimeout as err:
                timed_out = err
                for t in err.pending:  # the latest state of what is still running
                    found[t] = task_details(client, t, domain_for.get(t))
        entries = [task_entry(t, found[t], domain_for.get(t)) for t in order]
        summary = count_states(entries)
        result = dict(changed=False, tasks=entries, summary=summary,
                      finished=summary["pending"] == 0 and summary["not_found"] == 0)
        problems = []
        missing = [e["task_no"] for e in entries if e["status"] == "not_found"]
        if missing:
            problems.append("No task details found for task number(s) %s in this account%s."
                            % (", ".join(missing), " (for the domain given)" if any(domain_for.get(t) for t in missing)
                               else ""))
        if p["fail_on_task_failure"]:
            for e in entries:
                for f in e["failures"]:
                    problems.append("Task %s failed for %s: %s" % (e["task_no"], f["domain_name"], f["reason"]))
        if timed_out is not None:
            problems.append(str(timed_out))
        if problems:
            raise TaskFailed(" ".join(problems), result)
        return result

    m.run(body)


if __name__ == "__main__":
    main()
