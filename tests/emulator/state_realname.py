"""Real-name verification of registrant profiles in the Domain API emulator.

``RegistrantProfileRealNameVerification``: ``RegistrantProfileID``, ``IdentityCredentialNo``,
``IdentityCredentialType`` in the query, ``IdentityCredential`` (the base64 image) in the form body, as the SDK
sends them. The image must decode to a JPG or BMP of 55 KB to 1 MB (``ParameterIllegal`` otherwise; neither the
image nor the number is ever echoed). The profile's ``RealNameStatus`` becomes ``AUDITING``; after
``realname_seconds`` (default 3) it becomes ``SUCCEED``, or ``FAILED`` when the credential number ends in
``0000`` (the documented marker of a credential the audit rejects), with a reason that
``QueryFailReasonForRegistrantProfileRealNameVerification`` returns (``Data: [{Date, FailReason}]``, newest
first). A second submission while auditing: 400 ``DomainAlreadyAuditing``; for a profile already verified: 400
``RegistrantProfileRealNameVerified`` (chosen code). ``QueryRegistrantProfileRealNameVerificationInfo``
(``RegistrantProfileId``, ``FetchImage``) answers the type, the number masked, the dates and an
``IdentityCredentialUrl``; the emulator keeps only the image's SHA-256 and size, so ``IdentityCredential`` is
always empty.
"""

import base64
import binascii
import hashlib

from state_model import (ApiError, fmt_time, illegal, missing, p_bool, p_int, p_str)

CREDENTIAL_TYPES = ("SFZ", "HZ", "TXZ", "TWTXZ", "JGZ", "YYZZ", "ORG", "XYDM", "GAJMZ", "TWJMZ", "WJLSFZ", "QT")
IMAGE_MIN, IMAGE_MAX = 55 * 1024, 1024 * 1024
FAIL_MARKER = "0000"
FAIL_REASON = "The identity credential image is unclear or does not match the credential number."


def _mask(number):
    number = number.strip()
    if len(number) <= 4:
        return "*" * len(number)
    return number[:2] + "*" * (len(number) - 4) + number[-2:]


def _image(params):
    raw = p_str(params, "IdentityCredential")
    if raw is None:
        raise missing("IdentityCredential")
    try:
        data = base64.b64decode(raw.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise illegal("IdentityCredential", "It must be a base64-encoded JPG or BMP image.")
    if not (data[:3] == b"\xff\xd8\xff" or data[:2] == b"BM"):
        raise illegal("IdentityCredential", "The image must be in JPG or BMP format.")
    if not IMAGE_MIN <= len(data) <= IMAGE_MAX:
        raise illegal("IdentityCredential", "The image must be 55 KB to 1 MB.")
    return data


class RealNameActions(object):
    """Mixed into ``state.State``: runs under ``State.lock``, with ``self`` the state."""

    def load_audits(self, data):
        self.audits = {}
        for raw in data.get("audits") or []:
            self.audits[int(raw["profile_id"])] = dict(raw)

    def _advance_audits(self, now):
        for audit in self.audits.values():
            if audit["status"] == "AUDITING" and audit["finish_at"] <= now:
                self._settle_audit(audit, audit["finish_at"])

    def _settle_audit(self, audit, when):
        audit["status"] = "FAILED" if audit["fail"] else "SUCCEED"
        audit["modified"] = when
        if audit["fail"]:
            audit.setdefault("fail_reasons", []).insert(0, {"Date": fmt_time(when), "FailReason": FAIL_REASON})
        prof = self.profiles.get(audit["profile_id"])
        if prof is not None:
            prof["RealNameStatus"] = audit["status"]
            prof["UpdateTime"] = fmt_time(when)
        self.dirty = True

    def complete_audits(self):
        """Control API: every audit under way ends now."""
        with self.lock:
            now = self.clock()
            pending = [a for a in self.audits.values() if a["status"] == "AUDITING"]
            for audit in pending:
                self._settle_audit(audit, now)
            return len(pending)

    def _audited_profile(self, params, name):
        pid = p_int(params, name)
        if pid is None:
            pid = p_int(params, "RegistrantProfileId" if name == "RegistrantProfileID" else "RegistrantProfileID")
        if pid is None:
            raise missing(name)
        prof = self.profiles.get(pid)
        if prof is None:
            raise illegal(name, "The registrant profile does not exist.")
        return prof

    # ------------------------------------------------------------ actions
    def a_registrant_profile_real_name_verification(self, params, now, ip):
        prof = self._audited_profile(params, "RegistrantProfileID")
        number = p_str(params, "IdentityCredentialNo", required=True)
        ctype = p_str(params, "IdentityCredentialType", required=True)
        if ctype not in CREDENTIAL_TYPES:
            raise illegal("IdentityCredentialType", "Valid values: %s." % ", ".join(CREDENTIAL_TYPES))
        image = _image(params)
        if prof.get("RealNameStatus") == "AUDITING":
            raise ApiError(400, "DomainAlreadyAuditing", "The real-name verification is being audited already.")
        if prof.get("RealNameStatus") == "SUCCEED":
            raise ApiError(400, "RegistrantProfileRealNameVerified",
                           "The registrant profile has passed real-name verification already.")
        pid = prof["RegistrantProfileId"]
        previous = self.audits.get(pid, {})
        audit = {"profile_id": pid, "status": "AUDITING", "submitted": now, "modified": now,
                 "finish_at": now + max(self.realname_seconds, 0.0), "fail": number.strip().endswith(FAIL_MARKER),
                 "credential_type": ctype, "credential_no": _mask(number),
                 "image_sha256": hashlib.sha256(image).hexdigest(), "image_size": len(image),
                 "fail_reasons": list(previous.get("fail_reasons", []))}
        self.audits[pid] = audit
        prof.update({"RealNameStatus": "AUDITING", "CredentialType": ctype, "CredentialNo": audit["credential_no"],
                     "UpdateTime": fmt_time(now)})
        self.dirty = True
        self._advance_audits(now)
        return {}

    def a_query_registrant_profile_real_name_verification_info(self, params, now, ip):
        prof = self._audited_profile(params, "RegistrantProfileId")
        p_bool(params, "FetchImage")
        pid = prof["RegistrantProfileId"]
        audit = self.audits.get(pid)
        if audit is None:
            return {"RegistrantProfileId": pid}
        return {
            "RegistrantProfileId": pid,
            "IdentityCredential": "",
            "IdentityCredentialNo": audit["credential_no"],
            "IdentityCredentialType": audit["credential_type"],
            "IdentityCredentialUrl": "https://emulator.invalid/credential/%s.jpg" % audit["image_sha256"][:16],
            "SubmissionDate": fmt_time(audit["submitted"]),
            "ModificationDate": fmt_time(audit["modified"]),
        }

    def a_query_fail_reason_for_profile_real_name(self, params, now, ip):
        prof = self._audited_profile(params, "RegistrantProfileID")
        audit = self.audits.get(prof["RegistrantProfileId"]) or {}
        return {"Data": [dict(item) for item in audit.get("fail_reasons", [])]}
