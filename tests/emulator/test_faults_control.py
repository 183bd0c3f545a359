"""Fault injection, throttling, latency and the control API."""

import json
import socket
import time

import pytest
import requests
from alibabacloud_domain20180129 import models as m
from alibabacloud_tea_openapi.exceptions import ClientException, ServerException

import server
from conftest import STS_SECRET, STS_TOKEN
from server import DEMO_ACCESS_KEY_SECRET, Emulator
from test_auth import v1_call, v3_call

REQ = m.QueryContactInfoRequest(domain_name="example-shop.com", contact_type="admin")
SAVE = m.SaveSingleTaskForUpdatingContactInfoRequest(domain_name="old-brand.xyz", contact_type="admin",
                                                     registrant_profile_id=18100001)


def arm(emu, *specs, **extra):
    payload = {"faults": list(specs)}
    payload.update(extra)
    return emu.control("POST", "/faults", payload)


@pytest.mark.parametrize("kind,status,code,exc", [
    ("throttle", 400, "Throttling.User", ClientException),
    ("500", 500, "InternalError", ServerException),
    ("503", 503, "ServiceUnavailable", ServerException),
])
def test_error_faults(emu, kind, status, code, exc):
    client = emu.client("v3")
    arm(emu, "QueryContactInfo:%s:1" % kind)
    with pytest.raises(exc) as err:
        client.query_contact_info(REQ)
    assert (err.value.code, err.value.status_code) == (code, status)
    assert client.query_contact_info(REQ).status_code == 200          # only the next call
    calls = emu.calls()
    assert [c["fault"] for c in calls] == [kind, None] and calls[0]["status"] == status


def test_throttle_message(emu):
    arm(emu, "*:throttle:1")
    resp = v1_call(emu)
    assert resp.status_code == 400 and resp.json()["Message"] == "Request was denied due to user flow control."


def test_fault_matches_action_only(emu):
    client = emu.client("v1")
    arm(emu, "SaveSingleTaskForUpdatingContactInfo:503:2")
    assert client.query_contact_info(REQ).status_code == 200
    for _dummy in range(2):
        with pytest.raises(ServerException):
            client.save_single_task_for_updating_contact_info(SAVE)
    assert emu.control("GET", "/stats")["tasks_created"] == 0
    assert client.save_single_task_for_updating_contact_info(SAVE).body.task_no
    assert emu.control("GET", "/faults")["faults"][0]["remaining"] == 0


def test_fault_action_pattern(emu):
    client = emu.client("v3")
    arm(emu, "Save*:503:1")
    assert client.query_contact_info(REQ).status_code == 200          # a read does not match Save*
    with pytest.raises(ServerException):
        client.save_single_task_for_updating_contact_info(SAVE)
    assert [c["fault"] for c in emu.calls()] == [None, "503"]


def test_slow_fault(emu):
    emu.control("PUT", "/config", {"slow_ms": 250})
    arm(emu, "*:slow:1")
    start = time.time()
    assert v3_call(emu).status_code == 200
    assert time.time() - start >= 0.25
    start = time.time()
    assert v3_call(emu).status_code == 200
    assert time.time() - start < 0.25


def test_drop_after_carries_out_the_action(emu):
    client = emu.client("v3")
    arm(emu, "SaveSingleTaskForUpdatingContactInfo:drop_after:1")
    with pytest.raises(Exception) as err:
        client.save_single_task_for_updating_contact_info(SAVE)
    assert not isinstance(err.value, (ClientException, ServerException))
    stats = emu.control("GET", "/stats")
    assert stats["tasks_created"] == 1 and stats["faults"] == {"drop_after": 1}
    assert client.query_domain_by_domain_name(m.QueryDomainByDomainNameRequest(
        domain_name="old-brand.xyz")).body.registrant_updating_status == "PENDING"
    with pytest.raises(ClientException) as busy:   # a blind retry hits the in-flight guard
        client.save_single_task_for_updating_contact_info(SAVE)
    assert busy.value.code == "TaskIsBeingProcessed"


def test_reset_before_does_not_carry_out(emu):
    arm(emu, "*:reset_before:1")
    with pytest.raises(requests.exceptions.ConnectionError):
        v3_call(emu, "SaveSingleTaskForUpdatingContactInfo",
                {"DomainName": "old-brand.xyz", "ContactType": "admin", "RegistrantProfileId": "18100001"})
    assert emu.control("GET", "/stats")["tasks_created"] == 0
    assert v3_call(emu).status_code == 200


def test_malformed_and_empty(emu):
    arm(emu, "*:malformed:1", "*:empty:1")
    resp = v3_call(emu)
    assert resp.status_code == 200
    with pytest.raises(ValueError):
        json.loads(resp.text)
    resp = v3_call(emu)
    assert resp.status_code == 200 and resp.content == b""
    arm(emu, "SaveSingleTaskForUpdatingContactInfo:malformed:1")
    with pytest.raises(Exception):
        emu.client("v3").save_single_task_for_updating_contact_info(SAVE)
    assert emu.control("GET", "/stats")["tasks_created"] == 1   # carried out, answer mangled


def test_probability_faults_are_reproducible(emu):
    def pattern():
        emu.control("DELETE", "/faults")
        arm(emu, "QueryContactInfo:500:0.5", seed=11)
        return [v1_call(emu).status_code for _dummy in range(16)]

    first, second = pattern(), pattern()
    assert first == second and set(first) == {200, 500}


def test_bad_fault_spec_is_refused(emu):
    emu.control("POST", "/faults", {"faults": ["*:explode:1"]}, expect=400)
    emu.control("POST", "/faults", {"faults": ["*:500:1.5"]}, expect=400)
    assert emu.control("GET", "/faults")["faults"] == []


def test_throttle_qps(emu):
    emu.control("PUT", "/config", {"throttle_qps": 5})
    session = requests.Session()
    codes = [v3_call(emu, session=session).json().get("Code") for _dummy in range(15)]
    assert codes[:5] == [None] * 5 and codes.count("Throttling.User") >= 8
    time.sleep(0.25)
    assert v3_call(emu, session=session).status_code == 200        # tokens come back
    emu.control("PUT", "/config", {"throttle_qps": 0})
    assert all(v3_call(emu, session=session).status_code == 200 for _dummy in range(10))


def test_latency(emu):
    emu.control("PUT", "/config", {"latency_ms": 60})
    start = time.time()
    assert v3_call(emu).status_code == 200
    assert time.time() - start >= 0.06


def test_reset_restores_config_and_faults(emu):
    emu.control("PUT", "/config", {"latency_ms": 5, "task_seconds": 9})
    arm(emu, "*:500")
    emu.control("POST", "/reset")
    assert emu.control("GET", "/faults")["faults"] == []
    cfg = emu.control("GET", "/config")
    assert cfg["latency_ms"] == 0 and cfg["task_seconds"] == 0.3 and cfg["busy_check"] is True


def test_call_log_has_no_secrets(emu):
    for mode in ("v3", "v1", "v3-sts", "v1-sts"):
        client = emu.client(mode)
        client.query_contact_info(REQ)
        client.save_single_task_for_updating_contact_info(m.SaveSingleTaskForUpdatingContactInfoRequest(
            domain_name="old-brand.xyz", contact_type="admin", registrant_profile_id=18100001)) \
            if mode == "v3" else None
    with pytest.raises(ClientException):
        emu.client("v1-sts", token="CAIS+other/token").query_contact_info(REQ)
    with pytest.raises(ClientException):
        emu.client("v1", secret="x" * 30).query_contact_info(REQ)
    raw = requests.get(emu.url + "/_emulator/calls").text
    data = json.loads(raw)
    assert data["count"] == 7 and len(data["calls"]) == 7
    for secret in (DEMO_ACCESS_KEY_SECRET, STS_SECRET, STS_TOKEN, "CAIS+other/token", "CAIS%2B", "x" * 30):
        assert secret not in raw
    call = data["calls"][0]
    assert set(call) == {"seq", "time", "action", "params", "signature_version", "status", "code", "fault"}
    for c in data["calls"]:
        assert not set(c["params"]) & {"Signature", "AccessKeyId", "SecurityToken", "SignatureNonce", "Timestamp"}
    assert [c["signature_version"] for c in data["calls"]][:5] == ["v3", "v3", "v1", "v3", "v1"]
    assert data["calls"][1]["params"] == {"ContactType": "admin", "DomainName": "old-brand.xyz",
                                          "RegistrantProfileId": "18100001"}
    since = requests.get(emu.url + "/_emulator/calls", params={"since": 5}).json()
    assert [c["seq"] for c in since["calls"]] == [6, 7]
    assert emu.control("DELETE", "/calls") == {"count": 0}
    assert emu.control("GET", "/calls")["calls"] == []


def test_stats(emu):
    client = emu.client("v3")
    client.query_contact_info(REQ)
    with pytest.raises(ClientException):
        client.query_contact_info(m.QueryContactInfoRequest(domain_name="none.example", contact_type="admin"))
    client.save_single_task_for_updating_contact_info(SAVE)
    stats = emu.control("GET", "/stats")
    assert stats["actions"] == {"QueryContactInfo": 2, "SaveSingleTaskForUpdatingContactInfo": 1}
    assert stats["statuses"] == {"200": 2, "400": 1} and stats["codes"] == {"DomainNotExist": 1}
    assert stats["tasks_created"] == 1 and stats["duplicate_tasks"] == 0 and stats["calls"] == 3


def test_state_roundtrip_and_health(emu):
    health = emu.control("GET", "/health")
    assert health["status"] == "ok" and "SaveSingleTaskForUpdatingContactInfo" in health["actions"]
    state = emu.control("GET", "/state")
    state["domains"] = [d for d in state["domains"] if d["DomainName"] == "example-shop.com"]
    state["domains"][0]["contacts"]["admin"]["RegistrantName"] = "Edited Name"
    assert emu.control("PUT", "/state", state) == {"profiles": 5, "domains": 1}
    client = emu.client("v1")
    assert client.query_contact_info(REQ).body.registrant_name == "Edited Name"
    assert client.query_domain_list(m.QueryDomainListRequest(page_num=1, page_size=10)).body.total_item_num == 1
    emu.control("POST", "/reset", {"seed": "empty"})
    assert client.query_domain_list(m.QueryDomainListRequest(page_num=1, page_size=10)).body.total_item_num == 0
    emu.control("POST", "/reset", {"seed": {"profiles": [], "domains": [{"DomainName": "solo.com"}]}})
    assert client.query_domain_list(m.QueryDomainListRequest(page_num=1, page_size=10)).body.total_item_num == 1


def test_control_errors(emu):
    emu.control("GET", "/nothing-here", expect=404)
    resp = requests.post(emu.url + "/_emulator/faults", data=b"{not json")
    assert resp.status_code == 400


def _non_loopback_address():
    try:
        probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        probe.connect(("192.0.2.1", 9))   # TEST-NET: no packet is sent for a UDP connect
        address = probe.getsockname()[0]
        probe.close()
        return None if address.startswith("127.") else address
    except OSError:
        return None


def test_control_api_refuses_non_loopback_clients():
    assert server._is_loopback("127.0.0.1") and server._is_loopback("::1")
    assert not server._is_loopback("10.1.2.3")
    address = _non_loopback_address()
    if address is None:
        pytest.skip("no non-loopback address on this machine")
    emu = Emulator(seed="empty")
    emu.start("0.0.0.0", 0)
    try:
        resp = requests.get("http://%s:%d/_emulator/health" % (address, emu.port), timeout=5)
        assert resp.status_code == 403
        assert requests.get("http://127.0.0.1:%d/_emulator/health" % emu.port, timeout=5).status_code == 200
    finally:
        emu.stop()
