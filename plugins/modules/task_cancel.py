#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.domain contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: task_cancel
short_description: Cancel Alibaba Cloud domain tasks that have not started yet
version_added: 0.1.0
description:
  - Cancels tasks (C(CancelTask)) given by number, or every task named in a run record written by
    M(alicloud.domain.contacts) or the C(alicloud.domain.registrant_change) role, and reports which were
    cancelled and which had already run.
  - Each task is read first (C(QueryTaskDetailList), and its C(TaskCancelStatus) on C(QueryTaskList)). Only a task
    with a detail still waiting is cancelled, once. A task that has ended is V(already_ran); one whose details
    all run is V(running) (it can no longer be cancelled); one already cancelled is V(already_cancelled) and is
    not cancelled again.
  - C(CancelTask) is a write - after a lost answer it is never sent again; the task's cancel status is read
    instead.
  - With O(record), the record is checked first (a missing, truncated, edited or foreign record is refused
    before any call) and its entries of cancelled tasks are marked V(cancelled), so that a later revert knows
    the run did not change them.
  - A task cancels as a whole - a batch task stops for every domain it names.
author:
  - alicloud.domain contributors (@alicloud-domain)
extends_documentation_fragment:
  - alicloud.domain.common
  - alicloud.domain.common.attributes
  - alicloud.domain.common.idempotent
options:
  task_nos:
    description:
      - Task numbers to cancel.
      - Exactly one of O(task_nos) and O(record) is required.
    type: list
    elements: str
  record:
    description:
      - Path of a run record; its tasks are cancelled.
    type: path
  domains:
    description:
      - With O(record), only the tasks of these domains. A batch task that names other domains too is
        cancelled for all of them.
    type: list
    elements: str
notes:
  - Why a module of its own and not a state of a C(task) module - cancelling is an action on the service's
    tasks, not a state that can be kept or undone; M(alicloud.domain.task_info) reads tasks, this module only
    cancels them, and its name says the API action it sends.
seealso:
  - module: alicloud.domain.task_info
  - module: alicloud.domain.contacts_revert
'''

EXAMPLES = r'''
- name: Cancel what a run submitted and has not started yet
  alicloud.domain.task_cancel:
    record: /var/lib/domains/run-2026-12-02.record.json
  register: cancelled

- name: Cancel two tasks by number
  alicloud.domain.task_cancel:
    task_nos: [a1b2c3d4-0001, a1b2c3d4-0002]
'''

RETURN = r'''
tasks:
  description: One entry per task.
  returned: always
  type: list
  elements: dict
  contains:
    task_no:
      description: The task number.
      type: str
    status:
      description: V(cancelled), V(would_cancel) (check mode), V(already_cancelled), V(already_ran), V(running),
        V(not_found), V(unknown) (the answer to C(CancelTask) was lost and the cancel status does not show it) or
        V(failed) (see C(error)).
      type: str
    domains:
      description: The task's domains by state - C(cancelled), C(waiting), C(running), C(succeeded), C(failed).
      type: dict
entries:
  description: With O(record), one entry per domain and contact type of the record that has a task, with
    C(outcome) V(cancelled), V(would_cancel), V(already_ran), V(running), V(already_cancelled), ...
  returned: with O(record)
  type: list
  elements: dict
totals:
  description: How many tasks ended in each status.
  returned: always
  type: dict
'''

from ansible_collections.alicloud.domain.plugins.module_utils import _cancel
from ansible_collections.alicloud.domain.plugins.module_utils import _record as rec
from ansible_collections.alicloud.domain.plugins.module_utils._module import DomainModule
from ansible_collections.alicloud.domain.plugins.module_utils._validation import domain_key, domain_name


def main():
    m = DomainModule(dict(
        task_nos=dict(type="list", elements="str"),
        record=dict(type="path"),
        domains=dict(type="list", elements="str"),
    ), required_one_of=[("task_nos", "record")], mutually_exclusive=[("task_nos", "record")])

    def body(m):
        p = m.params
        domains = set(domain_key(domain_name(d, "domains")) for d in p["domains"]) if p["domains"] else None
        client = m.build_client()
        data = None
        if p["record"]:
            data = rec.load(p["record"], rec.binding_of(client))
            entries = [e for e in data["entries"] if e.get("task_no")
                       and (domains is None or domain_key(e["domain"]) in domains)]
            task_nos = [e["task_no"] for e in entries]
        else:
            task_nos = [str(t).strip() for t in p["task_nos"] if str(t).strip()]
        tasks = _cancel.cancel_tasks(client, task_nos, m.check_mode)
        totals = {}
        for task in tasks:
            totals[task["status"]] = totals.get(task["status"], 0) + 1
        result = {"tasks": tasks, "totals": totals, "changed": any(t["status"] in ("cancelled", "would_cancel")
                                                                   for t in tasks)}
        if data is not None:
            by_no = dict((t["task_no"], t) for t in tasks)
            result["entries"] = []
            touched = False
            for entry in entries:
                outcome = _cancel.entry_outcome(by_no[entry["task_no"]], entry["domain"])
                result["entries"].append({"domain": entry["domain"], "contact_type": entry["contact_type"],
                                          "task_no": entry["task_no"], "outcome": outcome})
                if outcome in ("cancelled", "already_cancelled") and entry.get("outcome") != "cancelled" \
                        and not m.check_mode:
                    entry.update(outcome="cancelled", note="its task was cancelled (%s)" % outcome)
                    touched = True
            if touched:
                rec.rewrite(p["record"], data)
        return result

    m.run(body)


if __name__ == "__main__":
    main()
