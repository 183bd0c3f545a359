# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.domain contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Revert: move every contact of a run record back to the details it had before that run.

Per entry of the record, the contact is read now and classified:

* ``to_revert``: it still holds what the run set (``after``): it is moved back;
* ``already_reverted``: it holds the old details again (a second revert does nothing);
* ``changed_since``: it holds neither: someone changed it since; left alone;
* ``not_changed_by_run``: the record says the run did not change it (unchanged, in flight, refused); left alone;
* ``running``: the run's own change may still be running on the domain (waited for with ``wait``, else left).

The old details become a registrant profile - an existing one whose 16 fields are equal after normalisation
(``_profiles.find_matching``), else one created (``SaveRegistrantProfile``, never twice) - and the contacts are
changed to it with the bulk engine (in-flight checks, exactly-once, waiting): one run for every contact, each to its
own profile (``RevertBulk``). The revert writes a run record of its own, so a revert can itself be reverted.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from concurrent.futures import ThreadPoolExecutor

from ansible_collections.alicloud.domain.plugins.module_utils import _profiles as profiles
from ansible_collections.alicloud.domain.plugins.module_utils import _record as rec
from ansible_collections.alicloud.domain.plugins.module_utils import _validation as v
from ansible_collections.alicloud.domain.plugins.module_utils._contacts import contact as c
from ansible_collections.alicloud.domain.plugins.module_utils._contacts import domain_state as ds
from ansible_collections.alicloud.domain.plugins.module_utils._contacts.engine import ContactPlan
from ansible_collections.alicloud.domain.plugins.module_utils._contacts.rows import Item, given_read
from ansible_collections.alicloud.domain.plugins.module_utils._api.errors import (
    AmbiguousWriteError, ConfigurationError, DomainError)
from ansible_collections.alicloud.domain.plugins.module_utils._tasks import TaskWaiter

# from this many groups of old details on, the profiles are listed once rather than searched per group
LIST_ALL_FROM = 20
CREATE_ROUNDS = 5  # sends of a profile create whose answers are lost, at most (a second identical holder is harmless)
LEFT_ALONE = ("changed_since", "not_changed_by_run", "running")
NOT_VERIFIED = "ProfileNotVerified"  # a registrant held back: the profile of its old details lacks its verification
OWNERSHIP_NOTE = (
    "Reverting the registrant is itself a change of registrant (ownership) for the registry and the service: the "
    "restored registrant's details may have to pass real-name and e-mail verification again, and a 60-day "
    "transfer lock follows unless it is opted out of (transfer_lock: false sends AddTransferLock=False).")


def registrant_type_of(fields):
    """``2`` (enterprise) when the organisation is set and is not the person's name, else ``1`` (individual)."""
    org = c.normalise(fields.get("RegistrantOrganization"))
    return "2" if org and org.lower() != c.normalise(fields.get("RegistrantName")).lower() else "1"


def revert_record_path(source):
    source = str(source)
    if source.endswith(rec.SUFFIX):
        return source[:-len(rec.SUFFIX)] + ".revert" + rec.SUFFIX
    return source + ".revert" + rec.SUFFIX


def read_plan(rows):
    """The ``plan`` option (the ``results`` of a check-mode revert of the same record), checked before any call.

    Returns ``{(domain key, contact type): {"current": fingerprint, "state": domain_state or None}}`` for the rows
    the plan found to revert (``would_change``, ``blocked`` by the domain's state, or ``failed`` only because the
    profile of the old details lacked its verification then: the contact was read all the same, and the profile is
    checked again by the apply); other rows are not taken.
    """
    out = {}
    for n, row in enumerate(rows or [], 1):
        if not isinstance(row, dict):
            raise ConfigurationError("plan row %d: not a dict. Give the results of a check-mode run of "
                                     "alicloud.domain.contacts_revert on the same record." % n)
        if not _read_to_revert(row):
            continue
        where = "plan row %d (%s %s)" % (n, row.get("domain"), row.get("contact_type"))
        key = (v.domain_key(v.domain_name(row.get("domain"), "plan")), v.contact_type(row.get("contact_type")))
        current, state, problem = given_read(row, where)
        if problem:
            raise ConfigurationError(problem)
        out[key] = {"current": current, "state": state}
    return out


PLAN_KEYS = ("domain", "contact_type", "revert", "status", "current", "domain_state")


def taken_plan(rows):
    """Of a plan's rows, those :func:`read_plan` takes, with only the keys it reads (and the error's code): the
    action plugin hands these to the module (``plan_from``), not 12,000 whole result rows (their differences and
    notes), each parsed and copied by the module's argument validation."""
    out = []
    for row in rows:  # dicts: the action plugin refuses any other row (plugin_utils._registered)
        if _read_to_revert(row):
            slim = dict((k, row[k]) for k in PLAN_KEYS if k in row)
            if row.get("error"):  # a row taken failed: ProfileNotVerified
                slim["error"] = {"code": row["error"].get("code")}
            out.append(slim)
    return out


def _read_to_revert(row):
    """Whether a plan row is a contact the plan read and found to revert: ``would_change``, ``blocked`` by the
    domain's state, or ``failed`` only for the verification of the profile of its old details."""
    if row.get("revert") != "to_revert":
        return False
    status = row.get("status")
    return status in ("would_change", "blocked") or (
        status == "failed" and (row.get("error") or {}).get("code") == NOT_VERIFIED)


class Row:
    __slots__ = ("entry", "current", "state", "status", "profile_id", "task_no", "note", "error", "busy", "domain_state",
                 "plan_state")

    def __init__(self, entry):
        self.entry, self.current, self.state, self.status = entry, None, None, None
        self.domain_state = None  # of a domain to revert: read by the plan (check mode) or by the bulk run
        self.plan_state = None  # the domain's state as the plan given read it (the in-flight check while fresh)
        self.profile_id = self.task_no = self.note = self.error = None
        self.busy = False

    @property
    def key(self):
        return (self.entry["domain"], self.entry["contact_type"])

    @property
    def changed(self):
        return self.status in ("would_change", "submitted", "succeeded", "pending", "unknown") or (
            self.status == "failed" and self.task_no is not None)

    @property
    def diffs(self):
        """For the progress counts (``_progress.count_items``): whether the contact is to go back."""
        return self.state == "to_revert"

    def differences(self):
        """The fields (snake_case) in which the contact read differs from its old details."""
        return [c.snake(f) for f in c.differences(self.current, self.entry["before"])]

    def left_alone(self):
        """The row of a contact left alone: why, and what says more (the fields changed since, a running task); a
        revert of thousands lists thousands of them, so none of a result's other fields."""
        out = {"domain": self.entry["domain"], "contact_type": self.entry["contact_type"], "reason": self.state,
               "note": self.note}
        if self.state == "changed_since" and self.current is not None:
            out["differences"] = self.differences()
        if self.state == "running":
            out["task_no"] = self.entry.get("task_no")
        return out

    def result(self):
        out = {"domain": self.entry["domain"], "contact_type": self.entry["contact_type"], "revert": self.state,
               "status": self.status, "changed": self.changed, "task_no": self.task_no, "profile_id": self.profile_id,
               "differences": self.differences() if self.current is not None else [], "error": self.error,
               "current": c.contact_digest(self.current) if self.current is not None else None}
        if self.domain_state is not None:
            out["domain_state"] = self.domain_state
        if self.note:
            out["note"] = self.note
        return out


class Revert:
    def __init__(self, client, source, domains=None, contact_types=None, transfer_lock=False, wait=True,
                 wait_timeout=1800, poll_interval=5.0, concurrency=8, check_mode=False, create_profiles=True, require_verified=True,
                 given=None):
        self.client, self.source = client, source
        self.domains = set(domains) if domains else None
        self.contact_types = set(contact_types) if contact_types else None
        self.transfer_lock, self.wait = bool(transfer_lock), bool(wait)
        self.wait_timeout, self.poll_interval = wait_timeout, poll_interval
        self.concurrency, self.check_mode, self.create_profiles = concurrency, check_mode, create_profiles
        self.require_verified = require_verified
        self.given = given or {}  # read_plan(): the rows a check-mode run found to revert, not read again
        self.warnings, self.profiles = [], []
        self.record = None
        self.progress = None  # a _progress.Progress: its counts are the rows' (classified, to revert, written, done)
        self.known = None  # with many groups: every profile of the account, listed once (_profiles.index_by_details)

    # ------------------------------------------------------------------ classification
    def _classify(self, row):
        entry = row.entry
        outcome = entry.get("outcome")
        if outcome in rec.NOT_CHANGED or (outcome == "failed" and not entry.get("task_no")):
            row.state, row.status = "not_changed_by_run", "unchanged"
            row.note = "this run did not change it (its outcome was %s)" % outcome
            return
        taken = self.given.get((v.domain_key(entry["domain"]), entry["contact_type"]))
        if taken is not None and taken["current"] == c.contact_digest(entry["after"]):
            # the plan read it holding what the run set: to revert, without a second read
            row.current = entry["after"]  # the record's contact fields, shared by equal entries; only read
            row.state, row.status, row.plan_state = "to_revert", "differs", taken["state"]
            return
        try:
            row.current = c.get_contact(self.client, entry["domain"], entry["contact_type"])
            if not c.differences(row.current, entry["before"]):
                if outcome in ("writing", "submitted", "pending", "unknown") and c.read_domain(
                        self.client, entry["domain"])[0]:
                    row.state, row.status, row.busy = "running", "in_flight", True
                    row.note = ("a contact change is still running on the domain (perhaps the run's own, task %s): "
                                "cancel it or let it end, then revert again" % (entry.get("task_no") or "?"))
                    return
                if outcome == "cancelled":
                    row.state, row.status, row.note = "not_changed_by_run", "unchanged", "its task was cancelled"
                    return
                row.state, row.status = "already_reverted", "unchanged"
            elif not c.differences(row.current, entry["after"]):
                row.state, row.status = "to_revert", "differs"  # its status once planned or written
            else:
                row.state, row.status = "changed_since", "unchanged"
                row.note = "changed since the run (it holds neither the old details nor what the run set): left alone"
        except DomainError as err:
            row.state, row.status = "unreadable", "failed"
            row.error = err.to_result().get("error") or {}
            row.error["message"] = str(err)

    def _wait_running(self, rows):
        """With ``wait``: the domains whose change still runs are waited for, then classified again."""
        running = [r for r in rows if r.busy]
        if not running or not self.wait or self.check_mode:
            return
        waiter = TaskWaiter(self.client, timeout=self.wait_timeout, interval=self.poll_interval)
        for row in running:
            try:
                waiter.wait_domain_idle(row.entry["domain"])
            except DomainError:
                continue
            row.busy = False
            row.note = None
            self._classify(row)

    # ------------------------------------------------------------------ profiles
    def _profile_for(self, before, rows):
        """The registrant profile that holds ``before``: found, else created (``None`` in check mode)."""
        fields = c.contact_fields(before)
        if self.known is not None:
            match = self.known.get(c.contact_digest(fields))
            found = [match] if match else []
        else:
            found = profiles.find_matching(self.client, profiles.DesiredProfile(fields))
        if found:
            return found[0], "found"
        if not self.create_profiles:
            raise DomainError("No registrant profile holds the old details of %s; create_profiles is off."
                              % ", ".join("%s %s" % r.key for r in rows[:3]))
        if self.check_mode:
            return None, "would_create"
        # a lost answer is settled by searching, then sent again (up to CREATE_ROUNDS sends): a second identical
        # holder of old details is harmless, a contact left unreverted is not. Only a registrant needs the new
        # profile's statuses. With the account listed (many groups) a lost answer is raised at once:
        # _settle_lost_creates settles them all with one listing a round.
        desired = profiles.DesiredProfile(fields, registrant_type_of(fields))
        profile, found, _request_id = profiles.create(
            self.client, desired, attempts=CREATE_ROUNDS, settle=self.known is None,
            read_back=any(r.entry["contact_type"] == "registrant" for r in rows))
        if found:
            self.warnings.append("The answer to creating a profile for the old details of %s was lost; the profile "
                                 "was found created." % ", ".join("%s %s" % r.key for r in rows[:3]))
        return profile, "created"

    # ------------------------------------------------------------------ the run
    def run(self, record_path=None):
        data = rec.load(self.source, rec.binding_of(self.client))
        entries = [e for e in data["entries"] if (self.domains is None or v.domain_key(e["domain"]) in self.domains)
                   and (self.contact_types is None or e["contact_type"] in self.contact_types)]
        rows = [Row(e) for e in entries]
        if self.progress is not None:
            self.progress.watch(rows)
        with ThreadPoolExecutor(max_workers=max(1, self.concurrency)) as pool:
            list(pool.map(self._classify, rows))
        self._wait_running(rows)
        todo = [r for r in rows if r.state == "to_revert"]
        if todo and not self.check_mode:
            self.record = rec.RunRecord(record_path or revert_record_path(self.source), rec.binding_of(self.client),
                                        kind="revert", reverts=data.get("digest"))
            self.warnings.extend(self.record.warnings)
            self.record.start()
        groups = {}
        for row in todo:
            groups.setdefault(rec.canonical(c.contact_fields(row.entry["before"])), []).append(row)
        plans = []
        if len(groups) > LIST_ALL_FROM:  # one listing of the account's profiles instead of one search per group
            self.known = profiles.index_by_details(self.client, self._digests(groups.values()))

        def resolve(rows_of):
            try:
                profile, how = self._profile_for(rows_of[0].entry["before"], rows_of)
                if profile and not self.check_mode and not all(f in profile for f in c.CONTACT_FIELDS):
                    profile = c.get_profile(self.client, profile["RegistrantProfileId"])  # the writes compare all 16
                # held until the end, one per group (thousands): only what the revert reads of it
                return rows_of, (profiles.trimmed(profile) if profile else profile, how), None
            except DomainError as err:
                return rows_of, (None, None), err

        with ThreadPoolExecutor(max_workers=max(1, self.concurrency)) as pool:  # the groups' profiles side by side
            resolved = list(pool.map(resolve, list(groups.values())))
            resolved = self._settle_lost_creates(pool, resolve, resolved)
        for rows_of, (profile, how), err in resolved:
            if err is not None:
                for row in rows_of:
                    row.status, row.error = "failed", dict(err.to_result().get("error") or {}, message=str(err))
                continue
            pid = profile.get("RegistrantProfileId") if profile else None
            status = (profile or {}).get("RealNameStatus")
            self.profiles.append({"registrant_profile_id": pid, "how": how, "contacts": len(rows_of),
                                  "real_name_status": status})
            email = (profile or {}).get("EmailVerificationStatus")
            missing = ([] if status == "SUCCEED" else ["real-name verification (status %s)" % (status or "NONAUDIT")]) + (
                ["e-mail verification"] if profile is None or email not in (None, "", 1, "1") else [])
            unverified = bool(missing) and any(r.entry["contact_type"] == "registrant" for r in rows_of)
            why = " and ".join(missing)
            if unverified:
                self.warnings.append(
                    "The registrant profile that holds the old details (%s) lacks its %s: a registrant cannot go back "
                    "to it until that is complete. Complete it (Domains > Registrant Profiles in the console, or "
                    "alicloud.domain.email_verification for the address), then run the revert again; the other "
                    "contacts go back now." % (pid or "to be created", why))
            for row in rows_of:
                row.profile_id = pid
                if unverified and self.require_verified and row.entry["contact_type"] == "registrant":
                    row.status = "failed"
                    row.error = {"code": NOT_VERIFIED, "message": "registrant profile %s lacks its %s; "
                                 "complete it, then revert again" % (pid or "(to be created)", why)}
                    continue
                if self.check_mode:
                    row.status = "would_change"
                    row.note = "back to profile %s" % pid if pid else "back to a registrant profile created for it"
            if not self.check_mode:
                for ctype in v.CONTACT_TYPES:
                    same = [r for r in rows_of if r.entry["contact_type"] == ctype and r.status != "failed"]
                    if same:
                        plans.append((profile, ctype, same))
        if self.check_mode:
            self._predict_blocked([r for r in todo if r.status == "would_change"])
        if plans:  # the contacts as classified, kept once for every group's writes
            self.record.keep_planned((r.entry["domain"], r.entry["contact_type"], r.current)
                                     for _p, _t, rows_of in plans for r in rows_of)
        self._apply(plans)
        if any(r.entry["contact_type"] == "registrant" and r.state == "to_revert" for r in rows):
            self.warnings.append(OWNERSHIP_NOTE)
        if self.record is not None:
            self.record.save(complete=True)
        return rows

    @staticmethod
    def _digests(groups):
        """The fingerprints of the old details of ``groups`` (lists of rows): the profiles a listing keeps."""
        return set(c.contact_digest(c.contact_fields(rows_of[0].entry["before"])) for rows_of in groups)

    def _settle_lost_creates(self, pool, resolve, resolved):
        """With the account listed (many groups): the groups whose profile create lost its answer are settled
        together, by listing the account again - a profile created meanwhile is found there - and the others are
        created again; up to :data:`CREATE_ROUNDS` sends in all. One listing for every lost answer of a round, not a
        search by e-mail each (thousands of old details may share an address, and each search read them all)."""
        if self.known is None:  # each create settled its own lost answers (profiles.create)
            return resolved
        for _round in range(1, CREATE_ROUNDS):
            lost = [n for n, (_rows, _got, err) in enumerate(resolved) if isinstance(err, AmbiguousWriteError)]
            if not lost:
                break
            self.known = None  # the last listing is let go before the next one is read
            self.known = profiles.index_by_details(self.client, self._digests(resolved[n][0] for n in lost))
            again = list(pool.map(resolve, [resolved[n][0] for n in lost]))
            found = sum(1 for _rows, (_p, how), _err in again if how == "found")
            if found:
                self.warnings.append("The answers to creating %d registrant profile(s) for old details were lost; "
                                     "%d were found created by listing the account again." % (len(lost), found))
            for n, outcome in zip(lost, again):
                resolved[n] = outcome
        return resolved

    def _predict_blocked(self, rows):
        """Check mode: one QueryDomainByDomainName per domain to revert says what blocks its change (an update
        prohibition lock, expiry, a transfer out, a real-name review), as the forward plan does, so that the role
        can lift the update lock for the revert too. For real, the bulk run reads it right before the write - unless
        it is given this plan: then this read is its in-flight check while fresh (``domain_state.FRESH_SECONDS``)."""
        by_domain = {}
        for row in rows:
            by_domain.setdefault(row.entry["domain"], []).append(row)

        def read(domain):
            try:
                state = ds.domain_state(c.read_domain(self.client, domain)[1])
            except DomainError:
                return  # the write would read it again; the plan stays would_change
            for row in by_domain[domain]:  # the apply given this plan takes the read as its in-flight check
                row.domain_state = state
                if state["blocked_by"]:
                    row.status, row.note = "blocked", ds.blocked_note(domain, state)

        with ThreadPoolExecutor(max_workers=max(1, min(self.concurrency, len(by_domain) or 1))) as pool:
            list(pool.map(read, list(by_domain)))

    def _apply(self, plans):
        """One bulk run (:class:`RevertBulk`) for every contact to go back, each to the profile of its own old details.

        The run's waves change one contact per domain at a time and are waited for as one (a revert of 12,000
        contacts with as many profiles polls each task about once, not once per group); the domains' states are
        read once and shared by their contact types; the contacts as classified are its plan (none is read again).
        """
        if not plans:
            return
        targets, given, by_key = {}, {}, {}
        for profile, _ctype, rows in plans:
            target = (int(profile["RegistrantProfileId"]), profile)
            for row in rows:
                targets[row.key], by_key[row.key] = target, row
                # a domain the plan found blocked is taken as blocked: read again (its update lock may be lifted now)
                blocked = bool(row.plan_state and row.plan_state["blocked_by"])
                given[row.key] = {"current": c.contact_digest(row.current), "state": row.plan_state,
                                  "status": "blocked" if blocked else "would_change",
                                  "diffs": c.differences(row.current, profile)}
        types = [t for t in v.CONTACT_TYPES if any(t == ctype for _p, ctype, _r in plans)]
        plan = ContactPlan(0, types, self.transfer_lock, self.wait, self.wait_timeout, self.poll_interval)
        bulk = RevertBulk(self.client, plan, targets, self.concurrency, self.record, given)
        try:
            items = bulk.run(None)
        except DomainError as err:
            for row in by_key.values():
                row.status, row.error = "failed", dict(err.to_result().get("error") or {}, message=str(err))
            return
        for item in items:
            row = by_key[(item.domain, item.contact_type)]
            row.status, row.task_no, row.note = item.status, item.task_no, item.note
            row.error = item.error
            if item.status == "blocked":
                row.domain_state = item.state
        for err in bulk.wait_errors:
            self.warnings.append("Following a revert task failed, so its outcome was read back: %s" % err)


class RevertBulk(rec.RecordingBulk):
    """The bulk engine of a revert: every (domain, contact type) given goes to its own profile (``targets``:
    key -> ``(profile id, profile)``, profiles found or created beforehand with their 16 fields)."""

    def __init__(self, client, plan, targets, concurrency, record, given):
        super(RevertBulk, self).__init__(client, plan, concurrency, 1, False, record=record, given=given)
        self.targets = targets

    def target(self, item):
        return self.targets[(item.domain, item.contact_type)]

    def load_targets(self):
        """Nothing to read: the profiles were found or created, complete, before the run."""

    def items_for(self, domains):
        return [Item(domain, ctype) for domain, ctype in self.targets]


def revert_result(rows, revert, diff=False):
    results = [r.result() for r in rows if r.state not in LEFT_ALONE]
    left = [r.left_alone() for r in rows if r.state in LEFT_ALONE]
    totals = {"total": len(rows), "changed": sum(1 for r in results if r["changed"])}
    for row in rows:
        totals[row.state] = totals.get(row.state, 0) + 1
    for row in results:
        totals["status_" + row["status"]] = totals.get("status_" + row["status"], 0) + 1
    out = {"results": results, "left_alone": left, "totals": totals, "profiles": revert.profiles,
           "changed": totals["changed"] > 0}
    if revert.record is not None:
        out["record"] = rec.summary(revert.record)
    if diff:
        out["diff"] = [{"before": c.snake_dict(c.contact_fields(r.current)),
                        "after": c.snake_dict(c.contact_fields(r.entry["before"])),
                        "before_header": "%s contact of %s" % (r.entry["contact_type"], r.entry["domain"]),
                        "after_header": "%s contact of %s" % (r.entry["contact_type"], r.entry["domain"])}
                       for r in rows if r.state == "to_revert" and r.current is not None]
    return out
