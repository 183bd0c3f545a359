# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.domain contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The rows of a many-domain run: one Item per (domain, contact type), the module's result, and the ``plan`` option.

A check-mode run's ``results`` are the rows an apply run may take as its plan (``read_plan``): they are checked
here, before any call, so that a plan made for another profile or other contact types is refused.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.alicloud.domain.plugins.module_utils._contacts import contact as c
from ansible_collections.alicloud.domain.plugins.module_utils._contacts import domain_state as ds
from ansible_collections.alicloud.domain.plugins.module_utils import _validation as v
from ansible_collections.alicloud.domain.plugins.module_utils._contacts.engine import contact_diff
from ansible_collections.alicloud.domain.plugins.module_utils._api.errors import ConfigurationError, DomainError

# unknown: a task of this run whose outcome could not be read, and the contact read back does not show it
# blocked: the domain's state refuses a contact change (domain_state.blocked_by); never written
STATUSES = ("unchanged", "would_change", "submitted", "succeeded", "in_flight", "pending", "failed", "unknown",
            "blocked")
# the statuses of a check-mode run: what a plan row may hold
PLAN_STATUSES = ("unchanged", "would_change", "in_flight", "blocked", "failed")


class Row:
    """What every row of a many-domain run shares (a contact in ``contacts``, a lock in ``domain_lock``)."""

    __slots__ = ("domain", "status", "task_no", "error", "note", "awaited", "verify")
    CHANGED = ("would_change", "submitted", "succeeded", "pending", "unknown")

    @property
    def changed(self):
        """Whether this run submitted (or in check mode would submit) a change: a task of its own, even one
        that failed, counts; a task of another run that this run only waited for does not."""
        return self.status in self.CHANGED or (
            self.status == "failed" and self.task_no is not None and not self.awaited)

    def fail(self, err):
        self.status = "failed"
        self.error = err.to_result().get("error") or {}
        self.error["message"] = str(err)


class PooledRun:
    """Runs a step over the rows on ``self.pool``; a row's DomainError lands on the row, never stops the others."""

    pool = None

    @staticmethod
    def _guarded(fn, item):
        try:
            fn(item)
        except DomainError as err:
            item.fail(err)

    def _each(self, fn, items):
        """Run ``fn(item)`` for every item on the pool; per-item errors land on the item."""
        list(self.pool.map(lambda item: self._guarded(fn, item), items))


class Item(Row):
    """The state of one (domain, contact type) through a run."""

    __slots__ = ("contact_type", "current", "diffs", "digest", "state", "read_back", "rewritten")

    def __init__(self, domain, contact_type):
        self.domain, self.contact_type = domain, contact_type
        self.current, self.diffs, self.task_no, self.error, self.note = None, [], None, None, None
        self.status = "new"
        self.awaited = False  # a change in flight that this run waited for
        self.verify = False  # a task found after a lost answer: its success is checked by reading the contact
        self.digest = None  # contact.contact_digest of the contact as read (or as the plan read it)
        self.state = None  # the domain_state of a domain that differs
        self.read_back = False  # succeeded as read back from the contact after its task: already verified
        self.rewritten = False  # written again after its lost writes were found not made (at most once)

    def result(self, profile_id=None):
        out = {"domain": self.domain, "contact_type": self.contact_type, "changed": self.changed,
               "status": self.status, "task_no": self.task_no, "differences": [c.snake(f) for f in self.diffs],
               "error": self.error, "registrant_profile_id": profile_id, "current": self.digest,
               "verified": self.read_back}
        if self.state is not None:
            out["domain_state"] = self.state
        if self.note:
            out["note"] = self.note
        return out


def _plan_error(n, row, text):
    where = "plan row %d" % n
    if isinstance(row, dict) and row.get("domain") and row.get("contact_type"):
        where += " (%s %s)" % (row.get("domain"), row.get("contact_type"))
    return ConfigurationError("%s: %s. Give the results of a check-mode run of alicloud.domain.contacts with the same "
                              "registrant_profile_id and contact_types." % (where, text))


def given_read(row, where, state_required=False):
    """``(current, domain_state, problem)`` of a plan row: the fingerprint of the contact it read and the state of the
    domain it read (``None`` when the row has none and none is required), checked; a problem names ``where``.
    Shared by the plans of ``contacts`` and ``contacts_revert``."""
    if not c.is_digest(row.get("current")):
        return None, None, "%s: 'current' (the fingerprint of the contact the plan read) is missing or bad" % where
    if row.get("domain_state") is None and not state_required:
        return row["current"], None, None
    state, problem = ds.validate(row.get("domain_state"), where)
    return row["current"], state, problem


def read_plan(rows, profile_id, contact_types):
    """Check the ``plan`` option (the ``results`` of a check-mode run) before any call.

    Returns ``{(domain, contact_type): row}`` with the names canonical, ``differences`` as API field names and
    ``domain_state`` checked. A plan made for another profile or other contact types is refused.
    """
    out, types = {}, set()
    for n, row in enumerate(rows or [], 1):
        if not isinstance(row, dict):
            raise _plan_error(n, None, "not a dict")
        missing = [k for k in ("domain", "contact_type", "status", "registrant_profile_id") if row.get(k) in (None, "")]
        if missing:
            raise _plan_error(n, row, "%s missing" % ", ".join(missing))
        domain = v.domain_name(row["domain"], "plan")
        if str(row["registrant_profile_id"]).strip() != str(profile_id):
            raise _plan_error(n, row, "the plan was made for registrant profile %s, not %s"
                              % (row["registrant_profile_id"], profile_id))
        ctype = row["contact_type"]
        if ctype not in contact_types:
            raise _plan_error(n, row, "the plan was made for contact type %s, which this run (%s) does not include"
                              % (ctype, ", ".join(contact_types)))
        types.add(ctype)
        status = row["status"]
        if status not in PLAN_STATUSES:
            raise _plan_error(n, row, "status %s is not a check-mode status (%s)" % (status, ", ".join(PLAN_STATUSES)))
        entry = {"status": status, "current": None, "diffs": [], "state": None}
        if status in ("unchanged", "would_change", "blocked"):
            entry["current"], entry["state"], problem = given_read(row, "plan row %d" % n, status == "blocked")
            if problem:
                raise _plan_error(n, row, problem)
            diffs = row.get("differences") or []
            if not isinstance(diffs, list) or any(d not in c.FIELDS_BY_SNAKE for d in diffs):
                raise _plan_error(n, row, "'differences' must list contact field names")
            entry["diffs"] = [c.FIELDS_BY_SNAKE[d] for d in diffs]
            if status != "unchanged" and not entry["diffs"]:
                raise _plan_error(n, row, "a row with status %s names no differences" % status)
        out.setdefault((domain, ctype), entry)
    if out and types != set(contact_types):
        raise ConfigurationError("The plan was made for contact types %s; this run is for %s. Give the results of a "
                                 "check-mode run with the same contact_types."
                                 % (", ".join(sorted(types)), ", ".join(contact_types)))
    return out


def totals_of(items, statuses):
    """How many rows per status (every one of ``statuses`` present), ``total`` and ``changed``."""
    totals = dict((s, 0) for s in statuses)
    for item in items:
        totals[item.status] = totals.get(item.status, 0) + 1
    totals["total"] = len(items)
    totals["changed"] = sum(1 for i in items if i.changed)
    return totals


def contacts_result(items, profile, diff=False, profile_id=None):
    """The module result: one entry per item, totals per status, and the diff of what differs."""
    out = {"results": [i.result(profile_id) for i in items], "totals": totals_of(items, STATUSES)}
    if diff:
        out["diff"] = [contact_diff(i.domain, i.contact_type, i.current, profile, i.diffs)
                       for i in items if i.diffs and i.current is not None]
    return out


def settle(result, wait_errors, check_mode, fail_on_error):
    """Add the run's warnings to ``result``; with ``fail_on_error``, raise when a contact failed or is unknown."""
    blocked = [r for r in result["results"] if r["status"] == "blocked"]
    if blocked:
        result["warnings"].append("%d contact(s) blocked, %s; first: %s" % (
            len(blocked), "nothing would be submitted for them" if check_mode else "not written",
            blocked[0].get("note")))
    if wait_errors:
        result["warnings"].append("Following %d task(s) failed, so their outcome was read back from the contacts "
                                  "instead; first: %s" % (len(wait_errors), wait_errors[0]))
    if fail_on_error:
        problems = []
        failed, unknown = result["totals"]["failed"], result["totals"]["unknown"]
        if failed:
            first = next(r for r in result["results"] if r["status"] == "failed")
            problems.append("%d of %d contact(s) failed; first: %s %s: %s" % (
                failed, result["totals"]["total"], first["domain"], first["contact_type"],
                (first["error"] or {}).get("message")))
        if unknown:
            first = next(r for r in result["results"] if r["status"] == "unknown")
            problems.append("the outcome of %d submitted change(s) is unknown; first: %s %s: %s" % (
                unknown, first["domain"], first["contact_type"], first.get("note")))
        if wait_errors:
            problems.append("%d task(s) could not be followed to the end; first: %s"
                            % (len(wait_errors), wait_errors[0]))
        if problems:
            raise DomainError("; ".join(problems), result)
