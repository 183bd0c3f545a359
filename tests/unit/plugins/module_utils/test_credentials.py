# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The credential chain, one source at a time, with scripted HTTP for STS AssumeRole and the ECS metadata."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os

import pytest

from urllib.parse import parse_qsl, urlsplit

from ansible_collections.alicloud.domain.plugins.module_utils._credentials import base as cred_base
from ansible_collections.alicloud.domain.plugins.module_utils._credentials import chain as cr
from ansible_collections.alicloud.domain.plugins.module_utils._credentials import ecs_role
from ansible_collections.alicloud.domain.plugins.module_utils._api import signing
from ansible_collections.alicloud.domain.plugins.module_utils._api.errors import ApiError, ConfigurationError
from ansible_collections.alicloud.domain.tests.unit.plugins.module_utils.loopback_servers import (
    LoopbackServer, RecordingProxy, read_head)

AK, SECRET, TOKEN = "LTAI5tBaseKey000001", "BaseSecretNeverShown0123456789", "CAISBaseTokenNeverShown=="
TMP_AK, TMP_SECRET, TMP_TOKEN = "STS.TmpKey0001", "TmpSecretNeverShown987654321", "CAISTmpTokenNeverShown+/=="
ROLE = "acs:ram::1234567890123456:role/domain-admin"
MD = "http://127.0.0.1:9"  # never contacted: every metadata answer is scripted


def sts_answer(ak=TMP_AK, secret=TMP_SECRET, token=TMP_TOKEN):
    return 200, json.dumps({"RequestId": "STS-REQ-1", "AssumedRoleUser": {"Arn": ROLE + "/s", "AssumedRoleId": "3:s"},
                            "Credentials": {"AccessKeyId": ak, "AccessKeySecret": secret, "SecurityToken": token,
                                            "Expiration": "2030-01-01T00:00:00Z"}}).encode("utf-8")


def md_creds(ak=TMP_AK, secret=TMP_SECRET, token=TMP_TOKEN):
    return 200, json.dumps({"Code": "Success", "AccessKeyId": ak, "AccessKeySecret": secret, "SecurityToken": token,
                            "Expiration": "2030-01-01T00:00:00Z", "LastUpdated": "2029-12-31T18:00:00Z"}).encode()


class Step:
    def __init__(self, method, url, answer, check=None):
        self.method, self.url, self.answer, self.check = method, url, answer, check


class ScriptedHttp:
    """Stands in for CredentialHttp: every request must be the next scripted one."""

    def __init__(self, *steps):
        self.steps = list(steps)
        self.sent = []

    def request(self, method, url, headers=None, timeout=None, use_proxy=True):
        self.sent.append((method, url, dict(headers or {}), timeout, use_proxy))
        assert self.steps, "unexpected request %s %s" % (method, url)
        step = self.steps.pop(0)
        assert method == step.method and url.split("?")[0] == step.url, (method, url, step.method, step.url)
        if step.check:
            step.check(method, url, headers or {})
        if isinstance(step.answer, Exception):
            raise step.answer
        return step.answer

    def done(self):
        assert not self.steps, "requests not made: %s" % [s.url for s in self.steps]


def signed_sts(secret, **expect):
    """A check that the AssumeRole request is V1-signed with ``secret`` over GET and carries ``expect``."""
    def check(method, url, headers):
        query = dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))
        signature = query.pop("Signature")
        assert signing.v1_signature("GET", query, secret) == signature, "bad AssumeRole signature"
        assert query["Action"] == "AssumeRole" and query["Version"] == "2015-04-01"
        assert query["SignatureMethod"] == "HMAC-SHA1" and query["SignatureVersion"] == "1.0"
        for key, value in expect.items():
            if value is None:
                assert key not in query, key
            else:
                assert query.get(key) == str(value), (key, query.get(key), value)
    return check


@pytest.fixture
def env(tmp_path):
    """A clean environment dict with HOME in a temporary directory (no real credentials files)."""
    return {"HOME": str(tmp_path), "ALICLOUD_ECS_METADATA_ENDPOINT": MD}


@pytest.fixture(autouse=True)
def home(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))  # ~ in default paths


def resolve(params, env, http, warnings=None):
    creds = cr.resolve_credentials(dict(params), env=env, warnings=warnings, http=http)
    http.done()
    return creds


def write_cli(tmp_path, profiles, current=None):
    path = tmp_path / "config.json"
    path.write_text(json.dumps({"current": current or profiles[0]["name"], "profiles": profiles}))
    os.chmod(str(path), 0o600)
    return str(path)


def write_ini(tmp_path, text, name="credentials.ini", mode=0o600):
    path = tmp_path / name
    path.write_text(text)
    os.chmod(str(path), mode)
    return str(path)


# ============================================================================ AssumeRole
def test_assume_role_signature_is_the_sdks():
    """Our V1 GET signature of AssumeRole equals alibabacloud-credentials' (compose_string_to_sign + sign_string)."""
    ph = pytest.importorskip("alibabacloud_credentials.utils.parameter_helper")
    params = {"DurationSeconds": "3600", "RoleArn": ROLE, "RoleSessionName": "ansible-alicloud-domain-1700000000"}
    for token in (None, TOKEN):
        ours = signing.sign_v1("GET", "AssumeRole", params, AK, SECRET, token, timestamp="2026-01-02T03:04:05Z",
                               nonce="5f1c0ffee", version="2015-04-01")
        query = dict((k, v) for k, v in ours.items() if k != "Signature")
        sdk = ph.sign_string(ph.compose_string_to_sign("GET", query), SECRET + "&")
        assert ours["Signature"] == sdk


def test_assume_role_option_uses_the_chain_for_the_base_key(env):
    http = ScriptedHttp(Step("GET", "https://sts.aliyuncs.com/", sts_answer(), signed_sts(
        SECRET, AccessKeyId=AK, RoleArn=ROLE, DurationSeconds=3600, SecurityToken=None)))
    creds = resolve({"access_key_id": AK, "access_key_secret": SECRET, "assume_role_arn": ROLE}, env, http)
    assert (creds.access_key_id, creds.access_key_secret, creds.security_token) == (TMP_AK, TMP_SECRET, TMP_TOKEN)
    assert set(creds.secrets) == {TMP_SECRET, TMP_TOKEN, SECRET}  # the base secret is masked too
    query = dict(parse_qsl(urlsplit(http.sent[0][1]).query))
    assert query["RoleSessionName"].startswith("ansible-alicloud-domain-")
    assert creds.expiration == "2030-01-01T00:00:00Z" and ROLE in creds.source
    assert SECRET not in repr(creds) and TMP_SECRET not in repr(creds)


def test_assume_role_from_environment_with_sts_base_and_local_endpoint(env):
    env.update({"ALIBABA_CLOUD_ACCESS_KEY_ID": AK, "ALIBABA_CLOUD_ACCESS_KEY_SECRET": SECRET,
                "ALIBABA_CLOUD_SECURITY_TOKEN": TOKEN, "ALIBABA_CLOUD_ROLE_ARN": ROLE,
                "ALIBABA_CLOUD_ROLE_SESSION_NAME": "nightly-run", "ALICLOUD_STS_ENDPOINT": "http://127.0.0.1:8099"})
    http = ScriptedHttp(Step("GET", "http://127.0.0.1:8099/", sts_answer(), signed_sts(
        SECRET, SecurityToken=TOKEN, RoleSessionName="nightly-run")))
    creds = resolve({"assume_role_duration": 900}, env, http)
    assert creds.access_key_id == TMP_AK
    assert dict(parse_qsl(urlsplit(http.sent[0][1]).query))["DurationSeconds"] == "900"


def test_alicloud_role_variables_win_over_sdk_ones_and_options_over_both(env):
    env.update({"ALICLOUD_ASSUME_ROLE_ARN": ROLE, "ALIBABA_CLOUD_ROLE_ARN": "acs:ram::1:role/other",
                "ALICLOUD_ASSUME_ROLE_SESSION_NAME": "ali", "ALIBABA_CLOUD_ROLE_SESSION_NAME": "sdk"})
    base = {"access_key_id": AK, "access_key_secret": SECRET}
    http = ScriptedHttp(Step("GET", "https://sts.aliyuncs.com/", sts_answer(),
                             signed_sts(SECRET, RoleArn=ROLE, RoleSessionName="ali")))
    resolve(base, env, http)
    other = "acs:ram::1234567890123456:role/opt"
    http = ScriptedHttp(Step("GET", "https://sts.aliyuncs.com/", sts_answer(),
                             signed_sts(SECRET, RoleArn=other, RoleSessionName="opt-session")))
    resolve(dict(base, assume_role_arn=other, assume_role_session_name="opt-session"), env, http)


def test_assume_role_error_is_the_apis_own_words_without_secrets(env):
    body = json.dumps({"RequestId": "STS-ERR-9", "Code": "NoPermission", "HostId": "sts.aliyuncs.com",
                       "Message": "You are not authorized to do this action (key %s)." % SECRET}).encode()
    http = ScriptedHttp(Step("GET", "https://sts.aliyuncs.com/", (403, body)))
    with pytest.raises(ApiError) as info:
        resolve({"access_key_id": AK, "access_key_secret": SECRET, "assume_role_arn": ROLE}, env, http)
    text = str(info.value)
    assert "AssumeRole failed: NoPermission" in text and "STS-ERR-9" in text and "HTTP 403" in text
    assert SECRET not in text


@pytest.mark.parametrize("answer, code", [
    ((200, b"<html>"), "MalformedResponse"),
    ((200, json.dumps({"RequestId": "x", "Credentials": {"AccessKeyId": "a"}}).encode()), "MalformedResponse"),
    (IOError("ConnectTimeout: no route"), "ConnectionError"),
])
def test_assume_role_bad_answers_are_clear(env, answer, code):
    http = ScriptedHttp(Step("GET", "https://sts.aliyuncs.com/", answer))
    with pytest.raises(ApiError, match="AssumeRole failed: %s" % code):
        resolve({"access_key_id": AK, "access_key_secret": SECRET, "assume_role_arn": ROLE}, env, http)


@pytest.mark.parametrize("extra, phrase", [
    ({"assume_role_duration": 899}, "between 900 and 3600"),
    ({"assume_role_duration": 3601}, "between 900 and 3600"),
    ({"assume_role_arn": "arn:aws:iam::1:role/x"}, "is not of the form acs:ram::"),
    ({"assume_role_session_name": "has space"}, "2 to 64 characters"),
    ({"sts_endpoint": "http://sts.example.com"}, "sts_endpoint: endpoint"),
])
def test_assume_role_inputs_checked_before_any_call(env, extra, phrase):
    params = dict({"access_key_id": AK, "access_key_secret": SECRET, "assume_role_arn": ROLE}, **extra)
    http = ScriptedHttp()
    with pytest.raises(ConfigurationError, match=phrase):
        resolve(params, env, http)
    assert not http.sent


def test_assume_role_without_any_base_key_names_the_role(env):
    with pytest.raises(ConfigurationError, match="to call AssumeRole for %s" % ROLE):
        resolve({"assume_role_arn": ROLE}, env, ScriptedHttp())


# ============================================================================ ECS RAM role
def imds_v2(role="EcsRole", token="tok-1", discover=False, answer=None, base=MD):
    steps = [Step("PUT", base + "/latest/api/token", (200, token.encode()),
                  lambda m, u, h: h.get("X-aliyun-ecs-metadata-token-ttl-seconds") == "21600" or pytest.fail(h))]

    def with_token(_m, _u, h):
        return h.get("X-aliyun-ecs-metadata-token") == token or pytest.fail(h)
    if discover:
        steps.append(Step("GET", base + ecs_role.EcsRoleSource.PATH, (200, role.encode()), with_token))
    steps.append(Step("GET", base + ecs_role.EcsRoleSource.PATH + role, answer or md_creds(), with_token))
    return steps


def test_ecs_role_option_imdsv2(env):
    http = ScriptedHttp(*imds_v2())
    creds = resolve({"ecs_role_name": "EcsRole"}, env, http)
    assert (creds.access_key_id, creds.access_key_secret, creds.security_token) == (TMP_AK, TMP_SECRET, TMP_TOKEN)
    assert creds.source == "ECS RAM role EcsRole"
    for _method, _url, _headers, timeout, use_proxy in http.sent:
        assert timeout == (1.0, 1.0) and use_proxy is False


@pytest.mark.parametrize("failure", [(404, b"Not Found"), IOError("ConnectionError: refused"), (200, b"")])
def test_ecs_role_falls_back_to_imdsv1(env, failure):
    def no_token(_m, _u, h):
        return "X-aliyun-ecs-metadata-token" not in h or pytest.fail(h)
    http = ScriptedHttp(Step("PUT", MD + "/latest/api/token", failure),
                        Step("GET", MD + ecs_role.EcsRoleSource.PATH + "EcsRole", md_creds(), no_token))
    assert resolve({"ecs_role_name": "EcsRole"}, env, http).access_key_id == TMP_AK


def test_ecs_role_imdsv1_disabled(env):
    env["ALIBABA_CLOUD_IMDSV1_DISABLED"] = "true"
    http = ScriptedHttp(Step("PUT", MD + "/latest/api/token", (404, b"")))
    with pytest.raises(ConfigurationError, match="no IMDSv2 token .* ALIBABA_CLOUD_IMDSV1_DISABLED"):
        resolve({"ecs_role_name": "EcsRole"}, env, http)


def test_ecs_role_errors(env):
    http = ScriptedHttp(*imds_v2(role="Missing", answer=(404, b"Not Found")))
    with pytest.raises(ConfigurationError, match="option ecs_role_name: the RAM role it names is not attached") as info:
        resolve({"ecs_role_name": "Missing"}, env, http)
    assert "Missing" not in str(info.value)  # a value given by the user is not echoed (issue 18.7)
    http = ScriptedHttp(*imds_v2(answer=(200, json.dumps({"Code": "Failed"}).encode())))
    with pytest.raises(ConfigurationError, match="did not give the credentials"):
        resolve({"ecs_role_name": "EcsRole"}, env, http)
    http = ScriptedHttp(Step("PUT", MD + "/latest/api/token", IOError("ConnectTimeout")),
                        Step("GET", MD + ecs_role.EcsRoleSource.PATH + "EcsRole", IOError("ConnectTimeout")))
    with pytest.raises(ConfigurationError, match="works only on an ECS instance"):
        resolve({"ecs_role_name": "EcsRole"}, env, http)


def test_ecs_role_from_environment_and_metadata_endpoint_default(env):
    del env["ALICLOUD_ECS_METADATA_ENDPOINT"]
    env["ALIBABA_CLOUD_ECS_METADATA"] = "EnvRole"
    http = ScriptedHttp(*imds_v2(role="EnvRole", base="http://100.100.100.200"))
    assert resolve({}, env, http).source == "ECS RAM role EnvRole"


def test_metadata_is_never_probed_implicitly(env):
    http = ScriptedHttp()
    with pytest.raises(ConfigurationError, match="No Alibaba Cloud credentials found"):
        resolve({}, env, http)
    assert not http.sent


# ============================================================================ credentials.ini
def test_ini_default_section_access_key(env, tmp_path):
    env["ALIBABA_CLOUD_CREDENTIALS_FILE"] = write_ini(tmp_path, "[default]\nenable = true\ntype = access_key\n"
                                                      "access_key_id = %s\naccess_key_secret = %s\n" % (AK, SECRET))
    creds = resolve({}, env, ScriptedHttp())
    assert (creds.access_key_id, creds.access_key_secret, creds.security_token) == (AK, SECRET, None)
    assert "section [default]" in creds.source


def test_ini_default_path_and_profile_variable(env, tmp_path):
    (tmp_path / ".alibabacloud").mkdir()
    write_ini(tmp_path, "[default]\naccess_key_id = nope\naccess_key_secret = nope\n[prod]\ntype = access_key\n"
                        "access_key_id = %s\naccess_key_secret = %s\n" % (AK, SECRET), ".alibabacloud/credentials.ini")
    env["ALIBABA_CLOUD_PROFILE"] = "prod"
    assert resolve({}, env, ScriptedHttp()).access_key_id == AK


def test_ini_ram_role_arn_and_ecs_ram_role(env, tmp_path):
    env["ALIBABA_CLOUD_CREDENTIALS_FILE"] = write_ini(tmp_path, (
        "[default]\ntype = ram_role_arn\naccess_key_id = %s\naccess_key_secret = %s\nrole_arn = %s\n"
        "role_session_name = ini-session\n[ecs]\ntype = ecs_ram_role\nrole_name = EcsRole\n") % (AK, SECRET, ROLE))
    env["ALICLOUD_STS_ENDPOINT"] = "http://127.0.0.1:8099"
    http = ScriptedHttp(Step("GET", "http://127.0.0.1:8099/", sts_answer(),
                             signed_sts(SECRET, RoleArn=ROLE, RoleSessionName="ini-session")))
    assert resolve({}, env, http).access_key_id == TMP_AK
    http = ScriptedHttp(*imds_v2())
    assert resolve({"profile": "ecs"}, env, http).security_token == TMP_TOKEN


def test_ini_problems(env, tmp_path):
    path = write_ini(tmp_path, "[default]\ntype = rsa_key_pair\n")
    env["ALIBABA_CLOUD_CREDENTIALS_FILE"] = path
    with pytest.raises(ConfigurationError, match="supported types are access_key, ecs_ram_role, ram_role_arn"):
        resolve({}, env, ScriptedHttp())
    write_ini(tmp_path, "[default]\nenable = false\naccess_key_id = a\naccess_key_secret = b\n")
    with pytest.raises(ConfigurationError, match="is disabled"):  # the file was named explicitly
        resolve({}, env, ScriptedHttp())
    write_ini(tmp_path, "no section header\n")
    with pytest.raises(ConfigurationError, match="is not a valid INI file"):
        resolve({}, env, ScriptedHttp())
    env["ALIBABA_CLOUD_CREDENTIALS_FILE"] = str(tmp_path / "missing.ini")
    with pytest.raises(ConfigurationError, match="missing.ini does not exist"):
        resolve({}, env, ScriptedHttp())


def test_ini_readable_by_others_warns(env, tmp_path):
    env["ALIBABA_CLOUD_CREDENTIALS_FILE"] = write_ini(
        tmp_path, "[default]\naccess_key_id = %s\naccess_key_secret = %s\n" % (AK, SECRET), mode=0o644)
    warnings = []
    resolve({}, env, ScriptedHttp(), warnings)
    assert any("chmod 600" in w for w in warnings)


# ============================================================================ aliyun CLI modes
def test_cli_ram_role_arn_profile(env, tmp_path):
    path = write_cli(tmp_path, [{"name": "role", "mode": "RamRoleArn", "access_key_id": AK, "access_key_secret": SECRET,
                                 "ram_role_arn": ROLE, "ram_session_name": "cli-session", "expired_seconds": 1800,
                                 "sts_region": "cn-shanghai"}])
    http = ScriptedHttp(Step("GET", "https://sts.cn-shanghai.aliyuncs.com/", sts_answer(),
                             signed_sts(SECRET, RoleArn=ROLE, RoleSessionName="cli-session", DurationSeconds=1800)))
    creds = resolve({"shared_credentials_file": path}, env, http)
    assert creds.access_key_id == TMP_AK and SECRET in creds.secrets
    # an explicit sts_endpoint outranks the profile's sts_region (how tests reach a local STS)
    http = ScriptedHttp(Step("GET", "http://127.0.0.1:8099/", sts_answer(), signed_sts(SECRET)))
    resolve({"shared_credentials_file": path, "sts_endpoint": "http://127.0.0.1:8099"}, env, http)


def test_cli_ecs_ram_role_profile_discovers_the_role(env, tmp_path):
    path = write_cli(tmp_path, [{"name": "ecs", "mode": "EcsRamRole", "ram_role_name": ""}])
    http = ScriptedHttp(*imds_v2(role="Found", discover=True))
    assert resolve({"shared_credentials_file": path}, env, http).source == "ECS RAM role Found"
    path = write_cli(tmp_path, [{"name": "ecs", "mode": "EcsRamRole", "ram_role_name": "EcsRole"}])
    assert resolve({"shared_credentials_file": path}, env, ScriptedHttp(*imds_v2())).access_key_id == TMP_AK


@pytest.mark.parametrize("entry, phrase", [
    ({"mode": "RamRoleArn", "access_key_id": AK, "access_key_secret": SECRET}, "has mode RamRoleArn but no ram_role_arn"),
    ({"mode": "RamRoleArn", "ram_role_arn": ROLE}, "has no access_key_id / access_key_secret"),
    ({"mode": "RamRoleArn", "access_key_id": AK, "access_key_secret": SECRET, "ram_role_arn": ROLE,
      "expired_seconds": 60}, "between 900 and 43200"),
    ({"mode": "OIDC"}, "supported modes are AK, StsToken, RamRoleArn, EcsRamRole"),
])
def test_cli_profile_problems(env, tmp_path, entry, phrase):
    path = write_cli(tmp_path, [dict(entry, name="p")])
    with pytest.raises(ConfigurationError, match=phrase):
        resolve({"shared_credentials_file": path}, env, ScriptedHttp())


# ============================================================================ order of the chain
def test_chain_order(env, tmp_path):
    cli = write_cli(tmp_path, [{"name": "cur", "mode": "AK", "access_key_id": "cli", "access_key_secret": "s-cli"}])
    env["ALIBABA_CLOUD_CREDENTIALS_FILE"] = write_ini(tmp_path, "[default]\naccess_key_id = ini\n"
                                                                "access_key_secret = s-ini\n")
    env["ALICLOUD_SHARED_CREDENTIALS_FILE"] = cli
    full = dict(env, ALICLOUD_ACCESS_KEY="ali", ALICLOUD_SECRET_KEY="s-ali", ALIBABA_CLOUD_ACCESS_KEY_ID="sdk",
                ALIBABA_CLOUD_ACCESS_KEY_SECRET="s-sdk", ALICLOUD_ECS_ROLE_NAME="EnvRole")
    opts = {"access_key_id": "opt", "access_key_secret": "s-opt"}
    assert resolve(dict(opts, ecs_role_name="EcsRole"), full, ScriptedHttp()).access_key_id == "opt"
    assert resolve({"ecs_role_name": "EcsRole"}, full, ScriptedHttp(*imds_v2())).source == "ECS RAM role EcsRole"
    assert resolve({}, full, ScriptedHttp()).access_key_id == "ali"
    del full["ALICLOUD_ACCESS_KEY"], full["ALICLOUD_SECRET_KEY"]
    assert resolve({}, full, ScriptedHttp()).access_key_id == "sdk"
    del full["ALIBABA_CLOUD_ACCESS_KEY_ID"], full["ALIBABA_CLOUD_ACCESS_KEY_SECRET"]
    assert resolve({}, full, ScriptedHttp(*imds_v2(role="EnvRole"))).source == "ECS RAM role EnvRole"
    del full["ALICLOUD_ECS_ROLE_NAME"]
    assert resolve({}, full, ScriptedHttp()).access_key_id == "cli"
    os.unlink(cli)
    assert resolve({}, full, ScriptedHttp()).access_key_id == "ini"


def test_explicit_profile_cli_file_then_ini_file(env, tmp_path):
    cli = write_cli(tmp_path, [{"name": "a", "mode": "AK", "access_key_id": "cli-a", "access_key_secret": "s"}])
    env["ALIBABA_CLOUD_CREDENTIALS_FILE"] = write_ini(tmp_path, "[a]\naccess_key_id = ini-a\naccess_key_secret = s\n"
                                                                "[b]\naccess_key_id = ini-b\naccess_key_secret = s\n")
    env["ALICLOUD_ACCESS_KEY"], env["ALICLOUD_SECRET_KEY"] = "env", "s-env"  # an explicit profile outranks them
    assert resolve({"profile": "a", "shared_credentials_file": cli}, env, ScriptedHttp()).access_key_id == "cli-a"
    assert resolve({"profile": "b", "shared_credentials_file": cli}, env, ScriptedHttp()).access_key_id == "ini-b"
    with pytest.raises(ConfigurationError) as info:
        resolve({"profile": "c", "shared_credentials_file": cli}, env, ScriptedHttp())
    assert "The profile named by option profile is not in any credentials file" in str(info.value)
    assert "profiles there: a" in str(info.value) and "sections there: a, b" in str(info.value)


def test_role_profile_with_assume_role_arn_chains_roles(env, tmp_path):
    """A RamRoleArn profile gives a role's key, which then assumes assume_role_arn (role chaining)."""
    path = write_cli(tmp_path, [{"name": "role", "mode": "RamRoleArn", "access_key_id": AK, "access_key_secret": SECRET,
                                 "ram_role_arn": ROLE}])
    second = "acs:ram::1234567890123456:role/second"
    http = ScriptedHttp(
        Step("GET", "https://sts.aliyuncs.com/", sts_answer(), signed_sts(SECRET, RoleArn=ROLE)),
        Step("GET", "https://sts.aliyuncs.com/", sts_answer("STS.Second", "SecondSecret00001", "SecondTok"),
             signed_sts(TMP_SECRET, RoleArn=second, SecurityToken=TMP_TOKEN, AccessKeyId=TMP_AK)))
    creds = resolve({"shared_credentials_file": path, "assume_role_arn": second}, env, http)
    assert creds.access_key_id == "STS.Second"
    assert {SECRET, TMP_SECRET, TMP_TOKEN, "SecondSecret00001", "SecondTok"} <= set(creds.secrets)


# ============================================================================ values never echoed (issue 18.7)
LEAK = "LeakedSecretValue0xA1B2C3D4E5"  # a secret put in the wrong field


def _no_leak(text):
    assert LEAK not in text and LEAK[:12] not in text, text


def test_access_key_id_without_secret_is_not_echoed(env, tmp_path):
    with pytest.raises(ConfigurationError) as info:
        resolve({"access_key_id": LEAK}, env, ScriptedHttp())
    assert "an access key id was given without its access key secret" in str(info.value)
    _no_leak(str(info.value))
    path = write_cli(tmp_path, [{"name": "p", "mode": "AK", "access_key_id": LEAK}])
    with pytest.raises(ConfigurationError) as info:
        resolve({"shared_credentials_file": path}, env, ScriptedHttp())
    assert "was given without its access key secret" in str(info.value)
    _no_leak(str(info.value))


def test_profile_option_value_is_not_echoed(env, tmp_path):
    cli = write_cli(tmp_path, [{"name": "a", "mode": "AK", "access_key_id": "cli-a", "access_key_secret": "s"}])
    with pytest.raises(ConfigurationError) as info:
        resolve({"profile": LEAK, "shared_credentials_file": cli}, env, ScriptedHttp())
    text = str(info.value)
    assert "The profile named by option profile is not in any credentials file" in text
    assert "profiles there: a" in text
    _no_leak(text)
    env["ALIBABA_CLOUD_PROFILE"] = LEAK
    with pytest.raises(ConfigurationError) as info:
        resolve({"shared_credentials_file": cli}, env, ScriptedHttp())
    assert "The profile named by ALIBABA_CLOUD_PROFILE is not in any credentials file" in str(info.value)
    _no_leak(str(info.value))


def test_profile_named_by_option_is_not_echoed_in_its_own_errors(env, tmp_path):
    cli = write_cli(tmp_path, [{"name": LEAK, "mode": "StsToken", "access_key_id": AK, "access_key_secret": SECRET}])
    with pytest.raises(ConfigurationError) as info:
        resolve({"profile": LEAK, "shared_credentials_file": cli}, env, ScriptedHttp())
    assert "the profile named by option profile in %s has mode StsToken but no sts_token" % cli in str(info.value)
    _no_leak(str(info.value))


def test_mode_and_type_values_are_not_echoed(env, tmp_path):
    path = write_cli(tmp_path, [{"name": "p", "mode": LEAK}])
    with pytest.raises(ConfigurationError) as info:
        resolve({"shared_credentials_file": path}, env, ScriptedHttp())
    assert "field mode" in str(info.value) and "supported modes are AK, StsToken" in str(info.value)
    _no_leak(str(info.value))
    env["ALIBABA_CLOUD_CREDENTIALS_FILE"] = write_ini(tmp_path, "[default]\ntype = %s\nenable = %s\n" % (LEAK, "true"))
    with pytest.raises(ConfigurationError) as info:
        resolve({}, env, ScriptedHttp())
    assert "field type" in str(info.value) and "supported types are access_key" in str(info.value)
    _no_leak(str(info.value))
    write_ini(tmp_path, "[default]\nenable = %s\n" % LEAK)
    with pytest.raises(ConfigurationError, match="is disabled") as info:
        resolve({}, env, ScriptedHttp())
    _no_leak(str(info.value))


@pytest.mark.parametrize("extra", [
    {"assume_role_arn": LEAK},
    {"assume_role_session_name": LEAK + " x"},
    {"sts_endpoint": "http://ram-user:%s@127.0.0.1:8099" % LEAK},
    {"sts_endpoint": "https://ram-user:%s@sts.aliyuncs.com" % LEAK},
])
def test_role_inputs_are_not_echoed(env, extra):
    params = dict({"access_key_id": AK, "access_key_secret": SECRET, "assume_role_arn": ROLE}, **extra)
    with pytest.raises(ConfigurationError) as info:
        resolve(params, env, ScriptedHttp())
    _no_leak(str(info.value))
    if "sts_endpoint" in extra:
        assert "sts_endpoint" in str(info.value) and "user name or password" in str(info.value)


def test_sts_endpoint_from_the_environment_shows_no_password(env):
    env["ALICLOUD_STS_ENDPOINT"] = "http://u:%s@127.0.0.1:8099" % LEAK
    with pytest.raises(ConfigurationError) as info:
        resolve({"access_key_id": AK, "access_key_secret": SECRET, "assume_role_arn": ROLE}, env, ScriptedHttp())
    assert "ALICLOUD_STS_ENDPOINT" in str(info.value)
    _no_leak(str(info.value))


def test_metadata_endpoint_value_is_not_echoed(env):
    env["ALICLOUD_ECS_METADATA_ENDPOINT"] = "http://u:%s@100.100.100.200" % LEAK
    with pytest.raises(ConfigurationError) as info:
        resolve({"ecs_role_name": "EcsRole"}, env, ScriptedHttp())
    assert "ALICLOUD_ECS_METADATA_ENDPOINT" in str(info.value)
    _no_leak(str(info.value))


# ============================================================================ files checked as StrictModes does (18.11)
def _cli_at(path, mode=0o600):
    path.write_text(json.dumps({"current": "p", "profiles": [
        {"name": "p", "mode": "AK", "access_key_id": AK, "access_key_secret": SECRET}]}))
    os.chmod(str(path), mode)
    return str(path)


@pytest.mark.parametrize("mode, words, refused", [
    (0o600, None, False),
    (0o400, None, False),
    (0o640, "can be read by its group (mode 0o640)", False),
    (0o644, "can be read by other users (mode 0o644)", False),
    (0o604, "can be read by other users (mode 0o604)", False),
    (0o620, "can be changed by its group (mode 0o620)", True),
    (0o602, "can be changed by other users (mode 0o602)", True),
    (0o666, "can be changed by its group and by other users (mode 0o666)", True),
])
def test_file_modes_are_worded_truly(env, tmp_path, mode, words, refused):
    path = _cli_at(tmp_path / "config.json", mode)
    warnings = []
    if refused:
        with pytest.raises(ConfigurationError) as info:
            resolve({"shared_credentials_file": path}, env, ScriptedHttp(), warnings)
        assert words in str(info.value) and "chmod 600 %s" % path in str(info.value)
        assert "read by" not in str(info.value)
    else:
        assert resolve({"shared_credentials_file": path}, env, ScriptedHttp(), warnings).access_key_id == AK
        if words:
            assert len(warnings) == 1 and words in warnings[0] and "chmod 600 %s" % path in warnings[0], warnings
        else:
            assert warnings == []


def test_file_in_a_directory_others_can_change_is_refused(env, tmp_path):
    folder = tmp_path / "shared"
    folder.mkdir()
    path = _cli_at(folder / "config.json")
    os.chmod(str(folder), 0o777)
    try:
        with pytest.raises(ConfigurationError) as info:
            resolve({"shared_credentials_file": path}, env, ScriptedHttp())
    finally:
        os.chmod(str(folder), 0o700)
    text = str(info.value)
    assert "directory %s" % folder in text and "can be changed by its group and by other users (mode 0o777)" in text
    assert "chmod go-w %s" % folder in text
    os.chmod(str(folder), 0o1777)  # sticky, owned by us: others cannot replace our file (like /tmp)
    assert resolve({"shared_credentials_file": path}, env, ScriptedHttp()).access_key_id == AK


def test_the_walk_stops_at_home(env, tmp_path, monkeypatch):
    """Directories above the home directory are not the user's business (OpenSSH stops there too)."""
    home = tmp_path / "home"
    (home / ".aliyun").mkdir(parents=True)
    path = _cli_at(home / ".aliyun" / "config.json")
    monkeypatch.setenv("HOME", str(home))
    os.chmod(str(tmp_path), 0o777)
    try:
        assert resolve({"shared_credentials_file": path}, env, ScriptedHttp()).access_key_id == AK
    finally:
        os.chmod(str(tmp_path), 0o700)


class _Stat:
    """A stat result with some fields changed (another owner), the rest as they are."""

    def __init__(self, real, **changes):
        self._real, self._changes = real, changes

    def __getattr__(self, name):
        return self._changes[name] if name in self._changes else getattr(self._real, name)


def test_file_owned_by_another_user_is_refused(env, tmp_path, monkeypatch):
    path = _cli_at(tmp_path / "config.json")
    real_fstat = os.fstat
    monkeypatch.setattr(cred_base.os, "fstat", lambda fd: _Stat(real_fstat(fd), st_uid=os.getuid() + 4321))
    with pytest.raises(ConfigurationError) as info:
        resolve({"shared_credentials_file": path}, env, ScriptedHttp())
    assert "is owned by another user (uid %d)" % (os.getuid() + 4321) in str(info.value)


def test_symlink_to_another_users_file_is_refused(env, tmp_path, monkeypatch):
    target = _cli_at(tmp_path / "theirs.json")
    link = tmp_path / "config.json"
    link.symlink_to(target)
    real_fstat, uid = os.fstat, os.getuid()
    monkeypatch.setattr(cred_base.os, "fstat", lambda fd: _Stat(real_fstat(fd), st_uid=uid + 1))
    with pytest.raises(ConfigurationError) as info:
        resolve({"shared_credentials_file": str(link)}, env, ScriptedHttp())
    assert "%s is a symbolic link to %s, which is owned by another user" % (link, target) in str(info.value)
    monkeypatch.setattr(cred_base.os, "fstat", real_fstat)
    real_lstat = os.lstat
    monkeypatch.setattr(cred_base.os, "lstat", lambda name: _Stat(real_lstat(name), st_uid=uid + 1))
    with pytest.raises(ConfigurationError) as info:  # the link itself is someone else's
        resolve({"shared_credentials_file": str(link)}, env, ScriptedHttp())
    assert "%s is a symbolic link that is owned by another user" % link in str(info.value)
    monkeypatch.setattr(cred_base.os, "lstat", real_lstat)
    assert resolve({"shared_credentials_file": str(link)}, env, ScriptedHttp()).access_key_id == AK


def test_directory_owned_by_another_user_is_refused(env, tmp_path, monkeypatch):
    folder = tmp_path / "theirs"
    folder.mkdir()
    path = _cli_at(folder / "config.json")
    real_stat, uid = os.stat, os.getuid()

    def fake_stat(name, *args, **kwargs):
        st = real_stat(name, *args, **kwargs)
        return _Stat(st, st_uid=uid + 1) if str(name) == str(folder) else st
    monkeypatch.setattr(cred_base.os, "stat", fake_stat)
    with pytest.raises(ConfigurationError) as info:
        resolve({"shared_credentials_file": path}, env, ScriptedHttp())
    assert "directory %s" % folder in str(info.value) and "owned by another user" in str(info.value)


@pytest.mark.parametrize("field", ["access_key_id", "access_key_secret", "sts_token", "ram_role_arn"])
def test_a_number_in_a_text_field_names_the_field(env, tmp_path, field):
    entry = {"name": "p", "mode": "StsToken" if field == "sts_token" else "AK", "access_key_id": AK,
             "access_key_secret": SECRET, "sts_token": TOKEN}
    if field == "ram_role_arn":
        entry["mode"] = "RamRoleArn"
    entry[field] = 123456789012345
    path = write_cli(tmp_path, [entry])
    with pytest.raises(ConfigurationError) as info:
        resolve({"shared_credentials_file": path}, env, ScriptedHttp())
    text = str(info.value)
    assert "field %s" % field in text and "not a number" in text and "123456789012345" not in text


def test_profiles_that_are_not_a_list_are_a_clear_error(env, tmp_path):
    path = tmp_path / "config.json"
    path.write_text(json.dumps({"current": "p", "profiles": 7}))
    os.chmod(str(path), 0o600)
    with pytest.raises(ConfigurationError, match="profiles"):
        resolve({"shared_credentials_file": str(path)}, env, ScriptedHttp())


def test_metadata_answer_with_numbers_names_the_field(env):
    answer = (200, json.dumps({"Code": "Success", "AccessKeyId": TMP_AK, "AccessKeySecret": 12345678,
                               "SecurityToken": TMP_TOKEN}).encode())
    with pytest.raises(ConfigurationError, match="AccessKeySecret") as info:
        resolve({"ecs_role_name": "EcsRole"}, env, ScriptedHttp(*imds_v2(answer=answer)))
    assert "12345678" not in str(info.value)


# ============================================================================ real HTTP on loopback (18.9, 18.10)
class _Drip(LoopbackServer):
    """A loopback server that sends the status line and headers at once, then one byte every 0.8 s (for at
    most ``limit`` seconds, so that a client without a total deadline still ends); counts connections."""

    def __init__(self, limit=12.0):
        self.limit = limit
        LoopbackServer.__init__(self)

    def handle(self, conn):
        import time as _time
        if read_head(conn) is None:
            return
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n")
        end = _time.time() + self.limit
        while _time.time() < end and not self.stop.is_set():
            _time.sleep(0.8)
            conn.sendall(b" ")


@pytest.fixture
def drip():
    servers = []

    def make(proxy=False, **kwargs):
        servers.append(RecordingProxy() if proxy else _Drip(**kwargs))
        return servers[-1]
    yield make
    for server in servers:
        server.close()


def test_assume_role_is_bounded_by_a_total_deadline(env, drip):
    import time as _time
    server = drip()
    env["ALICLOUD_STS_ENDPOINT"] = server.url
    params = {"access_key_id": AK, "access_key_secret": SECRET, "assume_role_arn": ROLE, "timeout": 1.0,
              "connect_timeout": 1.0, "max_retries": 0}
    started = _time.time()
    with pytest.raises(ApiError) as info:
        cr.resolve_credentials(params, env=env, warnings=[])
    elapsed = _time.time() - started
    assert elapsed < 2.0 + 1.0, elapsed  # the deadline is connect_timeout + timeout
    assert "AssumeRole failed: ConnectionError" in str(info.value) and "within 2 s" in str(info.value)
    assert "Signature" not in str(info.value) and AK not in str(info.value)


def test_metadata_calls_are_bounded_by_a_total_deadline(env, drip):
    import time as _time
    server = drip()
    env["ALICLOUD_ECS_METADATA_ENDPOINT"] = server.url
    started = _time.time()
    with pytest.raises(ConfigurationError, match="works only on an ECS instance"):
        cr.resolve_credentials({"ecs_role_name": "EcsRole"}, env=env, warnings=[])
    elapsed = _time.time() - started
    assert elapsed < 2 * 2.0 + 1.0, elapsed  # token (IMDSv2) then the role: 1 + 1 s each at most
    assert server.accepted == 2


def test_sts_on_loopback_never_goes_through_a_proxy(env, drip, monkeypatch):
    proxy = drip(proxy=True)
    sts = "http://127.0.0.1:%d" % _free_port()
    for name in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.setenv(name, proxy.url)
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    env["ALICLOUD_STS_ENDPOINT"] = sts
    with pytest.raises(ApiError, match="AssumeRole failed: ConnectionError"):  # nothing listens there
        cr.resolve_credentials({"access_key_id": AK, "access_key_secret": SECRET, "assume_role_arn": ROLE,
                                "timeout": 1.0, "connect_timeout": 1.0}, env=env, warnings=[])
    assert proxy.accepted == 0 and proxy.lines == []


def _free_port():
    import socket
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


def test_a_discovered_role_name_is_shown(env):
    http = ScriptedHttp(*imds_v2(role="Found", discover=True, answer=(404, b"")))
    path = write_cli(__import__("pathlib").Path(env["HOME"]), [{"name": "ecs", "mode": "EcsRamRole"}])
    with pytest.raises(ConfigurationError, match="RAM role 'Found' \\(the one attached\\) is not attached"):
        resolve({"shared_credentials_file": path}, env, http)


def test_a_link_in_a_directory_others_can_change_is_refused(env, tmp_path):
    """The target is safe, but the link sits where someone else could replace it."""
    target = _cli_at(tmp_path / "safe.json")
    folder = tmp_path / "open"
    folder.mkdir()
    link = folder / "config.json"
    link.symlink_to(target)
    os.chmod(str(folder), 0o777)
    try:
        with pytest.raises(ConfigurationError) as info:
            resolve({"shared_credentials_file": str(link)}, env, ScriptedHttp())
    finally:
        os.chmod(str(folder), 0o700)
    assert "directory %s can be changed by its group and by other users" % folder in str(info.value)
    assert resolve({"shared_credentials_file": str(link)}, env, ScriptedHttp()).access_key_id == AK
