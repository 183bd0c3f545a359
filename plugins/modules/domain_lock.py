#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.domain contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: domain_lock
short_description: Set or lift the update or transfer prohibition lock of Alibaba Cloud domains
version_added: 0.1.0
description:
  - Ensures that the update prohibition lock (O(lock=update)) or the transfer prohibition lock (O(lock=transfer))
    of one domain (O(domain_name)) or many (O(domains)) is set (O(state=locked)) or lifted (O(state=unlocked)).
  - While the update prohibition lock is set, the service refuses any change of the domain's contacts; while the
    transfer prohibition lock is set, the domain cannot be transferred out. Both are set and lifted by
    asynchronous tasks.
  - Reads first, writes only on drift. The state is read from C(QueryDomainByDomainName)
    (C(UpdateProhibitionLock) or C(TransferProhibitionLock) - V(OPEN) is locked, V(CLOSE) and V(NONE_SETTING)
    are unlocked). Only the domains that differ are written, with C(SaveSingleTaskForUpdateProhibitionLock) /
    C(SaveSingleTaskForTransferProhibitionLock), or with O(batch_size) greater than 1 in batches with
    C(SaveBatchTaskForUpdateProhibitionLock) / C(SaveBatchTaskForTransferProhibitionLock).
  - Never two lock tasks for one domain. After the domains, the newest tasks of the account are read once per run
    (C(QueryTaskList), plus the details of the lock tasks not yet complete); a domain with a lock task of this kind
    still running is not written and not reported V(unchanged) (status V(in_flight), with that task's number),
    and an answer C(TaskIsBeingProcessed) is treated the same way. With O(wait=true) such a task is waited for and
    the domain decided again.
  - A write whose answer was lost (time-out, dropped connection, 5xx) is never sent again blindly - the running
    lock tasks and the domain are read first; a task found running is taken as this write's, a lock read back in
    the wanted state is the outcome, and only a domain that shows neither is sent again (at most three sends).
  - With O(wait=true) the module waits for the tasks and reads every lock back; the outcome is what was read
    back - V(succeeded) only if the lock now is in the wanted state.
  - One failing domain does not stop the others. The module fails at the end if a domain failed or its outcome
    is V(unknown), unless O(fail_on_error=false).
author:
  - alicloud.domain contributors (@alicloud-domain)
extends_documentation_fragment:
  - alicloud.domain.common
  - alicloud.domain.common.attributes
  - alicloud.domain.common.idempotent
  - alicloud.domain.common.wait
options:
  domain_name:
    description:
      - One domain name. Exactly one of O(domain_name) and O(domains) is required.
      - Checked and put in one canonical form before any call, as in M(alicloud.domain.contact).
    type: str
  domains:
    description:
      - Many domain names; duplicates (in any form of the name) are ignored. Every name is checked before any call.
    type: list
    elements: str
  lock:
    description:
      - V(update) - the update prohibition lock (no change of contacts, DNS servers and other domain information
        while set). V(transfer) - the transfer prohibition lock (no transfer out while set).
    type: str
    choices: [update, transfer]
    default: update
  state:
    description:
      - V(locked) sets the lock, V(unlocked) lifts it.
    type: str
    choices: [locked, unlocked]
    required: true
  concurrency:
    description:
      - Worker threads for reads and writes (1 to 64).
    type: int
    default: 8
  batch_size:
    description:
      - Domains per batch task (1 to 1000). V(1) submits one single task per domain.
    type: int
    default: 1
  max_rate:
    description:
      - Ceiling of requests per second for the whole run. Unset means no ceiling but the throttling feedback.
    type: float
  fail_on_error:
    description:
      - Fail the module when a domain failed (an API error or a failed task) or the outcome of its write is
        V(unknown). The failed result still holds RV(results) and RV(totals).
    type: bool
    default: true
notes:
  - The RAM policy needs C(domain:SaveSingleTaskForUpdateProhibitionLock) and the other lock actions (the API
    documentation files them under C(domain:SecuritySetting)), plus C(domain:QueryDomainByDomainName),
    C(domain:QueryTaskList) and C(domain:QueryTaskDetailList).
  - The M(alicloud.domain.contacts) plan reports a domain under the update prohibition lock as V(blocked); the
    C(alicloud.domain.registrant_change) role lifts and restores the lock with this module when asked to
    (C(registrant_change_lift_update_lock)).
seealso:
  - module: alicloud.domain.contacts
  - module: alicloud.domain.task_info
  - module: alicloud.domain.domain_info
'''

EXAMPLES = r'''
- name: Lift the update prohibition lock of one domain and wait until it is lifted
  alicloud.domain.domain_lock:
    domain_name: example.com
    lock: update
    state: unlocked
    wait: true

- name: Set the transfer prohibition lock on many domains, in batches of 100
  alicloud.domain.domain_lock:
    domains: "{{ my_domains }}"
    lock: transfer
    state: locked
    batch_size: 100
    wait: true
    wait_timeout: 1800

- name: Which of them would change
  alicloud.domain.domain_lock:
    domains: [example.com, example.net]
    state: locked
  check_mode: true
  diff: true
'''

RETURN = r'''
results:
  description: One entry per domain, in the order given.
  returned: always
  type: list
  elements: dict
  contains:
    domain:
      description: The domain name (canonical form).
      type: str
    lock:
      description: V(update) or V(transfer).
      type: str
    before:
      description: The lock as read before any change, V(locked) or V(unlocked); null when it could not be read.
      type: str
    after:
      description:
        - The lock as last read back from the service. Equal to RV(results[].before) when nothing was written;
          without waiting, the state right after the write was not read again and this is RV(results[].before)
          or null.
      type: str
    status:
      description:
        - V(unchanged), V(would_change) (check mode), V(submitted) (not waited for), V(succeeded) (the lock read
          back is in the wanted state), V(in_flight) (a lock task of this kind already runs on the domain; nothing
          submitted), V(pending) (still running at O(wait_timeout)), V(failed) (see RV(results[].error)) or
          V(unknown) (written, but the lock read back is not in the wanted state and the task did not say why).
      type: str
    changed:
      description: Whether this run submitted a change for the domain (or would, in check mode).
      type: bool
    task_no:
      description: The task submitted, or the lock task found running.
      type: str
    error:
      description: What went wrong (C(code), C(message), C(request_id), ...) for a failed entry.
      type: dict
    note:
      description: How the outcome was found when not from the task itself, or why nothing was sent.
      type: str
      returned: when there is something to say
  sample:
    - {"domain": "example.com", "lock": "update", "before": "locked", "after": "unlocked", "status": "succeeded",
       "changed": true, "task_no": "T-1", "error": null}
totals:
  description: How many domains ended in each status, plus C(total) and C(changed).
  returned: always
  type: dict
  sample: {"total": 2, "changed": 1, "unchanged": 1, "succeeded": 1, "would_change": 0, "submitted": 0,
           "in_flight": 0, "pending": 0, "failed": 0, "unknown": 0}
api_calls:
  description: How many requests were sent per API action (retries included).
  returned: always
  type: dict
  sample: {"QueryDomainByDomainName": 2, "QueryTaskList": 1, "SaveSingleTaskForUpdateProhibitionLock": 1}
'''

from ansible_collections.alicloud.domain.plugins.module_utils._api.errors import DomainError
from ansible_collections.alicloud.domain.plugins.module_utils._validation import unique_domains
from ansible_collections.alicloud.domain.plugins.module_utils._locks import (
    LOCKED, UNLOCKED, LockRun, lock_kind, locks_result)
from ansible_collections.alicloud.domain.plugins.module_utils._module import DomainModule
from ansible_collections.alicloud.domain.plugins.module_utils._validation import domain_name, number_in_range


def main():
    m = DomainModule(dict(
        domain_name=dict(type="str"),
        domains=dict(type="list", elements="str"),
        lock=dict(type="str", default="update", choices=["update", "transfer"]),
        state=dict(type="str", required=True, choices=[LOCKED, UNLOCKED]),
        wait=dict(type="bool", default=False),
        wait_timeout=dict(type="int", default=600),
        poll_interval=dict(type="float", default=2.0),
        concurrency=dict(type="int", default=8),
        batch_size=dict(type="int", default=1),
        max_rate=dict(type="float"),
        fail_on_error=dict(type="bool", default=True),
    ), required_one_of=[("domain_name", "domains")], mutually_exclusive=[("domain_name", "domains")])

    def body(m):
        p = m.params
        kind = lock_kind(p["lock"])
        number_in_range(p["wait_timeout"], "wait_timeout", 1, 86400)
        number_in_range(p["poll_interval"], "poll_interval", 0.01, 300)
        number_in_range(p["concurrency"], "concurrency", 1, 64)
        number_in_range(p["batch_size"], "batch_size", 1, 1000)
        number_in_range(p["max_rate"], "max_rate", 0.1, 10000)
        domains = [domain_name(p["domain_name"])] if p["domain_name"] is not None else unique_domains(p["domains"])
        if not domains:
            raise DomainError("domains is empty: give at least one domain name.")
        client = m.build_client(max_rate=p["max_rate"], pool_size=p["concurrency"])
        run = LockRun(client, kind, p["state"], p["wait"], p["wait_timeout"], p["poll_interval"], p["concurrency"],
                      p["batch_size"], m.check_mode)
        result = locks_result(run.run(domains), kind, p["state"], m.diff_mode)
        result.update(changed=result["totals"]["changed"] > 0, api_calls=dict(client.counts), warnings=[])
        if run.wait_errors:
            result["warnings"].append("%d task(s) could not be polled to the end, so their outcome was read back from "
                                      "the domains instead; first: %s" % (len(run.wait_errors), run.wait_errors[0]))
        if p["fail_on_error"]:
            bad = [r for r in result["results"] if r["status"] in ("failed", "unknown")]
            if bad:
                first = bad[0]
                reason = (first["error"] or {}).get("message") or first.get("note") or "no reason given"
                raise DomainError("%d of %d domain(s) failed or have an outcome that could not be read back; first: "
                                  "%s (%s): %s" % (len(bad), len(domains), first["domain"], first["status"], reason),
                                  result)
        return result

    m.run(body)


if __name__ == "__main__":
    main()
