# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.domain contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""E-mail verification of registrant addresses: read, submit, resend an expired link, delete, wait until verified.

Read first, write at most once per address and run: an address is read with ``ListEmailVerification`` (its
``Email`` filter, one address a call) before anything is sent. ``SubmitEmailVerification`` goes out with
``SendIfExist=false``, so an address that already has a verification comes back in ``ExistList`` and is not
mailed again. A pending verification whose link has expired (3 days after ``TokenSendTime``) is resent with
``ResendEmailVerification``. A refusal in ``FailList`` (``SendTokenQuotaExceeded``: the daily quota of
verification mails) is reported with the service's code, never retried here.

Addresses are personal data: results carry the addresses the user gave (their own input), but the messages of
errors and warnings name an address only by its position ("the address #2").
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import calendar
import re
import time

from ansible_collections.alicloud.domain.plugins.module_utils._api.errors import (
    AmbiguousWriteError, ApiError, ConfigurationError, DomainError)

SUBMIT = "SubmitEmailVerification"
QUERY = "QueryEmailVerification"
LIST = "ListEmailVerification"
RESEND = "ResendEmailVerification"
DELETE = "DeleteEmailVerification"
QUOTA_EXCEEDED = "SendTokenQuotaExceeded"
LINK_LIFETIME = 3 * 86400  # a verification link expires 3 days after it was sent
VERIFIED, WAITING = 1, 0
STATES = ("verified", "present", "absent")
MAX_EMAILS = 100
PAGE_SIZE = 500
SERVICE_UTC_OFFSET = 8 * 3600  # dates without a zone are the service's local time (China Standard Time, UTC+8)
WRITTEN = ("submitted", "resent", "deleted", "would_submit", "would_resend", "would_delete")
_EMAIL = re.compile(r"^[^@\s,]+@[^@\s,]+\.[^@\s,]+$")


class VerificationFailed(DomainError):
    """The service refused to send (or delete) for at least one address; ``result`` holds every address's row."""


def key(email):
    return (email or "").strip().lower()


def check_emails(emails, option="emails"):
    """Stripped, de-duplicated (case-insensitively) addresses, in the order given; refused before any call."""
    out, seen = [], set()
    if not emails:
        raise ConfigurationError("Give the address to verify in email (or several in emails).")
    if len(emails) > MAX_EMAILS:
        raise ConfigurationError("%s holds %d addresses; give at most %d a run." % (option, len(emails), MAX_EMAILS))
    for index, email in enumerate(emails, 1):
        text = (email if isinstance(email, str) else "").strip()
        if not _EMAIL.match(text):
            raise ConfigurationError("%s: the address #%d is not an e-mail address like name@example.com." % (option, index))
        if key(text) not in seen:
            seen.add(key(text))
            out.append(text)
    return out


def parse_time(value):
    """Seconds since the epoch of a service date: epoch milliseconds, ISO 8601 with a zone, or a plain
    ``YYYY-MM-DD HH:MM:SS`` (service time, UTC+8). ``None`` when absent or not understood."""
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)) or (isinstance(value, str) and value.strip().isdigit()):
        number = float(value)
        return number / 1000.0 if number > 1e11 else number
    text = str(value).strip()
    match = re.match(r"^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:\.\d+)?\s*(Z|[+-]\d\d:?\d\d)?$", text)
    if not match:
        return None
    parts = [int(p) for p in match.groups()[:6]]
    seconds = calendar.timegm((parts[0], parts[1], parts[2], parts[3], parts[4], parts[5], 0, 0, 0))
    zone = match.group(7)
    if zone is None:
        return seconds - SERVICE_UTC_OFFSET
    if zone == "Z":
        return seconds
    sign = 1 if zone[0] == "+" else -1
    digits = zone[1:].replace(":", "")
    return seconds - sign * (int(digits[:2]) * 3600 + int(digits[2:]) * 60)


def state_of(record, now=None):
    """``none``, ``verified``, ``pending`` or ``expired`` (pending, its link older than 3 days)."""
    if not record:
        return "none"
    try:
        status = int(record.get("VerificationStatus"))
    except (TypeError, ValueError):
        status = WAITING
    if status == VERIFIED:
        return "verified"
    sent = parse_time(record.get("TokenSendTime")) or parse_time(record.get("GmtCreate"))
    now = time.time() if now is None else now
    if sent is not None and now - sent > LINK_LIFETIME:
        return "expired"
    return "pending"


def read(client, email):
    """The service's record of ``email`` (ListEmailVerification), or ``None`` when it has none."""
    for item in client.paginate(LIST, {"Email": email}, ("Data",), page_size=PAGE_SIZE):
        if key(item.get("Email")) == key(email):
            return item
    return None


def list_all(client, verification_status=None):
    params = {}
    if verification_status is not None:
        params["VerificationStatus"] = int(verification_status)
    return list(client.paginate(LIST, params, ("Data",), page_size=PAGE_SIZE))


def row(email, record, state):
    record = record or {}
    return {
        "email": email,
        "state": state,
        "verified": state == "verified",
        "verification_status": record.get("VerificationStatus"),
        "token_send_time": record.get("TokenSendTime"),
        "verification_time": record.get("VerificationTime"),
        "email_verification_no": record.get("EmailVerificationNo"),
    }


def _by_key(items):
    return dict((key(i.get("Email")), i) for i in items or [] if isinstance(i, dict))


class EmailVerification:
    """One run over a list of addresses: ``ensure`` (verified / present / absent) or ``info``."""

    def __init__(self, client, emails, check_mode=False, diff=False, wait_timeout=600, poll_interval=10.0,
                 clock=None, sleep=None, now=None):
        self.client, self.emails = client, emails
        self.check_mode, self.diff = check_mode, diff
        self.wait_timeout, self.poll_interval = wait_timeout, poll_interval
        self.clock = clock or time.monotonic
        self.sleep = sleep or time.sleep
        self.now = now or time.time
        self.request_ids = []
        self.warnings = []

    def _index(self, email):
        return self.emails.index(email) + 1

    def _hide(self, text):
        """``text`` with every address of this run replaced by its position (service messages may echo them)."""
        text = str(text or "")
        for email in sorted(self.emails, key=len, reverse=True):
            text = re.sub(re.escape(email), "the address #%d" % self._index(email), text, flags=re.IGNORECASE)
        return text

    def _call(self, action, params):
        try:
            answer = self.client.call(action, params)
        except ApiError as err:
            err.message = self._hide(err.message)
            raise
        if answer.get("RequestId"):
            self.request_ids.append(answer["RequestId"])
        return answer

    def read_all(self):
        return dict((e, read(self.client, e)) for e in self.emails)

    # ------------------------------------------------------------------ info
    def info(self):
        now = self.now()
        rows = [row(e, rec, state_of(rec, now)) for e, rec in self.read_all().items()]
        return dict(changed=False, emails=rows, verified=all(r["verified"] for r in rows))

    # ------------------------------------------------------------------ writes
    def _send_list(self, action, emails, extra=None):
        """One write for ``emails`` (comma separated); ``(success, fail, exist)`` lists keyed by address.

        A lost answer is settled by reading every address again: ``None`` for an address means "read again"."""
        params = {"Email": ",".join(emails)}
        params.update(extra or {})
        answer = self._call(action, params)
        return (_by_key(answer.get("SuccessList")), _by_key(answer.get("FailList")),
                _by_key(answer.get("ExistList")))

    def ensure(self, state):
        now = self.now()
        before = self.read_all()
        states = dict((e, state_of(r, now)) for e, r in before.items())
        rows = dict((e, row(e, before[e], states[e])) for e in self.emails)
        if state == "absent":
            todo = [e for e in self.emails if states[e] != "none"]
            actions = dict((e, "delete") for e in todo)
        else:
            actions = {}
            for e in self.emails:
                if states[e] == "none":
                    actions[e] = "submit"
                elif states[e] == "expired":
                    actions[e] = "resend"
        failures = []
        if self.check_mode:
            for e, what in actions.items():
                rows[e]["action"] = "would_" + what
        else:
            failures = self._write(actions, rows)
        for e in self.emails:
            rows[e].setdefault("action", "none")
        result = dict(changed=any(r["action"] in WRITTEN for r in rows.values()))
        if state == "verified" and not self.check_mode and not failures:
            self._wait(rows)
        out_rows = [rows[e] for e in self.emails]
        result.update(emails=out_rows, verified=all(r["verified"] for r in out_rows))
        if self.request_ids:
            result["request_ids"] = list(self.request_ids)
        if self.diff:
            result["diff"] = self._diff(states, rows, state)
        if self.warnings:
            result["warnings"] = list(self.warnings)
        if failures:
            raise VerificationFailed("; ".join(failures), result)
        return result

    def _write(self, actions, rows):
        failures = []
        groups = {}
        for e in self.emails:
            if e in actions:
                groups.setdefault(actions[e], []).append(e)
        for what in ("submit", "resend", "delete"):
            emails = groups.get(what)
            if not emails:
                continue
            action, extra = {"submit": (SUBMIT, {"SendIfExist": False}), "resend": (RESEND, None),
                             "delete": (DELETE, None)}[what]
            try:
                success, fail, exist = self._send_list(action, emails, extra)
            except AmbiguousWriteError as lost:
                self._settle_lost(what, emails, rows, lost)
                continue
            for e in emails:
                k = key(e)
                if k in fail:
                    code = fail[k].get("Code") or "Unknown"
                    rows[e].update(action="failed", code=code, message=self._hide(fail[k].get("Message")))
                    failures.append(self._failure_text(what, e, code, rows[e]["message"]))
                elif k in exist:
                    rows[e].update(action="exists", code=exist[k].get("Code"))
                    if rows[e]["state"] == "none":
                        rows[e]["state"] = "pending"
                else:
                    rows[e]["action"] = {"submit": "submitted", "resend": "resent", "delete": "deleted"}[what]
                    if k in success and success[k].get("Code"):
                        rows[e]["code"] = success[k].get("Code")
                    rows[e]["state"] = "none" if what == "delete" else "pending"
                    rows[e]["verified"] = False
        return failures

    def _failure_text(self, what, email, code, message):
        verb = {"submit": "send the verification mail to", "resend": "send the verification mail again to",
                "delete": "delete the verification of"}[what]
        text = "The service refused to %s the address #%d: %s" % (verb, self._index(email), code)
        if code == QUOTA_EXCEEDED:
            text += (" (the account's quota of verification mails is used up; try again later - the module does "
                     "not retry it)")
        elif message:
            text += " (%s)" % message
        return text

    def _settle_lost(self, what, emails, rows, lost):
        """The answer of a write was lost: read every address again, never send it a second time."""
        unsettled = []
        for e in emails:
            old = rows[e]
            record = read(self.client, e)
            state = state_of(record, self.now())
            if what == "delete":
                done = state == "none"
            elif what == "submit":
                done = state != "none"
            else:  # resend: a newer token send time than before
                done = state == "pending" and (parse_time((record or {}).get("TokenSendTime"))
                                               != parse_time(old.get("token_send_time")))
            if done:
                rows[e] = dict(row(e, record, state),
                               action={"submit": "submitted", "resend": "resent", "delete": "deleted"}[what])
            else:
                unsettled.append(e)
        if unsettled:
            raise lost
        self.warnings.append("The answer to %s was lost (%s); reading the addresses again showed it was carried out."
                             % ({"submit": SUBMIT, "resend": RESEND, "delete": DELETE}[what], lost.code))

    def _wait(self, rows):
        """Poll until every address is verified, or raise with what is still waiting at ``wait_timeout``."""
        waiting = [e for e in self.emails if not rows[e]["verified"]]
        deadline = self.clock() + self.wait_timeout
        interval = self.poll_interval
        while waiting:
            for e in list(waiting):
                record = read(self.client, e)
                state = state_of(record, self.now())
                action = rows[e].get("action", "none")
                rows[e] = dict(row(e, record, state), action=action)
                if state == "verified":
                    waiting.remove(e)
            if not waiting:
                return
            left = deadline - self.clock()
            if left <= 0:
                positions = ", ".join("#%d" % self._index(e) for e in waiting)
                out = [rows[e] for e in self.emails]
                raise DomainError(
                    "%d address(es) (%s) not verified within %s s: the verification mail was sent; the link in it "
                    "must be opened (it expires after 3 days). Run again to keep waiting; nothing is sent twice."
                    % (len(waiting), positions, self.wait_timeout),
                    dict(changed=any(r["action"] in WRITTEN for r in out), emails=out,
                         verified=False, request_ids=list(self.request_ids)))
            self.sleep(min(interval, left))
            interval = min(interval * 1.5, 60.0)

    def _diff(self, states, rows, state):
        before = dict((e, states[e]) for e in self.emails)
        after = {}
        for e in self.emails:
            action = rows[e]["action"]
            if action in ("deleted", "would_delete"):
                after[e] = "none"
            elif action in ("submitted", "resent", "would_submit", "would_resend", "exists"):
                after[e] = "verified" if rows[e]["verified"] else "pending"
            else:
                after[e] = rows[e]["state"]
        return {"before": {"email_verification": before}, "after": {"email_verification": after}}


def run(client, emails, state=None, check_mode=False, diff=False, wait_timeout=600, poll_interval=10.0):
    if state is not None and state not in STATES:
        raise ConfigurationError("state must be one of %s, not %r." % (", ".join(STATES), state))
    job = EmailVerification(client, emails, check_mode, diff, wait_timeout, poll_interval)
    return job.info() if state is None else job.ensure(state)
