# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.domain contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Many domains, one profile: concurrent reads, writes only where values differ, one wait for all.

Per (domain, contact type): one QueryContactInfo (none for a row given in a plan); per domain that differs, one
QueryDomainByDomainName (``domain_state``: a change in flight, or a reason the change is blocked), shared by its
contact types and waves and taken from the plan while it is fresh; when it differs, one write (a single task, or a
share of a batch task); polls only when waiting; with ``verify``, one read-back per contact changed, made while the
next wave is waited for. The profile is read once per run.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import time
from concurrent.futures import ThreadPoolExecutor

from ansible_collections.alicloud.domain.plugins.module_utils._contacts import contact as c
from ansible_collections.alicloud.domain.plugins.module_utils._contacts import domain_state as ds
from ansible_collections.alicloud.domain.plugins.module_utils import _validation as v
from ansible_collections.alicloud.domain.plugins.module_utils._contacts.rows import Item, PooledRun
from ansible_collections.alicloud.domain.plugins.module_utils._api.errors import AmbiguousWriteError, ApiError, DomainError
from ansible_collections.alicloud.domain.plugins.module_utils._tasks import FAILURE, SUCCESS, failure_reason, task_details

BATCH_ACTION = "SaveBatchTaskForUpdatingContactInfoByRegistrantProfileId"
# After a batch's answer was lost and the task list showed no task of it, the list is read again this many seconds
# later before the batch is sent again: a service still working on the request may list its task late.
LOST_BATCH_PAUSE = 3.0


class BulkContacts(PooledRun):
    progress = None  # set by the contacts module: an object whose watch(items) samples the run's counts (_progress.py)

    def __init__(self, client, plan, concurrency=8, batch_size=1, check_mode=False, given=None, verify=False):
        self.client, self.plan = client, plan
        self.verify = verify  # read each contact back once its task succeeded (during the next wave's wait)
        self.given = given or {}  # read_plan(): the rows of a check-mode run this run takes instead of reading
        self.states = {}  # domain -> its domain_state, as last read (or taken from the plan, or seen idle)
        self.concurrency = max(1, int(concurrency))
        self.batch_size = max(1, int(batch_size))
        self.check_mode = check_mode
        self.wait_errors = []  # what went wrong while following the tasks (their outcome was then read back)
        self.known_tasks = c.KnownTasks()  # the tasks this run created, and single ones it read (not read again)

    # --------------------------------------------------------------- targets
    def target(self, item):
        """``(profile id, profile)`` that ``item``'s contact is to hold: the plan's (a revert gives each its own)."""
        return self.plan.profile_id, self.plan.profile

    def load_targets(self):
        """Read what the contacts are compared with, once per run: the plan's profile."""
        self.plan.load_profile(self.client)

    def items_for(self, domains):
        """The run's items: every contact type of the plan for every domain."""
        return [Item(d, t) for d in domains for t in self.plan.contact_types]

    # --------------------------------------------------------------- phases
    def _each_here(self, fn, items):
        """The same for work already running on the pool: on a pool of its own (no nested waits)."""
        with ThreadPoolExecutor(max_workers=min(self.concurrency, max(1, len(items)))) as pool:
            list(pool.map(lambda item: self._guarded(fn, item), items))

    def _look_for_batch_task(self, chunk, sent_at):
        """``(TaskNo, verify, absent)`` after a batch's answer was lost: its task (see :meth:`_find_batch_task`), or
        ``absent`` True when the task list, read twice :data:`LOST_BATCH_PAUSE` seconds apart, shows every task
        created since the send and none of them is the batch's: the batch was not carried out."""
        try:
            task_no, verify, told = self._find_batch_task(chunk, sent_at)
            if task_no is None and told:  # a service still working on the request may list its task late
                time.sleep(LOST_BATCH_PAUSE)
                task_no, verify, told = self._find_batch_task(chunk, sent_at)
        except DomainError:
            return None, False, False
        return task_no, verify, task_no is None and told

    def _find_batch_task(self, chunk, sent_at):
        """``(TaskNo, verify, told)``: the task a batch whose answer was lost created for ``chunk``, or ``None``.

        Looks at the newest tasks of the contact's task type whose size is the chunk's, and compares their
        domains (canonical names): one QueryTaskList and a detail read per candidate instead of reads per
        domain. Only a task created after the send (``sent_at``, allowing ``contact.CLOCK_SKEW``) can be ours.
        A finished one is ours only if every contact it changed now holds the profile (the details do not name
        the profile); a running one is taken with ``verify``: its contacts are read back once it has finished.
        A running task whose age cannot be told is not taken (each domain is then read instead). ``told``: the
        page read holds every task created since the send (:func:`contact.reaches_back`).
        """
        wanted = set(i.domain for i in chunk)
        types = c.TASK_TYPES_BY_CONTACT.get(chunk[0].contact_type, ())
        page = c.newest_tasks(self.client)
        since = c.created_since(page, sent_at)
        tasks = [t for t in page if t.get("TaskType") in types]
        for task in tasks:
            if since.get(task.get("TaskNo")) is False:
                continue  # created before the send: an older task, not ours
            size = task.get("TaskNum")
            if size not in (None, "") and int(size) != len(wanted):
                continue
            details = task_details(self.client, task.get("TaskNo"))
            if set(v.domain_key(d.get("DomainName")) for d in details) != wanted:
                continue
            if details and all(d.get("TaskStatusCode") in (SUCCESS, FAILURE) for d in details):
                # finished: the contacts it set tell whose it was; one that changed nothing, only its age
                if any(d.get("TaskStatusCode") == SUCCESS for d in details):
                    if self._matches_profile(chunk, details):
                        return task.get("TaskNo"), False, True
                elif since.get(task.get("TaskNo")):
                    return task.get("TaskNo"), False, True
                continue
            if since.get(task.get("TaskNo")):  # still running and newer than the send: checked once finished
                return task.get("TaskNo"), True, True
        return None, False, c.reaches_back(page, since)

    def _matches_profile(self, chunk, details):
        """Whether every contact a finished task changed successfully now holds the profile's values."""
        done = set(v.domain_key(d.get("DomainName")) for d in details if d.get("TaskStatusCode") == SUCCESS)
        for item in chunk:
            if item.domain in done and c.differences(c.get_contact(self.client, item.domain, item.contact_type),
                                                     self.target(item)[1]):
                return False
        return True

    def _read(self, item):
        item.current = c.get_contact(self.client, item.domain, item.contact_type)
        item.digest = c.contact_digest(item.current)
        item.diffs = c.differences(item.current, self.target(item)[1])
        item.status = "differs" if item.diffs else "unchanged"

    def _take_given(self, items):
        """Rows given in a plan: decided from the plan, not read again (those it cannot decide stay ``new``).

        A row read against another profile than the one read now (its fingerprint says so) is read again. The plan's
        domain state counts for the in-flight check while it is fresh (``domain_state.FRESH_SECONDS``), except for a
        domain the plan found blocked only by its update prohibition lock: that one is read again (the lock may have
        been lifted since) and written if the lock is off now.
        """
        wanted = {}  # profile id -> the fingerprint of its contact details
        for item in items:
            row = self.given.get((item.domain, item.contact_type))
            if row is None or row["current"] is None:
                continue
            profile_id, profile = self.target(item)
            if profile_id not in wanted:
                wanted[profile_id] = c.contact_digest(profile)
            if row["current"] == wanted[profile_id]:  # it held the profile's values (the profile may have changed to them)
                item.status, item.digest = "unchanged", row["current"]
                continue
            if row["status"] == "unchanged":
                continue  # the profile changed since the plan: read this contact again
            item.status, item.digest, item.diffs = "differs", row["current"], list(row["diffs"])
            state = row["state"]
            if state is None or (row["status"] == "blocked" and ds.blocked_only_by_lock(state)):
                continue
            if ds.fresh(state):
                self.states.setdefault(item.domain, state)

    def _decide(self, item):
        """The in-flight check of ``item``'s domain: status ``blocked``, ``in_flight``, or left ``differs``.

        One QueryDomainByDomainName per domain, unless its state is known and fresh (read by this run or the plan no
        longer than ``domain_state.FRESH_SECONDS`` ago, or a change of this run on it was seen to finish since).
        """
        state = self.states.get(item.domain)
        if not ds.fresh(state):
            record = c.read_domain(self.client, item.domain)[1]
            state = self.states[item.domain] = ds.domain_state(record)
        if state["blocked_by"]:
            item.status, item.note = "blocked", ds.blocked_note(item.domain, state)
        elif state["in_flight"]:
            item.status = "in_flight"
            item.note = "a contact change is already being processed for %s; nothing is submitted while it runs" % item.domain

    def _predict(self, items):
        """Check mode: one in-flight check per domain decides its items (``would_change``, ``in_flight``, ``blocked``)."""
        try:
            self._decide(items[0])
        except DomainError as err:
            for item in items:
                item.fail(err)
            return
        for item in items:
            if item is not items[0]:
                item.status, item.note = items[0].status, items[0].note
            if item.status == "differs":
                item.status, item.note = "would_change", None

    def _submit_single(self, item, decide=True):
        """One single task; ``decide``: the in-flight check first (:meth:`_decide`, no read while the state is fresh)."""
        if decide:
            self._decide(item)
            if item.status != "differs":
                return
        profile_id, profile = self.target(item)
        try:
            sub = c.submit_contact_change(self.client, item.domain, item.contact_type, profile_id,
                                          self.plan.transfer_lock, profile=profile, check_first=False,
                                          known=self.known_tasks)
        except AmbiguousWriteError as lost:  # lost twice: the change may have been made; settled once the domain is idle
            item.status, item.task_no = "submitted", None
            item.note = "the answer to the write was lost twice (%s)" % lost.code
            return
        item.task_no, item.note = sub.task_no, sub.note
        item.status = "in_flight" if sub.status == "in_flight" else "submitted"
        item.verify = sub.status == "recovered"
        if sub.status == "submitted":
            self.known_tasks.own(sub.task_no, [item.domain])

    def _submit_batch(self, chunk, attempt=1):
        """One batch task for ``chunk`` (same contact type); falls back to single tasks when refused.

        Right before the first send, each domain is checked for a change in flight and for what blocks a change
        (:meth:`_decide`: one QueryDomainByDomainName each, none while its state is fresh); a busy one is left out
        (status ``in_flight``), a blocked one too (``blocked``). After a lost answer, the task list tells what became
        of the batch (:meth:`_look_for_batch_task`): its task found is followed; a batch the list shows was not carried
        out is sent again as it was; when the list cannot tell (clocks that disagree, more new tasks than a page),
        each domain is read and those the batch did not reach are sent again as one batch. Up to 3 batches, then one
        task per domain, each read first."""
        if attempt == 1:
            self._each_here(self._decide, chunk)
            chunk = [i for i in chunk if i.status == "differs"]
            if not chunk:
                return
        first = chunk[0]
        params = {"ContactType": first.contact_type, "DomainName": [i.domain for i in chunk],
                  "RegistrantProfileId": self.target(first)[0]}
        if first.contact_type == "registrant":
            params["TransferOutProhibited"] = self.plan.transfer_lock
        sent_at = time.time()
        try:
            body = self.client.call(BATCH_ACTION, params)
        except AmbiguousWriteError as lost:
            # the batch may have been carried out: find its task, else read each domain before anything is sent again
            task_no, verify, absent = self._look_for_batch_task(chunk, sent_at)
            if task_no is None:
                if attempt >= 3:
                    self._each_here(self._recover, chunk)
                    return
                if absent:  # reading each domain would only tell again what the task list told
                    note = "the answer to %s was lost (%s); the task list showed no task of it: sent again" % (
                        BATCH_ACTION, lost.code)
                    for item in chunk:
                        item.note = note
                    self._submit_batch(chunk, attempt + 1)
                    return
                self._each_here(self._check_lost, chunk)
                again = [i for i in chunk if i.status == "resend"]
                if again:
                    self._submit_batch(again, attempt + 1)
                return
            for item in chunk:
                item.task_no, item.status, item.verify = task_no, "submitted", verify
                item.note = "the answer to %s was lost (%s); its task was found" % (BATCH_ACTION, lost.code)
            return
        except ApiError as err:
            if err.code != c.BUSY_CODE:
                for item in chunk:
                    item.fail(err)
                return
            # a domain of the chunk is busy: the service refused the whole batch; go one by one, each domain read again
            for item in chunk:
                self.states.pop(item.domain, None)
            self._each_here(self._submit_single, chunk)
            return
        self.known_tasks.own(body.get("TaskNo"), [i.domain for i in chunk])
        for item in chunk:
            item.task_no, item.status = body.get("TaskNo"), "submitted"

    def _found(self, item, found):
        item.task_no, item.note = found.task_no, found.note
        item.status = "in_flight" if found.status == "in_flight" else "submitted"
        item.verify = found.status == "recovered"

    def _check_lost(self, item):
        """After a lost batch answer: the change found (in flight or done), or status ``resend``."""
        found = c.recover_lost_write(self.client, item.domain, item.contact_type, self.target(item)[1],
                                     self.known_tasks)
        if found is None:
            item.status = "resend"
        else:
            self._found(item, found)

    def _recover(self, item):
        found = c.recover_lost_write(self.client, item.domain, item.contact_type, self.target(item)[1],
                                     self.known_tasks)
        if found is None:  # the domain was read just now, idle: no second in-flight check
            self._submit_single(item, decide=False)
        else:
            self._found(item, found)

    def _write(self, items):
        if self.batch_size <= 1:
            self._each(self._submit_single, items)
            return
        chunks, same = [], {}  # a batch task names one contact type and one profile
        for item in items:
            same.setdefault((item.contact_type, self.target(item)[0]), []).append(item)
        for group in same.values():
            chunks.extend(group[n:n + self.batch_size] for n in range(0, len(group), self.batch_size))
        list(self.pool.map(self._submit_batch, chunks))

    def _wait(self, items):
        """Wait for the tasks of ``items``; changes found in flight are waited for, then marked ``recheck``.

        A task of this run whose outcome was not read (its poll failed, or it has no detail for the domain),
        or that was found after a lost answer, is settled by reading the contact back (:func:`contact.read_back`).
        Returns whether a change is still running (a task not finished at ``wait_timeout``).
        """
        waiter = self.plan.waiter(self.client, self.pool.map)
        waiting = [i for i in items if i.task_no and i.status in ("submitted", "in_flight")]
        errors = {}
        done = waiter.wait([i.task_no for i in waiting], raise_on_timeout=False, errors=errors) if waiting else {}
        for task_no, err in sorted(errors.items()):
            self.wait_errors.append("task %s: %s" % (task_no, err))
        unknown = [i for i in items if i.status == "in_flight" and not i.task_no]
        self._each(lambda item: self._wait_idle(waiter, item), unknown)
        for item in unknown:
            if item.status == "in_flight":
                item.status, item.awaited = "recheck", True
        # a write whose answer was lost, settled without a task number (lost twice, the contact already matched, or
        # a change was running that could not be named): its outcome is what the contact reads once the domain is idle
        still_running, reread, indexes = False, [], {}
        lost = [i for i in items if i.status == "submitted" and not i.task_no]
        for item in waiting:
            details = done.get(item.task_no)
            if item.task_no in errors:
                if item.status == "in_flight":  # not ours: decide again once its domain is idle
                    self._guarded(lambda i: self._wait_idle(waiter, i), item)
                    if item.status == "in_flight":
                        item.status, item.awaited = "recheck", True
                    continue
                item.note = "the outcome of task %s could not be read (%s)" % (item.task_no, errors[item.task_no])
                reread.append(item)
                continue
            if details is None:
                still_running = True
                item.note = "task %s still running after %s s" % (item.task_no, self.plan.wait_timeout)
                if item.status != "in_flight":  # a change that is not ours stays in flight, not pending
                    item.status = "pending"
                continue
            detail = self._detail_for(item.task_no, details, item.domain, indexes)
            if detail is not None and detail.get("TaskStatusCode") in (SUCCESS, FAILURE):
                # seen finished: the domain is idle now, which counts as its in-flight check for the next wave
                self.states[item.domain] = ds.idle_state(self.states.get(item.domain))
            if item.status == "in_flight":
                item.status, item.awaited = "recheck", True
            elif detail is None:
                item.note = "task %s has no detail for %s" % (item.task_no, item.domain)
                reread.append(item)
            elif detail.get("TaskStatusCode") == SUCCESS:
                item.status = "succeeded"
                if item.verify:
                    item.note = "task %s was found after a lost answer" % item.task_no
                    reread.append(item)
            elif detail.get("TaskStatusCode") == FAILURE:
                item.status = "failed"
                item.error = {"code": "TaskFailed", "message": failure_reason(detail), "task_no": item.task_no}
        self._each(self._reread, reread)
        self._each(lambda item: self._settle_lost(waiter, item), lost)
        return still_running or any(i.status == "pending" for i in reread)

    @staticmethod
    def _detail_for(task_no, details, domain, indexes):
        """The first detail of ``details`` (a task's) for ``domain``: each task's details are indexed once, not
        searched once per domain (a batch task of 1,000 domains: a million name normalisations per wave)."""
        index = indexes.get(task_no)
        if index is None:
            index = indexes[task_no] = dict((v.domain_key(d.get("DomainName")), d) for d in reversed(details))
        return index.get(domain)

    def _settle_lost(self, waiter, item):
        """A write whose answer was lost and whose task is not known: once no contact change runs on the domain, the
        contact tells. On the profile: ``succeeded`` (read back). Still differing with nothing running: no copy was
        carried out (or it failed), so the write goes again in the next wave (status ``differs``; with nothing in
        flight that copy is no duplicate) - once: lost and not made again, it is ``failed``."""
        self._wait_idle(waiter, item)
        lost = item.note or "the answer to the write was lost"
        if c.differences(c.get_contact(self.client, item.domain, item.contact_type), self.target(item)[1]):
            if item.rewritten:
                item.status = "failed"
                item.error = {"code": "WriteLost", "message": lost + "; written again, lost again, and the contact "
                                                                     "is unchanged with no change running"}
                return
            item.status, item.rewritten = "differs", True
            item.note = lost + "; no change ran and the contact was unchanged: written again"
        else:
            item.status, item.read_back = "succeeded", True
            item.note = lost + "; the contact read back matches the profile"

    def _wait_idle(self, waiter, item):
        """Wait until no contact change runs on ``item``'s domain; its last read is the domain's state now."""
        self.states[item.domain] = ds.domain_state(waiter.wait_domain_idle(item.domain))

    def _reread(self, item):
        """Settle an outcome not read from the task (or verify one that was) by what the service shows now."""
        status, note = c.read_back(self.client, item.domain, item.contact_type, self.target(item)[1])
        item.status = status
        item.read_back = status == "succeeded"  # the contact was read after the task and holds the profile
        item.note = "%s; %s" % (item.note, note) if item.note else note

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
        self.load_targets()
        items = self.items_for(domains)
        if self.progress is not None:
            self.progress.watch(items)
        if self.given:
            self._take_given(items)
        with ThreadPoolExecutor(max_workers=self.concurrency) as pool, \
                ThreadPoolExecutor(max_workers=self.concurrency) as verifier:
            self.pool, reading_back = pool, []
            self._each(self._read, [i for i in items if i.status == "new"])
            queue = [i for i in items if i.status == "differs"]
            if self.check_mode:
                by_domain = {}
                for item in queue:
                    by_domain.setdefault(item.domain, []).append(item)
                list(self.pool.map(self._predict, list(by_domain.values())))
                return self._with_states(items)
            for _wave in range(len(self.plan.contact_types) + 2):
                if not queue:
                    break
                wave, later = self._next_wave(queue)
                self._write(wave)
                if not later and not self.plan.wait:
                    break
                running = self._wait(wave)
                if self.verify:  # on a pool of their own, while the next wave is written and waited for
                    reading_back.extend(verifier.submit(self._guarded, self._reread, item) for item in wave
                                        if item.status == "succeeded" and not item.read_back)
                recheck = [i for i in wave if i.status == "recheck"]
                self._each(self._read, recheck)
                if running:
                    for item in later:  # its domain is still busy: leave it for a later run
                        item.status, item.note = "in_flight", "not submitted: an earlier change is still running"
                    break
                queue = later + [i for i in wave if i.status == "differs"]  # decided again, or a lost write not made
            for item in items:
                if item.status in ("recheck", "differs"):
                    item.status = "in_flight"
            for future in reading_back:
                future.result()
        return self._with_states(items)

    def _with_states(self, items):
        """Every row of a domain that differs carries the domain's state as last known."""
        touched = set(i.domain for i in items if i.diffs or i.status == "blocked")
        for item in items:
            if item.domain in touched and item.domain in self.states:
                item.state = self.states[item.domain]
        return items
