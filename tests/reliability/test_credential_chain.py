# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""End to end: contact_info against the emulator with every way of getting credentials the chain has
(assume_role_arn, ECS RAM role, credentials.ini, aliyun CLI RamRoleArn / EcsRamRole profiles); the base
secret and the temporary secret and token never appear in a result or in the output."""

from __future__ import absolute_import, division, print_function

import json
import os

import pytest

from ansible_collections.alicloud.domain.tests.unit.plugins.module_utils.loopback_servers import RecordingProxy

from .conftest import DEMO_AK, DEMO_SECRET  # the conftest also puts tests/emulator on sys.path

from metadata import MetadataServer  # tests/emulator/metadata.py (on sys.path via conftest)

ROLE = "acs:ram::1234567890123456:role/domain-admin"
INFO = dict(domain_name="example-shop.com")
NOCREDS = {"access_key_id": None, "access_key_secret": None}


def issued(emu):
    return emu.control("GET", "/sts")["issued"]


def secrets_of(emulator_server, access_key_ids):
    out = [DEMO_SECRET]
    for ak in access_key_ids:
        cred = emulator_server.auth.keys[ak]
        out += [cred.secret, cred.token]
    return out


def assert_ok_and_clean(result, output, secrets):
    assert not result.get("failed"), result
    assert result["contacts"]["registrant"]["email"], result
    text = json.dumps(result) + output
    for secret in secrets:
        assert secret and secret not in text, "a secret leaked"


@pytest.fixture
def metadata(emulator_server):
    server = MetadataServer(role="DomainRole", emulator=emulator_server, v2_only=True)
    server.start()
    yield server
    server.stop()


def test_assume_role_arn_option(run_main, emu, emulator_server):
    result = run_main("contact_info", dict(INFO, assume_role_arn=ROLE, assume_role_session_name="e2e-option",
                                           sts_endpoint=emu.url, assume_role_duration=900))
    rows = issued(emu)
    assert [(r["base_access_key_id"], r["role_arn"], r["session_name"], r["duration"]) for r in rows] == \
        [(DEMO_AK, ROLE, "e2e-option", 900)]
    assert_ok_and_clean(result, run_main.output, secrets_of(emulator_server, [rows[0]["access_key_id"]]))
    # the Domain calls were made with the temporary key: the demo key made only the AssumeRole call
    assert [c["action"] for c in emu.calls()][0] == "AssumeRole"


def test_assume_role_arn_from_environment_with_base_from_environment(run_main, emu, emulator_server):
    env = {"ALIBABA_CLOUD_ACCESS_KEY_ID": DEMO_AK, "ALIBABA_CLOUD_ACCESS_KEY_SECRET": DEMO_SECRET,
           "ALICLOUD_ASSUME_ROLE_ARN": ROLE, "ALICLOUD_STS_ENDPOINT": emu.url}
    result = run_main("contact_info", dict(INFO, signature_version="v1"), creds=False, env=env)
    rows = issued(emu)
    assert len(rows) == 1 and rows[0]["session_name"].startswith("ansible-alicloud-domain-")
    assert_ok_and_clean(result, run_main.output, secrets_of(emulator_server, [rows[0]["access_key_id"]]))


def test_assume_role_refused_is_a_clean_failure(run_main, emu, emulator_server):
    emulator_server.roles = {ROLE.lower()}
    try:
        result = run_main("contact_info", dict(INFO, assume_role_arn="acs:ram::1234567890123456:role/unknown",
                                               sts_endpoint=emu.url))
    finally:
        emulator_server.roles = None
    assert result.get("failed") and "AssumeRole failed: EntityNotExist.Role" in result["msg"], result
    assert "RequestId " in result["msg"] and result["error"]["action"] == "AssumeRole"
    assert "Traceback" not in run_main.output and DEMO_SECRET not in run_main.output


def test_ecs_role_name_option(run_main, emu, emulator_server, metadata):
    result = run_main("contact_info", dict(INFO, ecs_role_name="DomainRole", **NOCREDS), creds=False,
                      env={"ALICLOUD_ECS_METADATA_ENDPOINT": metadata.url})
    assert [s for _m, _p, s in metadata.requests] == [None, "v2"]  # IMDSv2: token, then the role's key
    rows = issued(emu)
    assert len(rows) == 1 and rows[0]["via"] == "metadata"
    assert_ok_and_clean(result, run_main.output, secrets_of(emulator_server, [rows[0]["access_key_id"]]))


def test_ecs_role_then_assume_role(run_main, emu, emulator_server, metadata):
    """The instance's role key (with its token) signs AssumeRole: a common AWX-on-ECS set-up."""
    result = run_main("contact_info", dict(INFO, assume_role_arn=ROLE, sts_endpoint=emu.url), creds=False,
                      env={"ALICLOUD_ECS_METADATA_ENDPOINT": metadata.url, "ALICLOUD_ECS_ROLE_NAME": "DomainRole"})
    rows = issued(emu)
    assert [r["via"] for r in rows] == ["metadata", "AssumeRole"]
    assert rows[1]["base_access_key_id"] == rows[0]["access_key_id"]
    assert_ok_and_clean(result, run_main.output, secrets_of(emulator_server, [r["access_key_id"] for r in rows]))


def test_ini_profile(run_main, emu, emulator_server):
    folder = run_main.home / ".alibabacloud"
    folder.mkdir()
    (folder / "credentials.ini").write_text(
        "[default]\ntype = access_key\naccess_key_id = %s\naccess_key_secret = %s\n"
        "[role]\ntype = ram_role_arn\naccess_key_id = %s\naccess_key_secret = %s\nrole_arn = %s\n"
        "role_session_name = ini-role\n" % (DEMO_AK, DEMO_SECRET, DEMO_AK, DEMO_SECRET, ROLE))
    os.chmod(str(folder / "credentials.ini"), 0o600)
    result = run_main("contact_info", dict(INFO), creds=False)
    assert_ok_and_clean(result, run_main.output, [DEMO_SECRET])
    assert not issued(emu)
    result = run_main("contact_info", dict(INFO), creds=False,
                      env={"ALIBABA_CLOUD_PROFILE": "role", "ALICLOUD_STS_ENDPOINT": emu.url})
    rows = issued(emu)
    assert [(r["session_name"], r["base_access_key_id"]) for r in rows] == [("ini-role", DEMO_AK)]
    assert_ok_and_clean(result, run_main.output, secrets_of(emulator_server, [rows[0]["access_key_id"]]))


def _cli_file(run_main, profiles):
    folder = run_main.home / ".aliyun"
    folder.mkdir(exist_ok=True)
    path = folder / "config.json"
    path.write_text(json.dumps({"current": profiles[0]["name"], "profiles": profiles}))
    os.chmod(str(path), 0o600)
    return str(path)


def test_cli_ram_role_arn_profile(run_main, emu, emulator_server):
    _cli_file(run_main, [{"name": "role", "mode": "RamRoleArn", "access_key_id": DEMO_AK,
                          "access_key_secret": DEMO_SECRET, "ram_role_arn": ROLE, "ram_session_name": "cli-role",
                          "expired_seconds": 1800, "sts_region": "cn-hangzhou"}])
    result = run_main("contact_info", dict(INFO, sts_endpoint=emu.url), creds=False)
    rows = issued(emu)
    assert [(r["session_name"], r["duration"]) for r in rows] == [("cli-role", 1800)]
    assert_ok_and_clean(result, run_main.output, secrets_of(emulator_server, [rows[0]["access_key_id"]]))


def test_cli_ecs_ram_role_profile(run_main, emu, emulator_server, metadata):
    _cli_file(run_main, [{"name": "default", "mode": "AK", "access_key_id": "LTAI5tNotThisOne",
                          "access_key_secret": "NotThisSecret00000"},
                         {"name": "ecs", "mode": "EcsRamRole", "ram_role_name": "DomainRole"}])
    result = run_main("contact_info", dict(INFO, profile="ecs"), creds=False,
                      env={"ALICLOUD_ECS_METADATA_ENDPOINT": metadata.url})
    rows = issued(emu)
    assert [r["via"] for r in rows] == ["metadata"]
    assert_ok_and_clean(result, run_main.output, secrets_of(emulator_server, [rows[0]["access_key_id"]]))


def test_ansible_adhoc_assume_role_from_environment(ansible, emu, emulator_server):
    """A real ``ansible`` run, variables as AWX would inject them, -vvv: no secret anywhere in the output."""
    env = {"ALICLOUD_ACCESS_KEY_ID": DEMO_AK, "ALICLOUD_SECRET_ACCESS_KEY": DEMO_SECRET,
           "ALICLOUD_ASSUME_ROLE_ARN": ROLE, "ALICLOUD_STS_ENDPOINT": emu.url, "ALICLOUD_DOMAIN_ENDPOINT": emu.url}
    rc, out = ansible.adhoc("contact_info", dict(INFO), extra=["-vvv"], env=env)
    assert rc == 0, out
    rows = issued(emu)
    assert len(rows) == 1
    for secret in secrets_of(emulator_server, [rows[0]["access_key_id"]]):
        assert secret not in out


# ---------------------------------------------------------------------------- issue 18: proxies, file checks
def test_sts_on_loopback_never_goes_through_the_proxy(run_main, emu, emulator_server, monkeypatch):
    """HTTP_PROXY set, STS on loopback: the AssumeRole request line (access key id, signature) never reaches
    the proxy, whatever NO_PROXY says."""
    proxy = RecordingProxy()
    try:
        for name in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy"):
            monkeypatch.setenv(name, proxy.url)
        monkeypatch.setenv("NO_PROXY", "example.com")
        monkeypatch.delenv("no_proxy", raising=False)
        result = run_main("contact_info", dict(INFO, assume_role_arn=ROLE, sts_endpoint=emu.url))
    finally:
        proxy.close()
    assert not any("AssumeRole" in line for line in proxy.lines), proxy.lines
    rows = issued(emu)
    assert len(rows) == 1 and not result.get("failed"), result


@pytest.mark.parametrize("mode, refused, words", [
    (0o620, True, "can be changed by its group (mode 0o620)"),
    (0o640, False, "can be read by its group (mode 0o640)"),
])
def test_credentials_file_modes_end_to_end(run_main, emu, mode, refused, words):
    path = _cli_file(run_main, [{"name": "ci", "mode": "AK", "access_key_id": DEMO_AK,
                                 "access_key_secret": DEMO_SECRET}])
    os.chmod(path, mode)
    result = run_main("contact_info", dict(INFO), creds=False)
    if refused:
        assert result.get("failed") and words in result["msg"] and "chmod 600" in result["msg"], result
        assert emu.calls() == []
    else:
        assert not result.get("failed"), result
        assert words in json.dumps(result.get("warnings")), result.get("warnings")  # 2.19: warnings are objects
    assert DEMO_SECRET not in run_main.output
