"""The emulated service: one account's state, its keys, armed faults, the call log and statistics.

``Emulator(...).start(host, port)`` serves it (``handler.Handler``) on a daemon thread; ``server.py`` is its CLI.
"""

import base64
import collections
import hashlib
import json
import os
import random
import sys
import threading
import time
import uuid

from auth import Authenticator, Credential, parse_key_spec
from faults import Fault, TokenBucket
from handler import Handler
from loopback import bind_warning
from persistence import Persister
from serving import Served, ServedMixin
from state import State

DEMO_ACCESS_KEY_ID = "LTAI5tDemoAccessKeyId00"
DEMO_ACCESS_KEY_SECRET = "DemoSecretForTheLocalEmulatorOnly0000000"
CALL_LOG_MAX = 500000
# config keys the state itself uses (GET/PUT /_emulator/config)
STATE_CONFIG = ("task_seconds", "task_start_seconds", "realname_seconds", "email_token_seconds", "email_send_quota")


def redact(params):
    """The call log never holds an identity credential: the image as its SHA-256 and size, the number masked."""
    if "IdentityCredential" not in params and "IdentityCredentialNo" not in params:
        return params
    params = dict(params)
    image = params.get("IdentityCredential")
    if image is not None:
        params["IdentityCredential"] = "<sha256:%s, %d base64 chars>" % (
            hashlib.sha256(image.encode("utf-8")).hexdigest(), len(image))
    if params.get("IdentityCredentialNo") is not None:
        params["IdentityCredentialNo"] = "<redacted>"
    return params


class Emulator(ServedMixin):
    def __init__(self, seed="demo", keys=None, state_file=None, latency_ms=0.0, task_seconds=2.0,
                 throttle_qps=0.0, faults=(), fault_seed=None, slow_ms=3000.0, roles=None, task_start_seconds=None,
                 realname_seconds=3.0, email_token_seconds=3 * 86400.0, email_send_quota=5):
        self.seed = seed
        # STS AssumeRole: None accepts any well-formed role ARN, else only these (case-insensitive)
        self.roles = None if roles is None else set(r.lower() for r in roles)
        self.sts_issued = []  # what AssumeRole / the metadata server handed out (no secrets)
        self.key_specs = list(keys or [])
        self.initial = {"latency_ms": float(latency_ms), "task_seconds": float(task_seconds),
                        "throttle_qps": float(throttle_qps), "slow_ms": float(slow_ms), "busy_check": True,
                        "task_start_seconds": None if task_start_seconds is None else float(task_start_seconds),
                        "realname_seconds": float(realname_seconds), "email_token_seconds": float(email_token_seconds),
                        "email_send_quota": int(email_send_quota)}
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
            self.apply_state_config()
            self.state.busy_check = True
            self.state.clock_offset = 0.0
            self.faults = [Fault(spec) for spec in self.initial_faults]
            self.rng = random.Random(self.fault_seed)
            self.bucket = TokenBucket(self.config["throttle_qps"])
            self.calls = collections.deque(maxlen=CALL_LOG_MAX)
            self.seq = 0
            self.by_action = collections.Counter()
            self.by_status = collections.Counter()
            self.by_code = collections.Counter()
            self.by_fault = collections.Counter()

    def apply_state_config(self):
        """Hand the state's share of ``config`` to the state."""
        with self.state.lock:
            for key in STATE_CONFIG:
                setattr(self.state, key, self.config[key])

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
        params = redact(params)
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
