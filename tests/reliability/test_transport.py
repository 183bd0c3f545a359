# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Transport safety: TLS verified by default, plain http only to loopback, a fresh nonce and time per attempt."""

from __future__ import absolute_import, division, print_function

import shutil
import ssl
import subprocess
import time
import types
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from .conftest import DEMO_AK, DEMO_SECRET, emulator_server_mod

INFO = {"domain_name": "example-shop.com", "contact_types": ["admin"]}


class Recorder(object):
    """Replaces requests.Session in the client: records every session and every request it sends."""

    def __init__(self, monkeypatch):
        from ansible_collections.alicloud.domain.plugins.module_utils._api import client as client_mod
        self.sessions, self.sent = [], []
        recorder = self

        class RecordingSession(requests.Session):
            def __init__(self):
                super(RecordingSession, self).__init__()
                recorder.sessions.append(self)

            def send(self, request, **kwargs):  # the client sends through the session's public interface
                recorder.sent.append((request.url, dict(request.headers)))
                return super(RecordingSession, self).send(request, **kwargs)

        monkeypatch.setattr(client_mod.requests, "Session", RecordingSession)


@pytest.mark.parametrize("validate_certs", [None, True, False])
def test_tls_verification_on_unless_turned_off(run_main, emu, monkeypatch, validate_certs):
    rec = Recorder(monkeypatch)
    args = dict(INFO)
    if validate_certs is not None:
        args["validate_certs"] = validate_certs
    result = run_main("contact_info", args)
    assert not result.get("failed"), result
    assert rec.sessions
    for session in rec.sessions:
        if validate_certs is False:
            assert session.verify is False
        else:  # True, or the CA bundle that REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE names: verification either way
            assert session.verify is True or (isinstance(session.verify, str) and session.verify), session.verify


@pytest.fixture(scope="module")
def tls_emulator(tmp_path_factory):
    if not shutil.which("openssl"):
        pytest.skip("openssl is needed to make a self-signed certificate")
    tmp = tmp_path_factory.mktemp("tls")
    key, cert = tmp / "key.pem", tmp / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out",
                    str(cert), "-days", "1", "-subj", "/CN=127.0.0.1"], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    emu = emulator_server_mod.Emulator(seed="demo", task_seconds=30)
    emu.start("127.0.0.1", 0)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(str(cert), str(key))
    emu.httpd.socket = ctx.wrap_socket(emu.httpd.socket, server_side=True)
    yield "https://127.0.0.1:%d" % emu.port
    emu.stop()


def test_self_signed_certificate_is_refused_by_default(run_main, emu, tls_emulator):
    result = run_main("contact_info", dict(INFO, endpoint=tls_emulator, max_retries=0))
    assert result.get("failed") and "SSLError" in result["msg"], result
    assert "validate_certs=false" in result["msg"]
    assert "Traceback" not in run_main.output


def test_self_signed_certificate_accepted_when_told(run_main, emu, tls_emulator):
    result = run_main("contact_info", dict(INFO, endpoint=tls_emulator, validate_certs=False))
    assert not result.get("failed"), result


def test_plain_http_to_a_remote_host_needs_allow_http(run_main, emu):
    refused = run_main("contact_info", dict(INFO, endpoint="http://192.0.2.10:9"))
    assert refused.get("failed") and "allow_http=true" in refused["msg"]
    # allowed: the module goes on to connect (TEST-NET address: nothing answers), no configuration error
    allowed = run_main("contact_info", dict(INFO, endpoint="http://192.0.2.10:9", allow_http=True,
                                            connect_timeout=1, max_retries=0))
    assert allowed.get("failed") and "allow_http" not in allowed["msg"], allowed["msg"]
    assert "ConnectTimeout" in allowed["msg"] or "ConnectionError" in allowed["msg"], allowed["msg"]
    for loopback in ("http://127.0.0.1:%d", "http://localhost:%d", "http://[::1]:%d"):
        ok = run_main("contact_info", dict(INFO, endpoint=loopback % emu.server.port, max_retries=0))
        if loopback.startswith("http://[::1]"):
            assert "allow_http" not in ok.get("msg", "")  # IPv6 loopback allowed (the emulator listens on v4)
        else:
            assert not ok.get("failed"), ok


@pytest.mark.parametrize("version", ["v3", "v1"])
def test_fresh_nonce_and_timestamp_for_every_attempt(run_main, emu, monkeypatch, version):
    from ansible_collections.alicloud.domain.plugins.module_utils._api import signing
    rec = Recorder(monkeypatch)
    ticks = [time.time()]

    def advancing_time():  # each signature is made one second after the previous one
        ticks[0] += 1.0
        return ticks[0]
    monkeypatch.setattr(signing, "time", types.SimpleNamespace(time=advancing_time, gmtime=time.gmtime,
                                                               strftime=time.strftime))
    emu.faults("QueryContactInfo:throttle:3")
    result = run_main("contact_info", dict(INFO, signature_version=version, access_key_id=DEMO_AK,
                                           access_key_secret=DEMO_SECRET))
    assert not result.get("failed"), result
    attempts = [(u, h) for u, h in rec.sent if "QueryContactInfo" in (h.get("x-acs-action") or u)]
    assert len(attempts) == 4  # three throttled, one answered
    if version == "v3":
        nonces = [h["x-acs-signature-nonce"] for _u, h in attempts]
        stamps = [h["x-acs-date"] for _u, h in attempts]
    else:
        queries = [parse_qs(urlsplit(u).query) for u, _h in attempts]
        nonces = [q["SignatureNonce"][0] for q in queries]
        stamps = [q["Timestamp"][0] for q in queries]
    assert len(set(nonces)) == 4 and len(set(stamps)) == 4, (nonces, stamps)
    assert stamps == sorted(stamps)
    # the emulator refuses a reused nonce (SignatureNonceUsed): none was seen
    assert "SignatureNonceUsed" not in emu.stats()["codes"]
    assert emu.stats()["codes"].get("Throttling.User") == 3


PROXIED_HOST = "emulator.test"  # a name that is not loopback (a loopback endpoint never goes through a proxy)


class _ForwardProxy(object):
    """A plain-HTTP forward proxy on loopback (absolute-form request lines), counting what it forwards; it
    reaches ``PROXIED_HOST`` at 127.0.0.1."""

    def __init__(self):
        import http.client
        from http.server import BaseHTTPRequestHandler

        from serving import Served  # tests/emulator/serving.py (on sys.path via conftest)
        proxy = self
        self.forwarded = []
        self.double_writes = False

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                target = urlsplit(self.path)  # a proxy receives the absolute URL
                proxy.forwarded.append(self.path)
                headers = dict((k, v) for k, v in self.headers.items()
                               if k.lower() not in ("proxy-connection", "connection", "keep-alive"))
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                host = "127.0.0.1" if target.hostname == PROXIED_HOST else target.hostname
                if proxy.double_writes and (self.headers.get("x-acs-action") or "").startswith("Save"):
                    # a misbehaving proxy: each write delivered twice, the first answer thrown away
                    first = http.client.HTTPConnection(host, target.port, timeout=10)
                    first.request("POST", target.path + "?" + target.query, body, headers)
                    first.getresponse().read()
                    first.close()
                upstream = http.client.HTTPConnection(host, target.port, timeout=10)
                upstream.request("POST", target.path + ("?" + target.query if target.query else ""), body, headers)
                answer = upstream.getresponse()
                data = answer.read()
                self.send_response(answer.status, answer.reason)
                for name, value in answer.getheaders():
                    if name.lower() not in ("connection", "transfer-encoding", "content-length"):
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                upstream.close()

            def log_message(self, *args):
                pass

        self.served = Served(Handler, name="forward-proxy")
        self.url = "http://127.0.0.1:%d" % self.served.port

    def stop(self):
        self.served.stop()


@pytest.fixture
def forward_proxy():
    proxy = _ForwardProxy()
    yield proxy
    proxy.stop()


def test_proxy_from_the_environment_carries_the_calls(run_main, emu, forward_proxy):
    endpoint = "http://%s:%d" % (PROXIED_HOST, emu.server.port)
    result = run_main("contact_info", dict(INFO, endpoint=endpoint, allow_http=True),
                      env={"HTTP_PROXY": forward_proxy.url, "NO_PROXY": ""})
    assert not result.get("failed"), result
    assert result["contacts"]["admin"]["email"], result
    assert forward_proxy.forwarded and all(p.startswith(endpoint + "/?") for p in forward_proxy.forwarded)
    assert len(forward_proxy.forwarded) == len(emu.calls())  # every API call went through the proxy


def test_no_proxy_keeps_the_endpoint_direct(run_main, emu, forward_proxy):
    result = run_main("contact_info", INFO, env={"HTTP_PROXY": forward_proxy.url, "NO_PROXY": "127.0.0.1"})
    assert not result.get("failed"), result
    assert forward_proxy.forwarded == [] and emu.calls()


@pytest.mark.parametrize("version", ["v1", "v3"])
def test_loopback_never_goes_through_a_proxy_whatever_no_proxy_says(run_main, emu, forward_proxy, version):
    """With V1 the request line carries the SecurityToken: a proxy must not see a call to loopback."""
    from .conftest import STS_AK, STS_SECRET, STS_TOKEN
    env = {"HTTP_PROXY": forward_proxy.url, "HTTPS_PROXY": forward_proxy.url, "ALL_PROXY": forward_proxy.url,
           "NO_PROXY": ""}
    for endpoint in (emu.url, "http://localhost:%d" % emu.server.port):
        result = run_main("contact_info", dict(INFO, endpoint=endpoint, signature_version=version,
                                               access_key_id=STS_AK, access_key_secret=STS_SECRET,
                                               security_token=STS_TOKEN), env=env)
        assert not result.get("failed"), result
    assert forward_proxy.forwarded == [] and emu.calls()


class _LossyTLSFront(object):
    """A TLS front on loopback: passes every request to the emulator; for a write (``Save*``) it throws the
    emulator's answer away and sends an undecryptable TLS record instead (the write was carried out, its
    answer is lost in a TLS error after the handshake)."""

    def __init__(self, cert, key, upstream_port):
        import http.client
        from http.server import BaseHTTPRequestHandler, HTTPServer
        from socketserver import ThreadingMixIn
        import socket
        import threading
        front = self
        self.writes = 0

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                upstream = http.client.HTTPConnection("127.0.0.1", upstream_port, timeout=10)
                upstream.request("POST", self.path, body, dict(self.headers.items()))
                answer = upstream.getresponse()
                data = answer.read()
                upstream.close()
                if (self.headers.get("x-acs-action") or "").startswith("Save"):
                    front.writes += 1
                    socket.socket.sendall(self.connection, b"\x17\x03\x03\x00\x40" + b"\x5a" * 64)
                    self.close_connection = True
                    return
                self.send_response(answer.status, answer.reason)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        class Server(ThreadingMixIn, HTTPServer):
            daemon_threads = True

        self.httpd = Server(("127.0.0.1", 0), Handler)
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(cert, key)
        self.httpd.socket = ctx.wrap_socket(self.httpd.socket, server_side=True)
        self.url = "https://127.0.0.1:%d" % self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def lossy_tls_front(emu, tmp_path):
    if not shutil.which("openssl"):
        pytest.skip("openssl is needed to make a self-signed certificate")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out",
                    str(cert), "-days", "1", "-subj", "/CN=127.0.0.1"], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    front = _LossyTLSFront(str(cert), str(key), emu.server.port)
    yield front
    front.stop()


def test_a_tls_error_after_a_write_was_delivered_never_sends_it_again(run_main, emu, lossy_tls_front):
    """Issue 18 item 2: 5 Save calls and 3 tasks before; now one Save, one task, found again by reading."""
    from .conftest import PROFILE_A, SAVE
    result = run_main("contact", {"registrant_profile_id": PROFILE_A, "domain_name": "old-brand.xyz",
                                  "contact_type": "registrant", "endpoint": lossy_tls_front.url,
                                  "validate_certs": False, "max_retries": 4})
    assert "Traceback" not in run_main.output
    saves = [c for c in emu.calls() if c["action"] == SAVE]
    assert lossy_tls_front.writes == 1 and len(saves) == 1, saves
    assert emu.stats()["tasks_created"] == 1
    emu.assert_no_duplicates()
    assert result["changed"] is True and not result.get("failed"), result  # recovered by reading the domain


def test_a_write_delivered_twice_signature_nonce_used_is_a_lost_answer(run_main, emu, forward_proxy):
    """Issue 18 item 3: the second copy is refused as SignatureNonceUsed; that is not resent (was 5 attempts,
    3 tasks): the domain is read and the change found running."""
    from .conftest import PROFILE_A, SAVE
    forward_proxy.double_writes = True
    endpoint = "http://%s:%d" % (PROXIED_HOST, emu.server.port)
    result = run_main("contact", {"registrant_profile_id": PROFILE_A, "domain_name": "old-brand.xyz",
                                  "contact_type": "registrant", "endpoint": endpoint, "allow_http": True,
                                  "max_retries": 4}, env={"HTTP_PROXY": forward_proxy.url, "NO_PROXY": ""})
    assert "Traceback" not in run_main.output
    saves = [p for p in forward_proxy.forwarded if "AddTransferLock" in p]  # the Save, not the profile read
    assert len(saves) == 1, saves  # the client sent the write once (the proxy delivered it twice)
    assert emu.stats()["tasks_created"] == 1
    emu.assert_no_duplicates()
    assert result["changed"] is True and not result.get("failed"), result
