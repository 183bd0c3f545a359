# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.domain contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The prohibition locks (update, transfer) of many domains: read, compare, write only on drift, wait, read back.

Per domain: one QueryDomainByDomainName (``UpdateProhibitionLock`` / ``TransferProhibitionLock``: OPEN is locked,
CLOSE and NONE_SETTING are unlocked). Per run: one look-up of the lock tasks still running (QueryTaskList, plus
the details of the unfinished lock tasks only), so that a domain never gets a second lock task while one runs.
A change is one task (``SaveSingleTaskFor*ProhibitionLock``) or a share of a batch task
(``SaveBatchTaskFor*ProhibitionLock``, ``DomainName.N``); ``Status`` is ``True`` to lock, ``False`` to unlock.

A write whose answer was lost is never sent again blindly: the running lock tasks and the domain are read first;
a task found running is taken for it, a lock read back in the wanted state is the outcome, and only a domain
showing neither is sent again (at most :data:`MAX_SENDS` sends in all). Outcomes are only what was read back.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from collections import namedtuple
from concurrent.futures import ThreadPoolExecutor

from ansible_collections.alicloud.domain.plugins.module_utils._contacts import contact as c
from ansible_collections.alicloud.domain.plugins.module_utils._contacts.rows import PooledRun, Row, totals_of
from ansible_collections.alicloud.domain.plugins.module_utils import _validation as v
from ansible_collections.alicloud.domain.plugins.module_utils._api.errors import (
    AmbiguousWriteError, ApiError, ConfigurationError, DomainError)
from ansible_collections.alicloud.domain.plugins.module_utils._tasks import (
    EXECUTING, FAILURE, SUCCESS, WAITING, TaskWaiter, failure_reason, task_details)

LockKind = namedtuple("LockKind", "name field single batch task_type label")
KINDS = {
    "update": LockKind("update", "UpdateProhibitionLock", "SaveSingleTaskForUpdateProhibitionLock",
                       "SaveBatchTaskForUpdateProhibitionLock", "SET_UPDATE_PROHIBITED", "update prohibition lock"),
    "transfer": LockKind("transfer", "TransferProhibitionLock", "SaveSingleTaskForTransferProhibitionLock",
                         "SaveBatchTaskForTransferProhibitionLock", "SET_TRANSFER_PROHIBITED",
                         "transfer prohibition lock"),
}
LOCKED, UNLOCKED = "locked", "unlocked"
# the service's values of the two lock fields; NONE_SETTING: never set, which is unlocked. A field left out of the
# answer is taken as NONE_SETTING (as the contacts plan's domain_state takes it); any other value is an error
LOCK_VALUES = {"OPEN": LOCKED, "CLOSE": UNLOCKED, "NONE_SETTING": UNLOCKED, "": UNLOCKED}
STATUSES = ("unchanged", "would_change", "submitted", "succeeded", "in_flight", "pending", "failed", "unknown")
MAX_SENDS = 3  # sends of one domain's change in all; each after the first only once a read shows nothing done


def lock_kind(name):
    if name not in KINDS:
        raise ConfigurationError("lock must be one of %s, not %r." % (", ".join(sorted(KINDS)), name))
    return KINDS[name]


def lock_state(record, kind):
    """``locked``/``unlocked`` from a QueryDomainByDomainName answer; ``None`` for a value this module does not know."""
    return LOCK_VALUES.get(str((record or {}).get(kind.field) or "").strip().upper())


def read_lock(client, domain, kind):
    """``(state, raw value)`` of ``kind`` on ``domain``; an unknown value is an error naming it."""
    record = client.call("QueryDomainByDomainName", {"DomainName": domain})
    state = lock_state(record, kind)
    if state is None:
        raise DomainError("QueryDomainByDomainName answered %s=%r for %s, which is none of OPEN, CLOSE, NONE_SETTING"
                          % (kind.field, record.get(kind.field), domain))
    return state, record.get(kind.field)


def lock_tasks_in_flight(client, kind, max_tasks=c.TASK_PAGE, known=None):
    """``{domain key: TaskNo}`` of the lock tasks of ``kind`` still waiting or running (newest tasks first).

    One QueryTaskList, plus the details of each lock task that is not complete (task level code 3) - except a single
    task ``known`` (``contact.KnownTasks``: the caller's own, or one read before, which this learns).
    """
    found = {}
    for task in c.recent_tasks(client, (kind.task_type,), max_tasks=max_tasks):
        if task.get("TaskStatusCode") == 3:
            continue
        single = known.single_domain(task) if known is not None else None
        if single is not None:  # a single task not complete: it runs on its domain
            found.setdefault(single, task.get("TaskNo"))
            continue
        details = task_details(client, task.get("TaskNo"))
        if known is not None:
            known.learn(task, details)
        for detail in details:
            if detail.get("TaskStatusCode") in (WAITING, EXECUTING):
                found.setdefault(v.domain_key(detail.get("DomainName")), task.get("TaskNo"))
    return found


def detail_for(details, domain):
    for detail in details or []:
        if v.domain_key(detail.get("DomainName")) == domain:
            return detail
    return None


class LockItem(Row):
    """One domain through a run."""

    __slots__ = ("before", "after")

    def __init__(self, domain):
        self.domain = domain
        self.before = self.after = self.task_no = self.error = self.note = None
        self.status = "new"
        self.awaited = False  # a lock task not ours that this run waited for
        self.verify = False  # a task found after a lost answer

    def result(self, kind):
        out = {"domain": self.domain, "lock": kind.name, "before": self.before, "after": self.after,
               "status": self.status, "changed": self.changed, "task_no": self.task_no, "error": self.error}
        if self.note:
            out["note"] = self.note
        return out


class LockRun(PooledRun):
    """Bring ``kind`` of every domain to ``wanted`` (``locked`` or ``unlocked``)."""

    def __init__(self, client, kind, wanted, wait=False, wait_timeout=600, poll_interval=2.0, concurrency=8,
                 batch_size=1, check_mode=False):
        self.client, self.kind, self.wanted = client, kind, wanted
        self.wait, self.wait_timeout, self.poll_interval = wait, wait_timeout, poll_interval
        self.concurrency, self.batch_size = max(1, int(concurrency)), max(1, int(batch_size))
        self.check_mode = check_mode
        self.wait_errors = []
        self.known = c.KnownTasks()  # the lock tasks this run sent, and single ones it read: not read again

    # --------------------------------------------------------------- helpers
    def _read(self, item):
        state = read_lock(self.client, item.domain, self.kind)[0]
        if item.before is None:
            item.before = state
        item.after = state
        item.status = "unchanged" if state == self.wanted else "differs"

    def _in_flight(self, items):
        """Items with a lock task of this kind running are ``in_flight`` (never a second task beside it)."""
        try:
            running = lock_tasks_in_flight(self.client, self.kind, known=self.known)
        except DomainError as err:
            for item in items:
                item.fail(err)
            return
        for item in items:
            if item.domain in running:
                item.status, item.task_no = "in_flight", running[item.domain]
                item.note = "a %s task (%s) is already running for %s; nothing was submitted" % (
                    self.kind.label, item.task_no, item.domain)

    # --------------------------------------------------------------- writes
    def _write(self, items):
        if self.batch_size <= 1:
            self._each(lambda item: self._send([item]), items)
            return
        chunks = [items[n:n + self.batch_size] for n in range(0, len(items), self.batch_size)]
        list(self.pool.map(self._send, chunks))

    def _send(self, chunk, attempt=1):
        lock = self.wanted == LOCKED
        if len(chunk) == 1:
            action, params = self.kind.single, {"DomainName": chunk[0].domain, "Status": lock}
        else:
            action, params = self.kind.batch, {"DomainName": [i.domain for i in chunk], "Status": lock}
        try:
            body = self.client.call(action, params)
        except AmbiguousWriteError as lost:
            self._settle(chunk, lost, attempt)
            return
        except ApiError as err:
            if err.code == c.BUSY_CODE and len(chunk) > 1:  # one domain of the batch is busy: one by one, here
                for item in chunk:
                    self._send([item])
            elif err.code == c.BUSY_CODE:
                self._busy(chunk[0], action, err, attempt)
            else:
                for item in chunk:
                    item.fail(err)
            return
        self.known.own(body.get("TaskNo"), [i.domain for i in chunk])
        for item in chunk:
            item.task_no, item.status = body.get("TaskNo"), "submitted"
            if attempt > 1:
                item.note = "sent again after a lost answer: the lock read back unchanged and no lock task was running"

    def _busy(self, item, action, err, attempt):
        """``TaskIsBeingProcessed``: a lock task runs on the domain. After a lost answer it is the first copy,
        carried out late (taken as ours when found running); otherwise nothing was submitted (``in_flight``)."""
        item.status = "in_flight"
        item.note = "%s answered %s: another operation is running on %s; nothing was submitted" % (
            action, err.code, item.domain)
        if attempt == 1:
            return
        try:
            running = lock_tasks_in_flight(self.client, self.kind, known=self.known)
        except DomainError:
            return
        if item.domain in running:
            item.task_no, item.status, item.verify = running[item.domain], "submitted", True
            item.note = "the answer to %s was lost; the copy sent first was carried out late (task %s running)" % (
                action, item.task_no)

    def _settle(self, chunk, lost, attempt):
        """After a lost answer: the task found running, the lock read back as wanted, or (only then) a new send."""
        try:
            running = lock_tasks_in_flight(self.client, self.kind, known=self.known)
        except DomainError as err:
            for item in chunk:
                item.status, item.error = "unknown", lost.to_result().get("error")
                item.note = "the answer was lost and the running lock tasks could not be read (%s)" % err
            return
        again = []
        for item in chunk:
            if item.domain in running:
                item.task_no, item.status, item.verify = running[item.domain], "submitted", True
                item.note = "the answer to %s was lost (%s); its task was found running" % (lost.action, lost.code)
                continue
            try:
                state = read_lock(self.client, item.domain, self.kind)[0]
            except DomainError as err:
                item.status, item.error = "unknown", lost.to_result().get("error")
                item.note = "the answer was lost and reading the lock back failed (%s)" % err
                continue
            item.after = state
            if state == self.wanted:
                item.status = "succeeded"
                item.note = "the answer to %s was lost (%s); the lock read back is %s" % (lost.action, lost.code, state)
            else:
                again.append(item)
        if not again:
            return
        if attempt < MAX_SENDS:
            self._send(again, attempt + 1)
            return
        for item in again:
            item.fail(lost)
            item.note = "%d answers lost; each time the lock read back unchanged and no task was running, " \
                        "so nothing was done; not sent again" % attempt

    # --------------------------------------------------------------- waiting
    def _wait(self, items):
        """Wait for the tasks of ``items`` (ours and those found running), then read every lock back."""
        waiting = [i for i in items if i.task_no and i.status in ("submitted", "in_flight")]
        if not waiting:
            return
        waiter = TaskWaiter(self.client, timeout=self.wait_timeout, interval=self.poll_interval, mapper=self.pool.map)
        errors = {}
        done = waiter.wait([i.task_no for i in waiting], raise_on_timeout=False, errors=errors)
        for task_no, err in sorted(errors.items()):
            self.wait_errors.append("task %s: %s" % (task_no, err))
        self._each(self._read_back, waiting)
        for item in waiting:
            if item.status == "in_flight":
                self._settle_other(item, done.get(item.task_no))
            else:
                self._settle_ours(item, done.get(item.task_no), errors.get(item.task_no))

    def _read_back(self, item):
        try:
            item.after = read_lock(self.client, item.domain, self.kind)[0]
        except DomainError as err:
            item.after = None
            item.note = "reading the lock back failed (%s)" % err

    def _settle_other(self, item, details):
        """A lock task that is not ours, waited for: the domain is decided again once it has finished."""
        if details is None or item.after is None:
            item.note = "a %s task (%s) still runs on %s, or its outcome could not be read; nothing was " \
                        "submitted" % (self.kind.label, item.task_no, item.domain)
            return
        item.awaited = True
        if item.after == self.wanted:
            item.status = "unchanged"
        else:
            item.status, item.task_no = "differs", None

    def _settle_ours(self, item, details, error):
        task = item.task_no
        if item.after == self.wanted:
            item.status = "succeeded"
            return
        shown = "the lock read back is %s" % item.after if item.after else (item.note or "the lock was not read back")
        detail = detail_for(details, item.domain)
        if details is None and error is None:
            item.status, item.note = "pending", "task %s still running after %s s" % (task, self.wait_timeout)
        elif error is not None:
            item.status, item.note = "unknown", "the outcome of task %s could not be read (%s); %s" % (task, error, shown)
        elif detail is not None and detail.get("TaskStatusCode") == FAILURE and item.after is not None:
            item.status = "failed"
            item.error = {"code": "TaskFailed", "message": failure_reason(detail), "task_no": task}
        elif detail is None:
            item.status, item.note = "unknown", "task %s has no detail for %s; %s" % (task, item.domain, shown)
        else:
            said = {FAILURE: "failed", SUCCESS: "succeeded"}.get(detail.get("TaskStatusCode"), "ended")
            item.status, item.note = "unknown", "task %s %s; %s" % (task, said, shown)

    # --------------------------------------------------------------- the run
    def run(self, domains):
        """Read every lock, then write what differs; with ``wait``, a domain whose running lock task (not ours)
        left it differing is written in a second round."""
        items = [LockItem(d) for d in domains]
        with ThreadPoolExecutor(max_workers=self.concurrency) as pool:
            self.pool = pool
            self._each(self._read, items)
            todo = [i for i in items if i.status in ("unchanged", "differs")]
            for _round in (1, 2):
                self._in_flight(todo)
                writes = [i for i in todo if i.status == "differs"]
                if self.check_mode:
                    for item in writes:
                        item.status = "would_change"
                    break
                self._write(writes)
                if not self.wait:
                    break
                self._wait(todo)
                todo = [i for i in items if i.status == "differs"]
                if not todo:
                    break
        for item in items:
            if item.status == "differs":
                item.status = "in_flight"
                item.note = "another %s task kept %s busy; nothing was submitted" % (self.kind.label, item.domain)
        return items


def locks_result(items, kind, wanted, diff=False):
    """The module result: one entry per domain, totals per status, and the diff of what (would) change."""
    out = {"results": [i.result(kind) for i in items], "totals": totals_of(items, STATUSES)}
    if diff:
        moved = [i for i in items if i.changed]
        label = "%s of %d domain(s)" % (kind.label, len(moved))
        out["diff"] = {"before": dict((i.domain, i.before) for i in moved),
                       "after": dict((i.domain, i.after if i.after and i.status == "succeeded" else wanted)
                                     for i in moved),
                       "before_header": label, "after_header": label}
    return out
