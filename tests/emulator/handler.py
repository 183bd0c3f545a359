"""The HTTP front of the Domain API emulator: plumbing, cross-origin refusal, dispatch, the signed API.

The STS ``AssumeRole`` action comes from ``sts.py``, the control API under ``/_emulator/`` from ``control.py``.
"""

import json
import socket
import time
import uuid
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qsl, urlsplit

from auth import V1_COMMON, AuthError
from control import ControlMixin
from loopback import CROSS_SITE_FETCH, origin_allowed
from replies import error_body
from state import ACTIONS, WRITE_ACTIONS, ApiError
from sts import AssumeRoleMixin


class Handler(AssumeRoleMixin, ControlMixin, BaseHTTPRequestHandler):
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
