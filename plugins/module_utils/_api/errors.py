# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.domain contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The exceptions of the Domain API client. Their text never holds a secret or a signature."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

# anything that looks like a signature or an authorization header is cut from server messages
_SCRUB = [
    (re.compile(r"(Signature=)[^&\s,]+"), r"\1<redacted>"),
    (re.compile(r"(SecurityToken=)[^&\s,]+"), r"\1<redacted>"),
    (re.compile(r"(Authorization:?\s*)\S.*", re.IGNORECASE), r"\1<redacted>"),
    # the user info of any URL (it can be a password): scheme://user:password@host
    (re.compile(r"([A-Za-z][A-Za-z0-9+.-]*://)[^/\s@'\"]*@"), r"\1"),
]


def scrub(text, secrets=()):
    """Remove signatures, tokens and any of ``secrets`` from ``text``."""
    if not text:
        return text
    text = str(text)
    for pattern, repl in _SCRUB:
        text = pattern.sub(repl, text)
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, "<redacted>")
    return text


class DomainError(Exception):
    """Base class: a problem the user can act on, with a message fit for ``fail_json``.

    ``result`` holds what is known so far (a task number, the fields compared) for the failed result.
    """

    def __init__(self, message="", result=None):
        super(DomainError, self).__init__(message)
        self.result = dict(result or {})

    def to_result(self):
        out = dict(self.result)
        out["msg"] = str(self)
        return out


class ConfigurationError(DomainError):
    """Bad options, missing credentials, unreadable profile files. Raised before any API call."""


class ApiError(DomainError):
    """An answer of the Domain API (or a transport failure) with the API's own words.

    ``status`` is the HTTP status (``None`` when no answer came back), ``code`` the API
    ``Code`` (``ConnectionError``/``ReadTimeout``/``MalformedResponse`` for transport problems),
    ``request_id`` the ``RequestId``.
    """

    def __init__(self, action, code, message, status=None, request_id=None, recommend=None,
                 access_denied_detail=None, retry_after=None, sent=True):
        self.action, self.code, self.message = action, code or "Unknown", message or ""
        self.status, self.request_id, self.recommend = status, request_id, recommend
        self.access_denied_detail, self.retry_after = access_denied_detail, retry_after
        # False only when the request certainly never reached the server
        self.sent = sent
        super(ApiError, self).__init__(self.__str__())
        self.result = {}

    @property
    def throttled(self):
        return self.code.startswith("Throttling")

    def __str__(self):
        text = "%s failed: %s" % (self.action, self.code)
        if self.message:
            text += ": %s" % self.message
        details = []
        if self.status is not None:
            details.append("HTTP %s" % self.status)
        if self.request_id:
            details.append("RequestId %s" % self.request_id)
        if details:
            text += " (%s)" % ", ".join(details)
        if self.recommend:
            text += " See %s" % self.recommend
        return text

    def to_result(self):
        result = dict(self.result)
        result.update({
            "msg": str(self),
            "error": {
                "action": self.action,
                "code": self.code,
                "message": self.message,
                "http_status": self.status,
                "request_id": self.request_id,
                "recommend": self.recommend,
            },
        })
        if self.access_denied_detail:
            result["error"]["access_denied_detail"] = self.access_denied_detail
        return result


class AmbiguousWriteError(ApiError):
    """A write was sent but its answer was lost: it may or may not have been carried out."""

    def __str__(self):
        return super(AmbiguousWriteError, self).__str__() + (
            ". The answer was lost, so the change may or may not have been made; run again to check "
            "(nothing is submitted twice while a change is in flight).")
