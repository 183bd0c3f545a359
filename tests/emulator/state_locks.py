"""Update and transfer prohibition locks of the Domain API emulator.

``SaveSingleTaskFor{Update,Transfer}ProhibitionLock`` (``DomainName``, ``Status``: true = lock on) and their
``SaveBatchTaskFor...`` forms (``DomainName.N``, as the SDK encodes the list) create a task (``TaskType``
``SET_UPDATE_PROHIBITED`` / ``SET_TRANSFER_PROHIBITED``) with one detail per domain. A detail waits and executes
like a contact change (``task_seconds``, ``task_start_seconds``) and then sets the domain's
``UpdateProhibitionLock`` / ``TransferProhibitionLock`` to ``OPEN`` or ``CLOSE`` (``QueryDomainByDomainName``).
While a lock detail of a domain is waiting or executing, another change of the same lock of that domain gets
``TaskIsBeingProcessed`` (a batch is refused as a whole). A lock task does not make the domain's
``RegistrantUpdatingStatus`` ``PENDING``: it is no contact change.
"""

import uuid

from state_model import LOCK_FIELD, LOCK_TASK_TYPE, ApiError, missing, p_bool, p_str


class LockActions(object):
    """Mixed into ``state.State``: runs under ``State.lock``, with ``self`` the state."""

    def _lock_status_param(self, params):
        status = p_bool(params, "Status")
        if status is None:
            raise missing("Status")
        return status

    def _create_lock_task(self, lock, doms, status, client_ip):
        now = self.clock()
        if self.busy_check:
            for dom in doms:
                if self.lock_busy.get((dom["DomainName"], lock)):
                    self.stats["busy_rejections"] += 1
                    raise ApiError(400, "TaskIsBeingProcessed",
                                   "An operation is being processed. Please try again later.")
        task_type = LOCK_TASK_TYPE[lock]
        task = {"TaskNo": str(uuid.uuid4()), "TaskType": task_type, "created": now, "Clientip": client_ip,
                "details": []}
        start_at, finish_at = self._schedule(now)
        wanted = "OPEN" if status else "CLOSE"
        for dom in doms:
            if dom.get(LOCK_FIELD[lock]) == wanted:
                self.stats["noop_lock_details"] += 1
            det = {
                "TaskNo": task["TaskNo"], "DomainName": dom["DomainName"],
                "InstanceId": dom["InstanceId"], "ContactType": None, "TaskType": task_type, "lock": lock,
                "status": wanted, "created": now, "start_at": start_at, "finish_at": finish_at, "result": None,
            }
            self._add_detail(task, det)
        self._file_task(task, now)
        return {"TaskNo": task["TaskNo"]}

    def _finish_lock(self, det, when):
        dom = self.domains.get(det["DomainName"])
        if dom is None:
            det["result"] = "failure"
            det["ErrorMsg"], det["FailReason"] = "The domain name does not exist.", "DomainNotExist"
            self.stats["task_details_failed"] += 1
        else:
            det["result"] = "success"
            dom[LOCK_FIELD[det["lock"]]] = det["status"]
            self.stats["task_details_succeeded"] += 1
        det["done_at"] = when
        self.dirty = True

    def _single_lock(self, lock, params, ip):
        dom = self._domain(p_str(params, "DomainName", required=True))
        return self._create_lock_task(lock, [dom], self._lock_status_param(params), ip)

    def _batch_lock(self, lock, params, ip):
        doms = self._domains_param(params)
        return self._create_lock_task(lock, doms, self._lock_status_param(params), ip)

    def a_save_single_update_lock(self, params, now, ip):
        return self._single_lock("update", params, ip)

    def a_save_batch_update_lock(self, params, now, ip):
        return self._batch_lock("update", params, ip)

    def a_save_single_transfer_lock(self, params, now, ip):
        return self._single_lock("transfer", params, ip)

    def a_save_batch_transfer_lock(self, params, now, ip):
        return self._batch_lock("transfer", params, ip)

    def set_lock(self, name, lock, status):
        """Control API: put ``name`` under (``OPEN``) or out of (``CLOSE``) ``lock`` now, without a task."""
        if lock not in LOCK_FIELD:
            raise ValueError("lock must be one of: %s" % ", ".join(sorted(LOCK_FIELD)))
        status = {"true": "OPEN", "false": "CLOSE"}.get(str(status).lower(), str(status).upper())
        if status not in ("OPEN", "CLOSE"):
            raise ValueError("status must be OPEN or CLOSE (or true/false)")
        with self.lock:
            dom = self._domain(name)
            dom[LOCK_FIELD[lock]] = status
            self.dirty = True
            return {"domain": dom["DomainName"], "lock": lock, "status": status}
