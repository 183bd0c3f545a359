"""A tiny ECS instance metadata service for tests: the RAM role credentials, IMDSv2 and IMDSv1 (stdlib only).

    python3 tests/emulator/metadata.py [--port 0] [--role NAME] [--key AK:SECRET:TOKEN] [--imdsv1-only | --v2-only]

* ``PUT /latest/api/token`` with ``X-aliyun-ecs-metadata-token-ttl-seconds`` (1-21600) returns a token;
* ``GET /latest/meta-data/ram/security-credentials/`` lists the attached role (one name per line);
* ``GET /latest/meta-data/ram/security-credentials/<role>`` returns
  ``{"Code": "Success", "AccessKeyId", "AccessKeySecret", "SecurityToken", "Expiration", "LastUpdated"}``;
  404 for another role.

A GET may carry ``X-aliyun-ecs-metadata-token``: a wrong or expired one is 401. Without one it is IMDSv1,
refused (403) in ``v2_only`` mode (an instance in hardened mode). With ``imdsv2=False`` the token PUT is
404 (an old metadata service), so a client must fall back to IMDSv1.

Bound to an :class:`service.Emulator`, every credentials read issues a fresh STS key that the Domain API
emulator accepts (``emulator.issue_sts``); otherwise the fixed ``key`` is served. ``requests`` records
``(method, path, token_state)`` where ``token_state`` is ``"v2"``, ``"v1"`` or ``"bad"``; never a secret.
"""

import argparse
import json
import os
import signal
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from serving import Served, ServedMixin  # noqa: E402

CREDENTIALS_PATH = "/latest/meta-data/ram/security-credentials/"
TOKEN_PATH = "/latest/api/token"
TTL_HEADER = "X-aliyun-ecs-metadata-token-ttl-seconds"
TOKEN_HEADER = "X-aliyun-ecs-metadata-token"


class MetadataServer(ServedMixin):
    def __init__(self, role="EcsRamRoleDomain", emulator=None, key=None, imdsv2=True, v2_only=False,
                 account_id="1234567890123456"):
        self.role = role
        self.emulator = emulator
        self.key = key  # (ak, secret, token) when not bound to an emulator
        self.imdsv2 = imdsv2
        self.v2_only = v2_only
        self.account_id = account_id
        self.tokens = {}  # token -> expiry
        self.requests = []
        self.lock = threading.Lock()
        self.served = None

    # ------------------------------------------------------------ lifecycle
    def start(self, host="127.0.0.1", port=0):
        handler = type("BoundMetadataHandler", (MetadataHandler,), {"server_state": self})
        self.served = Served(handler, host, port, name="metadata-http")
        return self.port

    @property
    def url(self):
        return "http://127.0.0.1:%d" % self.port

    def stop(self):
        if self.served is not None:
            self.served.stop()

    # ------------------------------------------------------------ behaviour
    def credentials(self):
        now = time.time()
        if self.emulator is not None:
            creds = self.emulator.issue_sts("acs:ram::%s:role/%s" % (self.account_id, self.role.lower()),
                                            "ecs-metadata", 21600, None, via="metadata")
        else:
            ak, secret, token = self.key or ("STS.MetadataStaticKey", "MetadataStaticSecret0000", "CAISMetadataToken")
            creds = {"AccessKeyId": ak, "AccessKeySecret": secret, "SecurityToken": token,
                     "Expiration": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now + 21600))}
        creds["LastUpdated"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now))
        creds["Code"] = "Success"
        return creds

    def new_token(self, ttl):
        token = "imds-" + uuid.uuid4().hex
        with self.lock:
            self.tokens[token] = time.time() + ttl
        return token

    def token_state(self, token):
        if token is None:
            return "v1"
        with self.lock:
            expiry = self.tokens.get(token)
        return "v2" if expiry is not None and expiry > time.time() else "bad"

    def log(self, method, path, state):
        with self.lock:
            self.requests.append((method, path, state))


class MetadataHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_state = None

    def log_message(self, fmt, *args):
        pass

    def _send(self, status, body, content_type="text/plain"):
        if isinstance(body, dict):
            body, content_type = json.dumps(body).encode("utf-8"), "application/json"
        elif isinstance(body, str):
            body = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_PUT(self):
        state = self.server_state
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        if self.path != TOKEN_PATH or not state.imdsv2:
            state.log("PUT", self.path, None)
            self._send(404, "Not Found")
            return
        try:
            ttl = int(self.headers.get(TTL_HEADER) or "")
        except ValueError:
            ttl = 0
        state.log("PUT", self.path, None)
        if not 1 <= ttl <= 21600:
            self._send(400, "the header %s must be 1 to 21600" % TTL_HEADER)
            return
        self._send(200, state.new_token(ttl))

    def do_GET(self):
        state = self.server_state
        token_state = state.token_state(self.headers.get(TOKEN_HEADER))
        state.log("GET", self.path, token_state)
        if token_state == "bad":
            self._send(401, "Unauthorized")
            return
        if token_state == "v1" and state.v2_only:
            self._send(403, "Forbidden")
            return
        if self.path == CREDENTIALS_PATH:
            self._send(200, state.role)
        elif self.path.startswith(CREDENTIALS_PATH) and self.path[len(CREDENTIALS_PATH):] == state.role:
            self._send(200, state.credentials())
        else:
            self._send(404, "Not Found")


def main(argv=None):
    parser = argparse.ArgumentParser(description="Tiny ECS instance metadata service (RAM role credentials).")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--role", default="EcsRamRoleDomain")
    parser.add_argument("--key", metavar="AK:SECRET:TOKEN", help="the credentials to serve (start the Domain API "
                        "emulator with the same --key)")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--imdsv1-only", action="store_true", help="no token endpoint (an old metadata service)")
    mode.add_argument("--v2-only", action="store_true", help="refuse GETs without a token (hardened mode)")
    args = parser.parse_args(argv)
    key = tuple(args.key.split(":", 2)) if args.key else None
    if key is not None and len(key) != 3:
        parser.error("--key wants AK:SECRET:TOKEN")
    server = MetadataServer(args.role, key=key, imdsv2=not args.imdsv1_only, v2_only=args.v2_only)
    port = server.start(args.host, args.port)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    sys.stdout.write("metadata service listening on http://%s:%d\n" % (args.host, port))
    sys.stdout.flush()
    while not stop.wait(0.5):
        pass
    server.stop()
    return 0


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    sys.exit(main())
