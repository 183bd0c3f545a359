"""Data model of the Domain API emulator: constants, the API error, value and parameter helpers.

Split out of ``state.py`` (the data model and actions); behaviour unchanged.
"""

import calendar
import codecs
import functools
import math
import time
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
# lock tasks: the task types the service names (spec section 6); their numeric codes are not documented (chosen)
LOCK_TASK_TYPE = {"update": "SET_UPDATE_PROHIBITED", "transfer": "SET_TRANSFER_PROHIBITED"}
LOCK_FIELD = {"update": "UpdateProhibitionLock", "transfer": "TransferProhibitionLock"}
TASK_TYPE_CODE = {"CHG_HOLDER": 3, "UPDATE_ADMIN_CONTACT": 31, "UPDATE_BILLING_CONTACT": 32,
                  "UPDATE_TECH_CONTACT": 33, "SET_UPDATE_PROHIBITED": 21, "SET_TRANSFER_PROHIBITED": 22}
TASK_TYPE_DESCRIPTION = {
    "en": {"CHG_HOLDER": "Change registrant", "UPDATE_ADMIN_CONTACT": "Modify administrative contact",
           "UPDATE_BILLING_CONTACT": "Modify billing contact", "UPDATE_TECH_CONTACT": "Modify technical contact",
           "SET_UPDATE_PROHIBITED": "Set update prohibition lock",
           "SET_TRANSFER_PROHIBITED": "Set transfer prohibition lock"},
    "zh": {"CHG_HOLDER": "域名过户", "UPDATE_ADMIN_CONTACT": "修改管理联系人",
           "UPDATE_BILLING_CONTACT": "修改付费联系人", "UPDATE_TECH_CONTACT": "修改技术联系人",
           "SET_UPDATE_PROHIBITED": "设置禁止更新锁", "SET_TRANSFER_PROHIBITED": "设置禁止转移锁"},
}
# TaskCancelStatus values are documented (INIT, CANCELLING, COMPLETE), their codes are not (chosen: 0, 1, 2)
CANCEL_STATUS = {0: "INIT", 1: "CANCELLING", 2: "COMPLETE"}
# one error for a contact change of a domain under the update prohibition lock: the code a refused
# SaveSingleTaskForUpdatingContactInfo answers with is the FailReason a task detail carries (code chosen: the
# service documents none)
UPDATE_PROHIBITED_CODE = "DomainUpdateProhibited"
UPDATE_PROHIBITED_MESSAGE = ("The domain name is in the update prohibited state (clientUpdateProhibited); "
                             "turn off the update prohibition lock first.")
EMAIL_NOT_VERIFIED_CODE = "RegContactEmailNotVerified"
EMAIL_NOT_VERIFIED_MESSAGE = "The email address of the registrant contact has not been verified."
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
