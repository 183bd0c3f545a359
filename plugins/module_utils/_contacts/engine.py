# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.domain contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The decision for one (domain, contact type): read, compare, at most one write, optional wait."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.alicloud.domain.plugins.module_utils._contacts import contact as c
from ansible_collections.alicloud.domain.plugins.module_utils._contacts import domain_state as ds
from ansible_collections.alicloud.domain.plugins.module_utils import _validation as v
from ansible_collections.alicloud.domain.plugins.module_utils._api.errors import ConfigurationError, DomainError
from ansible_collections.alicloud.domain.plugins.module_utils._tasks import (
    FAILURE, TaskFailed, TaskWaiter, WaitTimeout, failure_reason)


class ContactPlan:
    """Validated options shared by every (domain, contact type) of a run; reads the profile once."""

    def __init__(self, profile_id, contact_types, transfer_lock, wait, wait_timeout, poll_interval):
        self.profile_id = profile_id
        self.contact_types = contact_types
        self.transfer_lock = transfer_lock
        self.wait = wait
        self.wait_timeout = wait_timeout
        self.poll_interval = poll_interval
        self.profile = None

    @classmethod
    def from_params(cls, profile_id, contact_types, transfer_lock=False, wait=False, wait_timeout=600,
                    poll_interval=2.0):
        profile_id = v.positive_int(profile_id, "registrant_profile_id")
        types = v.contact_types(contact_types)
        if transfer_lock and "registrant" not in types:
            raise ConfigurationError("transfer_lock only applies to a registrant change; remove it or include "
                                     "the registrant contact type.")
        v.number_in_range(wait_timeout, "wait_timeout", 1, 86400)
        v.number_in_range(poll_interval, "poll_interval", 0.01, 300)
        return cls(profile_id, types, bool(transfer_lock), bool(wait), wait_timeout, poll_interval)

    def load_profile(self, client):
        if self.profile is None:
            self.profile = c.get_profile(client, self.profile_id)
        return self.profile

    def waiter(self, client, mapper=map):
        return TaskWaiter(client, timeout=self.wait_timeout, interval=self.poll_interval, mapper=mapper)

    def profile_summary(self):
        out = c.snake_dict(c.contact_fields(self.profile))
        out["registrant_profile_id"] = self.profile_id
        out["real_name_status"] = self.profile.get("RealNameStatus")
        out["email_verification_status"] = self.profile.get("EmailVerificationStatus")
        return out

    def warnings_for(self, contact_type):
        status = self.profile.get("RealNameStatus")
        if contact_type == "registrant" and status not in (None, "SUCCEED"):
            return ["Registrant profile %s has real-name status %s; a registrant change to it is likely to fail. "
                    "Complete its real-name verification first." % (self.profile_id, status)]
        return []


def contact_diff(domain, contact_type, current, profile, diffs):
    before = c.snake_dict(c.contact_fields(current))
    after = c.snake_dict(c.contact_fields(profile)) if diffs else before
    label = "%s contact of %s" % (contact_type, domain)
    return {"before": before, "after": after, "before_header": label, "after_header": label}


def detail_for(details, domain):
    """The detail of ``domain`` among a task's details (names compared in canonical form), or ``None``."""
    key = v.domain_key(domain)
    for detail in details or []:
        if v.domain_key(detail.get("DomainName")) == key:
            return detail
    return None


def _follow(client, plan, domain, contact_type, sub, profile, result):
    """Wait for the task of ``sub`` and put its outcome in ``result``, as read back from the service.

    A finished detail for ``domain`` tells success or failure (a task found after a lost answer is also
    checked by reading the contact back). With no detail for the domain, or when the polls failed, the
    contact and the domain are read again: the outcome is what that read shows.
    """
    problem = None
    if sub.task_no:
        try:
            details = plan.waiter(client).wait([sub.task_no], {sub.task_no: domain})[sub.task_no]
        except WaitTimeout as err:
            result.update(status="pending", pending_tasks=list(err.pending))
            raise DomainError(str(err), result)
        except DomainError as err:
            problem = "its outcome could not be read (%s)" % err
        else:
            detail = detail_for(details, domain)
            if detail is None:
                problem = "task %s has no detail for %s" % (sub.task_no, domain)
            else:
                result["task"] = c.snake_dict(detail)
                if detail.get("TaskStatusCode") == FAILURE:
                    result["status"] = "failed"
                    raise TaskFailed("Task %s to change the %s contact of %s failed: %s"
                                     % (sub.task_no, contact_type, domain, failure_reason(detail)), result)
                if sub.status != "recovered":
                    result["status"] = "succeeded"
                    return result
                problem = "task %s was found after a lost answer" % sub.task_no
    else:
        try:
            plan.waiter(client).wait_domain_idle(domain)
        except DomainError as err:
            problem = "the change could not be followed (%s)" % err
        else:
            problem = "the answer to the write was lost and its task number is not known"
    status, note = c.read_back(client, domain, contact_type, profile)
    result["status"] = status
    message = "The %s contact change of %s (task %s): %s; %s." % (
        contact_type, domain, sub.task_no or "not known", problem, note)
    if status == "succeeded":
        result["warnings"].append(message)
        return result
    raise DomainError(message, result)


def ensure_contact(client, plan, domain, contact_type, instance_id=None, check_mode=False, diff=False):
    """Return the module result for one contact of one domain."""
    domain = v.domain_name(domain)
    contact_type = v.contact_type(contact_type)
    profile = plan.load_profile(client)
    current = c.get_contact(client, domain, contact_type)
    diffs = c.differences(current, profile)
    result = {
        "changed": False, "status": "unchanged", "domain_name": domain, "contact_type": contact_type,
        "differences": [c.snake(f) for f in diffs], "contact": c.snake_dict(c.contact_fields(current)),
        "profile": plan.profile_summary(), "warnings": plan.warnings_for(contact_type) if diffs else [],
    }
    if diff:
        result["diff"] = contact_diff(domain, contact_type, current, profile, diffs)
    if not diffs:
        return result
    # one read of the domain (right before the write) is both the in-flight check and what may block the change
    record = c.read_domain(client, domain)[1]
    state = result["domain_state"] = ds.domain_state(record)
    if state["blocked_by"]:
        result.update(status="blocked")
        message = "The %s contact of %s is %s" % (contact_type, domain, ds.blocked_note(domain, state))
        if check_mode:
            result["warnings"].append(message + "; nothing would be submitted.")
            return result
        raise DomainError(message + ". Nothing was submitted.", result)
    if check_mode:
        if state["in_flight"]:
            result.update(status="in_flight")
            result["warnings"].append("A contact change is already being processed for %s; nothing would be "
                                      "submitted now." % domain)
        else:
            result.update(changed=True, status="would_change")
        return result

    for _round in (1, 2):
        # the in-flight check is the read above (first round) or a read right before the write (after waiting);
        # without waiting, a change found in flight is answered with its task number (to wait for it later)
        sub = c.submit_contact_change(client, domain, contact_type, plan.profile_id, plan.transfer_lock,
                                      instance_id, profile=profile, name_task=not plan.wait,
                                      domain_record=record if _round == 1 else None)
        result.update(task_no=sub.task_no, request_id=sub.request_id)
        if sub.status != "in_flight":
            break
        if not plan.wait:
            result.update(status="in_flight")
            result["warnings"].append("%s%s; nothing was submitted. Run again later, or with wait=true."
                                      % (sub.note, " (task %s)" % sub.task_no if sub.task_no else ""))
            return result
        # wait for the change in flight (not ours: it changes nothing in this result), then decide again
        waiter = plan.waiter(client)
        if sub.task_no:
            waiter.wait([sub.task_no], {sub.task_no: domain})
        else:
            waiter.wait_domain_idle(domain)
        if not c.differences(c.get_contact(client, domain, contact_type), profile):
            result.update(status="unchanged", task_no=sub.task_no)
            return result
    else:
        raise DomainError("%s is still busy with another contact change after waiting; nothing was submitted."
                          % domain, result)

    if sub.status == "recovered":
        result["warnings"].append(sub.note)
    result.update(changed=True, status="submitted")
    if plan.wait:
        return _follow(client, plan, domain, contact_type, sub, profile, result)
    return result
