"""The unsigned control API under ``/_emulator/`` (loopback clients only): mixed into ``handler.Handler``."""

import json
import random
import time
from urllib.parse import parse_qsl

from faults import Fault, TokenBucket
from loopback import _is_loopback, host_allowed
from state import ACTIONS, ApiError, load_seed


class ControlMixin(object):
    """``Handler``'s control API: ``self`` is the request handler (``emulator``, ``_send`` come from it)."""

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
            if answer is None:
                answer = self._route_more(emu, route, payload, self.client_address[0])
        except ApiError as exc:
            self._send(404 if exc.code == "DomainNotExist" else 400, {"error": exc.message})
            return
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
                    for key in ("latency_ms", "task_seconds", "throttle_qps", "slow_ms", "realname_seconds",
                                "email_token_seconds"):
                        if key in payload:
                            emu.config[key] = float(payload[key])
                    if "task_start_seconds" in payload:
                        value = payload["task_start_seconds"]
                        emu.config["task_start_seconds"] = None if value is None else float(value)
                    if "email_send_quota" in payload:
                        emu.config["email_send_quota"] = int(payload["email_send_quota"])
                    if "busy_check" in payload:
                        emu.config["busy_check"] = bool(payload["busy_check"])
                    if "throttle_qps" in payload:
                        emu.bucket = TokenBucket(emu.config["throttle_qps"])
                emu.apply_state_config()
                with emu.state.lock:
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

    @staticmethod
    def _route_more(emu, route, payload, client_ip):
        """Locks, email and real-name verification, the clock."""
        if route == ("POST", "/domains/lock"):
            answer = emu.state.set_lock(payload["domain"], payload.get("lock", "update"), payload.get("status", "OPEN"))
            emu.persist_after_write()
            return 200, answer
        if route == ("POST", "/domains/set"):
            answer = emu.state.set_domain_fields(payload["domain"], payload.get("fields") or {})
            emu.persist_after_write()
            return 200, answer
        if route == ("POST", "/email/verify"):
            status, answer = emu.state.click_email_link(payload["email"], client_ip)
            emu.persist_after_write()
            return status, answer
        if route == ("POST", "/realname/complete"):
            done = emu.state.complete_audits()
            emu.persist_after_write()
            return 200, {"completed": done}
        if route == ("GET", "/clock"):
            with emu.state.lock:
                return 200, {"now": emu.state.clock(), "offset": emu.state.clock_offset}
        if route == ("POST", "/clock"):
            seconds = float(payload.get("advance", 0))
            if seconds < 0:
                raise ValueError("the clock only moves forward")
            with emu.state.lock:
                emu.state.clock_offset += seconds
                return 200, {"now": emu.state.clock(), "offset": emu.state.clock_offset}
        return None
