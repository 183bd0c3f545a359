# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.domain contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What one QueryDomainByDomainName says about writing a domain's contacts: the one rule of ``domain_state``.

``domain_state(record)`` -> ``{update_lock, transfer_lock, in_flight, blocked_by, read_at}``:

* ``update_lock`` / ``transfer_lock``: ``UpdateProhibitionLock`` / ``TransferProhibitionLock`` is ``OPEN``;
* ``in_flight``: ``RegistrantUpdatingStatus`` is ``PENDING`` (a contact change is being processed);
* ``blocked_by``: why the service (and the console's batch ownership change) refuses a contact change, in this
  order - ``update_lock`` (the update prohibition lock is on), ``expired`` (``ExpirationDateStatus`` 2 or
  ``DomainStatus`` 2 - redemption; the service's word, not the controller's clock), ``transfer_out``
  (``TransferOutStatus`` ``PENDING``), ``real_name_review`` (the domain's ``DomainNameVerificationStatus`` or
  ``RealNameStatus`` is ``AUDITING``). The response model has no field for arbitration or a frozen domain
  (``serverHold``), so neither can be told from this read: the service's own refusal reports them.
* ``read_at``: when the domain was read (epoch seconds on the controller), so that a later run given this
  state (a plan) can tell whether the read still counts as the in-flight check (:data:`FRESH_SECONDS`).

A transfer prohibition lock does not stop a contact change, so it is shown but never blocks.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import time

# how long (seconds) a read of the domain that found no change in flight counts as the in-flight check before a write
FRESH_SECONDS = 300.0
BLOCKERS = ("update_lock", "expired", "transfer_out", "real_name_review")
REASONS = {
    "update_lock": "its update prohibition lock is on",
    "expired": "it has expired",
    "transfer_out": "a transfer out is in progress",
    "real_name_review": "its real-name verification is under review",
}


def _text(value):
    return "" if value is None else str(value).strip().upper()


def _expired(record):
    """The service's word (not our clock): ExpirationDateStatus 2 (expired) or DomainStatus 2 (redemption)."""
    return _text(record.get("ExpirationDateStatus")) == "2" or _text(record.get("DomainStatus")) == "2"


def domain_state(record, read_at=None):
    """The state of a domain from its QueryDomainByDomainName answer (see the module docstring)."""
    record = record or {}
    read_at = time.time() if read_at is None else read_at
    checks = {
        "update_lock": _text(record.get("UpdateProhibitionLock")) == "OPEN",
        "expired": _expired(record),
        "transfer_out": _text(record.get("TransferOutStatus")) == "PENDING",
        "real_name_review": "AUDITING" in (_text(record.get("DomainNameVerificationStatus")),
                                           _text(record.get("RealNameStatus"))),
    }
    return {"update_lock": checks["update_lock"],
            "transfer_lock": _text(record.get("TransferProhibitionLock")) == "OPEN",
            "in_flight": _text(record.get("RegistrantUpdatingStatus")) == "PENDING",
            "blocked_by": [b for b in BLOCKERS if checks[b]],
            "read_at": round(float(read_at), 3)}


def idle_state(state, at=None):
    """``state`` after a change of this run on the domain was seen to finish: nothing in flight, known ``at``."""
    out = dict(state or {"update_lock": False, "transfer_lock": False, "blocked_by": []})
    out.update(in_flight=False, read_at=round(time.time() if at is None else at, 3))
    return out


def fresh(state, now=None, bound=FRESH_SECONDS):
    """Whether ``state`` was read no longer than ``bound`` seconds ago (and not in the future)."""
    try:
        age = (time.time() if now is None else now) - float((state or {}).get("read_at"))
    except (TypeError, ValueError):
        return False
    return -5.0 <= age <= bound


def blocked_only_by_lock(state):
    return list((state or {}).get("blocked_by") or []) == ["update_lock"]


def blocked_note(domain, state):
    """Why a change of ``domain`` is not written (no personal data: the domain name and the reasons)."""
    reasons = [REASONS.get(b, b) for b in (state or {}).get("blocked_by") or []]
    return "not written: %s is blocked (%s): %s" % (domain, ", ".join((state or {}).get("blocked_by") or []),
                                                    "; ".join(reasons))


def validate(state, where):
    """A ``domain_state`` given back in a plan row, checked; returns ``(state, problem)``."""
    if not isinstance(state, dict):
        return None, "%s: domain_state must be a dict" % where
    blocked = state.get("blocked_by")
    if not isinstance(blocked, list) or any(b not in BLOCKERS for b in blocked):
        return None, "%s: domain_state.blocked_by must be a list of %s" % (where, ", ".join(BLOCKERS))
    out = {"update_lock": bool(state.get("update_lock")), "transfer_lock": bool(state.get("transfer_lock")),
           "in_flight": bool(state.get("in_flight")), "blocked_by": list(blocked)}
    try:
        out["read_at"] = float(state.get("read_at"))
    except (TypeError, ValueError):
        out["read_at"] = None  # never fresh: the domain is read again before a write
    return out, None
