# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.domain contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Read, compare, and at most one write: the contact of one domain against one registrant profile.

No API returns the profile bound to a domain, so the decision compares the 16 fields that
QueryContactInfo and QueryRegistrantProfiles share, after normalisation.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import calendar
import hashlib
import re
import time

from ansible_collections.alicloud.domain.plugins.module_utils._api.errors import (
    AmbiguousWriteError, ApiError, DomainError)
from ansible_collections.alicloud.domain.plugins.module_utils._validation import domain_key

CONTACT_FIELDS = (
    "Address", "City", "Country", "Email", "PostalCode", "Province", "RegistrantName",
    "RegistrantOrganization", "TelArea", "TelExt", "Telephone", "ZhAddress", "ZhCity", "ZhProvince",
    "ZhRegistrantName", "ZhRegistrantOrganization",
)
SAVE_ACTION = "SaveSingleTaskForUpdatingContactInfo"
BUSY_CODE = "TaskIsBeingProcessed"
CONTACT_TASK_TYPES = ("CHG_HOLDER", "UPDATE_REGISTRANT_CONTACT", "UPDATE_ADMIN_CONTACT",
                      "UPDATE_BILLING_CONTACT", "UPDATE_TECH_CONTACT")
TASK_TYPES_BY_CONTACT = {"registrant": ("CHG_HOLDER", "UPDATE_REGISTRANT_CONTACT"), "admin": ("UPDATE_ADMIN_CONTACT",),
                         "billing": ("UPDATE_BILLING_CONTACT",), "tech": ("UPDATE_TECH_CONTACT",)}
_FIRST_CAP = re.compile(r"(.)([A-Z][a-z]+)")
_ALL_CAP = re.compile(r"([a-z0-9])([A-Z])")


class ProfileNotFound(DomainError):
    pass


def snake(name):
    return _ALL_CAP.sub(r"\1_\2", _FIRST_CAP.sub(r"\1_\2", name)).lower()


def snake_dict(data):
    """``{"ZhRegistrantName": x}`` -> ``{"zh_registrant_name": x}``, recursively."""
    if isinstance(data, dict):
        return dict((snake(k), snake_dict(v)) for k, v in data.items())
    if isinstance(data, list):
        return [snake_dict(v) for v in data]
    return data


def normalise(value):
    """Absent, ``None`` and ``""`` are the same value; surrounding whitespace does not count."""
    if value is None:
        return ""
    return str(value).strip()


def contact_fields(record):
    return dict((f, normalise(record.get(f))) for f in CONTACT_FIELDS)


def differences(current, wanted):
    """Names of the shared fields whose normalised values differ."""
    return [f for f in CONTACT_FIELDS if normalise(current.get(f)) != normalise(wanted.get(f))]


FIELDS_BY_SNAKE = dict((snake(f), f) for f in CONTACT_FIELDS)


def contact_digest(record):
    """A fingerprint of the 16 shared fields after normalisation (32 hex digits of SHA-256), not the values.

    Two records have the same fingerprint exactly when :func:`differences` finds none between them, so a plan row
    can carry what the contact held (``current``) without carrying personal data.
    """
    text = u"\x1f".join(normalise(record.get(f)) for f in CONTACT_FIELDS)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def is_digest(value):
    """Whether ``value`` has the form of a :func:`contact_digest` (as a plan row gives it back)."""
    return isinstance(value, str) and len(value) == 32 and all(ch in "0123456789abcdef" for ch in value)


def _query_profile(client, profile_id):
    body = client.call("QueryRegistrantProfiles", {"RegistrantProfileId": int(profile_id), "PageNum": 1,
                                                   "PageSize": 10})
    for profile in (body.get("RegistrantProfiles") or {}).get("RegistrantProfile") or []:
        if str(profile.get("RegistrantProfileId")) == str(profile_id):
            return profile, body.get("RequestId")
    return None, body.get("RequestId")


def find_profile(client, profile_id):
    """The registrant profile with ``profile_id`` (raw API dict), or ``None``."""
    return _query_profile(client, profile_id)[0]


def get_profile(client, profile_id):
    """The registrant profile with ``profile_id``; a missing one is a clear error."""
    profile, request_id = _query_profile(client, profile_id)
    if profile is None:
        raise ProfileNotFound("Registrant profile %s does not exist in this account (QueryRegistrantProfiles "
                              "RequestId %s). List them with alicloud.domain.registrant_profile_info."
                              % (profile_id, request_id))
    return profile


def get_contact(client, domain, contact_type):
    body = client.call("QueryContactInfo", {"DomainName": domain, "ContactType": contact_type})
    return dict((k, v) for k, v in body.items() if k != "RequestId")


def is_busy(domain_record):
    return (domain_record or {}).get("RegistrantUpdatingStatus") == "PENDING"


def read_domain(client, domain):
    """``(busy, record)``: whether a contact change is in flight on ``domain``, and its QueryDomainByDomainName."""
    record = client.call("QueryDomainByDomainName", {"DomainName": domain})
    return is_busy(record), record


# the newest tasks of the account looked at for a task still running or one a lost answer created (one page)
TASK_PAGE = 50


def newest_tasks(client, max_tasks=TASK_PAGE):
    """The newest tasks of the account, of every type: one QueryTaskList page."""
    body = client.call("QueryTaskList", {"PageNum": 1, "PageSize": max_tasks})
    return (body.get("Data") or {}).get("TaskInfo") or []


def recent_tasks(client, task_types=CONTACT_TASK_TYPES, max_tasks=TASK_PAGE):
    """The newest tasks of the account (one QueryTaskList page) whose type is one of ``task_types``."""
    return [t for t in newest_tasks(client, max_tasks) if t.get("TaskType") in task_types]


class KnownTasks(dict):
    """``{TaskNo: domain keys}`` of the tasks a run knows the domains of: those it created (:meth:`own`) and single
    tasks a search read once (:meth:`learn`). A search of the running tasks (:func:`tasks_in_flight`,
    ``_locks.lock_tasks_in_flight``) reads no detail of a single task it knows: a run of thousands of single tasks
    would otherwise read up to a page of details per lost answer."""

    def own(self, task_no, domains):
        if task_no:
            self[task_no] = tuple(sorted(set(domain_key(d) for d in domains)))

    def learn(self, task, details):
        """A single task's domain, from its one detail read without a domain filter."""
        if str(task.get("TaskNum")) == "1" and len(details) == 1 and details[0].get("DomainName"):
            self[task.get("TaskNo")] = (domain_key(details[0].get("DomainName")),)

    def single_domain(self, task):
        """The domain key of ``task`` when it is a single task known, else ``None``."""
        names = self.get(task.get("TaskNo"))
        return names[0] if names is not None and len(names) == 1 else None


def tasks_in_flight(client, domain, max_tasks=TASK_PAGE, first_only=False, task_types=CONTACT_TASK_TYPES, sent_at=None,
                    known=None):
    """``(TaskNo, TaskType)`` of the contact changes still running on ``domain`` (newest tasks first).

    With ``sent_at``, only the tasks the service created after that time (see :func:`created_since`).
    Costs one QueryTaskList plus one QueryTaskDetailList per unfinished contact task: only used
    when the domain is known to be busy or a write's answer was lost. ``known`` (:class:`KnownTasks`): no detail of
    a known single task, nor of a known batch that does not name ``domain``, is read; a single task read here is
    learnt.
    """
    found, key = [], domain_key(domain)
    tasks = recent_tasks(client, task_types, max_tasks=max_tasks)
    since = created_since(tasks, sent_at) if sent_at is not None else {}
    for task in tasks:
        if task.get("TaskStatusCode") == 3:  # task level: complete
            continue
        if sent_at is not None and not since.get(task.get("TaskNo")):
            continue
        names = known.get(task.get("TaskNo")) if known is not None else None
        if names is not None and (key not in names or len(names) == 1):
            if key in names:  # a single task of the caller's on this domain, not complete: it runs
                found.append((task.get("TaskNo"), task.get("TaskType")))
                if first_only:
                    return found
            continue
        params = {"TaskNo": task.get("TaskNo"), "PageNum": 1, "PageSize": 10}
        if str(task.get("TaskNum")) != "1":
            params["DomainName"] = domain  # a single task's one detail is read whole: it says whose it is
        details = (client.call("QueryTaskDetailList", params).get("Data") or {}).get("TaskDetail") or []
        if known is not None:
            known.learn(task, details)
        for detail in details:
            if domain_key(detail.get("DomainName")) == key and detail.get("TaskStatusCode") in (0, 1):
                found.append((task.get("TaskNo"), task.get("TaskType")))
                if first_only:
                    return found
                break
    return found


def find_task_in_flight(client, domain, max_tasks=TASK_PAGE, known=None):
    """The task number of a contact change still running on ``domain``, or ``None`` if none is found."""
    found = tasks_in_flight(client, domain, max_tasks, first_only=True, known=known)
    return found[0][0] if found else None


# A task found after a lost answer is ours only if the service created it after the send. The service's
# CreateTime ("YYYY-MM-DD HH:MM:SS") is read as UTC; clocks may disagree by this many seconds either way.
CLOCK_SKEW = 60.0
_TIME_FORMAT = "%Y-%m-%d %H:%M:%S"


def task_created(task):
    """A task's CreateTime as epoch seconds (read as UTC), or ``None`` when it cannot be read."""
    value = task.get("CreateTimeLong")
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value / 1000.0
    try:
        return float(calendar.timegm(time.strptime(str(task.get("CreateTime") or "").strip(), _TIME_FORMAT)))
    except (TypeError, ValueError, OverflowError):
        return None


def created_since(tasks, sent_at, now=None):
    """``{TaskNo: True/False/None}``: whether each task was created after ``sent_at`` (``None``: cannot tell).

    The times cannot tell when a CreateTime is unreadable, or when any task of the page seems to have been
    created more than :data:`CLOCK_SKEW` seconds in the future (the service's clock or time zone does not
    agree with ours); then only a read of the contacts can tell.
    """
    now = time.time() if now is None else now
    times = dict((t.get("TaskNo"), task_created(t)) for t in tasks)
    if any(created is not None and created > now + CLOCK_SKEW for created in times.values()):
        return dict((no, None) for no in times)
    return dict((no, None if created is None else created >= sent_at - CLOCK_SKEW) for no, created in times.items())


def reaches_back(page, since, max_tasks=TASK_PAGE):
    """Whether a page of the newest tasks (:func:`newest_tasks`) holds every task created since a send, ``since``
    being :func:`created_since` of that page: each task's age can be told, and the page is not full or its oldest
    task is older than the send."""
    if any(created is None for created in since.values()):
        return False
    return len(page) < max_tasks or any(created is False for created in since.values())


def read_back(client, domain, contact_type, profile):
    """``(status, note)`` for a change whose task outcome is unknown, from what the service shows now.

    ``succeeded`` only if the contact now matches ``profile`` (a registrant profile dict); ``pending`` if a contact change still runs on
    the domain; else ``unknown``. Costs one QueryContactInfo, plus one QueryDomainByDomainName if it differs.
    """
    try:
        if not differences(get_contact(client, domain, contact_type), profile):
            return "succeeded", "the contact read back matches the profile"
        busy = read_domain(client, domain)[0]
    except DomainError as err:
        return "unknown", "reading the contact back failed too (%s)" % err
    if busy:
        return "pending", "a contact change is still being processed for the domain"
    return "unknown", "the contact read back does not match the profile and no change is running"


class Submission:
    """What happened to one write: ``status`` is submitted, in_flight or recovered."""

    __slots__ = ("status", "task_no", "request_id", "note")

    def __init__(self, status, task_no=None, request_id=None, note=None):
        self.status, self.task_no, self.request_id, self.note = status, task_no, request_id, note


def submit_contact_change(client, domain, contact_type, profile_id, transfer_lock=False, instance_id=None,
                          profile=None, check_first=True, name_task=False, domain_record=None, known=None):
    """Submit one contact change, exactly once.

    * right before the write (``check_first``), one QueryDomainByDomainName (or ``domain_record``, that read made
      by the caller just before): a domain with a contact change in flight (RegistrantUpdatingStatus PENDING) is
      not written (status ``in_flight``; its task number is looked up only with ``name_task``);
    * ``TaskIsBeingProcessed``: a change is in flight; nothing is submitted (status ``in_flight``).
    * the answer was lost (timeout, dropped connection, 5xx): the domain is read again; if a change is
      now running or the contact already matches ``profile``, the lost write was carried out
      (status ``recovered``); only if neither is true is it submitted a second time. If that second copy
      is refused with ``TaskIsBeingProcessed``, a task of this contact type created on the domain after
      the first send is the first copy, carried out late (``recovered``); else ``in_flight``.
    * ``known``: the caller's own tasks (see :func:`tasks_in_flight`), whose details a search need not read.
    """
    params = {"DomainName": domain, "ContactType": contact_type, "RegistrantProfileId": int(profile_id)}
    if contact_type == "registrant":
        params["AddTransferLock"] = bool(transfer_lock)
    if instance_id:
        params["InstanceId"] = instance_id
    if check_first:
        busy, record = read_domain(client, domain) if domain_record is None else (is_busy(domain_record), domain_record)
        if busy:
            return Submission("in_flight", find_task_in_flight(client, domain, known=known) if name_task else None,
                              record.get("RequestId"),
                              "a contact change is already being processed for %s" % domain)
    sent_at = time.time()
    for attempt in (1, 2):
        try:
            body = client.call(SAVE_ACTION, params)
            return Submission("submitted", body.get("TaskNo"), body.get("RequestId"))
        except ApiError as err:
            if err.code == BUSY_CODE:
                if attempt == 2:  # the first copy, whose answer was lost, may have been carried out meanwhile
                    own = tasks_in_flight(client, domain, first_only=True, sent_at=sent_at,
                                          task_types=TASK_TYPES_BY_CONTACT.get(contact_type, ()), known=known)
                    if own:
                        return Submission("recovered", own[0][0], err.request_id,
                                          "the answer to %s was lost; the change was found running" % SAVE_ACTION)
                return Submission("in_flight", find_task_in_flight(client, domain, known=known), err.request_id,
                                  "a contact change is already being processed for %s" % domain)
            if not isinstance(err, AmbiguousWriteError) or attempt == 2:
                raise
            recovered = recover_lost_write(client, domain, contact_type, profile, known)
            if recovered is not None:
                return recovered
    raise AssertionError("unreachable")  # pragma: no cover


def recover_lost_write(client, domain, contact_type, profile, known=None):
    busy, record = read_domain(client, domain)
    if busy:
        # the service runs one contact change per domain at a time: the first running task found is the one
        running = tasks_in_flight(client, domain, first_only=True, known=known)
        own = [no for no, kind in running if kind in TASK_TYPES_BY_CONTACT.get(contact_type, ())]
        if running and not own:  # busy with a change of another contact: ours was refused, not carried out
            return Submission("in_flight", running[0][0], record.get("RequestId"),
                              "the answer to %s was lost; a change of another contact of %s is in flight"
                              % (SAVE_ACTION, domain))
        return Submission("recovered", own[0] if own else None, record.get("RequestId"),
                          "the answer to %s was lost; the change was found running" % SAVE_ACTION)
    if profile is not None and not differences(get_contact(client, domain, contact_type), profile):
        return Submission("recovered", None, record.get("RequestId"),
                          "the answer to %s was lost; the contact already matches" % SAVE_ACTION)
    return None
