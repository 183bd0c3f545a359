# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.domain contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one client of the Domain API: endpoint, signing, transport, retries, errors.

It returns plain dicts and raises :class:`ApiError`; it never decides whether something changed.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import collections
import ipaddress
import json
import platform
import random
import threading
import time

try:
    from urllib.parse import urlsplit
except ImportError:  # pragma: no cover
    from urlparse import urlsplit  # type: ignore

try:
    import requests
    from requests.adapters import HTTPAdapter
    from urllib3 import exceptions as u3
    from urllib3.util import Timeout as U3Timeout
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError as _exc:  # reported by the module with missing_required_lib
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = _exc
    HTTPAdapter = object  # keeps the module importable; DomainClient refuses to start without requests

from ansible_collections.alicloud.domain.plugins.module_utils import signing
from ansible_collections.alicloud.domain.plugins.module_utils.errors import (
    AmbiguousWriteError, ApiError, ConfigurationError, scrub)

COLLECTION_VERSION = "0.1.0"
DEFAULT_ENDPOINT = "domain.aliyuncs.com"
INTERNATIONAL_ENDPOINT = "domain-intl.aliyuncs.com"
SIGNATURE_VERSIONS = ("v3", "v1")
# answers after which the same request may be sent again, whatever the action
RETRYABLE_CODES = frozenset(("ServiceUnavailable", "InternalError", "InternalFailure", "NetworkIOError",
                             "SignatureNonceUsed", "UnknownError"))
RETRYABLE_STATUS = frozenset((500, 502, 503, 504))


def user_agent():
    return "alicloud.domain/%s (Ansible collection; +https://galaxy.ansible.com/ui/repo/published/alicloud/domain/) " \
           "Python/%s requests/%s" % (COLLECTION_VERSION, platform.python_version(),
                                      getattr(requests, "__version__", "?") if HAS_REQUESTS else "?")


def _is_loopback(host):
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class Endpoint:
    __slots__ = ("scheme", "netloc", "host", "url")

    def __init__(self, scheme, netloc, host):
        self.scheme, self.netloc, self.host = scheme, netloc, host
        self.url = "%s://%s/" % (scheme, netloc)

    def __repr__(self):
        return "Endpoint(%r)" % self.url


def parse_endpoint(value, allow_http=False):
    """``domain.aliyuncs.com`` means https; a full URL is used as given (plain http only on loopback)."""
    value = (value or DEFAULT_ENDPOINT).strip()
    if "://" not in value:
        value = "https://" + value
    try:
        parts = urlsplit(value)
        port = parts.port  # raises ValueError on a bad port
    except ValueError as exc:
        raise ConfigurationError("endpoint %r is not a valid URL: %s" % (value, exc))
    if parts.scheme not in ("http", "https"):
        raise ConfigurationError("endpoint %r: the scheme must be https (or http for a local emulator)." % value)
    host = parts.hostname
    if not host or any(c in parts.netloc for c in " \t@"):
        raise ConfigurationError("endpoint %r has no valid host name. Example: %s" % (value, DEFAULT_ENDPOINT))
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise ConfigurationError("endpoint %r must not have a path, query or fragment; the Domain API lives at /."
                                 % value)
    if port == 0:
        raise ConfigurationError("endpoint %r: port 0 is not a valid port." % value)
    if parts.scheme == "http" and not allow_http and not _is_loopback(host):
        raise ConfigurationError("endpoint %r uses plain http to a host that is not loopback; the access key "
                                 "signature and the answers would travel unprotected. Use https, or set "
                                 "allow_http=true if you really mean it." % value)
    return Endpoint(parts.scheme, parts.netloc, host)


class Backoff:
    """Full-jitter exponential backoff: ``uniform(0, min(cap, base * 2**attempt))``."""

    def __init__(self, base=0.2, cap=20.0, throttle_base=1.0, rng=None):
        self.base, self.cap, self.throttle_base = base, cap, throttle_base
        self.rng = rng or random.Random()

    def delay(self, attempt, throttled=False, retry_after=None):
        if retry_after:
            return min(self.cap, float(retry_after))
        base = self.throttle_base if throttled else self.base
        return self.rng.uniform(base / 2.0, min(self.cap, base * (2 ** attempt)))


def _rate_over(times, now, window=2.0, min_span=0.0):
    """Events per second among ``times`` of the last ``window`` seconds; None when too few to tell."""
    recent = [t for t in times if now - window < t <= now]
    span = now - recent[0] if recent else 0.0
    return len(recent) / span if len(recent) > 1 and span > 0 and span >= min_span else None


class RateLimiter:
    """A request pacer shared by threads: a ceiling (``max_rate``) and a pause after throttling.

    Throttling halves the current rate (from the observed rate when no ceiling is set), but not below
    nine tenths of the rate that was getting through (answered successfully over the last two seconds),
    and every success adds back a little of it, so a bulk run settles just under what the API allows.
    Every request waits out a short pause (at most ``max_pause`` seconds, unless the server named a
    retry-after time), not the growing backoff of whichever request saw the limit. A stray throttling
    answer among many successes (under ``sparse_share`` of the last ``window_answers`` answers) is not
    a rate limit being hit: only the request that got it backs off.
    """

    window_answers = 50
    sparse_share = 0.2
    max_pause = 1.0

    def __init__(self, max_rate=None, clock=time.monotonic, sleep=time.sleep):
        self.ceiling = float(max_rate) if max_rate else None
        self.rate = self.ceiling
        self.clock, self.sleep = clock, sleep
        self.lock = threading.Lock()
        self.next_slot = 0.0
        self.paused_until = 0.0
        self.sent = collections.deque(maxlen=64)  # send times of recent requests
        self.delivered = collections.deque(maxlen=256)  # times of recent successful answers
        self.answers = collections.deque(maxlen=self.window_answers)  # True: throttled

    def acquire(self):
        with self.lock:
            now = self.clock()
            start = max(now, self.next_slot, self.paused_until)
            if self.rate:
                self.next_slot = start + 1.0 / self.rate
            self.sent.append(start)
        wait = start - now
        if wait > 0:
            self.sleep(wait)

    def throttled(self, pause, retry_after=False):
        """Slow every request down (and return True), or return False for a stray throttling answer:
        then only its own request backs off. ``retry_after``: ``pause`` is the server's, kept in full."""
        with self.lock:
            self.answers.append(True)
            if sum(self.answers) < self.sparse_share * max(len(self.answers), self.window_answers // 2):
                return False
            now = self.clock()
            if now < self.paused_until:
                # the other requests that were in flight when the first throttling answer came: one slow-down
                # per episode, not one halving per worker thread
                return True
            current = self.rate or _rate_over(self.sent, now) or 10.0
            getting_through = _rate_over(self.delivered, now, min_span=0.5) or 0.0
            self.rate = max(0.5, current / 2.0, min(current, 0.9 * getting_through))
            self.paused_until = max(self.paused_until, now + (pause if retry_after else min(pause, self.max_pause)))
            return True

    def succeeded(self):
        with self.lock:
            self.answers.append(False)
            self.delivered.append(self.clock())
            if self.rate is None:
                return
            limit = self.ceiling or float("inf")
            if self.rate < limit:
                self.rate = min(limit, self.rate + 0.1)
                if self.ceiling is None and self.rate > 1000:
                    self.rate = None


class DomainAdapter(HTTPAdapter):
    """requests' transport adapter, trimmed for many small signed calls to one endpoint.

    ``HTTPAdapter.send`` works out the connection pool, the proxy and the TLS settings again for every
    request, collects cookies and copies the headers twice: more CPU than the rest of a Domain API call.
    For a request that no proxy applies to, this adapter keeps the pool that requests itself set up for
    the endpoint (TLS verification, CA bundle and client certificate as requests configures them), hands
    the request to it as ``HTTPAdapter.send`` does, and raises the requests exceptions that
    ``HTTPAdapter.send`` raises for the same urllib3 errors. A proxied, streamed or bodied request, or an
    older requests without ``get_connection_with_tls_context``, goes through ``HTTPAdapter.send``.
    """

    # requests >= 2.32.2 hands out the pool with its TLS settings; older ones: every request takes the full path
    _trimmed = hasattr(HTTPAdapter, "get_connection_with_tls_context")

    def __init__(self, *args, **kwargs):
        super(DomainAdapter, self).__init__(*args, **kwargs)
        self._pools = {}
        self._timeouts = {}

    def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None, **kwargs):
        parts = request.url.split("/", 3)  # scheme:, "", netloc, path and query
        if (not self._trimmed or stream or request.body is not None or not isinstance(timeout, tuple)
                or len(parts) != 4 or (proxies and requests.utils.select_proxy(request.url, proxies))):
            return super(DomainAdapter, self).send(request, stream=stream, timeout=timeout, verify=verify,
                                                   cert=cert, proxies=proxies, **kwargs)
        scheme, _empty, netloc, path = parts
        key = (scheme, netloc, verify, cert)
        pool = self._pools.get(key)
        if pool is None:
            pool = self.get_connection_with_tls_context(request, verify, proxies=None, cert=cert)
            self.cert_verify(pool, request.url, verify, cert)
            self._pools[key] = pool
        sauce = self._timeouts.get(timeout)
        if sauce is None:
            sauce = self._timeouts[timeout] = U3Timeout(connect=timeout[0], read=timeout[1])
        try:
            # the arguments HTTPAdapter.send gives the pool, the body read in full; the parameters are already
            # in the URL, which is what request_encode_url is for (request() would copy the headers first)
            raw = pool.request_encode_url(request.method, "/" + path, headers=request.headers, redirect=False,
                                          assert_same_host=False, preload_content=True, decode_content=True,
                                          retries=self.max_retries, timeout=sauce, chunked=False)
        except u3.MaxRetryError as exc:
            reason = exc.reason
            if isinstance(reason, u3.ConnectTimeoutError) and not isinstance(reason, u3.NewConnectionError):
                raise requests.exceptions.ConnectTimeout(exc, request=request)
            if isinstance(reason, u3.ProxyError):
                raise requests.exceptions.ProxyError(exc, request=request)
            if isinstance(reason, u3.SSLError):
                raise requests.exceptions.SSLError(exc, request=request)
            raise requests.exceptions.ConnectionError(exc, request=request)
        except u3.ClosedPoolError as exc:
            # the pool manager closed the pool (it keeps pool_connections of them): nothing was sent, and the
            # next attempt takes the pool requests sets up then
            self._pools.pop(key, None)
            raise requests.exceptions.ConnectionError(exc, request=request)
        except (u3.ProtocolError, OSError) as exc:
            raise requests.exceptions.ConnectionError(exc, request=request)
        except u3.SSLError as exc:
            raise requests.exceptions.SSLError(exc, request=request)
        except u3.ReadTimeoutError as exc:
            raise requests.exceptions.ReadTimeout(exc, request=request)
        except u3.HTTPError as exc:
            raise requests.exceptions.RequestException(exc, request=request)
        response = requests.Response()
        response.status_code, response.reason, response.headers = raw.status, raw.reason, raw.headers
        response.raw, response.url, response.request, response.connection = raw, request.url, request, self
        response._content = raw.data  # read in full by urllib3, the connection already back in the pool
        return response


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
            session = requests.Session()
            adapter = DomainAdapter(pool_connections=1, pool_maxsize=max(10, int(pool_size)), max_retries=0)
            session.mount("https://", adapter)
            session.mount("http://", adapter)
        session.verify = bool(validate_certs)
        session.trust_env = True  # HTTPS_PROXY / NO_PROXY / REQUESTS_CA_BUNDLE from the environment ...
        if hasattr(session, "merge_environment_settings"):
            # ... resolved once for our one endpoint: requests would scan os.environ twice on every request
            # (a third of a call's CPU time), and never applies ~/.netrc auth over our signature
            env = session.merge_environment_settings(self.endpoint.url, {}, None, session.verify, None)
            session.proxies.update(env["proxies"])
            session.verify = env["verify"]
            session.trust_env = False
        self.session = session
        # the signed request goes straight to the session's adapter: Session.request would merge cookies,
        # hooks, auth and settings that never apply to these calls (a third of a call's CPU time)
        self._adapter = session.get_adapter(self.endpoint.url)

    # ------------------------------------------------------------------ request building
    def _prepare(self, action, params):
        flat = signing.flatten_params(dict(self.common, **params))
        creds = self.credentials
        if self.signature_version == "v1":
            query = signing.sign_v1("POST", action, flat, creds.access_key_id, creds.access_key_secret,
                                    creds.security_token)
            headers = {"host": self.endpoint.netloc, "x-acs-version": signing.API_VERSION,
                       "x-acs-action": action, "user-agent": self.user_agent, "accept": "application/json"}
        else:
            query = flat
            headers = signing.sign_v3("POST", self.endpoint.netloc, action, flat, creds.access_key_id,
                                      creds.access_key_secret, creds.security_token, user_agent=self.user_agent)
        # the wire form is the canonical form: unambiguous, and what the server re-encodes anyway
        url = self.endpoint.url + ("?" + signing.canonical_query(query) if query else "")
        return url, headers

    def _count(self, action):
        with self._count_lock:
            self.counts[action] = self.counts.get(action, 0) + 1

    # ------------------------------------------------------------------ one attempt
    def _send(self, action, params):
        url, headers = self._prepare(action, params)  # fresh nonce and timestamp on every attempt
        self.limiter.acquire()
        self._count(action)
        try:
            response = self._post(url, headers)
        except requests.exceptions.ConnectTimeout as exc:
            raise ApiError(action, "ConnectTimeout", self._describe(exc), sent=False)
        except requests.exceptions.SSLError as exc:
            raise ApiError(action, "SSLError", self._describe(exc) + " (set validate_certs=false only for a "
                           "test endpoint you trust)", sent=False)
        except requests.exceptions.ProxyError as exc:
            raise ApiError(action, "ProxyError", self._describe(exc), sent=False)
        except requests.exceptions.ConnectionError as exc:
            raise ApiError(action, "ConnectionError", self._describe(exc), sent=self._maybe_sent(exc))
        except requests.exceptions.Timeout:
            raise ApiError(action, "ReadTimeout", "no answer within %s s" % self.timeouts[1])
        except requests.exceptions.RequestException as exc:
            raise ApiError(action, "TransportError", self._describe(exc))
        return self._decode(action, response)

    def _post(self, url, headers):
        request = requests.PreparedRequest()
        # no body: urllib3 (or http.client) adds the Content-Length: 0 of a bodiless POST itself
        request.method, request.url, request.body, request.headers = "POST", url, None, headers
        request.hooks = {"response": []}
        return self._adapter.send(request, stream=False, timeout=self.timeouts, verify=self.session.verify,
                                  cert=self.session.cert, proxies=self.session.proxies)

    def _describe(self, exc):
        return scrub("%s to %s: %s" % (type(exc).__name__, self.endpoint.url, exc), self.credentials.secrets)

    @staticmethod
    def _maybe_sent(exc):
        """A refused or unresolvable connection, or a closed pool, never carried the request; anything else
        may have."""
        text = repr(exc)
        return not any(s in text for s in ("NewConnectionError", "Connection refused", "NameResolutionError",
                                           "Failed to resolve", "Name or service not known", "ClosedPoolError"))

    def _decode(self, action, response):
        text = response.content
        try:
            body = json.loads(text.decode("utf-8")) if text else None
        except (ValueError, UnicodeDecodeError):
            body = None
        if response.status_code >= 400:
            body = body if isinstance(body, dict) else {}
            retry_after = response.headers.get("x-acs-retry-after") or response.headers.get("Retry-After")
            try:
                retry_after = float(retry_after) / (1000.0 if "x-acs-retry-after" in response.headers else 1.0)
            except (TypeError, ValueError):
                retry_after = None
            raise ApiError(action, body.get("Code") or "HTTP%d" % response.status_code,
                           scrub(body.get("Message") or response.reason, self.credentials.secrets),
                           status=response.status_code, request_id=body.get("RequestId"),
                           recommend=body.get("Recommend"), host_id=body.get("HostId"),
                           access_denied_detail=body.get("AccessDeniedDetail"), retry_after=retry_after)
        if not isinstance(body, dict):
            raise ApiError(action, "MalformedResponse", "HTTP %d answer is not a JSON object (%d bytes)"
                           % (response.status_code, len(text or b"")), status=None)
        return body

    # ------------------------------------------------------------------ retries
    def _retryable(self, err, safe):
        if err.throttled or err.code == "SignatureNonceUsed":
            return True  # refused before doing anything: safe to send again, even a write
        if not err.sent:
            return True  # never left this machine
        if not safe:
            return False  # a write whose fate is unknown is not resent here; the caller re-reads state
        return err.code in RETRYABLE_CODES or err.status in RETRYABLE_STATUS or err.status is None

    def call(self, action, params=None, safe=True):
        """Run ``action``; ``safe=False`` marks a write (Save*/Delete*) that is never resent blindly."""
        params = params or {}
        attempt = 0
        while True:
            try:
                result = self._send(action, params)
                self.limiter.succeeded()
                return result
            except ApiError as err:
                if attempt >= self.max_retries or not self._retryable(err, safe):
                    if not safe and err.sent and not err.throttled and (err.status is None or err.status >= 500):
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
