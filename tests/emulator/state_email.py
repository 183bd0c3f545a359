"""Email verification of the Domain API emulator.

``SubmitEmailVerification`` (``Email``: addresses separated by commas, as the SDK sends them; ``SendIfExist``)
answers ``SuccessList`` / ``FailList`` / ``ExistList`` items ``{Code, Email, Message}``:

- a new address: a verification mail is "sent" (``Success``);
- an address with a pending mail and ``SendIfExist`` false (the default): ``ExistList``, code
  ``EmailVerificationExist``, nothing sent; with ``SendIfExist`` true the mail is sent again;
- an address already verified: ``ExistList``, code ``EmailVerified``;
- more than ``email_send_quota`` mails (default 5) to one address in 24 hours: ``FailList``,
  ``SendTokenQuotaExceeded``; a malformed address: ``FailList``, ``ParameterIllegal``.

``ResendEmailVerification`` sends again (``FailList``: ``EmailVerificationNotExist``, ``EmailVerified``,
``SendTokenQuotaExceeded``); ``DeleteEmailVerification`` removes the record (the profiles with that email are then
unverified again); ``QueryEmailVerification`` answers one record (400 ``EmailVerificationNotExist`` if none);
``ListEmailVerification`` pages them (``PageNum``, ``PageSize`` default 500, maximum 5000, filters ``Email``,
``VerificationStatus``, ``BeginCreateTime``/``EndCreateTime`` in epoch ms). ``VerificationStatus``: 0 waiting,
1 verified. A link is valid ``email_token_seconds`` (3 days, as the docs say) after ``TokenSendTime``; the
service shows no "expired" status, the client works it out from ``TokenSendTime``.

The link is "clicked" through the control API (``POST /_emulator/email/verify``): the record becomes verified,
and so does ``EmailVerificationStatus`` of every registrant profile with that email and of every domain whose
registrant contact has it. A registrant change to a profile whose email is not verified is accepted and its task
detail fails with ``RegContactEmailNotVerified`` (checked when the detail runs).
"""

from state_model import (LIST_PAGE_MAX, ApiError, fmt_time, missing, p_bool, p_int, p_str, page_of)

EMAIL_TOKEN_SECONDS = 3 * 86400.0
QUOTA_WINDOW = 86400.0
QUOTA_MESSAGE = "The maximum number of attempts allowed to send the email verification link is exceeded."


def _key(email):
    return (email or "").strip().lower()


def _emails_param(params):
    raw = p_str(params, "Email", required=True)
    seen, out = set(), []
    for email in (part.strip() for part in raw.split(",")):
        if email and _key(email) not in seen:
            seen.add(_key(email))
            out.append(email)
    if not out:
        raise missing("Email")
    return out


def _item(email, code, message):
    return {"Code": code, "Email": email, "Message": message}


def _valid(email):
    local, _at, host = email.partition("@")
    return bool(local) and "." in host and not host.startswith(".") and " " not in email


class EmailActions(object):
    """Mixed into ``state.State``: runs under ``State.lock``, with ``self`` the state."""

    def load_emails(self, data, now):
        self.emails = {}
        self.next_email_no = 1
        for raw in data.get("emails") or []:
            rec = dict(raw)
            self.emails[_key(rec["Email"])] = rec
            self.next_email_no = max(self.next_email_no, int(rec.get("EmailVerificationNo") or 0) + 1)
        if "emails" not in data:  # a seed: the addresses its profiles have verified are verified
            for prof in data.get("profiles", []):
                email = prof.get("Email")
                if email and int(prof.get("EmailVerificationStatus") or 0) == 1 and _key(email) not in self.emails:
                    rec = self._new_email(email, now, "127.0.0.1")
                    rec.update({"status": 1, "verified_at": now, "confirm_ip": "127.0.0.1"})

    def email_verified(self, email):
        rec = self.emails.get(_key(email))
        return bool(rec and rec["status"] == 1)

    def _new_email(self, email, now, ip):
        rec = {"Email": email, "EmailVerificationNo": str(self.next_email_no), "created": now, "modified": now,
               "send_ip": ip, "token_sent": None, "sends": [], "status": 0, "verified_at": None, "confirm_ip": ""}
        self.next_email_no += 1
        self.emails[_key(email)] = rec
        return rec

    def _send(self, rec, now, ip):
        """Send the mail (True) unless the daily quota of that address is used up (False)."""
        recent = [t for t in rec["sends"] if t > now - QUOTA_WINDOW]
        if len(recent) >= self.email_send_quota:
            rec["sends"] = recent
            return False
        rec["sends"] = recent + [now]
        rec.update({"token_sent": now, "modified": now, "send_ip": ip})
        self.stats["emails_sent"] += 1
        self.dirty = True
        return True

    def _sync_email(self, email, verified):
        """EmailVerificationStatus of the profiles (and, once verified, of the domains) with this address."""
        key = _key(email)
        for prof in self.profiles.values():
            if _key(prof.get("Email")) == key:
                prof["EmailVerificationStatus"] = 1 if verified else 0
        if verified:
            for dom in self.domains.values():
                if _key(dom["contacts"]["registrant"].get("Email")) == key:
                    dom["EmailVerificationStatus"] = 1
        self.dirty = True

    def _email_view(self, rec):
        return {
            "ConfirmIp": rec.get("confirm_ip") or "",
            "Email": rec["Email"],
            "EmailVerificationNo": rec["EmailVerificationNo"],
            "GmtCreate": fmt_time(rec["created"]),
            "GmtModified": fmt_time(rec["modified"]),
            "SendIp": rec.get("send_ip") or "",
            "TokenSendTime": fmt_time(rec["token_sent"]) if rec.get("token_sent") is not None else "",
            "UserId": "1200000000000001",
            "VerificationStatus": rec["status"],
            "VerificationTime": fmt_time(rec["verified_at"]) if rec.get("verified_at") is not None else "",
        }

    # ------------------------------------------------------------ actions
    def a_submit_email_verification(self, params, now, ip):
        again = bool(p_bool(params, "SendIfExist"))
        result = {"SuccessList": [], "FailList": [], "ExistList": []}
        for email in _emails_param(params):
            if not _valid(email):
                result["FailList"].append(_item(email, "ParameterIllegal", "The email address is illegal."))
                continue
            rec = self.emails.get(_key(email))
            if rec is not None and rec["status"] == 1:
                result["ExistList"].append(_item(email, "EmailVerified", "The email address has been verified."))
                continue
            if rec is not None and not again:
                result["ExistList"].append(_item(email, "EmailVerificationExist",
                                                 "A verification email has been sent to this address already."))
                continue
            rec = rec or self._new_email(email, now, ip)
            if self._send(rec, now, ip):
                result["SuccessList"].append(_item(email, "Success", "Success"))
            else:
                result["FailList"].append(_item(email, "SendTokenQuotaExceeded", QUOTA_MESSAGE))
        return result

    def a_resend_email_verification(self, params, now, ip):
        result = {"SuccessList": [], "FailList": []}
        for email in _emails_param(params):
            rec = self.emails.get(_key(email))
            if rec is None:
                result["FailList"].append(_item(email, "EmailVerificationNotExist",
                                                "No verification email was submitted for this address."))
            elif rec["status"] == 1:
                result["FailList"].append(_item(email, "EmailVerified", "The email address has been verified."))
            elif self._send(rec, now, ip):
                result["SuccessList"].append(_item(email, "Success", "Success"))
            else:
                result["FailList"].append(_item(email, "SendTokenQuotaExceeded", QUOTA_MESSAGE))
        return result

    def a_delete_email_verification(self, params, now, ip):
        result = {"SuccessList": [], "FailList": []}
        for email in _emails_param(params):
            rec = self.emails.pop(_key(email), None)
            if rec is None:
                result["FailList"].append(_item(email, "EmailVerificationNotExist",
                                                "No verification email was submitted for this address."))
                continue
            self._sync_email(email, False)
            result["SuccessList"].append(_item(email, "Success", "Success"))
        return result

    def a_query_email_verification(self, params, now, ip):
        email = p_str(params, "Email", required=True).strip()
        rec = self.emails.get(_key(email))
        if rec is None:
            raise ApiError(400, "EmailVerificationNotExist", "No verification email was submitted for this address.")
        return self._email_view(rec)

    def a_list_email_verification(self, params, now, ip):
        page_num = p_int(params, "PageNum", minimum=1) or 1
        page_size = p_int(params, "PageSize", minimum=1, maximum=LIST_PAGE_MAX) or 500
        email = p_str(params, "Email")
        status = p_int(params, "VerificationStatus", minimum=0, maximum=1)
        begin = p_int(params, "BeginCreateTime")
        end = p_int(params, "EndCreateTime")
        rows = []
        for rec in sorted(self.emails.values(), key=lambda r: int(r["EmailVerificationNo"])):
            ms = int(rec["created"] * 1000)
            if email and _key(email) != _key(rec["Email"]):
                continue
            if status is not None and rec["status"] != status:
                continue
            if (begin is not None and ms < begin) or (end is not None and ms > end):
                continue
            rows.append(self._email_view(rec))
        items, paging = page_of(rows, page_num, page_size)
        paging["Data"] = items
        return paging

    # ------------------------------------------------------------ control API
    def click_email_link(self, email, ip="127.0.0.1"):
        """The owner clicks the link: (200, record) or (404 | 409, error) when there is no live link."""
        with self.lock:
            now = self.clock()
            rec = self.emails.get(_key(email))
            if rec is None or rec.get("token_sent") is None and rec["status"] != 1:
                return 404, {"error": "no verification email was sent to that address"}
            if rec["status"] != 1:
                if now > rec["token_sent"] + self.email_token_seconds:
                    return 409, {"error": "the verification link has expired; resend it"}
                rec.update({"status": 1, "verified_at": now, "confirm_ip": ip, "modified": now})
                self._sync_email(rec["Email"], True)
            return 200, self._email_view(rec)
