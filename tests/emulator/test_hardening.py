"""The emulator keeps to loopback: a warning on any other bind, Origin/Host checks, nonces kept across restarts."""

import http.client
import json
import signal
import subprocess
import sys
from urllib.parse import urlsplit

import pytest
import requests

from auth import signing
from conftest import HERE, run_server
from server import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, Emulator, bind_warning, host_allowed, origin_allowed


def raw(emu, method, path, headers, body=b""):
    """One request with exactly these headers (``Host`` included: http.client would add its own)."""
    conn = http.client.HTTPConnection("127.0.0.1", emu.port, timeout=10)
    try:
        conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        for name, value in headers.items():
            conn.putheader(name, value)
        conn.putheader("Content-Length", str(len(body)))
        conn.endheaders(body)
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


# ---------------------------------------------------------------------------- binding
def test_bind_warning_names_the_risk():
    for host in ("127.0.0.1", "127.0.0.2", "::1", "localhost"):
        assert bind_warning(host) is None
    for host in ("0.0.0.0", "::", "", "192.168.1.20", "myhost.example"):
        text = bind_warning(host)
        assert "WARNING" in text and "not a loopback address" in text and "demo key" in text


def test_command_line_warns_on_a_non_loopback_bind():
    proc = subprocess.Popen([sys.executable, str(HERE / "server.py"), "--port", "0", "--host", "0.0.0.0",
                             "--seed", "empty"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) == 0
        warning = proc.stderr.read()
        proc.stdout.close()
        proc.stderr.close()
    assert line.startswith("emulator listening on http://0.0.0.0:"), line
    assert warning.startswith("emulator: WARNING: listening on 0.0.0.0, which is not a loopback address"), warning


def test_loopback_bind_prints_no_warning():
    proc, _port = run_server("--seed", "empty")
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=60) == 0
    assert proc.stderr.read() == ""
    proc.stdout.close()
    proc.stderr.close()


# ---------------------------------------------------------------------------- Origin and Host
def test_host_and_origin_rules():
    assert host_allowed(None, "127.0.0.1")
    for host in ("127.0.0.1:8089", "127.0.0.1", "localhost:1", "LOCALHOST", "[::1]:8089", "127.1.2.3:80"):
        assert host_allowed(host, "127.0.0.1"), host
    for host in ("evil.example:8089", "evil.example", "127.0.0.1.evil.example", "localhost.evil.example",
                 "10.0.0.5:8089", "", "[::1", "127.0.0.1:x", "127.0.0.1:99999", "a@127.0.0.1", "127.0.0.1/x",
                 "[::1]x"):
        assert not host_allowed(host, "127.0.0.1"), host
    assert host_allowed("10.0.0.5:8089", "10.0.0.5") and not host_allowed("10.0.0.5", "0.0.0.0")
    assert origin_allowed(None, "127.0.0.1", 8089)
    assert origin_allowed("http://127.0.0.1:8089", "127.0.0.1", 8089)
    assert origin_allowed("http://localhost:8089", "127.0.0.1", 8089)
    for origin in ("null", "http://127.0.0.1:8000", "http://127.0.0.1", "https://127.0.0.1:8089",
                   "http://evil.example:8089", "http://evil.example", "", "http://127.0.0.1:8089/x"):
        assert not origin_allowed(origin, "127.0.0.1", 8089), origin


def test_cross_origin_text_plain_post_is_refused(emu):
    """What a web page could send without a CORS preflight: a text/plain POST with its own Origin."""
    host = "127.0.0.1:%d" % emu.port
    before = emu.control("GET", "/faults")["faults"]
    body = json.dumps({"faults": ["*:503"]}).encode()
    for origin in ("http://evil.example", "null", "http://127.0.0.1:1"):
        status, answer = raw(emu, "POST", "/_emulator/faults", {"Host": host, "Origin": origin,
                                                                "Content-Type": "text/plain"}, body)
        assert status == 403 and b"cross-origin" in answer, (origin, status, answer)
    status, _answer = raw(emu, "POST", "/_emulator/reset", {"Host": host, "Sec-Fetch-Site": "cross-site",
                                                            "Content-Type": "text/plain"}, b"{}")
    assert status == 403
    assert emu.control("GET", "/faults")["faults"] == before  # nothing was armed
    # the emulator's own origin, and no Origin at all (every tool and test), are fine
    own = {"Host": host, "Origin": "http://" + host, "Sec-Fetch-Site": "same-origin"}
    status, _answer = raw(emu, "POST", "/_emulator/faults", own, json.dumps({"faults": []}).encode())
    assert status == 200
    assert requests.get(emu.url + "/_emulator/health").status_code == 200


def test_foreign_host_header_is_refused(emu):
    """DNS rebinding: a name the attacker controls resolving to 127.0.0.1 still carries that name in Host."""
    for host in ("evil.example:%d" % emu.port, "evil.example", "127.0.0.1.nip.io:%d" % emu.port):
        status, answer = raw(emu, "POST", "/_emulator/reset", {"Host": host, "Content-Type": "application/json"},
                             b"{}")
        assert status == 403 and b"loopback host name" in answer, (host, status, answer)
        status, _answer = raw(emu, "GET", "/_emulator/state", {"Host": host})
        assert status == 403
    for host in ("127.0.0.1:%d" % emu.port, "localhost:%d" % emu.port):
        assert raw(emu, "GET", "/_emulator/health", {"Host": host})[0] == 200


def test_cross_origin_request_to_the_signed_api_is_refused(emu):
    """The demo key is published, so a page could sign calls itself: Origin is refused there too."""
    signed = signing.sign_v1("POST", "SaveRegistrantProfile", {"RegistrantName": "From a web page"},
                             DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET)
    page = {"Origin": "http://evil.example", "Content-Type": "text/plain"}
    resp = requests.post(emu.url + "/", params=signed, headers=page)
    assert resp.status_code == 403 and resp.json()["Code"] == "Forbidden.CrossOrigin"
    assert emu.calls(action="SaveRegistrantProfile") == []


# ---------------------------------------------------------------------------- nonces across restarts
def _v1_get_url(port, action, params):
    signed = signing.sign_v1("GET", action, params, DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET)
    return requests.Request("GET", "http://127.0.0.1:%d/" % port, params=signed).prepare().url


def _replayed(url, port):
    """The very same signed request, sent to the restarted emulator's port."""
    return requests.get(urlsplit(url)._replace(netloc="127.0.0.1:%d" % port).geturl())


def _close(proc):
    proc.stdout.close()
    proc.stderr.close()


@pytest.mark.parametrize("how", ["kill", "term"])
def test_a_request_replayed_after_a_restart_is_refused(tmp_path, how):
    state = tmp_path / "state.json"
    proc, port = run_server("--state", str(state), "--task-seconds", "0")
    try:
        write = _v1_get_url(port, "SaveRegistrantProfile", {"RegistrantName": "Replayed"})
        read = _v1_get_url(port, "QueryContactInfo", {"DomainName": "example-shop.com", "ContactType": "admin"})
        assert requests.get(write).status_code == 200
        assert requests.get(read).status_code == 200
        if how == "term":
            proc.send_signal(signal.SIGTERM)
            assert proc.wait(timeout=60) == 0
    finally:
        if proc.poll() is None:
            proc.kill()  # a crash: only what was written right after the Save* survives
        proc.wait(timeout=60)
        _close(proc)
    saved = json.loads(state.read_text(encoding="utf-8"))
    assert len(saved["nonces"]) == 2 if how == "term" else len(saved["nonces"]) >= 1
    proc, port2 = run_server("--state", str(state), "--task-seconds", "0")
    try:
        resp = _replayed(write, port2)
        assert resp.json()["Code"] == "SignatureNonceUsed", resp.text
        if how == "term":
            assert _replayed(read, port2).json()["Code"] == "SignatureNonceUsed"
        profiles = requests.get("http://127.0.0.1:%d/_emulator/state" % port2).json()["profiles"]
        assert [p["RegistrantName"] for p in profiles].count("Replayed") == 1
        fresh = _v1_get_url(port2, "QueryContactInfo", {"DomainName": "example-shop.com", "ContactType": "admin"})
        assert requests.get(fresh).status_code == 200
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
        _close(proc)
    # the state file still loads as a seed, and GET /_emulator/state never shows nonces
    assert "nonces" not in Emulator(seed="empty", state_file=str(state)).state.dump()
