# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.domain contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Many domains, one profile: concurrent reads, writes only where values differ, one wait for all.

Per (domain, contact type): one QueryContactInfo; when it differs, one write (a single task, or a
share of a batch task); polls only when waiting. The profile is read once per run.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from concurrent.futures import ThreadPoolExecutor

from ansible_collections.alicloud.domain.plugins.module_utils import contact as c
from ansible_collections.alicloud.domain.plugins.module_utils import validation as v
from ansible_collections.alicloud.domain.plugins.module_utils.engine import contact_diff
from ansible_collections.alicloud.domain.plugins.module_utils.errors import AmbiguousWriteError, ApiError, DomainError
from ansible_collections.alicloud.domain.plugins.module_utils.tasks import FAILURE, SUCCESS, failure_reason, task_details

BATCH_ACTION = "SaveBatchTaskForUpdatingContactInfoByRegistrantProfileId"
STATUSES = ("unchanged", "would_change", "submitted", "succeeded", "in_flight", "pending", "failed")


class Item:
    """The state of one (domain, contact type) through a run."""

    __slots__ = ("domain", "contact_type", "current", "diffs", "status", "task_no", "error", "note", "awaited")

    def __init__(self, domain, contact_type):
        self.domain, self.contact_type = domain, contact_type
        self.current, self.diffs, self.task_no, self.error, self.note = None, [], None, None, None
        self.status = "new"
        self.awaited = False  # a change in flight that this run waited for

    @property
    def changed(self):
        return self.status in ("would_change", "submitted", "succeeded", "pending") or (
            self.status == "failed" and self.task_no is not None and not self.awaited)

    def fail(self, err):
        self.status = "failed"
        self.error = err.to_result().get("error") or {}
        self.error["message"] = str(err)

    def result(self):
        out = {"domain": self.domain, "contact_type": self.contact_type, "changed": self.changed,
               "status": self.status, "task_no": self.task_no, "differences": [c.snake(f) for f in self.diffs],
               "error": self.error}
        if self.note:
            out["note"] = self.note
        return out


def unique_domains(domains, option="domains"):
    """Validate every name before any call; keep the first occurrence of each."""
    names = [v.domain_name(d, option) for d in domains]
    return list(dict.fromkeys(names))


class BulkContacts:
    def __init__(self, client, target, concurrency=8, batch_size=1, check_mode=False):
        self.client, self.target = client, target
        self.concurrency = max(1, int(concurrency))
        self.batch_size = max(1, int(batch_size))
        self.check_mode = check_mode
        self.pool = None

    # --------------------------------------------------------------- phases
    @staticmethod
    def _guarded(fn, item):
        try:
            fn(item)
        except DomainError as err:
            item.fail(err)

    def _each(self, fn, items):
        """Run ``fn(item)`` for every item on the pool; per-item errors land on the item."""
        list(self.pool.map(lambda item: self._guarded(fn, item), items))

    def _each_here(self, fn, items):
        """The same for work already running on the pool: on a pool of its own (no nested waits)."""
        with ThreadPoolExecutor(max_workers=min(self.concurrency, max(1, len(items)))) as pool:
            list(pool.map(lambda item: self._guarded(fn, item), items))

    def _find_batch_task(self, chunk):
        """The task a batch whose answer was lost created for exactly ``chunk``, or ``None``.

        Looks at the newest tasks of the contact's task type whose size is the chunk's, and compares
        their domains: one QueryTaskList and a detail read per candidate instead of reads per domain.
        """
        wanted = set(i.domain.lower() for i in chunk)
        types = c.TASK_TYPES_BY_CONTACT.get(chunk[0].contact_type, ())
        for task in c.recent_tasks(self.client, types):
            size = task.get("TaskNum")
            if size not in (None, "") and int(size) != len(wanted):
                continue
            found = set(str(d.get("DomainName") or "").lower() for d in task_details(self.client, task.get("TaskNo")))
            if found == wanted:
                return task.get("TaskNo")
        return None

    def _read(self, item):
        item.current = c.get_contact(self.client, item.domain, item.contact_type)
        item.diffs = c.differences(item.current, self.target.profile)
        item.status = "differs" if item.diffs else "unchanged"

    def _predict(self, items):
        """Check mode: one QueryDomainByDomainName per domain tells whether a change is in flight."""
        try:
            busy = c.read_domain(self.client, items[0].domain)[0]
        except DomainError as err:
            for item in items:
                item.fail(err)
            return
        for item in items:
            item.status = "in_flight" if busy else "would_change"

    def _submit_single(self, item):
        t = self.target
        sub = c.submit_contact_change(self.client, item.domain, item.contact_type, t.profile_id, t.transfer_lock,
                                      target=t.profile)
        item.task_no, item.note = sub.task_no, sub.note
        item.status = "in_flight" if sub.status == "in_flight" else "submitted"

    def _submit_batch(self, chunk, attempt=1):
        """One batch task for ``chunk`` (same contact type); falls back to single tasks when refused.

        After a lost answer whose task cannot be found, each domain is read; those the batch did not
        reach are sent again as one batch (up to 3 batches), not as one task per domain."""
        t, first = self.target, chunk[0]
        params = {"ContactType": first.contact_type, "DomainName": [i.domain for i in chunk],
                  "RegistrantProfileId": t.profile_id}
        if first.contact_type == "registrant":
            params["TransferOutProhibited"] = t.transfer_lock
        try:
            body = self.client.call(BATCH_ACTION, params, safe=False)
        except AmbiguousWriteError as lost:
            # the batch may have been carried out: find its task, else read each domain before anything is sent again
            try:
                task_no = self._find_batch_task(chunk)
            except DomainError:
                task_no = None
            if task_no is None:
                if attempt >= 3:
                    self._each_here(self._recover, chunk)
                    return
                self._each_here(self._check_lost, chunk)
                again = [i for i in chunk if i.status == "resend"]
                if again:
                    self._submit_batch(again, attempt + 1)
                return
            for item in chunk:
                item.task_no, item.status = task_no, "submitted"
                item.note = "the answer to %s was lost (%s); its task was found" % (BATCH_ACTION, lost.code)
            return
        except ApiError as err:
            if err.code != c.BUSY_CODE:
                for item in chunk:
                    item.fail(err)
                return
            # a domain of the chunk is busy: the service refused the whole batch; go one by one
            self._each_here(self._submit_single, chunk)
            return
        for item in chunk:
            item.task_no, item.status = body.get("TaskNo"), "submitted"

    def _check_lost(self, item):
        """After a lost batch answer: the change found (in flight or done), or status ``resend``."""
        found = c.recover_lost_write(self.client, item.domain, item.contact_type, self.target.profile)
        if found is None:
            item.status = "resend"
        else:
            item.task_no, item.note = found.task_no, found.note
            item.status = "in_flight" if found.status == "in_flight" else "submitted"

    def _recover(self, item):
        found = c.recover_lost_write(self.client, item.domain, item.contact_type, self.target.profile)
        if found is None:
            self._submit_single(item)
        else:
            item.task_no, item.note = found.task_no, found.note
            item.status = "in_flight" if found.status == "in_flight" else "submitted"

    def _write(self, items):
        if self.batch_size <= 1:
            self._each(self._submit_single, items)
            return
        chunks = []
        for ctype in self.target.contact_types:
            same = [i for i in items if i.contact_type == ctype]
            chunks.extend(same[n:n + self.batch_size] for n in range(0, len(same), self.batch_size))
        list(self.pool.map(self._submit_batch, chunks))

    def _wait(self, items):
        """Wait for the tasks of ``items``; changes found in flight are waited for, then marked ``recheck``."""
        waiter = self.target.waiter(self.client, self.pool.map)
        waiting = [i for i in items if i.task_no and i.status in ("submitted", "in_flight")]
        done = waiter.wait([i.task_no for i in waiting], raise_on_timeout=False) if waiting else {}
        unknown = [i for i in items if i.status == "in_flight" and not i.task_no]
        self._each(lambda item: waiter.wait_domain_idle(item.domain), unknown)
        for item in unknown:
            if item.status == "in_flight":
                item.status, item.awaited = "recheck", True
        for item in waiting:
            details = done.get(item.task_no)
            if details is None:
                item.status = "pending"
                item.note = "task %s still running after %s s" % (item.task_no, self.target.wait_timeout)
                continue
            detail = next((d for d in details if d.get("DomainName") == item.domain), None)
            if item.status == "in_flight":
                item.status, item.awaited = "recheck", True
            elif detail is None:
                continue
            elif detail.get("TaskStatusCode") == SUCCESS:
                item.status = "succeeded"
            elif detail.get("TaskStatusCode") == FAILURE:
                item.status = "failed"
                item.error = {"code": "TaskFailed", "message": failure_reason(detail), "task_no": item.task_no}

    @staticmethod
    def _next_wave(queue):
        """At most one item per domain (the service runs one contact change per domain at a time)."""
        wave, later, seen = [], [], set()
        for item in queue:
            (later if item.domain in seen else wave).append(item)
            seen.add(item.domain)
        return wave, later

    # --------------------------------------------------------------- the run
    def run(self, domains):
        """Read everything, then write in waves: one contact change per domain at a time.

        Between waves the tasks of the previous wave are waited for (the domain is busy until then);
        after the last wave only when ``wait`` is set. A change found in flight is waited for and
        decided again in a later wave when waiting is allowed.
        """
        self.target.load_profile(self.client)
        items = [Item(d, t) for d in domains for t in self.target.contact_types]
        with ThreadPoolExecutor(max_workers=self.concurrency) as pool:
            self.pool = pool
            self._each(self._read, items)
            queue = [i for i in items if i.status == "differs"]
            if self.check_mode:
                by_domain = {}
                for item in queue:
                    by_domain.setdefault(item.domain, []).append(item)
                list(self.pool.map(self._predict, list(by_domain.values())))
                return items
            for _wave in range(len(self.target.contact_types) + 2):
                if not queue:
                    break
                wave, later = self._next_wave(queue)
                self._write(wave)
                if not later and not self.target.wait:
                    break
                self._wait(wave)
                recheck = [i for i in wave if i.status == "recheck"]
                self._each(self._read, recheck)
                if any(i.status == "pending" for i in wave):
                    for item in later:  # its domain is still busy: leave it for a later run
                        item.status, item.note = "in_flight", "not submitted: an earlier change is still running"
                    break
                queue = later + [i for i in recheck if i.status == "differs"]
            for item in items:
                if item.status in ("recheck", "differs"):
                    item.status = "in_flight"
        return items


def summarise(items, profile, diff=False):
    """The module result: one entry per item, totals per status, and the diff of what differs."""
    totals = dict((s, 0) for s in STATUSES)
    for item in items:
        totals[item.status] = totals.get(item.status, 0) + 1
    totals["total"] = len(items)
    totals["changed"] = sum(1 for i in items if i.changed)
    out = {"results": [i.result() for i in items], "totals": totals}
    if diff:
        out["diff"] = [contact_diff(i.domain, i.contact_type, i.current, profile, i.diffs)
                       for i in items if i.diffs and i.current is not None]
    return out
