"""STS AssumeRole on the emulator and the tiny ECS metadata service, proved with the official credentials library."""

import json
import os
import sys
import time
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from auth import signing  # noqa: E402  (the collection's signing.py, loaded by path)
from conftest import STS_AK, STS_SECRET, STS_TOKEN  # noqa: E402
from metadata import MetadataServer  # noqa: E402
from server import DEMO_ACCESS_KEY_ID as AK, DEMO_ACCESS_KEY_SECRET as SECRET  # noqa: E402

ROLE = "acs:ram::1234567890123456:role/domain-admin"


def assume_role_v1(emu, ak=AK, secret=SECRET, token=None, version="2015-04-01", method="GET", **params):
    query = {"RoleArn": ROLE, "RoleSessionName": "emulator-test", "DurationSeconds": "3600"}
    query.update(params)
    query = dict((k, v) for k, v in query.items() if v is not None)
    signed = signing.sign_v1(method, "AssumeRole", query, ak, secret, token, version=version)
    return requests.request(method, emu.url + "/?" + signing.canonical_query(signed))


def domain_call(emu, creds, mode="v3"):
    client = emu.client(mode, access_key_id=creds["AccessKeyId"], secret=creds["AccessKeySecret"],
                        token=creds["SecurityToken"])
    from alibabacloud_domain20180129.models import QueryContactInfoRequest
    return client.query_contact_info(QueryContactInfoRequest(domain_name="example-shop.com", contact_type="registrant"))


# ------------------------------------------------------------------------------------------ STS
def test_sdk_ram_role_arn_provider_against_the_emulator(emu):
    """alibabacloud-credentials' own AssumeRole request is accepted; its key then works for the Domain API."""
    from alibabacloud_credentials.provider.ram_role_arn import RamRoleArnCredentialsProvider
    for base in ({}, {"access_key_id": STS_AK, "access_key_secret": STS_SECRET, "security_token": STS_TOKEN}):
        provider = RamRoleArnCredentialsProvider(
            access_key_id=base.get("access_key_id", AK), access_key_secret=base.get("access_key_secret", SECRET),
            security_token=base.get("security_token"), role_arn=ROLE, role_session_name="sdk-oracle",
            duration_seconds=900, sts_endpoint=emu.url)
        creds = provider.get_credentials()
        assert creds.get_access_key_id().startswith("STS.") and creds.get_security_token()
        answer = domain_call(emu, {"AccessKeyId": creds.get_access_key_id(),
                                   "AccessKeySecret": creds.get_access_key_secret(),
                                   "SecurityToken": creds.get_security_token()})
        assert answer.body.email
    issued = emu.control("GET", "/sts")["issued"]
    assert [i["base_access_key_id"] for i in issued] == [AK, STS_AK]
    assert issued[0]["role_arn"] == ROLE and issued[0]["duration"] == 900 and issued[0]["via"] == "AssumeRole"


def test_assume_role_answer_shape_and_both_signatures(emu):
    resp = assume_role_v1(emu)
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert set(body) == {"RequestId", "Credentials", "AssumedRoleUser"}
    assert set(body["Credentials"]) == {"AccessKeyId", "AccessKeySecret", "SecurityToken", "Expiration"}
    assert body["AssumedRoleUser"]["Arn"] == ROLE + "/emulator-test"
    assert body["AssumedRoleUser"]["AssumedRoleId"].endswith(":emulator-test")
    expires = time.mktime(time.strptime(body["Credentials"]["Expiration"], "%Y-%m-%dT%H:%M:%SZ")) - time.timezone
    assert 3500 < expires - time.time() <= 3600
    for mode in ("v3", "v1"):
        assert domain_call(emu, body["Credentials"], mode).body.email
    # V3 (ACS3-HMAC-SHA256) with the STS version is accepted too
    host = urlsplit(emu.url).netloc
    query = {"RoleArn": ROLE, "RoleSessionName": "v3-session"}
    headers = signing.sign_v3("POST", host, "AssumeRole", query, AK, SECRET, version="2015-04-01")
    resp = requests.post(emu.url + "/?" + signing.canonical_query(query), headers=headers, data=b"")
    assert resp.status_code == 200, resp.text


@pytest.mark.parametrize("kwargs, status, code", [
    ({"secret": "WrongSecret000000000000000000"}, 400, "SignatureDoesNotMatch"),
    ({"ak": "LTAI5tNoSuchKey"}, 404, "InvalidAccessKeyId.NotFound"),
    ({"version": "2018-01-29"}, 400, "InvalidVersion"),
    ({"RoleArn": None}, 400, "MissingRoleArn"),
    ({"RoleSessionName": None}, 400, "MissingRoleSessionName"),
    ({"RoleArn": "arn:aws:iam::1:role/x"}, 400, "InvalidParameter.RoleArn"),
    ({"RoleSessionName": "has space"}, 400, "InvalidParameter.RoleSessionName"),
    ({"DurationSeconds": "899"}, 400, "InvalidParameter.DurationSeconds"),
    ({"ak": STS_AK, "secret": STS_SECRET}, 400, "MissingSecurityToken"),
])
def test_assume_role_refusals(emu, kwargs, status, code):
    resp = assume_role_v1(emu, **kwargs)
    assert resp.status_code == status, resp.text
    body = resp.json()
    assert body["Code"] == code and body["HostId"] == "sts.aliyuncs.com" and body["RequestId"]
    assert not emu.control("GET", "/sts")["issued"]


def test_unknown_role_when_roles_are_restricted(emulator_server, emu):
    emulator_server.roles = {ROLE.lower()}
    try:
        assert assume_role_v1(emu).status_code == 200
        resp = assume_role_v1(emu, RoleArn="acs:ram::1234567890123456:role/other")
        assert resp.status_code == 404 and resp.json()["Code"] == "EntityNotExist.Role"
    finally:
        emulator_server.roles = None


def test_sts_key_expiry_and_no_secret_in_the_call_log(emu):
    creds = assume_role_v1(emu).json()["Credentials"]
    emu.control("POST", "/sts/expire", {"access_key_id": creds["AccessKeyId"]})
    from Tea.exceptions import TeaException
    with pytest.raises(TeaException) as info:
        domain_call(emu, creds)
    assert info.value.code == "InvalidSecurityToken.Expired"
    text = json.dumps(emu.calls()) + json.dumps(emu.control("GET", "/sts"))
    for secret in (SECRET, creds["AccessKeySecret"], creds["SecurityToken"]):
        assert secret not in text
    logged = [c for c in emu.calls() if c["action"] == "AssumeRole"]
    assert logged and logged[0]["params"] == {"RoleArn": ROLE, "RoleSessionName": "emulator-test",
                                              "DurationSeconds": "3600"}


# ------------------------------------------------------------------------------------------ ECS metadata
@pytest.fixture
def metadata(emulator_server):
    servers = []

    def start(**kwargs):
        server = MetadataServer(emulator=emulator_server, **kwargs)
        server.start()
        servers.append(server)
        return server
    yield start
    for server in servers:
        server.stop()


def sdk_ecs_provider(server, role=None, disable_v1=False):
    from alibabacloud_credentials.provider.ecs_ram_role import EcsRamRoleCredentialsProvider
    provider = EcsRamRoleCredentialsProvider(role_name=role, disable_imds_v1=disable_v1, async_update_enabled=False)
    provider._EcsRamRoleCredentialsProvider__metadata_service_host = "127.0.0.1:%d" % server.port
    return provider


def test_sdk_ecs_provider_imdsv2_against_the_metadata_server(emu, metadata):
    server = metadata(role="DomainRole", v2_only=True)
    creds = sdk_ecs_provider(server).get_credentials()  # the role is discovered
    assert list(server.requests) == [
        ("PUT", "/latest/api/token", None),
        ("GET", "/latest/meta-data/ram/security-credentials/", "v2"),
        ("PUT", "/latest/api/token", None),
        ("GET", "/latest/meta-data/ram/security-credentials/DomainRole", "v2")]
    answer = domain_call(emu, {"AccessKeyId": creds.get_access_key_id(), "AccessKeySecret":
                               creds.get_access_key_secret(), "SecurityToken": creds.get_security_token()})
    assert answer.body.email
    assert emu.control("GET", "/sts")["issued"][-1]["via"] == "metadata"


def test_sdk_ecs_provider_falls_back_to_imdsv1_on_an_old_service(metadata):
    server = metadata(role="DomainRole", imdsv2=False)
    creds = sdk_ecs_provider(server, role="DomainRole").get_credentials()
    assert creds.get_security_token()
    assert server.requests[-1] == ("GET", "/latest/meta-data/ram/security-credentials/DomainRole", "v1")
    with pytest.raises(Exception):
        sdk_ecs_provider(server, role="DomainRole", disable_v1=True).get_credentials()


def test_metadata_server_refusals(metadata):
    server = metadata(role="DomainRole", v2_only=True)
    base = server.url + "/latest/meta-data/ram/security-credentials/"
    assert requests.get(base + "DomainRole").status_code == 403  # IMDSv1 in hardened mode
    assert requests.get(base + "DomainRole", headers={"X-aliyun-ecs-metadata-token": "forged"}).status_code == 401
    assert requests.put(server.url + "/latest/api/token").status_code == 400  # no TTL header
    token = requests.put(server.url + "/latest/api/token",
                         headers={"X-aliyun-ecs-metadata-token-ttl-seconds": "21600"}).text
    assert requests.get(base + "Other", headers={"X-aliyun-ecs-metadata-token": token}).status_code == 404
    body = requests.get(base + "DomainRole", headers={"X-aliyun-ecs-metadata-token": token}).json()
    assert body["Code"] == "Success" and body["AccessKeyId"].startswith("STS.")


def test_metadata_cli_serves_a_fixed_key():
    import subprocess
    proc = subprocess.Popen([sys.executable, str(HERE / "metadata.py"), "--port", "0", "--role", "R",
                             "--key", "STS.Fixed:FixedSecret:FixedToken"], stdout=subprocess.PIPE, text=True,
                            env=dict(os.environ, PYTHONUNBUFFERED="1"))
    try:
        line = proc.stdout.readline()
        assert line.startswith("metadata service listening on http://127.0.0.1:"), line
        url = line.strip().rsplit(" ", 1)[1]
        body = requests.get(url + "/latest/meta-data/ram/security-credentials/R").json()
        assert (body["AccessKeyId"], body["AccessKeySecret"], body["SecurityToken"]) == \
            ("STS.Fixed", "FixedSecret", "FixedToken")
    finally:
        proc.terminate()
        assert proc.wait(10) == 0


def test_parse_qsl_roundtrip_of_signed_query():
    """The canonical query we send decodes back to the signed parameters (what the emulator verifies)."""
    signed = signing.sign_v1("GET", "AssumeRole", {"RoleArn": ROLE, "RoleSessionName": "a@b.c"}, AK, SECRET,
                             version="2015-04-01")
    assert dict(parse_qsl(signing.canonical_query(signed))) == signed
