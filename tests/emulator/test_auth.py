"""Signature, nonce, timestamp, key and STS checks; crafted requests use the collection's signing module."""

import http.client
import json
import time
from pathlib import Path

import pytest
import requests
from alibabacloud_domain20180129 import models as m
from alibabacloud_tea_openapi.exceptions import ClientException

from auth import Credential, signing
from conftest import STS_AK, STS_SECRET, STS_TOKEN
from server import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET

DATA = Path(__file__).resolve().parent / "data"
AUTH_CODES = {"SignatureDoesNotMatch", "SignatureNonceUsed", "InvalidTimeStamp.Expired", "IncompleteSignature",
              "InvalidAccessKeyId.NotFound", "MissingSecurityToken", "InvalidSecurityToken.MismatchWithAccessKey",
              "InvalidSecurityToken.Expired", "MissingParameter"}
QUERY = {"DomainName": "example-shop.com", "ContactType": "admin"}


def v3_call(emu, action="QueryContactInfo", query=None, ak=DEMO_ACCESS_KEY_ID, secret=DEMO_ACCESS_KEY_SECRET,
            token=None, timestamp=None, nonce=None, tamper=None, session=None):
    query = dict(QUERY if query is None else query)
    host = "127.0.0.1:%d" % emu.port
    headers = signing.sign_v3("POST", host, action, query, ak, secret, security_token=token,
                              user_agent="emulator-tests", timestamp=timestamp, nonce=nonce)
    if tamper:
        tamper(headers, query)
    return (session or requests).post("http://%s/" % host, params=query, headers=headers)


def v1_call(emu, action="QueryContactInfo", params=None, ak=DEMO_ACCESS_KEY_ID, secret=DEMO_ACCESS_KEY_SECRET,
            token=None, timestamp=None, nonce=None, method="POST", in_body=False):
    signed = signing.sign_v1(method, action, dict(QUERY if params is None else params), ak, secret,
                             security_token=token, timestamp=timestamp, nonce=nonce)
    url = "http://127.0.0.1:%d/" % emu.port
    if in_body:
        return requests.request(method, url, data=signed)
    return requests.request(method, url, params=signed)


def assert_error(resp, status, code):
    body = resp.json()
    assert (resp.status_code, body["Code"]) == (status, code), resp.text
    assert body["RequestId"] and body["HostId"] and body["Message"]
    assert body["Recommend"] == "https://api.aliyun.com/troubleshoot?q=%s&product=Domain" % code
    return body


def test_crafted_requests_pass(emu):
    assert v3_call(emu).json()["RegistrantName"] == "Zhang San"
    assert v1_call(emu).json()["RegistrantName"] == "Zhang San"
    assert v1_call(emu, method="GET").status_code == 200          # V1 GET, signed as GET
    assert v1_call(emu, in_body=True).status_code == 200          # V1 with a form body
    spaced = {"RegistrantName": "Room 1 *~/+=&? Road", "ZhAddress": "浙江省杭州市", "TelExt": ""}
    assert v3_call(emu, "SaveRegistrantProfile", spaced).status_code == 200
    assert v1_call(emu, "SaveRegistrantProfile", spaced).status_code == 200


def test_tampered_signature_v3(emu):
    def flip(headers, _query):
        auth = headers["Authorization"]
        headers["Authorization"] = auth[:-1] + ("0" if auth[-1] != "0" else "1")

    body = assert_error(v3_call(emu, tamper=flip), 400, "SignatureDoesNotMatch")
    assert body["Message"].startswith("Specified signature is not matched with our calculation. "
                                      "server string to sign is:ACS3-HMAC-SHA256\n")

    def change_query(_headers, query):
        query["DomainName"] = "example-blog.net"

    assert_error(v3_call(emu, tamper=change_query), 400, "SignatureDoesNotMatch")

    def change_signed_header(headers, _query):
        headers["user-agent"] = "rewritten-by-a-proxy"

    assert_error(v3_call(emu, tamper=change_signed_header), 400, "SignatureDoesNotMatch")

    def unsign_date(headers, _query):
        headers["Authorization"] = headers["Authorization"].replace("x-acs-date;", "")

    assert_error(v3_call(emu, tamper=unsign_date), 400, "IncompleteSignature")


def test_tampered_signature_v1(emu):
    signed = signing.sign_v1("POST", "QueryContactInfo", dict(QUERY), DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET)
    signed["DomainName"] = "example-blog.net"
    resp = requests.post("http://127.0.0.1:%d/" % emu.port, params=signed)
    body = assert_error(resp, 400, "SignatureDoesNotMatch")
    assert "server string to sign is:POST&%2F&AccessKeyId%3D" in body["Message"]
    # signed for POST, sent as GET
    signed = signing.sign_v1("POST", "QueryContactInfo", dict(QUERY), DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET)
    assert_error(requests.get("http://127.0.0.1:%d/" % emu.port, params=signed), 400, "SignatureDoesNotMatch")


@pytest.mark.parametrize("mode", ["v3", "v1"])
def test_wrong_secret_with_sdk(emu, mode):
    client = emu.client(mode, secret="NotTheSecret000000000000000000000")
    with pytest.raises(ClientException) as err:
        client.query_contact_info(m.QueryContactInfoRequest(domain_name="example-shop.com", contact_type="admin"))
    assert (err.value.code, err.value.status_code) == ("SignatureDoesNotMatch", 400)
    assert "server string to sign is:" in err.value.message
    assert DEMO_ACCESS_KEY_SECRET not in str(err.value.data)


@pytest.mark.parametrize("mode", ["v3", "v1"])
def test_unknown_access_key_with_sdk(emu, mode):
    client = emu.client(mode, access_key_id="LTAI5tUnknownKey0000000")
    with pytest.raises(ClientException) as err:
        client.query_contact_info(m.QueryContactInfoRequest(domain_name="example-shop.com", contact_type="admin"))
    assert (err.value.code, err.value.status_code) == ("InvalidAccessKeyId.NotFound", 404)


def test_missing_access_key_v1(emu):
    signed = signing.sign_v1("POST", "QueryContactInfo", dict(QUERY), DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET)
    del signed["AccessKeyId"]
    assert_error(requests.post("http://127.0.0.1:%d/" % emu.port, params=signed), 404, "InvalidAccessKeyId.NotFound")
    # no signature at all, no Authorization header
    assert_error(requests.post("http://127.0.0.1:%d/?Action=QueryContactInfo" % emu.port), 404,
                 "InvalidAccessKeyId.NotFound")


def test_reused_nonce(emu):
    nonce = signing.new_nonce()
    assert v3_call(emu, nonce=nonce).status_code == 200
    assert_error(v3_call(emu, nonce=nonce), 400, "SignatureNonceUsed")
    nonce = signing.new_nonce()
    assert v1_call(emu, nonce=nonce).status_code == 200
    assert_error(v1_call(emu, nonce=nonce), 400, "SignatureNonceUsed")
    # a nonce is remembered per access key: the STS key may use the same one
    assert v3_call(emu, nonce=nonce, ak=STS_AK, secret=STS_SECRET, token=STS_TOKEN).status_code == 200


def test_old_and_future_timestamps(emu):
    old = signing.utc_timestamp(time.time() - 20 * 60)
    future = signing.utc_timestamp(time.time() + 20 * 60)
    assert_error(v3_call(emu, timestamp=old), 400, "InvalidTimeStamp.Expired")
    assert_error(v1_call(emu, timestamp=old), 400, "InvalidTimeStamp.Expired")
    assert_error(v3_call(emu, timestamp=future), 400, "InvalidTimeStamp.Expired")
    ok = signing.utc_timestamp(time.time() - 10 * 60)
    assert v1_call(emu, timestamp=ok).status_code == 200


@pytest.mark.parametrize("mode", ["v3", "v1"])
def test_sts(emu, mode):
    good = emu.client(mode + "-sts")
    assert good.query_contact_info(m.QueryContactInfoRequest(domain_name="example-shop.com",
                                                             contact_type="admin")).status_code == 200
    no_token = emu.client(mode, access_key_id=STS_AK, secret=STS_SECRET)
    with pytest.raises(ClientException) as err:
        no_token.query_contact_info(m.QueryContactInfoRequest(domain_name="example-shop.com", contact_type="admin"))
    assert (err.value.code, err.value.status_code) == ("MissingSecurityToken", 400)
    wrong = emu.client(mode + "-sts", token="CAIS+someone/else")
    with pytest.raises(ClientException) as err:
        wrong.query_contact_info(m.QueryContactInfoRequest(domain_name="example-shop.com", contact_type="admin"))
    assert (err.value.code, err.value.status_code) == ("InvalidSecurityToken.MismatchWithAccessKey", 400)
    assert STS_TOKEN not in json.dumps(err.value.data)
    assert emu.control("POST", "/sts/expire", {"access_key_id": STS_AK}) == {"expired": STS_AK}
    with pytest.raises(ClientException) as err:
        good.query_contact_info(m.QueryContactInfoRequest(domain_name="example-shop.com", contact_type="admin"))
    assert (err.value.code, err.value.status_code) == ("InvalidSecurityToken.Expired", 400)
    emu.control("POST", "/sts/expire", {"access_key_id": "nobody"}, expect=404)


def test_v1_mismatch_never_echoes_the_token(emu):
    signed = signing.sign_v1("POST", "QueryContactInfo", dict(QUERY), STS_AK, STS_SECRET, security_token=STS_TOKEN)
    signed["Signature"] = "AAAA" + signed["Signature"][4:]
    resp = requests.post("http://127.0.0.1:%d/" % emu.port, params=signed)
    assert_error(resp, 400, "SignatureDoesNotMatch")
    assert STS_TOKEN not in resp.text and signing.percent_encode(STS_TOKEN) not in resp.text
    assert STS_SECRET not in resp.text


def test_unknown_action(emu):
    assert_error(v3_call(emu, action="DescribeNothing"), 404, "InvalidAction.NotFound")
    assert_error(v1_call(emu, action="SaveTaskForUpdatingRegistrantInfoByIdentityCredential"), 404,
                 "InvalidAction.NotFound")


def test_unknown_action_with_sdk(emu):
    from alibabacloud_tea_openapi import models as api_models
    from darabonba.runtime import RuntimeOptions

    client = emu.client("v3")
    params = api_models.Params(action="DescribeNothing", version="2018-01-29", protocol="HTTP", pathname="/",
                               method="POST", auth_type="AK", style="RPC", req_body_type="formData",
                               body_type="json")
    with pytest.raises(ClientException) as err:
        client.call_api(params, api_models.OpenApiRequest(query={"A": "b"}), RuntimeOptions())
    assert (err.value.code, err.value.status_code) == ("InvalidAction.NotFound", 404)


def test_content_sha256_must_match_body(emu):
    host = "127.0.0.1:%d" % emu.port
    headers = signing.sign_v3("POST", host, "QueryContactInfo", dict(QUERY), DEMO_ACCESS_KEY_ID,
                              DEMO_ACCESS_KEY_SECRET)
    resp = requests.post("http://%s/" % host, params=QUERY, headers=headers, data=b"unexpected=body")
    assert resp.status_code == 400 and resp.json()["Code"] == "ContentSHA256NotMatched"


def test_replay_captured_sdk_requests(emu):
    """Requests exactly as the official SDKs (new V3/V1 and the old core) sent them are accepted."""
    data = json.loads((DATA / "captured_requests.json").read_text(encoding="utf-8"))
    contact = {f: "x" for f in ("RegistrantName", "Email")}
    emu.control("PUT", "/state", {
        "profiles": [{"RegistrantProfileId": pid, "RealNameStatus": "SUCCEED", **contact} for pid in (1, 42, 12345678)],
        "domains": [{"DomainName": n, "contacts": {}} for n in ("example.com", "测试.中国", "a.com", "b.com")],
    })
    emu.control("PUT", "/config", {"task_seconds": 0})
    auth = emu.emu.auth
    saved = dict(auth.keys)
    try:
        for case in data["requests"]:
            headers = case["headers"]
            stamp = next((v for k, v in headers if k.lower() == "x-acs-date"), None)
            if stamp is None:
                stamp = dict(__import__("urllib.parse").parse.parse_qsl(case["raw_path"].split("?", 1)[1]))["Timestamp"]
            auth.clock = lambda stamp=stamp: __import__("calendar").timegm(time.strptime(stamp, signing.TIME_FORMAT))
            auth.keys = {case["access_key_id"]: Credential(case["access_key_id"], case["access_key_secret"],
                                                           case["security_token"])}
            conn = http.client.HTTPConnection("127.0.0.1", emu.port, timeout=5)
            conn.putrequest(case["method"], case["raw_path"], skip_host=True, skip_accept_encoding=True)
            for name, value in headers:  # the host header keeps the capture's port: V3 signed it
                conn.putheader(name, value)
            conn.endheaders(case["body_raw"].encode("utf-8") or None)
            resp = conn.getresponse()
            body = json.loads(resp.read().decode("utf-8"))
            conn.close()
            assert resp.status == 200 and "Code" not in body, (case["label"], body)
    finally:
        auth.keys = saved
        auth.clock = time.time
