# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.domain contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one client of the Domain API: it signs (``signing``), paces (``pacing``) and sends (``transport``) each
call to the ``endpoint``, retries what may be retried and turns failures into ``errors``.

It returns plain dicts and raises :class:`ApiError`; it never decides whether something changed.

Whether a call may be sent again is decided here, from the action alone (:func:`is_read`): ``Query*``,
``List*``, ``Poll*``, ``Check*`` and ``VerifyContactField`` are reads; every other action is a write. A call
site never says which it is.

The retry budget, one for the whole collection:

* each attempt is one HTTP exchange bounded by one total deadline, ``connect_timeout + timeout`` seconds
  (``transport.send``); urllib3 itself never sends anything again;
* a read is made at most ``1 + max_retries`` times (default 5): after throttling, a 5xx answer,
  ``InternalError``/``ServiceUnavailable``/``NetworkIOError``/``SignatureNonceUsed``/``UnknownError``, a
  malformed answer or any transport failure, with jittered exponential backoff (``Backoff``) between attempts;
* a write is sent again by the client only when it certainly was not carried out: a throttling answer (the
  service refused it before doing anything), or a failure that proves it never left this machine (connection
  refused or not resolvable, connect timeout, a certificate refused in the TLS handshake), at most
  ``1 + max_retries`` attempts in all. Any other failure after the request may have been delivered (a time-out,
  a cut connection, a TLS error after the handshake, a 5xx, ``SignatureNonceUsed``, a malformed answer) raises
  :class:`AmbiguousWriteError` and is never resent here;
* above the client, only after reading the service's state again: ``contact.submit_contact_change`` sends a
  single write at most twice (the second time only when the re-read shows the first was not carried out);
  ``engine`` makes at most two rounds per contact (the second only after a change in flight ended, on fresh
  values); ``bulk`` sends a batch at most three times (each time only for the domains that the re-read shows
  untouched), then falls back to the single path for what is left.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import platform
import re
import threading
import time

from urllib.parse import urlencode

try:
    import requests
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError as _exc:  # reported by the module with missing_required_lib
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = _exc

from ansible_collections.alicloud.domain.plugins.module_utils._api import signing, transport
from ansible_collections.alicloud.domain.plugins.module_utils._api.endpoint import Endpoint, parse_endpoint
from ansible_collections.alicloud.domain.plugins.module_utils._api.errors import (
    AmbiguousWriteError, ApiError, ConfigurationError, scrub)
from ansible_collections.alicloud.domain.plugins.module_utils._api.pacing import Backoff, RateLimiter

COLLECTION_VERSION = "0.1.0"
SIGNATURE_VERSIONS = ("v3", "v1")
# answers after which the same request may be sent again, whatever the action
RETRYABLE_CODES = frozenset(("ServiceUnavailable", "InternalError", "InternalFailure", "NetworkIOError",
                             "SignatureNonceUsed", "UnknownError"))
RETRYABLE_STATUS = frozenset((500, 502, 503, 504))


def user_agent():
    return "alicloud.domain/%s (Ansible collection; +https://galaxy.ansible.com/ui/repo/published/alicloud/domain/) " \
           "Python/%s requests/%s" % (COLLECTION_VERSION, platform.python_version(),
                                      getattr(requests, "__version__", "?") if HAS_REQUESTS else "?")


READ_PREFIXES = ("Query", "List", "Poll", "Check")
# reads by what the API documents them to do, whatever their name
READ_ACTIONS = frozenset(("VerifyContactField",))


def is_read(action):
    """True for an action that reads (or only validates) and may be sent again; every other one is a write."""
    if action in READ_ACTIONS:
        return True
    for prefix in READ_PREFIXES:
        if action.startswith(prefix) and action[len(prefix):len(prefix) + 1].isupper():
            return True
    return False


class DomainClient:
    """Signs and sends Domain API actions; ``call`` returns the decoded JSON answer."""

    def __init__(self, credentials, endpoint=None, signature_version="v3", connect_timeout=5.0, timeout=10.0,
                 validate_certs=True, max_retries=4, lang=None, user_client_ip=None, allow_http=False,
                 max_rate=None, pool_size=10, session=None, sleep=None, backoff=None):
        if not HAS_REQUESTS:
            raise ConfigurationError("The Python library requests is required: %s" % REQUESTS_IMPORT_ERROR)
        if signature_version not in SIGNATURE_VERSIONS:
            raise ConfigurationError("signature_version must be one of %s, not %r."
                                     % (", ".join(SIGNATURE_VERSIONS), signature_version))
        self.credentials = credentials
        self.endpoint = endpoint if isinstance(endpoint, Endpoint) else parse_endpoint(endpoint, allow_http)
        self.signature_version = signature_version
        self.timeouts = (float(connect_timeout), float(timeout))
        self.max_retries = int(max_retries)
        self.common = dict((k, v) for k, v in (("Lang", lang), ("UserClientIp", user_client_ip)) if v)
        self.sleep = sleep or time.sleep
        self.backoff = backoff or Backoff()
        self.limiter = RateLimiter(max_rate, sleep=self.sleep)
        self.user_agent = user_agent()
        self.counts = {}
        self._count_lock = threading.Lock()
        if session is None:
            session = transport.new_session(max(10, int(pool_size)))
        # the environment (HTTPS_PROXY / NO_PROXY, REQUESTS_CA_BUNDLE) is read once here, for our one endpoint:
        # requests would scan it on every request; loopback never goes through a proxy
        self.proxies = transport.proxies_for(self.endpoint.url, session)
        session.verify = self.verify = transport.verify_setting(validate_certs)
        session.trust_env = False  # and no ~/.netrc auth over our signature
        self.session = session
        self.deadline = transport.total_deadline(self.timeouts)

    # ------------------------------------------------------------------ request building
    def _prepare(self, action, params, form_fields=None, body=None):
        """URL and signed headers; ``form_fields``/``body`` (see :func:`form_body`) are signed with the rest."""
        flat = signing.flatten_params(dict(self.common, **params))
        creds = self.credentials
        form_fields = form_fields or {}
        if self.signature_version == "v1":
            # the SDK signs the query and the form body merged; only the query carries the signature
            signed = signing.sign_v1("POST", action, dict(flat, **form_fields), creds.access_key_id,
                                     creds.access_key_secret, creds.security_token)
            query = dict((k, val) for k, val in signed.items() if k not in form_fields or k in flat)
            headers = {"host": self.endpoint.netloc, "x-acs-version": signing.API_VERSION,
                       "x-acs-action": action, "user-agent": self.user_agent, "accept": "application/json"}
            if body is not None:
                headers["content-type"] = FORM_CONTENT_TYPE
        else:
            query = flat
            headers = signing.sign_v3("POST", self.endpoint.netloc, action, flat, creds.access_key_id,
                                      creds.access_key_secret, creds.security_token, user_agent=self.user_agent,
                                      body=body or b"",
                                      extra_headers={"content-type": FORM_CONTENT_TYPE} if body is not None else None)
        # the wire form is the canonical form: unambiguous, and what the server re-encodes anyway
        url = self.endpoint.url + ("?" + signing.canonical_query(query) if query else "")
        return url, headers

    def _count(self, action):
        with self._count_lock:
            self.counts[action] = self.counts.get(action, 0) + 1

    # ------------------------------------------------------------------ one attempt
    def _send(self, action, params, form=None):
        form_fields, body = form_body(form) if form else ({}, None)
        url, headers = self._prepare(action, params, form_fields, body)  # fresh nonce and timestamp on every attempt
        self.limiter.acquire()
        self._count(action)
        try:
            answer = self._post(url, headers, body)
        except requests.exceptions.RequestException as exc:
            raise self._transport_error(action, params, exc)
        return self._decode(action, answer)

    def _post(self, url, headers, body=None):
        """One exchange: ``(status, reason, headers, body)``, through the session's public ``send``."""
        return transport.send(self.session, "POST", url, headers, self.timeouts, self.verify, self.proxies,
                              deadline=self.deadline, body=body, cert=self.session.cert)

    def _transport_error(self, action, params, exc):
        """An ApiError naming the action (and the domain), never the query string (it can hold a registrant's
        name, email and phone); ``sent`` is False only when the failure proves nothing left this machine."""
        sent = not transport.not_sent(exc)
        if isinstance(exc, requests.exceptions.ConnectTimeout):
            code = "ConnectTimeout"
        elif isinstance(exc, requests.exceptions.SSLError):
            code = "SSLError"
        elif isinstance(exc, requests.exceptions.ProxyError):
            code = "ProxyError"
        elif isinstance(exc, requests.exceptions.ConnectionError):
            code = "ConnectionError"
        elif isinstance(exc, requests.exceptions.Timeout):
            code = "ReadTimeout"
        else:
            code = "TransportError"
        if isinstance(exc, transport.DeadlineExceeded):
            message = "no complete answer within %g s (connect_timeout + timeout) from %s%s" % (
                self.deadline, self.endpoint.url, _about(params))
        elif code == "ReadTimeout":
            message = "no answer within %g s (timeout) from %s%s" % (
                self.timeouts[1], self.endpoint.url, _about(params))
        else:
            message = self._describe(exc, params)
        if code == "SSLError" and not sent:
            message += " (set validate_certs=false only for a test endpoint you trust)"
        return ApiError(action, code, message, sent=sent)

    def _describe(self, exc, params=None):
        return scrub("%s to %s%s: %s" % (type(exc).__name__, self.endpoint.url, _about(params or {}),
                                         _without_query(str(exc))), self.credentials.secrets)

    def _decode(self, action, answer):
        status, reason, headers, text = answer
        try:
            body = json.loads(text.decode("utf-8")) if text else None
        except (ValueError, UnicodeDecodeError):
            body = None
        if status >= 400:
            body = body if isinstance(body, dict) else {}
            retry_after = headers.get("x-acs-retry-after") or headers.get("Retry-After")
            try:
                retry_after = float(retry_after) / (1000.0 if "x-acs-retry-after" in headers else 1.0)
            except (TypeError, ValueError):
                retry_after = None
            raise ApiError(action, body.get("Code") or "HTTP%d" % status,
                           scrub(body.get("Message") or reason, self.credentials.secrets),
                           status=status, request_id=body.get("RequestId"),
                           recommend=body.get("Recommend"), access_denied_detail=body.get("AccessDeniedDetail"),
                           retry_after=retry_after)
        if not isinstance(body, dict):
            raise ApiError(action, "MalformedResponse", "HTTP %d answer is not a JSON object (%d bytes)"
                           % (status, len(text or b"")), status=None)
        return body

    # ------------------------------------------------------------------ retries
    @staticmethod
    def _retryable(err, read):
        if err.throttled:
            return True  # refused before doing anything: safe to send again, even a write
        if not err.sent:
            return True  # never left this machine
        if not read:
            return False  # a write whose fate is unknown is not resent here; the caller re-reads state
        return err.code in RETRYABLE_CODES or err.status in RETRYABLE_STATUS or err.status is None

    @staticmethod
    def _lost_write(err):
        """A write that may have been carried out: no answer, a 5xx, or ``SignatureNonceUsed`` (the client
        never reuses a nonce, so an earlier copy of this very request reached the service)."""
        return err.sent and not err.throttled and (err.status is None or err.status >= 500
                                                   or err.code == "SignatureNonceUsed")

    def call(self, action, params=None, form=None):
        """Run ``action``. A read (:func:`is_read`) is retried; a write is never resent blindly: a lost answer
        raises :class:`AmbiguousWriteError` (see the retry budget at the top of this file).

        ``params`` travel in the query; ``form`` (only for the parameters the SDK puts in the body, such as an
        identity credential image) in a form-encoded body."""
        params = params or {}
        read = is_read(action)
        attempt = 0
        while True:
            try:
                result = self._send(action, params, form)
                self.limiter.succeeded()
                return result
            except ApiError as err:
                if err.status is not None and not err.throttled:
                    self.limiter.admitted()
                if attempt >= self.max_retries or not self._retryable(err, read):
                    if not read and self._lost_write(err):
                        raise AmbiguousWriteError(action, err.code, err.message, status=err.status,
                                                  request_id=err.request_id, recommend=err.recommend)
                    raise
                if not (err.throttled and self.limiter.throttled(
                        self.backoff.delay(attempt, throttled=True, retry_after=err.retry_after),
                        retry_after=bool(err.retry_after))):
                    # not a limit being hit (the limiter would hold every request back, this one too): this
                    # request alone retries after the ordinary backoff, a stray throttling answer included
                    self.sleep(self.backoff.delay(attempt, retry_after=err.retry_after))
                attempt += 1

    def paginate(self, action, params, list_path, page_size=100):
        """Yield every item of a page-number paged action (``list_path`` like ``("Data", "Domain")``)."""
        page = 1
        while True:
            body = self.call(action, dict(params, PageNum=page, PageSize=page_size))
            items = body
            for key in list_path:
                items = (items or {}).get(key) if isinstance(items, dict) else None
            yield from items or []
            total_pages = body.get("TotalPageNum")
            if not body.get("NextPage") and (total_pages is None or page >= int(total_pages)):
                return
            if not items:
                return
            page += 1


FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"


def form_body(form):
    """``(fields, bytes)`` of a form body as the SDK builds one (formData): flattened, keys sorted,
    ``urlencode`` (a space is ``+``)."""
    fields = signing.flatten_params(form)
    return fields, urlencode(sorted(fields.items())).encode("utf-8")


_QUERY = re.compile(r"\?[A-Za-z0-9_.~%=&+-]*")


def _without_query(text):
    """A transport error's text without the request's query string (and without any URL's user info)."""
    return _QUERY.sub("", text)


def _about(params):
    """`` for a.com`` when the call names a domain (``DomainName`` or ``DomainName.N``), else ``""``."""
    names = params.get("DomainName") if params else None
    if not names:
        return ""
    if isinstance(names, (list, tuple)):
        shown = ", ".join(str(n) for n in names[:3])
        return " for %s%s" % (shown, " and %d more" % (len(names) - 3) if len(names) > 3 else "")
    return " for %s" % names
