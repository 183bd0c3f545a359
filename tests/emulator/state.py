"""Data model and actions of the Domain API emulator.

Everything here runs under one lock (``State.lock``). Tasks are asynchronous and driven by
time: nothing runs in the background, each call first settles the task details whose time
has come (``_advance``), so the answer is always what the clock says it should be.

This file holds the state itself (load/dump, the task machine, dispatch, the table of actions); the actions
are mixed in, one file per area of the API: ``state_domains.py`` (domain queries), ``state_locks.py`` (the
update and transfer prohibition locks), ``state_tasks.py`` (contact changes, task queries, CancelTask),
``state_profiles.py`` (registrant profiles), ``state_email.py`` (email verification), ``state_realname.py``
(real-name verification of profiles); the constants and parameter helpers live in ``state_model.py``, the
seeds in ``state_seeds.py``.
"""

import copy
import heapq
import itertools
import json
import threading
import time
import uuid

# the names below are also what importers took from this module before it was split (keep them importable)
from state_model import (CONTACT_FIELDS, CONTACT_TYPES, DETAIL_STATUS, DOMAIN_DEFAULTS,  # noqa: F401
                         PROFILE_DEFAULTS, TASK_STATUS, TASK_TYPE_BY_CONTACT, TASK_TYPE_CODE, TASK_TYPE_DESCRIPTION,
                         CANCEL_STATUS, EMAIL_NOT_VERIFIED_CODE, EMAIL_NOT_VERIFIED_MESSAGE, UPDATE_PROHIBITED_CODE,
                         UPDATE_PROHIBITED_MESSAGE, ApiError, fmt_time, norm_domain)
from state_seeds import load_seed  # noqa: F401
from state_domains import DomainActions
from state_email import EMAIL_TOKEN_SECONDS, EmailActions
from state_locks import LockActions
from state_profiles import ProfileActions
from state_realname import RealNameActions
from state_tasks import TaskActions


# ------------------------------------------------------------------ the state
class State(ProfileActions, DomainActions, LockActions, TaskActions, EmailActions, RealNameActions):
    def __init__(self, seed="demo", task_seconds=2.0, clock=time.time, task_start_seconds=None, realname_seconds=3.0,
                 email_token_seconds=EMAIL_TOKEN_SECONDS, email_send_quota=5):
        self.lock = threading.RLock()
        self.base_clock = clock
        self.clock_offset = 0.0  # moved on by the control API (POST /_emulator/clock), never backwards
        self.task_seconds = float(task_seconds)
        # seconds a task detail waits before it starts (None: a third of task_seconds); CancelTask works until then
        self.task_start_seconds = None if task_start_seconds is None else float(task_start_seconds)
        self.realname_seconds = float(realname_seconds)
        self.email_token_seconds = float(email_token_seconds)
        self.email_send_quota = int(email_send_quota)
        self.busy_check = True
        self.dirty = False
        self.load(load_seed(seed))

    def clock(self):
        return self.base_clock() + self.clock_offset

    # ------------------------------------------------------------ load / dump
    def load(self, data):
        with self.lock:
            now = self.clock()
            self.profiles = {}
            for raw in data.get("profiles", []):
                prof = dict(PROFILE_DEFAULTS)
                prof.update(raw)
                prof["RegistrantProfileId"] = int(prof["RegistrantProfileId"])
                prof.setdefault("CreateTime", fmt_time(now))
                prof.setdefault("UpdateTime", prof["CreateTime"])
                for f in CONTACT_FIELDS:
                    prof.setdefault(f, "")
                self.profiles[prof["RegistrantProfileId"]] = prof
            self.domains = {}
            self.by_instance = {}
            for n, raw in enumerate(data.get("domains", [])):
                dom = copy.deepcopy(DOMAIN_DEFAULTS)
                dom.update(copy.deepcopy(raw))
                dom["DomainName"] = norm_domain(dom["DomainName"])
                dom.setdefault("InstanceId", "S2019%014d" % (n + 1))
                dom.setdefault("RegistrationDate", "2019-03-20 11:37:29")
                dom.setdefault("ExpirationDate", "2027-03-20 11:37:29")
                dom.setdefault("DomainType", "ccTLD" if dom["DomainName"].rsplit(".", 1)[-1] in ("cn", "中国") else "gTLD")
                contacts = dom.setdefault("contacts", {})
                for ctype in CONTACT_TYPES:
                    contact = contacts.setdefault(ctype, {})
                    for f in CONTACT_FIELDS:
                        contact.setdefault(f, None)
                    contact.setdefault("CreateDate", dom["RegistrationDate"])
                self.domains[dom["DomainName"]] = dom
                self.by_instance[dom["InstanceId"]] = dom["DomainName"]
            self.tasks = []
            self.task_index = {}
            self.inflight = {}
            self.heap = []
            self.busy = {}
            self.busy_pair = {}
            self.lock_busy = {}
            self.load_emails(data, now)
            self.load_audits(data)
            counters = data.get("counters", {})
            self.next_profile_id = int(counters.get("next_profile_id") or
                                       (max(self.profiles) + 1 if self.profiles else 10000001))
            self.next_detail_no = int(counters.get("next_detail_no") or 40000001)
            self.stats = {"tasks_created": 0, "task_details_created": 0, "duplicate_tasks": 0,
                          "noop_task_details": 0, "task_details_succeeded": 0, "task_details_failed": 0,
                          "busy_rejections": 0, "lock_rejections": 0, "noop_lock_details": 0, "tasks_cancelled": 0,
                          "emails_sent": 0}
            self.stats.update(data.get("stats", {}))
            self._seq = itertools.count()
            for raw_task in data.get("tasks", []):
                task = copy.deepcopy(raw_task)
                self.tasks.append(task)
                self.task_index[task["TaskNo"]] = task
                for det in task["details"]:
                    if det.get("result") is None:
                        self._track(det)
            self.dirty = True

    def dump(self):
        with self.lock:
            self._advance(self.clock())
            return {
                "profiles": list(self.profiles.values()),
                "domains": list(self.domains.values()),
                "tasks": self.tasks,
                "emails": list(self.emails.values()),
                "audits": list(self.audits.values()),
                "counters": {"next_profile_id": self.next_profile_id, "next_detail_no": self.next_detail_no},
                "stats": dict(self.stats),
            }

    def dump_json(self):
        with self.lock:
            return json.dumps(self.dump(), ensure_ascii=False, indent=1, sort_keys=False)

    # ------------------------------------------------------------ task machinery
    def _track(self, det):
        self.inflight[det["TaskDetailNo"]] = det
        heapq.heappush(self.heap, (det["finish_at"], next(self._seq), det))
        name = det["DomainName"]
        if det.get("lock"):
            key = (name, det["lock"])
            self.lock_busy[key] = self.lock_busy.get(key, 0) + 1
            return
        pair = (name, det["ContactType"])
        self.busy[name] = self.busy.get(name, 0) + 1
        self.busy_pair[pair] = self.busy_pair.get(pair, 0) + 1

    def _untrack(self, det):
        self.inflight.pop(det["TaskDetailNo"], None)
        name = det["DomainName"]
        pair = (name, det["ContactType"])
        pairs = ((self.lock_busy, (name, det["lock"])),) if det.get("lock") else ((self.busy, name), (self.busy_pair, pair))
        for index, key in pairs:
            left = index.get(key, 0) - 1
            if left > 0:
                index[key] = left
            else:
                index.pop(key, None)

    def _advance(self, now):
        heap = self.heap
        while heap and heap[0][0] <= now:
            _f, _s, det = heapq.heappop(heap)
            if det.get("result") is None and det["TaskDetailNo"] in self.inflight:
                self._finish(det, det["finish_at"])

    def _finish(self, det, when):
        self._untrack(det)
        if det.get("lock"):
            self._finish_lock(det, when)
            return
        dom = self.domains.get(det["DomainName"])
        reason = det.get("fail_reason")
        if dom is None:
            reason = reason or ("The domain name does not exist.", "DomainNotExist")
        elif dom.get("UpdateProhibitionLock") == "OPEN":
            reason = (UPDATE_PROHIBITED_MESSAGE, UPDATE_PROHIBITED_CODE)
        elif not reason and det["ContactType"] == "registrant" and det.get("profile_id") is not None:
            prof = self.profiles.get(det["profile_id"])
            if prof is not None and int(prof.get("EmailVerificationStatus") or 0) != 1:
                reason = (EMAIL_NOT_VERIFIED_MESSAGE, EMAIL_NOT_VERIFIED_CODE)
        if reason:
            det["result"] = "failure"
            det["ErrorMsg"], det["FailReason"] = reason
            self.stats["task_details_failed"] += 1
        else:
            det["result"] = "success"
            contact = dict(det["target"])
            contact["CreateDate"] = fmt_time(when)
            dom["contacts"][det["ContactType"]] = contact
            if det["ContactType"] == "registrant":
                if det.get("registrant_type"):
                    dom["RegistrantType"] = det["registrant_type"]
                if det.get("real_name_status"):
                    dom["RealNameStatus"] = det["real_name_status"]
                if det.get("transfer_lock"):
                    dom["TransferProhibitionLock"] = "OPEN"
                dom["EmailVerificationStatus"] = 1 if self.email_verified(contact.get("Email")) else 0
            self.stats["task_details_succeeded"] += 1
        det["done_at"] = when
        self.dirty = True

    def complete_all(self):
        """Finish every in-flight task detail now (control API)."""
        with self.lock:
            now = self.clock()
            pending = sorted(self.inflight.values(), key=lambda d: (d["finish_at"], int(d["TaskDetailNo"])))
            for det in pending:
                det["start_at"] = min(det["start_at"], now)
                det["finish_at"] = min(det["finish_at"], now)
                self._finish(det, now)
            self.heap = []
            return len(pending)

    @staticmethod
    def _detail_code(det, now):
        if det.get("result") == "success":
            return 2
        if det.get("result") == "failure":
            return 3
        return 0 if now < det["start_at"] else 1

    def _detail_view(self, det, now, lang="en", with_fail_reason=True):
        code = self._detail_code(det, now)
        if code == 0:
            updated = det["created"]
        elif code == 1:
            updated = det["start_at"]
        else:
            updated = det.get("done_at", det["finish_at"])
        view = {
            "TaskNo": det["TaskNo"],
            "TaskDetailNo": det["TaskDetailNo"],
            "DomainName": det["DomainName"],
            "InstanceId": det["InstanceId"],
            "TaskType": det["TaskType"],
            "TaskTypeDescription": TASK_TYPE_DESCRIPTION.get(lang, TASK_TYPE_DESCRIPTION["en"])[det["TaskType"]],
            "TaskStatus": DETAIL_STATUS[code],
            "TaskStatusCode": code,
            "TryCount": 0 if code == 0 or det.get("cancelled") else 1,
            "CreateTime": fmt_time(det["created"]),
            "UpdateTime": fmt_time(updated),
            "ErrorMsg": det.get("ErrorMsg") if code == 3 else "",
            "TaskResult": det.get("ErrorMsg") if code == 3 else ("SUCCESS" if code == 2 else ""),
        }
        if with_fail_reason:
            view["FailReason"] = det.get("FailReason") if code == 3 else ""
        return view

    def _task_code(self, task, now):
        codes = [self._detail_code(d, now) for d in task["details"]]
        if all(c == 0 for c in codes):
            return 1
        if all(c >= 2 for c in codes):
            return 3
        return 2

    def _task_view(self, task, now, lang="en", history=False):
        code = self._task_code(task, now)
        view = {
            "TaskNo": task["TaskNo"],
            "TaskType": task["TaskType"],
            "TaskTypeDescription": TASK_TYPE_DESCRIPTION.get(lang, TASK_TYPE_DESCRIPTION["en"])[task["TaskType"]],
            "TaskNum": len(task["details"]),
            "TaskStatus": TASK_STATUS[code],
            "TaskStatusCode": code,
            "Clientip": task["Clientip"],
            "CreateTime": fmt_time(task["created"]),
        }
        if history:
            view["CreateTimeLong"] = int(task["created"] * 1000)
        else:
            cancel = task.get("cancel_status", 0)
            view.update({"TaskTypeCode": TASK_TYPE_CODE[task["TaskType"]], "TaskBizType": "",
                         "TaskCancelStatus": CANCEL_STATUS[cancel], "TaskCancelStatusCode": cancel, "TaskResult": ""})
        return view

    def _domain(self, name):
        dom = self.domains.get(norm_domain(name))
        if dom is None:
            raise ApiError(400, "DomainNotExist", "The domain name does not exist.")
        return dom

    def _schedule(self, now):
        """(start_at, finish_at) of a detail created at ``now``: waiting, then executing, then done."""
        duration = max(self.task_seconds, 0.0)
        if self.task_start_seconds is None:
            return now + duration / 3.0, now + duration
        start = now + max(self.task_start_seconds, 0.0)
        return start, start + duration * 2.0 / 3.0

    def _create_task(self, ctype, domains, target, client_ip, profile=None, registrant_type=None,
                     transfer_lock=False):
        now = self.clock()
        if self.busy_check:
            for dom in domains:
                if self.busy.get(dom["DomainName"]):
                    self.stats["busy_rejections"] += 1
                    raise ApiError(400, "TaskIsBeingProcessed",
                                   "An operation is being processed. Please try again later.")
        task_type = TASK_TYPE_BY_CONTACT[ctype]
        task = {"TaskNo": str(uuid.uuid4()), "TaskType": task_type, "created": now, "Clientip": client_ip,
                "details": []}
        fail = None
        real_name = None
        if ctype == "registrant" and profile is not None:
            real_name = profile.get("RealNameStatus")
            if real_name != "SUCCEED":
                fail = ("The registrant profile has not passed real-name verification (RealNameStatus %s)."
                        % real_name, "RegistrantProfileRealNameNotVerified")
        start_at, finish_at = self._schedule(now)
        for dom in domains:
            name = dom["DomainName"]
            if self.busy_pair.get((name, ctype)):
                self.stats["duplicate_tasks"] += 1
            current = dom["contacts"][ctype]
            if all((current.get(f) or "").strip() == (target.get(f) or "").strip() for f in CONTACT_FIELDS):
                self.stats["noop_task_details"] += 1
            det = {
                "TaskNo": task["TaskNo"], "DomainName": name,
                "InstanceId": dom["InstanceId"], "ContactType": ctype, "TaskType": task_type,
                "created": now, "start_at": start_at, "finish_at": finish_at,
                "target": dict(target), "registrant_type": registrant_type, "real_name_status": real_name,
                "transfer_lock": bool(transfer_lock), "fail_reason": fail,
                "profile_id": profile["RegistrantProfileId"] if profile else None, "result": None,
            }
            self._add_detail(task, det)
        self._file_task(task, now)
        return task

    def _add_detail(self, task, det):
        """Number ``det`` and put it in ``task`` (a contact change or a lock task)."""
        det["TaskDetailNo"] = str(self.next_detail_no)
        self.next_detail_no += 1
        task["details"].append(det)
        self._track(det)
        self.stats["task_details_created"] += 1

    def _file_task(self, task, now):
        """Keep ``task`` (its details added) and let time run to ``now``."""
        self.tasks.append(task)
        self.task_index[task["TaskNo"]] = task
        self.stats["tasks_created"] += 1
        self.dirty = True
        self._advance(now)

    # ------------------------------------------------------------ dispatch
    def handle(self, action, params, client_ip="127.0.0.1"):
        handler = ACTIONS.get(action)
        if handler is None:
            raise ApiError(404, "InvalidAction.NotFound",
                           "Specified api is not found, please check your url and method.")
        with self.lock:
            now = self.clock()
            self._advance(now)
            self._advance_audits(now)
            return handler(self, params, now, params.get("UserClientIp") or client_ip)

    def is_write(self, action):
        return action in WRITE_ACTIONS


ACTIONS = {
    "QueryContactInfo": State.a_query_contact_info,
    "QueryRegistrantProfiles": State.a_query_registrant_profiles,
    "SaveRegistrantProfile": State.a_save_registrant_profile,
    "DeleteRegistrantProfile": State.a_delete_registrant_profile,
    "QueryDomainByDomainName": State.a_query_domain_by_domain_name,
    "QueryDomainByInstanceId": State.a_query_domain_by_instance_id,
    "QueryDomainList": State.a_query_domain_list,
    "SaveSingleTaskForUpdatingContactInfo": State.a_save_single_task,
    "SaveBatchTaskForUpdatingContactInfoByRegistrantProfileId": State.a_save_batch_by_profile,
    "SaveBatchTaskForUpdatingContactInfoByNewContact": State.a_save_batch_by_new_contact,
    "QueryTaskList": State.a_query_task_list,
    "QueryTaskDetailList": State.a_query_task_detail_list,
    "QueryTaskInfoHistory": State.a_query_task_info_history,
    "QueryTaskDetailHistory": State.a_query_task_detail_history,
    "PollTaskResult": State.a_poll_task_result,
    "CancelTask": State.a_cancel_task,
    "SaveSingleTaskForUpdateProhibitionLock": State.a_save_single_update_lock,
    "SaveBatchTaskForUpdateProhibitionLock": State.a_save_batch_update_lock,
    "SaveSingleTaskForTransferProhibitionLock": State.a_save_single_transfer_lock,
    "SaveBatchTaskForTransferProhibitionLock": State.a_save_batch_transfer_lock,
    "SubmitEmailVerification": State.a_submit_email_verification,
    "ResendEmailVerification": State.a_resend_email_verification,
    "DeleteEmailVerification": State.a_delete_email_verification,
    "QueryEmailVerification": State.a_query_email_verification,
    "ListEmailVerification": State.a_list_email_verification,
    "RegistrantProfileRealNameVerification": State.a_registrant_profile_real_name_verification,
    "QueryRegistrantProfileRealNameVerificationInfo": State.a_query_registrant_profile_real_name_verification_info,
    "QueryFailReasonForRegistrantProfileRealNameVerification": State.a_query_fail_reason_for_profile_real_name,
}
WRITE_PREFIXES = ("Save", "Delete", "Submit", "Resend", "Cancel", "RegistrantProfileRealNameVerification")
WRITE_ACTIONS = frozenset(a for a in ACTIONS if a.startswith(WRITE_PREFIXES))
