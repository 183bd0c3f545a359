# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Wrong input is refused before any API call, with a message that says what to fix."""

from __future__ import absolute_import, division, print_function

import json
import os

import pytest

from .conftest import DEMO_AK, DEMO_SECRET, PROFILE_A

C = dict(domain_name="old-brand.xyz", registrant_profile_id=PROFILE_A)  # a good contact run
M = dict(domains=["old-brand.xyz", "zhangsan.cn"], registrant_profile_id=PROFILE_A)  # a good contacts run
NOCREDS = {"access_key_id": None, "access_key_secret": None}

# (id, module, args, distinctive phrase of the message)
CASES = [
    ("empty-domain", "contact", dict(C, domain_name=""), "must be a domain name such as example.com"),
    ("blank-domain", "contact", dict(C, domain_name="   "), "must be a domain name such as example.com"),
    ("no-tld", "contact", dict(C, domain_name="localhost"), "needs at least a name and a top-level domain"),
    ("url-domain", "contact", dict(C, domain_name="https://example.com/"), "no spaces, URLs, ports"),
    ("space-domain", "contact", dict(C, domain_name="exa mple.com"), "no spaces, URLs, ports"),
    ("email-domain", "contact", dict(C, domain_name="ops@example.com"), "e-mail addresses"),
    ("hyphen-label", "contact", dict(C, domain_name="-bad-.com"), "each dot-separated label must be 1-63"),
    ("long-label", "contact", dict(C, domain_name="a" * 64 + ".com"), "is not a valid (internationalised) domain"),
    ("empty-label", "contact", dict(C, domain_name="example..com"), "is not a valid (internationalised) domain"),
    ("underscore", "contact", dict(C, domain_name="my_site.com"), "each dot-separated label"),
    ("contact-type", "contact", dict(C, contact_type="owner"), "contact_type must be one of: registrant"),
    ("profile-zero", "contact", dict(C, registrant_profile_id=0), "registrant_profile_id must be a positive integer"),
    ("profile-negative", "contact", dict(C, registrant_profile_id=-7),
     "registrant_profile_id must be a positive integer"),
    ("profile-text", "contact", dict(C, registrant_profile_id="abc"), "registrant_profile_id"),
    ("lock-on-admin", "contact", dict(C, contact_type="admin", transfer_lock=True),
     "transfer_lock only applies to a registrant change"),
    ("ftp-endpoint", "contact", dict(C, endpoint="ftp://domain.aliyuncs.com"), "the scheme must be https"),
    ("http-remote", "contact", dict(C, endpoint="http://domain.aliyuncs.com"), "allow_http=true"),
    ("endpoint-path", "contact", dict(C, endpoint="https://domain.aliyuncs.com/api"), "must not have a path"),
    ("endpoint-nohost", "contact", dict(C, endpoint="https://:443"), "has no valid host name"),
    ("endpoint-port", "contact", dict(C, endpoint="https://domain.aliyuncs.com:99999"), "is not a valid URL"),
    ("endpoint-port0", "contact", dict(C, endpoint="https://domain.aliyuncs.com:0"), "port 0 is not a valid port"),
    ("endpoint-userinfo", "contact", dict(C, endpoint="https://user:pw@domain.aliyuncs.com"), "user name or password"),
    ("sigver", "contact", dict(C, signature_version="v2"), "signature_version must be one of: v3, v1"),
    ("no-creds", "contact", dict(C, **NOCREDS), "No Alibaba Cloud credentials found"),
    ("id-only", "contact", dict(C, access_key_secret=None), "was given without its access key secret"),
    ("secret-only", "contact", dict(C, access_key_id=None), "an access key secret was given without an access key id"),
    ("token-only", "contact", dict(C, security_token="TokenWithoutKeyPair0001", **NOCREDS),
     "a security token was given without an access key id and secret"),
    ("profile-file-missing", "contact", dict(C, profile="prod", shared_credentials_file="/nonexistent/config.json",
                                             **NOCREDS), "does not exist"),
    ("profile-file-directory", "contact", dict(C, shared_credentials_file="{tmp}", **NOCREDS),
     "Cannot read credentials file"),
    ("profile-file-json", "contact", dict(C, shared_credentials_file="{tmp}/broken.json", **NOCREDS),
     "is not valid JSON"),
    ("profile-unknown", "contact", dict(C, profile="staging", shared_credentials_file="{tmp}/config.json", **NOCREDS),
     "The profile named by option profile is not in"),
    ("profile-mode", "contact", dict(C, profile="oidc", shared_credentials_file="{tmp}/config.json", **NOCREDS),
     "supported modes are AK, StsToken, RamRoleArn, EcsRamRole"),
    ("profile-role-no-arn", "contact", dict(C, profile="role", shared_credentials_file="{tmp}/config.json",
                                            **NOCREDS), "has mode RamRoleArn but no ram_role_arn"),
    ("assume-role-duration", "contact", dict(C, assume_role_arn="acs:ram::1:role/r", assume_role_duration=60),
     "between 900 and 3600"),
    ("assume-role-arn", "contact", dict(C, assume_role_arn="role/r"), "is not of the form acs:ram::"),
    ("sts-endpoint-http", "contact", dict(C, assume_role_arn="acs:ram::1:role/r", sts_endpoint="http://sts.example.com"),
     "sts_endpoint: endpoint"),
    ("profile-sts-no-token", "contact", dict(C, profile="sts", shared_credentials_file="{tmp}/config.json",
                                             **NOCREDS), "has mode StsToken but no sts_token"),
    ("timeout-zero", "contact", dict(C, timeout=0), "timeout must be between 1 and 600"),
    ("timeout-absurd", "contact", dict(C, timeout=86400), "timeout must be between 1 and 600"),
    ("connect-timeout", "contact", dict(C, connect_timeout=-1), "connect_timeout must be between 1 and 120"),
    ("max-retries", "contact", dict(C, max_retries=1000), "max_retries must be between 0 and 20"),
    ("wait-timeout", "contact", dict(C, wait=True, wait_timeout=0), "wait_timeout must be between 1 and 86400"),
    ("poll-interval", "contact", dict(C, wait=True, poll_interval=0), "poll_interval must be between"),
    ("client-ip", "contact", dict(C, user_client_ip="999.1.1.1"), "user_client_ip must be an IPv4 or IPv6 address"),
    ("client-ip-name", "contact", dict(C, user_client_ip="my-laptop"), "user_client_ip must be an IPv4 or IPv6"),
    ("lang", "contact", dict(C, lang="fr"), "lang must be one of: en, zh"),
    ("bulk-concurrency-0", "contacts", dict(M, concurrency=0), "concurrency must be between 1 and 64"),
    ("bulk-concurrency-big", "contacts", dict(M, concurrency=5000), "concurrency must be between 1 and 64"),
    ("bulk-batch-0", "contacts", dict(M, batch_size=0), "batch_size must be between 1 and 1000"),
    ("bulk-batch-big", "contacts", dict(M, batch_size=100000), "batch_size must be between 1 and 1000"),
    ("bulk-max-rate", "contacts", dict(M, max_rate=0), "max_rate must be between 0.1"),
    ("bulk-one-bad-domain", "contacts", dict(M, domains=["old-brand.xyz", "bad domain.com"]), "not a domain name"),
    ("bulk-both-selectors", "contacts", dict(M, domain_filter={}), "mutually exclusive"),
    ("bulk-no-selector", "contacts", dict(registrant_profile_id=PROFILE_A), "one of the following is required"),
    ("bulk-contact-type", "contacts", dict(M, contact_types=["owner"]), "contact_types"),
    ("bulk-lock-on-tech", "contacts", dict(M, contact_types=["tech"], transfer_lock=True), "transfer_lock only applies"),
    ("bulk-filter-key", "contacts", dict(registrant_profile_id=PROFILE_A, domain_filter={"colour": "blue"}),
     "unknown domain filter"),
    ("info-domain", "contact_info", dict(domain_name="not a domain"), "not a domain name"),
    ("info-contact-type", "contact_info", dict(domain_name="old-brand.xyz", contact_types=["owner"]), "contact_types"),
]


def _files(tmp):
    (tmp / "broken.json").write_text("{not json")
    config = {"current": "default", "profiles": [
        {"name": "default", "mode": "AK", "access_key_id": DEMO_AK, "access_key_secret": DEMO_SECRET},
        {"name": "role", "mode": "RamRoleArn", "access_key_id": DEMO_AK, "access_key_secret": DEMO_SECRET},
        {"name": "sts", "mode": "StsToken", "access_key_id": DEMO_AK, "access_key_secret": DEMO_SECRET},
        {"name": "oidc", "mode": "OIDC"}]}
    (tmp / "config.json").write_text(json.dumps(config))
    os.chmod(str(tmp / "config.json"), 0o600)


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_bad_input_refused_before_any_call(run_main, emu, tmp_path, case):
    _name, module, args, phrase = case
    _files(tmp_path)
    args = dict((k, v.replace("{tmp}", str(tmp_path)) if isinstance(v, str) else v) for k, v in args.items())
    creds = {}
    for key in ("access_key_id", "access_key_secret"):
        if key in args and args[key] is None:
            del args[key]
            creds[key] = False
    if creds.get("access_key_id") and creds.get("access_key_secret"):
        result = run_main(module, args, creds=False)
    elif creds:
        if "access_key_id" not in creds:
            args.setdefault("access_key_id", DEMO_AK)
        if "access_key_secret" not in creds:
            args.setdefault("access_key_secret", DEMO_SECRET)
        result = run_main(module, args, creds=False)
    else:
        result = run_main(module, args)
    assert result.get("failed"), result
    assert phrase in result["msg"], result["msg"]
    assert "Traceback" not in run_main.output
    assert emu.calls() == [], emu.calls()


def test_the_table_is_big_enough():
    assert len(CASES) >= 30


# a secret pasted into the wrong field (or into a URL) is refused without being shown (issue 18.7)
PASTED = "PastedSecretQq7Ww3Ee9Rr1Tt5"
ECHO_CASES = [
    ("id-is-a-secret", dict(C, access_key_id=PASTED), True, "was given without its access key secret"),
    ("profile-is-a-secret", dict(C, profile=PASTED, shared_credentials_file="{tmp}/config.json"), True,
     "The profile named by option profile is not in any credentials file"),
    ("mode-is-a-secret", dict(C, profile="pasted", shared_credentials_file="{tmp}/config.json"), True,
     "has a mode (field mode) that is not supported"),
    ("role-arn-is-a-secret", dict(C, assume_role_arn=PASTED), False, "the role ARN is not of the form"),
    ("sts-endpoint-userinfo", dict(C, assume_role_arn="acs:ram::1:role/r",
                                   sts_endpoint="http://ram:%s@127.0.0.1:9" % PASTED), False,
     "sts_endpoint: the endpoint must not hold a user name or password"),
]


@pytest.mark.parametrize("case", ECHO_CASES, ids=[c[0] for c in ECHO_CASES])
def test_a_pasted_secret_is_never_echoed(run_main, emu, tmp_path, case):
    _name, args, without_key, phrase = case
    config = {"current": "pasted", "profiles": [{"name": "pasted", "mode": PASTED}]}
    (tmp_path / "config.json").write_text(json.dumps(config))
    os.chmod(str(tmp_path / "config.json"), 0o600)
    args = dict((k, v.replace("{tmp}", str(tmp_path)) if isinstance(v, str) else v) for k, v in args.items())
    result = run_main("contact", args, creds=not without_key)
    assert result.get("failed") and phrase in result["msg"], result
    shown = json.dumps(dict((k, v) for k, v in result.items() if k != "invocation"))  # what the module says
    assert PASTED not in shown and PASTED[:12] not in shown
    assert emu.calls() == []
