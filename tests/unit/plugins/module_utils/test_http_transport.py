# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The client's transport (transport.send through requests' public Session.send), on real loopback sockets:
keep-alive, TLS, deadlines, proxies, what counts as sent, and what an error may show."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import json
import socket
import ssl
import threading
import time

import pytest
import requests

from http.server import BaseHTTPRequestHandler, HTTPServer
from socketserver import ThreadingMixIn

from ansible_collections.alicloud.domain.plugins.module_utils._api import client as client_mod
from ansible_collections.alicloud.domain.plugins.module_utils._api import endpoint as endpoint_mod
from ansible_collections.alicloud.domain.plugins.module_utils._api import transport
from ansible_collections.alicloud.domain.plugins.module_utils._credentials.base import Credentials
from ansible_collections.alicloud.domain.plugins.module_utils._api.errors import (
    AmbiguousWriteError, ApiError, ConfigurationError)
from ansible_collections.alicloud.domain.tests.unit.plugins.module_utils.loopback_servers import (
    LoopbackServer, RecordingProxy, read_head)

SAVE = "SaveSingleTaskForUpdatingContactInfo"


class _Server(ThreadingMixIn, HTTPServer):
    daemon_threads = True


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the API does

    def do_POST(self):
        self.server.requests.append((self.path, dict((k.lower(), v) for k, v in self.headers.items()),
                                     self.client_address[1]))
        if self.server.status in (301, 302, 307):
            self.send_response(self.server.status)
            self.send_header("Location", "http://127.0.0.1:%d/elsewhere" % self.server.server_address[1])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = json.dumps({"RequestId": "R-%d" % len(self.server.requests), "Path": self.path}).encode()
        self.send_response(self.server.status)
        self.send_header("Content-Type", "application/json;charset=utf-8")
        self.send_header("X-Acs-Request-Id", "R-%d" % len(self.server.requests))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = _Server(("127.0.0.1", 0), _Handler)
    httpd.requests, httpd.status = [], 200
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(autouse=True)
def no_proxy_env(monkeypatch):
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "all_proxy",
                 "no_proxy", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
        monkeypatch.delenv(name, raising=False)


SECRET = "AdapterTestSecret0123456789"


def _client(url, **kwargs):
    kwargs.setdefault("sleep", lambda s: None)
    return client_mod.DomainClient(Credentials("LTAI5tAdapterTest", SECRET), endpoint=url, **kwargs)


def _free_port():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there now
    return port


# ----------------------------------------------------------------------------------- requests' public interface
def test_the_client_mounts_requests_own_adapter_with_its_pool_and_no_retries_inside():
    client = _client("http://127.0.0.1:9", pool_size=24)
    for url in ("http://127.0.0.1:9/", "https://domain.aliyuncs.com/"):
        adapter = client.session.get_adapter(url)
        assert adapter.__class__ is requests.adapters.HTTPAdapter  # no subclass reaching into requests' internals
        assert adapter._pool_maxsize == 24 and adapter.max_retries.total == 0
    assert not hasattr(client_mod, "DomainAdapter")


def test_calls_go_through_session_send_without_redirects_streamed_with_the_proxies_resolved_once(monkeypatch):
    seen = []
    real_send = requests.Session.send

    def recording_send(self, request, **kwargs):
        seen.append(kwargs)
        return real_send(self, request, **kwargs)
    monkeypatch.setattr(requests.Session, "send", recording_send)
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.example:3128")
    client = _client("https://domain.aliyuncs.com")
    assert client.proxies == {"https": "http://proxy.example:3128"}
    monkeypatch.setattr(requests.adapters.HTTPAdapter, "send", lambda self, request, **kw: _fake_response(request))
    assert client.call("QueryContactInfo", {"DomainName": "a.com"}) == {"RequestId": "R"}
    assert len(seen) == 1
    kwargs = seen[0]
    assert kwargs["allow_redirects"] is False and kwargs["stream"] is True
    assert kwargs["proxies"] == {"https": "http://proxy.example:3128"} and kwargs["verify"] is True
    assert kwargs["timeout"] == (5.0, 10.0)


def _fake_response(request):
    response = requests.Response()
    response.status_code, response.reason, response.url, response.request = 200, "OK", request.url, request
    response._content = b'{"RequestId": "R"}'
    return response


def test_calls_share_one_kept_alive_connection(server):
    client = _client("http://127.0.0.1:%d" % server.server_address[1])
    for index in range(5):
        body = client.call("QueryContactInfo", {"DomainName": "a%d.com" % index})
        assert body["RequestId"] == "R-%d" % (index + 1)
    assert len(set(port for _path, _headers, port in server.requests)) == 1  # one connection for five calls
    path, headers, _port = server.requests[-1]
    assert path.startswith("/?DomainName=a4.com")
    assert headers["content-length"] == "0" and headers["x-acs-action"] == "QueryContactInfo"
    assert headers["authorization"].startswith("ACS3-HMAC-SHA256 Credential=LTAI5tAdapterTest,")
    url, sign_headers = client._prepare("QueryContactInfo", {"DomainName": "b.com"})
    status, reason, answer_headers, body = client._post(url, sign_headers)
    assert status == 200 and reason == "OK"
    assert answer_headers["x-acs-request-id"] == json.loads(body.decode())["RequestId"]  # headers case-insensitive


def test_error_status_keeps_its_body_and_headers(server):
    server.status = 503
    client = _client("http://127.0.0.1:%d" % server.server_address[1], max_retries=2)
    with pytest.raises(ApiError) as info:
        client.call("QueryContactInfo", {"DomainName": "a.com"})
    assert info.value.status == 503 and len(server.requests) == 3  # a read: retried, then reported


def test_redirects_are_not_followed(server):
    server.status = 302
    client = _client("http://127.0.0.1:%d" % server.server_address[1], max_retries=0)
    with pytest.raises(ApiError):
        client.call("QueryContactInfo", {"DomainName": "a.com"})
    assert len(server.requests) == 1  # /elsewhere never asked for


def test_refused_connection_is_a_connection_error_known_not_sent():
    client = _client("http://127.0.0.1:%d" % _free_port(), max_retries=0)
    with pytest.raises(ApiError) as info:
        client.call(SAVE, {"DomainName": "a.com"})
    assert info.value.code == "ConnectionError" and info.value.sent is False
    assert not isinstance(info.value, AmbiguousWriteError)


def test_silent_server_is_a_read_timeout():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)  # accepts the connection, never answers
    try:
        client = _client("http://127.0.0.1:%d" % listener.getsockname()[1], timeout=0.3, max_retries=0)
        with pytest.raises(ApiError) as info:
            client.call("QueryContactInfo", {"DomainName": "a.com"})
        assert info.value.code == "ReadTimeout" and "no answer within 0.3 s" in str(info.value)
    finally:
        listener.close()


# ----------------------------------------------------------------------------------- writes are decided by rule
@pytest.mark.parametrize("action, read", [
    ("QueryContactInfo", True), ("QueryTaskDetailList", True), ("ListSomething", True), ("PollTaskResult", True),
    ("CheckDomain", True), ("VerifyContactField", True), (SAVE, False), ("SaveRegistrantProfile", False),
    ("DeleteRegistrantProfile", False), ("CancelTask", False), ("AcknowledgeTaskResult", False),
    ("SetDefaultRegistrantProfile", False), ("Querying", False), ("Checkout", False), ("NewAction", False)])
def test_reads_and_writes_are_told_apart_by_the_action(action, read):
    assert client_mod.is_read(action) is read


def test_call_takes_no_safe_keyword():
    client = _client("http://127.0.0.1:9")
    with pytest.raises(TypeError):
        client.call("QueryContactInfo", {}, safe=True)  # pylint: disable=unexpected-keyword-arg


@pytest.mark.parametrize("action", [SAVE, "SaveSomethingNew", "DeleteRegistrantProfile", "CancelTask"])
def test_a_write_that_got_a_5xx_is_sent_once_and_reported_lost(server, action):
    server.status = 503
    client = _client("http://127.0.0.1:%d" % server.server_address[1], max_retries=4)
    with pytest.raises(AmbiguousWriteError):
        client.call(action, {"DomainName": "a.com"})
    assert len(server.requests) == 1


# ----------------------------------------------------------------------------------- TLS
@pytest.fixture(scope="module")
def cert_files(tmp_path_factory):
    crypto = pytest.importorskip("cryptography")
    del crypto
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, u"127.0.0.1")])
    now = datetime.datetime.now(datetime.timezone.utc)
    import ipaddress
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(u"127.0.0.1"))]),
                           critical=False)
            .sign(key, hashes.SHA256()))
    tmp = tmp_path_factory.mktemp("tls")
    cert_path, key_path = tmp / "cert.pem", tmp / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return str(cert_path), str(key_path)


class TLSFront(LoopbackServer):
    """A loopback TLS server that reads each request in full and then answers with an undecryptable record
    (``garbage``) or a proper JSON answer."""

    def __init__(self, cert_files, garbage=True):
        self.ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.ctx.load_cert_chain(*cert_files)
        self.garbage = garbage
        self.requests, self.handshakes = [], 0
        LoopbackServer.__init__(self)

    def handle(self, conn):
        conn.settimeout(5)
        try:
            conn = self.ctx.wrap_socket(conn, server_side=True)
        except (OSError, ssl.SSLError):
            return
        self.handshakes += 1
        try:
            data = read_head(conn)
            if data is None:
                return
            self.requests.append(data.split(b"\r\n", 1)[0])
            if self.garbage:
                # a TLS application-data record that no key decrypts, written under the TLS layer
                socket.socket.sendall(conn, b"\x17\x03\x03\x00\x40" + b"\xa5" * 64)
                time.sleep(0.3)
            else:
                body = b'{"RequestId": "TLS-1"}'
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))
        finally:
            conn.close()


@pytest.fixture
def tls_front(cert_files):
    fronts = []

    def make(**kwargs):
        fronts.append(TLSFront(cert_files, **kwargs))
        return fronts[-1]
    yield make
    for front in fronts:
        front.close()


def test_a_tls_error_after_the_request_was_delivered_is_a_lost_answer_never_a_resend(tls_front):
    front = tls_front(garbage=True)
    client = _client("https://127.0.0.1:%d" % front.port, validate_certs=False, max_retries=4)
    with pytest.raises(AmbiguousWriteError) as info:
        client.call(SAVE, {"DomainName": "a.com", "ContactType": "admin", "RegistrantProfileId": 1})
    assert len(front.requests) == 1, front.requests  # sent exactly once
    assert info.value.sent is True and "may or may not" in str(info.value)
    # a read after the same failure is retried
    with pytest.raises(ApiError):
        client.call("QueryContactInfo", {"DomainName": "a.com", "ContactType": "admin"})
    assert len(front.requests) == 1 + 5


def test_a_certificate_refused_in_the_handshake_proves_nothing_was_sent(tls_front):
    front = tls_front(garbage=False)
    client = _client("https://127.0.0.1:%d" % front.port, max_retries=2)  # validate_certs on by default
    with pytest.raises(ApiError) as info:
        client.call(SAVE, {"DomainName": "a.com"})
    assert info.value.code == "SSLError" and info.value.sent is False
    assert not isinstance(info.value, AmbiguousWriteError)
    assert "validate_certs=false" in str(info.value)
    assert front.requests == []  # no request ever got through the handshake ...
    answer = _client("https://127.0.0.1:%d" % front.port, validate_certs=False).call("QueryContactInfo", {})
    assert answer == {"RequestId": "TLS-1"}  # ... which succeeds once verification is off


def test_the_ca_bundle_of_requests_ca_bundle_is_used(tls_front, cert_files, monkeypatch):
    front = tls_front(garbage=False)
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", cert_files[0])
    client = _client("https://127.0.0.1:%d" % front.port)
    assert client.verify == cert_files[0]
    assert client.call("QueryContactInfo", {}) == {"RequestId": "TLS-1"}


# ----------------------------------------------------------------------------------- one total deadline
class TrickleServer(LoopbackServer):
    """Sends the status line and headers at once, then one byte of the body every ``every`` seconds."""

    def __init__(self, every=0.8, length=200):
        self.every, self.length = every, length
        LoopbackServer.__init__(self)

    def handle(self, conn):
        conn.recv(65536)
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n"
                     % self.length)
        for _dummy in range(self.length):
            conn.sendall(b" ")
            time.sleep(self.every)


def test_a_trickling_answer_cannot_hold_a_call_past_its_deadline():
    trickle = TrickleServer(every=0.8)
    try:
        client = _client("http://127.0.0.1:%d" % trickle.port, connect_timeout=1, timeout=2, max_retries=0)
        assert client.deadline == 3.0  # connect_timeout + timeout
        started = time.monotonic()
        with pytest.raises(ApiError) as info:
            client.call("QueryContactInfo", {"DomainName": "a.com"})
        elapsed = time.monotonic() - started
        assert elapsed < client.deadline + 1, elapsed
        assert info.value.code == "ReadTimeout" and "3 s" in info.value.message
        # the same for a write: a lost answer, sent once
        with pytest.raises(AmbiguousWriteError):
            client.call(SAVE, {"DomainName": "a.com"})
        assert trickle.accepted == 2
    finally:
        trickle.close()


def test_transport_send_deadline_for_other_callers():
    trickle = TrickleServer(every=0.3)
    try:
        session = transport.new_session()
        started = time.monotonic()
        with pytest.raises(requests.exceptions.ReadTimeout) as info:
            transport.send(session, "GET", "http://127.0.0.1:%d/latest/meta-data" % trickle.port, {},
                           (1.0, 1.0), True, {}, deadline=1.0)
        assert isinstance(info.value, transport.DeadlineExceeded)
        assert time.monotonic() - started < 2.0
        assert not transport.not_sent(info.value)
    finally:
        trickle.close()


def test_a_complete_answer_releases_its_watch_and_keeps_the_connection(server):
    session = transport.new_session()
    url = "http://127.0.0.1:%d/?A=1" % server.server_address[1]
    for _dummy in range(3):
        status, _reason, _headers, body = transport.send(session, "POST", url, {}, (1.0, 0.5), True, {},
                                                         deadline=0.5)
        assert status == 200 and body
    time.sleep(0.7)  # past every deadline: nothing may be shut down now
    status, _reason, _headers, _body = transport.send(session, "POST", url, {}, (1.0, 1.0), True, {})
    assert status == 200
    assert len(set(port for _p, _h, port in server.requests)) == 1


# ----------------------------------------------------------------------------------- never proxy loopback
@pytest.mark.parametrize("no_proxy", ["", "example.org"])
def test_loopback_never_goes_through_a_proxy(server, monkeypatch, no_proxy):
    proxy = RecordingProxy()
    try:
        for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
            monkeypatch.setenv(name, proxy.url)
        monkeypatch.setenv("NO_PROXY", no_proxy)
        for host in ("127.0.0.1", "localhost"):
            client = _client("http://%s:%d" % (host, server.server_address[1]), max_retries=0)
            assert client.proxies == {}
            assert client.call("QueryContactInfo", {"DomainName": "a.com"})["RequestId"]
        assert proxy.lines == [] and len(server.requests) == 2
        # a remote host still goes through it
        assert transport.proxies_for("https://domain.aliyuncs.com/")["https"] == proxy.url
        for url in ("http://127.0.0.2:1/", "http://[::1]:1/", "http://LOCALHOST.:1/", "http://api.localhost:1/",
                    "http://[::ffff:127.0.0.1]:1/"):
            assert transport.proxies_for(url) == {}, url
    finally:
        proxy.close()


# ----------------------------------------------------------------------------------- nothing echoed
@pytest.mark.parametrize("endpoint", ["http://user:pa55word-x@127.0.0.1:9", "https://user:pa55word-x@example.com",
                                      "user:pa55word-x@domain.aliyuncs.com", "https://u:pa55word-x@h/p?q=1",
                                      "https://u:pa55/word-x@host"])
def test_an_endpoint_with_user_info_is_refused_without_showing_it(endpoint):
    with pytest.raises(ConfigurationError) as info:
        endpoint_mod.parse_endpoint(endpoint)
    text = str(info.value)
    assert "pa55" not in text and "word-x" not in text and "user" not in text.replace("user name", ""), text
    assert "user name or password" in text


def test_a_transport_error_names_the_action_and_domain_never_the_query():
    client = _client("http://127.0.0.1:%d" % _free_port(), max_retries=0)
    profile = {"RegistrantName": "Zhang Secretname", "Email": "private.person@example.com",
               "Telephone": "13912345678", "Address": "Hidden Street 7"}
    with pytest.raises(ApiError) as info:
        client.call("SaveRegistrantProfile", profile)
    shown = json.dumps(info.value.to_result())
    for value in ("Secretname", "private.person", "13912345678", "Hidden", "Signature", SECRET):
        assert value not in shown, shown
    assert "SaveRegistrantProfile" in str(info.value)
    with pytest.raises(ApiError) as info:
        client.call(SAVE, {"DomainName": "shop.example", "ContactType": "admin", "RegistrantProfileId": 5})
    assert "shop.example" in str(info.value) and "RegistrantProfileId" not in str(info.value)


def test_scrub_removes_user_info_from_any_url():
    from ansible_collections.alicloud.domain.plugins.module_utils._api.errors import scrub
    text = scrub("ProxyError to http://proxyuser:pr0xy-pass@10.0.0.1:3128: refused")
    assert "pr0xy-pass" not in text and "proxyuser" not in text and "http://10.0.0.1:3128" in text


def test_a_body_goes_with_its_length_not_chunked(server):
    session = transport.new_session()
    url = "http://127.0.0.1:%d/?A=1" % server.server_address[1]
    status, _reason, _headers, _body = transport.send(session, "POST", url, {"Content-Type": "x"}, (1.0, 1.0), True,
                                                      {}, body=b"Action=AssumeRole")
    assert status == 200
    headers = server.requests[-1][1]
    assert headers["content-length"] == "17" and "transfer-encoding" not in headers
