"""Contact task actions of the Domain API emulator (Save*Task*, task queries, CancelTask).

A contact change of a domain under the update prohibition lock (``UpdateProhibitionLock`` ``OPEN``):
``SaveSingleTaskForUpdatingContactInfo`` is refused (400 ``DomainUpdateProhibited``, nothing created); a batch
is accepted and that domain's detail fails with the same code as ``FailReason`` (as does any detail whose domain
is locked by the time it runs).

``CancelTask`` (``TaskNo``): a task whose details are all still waiting is cancelled (``TaskCancelStatus``
``COMPLETE``; its details end as ``EXECUTE_FAILURE`` with ``FailReason`` ``TaskCancelled``; nothing changes);
a task with a detail executing or done is refused with 400 ``TaskCannotBeCancelled``; cancelling a cancelled task
again answers as the first time did. An unknown ``TaskNo`` is 400 ``TaskNotExist``.
"""

from state_model import (CONTACT_FIELDS, DETAIL_PAGE_MAX, UPDATE_PROHIBITED_CODE, UPDATE_PROHIBITED_MESSAGE, ApiError,
                         contact_of, contact_type_param, illegal, missing, norm_domain, p_bool, p_int, p_list, p_str,
                         page_of)


class TaskActions(object):
    """Mixed into ``state.State``: runs under ``State.lock``, with ``self`` the state."""

    # ------------------------------------------------------------ contact tasks
    def _profile_param(self, params):
        pid = p_int(params, "RegistrantProfileId", required=True)
        prof = self.profiles.get(pid)
        if prof is None:
            raise illegal("RegistrantProfileId", "The registrant profile does not exist.")
        return prof

    def a_save_single_task(self, params, now, ip):
        ctype = contact_type_param(params)
        dom = self._domain(p_str(params, "DomainName", required=True))
        prof = self._profile_param(params)
        lock = p_bool(params, "AddTransferLock") if ctype == "registrant" else False
        if dom.get("UpdateProhibitionLock") == "OPEN":
            self.stats["lock_rejections"] += 1
            raise ApiError(400, UPDATE_PROHIBITED_CODE, UPDATE_PROHIBITED_MESSAGE)
        task = self._create_task(ctype, [dom], contact_of(prof), ip, profile=prof,
                                 registrant_type=prof.get("RegistrantType"), transfer_lock=lock)
        return {"TaskNo": task["TaskNo"]}

    def _domains_param(self, params):
        names = p_list(params, "DomainName")
        if not names:
            raise missing("DomainName")
        seen, doms = set(), []
        for name in names:
            dom = self._domain(name)
            if dom["DomainName"] not in seen:
                seen.add(dom["DomainName"])
                doms.append(dom)
        return doms

    def a_save_batch_by_profile(self, params, now, ip):
        ctype = contact_type_param(params)
        doms = self._domains_param(params)
        prof = self._profile_param(params)
        lock = p_bool(params, "TransferOutProhibited") if ctype == "registrant" else False
        task = self._create_task(ctype, doms, contact_of(prof), ip, profile=prof,
                                 registrant_type=prof.get("RegistrantType"), transfer_lock=lock)
        return {"TaskNo": task["TaskNo"]}

    def a_save_batch_by_new_contact(self, params, now, ip):
        ctype = contact_type_param(params)
        doms = self._domains_param(params)
        rtype = p_str(params, "RegistrantType", required=True)
        if rtype not in ("1", "2"):
            raise illegal("RegistrantType", "Valid values: 1 (individual), 2 (enterprise).")
        email = p_str(params, "Email")
        if email is not None and "@" not in email:
            raise illegal("Email")
        target = {f: params.get(f, "") for f in CONTACT_FIELDS}
        lock = p_bool(params, "TransferOutProhibited") if ctype == "registrant" else False
        task = self._create_task(ctype, doms, target, ip, registrant_type=rtype, transfer_lock=lock)
        return {"TaskNo": task["TaskNo"]}

    # ------------------------------------------------------------ task queries
    def a_query_task_list(self, params, now, ip):
        page_num = p_int(params, "PageNum", required=True, minimum=1)
        page_size = p_int(params, "PageSize", required=True, minimum=1, maximum=DETAIL_PAGE_MAX)
        begin = p_int(params, "BeginCreateTime")
        end = p_int(params, "EndCreateTime")
        lang = params.get("Lang") or "en"
        rows = []
        for task in reversed(self.tasks):
            ms = int(task["created"] * 1000)
            if (begin is not None and ms < begin) or (end is not None and ms > end):
                continue
            rows.append(task)
        items, paging = page_of(rows, page_num, page_size)
        paging["Data"] = {"TaskInfo": [self._task_view(t, now, lang) for t in items]}
        return paging

    def _filtered_details(self, params, now, task_required=True):
        task_no = p_str(params, "TaskNo", required=task_required)
        name = p_str(params, "DomainName")
        iid = p_str(params, "InstanceId")
        if task_no is not None:
            task = self.task_index.get(task_no)
            dets = list(task["details"]) if task else []
        else:
            dets = [d for t in self.tasks for d in t["details"]]
        if name:
            want = norm_domain(name)
            dets = [d for d in dets if d["DomainName"] == want]
        if iid:
            dets = [d for d in dets if d["InstanceId"] == iid]
        return dets

    def a_query_task_detail_list(self, params, now, ip):
        page_num = p_int(params, "PageNum", required=True, minimum=1)
        page_size = p_int(params, "PageSize", required=True, minimum=1, maximum=DETAIL_PAGE_MAX)
        status = p_int(params, "TaskStatus", minimum=0, maximum=3)
        dets = self._filtered_details(params, now)
        if status is not None:
            dets = [d for d in dets if self._detail_code(d, now) == status]
        items, paging = page_of(dets, page_num, page_size)
        lang = params.get("Lang") or "en"
        paging["Data"] = {"TaskDetail": [self._detail_view(d, now, lang) for d in items]}
        return paging

    def a_poll_task_result(self, params, now, ip):
        page_num = p_int(params, "PageNum", required=True, minimum=1)
        page_size = p_int(params, "PageSize", required=True, minimum=1, maximum=DETAIL_PAGE_MAX)
        status = p_int(params, "TaskResultStatus", minimum=2, maximum=3)
        dets = self._filtered_details(params, now, task_required=False)
        dets = [d for d in dets if self._detail_code(d, now) in ((status,) if status else (2, 3))]
        items, paging = page_of(dets, page_num, page_size)
        lang = params.get("Lang") or "en"
        paging["Data"] = {"TaskDetail": [self._detail_view(d, now, lang, with_fail_reason=False) for d in items]}
        return paging

    @staticmethod
    def _cursor_page(items, start, page_size):
        result = {"PageSize": page_size, "Objects": items[start:start + page_size]}
        if start < len(items):
            result["CurrentPageCursor"] = items[start]
        if start + page_size < len(items):
            result["NextPageCursor"] = items[start + page_size]
        if start > 0:
            result["PrePageCursor"] = items[max(0, start - page_size)]
        return result

    def a_query_task_info_history(self, params, now, ip):
        page_size = p_int(params, "PageSize", required=True, minimum=1, maximum=DETAIL_PAGE_MAX)
        begin = p_int(params, "BeginCreateTime")
        end = p_int(params, "EndCreateTime")
        time_cursor = p_int(params, "CreateTimeCursor")
        no_cursor = p_str(params, "TaskNoCursor")
        lang = params.get("Lang") or "en"
        views = []
        for task in self.tasks:
            ms = int(task["created"] * 1000)
            if (begin is not None and ms < begin) or (end is not None and ms > end):
                continue
            views.append(self._task_view(task, now, lang, history=True))
        views.sort(key=lambda v: (v["CreateTimeLong"], v["TaskNo"]), reverse=True)
        start = 0
        if time_cursor is not None or no_cursor:
            start = len(views)
            for i, v in enumerate(views):
                if no_cursor and v["TaskNo"] == no_cursor:
                    start = i
                    break
            else:
                if time_cursor is not None:
                    key = (time_cursor, no_cursor or "")
                    start = next((i for i, v in enumerate(views) if (v["CreateTimeLong"], v["TaskNo"]) <= key),
                                 len(views))
        return self._cursor_page(views, start, page_size)

    def a_query_task_detail_history(self, params, now, ip):
        page_size = p_int(params, "PageSize", required=True, minimum=1, maximum=DETAIL_PAGE_MAX)
        status = p_int(params, "TaskStatus", minimum=0, maximum=3)
        dets = self._filtered_details(params, now)
        if status is not None:
            dets = [d for d in dets if self._detail_code(d, now) == status]
        dets.sort(key=lambda d: int(d["TaskDetailNo"]))
        lang = params.get("Lang") or "en"
        views = [self._detail_view(d, now, lang, with_fail_reason=False) for d in dets]
        for v in views:
            v.pop("TaskResult", None)
        no_cursor = p_str(params, "TaskDetailNoCursor")
        name_cursor = p_str(params, "DomainNameCursor")
        start = 0
        if no_cursor:
            start = next((i for i, v in enumerate(views) if int(v["TaskDetailNo"]) >= int(no_cursor)
                          if no_cursor.isdigit()), len(views))
        elif name_cursor:
            want = norm_domain(name_cursor)
            start = next((i for i, v in enumerate(views) if v["DomainName"] == want), len(views))
        return self._cursor_page(views, start, page_size)

    # ------------------------------------------------------------ CancelTask
    def a_cancel_task(self, params, now, ip):
        task_no = p_str(params, "TaskNo", required=True)
        task = self.task_index.get(task_no)
        if task is None:
            raise ApiError(400, "TaskNotExist", "The task does not exist.")
        if task.get("cancel_status"):
            return {}
        if any(self._detail_code(det, now) != 0 for det in task["details"]):
            raise ApiError(400, "TaskCannotBeCancelled",
                           "The task has started or finished and cannot be cancelled; only a waiting task can.")
        for det in task["details"]:
            self._untrack(det)
            det["result"] = "failure"
            det["cancelled"] = True
            det["ErrorMsg"], det["FailReason"] = "The task was cancelled.", "TaskCancelled"
            det["done_at"] = now
        task["cancel_status"] = 2
        self.stats["tasks_cancelled"] += 1
        self.dirty = True
        return {}
