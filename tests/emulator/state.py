"""Data model and actions of the Domain API emulator.

Everything here runs under one lock (``State.lock``). Tasks are asynchronous and driven by
time: nothing runs in the background, each call first settles the task details whose time
has come (``_advance``), so the answer is always what the clock says it should be.
"""

import calendar
import codecs
import functools
import copy
import heapq
import itertools
import json
import math
import random
import threading
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED_DIR = HERE / "seeds"

CONTACT_FIELDS = (
    "Address", "City", "Country", "Email", "PostalCode", "Province", "RegistrantName",
    "RegistrantOrganization", "TelArea", "TelExt", "Telephone", "ZhAddress", "ZhCity", "ZhProvince",
    "ZhRegistrantName", "ZhRegistrantOrganization",
)
CONTACT_TYPES = ("registrant", "admin", "billing", "tech")
TASK_TYPE_BY_CONTACT = {
    "registrant": "CHG_HOLDER",
    "admin": "UPDATE_ADMIN_CONTACT",
    "billing": "UPDATE_BILLING_CONTACT",
    "tech": "UPDATE_TECH_CONTACT",
}
TASK_TYPE_CODE = {"CHG_HOLDER": 3, "UPDATE_ADMIN_CONTACT": 31, "UPDATE_BILLING_CONTACT": 32,
                  "UPDATE_TECH_CONTACT": 33}
TASK_TYPE_DESCRIPTION = {
    "en": {"CHG_HOLDER": "Change registrant", "UPDATE_ADMIN_CONTACT": "Modify administrative contact",
           "UPDATE_BILLING_CONTACT": "Modify billing contact", "UPDATE_TECH_CONTACT": "Modify technical contact"},
    "zh": {"CHG_HOLDER": "域名过户", "UPDATE_ADMIN_CONTACT": "修改管理联系人",
           "UPDATE_BILLING_CONTACT": "修改付费联系人", "UPDATE_TECH_CONTACT": "修改技术联系人"},
}
DETAIL_STATUS = {0: "WAITING_EXECUTE", 1: "EXECUTING", 2: "EXECUTE_SUCCESS", 3: "EXECUTE_FAILURE"}
TASK_STATUS = {1: "WAITING_EXECUTE", 2: "EXECUTING", 3: "COMPLETE"}
REAL_NAME_STATUSES = ("SUCCEED", "NONAUDIT", "AUDITING", "FAILED")
PROFILE_PAGE_MAX = 5000
DETAIL_PAGE_MAX = 1000
LIST_PAGE_MAX = 5000
TIME_FMT = "%Y-%m-%d %H:%M:%S"

DOMAIN_DEFAULTS = {
    "DomainStatus": "3",
    "DomainGroupId": None,
    "DomainGroupName": "",
    "Tag": [],
    "DnsList": ["dns1.hichina.com", "dns2.hichina.com"],
    "UpdateProhibitionLock": "CLOSE",
    "TransferProhibitionLock": "CLOSE",
    "TransferOutStatus": "NORMAL",
    "RealNameStatus": "SUCCEED",
    "DomainNameVerificationStatus": "SUCCEED",
    "DomainAuditStatus": "SUCCEED",
    "EmailVerificationStatus": 1,
    "EmailVerificationClientHold": False,
    "Premium": False,
    "PrivacyServiceStatus": "CLOSE",
    "CnnicPrivacyServiceStatus": "CLOSE",
    "DomainNameProxyService": False,
    "Registrar": "Alibaba Cloud Computing (Beijing) Co., Ltd.",
    "Remark": "",
    "ResourceGroupId": "rg-acfmdemo0000001",
    "AutoRenewEnabled": False,
    "UserId": "1200000000000001",
    "ProductId": "2",
    "DomainLifecycleStatus": "Normal",
    "RegistrantType": "1",
}
PROFILE_DEFAULTS = {
    "RealNameStatus": "NONAUDIT",
    "EmailVerificationStatus": 0,
    "RegistrantType": "1",
    "RegistrantProfileType": "common",
    "DefaultRegistrantProfile": False,
    "CredentialNo": "",
    "CredentialType": "",
    "Params": "",
    "Remark": "",
}


class ApiError(Exception):
    def __init__(self, status, code, message):
        Exception.__init__(self, message)
        self.status = status
        self.code = code
        self.message = message


def missing(name):
    return ApiError(400, "MissingParameter",
                    "The input parameter \"%s\" that is mandatory for processing this request is not supplied." % name)


def illegal(name, why=""):
    return ApiError(400, "ParameterIllegal", "The parameter %s is illegal.%s" % (name, (" " + why) if why else ""))


def fmt_time(epoch):
    return time.strftime(TIME_FMT, time.gmtime(epoch))


@functools.lru_cache(maxsize=65536)
def parse_time(text):
    return calendar.timegm(time.strptime(text, TIME_FMT))


def norm_domain(name):
    """Lowercase, strip the trailing dot, turn punycode A-labels into U-labels."""
    name = (name or "").strip().rstrip(".").lower()
    if "xn--" in name:
        labels = []
        for label in name.split("."):
            if label.startswith("xn--"):
                try:
                    label = codecs.decode(label.encode("ascii"), "idna")
                except (UnicodeError, ValueError):
                    pass
            labels.append(label)
        name = ".".join(labels)
    return name


def contact_of(source, create_date=None):
    contact = {f: source.get(f) for f in CONTACT_FIELDS}
    if create_date is not None:
        contact["CreateDate"] = create_date
    return contact


def strip_none(d):
    return {k: v for k, v in d.items() if v is not None}


# ------------------------------------------------------------------ parameter helpers
def p_str(params, name, required=False):
    value = params.get(name)
    if value is None or value == "":
        if required:
            raise missing(name)
        return None
    return value


def p_int(params, name, required=False, minimum=None, maximum=None):
    value = p_str(params, name, required)
    if value is None:
        return None
    try:
        number = int(value)
    except ValueError:
        raise illegal(name, "It must be an integer.")
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        raise illegal(name, "It is out of range.")
    return number


def p_bool(params, name):
    value = p_str(params, name)
    if value is None:
        return None
    low = value.lower()
    if low in ("true", "1"):
        return True
    if low in ("false", "0"):
        return False
    raise illegal(name, "It must be true or false.")


def p_list(params, name):
    """``Name.1``, ``Name.2`` ... in index order (also accepts a bare ``Name``)."""
    items = []
    prefix = name + "."
    for key, value in params.items():
        if key.startswith(prefix):
            idx = key[len(prefix):]
            if idx.isdigit():
                items.append((int(idx), value))
    items.sort()
    result = [v for _i, v in items if v != ""]
    if not result and params.get(name):
        result = [v.strip() for v in params[name].split(",") if v.strip()]
    return result


def p_tags(params):
    tags = {}
    for key, value in params.items():
        if key.startswith("Tag."):
            parts = key.split(".")
            if len(parts) == 3 and parts[1].isdigit() and parts[2] in ("Key", "Value"):
                tags.setdefault(int(parts[1]), {})[parts[2]] = value
    return [tags[i] for i in sorted(tags)]


def page_of(items, page_num, page_size):
    total = len(items)
    pages = int(math.ceil(total / float(page_size))) if total else 0
    start = (page_num - 1) * page_size
    return items[start:start + page_size], {
        "CurrentPageNum": page_num,
        "PageSize": page_size,
        "TotalItemNum": total,
        "TotalPageNum": pages,
        "PrePage": page_num > 1,
        "NextPage": page_num < pages,
    }


def contact_type_param(params):
    ctype = p_str(params, "ContactType", required=True)
    low = ctype.lower()
    if low not in CONTACT_TYPES:
        raise illegal("ContactType", "Valid values: registrant, admin, billing, tech.")
    return low


# ------------------------------------------------------------------ seeds
def load_seed(spec):
    """``demo`` | ``empty`` | ``bulk:N[:FRACTION]`` | path to a JSON file | a state dict."""
    if isinstance(spec, dict):
        return copy.deepcopy(spec)
    spec = spec or "demo"
    if spec == "empty":
        return {"profiles": [], "domains": []}
    if spec == "demo":
        with open(str(SEED_DIR / "demo.json"), encoding="utf-8") as handle:
            return json.load(handle)
    if spec.startswith("bulk:"):
        parts = spec.split(":")
        count = int(parts[1])
        fraction = float(parts[2]) if len(parts) > 2 and parts[2] else 0.6
        return bulk_seed(count, fraction)
    with open(spec, encoding="utf-8") as handle:
        return json.load(handle)


BULK_PEOPLE = [
    # (RegistrantName, ZhRegistrantName, RegistrantOrganization, ZhRegistrantOrganization, type)
    ("Zhang San", "张三", "Zhang San", "张三", "1"),
    ("Li Si", "李四", "Hangzhou Example Technology Co., Ltd.", "杭州示例科技有限公司", "2"),
    ("Zhao Liu", "赵六", "Zhao Liu", "赵六", "1"),
]
BULK_TLDS = ["com", "net", "cn", "xyz", "top", "com", "net", "cn"]
BULK_IDN_TLDS = ["中国", "com", "cn"]
BULK_WORDS = ["alpha", "beta", "cloud", "data", "shop", "mail", "blog", "tech", "home", "store", "media", "apps"]
BULK_ZH_WORDS = ["测试", "示例", "商店", "云端", "数据", "网络"]


def _bulk_profile(pid, person, idx, default=False):
    name, zh_name, org, zh_org, rtype = person
    login = name.lower().replace(" ", ".")
    return {
        "RegistrantProfileId": pid, "RegistrantType": rtype, "RegistrantProfileType": "common",
        "RealNameStatus": "SUCCEED", "EmailVerificationStatus": 1, "DefaultRegistrantProfile": default,
        "CreateTime": "2024-01-0%d 10:00:00" % (idx + 1), "UpdateTime": "2024-01-0%d 10:00:00" % (idx + 1),
        "RegistrantName": name, "ZhRegistrantName": zh_name, "RegistrantOrganization": org,
        "ZhRegistrantOrganization": zh_org, "Email": "%s@example.com" % login, "Country": "CN",
        "Province": "zhe jiang", "ZhProvince": "浙江", "City": "hang zhou shi", "ZhCity": "杭州市",
        "Address": "No. %d Wen Yi West Road, Yu Hang District" % (969 + idx),
        "ZhAddress": "余杭区文一西路%d号" % (969 + idx), "PostalCode": "311121", "TelArea": "86",
        "Telephone": "1300000%04d" % (idx + 1), "TelExt": "",
    }


def bulk_seed(count, fraction=0.6, seed=20180129):
    """N domains, deterministic. Profile 1 is the target: ``fraction`` of the domains have
    registrant and admin contacts that differ from it; billing and tech always match it."""
    rng = random.Random(seed)
    profiles = [_bulk_profile(i + 1, person, i, default=(i == 0)) for i, person in enumerate(BULK_PEOPLE)]
    target = profiles[0]
    differing = set(rng.sample(range(count), int(round(count * fraction)))) if count else set()
    domains = []
    base = parse_time("2020-01-01 00:00:00")
    for i in range(count):
        if i % 10 == 7:
            name = "%s%d.%s" % (BULK_ZH_WORDS[i % len(BULK_ZH_WORDS)], i, BULK_IDN_TLDS[(i // 10) % len(BULK_IDN_TLDS)])
        else:
            name = "bulk-%05d-%s.%s" % (i, BULK_WORDS[rng.randrange(len(BULK_WORDS))], BULK_TLDS[i % len(BULK_TLDS)])
        reg_epoch = base + rng.randrange(0, 5 * 365 * 86400)
        years = rng.choice([1, 2, 3, 5, 10])
        created = fmt_time(reg_epoch)
        match = contact_of(target, created)
        if i in differing:
            other = profiles[1 + (i % 2)]
            reg = contact_of(other, created)
            reg["Email"] = "owner%05d@example.net" % i
            admin = contact_of(other, created)
            admin["Telephone"] = "1390000%04d" % (i % 10000)
        else:
            reg, admin = dict(match), dict(match)
        domains.append({
            "DomainName": name,
            "InstanceId": "S2020%014d" % (i + 1),
            "RegistrationDate": created,
            "ExpirationDate": fmt_time(reg_epoch + years * 365 * 86400 + 86400 * 400),
            "DomainGroupId": 3000 + (i % 3), "DomainGroupName": ["web", "mail", "parked"][i % 3],
            "Tag": [{"Key": "batch", "Value": "b%d" % (i % 4)}],
            "RegistrantType": (other["RegistrantType"] if i in differing else target["RegistrantType"]),
            "contacts": {"registrant": reg, "admin": admin, "billing": dict(match), "tech": dict(match)},
        })
    return {"profiles": profiles, "domains": domains}


# ------------------------------------------------------------------ the state
class State(object):
    def __init__(self, seed="demo", task_seconds=2.0, clock=time.time):
        self.lock = threading.RLock()
        self.clock = clock
        self.task_seconds = float(task_seconds)
        self.busy_check = True
        self.dirty = False
        self.load(load_seed(seed))

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
            counters = data.get("counters", {})
            self.next_profile_id = int(counters.get("next_profile_id") or
                                       (max(self.profiles) + 1 if self.profiles else 10000001))
            self.next_detail_no = int(counters.get("next_detail_no") or 40000001)
            self.stats = {"tasks_created": 0, "task_details_created": 0, "duplicate_tasks": 0,
                          "noop_task_details": 0, "task_details_succeeded": 0, "task_details_failed": 0,
                          "busy_rejections": 0}
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
        pair = (name, det["ContactType"])
        self.busy[name] = self.busy.get(name, 0) + 1
        self.busy_pair[pair] = self.busy_pair.get(pair, 0) + 1

    def _untrack(self, det):
        self.inflight.pop(det["TaskDetailNo"], None)
        name = det["DomainName"]
        pair = (name, det["ContactType"])
        for index, key in ((self.busy, name), (self.busy_pair, pair)):
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
        dom = self.domains.get(det["DomainName"])
        reason = det.get("fail_reason")
        if dom is None:
            reason = reason or ("DomainNotExist", "The domain name does not exist.")
        elif dom.get("UpdateProhibitionLock") == "OPEN":
            reason = ("The domain name is in the update prohibited state (clientUpdateProhibited); "
                      "turn off the update prohibition lock first.",
                      "DomainUpdateProhibited")
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
            "TryCount": 0 if code == 0 else 1,
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
            view.update({"TaskTypeCode": TASK_TYPE_CODE[task["TaskType"]], "TaskBizType": "",
                         "TaskCancelStatus": "INIT", "TaskCancelStatusCode": 0, "TaskResult": ""})
        return view

    def _domain(self, name):
        dom = self.domains.get(norm_domain(name))
        if dom is None:
            raise ApiError(400, "DomainNotExist", "The domain name does not exist.")
        return dom

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
        duration = max(self.task_seconds, 0.0)
        for dom in domains:
            name = dom["DomainName"]
            if self.busy_pair.get((name, ctype)):
                self.stats["duplicate_tasks"] += 1
            current = dom["contacts"][ctype]
            if all((current.get(f) or "").strip() == (target.get(f) or "").strip() for f in CONTACT_FIELDS):
                self.stats["noop_task_details"] += 1
            det = {
                "TaskNo": task["TaskNo"], "TaskDetailNo": str(self.next_detail_no), "DomainName": name,
                "InstanceId": dom["InstanceId"], "ContactType": ctype, "TaskType": task_type,
                "created": now, "start_at": now + duration / 3.0, "finish_at": now + duration,
                "target": dict(target), "registrant_type": registrant_type, "real_name_status": real_name,
                "transfer_lock": bool(transfer_lock), "fail_reason": fail,
                "profile_id": profile["RegistrantProfileId"] if profile else None, "result": None,
            }
            self.next_detail_no += 1
            task["details"].append(det)
            self._track(det)
            self.stats["task_details_created"] += 1
        self.tasks.append(task)
        self.task_index[task["TaskNo"]] = task
        self.stats["tasks_created"] += 1
        self.dirty = True
        self._advance(now)
        return task

    # ------------------------------------------------------------ dispatch
    def handle(self, action, params, client_ip="127.0.0.1"):
        handler = ACTIONS.get(action)
        if handler is None:
            raise ApiError(404, "InvalidAction.NotFound",
                           "Specified api is not found, please check your url and method.")
        with self.lock:
            now = self.clock()
            self._advance(now)
            return handler(self, params, now, params.get("UserClientIp") or client_ip)

    def is_write(self, action):
        return action in WRITE_ACTIONS

    # ------------------------------------------------------------ profiles
    def _profile_view(self, prof):
        return {k: v for k, v in prof.items() if not k.startswith("_")}

    def a_query_registrant_profiles(self, params, now, ip):
        page_num = p_int(params, "PageNum", minimum=1) or 1
        page_size = p_int(params, "PageSize", minimum=1, maximum=PROFILE_PAGE_MAX) or 10
        pid = p_int(params, "RegistrantProfileId")
        default = p_bool(params, "DefaultRegistrantProfile")
        exact = {k: p_str(params, k) for k in ("RealNameStatus", "RegistrantProfileType", "RegistrantType")}
        contains = {k: p_str(params, k) for k in ("Email", "RegistrantOrganization", "ZhRegistrantOrganization",
                                                  "Remark")}
        if exact["RealNameStatus"] and exact["RealNameStatus"] not in REAL_NAME_STATUSES:
            raise illegal("RealNameStatus")
        items = []
        for prof in sorted(self.profiles.values(), key=lambda p: p["RegistrantProfileId"]):
            if pid is not None and prof["RegistrantProfileId"] != pid:
                continue
            if default is not None and bool(prof.get("DefaultRegistrantProfile")) != default:
                continue
            if any(v and str(prof.get(k)) != v for k, v in exact.items()):
                continue
            if any(v and v.lower() not in (prof.get(k) or "").lower() for k, v in contains.items()):
                continue
            items.append(self._profile_view(prof))
        rows, paging = page_of(items, page_num, page_size)
        paging["RegistrantProfiles"] = {"RegistrantProfile": rows}
        return paging

    def a_save_registrant_profile(self, params, now, ip):
        pid = p_int(params, "RegistrantProfileId")
        rtype = p_str(params, "RegistrantType")
        if rtype is not None and rtype not in ("1", "2"):
            raise illegal("RegistrantType", "Valid values: 1 (individual), 2 (enterprise).")
        ptype = p_str(params, "RegistrantProfileType")
        if ptype is not None and ptype not in ("common", "cnnic"):
            raise illegal("RegistrantProfileType")
        email = p_str(params, "Email")
        if email is not None and ("@" not in email or email.startswith("@") or email.endswith("@")):
            raise illegal("Email")
        default = p_bool(params, "DefaultRegistrantProfile")
        stamp = fmt_time(now)
        if pid is None:
            pid = self.next_profile_id
            self.next_profile_id += 1
            prof = dict(PROFILE_DEFAULTS)
            prof.update({"RegistrantProfileId": pid, "CreateTime": stamp})
            for f in CONTACT_FIELDS:
                prof[f] = ""
            self.profiles[pid] = prof
        else:
            prof = self.profiles.get(pid)
            if prof is None:
                raise illegal("RegistrantProfileId", "The registrant profile does not exist.")
        for f in CONTACT_FIELDS:
            if f in params:
                prof[f] = params[f]
        if rtype is not None:
            prof["RegistrantType"] = rtype
        if ptype is not None:
            prof["RegistrantProfileType"] = ptype
        if default is not None:
            if default:
                for other in self.profiles.values():
                    other["DefaultRegistrantProfile"] = False
            prof["DefaultRegistrantProfile"] = default
        prof["UpdateTime"] = stamp
        self.dirty = True
        return {"RegistrantProfileId": pid}

    def a_delete_registrant_profile(self, params, now, ip):
        pid = p_int(params, "RegistrantProfileId", required=True)
        if pid not in self.profiles:
            raise illegal("RegistrantProfileId", "The registrant profile does not exist.")
        del self.profiles[pid]
        self.dirty = True
        return {}

    # ------------------------------------------------------------ domains
    def _domain_base(self, dom, now):
        reg = dom["contacts"]["registrant"]
        exp = parse_time(dom["ExpirationDate"])
        regd = parse_time(dom["RegistrationDate"])
        return {
            "DomainName": dom["DomainName"],
            "InstanceId": dom["InstanceId"],
            "DomainStatus": dom["DomainStatus"],
            "DomainType": dom["DomainType"],
            "DomainGroupId": dom.get("DomainGroupId"),
            "DomainGroupName": dom.get("DomainGroupName"),
            "ExpirationDate": dom["ExpirationDate"],
            "ExpirationDateLong": exp * 1000,
            "ExpirationCurrDateDiff": int(math.floor((exp - now) / 86400.0)),
            "ExpirationDateStatus": "1" if exp > now else "2",
            "RegistrationDate": dom["RegistrationDate"],
            "RegistrationDateLong": regd * 1000,
            "Premium": bool(dom.get("Premium")),
            "Remark": dom.get("Remark", ""),
            "ResourceGroupId": dom.get("ResourceGroupId"),
            "RegistrantType": dom.get("RegistrantType"),
            "_reg": reg,
        }

    def _domain_detail(self, dom, now, by_instance):
        view = self._domain_base(dom, now)
        reg = view.pop("_reg")
        view.update({
            "CnnicPrivacyServiceStatus": dom.get("CnnicPrivacyServiceStatus"),
            "DnsList": {"Dns": list(dom.get("DnsList") or [])},
            "DomainNameProxyService": bool(dom.get("DomainNameProxyService")),
            "DomainNameVerificationStatus": dom.get("DomainNameVerificationStatus"),
            "Email": reg.get("Email"),
            "EmailVerificationClientHold": bool(dom.get("EmailVerificationClientHold")),
            "EmailVerificationStatus": int(dom.get("EmailVerificationStatus") or 0),
            "PrivacyServiceStatus": dom.get("PrivacyServiceStatus"),
            "RealNameStatus": dom.get("RealNameStatus"),
            "RegistrantName": reg.get("RegistrantName"),
            "RegistrantOrganization": reg.get("RegistrantOrganization"),
            "ZhRegistrantName": reg.get("ZhRegistrantName"),
            "ZhRegistrantOrganization": reg.get("ZhRegistrantOrganization"),
            "RegistrantUpdatingStatus": "PENDING" if self.busy.get(dom["DomainName"]) else "NORMAL",
            "TransferOutStatus": dom.get("TransferOutStatus"),
            "TransferProhibitionLock": dom.get("TransferProhibitionLock"),
            "UpdateProhibitionLock": dom.get("UpdateProhibitionLock"),
            "UserId": dom.get("UserId"),
        })
        if by_instance:
            view["DomainLifecycleStatus"] = dom.get("DomainLifecycleStatus")
            view["Tag"] = {"Tag": [{"Key": t.get("Key"), "Value": t.get("Value")} for t in dom.get("Tag") or []]}
        else:
            view["Registrar"] = dom.get("Registrar")
            view["Tag"] = {"Tag": [{"Key": t.get("Key"), "Vaue": t.get("Value")} for t in dom.get("Tag") or []]}
        return strip_none(view)

    def a_query_domain_by_domain_name(self, params, now, ip):
        dom = self._domain(p_str(params, "DomainName", required=True))
        return self._domain_detail(dom, now, by_instance=False)

    def a_query_domain_by_instance_id(self, params, now, ip):
        iid = p_str(params, "InstanceId", required=True)
        name = self.by_instance.get(iid)
        if name is None or name not in self.domains:
            raise ApiError(400, "DomainNotExist", "The domain name does not exist.")
        return self._domain_detail(self.domains[name], now, by_instance=True)

    def a_query_domain_list(self, params, now, ip):
        page_num = p_int(params, "PageNum", required=True, minimum=1)
        page_size = p_int(params, "PageSize", required=True, minimum=1, maximum=LIST_PAGE_MAX)
        name_part = p_str(params, "DomainName")
        group = p_str(params, "DomainGroupId")
        tags = p_tags(params)
        bounds = {k: p_int(params, k) for k in ("StartExpirationDate", "EndExpirationDate",
                                                "StartRegistrationDate", "EndRegistrationDate")}
        order_key = p_str(params, "OrderKeyType")
        order_by = (p_str(params, "OrderByType") or "ASC").upper()
        if order_key is not None and order_key not in ("RegistrationDate", "ExpirationDate"):
            raise illegal("OrderKeyType")
        if order_by not in ("ASC", "DESC"):
            raise illegal("OrderByType")
        auto_renew = p_bool(params, "AutoRenewEnabled")
        needle = norm_domain(name_part) if name_part else None
        need_dates = bool(order_key) or any(v is not None for v in bounds.values())
        if not (needle or group is not None or auto_renew is not None or tags or need_dates):
            doms, paging = page_of(list(self.domains.values()), page_num, page_size)
            return self._domain_list_page(doms, paging, now)
        selected = []
        for dom in self.domains.values():
            if needle and needle not in dom["DomainName"]:
                continue
            if group is not None and str(dom.get("DomainGroupId")) != group:
                continue
            if auto_renew is not None and bool(dom.get("AutoRenewEnabled")) != auto_renew:
                continue
            dtags = dom.get("Tag") or []
            if tags and any(not any(t.get("Key") == want.get("Key") and
                                    (want.get("Value") in (None, "") or t.get("Value") == want.get("Value"))
                                    for t in dtags) for want in tags):
                continue
            if not need_dates:
                selected.append((0, "", dom))
                continue
            exp = parse_time(dom["ExpirationDate"]) * 1000
            regd = parse_time(dom["RegistrationDate"]) * 1000
            if bounds["StartExpirationDate"] is not None and exp < bounds["StartExpirationDate"]:
                continue
            if bounds["EndExpirationDate"] is not None and exp > bounds["EndExpirationDate"]:
                continue
            if bounds["StartRegistrationDate"] is not None and regd < bounds["StartRegistrationDate"]:
                continue
            if bounds["EndRegistrationDate"] is not None and regd > bounds["EndRegistrationDate"]:
                continue
            selected.append((exp if order_key == "ExpirationDate" else regd, dom["DomainName"], dom))
        if order_key:
            selected.sort(key=lambda row: (row[0], row[1]), reverse=(order_by == "DESC"))
        doms, paging = page_of([row[2] for row in selected], page_num, page_size)
        return self._domain_list_page(doms, paging, now)

    def _domain_list_page(self, doms, paging, now):
        rows = []
        for dom in doms:
            view = self._domain_base(dom, now)
            reg = view.pop("_reg")
            view.update({
                "AutoRenewEnabled": bool(dom.get("AutoRenewEnabled")),
                "Ccompany": reg.get("ZhRegistrantOrganization") or reg.get("RegistrantOrganization"),
                "ChgholderStatus": "PENDING" if self.busy_pair.get((dom["DomainName"], "registrant")) else "NORMAL",
                "DnsList": {"DnsList": list(dom.get("DnsList") or [])},
                "DomainAuditStatus": dom.get("DomainAuditStatus"),
                "DomainGroupId": None if dom.get("DomainGroupId") is None else str(dom.get("DomainGroupId")),
                "ProductId": dom.get("ProductId"),
                "Registrar": dom.get("Registrar"),
                "Tag": {"Tag": [{"Key": t.get("Key"), "Value": t.get("Value")} for t in dom.get("Tag") or []]},
            })
            rows.append(strip_none(view))
        paging["Data"] = {"Domain": rows}
        return paging

    def a_query_contact_info(self, params, now, ip):
        ctype = contact_type_param(params)
        dom = self._domain(p_str(params, "DomainName", required=True))
        return strip_none(dict(dom["contacts"][ctype]))

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
}
WRITE_ACTIONS = frozenset(a for a in ACTIONS if a.startswith(("Save", "Delete")))
