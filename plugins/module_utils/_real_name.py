# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.domain contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Real-name verification of a registrant profile: the credential checked, submitted once, waited for, explained.

``RegistrantProfileRealNameVerification`` carries the identity credential image in the request BODY (base64,
form-encoded, as the SDK sends it; not ``SaveRegistrantProfileRealNameVerification``, which puts it in the URL),
the credential number and type in the query. The status is the profile's ``RealNameStatus``
(``QueryRegistrantProfiles``): NONAUDIT, AUDITING, SUCCEED or FAILED. A profile AUDITING or SUCCEED is never
submitted again; a FAILED one is, when a credential is given (the user supplies a corrected one).

The image and the number are personal data and secret-like: they are read and sent, never returned, never put
in a message (the file's path neither: it can hold a person's name).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64
import os
import stat
import time

from ansible_collections.alicloud.domain.plugins.module_utils._api.errors import (
    AmbiguousWriteError, ApiError, ConfigurationError, DomainError)
from ansible_collections.alicloud.domain.plugins.module_utils._contacts import contact as c

SUBMIT = "RegistrantProfileRealNameVerification"
INFO = "QueryRegistrantProfileRealNameVerificationInfo"
FAIL_REASON = "QueryFailReasonForRegistrantProfileRealNameVerification"
ALREADY_AUDITING = "DomainAlreadyAuditing"
# The codes of the docs' table of credential types (help.aliyun.com document 72209): individuals SFZ identity card,
# HZ passport, TXZ mainland travel permit for Hong Kong and Macao residents, TW the same for Taiwan residents,
# WAIGUOREN foreigner's permanent residence card, HKMOJUMIN residence permit for Hong Kong, Macao and Taiwan
# residents; organizations ORG, YYZZ, XYDM and the rest; QT other. The SDK's docstring names only the first six.
CREDENTIAL_TYPES = ("SFZ", "HZ", "TXZ", "TW", "WAIGUOREN", "HKMOJUMIN", "ORG", "YYZZ", "XYDM", "BUDUIDAIHAO",
                    "JUNDUIFUWU", "SHIYEDANWEI", "WAIGUOQIYE", "SHEHUITUANTI", "ZONGJIAOCHANGSUO", "MINBANFEIQIYE",
                    "JIJINHUI", "LVSHISHIWUSUO", "WAIGUOWENHUA", "WAIGUOLVYOU", "SIFAJIANDING", "WAIGUOJIGOU",
                    "SHEHUIFUWUJIGOU", "MINBANXUEXIAO", "YILIAOJIGOU", "GONGZHENGJIGOU", "ZHUHUAZINVXUEXIAO", "QT")
MIN_IMAGE, MAX_IMAGE = 55 * 1024, 1024 * 1024  # "between 55 KB and 1 MB"
NOT_TO_SUBMIT = ("SUCCEED", "AUDITING")
FINAL = ("SUCCEED", "FAILED")
_MAGIC = ((b"\xff\xd8\xff", "jpg"), (b"BM", "bmp"))


class RealNameFailed(DomainError):
    """The audit ended FAILED; the message carries the service's reason."""


class Credential:
    """A checked identity credential. ``repr`` and ``str`` name nothing of it."""

    def __init__(self, image_b64, number, ctype, image_format, size):
        self.image_b64, self.number, self.type = image_b64, number, ctype
        self.format, self.size = image_format, size

    def __repr__(self):
        return "<Credential %s, %s image of %d bytes>" % (self.type, self.format, self.size)

    __str__ = __repr__

    def secrets(self):
        return [self.number, self.image_b64]


def load_credential(path, number, ctype, option="identity_credential_file"):
    """Check the image (a jpg or bmp file of 55 KB to 1 MB, by its magic bytes) and the number, before any call."""
    if not path or not number or not ctype:
        raise ConfigurationError("identity_credential_file, identity_credential_no and identity_credential_type go "
                                 "together: give all three to submit a real-name verification.")
    ctype = str(ctype).strip().upper()
    if ctype not in CREDENTIAL_TYPES:
        raise ConfigurationError("identity_credential_type must be one of %s." % ", ".join(CREDENTIAL_TYPES))
    number = str(number).strip()
    if not number or len(number) > 64 or any(ch.isspace() for ch in number):
        raise ConfigurationError("identity_credential_no must be the credential's number, without spaces "
                                 "(its value is not shown).")
    try:
        info = os.stat(path)
    except OSError as err:
        raise ConfigurationError("%s cannot be read on the controller (%s); its path is not shown."
                                 % (option, os.strerror(err.errno) if err.errno else type(err).__name__))
    if not stat.S_ISREG(info.st_mode):
        raise ConfigurationError("%s must be a regular file (a jpg or bmp image)." % option)
    if not MIN_IMAGE <= info.st_size <= MAX_IMAGE:
        raise ConfigurationError("%s is %d bytes; the service takes an image of 55 KB to 1 MB (%d to %d bytes)."
                                 % (option, info.st_size, MIN_IMAGE, MAX_IMAGE))
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_IMAGE + 1)
    except (IOError, OSError) as err:
        raise ConfigurationError("%s cannot be read on the controller (%s)."
                                 % (option, os.strerror(err.errno) if err.errno else type(err).__name__))
    image_format = None
    for magic, name in _MAGIC:
        if data.startswith(magic):
            image_format = name
    if image_format is None:
        raise ConfigurationError("%s is not a JPG or BMP image (by its first bytes); the service takes only these."
                                 % option)
    if not MIN_IMAGE <= len(data) <= MAX_IMAGE:
        raise ConfigurationError("%s changed while it was read; give a file of 55 KB to 1 MB." % option)
    return Credential(base64.b64encode(data).decode("ascii"), number, ctype, image_format, len(data))


def status_of(client, profile_id):
    profile = c.find_profile(client, profile_id)
    return (profile or {}).get("RealNameStatus"), profile


def fail_reasons(client, profile_id):
    """The service's reasons of failed audits, newest first: ``[{date, fail_reason}]``."""
    answer = client.call(FAIL_REASON, {"RegistrantProfileID": int(profile_id)})
    data = answer.get("Data")
    if isinstance(data, dict):  # some answers wrap the list
        data = data.get("Data") or data.get("FailRecord") or []
    rows = [{"date": d.get("Date"), "fail_reason": d.get("FailReason")} for d in data or [] if isinstance(d, dict)]
    return sorted(rows, key=lambda r: str(r.get("date") or ""), reverse=True)


def last_fail_reason(client, profile_id):
    rows = fail_reasons(client, profile_id)
    return rows[0]["fail_reason"] if rows else None


def verification_info(client, profile_id):
    """Dates and credential type of the submitted verification; never the image, its URL nor the number."""
    answer = client.call(INFO, {"RegistrantProfileId": int(profile_id), "FetchImage": False})
    return {"submission_date": answer.get("SubmissionDate"), "modification_date": answer.get("ModificationDate"),
            "identity_credential_type": answer.get("IdentityCredentialType")}


def submit(client, profile_id, credential):
    return client.call(SUBMIT, {"RegistrantProfileID": int(profile_id), "IdentityCredentialNo": credential.number,
                                "IdentityCredentialType": credential.type},
                       form={"IdentityCredential": credential.image_b64})


def wait_for_audit(client, profile_id, timeout, interval, clock=None, sleep=None):
    """Poll the profile's status until SUCCEED or FAILED; ``(status, profile)`` as last read (may be AUDITING)."""
    clock = clock or time.monotonic
    sleep = sleep or time.sleep
    deadline = clock() + timeout
    while True:
        status, profile = status_of(client, profile_id)
        left = deadline - clock()
        if status in FINAL or status not in ("AUDITING",) or left <= 0:
            return status, profile
        sleep(min(interval, left))
        interval = min(interval * 1.5, 60.0)


def ensure_submitted(client, profile_id, credential, profile=None, check_mode=False, wait=False, wait_timeout=600,
                     poll_interval=10.0):
    """Submit the verification of ``profile_id`` unless it is SUCCEED or AUDITING; wait when asked.

    Returns ``(changed, summary, profile)``; ``summary`` = ``{action, status_before, status, fail_reason?}``.
    Raises :class:`RealNameFailed` when the audit waited for ended FAILED, and ``DomainError`` when it is still
    auditing at the timeout."""
    if profile is None:
        _status, profile = status_of(client, profile_id)
    before = (profile or {}).get("RealNameStatus") or "NONAUDIT"
    summary = {"action": "none", "status_before": before, "status": before}
    if before == "SUCCEED" or (before == "AUDITING" and (check_mode or not wait)):
        return False, summary, profile
    if before == "AUDITING":  # submitted earlier: nothing to send, only the wait that was asked for
        return False, _waited(client, profile_id, summary, wait_timeout, poll_interval), profile
    if before == "FAILED":
        summary["previous_fail_reason"] = last_fail_reason(client, profile_id)
    if check_mode:
        summary.update(action="would_submit", status="AUDITING")
        return True, summary, profile
    warnings = []
    try:
        answer = submit(client, profile_id, credential)
        summary["request_id"] = answer.get("RequestId")
        summary["action"] = "submitted"
    except AmbiguousWriteError as lost:
        status, _profile = status_of(client, profile_id)
        if status not in NOT_TO_SUBMIT:  # not under audit: it was not carried out; never sent a second time
            raise
        summary["action"] = "submitted"
        warnings.append("The answer to %s was lost (%s); the profile was found under audit." % (SUBMIT, lost.code))
    except ApiError as err:
        if err.code != ALREADY_AUDITING:
            raise
        summary["action"] = "none"  # the service says an audit is running already: nothing was submitted now
        summary["code"] = err.code
    if warnings:
        summary["warnings"] = warnings
    if wait:
        _waited(client, profile_id, summary, wait_timeout, poll_interval)
    else:
        status, profile = status_of(client, profile_id)
        summary["status"] = status or "AUDITING"
        if status == "FAILED":
            summary["fail_reason"] = last_fail_reason(client, profile_id)
    return summary["action"] == "submitted", summary, profile


def _waited(client, profile_id, summary, wait_timeout, poll_interval):
    """Wait for the audit and put its end in ``summary``; FAILED or a timeout raise, with the summary."""
    status, _profile = wait_for_audit(client, profile_id, wait_timeout, poll_interval)
    summary["status"] = status or "AUDITING"
    extra = {"changed": summary["action"] == "submitted", "real_name_verification": summary,
             "registrant_profile_id": int(profile_id), "real_name_status": summary["status"]}
    if status == "FAILED":
        summary["fail_reason"] = last_fail_reason(client, profile_id)
        raise RealNameFailed("The real-name audit of registrant profile %s FAILED: %s"
                             % (profile_id, summary["fail_reason"] or "no reason given"), extra)
    if status != "SUCCEED":
        raise DomainError("The real-name audit of registrant profile %s is still %s after %s s (audits take 3 to 5 "
                          "business days at the service); run again later, nothing is submitted twice."
                          % (profile_id, status, wait_timeout), extra)
    return summary


def add_to_profile_result(client, result, credential, check_mode=False, diff=False, wait=False, wait_timeout=600,
                          poll_interval=10.0):
    """Submit the real-name verification of the profile in ``result`` (of ``_profiles.ensure_present``) when it
    needs one, and put the outcome in it: ``real_name_verification``, ``real_name_status``, ``changed``, diff."""
    profile_id = result.get("registrant_profile_id")
    before = result.get("real_name_status")
    if profile_id is None:  # check mode, the profile would first be created
        summary = {"action": "would_submit", "status_before": None, "status": "AUDITING"}
        changed = True
    else:
        changed, summary, _profile = ensure_submitted(
            client, profile_id, credential, profile={"RealNameStatus": before} if before else None,
            check_mode=check_mode, wait=wait, wait_timeout=wait_timeout, poll_interval=poll_interval)
    warnings = summary.pop("warnings", None)
    if warnings:
        result["warnings"] = list(result.get("warnings") or []) + warnings
    result["real_name_verification"] = summary
    result["real_name_status"] = summary["status"]
    if isinstance(result.get("profile"), dict) and result["profile"]:
        result["profile"]["real_name_status"] = summary["status"]
    if changed:
        result["changed"] = True
        if "real_name_status" not in result.get("differences", []):
            result.setdefault("differences", []).append("real_name_status")
    if diff and "diff" in result:
        result["diff"]["before"]["real_name_status"] = summary["status_before"]
        result["diff"]["after"]["real_name_status"] = summary["status"]
    return result


def annotate_profiles(client, records, details=False):
    """Add to each profile record (snake_case) of ``registrant_profile_info``: the reasons of a FAILED audit,
    and with ``details`` the dates and credential type of a submitted one (never the image nor the number)."""
    for record in records:
        status = record.get("real_name_status")
        profile_id = record.get("registrant_profile_id")
        if profile_id is None:
            continue
        if status == "FAILED":
            reasons = fail_reasons(client, profile_id)
            record["real_name_fail_reasons"] = reasons
            record["real_name_fail_reason"] = reasons[0]["fail_reason"] if reasons else None
        if details and status in ("AUDITING", "SUCCEED", "FAILED"):
            record["real_name_verification"] = verification_info(client, profile_id)
    return records
