# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""DomainAdapter: requests' transport adapter, trimmed for signed calls to one endpoint, on real sockets."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import socket
import ssl
import threading

import pytest
import requests

from http.server import BaseHTTPRequestHandler, HTTPServer
from socketserver import ThreadingMixIn

from ansible_collections.alicloud.domain.plugins.module_utils import client as client_mod
from ansible_collections.alicloud.domain.plugins.module_utils.credentials import Credentials
from ansible_collections.alicloud.domain.plugins.module_utils.errors import ApiError


class _Server(ThreadingMixIn, HTTPServer):
    daemon_threads = True


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the API does

    def do_POST(self):
        self.server.requests.append((self.path, dict((k.lower(), v) for k, v in self.headers.items()),
                                     self.client_address[1]))
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


def _client(url, **kwargs):
    kwargs.setdefault("sleep", lambda s: None)
    return client_mod.DomainClient(Credentials("LTAI5tAdapterTest", "AdapterTestSecret0123456789"), endpoint=url,
                                   **kwargs)


def test_the_client_mounts_the_trimmed_adapter_for_both_schemes():
    client = _client("http://127.0.0.1:9")
    assert isinstance(client.session.get_adapter("http://127.0.0.1:9/"), client_mod.DomainAdapter)
    assert isinstance(client.session.get_adapter("https://domain.aliyuncs.com/"), client_mod.DomainAdapter)


def test_calls_share_one_kept_alive_connection_and_answers_are_requests_responses(server):
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
    response = client._post(url, sign_headers)
    assert isinstance(response, requests.Response)
    assert response.status_code == 200 and response.reason == "OK"
    assert response.headers["x-acs-request-id"] == response.json()["RequestId"]  # headers case-insensitive
    assert response.url == url


def test_error_status_keeps_its_body_and_headers(server):
    server.status = 503
    client = _client("http://127.0.0.1:%d" % server.server_address[1], max_retries=2)
    with pytest.raises(ApiError) as info:
        client.call("QueryContactInfo", {"DomainName": "a.com"})
    assert info.value.status == 503 and len(server.requests) == 3  # a read: retried, then reported


def test_refused_connection_is_a_connection_error_known_not_sent():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there now
    client = _client("http://127.0.0.1:%d" % port, max_retries=0)
    with pytest.raises(ApiError) as info:
        client.call("SaveSingleTaskForUpdatingContactInfo", {"DomainName": "a.com"}, safe=False)
    assert info.value.code == "ConnectionError" and info.value.sent is False


def test_silent_server_is_a_read_timeout():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)  # accepts the connection, never answers
    try:
        client = _client("http://127.0.0.1:%d" % listener.getsockname()[1], timeout=0.3, max_retries=0)
        with pytest.raises(ApiError) as info:
            client.call("QueryContactInfo", {"DomainName": "a.com"})
        assert info.value.code == "ReadTimeout"
    finally:
        listener.close()


def test_tls_verification_is_what_requests_configures(monkeypatch):
    adapter = client_mod.DomainAdapter()
    request = requests.Request("POST", "https://domain.aliyuncs.com/?A=1").prepare()
    request.body = None
    seen = []
    monkeypatch.setattr(client_mod.HTTPAdapter, "get_connection_with_tls_context",
                        lambda self, req, verify, proxies=None, cert=None: seen.append(verify) or _Pool(),
                        raising=False)
    monkeypatch.setattr(client_mod.DomainAdapter, "_trimmed", True)  # also on a requests older than 2.32.2
    monkeypatch.setattr(client_mod.HTTPAdapter, "cert_verify", lambda self, conn, url, verify, cert: None)
    for verify in (True, True, False):
        adapter.send(request, timeout=(1.0, 2.0), verify=verify, cert=None, proxies={})
    assert seen == [True, False]  # one pool per TLS setting, set up by requests, then kept


def test_a_real_https_pool_verifies_certificates_by_default():
    adapter = client_mod.DomainAdapter()
    if not hasattr(adapter, "get_connection_with_tls_context"):
        pytest.skip("requests older than 2.32.2: every request goes through HTTPAdapter.send")
    request = requests.Request("POST", "https://domain.aliyuncs.com/").prepare()
    pool = adapter.get_connection_with_tls_context(request, True)
    adapter.cert_verify(pool, request.url, True, None)
    assert pool.cert_reqs in ("CERT_REQUIRED", ssl.CERT_REQUIRED)


class _Pool:
    def request_encode_url(self, method, url, **kwargs):
        assert method == "POST" and url.startswith("/?A=1")
        assert kwargs["retries"] is not None and kwargs["redirect"] is False and kwargs["preload_content"] is True
        return _Raw()


class _Raw:
    status, reason, headers, data = 200, "OK", {}, b"{}"


def test_a_proxied_request_goes_through_requests_own_send(monkeypatch):
    sent = []
    monkeypatch.setattr(client_mod.HTTPAdapter, "send", lambda self, request, **kwargs: sent.append(kwargs) or "full")
    adapter = client_mod.DomainAdapter()
    request = requests.Request("POST", "https://domain.aliyuncs.com/?A=1").prepare()
    request.body = None
    proxies = {"https": "http://proxy.example:3128"}
    assert adapter.send(request, timeout=(1.0, 2.0), verify=True, proxies=proxies) == "full"
    assert sent and sent[0]["proxies"] == proxies
    # a proxy for another scheme does not apply: the trimmed path, no call to HTTPAdapter.send
    monkeypatch.setattr(client_mod.HTTPAdapter, "get_connection_with_tls_context",
                        lambda self, *a, **k: _Pool(), raising=False)
    monkeypatch.setattr(client_mod.DomainAdapter, "_trimmed", True)
    monkeypatch.setattr(client_mod.HTTPAdapter, "cert_verify", lambda self, *a: None)
    response = adapter.send(request, timeout=(1.0, 2.0), verify=True, proxies={"http": "http://proxy.example:3128"})
    assert response.status_code == 200 and len(sent) == 1


def test_a_pool_closed_by_the_pool_manager_is_replaced_nothing_sent_twice(server):
    if not client_mod.DomainAdapter._trimmed:
        pytest.skip("requests older than 2.32.2: the adapter keeps no pool of its own")
    client = _client("http://127.0.0.1:%d" % server.server_address[1], max_retries=0)
    adapter = client.session.get_adapter(client.endpoint.url)
    client.call("QueryContactInfo", {"DomainName": "a.com"})
    for pool in list(adapter._pools.values()):
        pool.close()  # what urllib3 1.26's pool manager does to a pool it evicts ...
    adapter.poolmanager.clear()  # ... which it no longer holds
    with pytest.raises(ApiError) as info:
        client.call("SaveSingleTaskForUpdatingContactInfo", {"DomainName": "a.com"}, safe=False)
    assert info.value.code == "ConnectionError" and info.value.sent is False
    assert len(server.requests) == 1  # the write never left
    client.call("QueryContactInfo", {"DomainName": "b.com"})  # a fresh pool from requests
    assert len(server.requests) == 2


@pytest.mark.parametrize("kwargs", [{"stream": True}, {"timeout": 5.0}, {"url": "http://127.0.0.1:9"},
                                    {"body": b"x=1"}])
def test_anything_but_a_plain_signed_call_goes_through_requests_own_send(monkeypatch, kwargs):
    sent = []
    monkeypatch.setattr(client_mod.HTTPAdapter, "send", lambda self, request, **kw: sent.append(kw) or "full")
    request = requests.Request("POST", "http://127.0.0.1:9/?A=1").prepare()
    request.url = kwargs.get("url", request.url)  # a URL with no path: not one the client builds
    request.body = kwargs.get("body")
    send_kwargs = {"stream": kwargs.get("stream", False), "timeout": kwargs.get("timeout", (1.0, 2.0))}
    assert client_mod.DomainAdapter().send(request, verify=True, proxies={}, **send_kwargs) == "full"
    assert len(sent) == 1
