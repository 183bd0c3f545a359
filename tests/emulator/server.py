"""Local emulator of the Alibaba Cloud Domain API 2018-01-29 (stdlib only).

    python3 tests/emulator/server.py [--host 127.0.0.1] [--port 8089] [--seed demo|empty|bulk:N[:F]|FILE]
        [--key AK:SECRET[:STS_TOKEN]]... [--state FILE] [--latency-ms N] [--task-seconds N]
        [--throttle-qps N] [--fault SPEC]... [--fault-seed N] [--slow-ms N] [--port-file FILE]

Signed API calls (V1 HMAC-SHA1 or V3 ACS3-HMAC-SHA256, checked with the collection's own
``plugins/module_utils/_api/signing.py``) on ``/``; an unsigned control API under ``/_emulator/``
for loopback clients only. See README.md beside this file.
"""

import argparse
import base64
import collections
import hashlib
import ipaddress
import re
import fnmatch
import json
import os
import random
import signal
import socket
import sys
import tempfile
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qsl, urlsplit

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from auth import V1_COMMON, AuthError, Authenticator, Credential, parse_key_spec  # noqa: E402
from serving import Served  # noqa: E402
from state import ACTIONS, WRITE_ACTIONS, ApiError, State, load_seed  # noqa: E402

DEMO_ACCESS_KEY_ID = "LTAI5tDemoAccessKeyId00"
DEMO_ACCESS_KEY_SECRET = "DemoSecretForTheLocalEmulatorOnly0000000"

HOST_ID = "domain.aliyuncs.com"
STS_HOST_ID = "sts.aliyuncs.com"
STS_VERSION = "2015-04-01"
STS_ACCOUNT_ID = "1234567890123456"
STS_ROLE_ARN_RE = re.compile(r"^acs:ram::(\d+):role/([A-Za-z0-9.@_-]{1,64})$", re.IGNORECASE)
STS_SESSION_RE = re.compile(r"^[A-Za-z0-9.@_-]{2,64}$")
FAULT_KINDS = ("throttle", "500", "503", "slow", "drop_after", "reset_before", "malformed", "empty")
CALL_LOG_MAX = 500000
LOOPBACK = ("127.", "::1", "::ffff:127.")
LOOPBACK_NAMES = ("localhost", "localhost.", "ip6-localhost", "ip6-loopback")
# what a browser's fetch metadata says about a request that a page of this emulator's own origin did not make
CROSS_SITE_FETCH = ("cross-site", "same-site")


def error_body(request_id, code, message, host_id=HOST_ID):
    return {"RequestId": request_id, "HostId": host_id, "Code": code, "Message": message,
            "Recommend": "https://api.aliyun.com/troubleshoot?q=%s&product=Domain" % code}


# ---------------------------------------------------------------- faults and throttling
class Fault(object):
    def __init__(self, spec):
        parts = spec.split(":")
        if len(parts) not in (2, 3) or not parts[0] or parts[1] not in FAULT_KINDS:
            raise ValueError("fault spec wants ACTION_OR_*:KIND[:N_OR_PROB] with KIND in %s: %r"
                             % ("|".join(FAULT_KINDS), spec))
        self.spec = spec
        self.action = parts[0]
        self.kind = parts[1]
        self.remaining = None  # None: every matching call (unless prob)
        self.prob = None
        if len(parts) == 3 and parts[2] != "":
            text = parts[2]
            if "." in text:
                self.prob = float(text)
                if not 0.0 < self.prob <= 1.0:
                    raise ValueError("fault probability must be in (0, 1]: %r" % spec)
            else:
                self.remaining = int(text)
                if self.remaining < 0:
                    raise ValueError("fault count must be >= 0: %r" % spec)

    def matches(self, action):
        """``*`` is every action; ``Save*`` (any shell-style pattern) the actions it matches; else exactly."""
        if self.action == action or self.action == "*":
            return True
        return any(c in self.action for c in "*?[") and fnmatch.fnmatchcase(action or "", self.action)

    def to_json(self):
        return {"spec": self.spec, "action": self.action, "kind": self.kind, "remaining": self.remaining,
                "probability": self.prob}


class TokenBucket(object):
    def __init__(self, qps):
        self.qps = float(qps or 0)
        self.tokens = max(self.qps, 1.0)
        self.stamp = time.monotonic()

    def take(self):
        """True when the call may go on (call under the emulator's lock)."""
        if self.qps <= 0:
            return True
        now = time.monotonic()
        burst = max(self.qps, 1.0)
        self.tokens = min(burst, self.tokens + (now - self.stamp) * self.qps)
        self.stamp = now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return True
        return False


# ---------------------------------------------------------------- persistence
class Persister(object):
    """Atomic, coalesced writes of the whole state (temp file + os.replace)."""

    def __init__(self, emulator, path, interval=0.5):
        self.emulator = emulator
        self.path = os.path.abspath(path)
        self.interval = interval
        self._write_lock = threading.Lock()
        self._gen_lock = threading.Lock()
        self._gen = 0
        self._written = 0
        self._stop = threading.Event()
        self._thread = None

    def mark(self):
        with self._gen_lock:
            self._gen += 1
            return self._gen

    def flush(self, upto=None):
        """Write the state unless a write that started after generation ``upto`` already happened."""
        with self._write_lock:
            if upto is not None and self._written >= upto:
                return
            state = self.emulator.state
            with state.lock:
                gen = self._gen
                data = state.dump()
                # the nonces seen in the last 15 minutes go with the state, so that a request replayed after a
                # restart is refused as it would have been before it
                data["nonces"] = self.emulator.auth.dump_nonces()
                text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
                state.dirty = False
            directory = os.path.dirname(self.path) or "."
            fd, tmp = tempfile.mkstemp(prefix=".emulator-state-", dir=directory)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    handle.write(text)
                os.replace(tmp, self.path)
            except BaseException:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass
                raise
            self._written = max(self._written, gen)

    def start(self):
        self._thread = threading.Thread(target=self._loop, name="emulator-persist", daemon=True)
        self._thread.start()

    def _loop(self):
        while not self._stop.wait(self.interval):
            if self.emulator.state.dirty or self.emulator.auth.nonces_dirty:
                try:
                    self.flush()
                except OSError as exc:  # pragma: no cover - disk trouble is reported, not fatal
                    sys.stderr.write("emulator: cannot write state: %s\n" % exc)

    def stop(self):
        self._stop.set()
        self.flush()


# ---------------------------------------------------------------- the emulator
class Emulator(object):
    def __init__(self, seed="demo", keys=None, state_file=None, latency_ms=0.0, task_seconds=2.0,
                 throttle_qps=0.0, faults=(), fault_seed=None, slow_ms=3000.0, roles=None):
        self.seed = seed
        # STS AssumeRole: None accepts any well-formed role ARN, else only these (case-insensitive)
        self.roles = None if roles is None else set(r.lower() for r in roles)
        self.sts_issued = []  # what AssumeRole / the metadata server handed out (no secrets)
        self.key_specs = list(keys or [])
        self.initial = {"latency_ms": float(latency_ms), "task_seconds": float(task_seconds),
                        "throttle_qps": float(throttle_qps), "slow_ms": float(slow_ms), "busy_check": True}
        self.initial_faults = list(faults)
        self.fault_seed = fault_seed
        self.lock = threading.Lock()  # calls, stats, faults, throttle (the data model has its own)
        self.auth = Authenticator(self._credentials())
        data = None
        if state_file and os.path.exists(state_file):
            with open(state_file, encoding="utf-8") as handle:
                data = json.load(handle)
            self.auth.load_nonces(data.pop("nonces", None) or [])
        self.state = State(data if data is not None else seed, task_seconds=task_seconds)
        self.persister = Persister(self, state_file) if state_file else None
        self.served = self.httpd = None
        self.started = time.time()
        self._reset_runtime()

    def _credentials(self):
        if not self.key_specs:
            return [Credential(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET)]
        return [parse_key_spec(spec) for spec in self.key_specs]

    def _reset_runtime(self):
        with self.lock:
            self.config = dict(self.initial)
            self.state.task_seconds = self.config["task_seconds"]
            self.state.busy_check = True
            self.faults = [Fault(spec) for spec in self.initial_faults]
            self.rng = random.Random(self.fault_seed)
            self.bucket = TokenBucket(self.config["throttle_qps"])
            self.calls = collections.deque(maxlen=CALL_LOG_MAX)
            self.seq = 0
            self.by_action = collections.Counter()
            self.by_status = collections.Counter()
            self.by_code = collections.Counter()
            self.by_fault = collections.Counter()

    # ------------------------------------------------------------ server lifecycle
    def start(self, host="127.0.0.1", port=0):
        warning = bind_warning(host)
        if warning:
            sys.stderr.write(warning + "\n")
            sys.stderr.flush()
        if self.persister:
            self.persister.flush()
            self.persister.start()
        handler = type("BoundHandler", (Handler,), {"emulator": self})
        self.served = Served(handler, host, port, name="emulator-http", request_queue_size=128)
        self.httpd = self.served.httpd
        return self.port

    @property
    def port(self):
        return self.served.port

    @property
    def url(self):
        return "http://%s:%d" % (self.served.host, self.port)

    def stop(self):
        if self.served is not None:
            self.served.stop()
        if self.persister:
            self.persister.stop()

    # ------------------------------------------------------------ faults
    def pick_fault(self, action):
        """The first armed fault matching ``action`` (consumed), or None; under self.lock."""
        for fault in self.faults:
            if not fault.matches(action):
                continue
            if fault.remaining is not None:
                if fault.remaining <= 0:
                    continue
                fault.remaining -= 1
                return fault.kind
            if fault.prob is not None:
                if self.rng.random() < fault.prob:
                    return fault.kind
                continue
            return fault.kind
        return None

    def record(self, action, params, version, status, code, fault):
        with self.lock:
            self.seq += 1
            self.calls.append({"seq": self.seq, "time": time.time(), "action": action, "params": params,
                               "signature_version": version, "status": status, "code": code, "fault": fault})
            self.by_action[action or ""] += 1
            self.by_status[str(status)] += 1
            if code:
                self.by_code[code] += 1
            if fault:
                self.by_fault[fault] += 1

    def stats(self):
        with self.state.lock:
            self.state._advance(self.state.clock())
            st = dict(self.state.stats)
            inflight = len(self.state.inflight)
            totals = {"profiles": len(self.state.profiles), "domains": len(self.state.domains),
                      "tasks": len(self.state.tasks)}
        with self.lock:
            out = {"calls": self.seq, "actions": dict(self.by_action), "statuses": dict(self.by_status),
                   "codes": dict(self.by_code), "faults": dict(self.by_fault)}
        out.update(st)
        out["inflight_task_details"] = inflight
        out.update(totals)
        return out

    def issue_sts(self, role_arn, session_name, duration=3600, base_access_key_id=None, via="AssumeRole"):
        """Register a new temporary STS key (accepted by every later call until it expires) and return it
        in the shape of STS ``Credentials``."""
        now = time.time()
        cred = Credential("STS.Emu" + uuid.uuid4().hex[:20],
                          base64.b64encode(os.urandom(24)).decode("ascii").replace("+", "x").replace("/", "y"),
                          "CAIS" + base64.b64encode(os.urandom(48)).decode("ascii"), expires_at=now + int(duration))
        self.auth.add_key(cred)
        expiration = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(cred.expires_at))
        with self.lock:
            self.sts_issued.append({"access_key_id": cred.access_key_id, "role_arn": role_arn,
                                    "session_name": session_name, "duration": int(duration),
                                    "base_access_key_id": base_access_key_id, "expiration": expiration, "via": via})
        return {"AccessKeyId": cred.access_key_id, "AccessKeySecret": cred.secret, "SecurityToken": cred.token,
                "Expiration": expiration}

    def persist_after_write(self):
        if self.persister:
            self.persister.flush(self.persister.mark())


def _is_loopback(address):
    return any(address.startswith(prefix) for prefix in LOOPBACK) or address.lower() in LOOPBACK_NAMES


def _is_loopback_name(host):
    """``host`` (no port, no brackets) is a loopback IP address or a loopback name."""
    host = (host or "").lower()
    if host in LOOPBACK_NAMES:
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    mapped = getattr(address, "ipv4_mapped", None)
    return address.is_loopback or bool(mapped and mapped.is_loopback)


def bind_warning(host):
    """The warning printed when the emulator listens on anything but a loopback address, else None."""
    if _is_loopback_name(host):
        return None
    return ("emulator: WARNING: listening on %s, which is not a loopback address: anyone who can reach this port "
            "can use the published demo key (or the --key pairs) to read and change the emulated account. "
            "Bind to 127.0.0.1 unless that is what you want." % (host or "every address"))


def _split_host(value):
    """``host[:port]`` (IPv6 in brackets) -> (lowercase host, port or None); (None, None) if malformed."""
    value = (value or "").strip().lower()
    if not value or any(c in value for c in "/@ \t\\"):
        return None, None
    if value.startswith("["):
        end = value.find("]")
        if end < 0:
            return None, None
        host, rest = value[1:end], value[end + 1:]
        if rest and not rest.startswith(":"):
            return None, None
        port = rest[1:] if rest else None
    elif value.count(":") == 1:
        host, port = value.split(":")
    elif ":" in value:
        return None, None
    else:
        host, port = value, None
    if port is not None:
        if not port.isdigit() or not 0 < int(port) < 65536:
            return None, None
        port = int(port)
    return host, port


def host_allowed(host_header, bound_host):
    """A Host header naming a loopback address or name, or the address the emulator is bound to.

    A web page can point a name it controls at 127.0.0.1 (DNS rebinding); the Host header still carries that
    name, so the control API refuses it. A missing Host (HTTP/1.0 tools) is accepted: browsers always send one.
    """
    if host_header is None:
        return True
    host, _port = _split_host(host_header)
    if not host:
        return False
    if _is_loopback_name(host):
        return True
    bound = (bound_host or "").lower()
    return bool(bound) and bound not in ("0.0.0.0", "::") and host == bound


def origin_allowed(origin, bound_host, port):
    """No Origin header (every API client and tool), or exactly this emulator's own origin."""
    if origin is None:
        return True
    scheme, _sep, rest = origin.strip().lower().partition("://")
    if scheme != "http" or not rest or "/" in rest:
        return False  # "null" (sandboxed frames, file: pages), https, anything odd
    host, origin_port = _split_host(rest)
    return host_allowed(rest, bound_host) and host is not None and (origin_port or 80) == port


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "AliyunDomainEmulator/1.0"
    sys_version = ""
    disable_nagle_algorithm = True
    emulator = None  # bound by Emulator.start

    def log_message(self, fmt, *args):  # quiet: no per-request I/O
        pass

    # ------------------------------------------------------------ plumbing
    _answer_at = None

    def _wait_latency(self):
        if self._answer_at is not None:
            delay = self._answer_at - time.monotonic()
            self._answer_at = None
            if delay > 0:
                time.sleep(delay)

    def _send(self, status, body, content_type="application/json;charset=utf-8", extra=None):
        self._wait_latency()
        if isinstance(body, (dict, list)):
            body = json.dumps(body, ensure_ascii=False).encode("utf-8")
        elif isinstance(body, str):
            body = body.encode("utf-8")
        reason = self.responses.get(status, ("",))[0]
        lines = ["HTTP/1.1 %d %s" % (status, reason),
                 "Content-Type: " + content_type,
                 "Content-Length: %d" % len(body),
                 "Date: " + self.date_time_string()]
        if extra:
            lines.extend("%s: %s" % kv for kv in extra.items())
        if self.close_connection:
            lines.append("Connection: close")
        self.wfile.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)

    def _read_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _hangup(self, reset=False):
        self._wait_latency()
        self.close_connection = True
        try:
            if reset:
                import struct
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def do_GET(self):
        self._dispatch("GET")

    def do_POST(self):
        self._dispatch("POST")

    def do_PUT(self):
        self._dispatch("PUT")

    def do_DELETE(self):
        self._dispatch("DELETE")

    def _cross_origin(self):
        """Why a request that a web page could have sent must be refused, or None.

        Browsers add ``Origin`` (and ``Sec-Fetch-Site``) to every cross-origin POST, even a "simple"
        ``text/plain`` one that needs no CORS preflight; no API client or tool sends them.
        """
        bound, port = self.server.server_address[:2]
        if not origin_allowed(self.headers.get("Origin"), bound, port):
            return "cross-origin requests are refused"
        if (self.headers.get("Sec-Fetch-Site") or "").strip().lower() in CROSS_SITE_FETCH:
            return "cross-site requests are refused"
        return None

    def _dispatch(self, method):
        split = urlsplit(self.path)
        body = self._read_body()
        refused = self._cross_origin()
        if refused:
            self.close_connection = True
            self._send(403, {"error": refused} if split.path.startswith("/_emulator") else
                       error_body(str(uuid.uuid4()).upper(), "Forbidden.CrossOrigin", "The request was refused: %s."
                                  % refused))
            return
        if split.path.startswith("/_emulator"):
            self._control(method, split.path.rstrip("/"), split.query, body)
        else:
            self._api(method, split.path or "/", split.query, body)

    # ------------------------------------------------------------ the signed API
    def _api(self, method, path, query, body):
        emu = self.emulator
        request_id = str(uuid.uuid4()).upper()
        latency = emu.config["latency_ms"]
        if latency > 0:
            # answered (or hung up) latency_ms after the request arrived; the work is done first, inside that
            # time, as a remote service's processing is part of the round trip a client sees
            self._answer_at = time.monotonic() + latency / 1000.0
        headers = {}
        for name, value in self.headers.items():
            low = name.lower()
            headers[low] = (headers[low] + "," + value.strip()) if low in headers else value.strip()
        params = dict(parse_qsl(query, keep_blank_values=True))
        ctype = headers.get("content-type", "")
        if body and ctype.startswith("application/x-www-form-urlencoded"):
            params.update(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
        v3 = "authorization" in headers
        version = "v3" if v3 else "v1"
        action = headers.get("x-acs-action") if v3 else params.get("Action")
        action_params = {k: v for k, v in params.items() if k not in V1_COMMON} if not v3 else dict(params)
        if action == "AssumeRole":
            self._assume_role(method, path, query, params, headers, body, v3, action_params, request_id)
            return
        try:
            if v3:
                emu.auth.check_v3(method, path, dict(parse_qsl(query, keep_blank_values=True)), headers, body)
            else:
                emu.auth.check_v1(method, params)
        except AuthError as exc:
            emu.record(action, action_params, version, exc.status, exc.code, None)
            self._send(exc.status, error_body(request_id, exc.code, exc.message))
            return
        fault = None
        with emu.lock:
            allowed = emu.bucket.take()
            if allowed:
                fault = emu.pick_fault(action)
        if not allowed or fault == "throttle":
            emu.record(action, action_params, version, 400, "Throttling.User", fault)
            self._send(400, error_body(request_id, "Throttling.User", "Request was denied due to user flow control."))
            return
        if fault == "reset_before":
            emu.record(action, action_params, version, 0, None, fault)
            self._hangup(reset=True)
            return
        if fault in ("500", "503"):
            status = int(fault)
            code, message = (("InternalError", "The request processing has failed due to some unknown error, "
                                               "exception or failure.") if status == 500 else
                             ("ServiceUnavailable", "The request has failed due to a temporary failure of the server."))
            emu.record(action, action_params, version, status, code, fault)
            self._send(status, error_body(request_id, code, message))
            return
        if fault == "slow":
            time.sleep(emu.config["slow_ms"] / 1000.0)
        try:
            if action not in ACTIONS:
                raise ApiError(404, "InvalidAction.NotFound",
                               "Specified api is not found, please check your url and method.")
            result = emu.state.handle(action, action_params, self.client_address[0])
            status, code = 200, None
            result["RequestId"] = request_id
            answer = result
        except ApiError as exc:
            status, code = exc.status, exc.code
            answer = error_body(request_id, exc.code, exc.message)
        if status == 200 and action in WRITE_ACTIONS:
            emu.persist_after_write()
        if fault == "drop_after":
            emu.record(action, action_params, version, 0, code, fault)
            self._hangup()
            return
        emu.record(action, action_params, version, status, code, fault)
        if fault == "malformed":
            self._send(200, "<html><body>502 Bad Gateway</body></html>{\"RequestId\":", "text/html")
        elif fault == "empty":
            self._send(200, b"")
        else:
            self._send(status, answer, extra={"x-acs-request-id": request_id})

    # ------------------------------------------------------------ STS AssumeRole
    def _assume_role(self, method, path, query, params, headers, body, v3, action_params, request_id):
        """STS ``AssumeRole`` (2015-04-01): checks the caller's signature, then issues a temporary key that
        the Domain API of this emulator accepts."""
        emu = self.emulator
        version = "v3" if v3 else "v1"
        try:
            if v3:
                caller = emu.auth.check_v3(method, path, dict(parse_qsl(query, keep_blank_values=True)), headers,
                                           body, api_version=STS_VERSION)
            else:
                caller = emu.auth.check_v1(method, params, api_version=STS_VERSION)
            answer = self._sts_answer(emu, action_params, caller, request_id)
        except AuthError as exc:
            emu.record("AssumeRole", action_params, version, exc.status, exc.code, None)
            self._send(exc.status, error_body(request_id, exc.code, exc.message, STS_HOST_ID))
            return
        emu.record("AssumeRole", action_params, version, 200, None, None)
        self._send(200, answer, extra={"x-acs-request-id": request_id})

    @staticmethod
    def _sts_answer(emu, params, caller, request_id):
        role_arn = params.get("RoleArn") or ""
        session = params.get("RoleSessionName") or ""
        if not role_arn:
            raise AuthError(400, "MissingRoleArn", "RoleArn is mandatory for this action.")
        if not session:
            raise AuthError(400, "MissingRoleSessionName", "RoleSessionName is mandatory for this action.")
        match = STS_ROLE_ARN_RE.match(role_arn)
        if not match:
            raise AuthError(400, "InvalidParameter.RoleArn", "The parameter RoleArn is wrongly formed.")
        if not STS_SESSION_RE.match(session):
            raise AuthError(400, "InvalidParameter.RoleSessionName", "The parameter RoleSessionName is wrongly formed.")
        try:
            duration = int(params.get("DurationSeconds") or 3600)
        except ValueError:
            duration = -1
        if not 900 <= duration <= 43200:
            raise AuthError(400, "InvalidParameter.DurationSeconds",
                            "The Min/Max value of DurationSeconds is 15min/12hr.")
        if emu.roles is not None and role_arn.lower() not in emu.roles:
            raise AuthError(404, "EntityNotExist.Role", "The specified Role not exists: %s." % match.group(2))
        creds = emu.issue_sts(role_arn, session, duration, caller)
        role_id = "3%017d" % (int(hashlib.sha1(role_arn.lower().encode("utf-8")).hexdigest()[:14], 16) % (10 ** 17))
        return {"RequestId": request_id, "Credentials": creds,
                "AssumedRoleUser": {"Arn": "acs:ram::%s:role/%s/%s" % (match.group(1), match.group(2).lower(), session),
                                    "AssumedRoleId": "%s:%s" % (role_id, session)}}

    # ------------------------------------------------------------ the control API
    def _control(self, method, path, query, body):
        emu = self.emulator
        if not _is_loopback(self.client_address[0]):
            self._send(403, {"error": "the control API answers loopback clients only"})
            return
        if not host_allowed(self.headers.get("Host"), self.server.server_address[0]):
            self._send(403, {"error": "the control API answers requests for a loopback host name or address only"})
            return
        try:
            payload = json.loads(body.decode("utf-8")) if body.strip() else {}
        except ValueError:
            self._send(400, {"error": "the body must be JSON"})
            return
        route = (method, path[len("/_emulator"):] or "/")
        try:
            answer = self._route(emu, route, dict(parse_qsl(query)), payload)
        except (ValueError, KeyError, TypeError) as exc:
            self._send(400, {"error": str(exc)})
            return
        if answer is None:
            self._send(404, {"error": "no such control endpoint: %s %s" % (method, path)})
        else:
            self._send(answer[0], answer[1])

    @staticmethod
    def _route(emu, route, query, payload):
        method, path = route
        if route == ("GET", "/health"):
            return 200, {"status": "ok", "uptime": time.time() - emu.started,
                         "actions": sorted(ACTIONS), "signing_module": "plugins/module_utils/_api/signing.py"}
        if route == ("GET", "/calls"):
            since = int(query.get("since", 0))
            action = query.get("action")
            with emu.lock:
                calls = [c for c in emu.calls if c["seq"] > since and (not action or c["action"] == action)]
            return 200, {"calls": calls, "count": len(calls)}
        if route == ("DELETE", "/calls"):
            with emu.lock:
                emu.calls.clear()
            return 200, {"count": 0}
        if route == ("GET", "/stats"):
            return 200, emu.stats()
        if route == ("POST", "/reset"):
            seed = payload.get("seed", emu.seed) if isinstance(payload, dict) else emu.seed
            data = load_seed(seed)
            emu.state.load(data)
            emu._reset_runtime()
            for cred in emu.auth.keys.values():
                cred.expired = False
            with emu.lock:
                emu.sts_issued = []
            emu.persist_after_write()
            return 200, {"reset": True, "profiles": len(emu.state.profiles), "domains": len(emu.state.domains)}
        if route == ("GET", "/state"):
            return 200, emu.state.dump()
        if route == ("PUT", "/state"):
            if not isinstance(payload, dict):
                raise ValueError("the state must be a JSON object")
            emu.state.load(payload)
            emu.persist_after_write()
            return 200, {"profiles": len(emu.state.profiles), "domains": len(emu.state.domains)}
        if route in (("GET", "/config"), ("PUT", "/config")):
            if method == "PUT":
                with emu.lock:
                    for key in ("latency_ms", "task_seconds", "throttle_qps", "slow_ms"):
                        if key in payload:
                            emu.config[key] = float(payload[key])
                    if "busy_check" in payload:
                        emu.config["busy_check"] = bool(payload["busy_check"])
                    if "throttle_qps" in payload:
                        emu.bucket = TokenBucket(emu.config["throttle_qps"])
                with emu.state.lock:
                    emu.state.task_seconds = emu.config["task_seconds"]
                    emu.state.busy_check = emu.config["busy_check"]
            return 200, dict(emu.config)
        if route == ("GET", "/faults"):
            with emu.lock:
                return 200, {"faults": [f.to_json() for f in emu.faults]}
        if route == ("POST", "/faults"):
            specs = payload.get("faults", [])
            if isinstance(specs, str):
                specs = [specs]
            new = [Fault(spec) for spec in specs]
            with emu.lock:
                emu.faults.extend(new)
                if "seed" in payload:
                    emu.rng = random.Random(payload["seed"])
                return 200, {"faults": [f.to_json() for f in emu.faults]}
        if route == ("DELETE", "/faults"):
            with emu.lock:
                emu.faults = []
            return 200, {"faults": []}
        if route == ("POST", "/tasks/complete"):
            done = emu.state.complete_all()
            emu.persist_after_write()
            return 200, {"completed": done}
        if route == ("GET", "/sts"):
            with emu.lock:
                return 200, {"issued": list(emu.sts_issued)}
        if route == ("POST", "/sts/expire"):
            ak = payload.get("access_key_id")
            if not emu.auth.expire_token(ak):
                return 404, {"error": "unknown access key id"}
            return 200, {"expired": ak}
        return None


# ---------------------------------------------------------------- CLI
def parse_args(argv=None):
    parser = argparse.ArgumentParser(description="Local emulator of the Alibaba Cloud Domain API 2018-01-29.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8089, help="0 picks a free port")
    parser.add_argument("--seed", default="demo", help="demo (default) | empty | bulk:N[:FRACTION] | FILE")
    parser.add_argument("--key", action="append", default=[], metavar="AK:SECRET[:STS_TOKEN]",
                        help="accepted key (repeatable); default: the documented demo pair")
    parser.add_argument("--state", metavar="FILE", help="load from FILE if it exists, persist to it")
    parser.add_argument("--latency-ms", type=float, default=0.0)
    parser.add_argument("--task-seconds", type=float, default=2.0)
    parser.add_argument("--throttle-qps", type=float, default=0.0, help="0 = no throttling")
    parser.add_argument("--fault", action="append", default=[], metavar="SPEC",
                        help="ACTION_OR_*:KIND[:N_OR_PROB], KIND in " + "|".join(FAULT_KINDS))
    parser.add_argument("--fault-seed", type=int, default=0)
    parser.add_argument("--slow-ms", type=float, default=3000.0)
    parser.add_argument("--port-file", metavar="FILE")
    parser.add_argument("--role", action="append", default=None, metavar="ARN",
                        help="role ARN that STS AssumeRole accepts (repeatable); default: any well-formed ARN")
    args = parser.parse_args(argv)
    for spec in args.fault:
        Fault(spec)
    for spec in args.key:
        parse_key_spec(spec)
    return args


def main(argv=None):
    try:
        args = parse_args(argv)
    except ValueError as exc:
        sys.stderr.write("emulator: %s\n" % exc)
        return 2
    emu = Emulator(seed=args.seed, keys=args.key, state_file=args.state, latency_ms=args.latency_ms,
                   task_seconds=args.task_seconds, throttle_qps=args.throttle_qps, faults=args.fault,
                   fault_seed=args.fault_seed, slow_ms=args.slow_ms, roles=args.role)
    stop = threading.Event()

    def _on_signal(_signum, _frame):
        stop.set()

    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)
    port = emu.start(args.host, args.port)
    if args.port_file:
        tmp = args.port_file + ".tmp"
        with open(tmp, "w") as handle:
            handle.write("%d\n" % port)
        os.replace(tmp, args.port_file)
    host = args.host if ":" not in args.host else "[%s]" % args.host
    sys.stdout.write("emulator listening on http://%s:%d\n" % (host, port))
    sys.stdout.flush()
    while not stop.wait(0.5):
        pass
    emu.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
