# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.domain contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One HTTP exchange through requests' public interface, for the Domain API, STS and the metadata service.

How to use it (the Domain API client does exactly this; the credential sources do the same for STS and
the instance metadata service)::

    from ansible_collections.alicloud.domain.plugins.module_utils._api import transport

    session = transport.new_session(pool_size=10)         # or any requests.Session
    proxies = transport.proxies_for(url, session)         # once per endpoint: {} for loopback, whatever NO_PROXY says
    verify = transport.verify_setting(validate_certs)     # True, False, or the CA bundle REQUESTS_CA_BUNDLE names
    status, reason, headers, body = transport.send(session, "POST", url, headers, (connect_timeout, timeout),
                                                   verify, proxies)

``send`` raises requests' own exceptions (``requests.exceptions.ConnectTimeout``, ``ReadTimeout``,
``SSLError``, ``ConnectionError`` ...); :func:`not_sent` tells from such an exception whether the request
certainly never left this machine (only a failure to connect or a certificate refused in the TLS handshake
proves that; anything else may have reached the server). ``url`` must already be percent-encoded (as
``signing.canonical_query`` makes it); ``headers`` is a plain dict of strings; ``body`` bytes or None.

The rules it keeps:

* redirects are never followed: a 3xx comes back as it is;
* a request to loopback (127.0.0.0/8, ::1, localhost) never goes through a proxy (:func:`proxies_for`);
* every request is bounded by one total deadline, by default ``connect_timeout + timeout``
  (:func:`total_deadline`): connecting takes at most ``connect_timeout``, each wait for the status line and
  headers at most ``timeout`` (and never more than the deadline), and the body must be complete by the
  deadline, however slowly the server trickles it (a watchdog thread shuts the socket down when the deadline
  passes; the caller then gets :class:`DeadlineExceeded`, a ``requests.exceptions.ReadTimeout``).
  Limits: requests hands out the connection only once the headers are in, so a server that trickles the
  status line and headers themselves byte by byte is bounded per wait (``timeout``), not by the deadline; and
  name resolution is left to the system resolver's own timeouts.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import heapq
import http.cookiejar
import ipaddress
import os
import socket
import ssl
import threading
import time

from urllib.parse import urlsplit

try:
    import requests
    import requests.adapters
    import requests.cookies
    import requests.utils
    from urllib3 import exceptions as _u3
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
    _ReadTimeout = requests.exceptions.ReadTimeout
except ImportError as _exc:  # reported by the module with missing_required_lib
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = _exc
    _ReadTimeout = Exception


class DeadlineExceeded(_ReadTimeout):
    """No complete answer within the request's total deadline (the request may have been delivered)."""


def total_deadline(timeouts):
    """The total deadline of one request: ``connect_timeout + timeout`` seconds."""
    connect, read = timeouts
    return float(connect) + float(read)


def is_loopback(host):
    """True for ``localhost``, 127.0.0.0/8, ``::1`` and an IPv4-mapped loopback address."""
    host = (host or "").strip("[]").rstrip(".").lower()
    if host == "localhost":
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    mapped = getattr(address, "ipv4_mapped", None)
    return address.is_loopback or bool(mapped and mapped.is_loopback)


def proxies_for(url, session=None):
    """The proxies for ``url``: none for loopback (or a ``*.localhost`` name), whatever ``NO_PROXY`` says;
    else the session's own ``proxies`` and, when it trusts the environment (or no session is given), those of
    ``HTTP_PROXY``/``HTTPS_PROXY``/``ALL_PROXY`` that ``NO_PROXY`` leaves."""
    host = (urlsplit(url).hostname or "").rstrip(".").lower()
    if is_loopback(host) or host.endswith(".localhost"):
        return {}
    proxies = dict(getattr(session, "proxies", None) or {})
    if session is None or getattr(session, "trust_env", True):
        for key, value in requests.utils.get_environ_proxies(url, no_proxy=proxies.get("no_proxy")).items():
            proxies.setdefault(key, value)
    return proxies


def verify_setting(validate_certs=True):
    """``False``, or the CA bundle ``REQUESTS_CA_BUNDLE`` / ``CURL_CA_BUNDLE`` names, or ``True``."""
    if not validate_certs:
        return False
    return os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE") or True


def new_session(pool_size=10):
    """A session with one pool of ``pool_size`` kept-alive connections per host, no retries inside urllib3
    (the caller decides what may be sent again) and no cookies kept. ``send`` never reads the environment:
    resolve it once with :func:`proxies_for` and :func:`verify_setting` (the session still trusts the
    environment, for :func:`proxies_for`; set ``trust_env = False`` afterwards if nothing else needs it)."""
    session = requests.Session()
    adapter = requests.adapters.HTTPAdapter(pool_connections=1, pool_maxsize=max(1, int(pool_size)), max_retries=0)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    session.cookies = _no_cookies()
    return session


def _no_cookies():
    """A cookie jar that keeps nothing: no answer's cookie is ever stored, so none is ever sent."""
    return requests.cookies.RequestsCookieJar(policy=http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))


# ----------------------------------------------------------------------------------------------- not sent
def _causes(exc, limit=12):
    """``exc`` and what it wraps (``args``, urllib3's ``reason``, ``__cause__``, ``__context__``)."""
    seen, todo = [], [exc]
    while todo and len(seen) < limit:
        item = todo.pop(0)
        if not isinstance(item, BaseException) or any(item is s for s in seen):
            continue
        seen.append(item)
        todo.extend([getattr(item, "reason", None), item.__cause__, item.__context__])
        todo.extend(a for a in getattr(item, "args", ()) if isinstance(a, BaseException))
    return seen


def not_sent(exc):
    """True only when ``exc`` proves the request never reached the server: the TCP connection (to the
    server or the proxy) was never made (refused, unresolvable, connect timeout), the server's certificate
    was refused in the TLS handshake, or the pool was closed before use. Anything else, an ``SSLError``
    after the handshake included, may have been delivered."""
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return True
    proofs = (_u3.NewConnectionError, _u3.ConnectTimeoutError, _u3.ClosedPoolError, _u3.EmptyPoolError,
              _u3.LocationParseError, ssl.SSLCertVerificationError, ssl.CertificateError,
              requests.exceptions.InvalidURL, requests.exceptions.InvalidSchema,
              requests.exceptions.MissingSchema, requests.exceptions.InvalidHeader)
    return any(isinstance(cause, proofs) for cause in _causes(exc))


# ----------------------------------------------------------------------------------------------- deadline
class _Watchdog:
    """One daemon thread for every request of the process: at an entry's deadline it shuts its socket down,
    which ends any read blocked on it at once (end of stream)."""

    def __init__(self):
        self._cond = threading.Condition()
        self._heap = []
        self._count = 0
        self._thread = None

    def watch(self, when, raw):
        entry = [when, 0, raw, True, False]  # deadline, order, urllib3 response, active, fired
        with self._cond:
            self._count += 1
            entry[1] = self._count
            heapq.heappush(self._heap, entry)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="alicloud-domain-deadline")
                self._thread.daemon = True
                self._thread.start()
            elif self._heap[0] is entry:
                self._cond.notify()
        return entry

    def release(self, entry):
        """Stop watching; True when the deadline had already passed (the socket was shut down)."""
        with self._cond:
            entry[2], entry[3] = None, False  # the answer is not kept alive until its entry leaves the heap
            return entry[4]

    def _run(self):
        with self._cond:
            while True:
                while self._heap and not self._heap[0][3]:
                    heapq.heappop(self._heap)
                if not self._heap:
                    self._cond.wait()
                    continue
                delay = self._heap[0][0] - time.monotonic()
                if delay > 0:
                    self._cond.wait(delay)
                    continue
                entry = heapq.heappop(self._heap)
                entry[3], entry[4] = False, True
                # the connection still held by the answer being read: once urllib3 has released it to the
                # pool (the answer complete), it is no longer this request's to shut
                sock = _socket_of(entry[2])
                if sock is not None:
                    try:
                        socket.socket.shutdown(sock, socket.SHUT_RDWR)
                    except (OSError, ValueError):
                        pass


_WATCHDOG = _Watchdog()
_NO_COOKIES = _no_cookies() if HAS_REQUESTS else None


def _socket_of(raw):
    """The socket urllib3's response ``raw`` is read from while it holds its connection, or None."""
    sock = getattr(getattr(raw, "connection", None), "sock", None)
    return sock if isinstance(sock, socket.socket) else None


def send(session, method, url, headers, timeouts, verify, proxies, deadline=None, body=None, cert=None):
    """Send one request, read its whole answer; return ``(status, reason, headers, body_bytes)``.

    ``timeouts`` is ``(connect_timeout, timeout)``; ``deadline`` (seconds, default ``connect_timeout +
    timeout``) bounds the whole exchange. Raises requests' exceptions; :class:`DeadlineExceeded` when the
    deadline passed before the answer was complete.
    """
    budget = total_deadline(timeouts) if deadline is None else float(deadline)
    end = time.monotonic() + budget
    watched = []

    def _watch(response, *args, **kwargs):
        # called by Session.send as soon as the status line and headers are in, before the body is read
        raw = getattr(response, "raw", None)
        if _socket_of(raw) is not None:
            watched.append(_WATCHDOG.watch(end, raw))
        return response

    if body is not None and not any(k.lower() == "content-length" for k in headers):
        headers = dict(headers, **{"Content-Length": str(len(body))})  # else requests would send it chunked
    request = requests.PreparedRequest()
    request.method, request.url, request.headers, request.body = method, url, headers, body
    request.hooks = {"response": [_watch]}
    request.prepare_cookies(_NO_COOKIES)  # none to send; a redirect's (never followed) are not kept either
    connect, read = timeouts
    try:
        try:
            response = session.send(request, timeout=(float(connect), max(0.001, min(float(read), budget))),
                                    verify=verify, cert=cert, proxies=proxies, allow_redirects=False, stream=True)
            content = response.content
        finally:
            fired = bool(watched) and _WATCHDOG.release(watched[0])
    except requests.exceptions.RequestException as exc:
        if fired:
            raise DeadlineExceeded("no complete answer within the deadline of %g s" % budget)
        raise
    if fired:
        raise DeadlineExceeded("no complete answer within the deadline of %g s" % budget)
    return response.status_code, response.reason, response.headers, content
