# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""No secret and no STS token anywhere: every module (and the role) with -vvvv, --diff and --check,
failures provoked, credentials from options, from the environment and from an aliyun CLI file."""

from __future__ import absolute_import, division, print_function

import json
import os

import pytest

from .conftest import BIN, PROFILE_A, REPO, STS_AK, STS_SECRET, STS_TOKEN

WRONG_SECRET = "WrongSecretQq8Rr7Tt6Yy5Uu4Ii3Oo2Pp1Xx"
SEARCHED = (STS_SECRET, STS_TOKEN, WRONG_SECRET)

MODULE_TASKS = {
    "contact": {"domain_name": "old-brand.xyz", "registrant_profile_id": PROFILE_A},
    "contacts": {"domains": ["old-brand.xyz", "zhangsan.cn"], "contact_types": ["all"],
                 "registrant_profile_id": PROFILE_A},
    "contact_info": {"domain_name": "example-shop.com"},
    "domain_info": {"domain_name": "example-shop.com"},
    "registrant_profile": {"registrant_profile_id": PROFILE_A, "email": "changed@example.com"},
    "registrant_profile_info": {"registrant_profile_id": PROFILE_A},
    "task_info": {"task_nos": ["00000000-0000-0000-0000-000000000000"]},
}


def _modules():
    return sorted(p.stem for p in (REPO / "plugins" / "modules").glob("*.py") if not p.name.startswith("_"))


def _playbook(emu, source, out_file):
    auth = {"endpoint": emu.url, "max_retries": 1}
    if source == "options":
        auth.update(access_key_id=STS_AK, access_key_secret=STS_SECRET, security_token=STS_TOKEN)
    tasks, names = [], []
    for module in _modules():
        args = dict(MODULE_TASKS.get(module, {}))
        name = "m_" + module
        tasks.append({"name": name, "alicloud.domain.%s" % module: args, "register": name, "ignore_errors": True})
        names.append(name)
    # failures: a wrong secret (SignatureDoesNotMatch) and injected faults
    tasks.append({"name": "wrong_secret", "alicloud.domain.contact_info": {
        "domain_name": "example-shop.com", "access_key_id": STS_AK, "access_key_secret": WRONG_SECRET,
        "security_token": STS_TOKEN}, "register": "wrong_secret", "ignore_errors": True})
    tasks.append({"name": "arm faults", "check_mode": False, "ansible.builtin.uri": {
        "url": emu.url + "/_emulator/faults", "method": "POST", "body_format": "json",
        "body": {"faults": ["QueryContactInfo:500", "QueryRegistrantProfiles:reset_before"]}}})
    for module in ("contact", "contacts", "contact_info"):
        name = "fault_" + module
        tasks.append({"name": name, "alicloud.domain.%s" % module: dict(MODULE_TASKS[module]), "register": name,
                      "ignore_errors": True})
        names.append(name)
    tasks.append({"name": "clear faults", "check_mode": False, "ansible.builtin.uri": {
        "url": emu.url + "/_emulator/faults", "method": "DELETE"}})
    names.append("wrong_secret")
    tasks.append({"name": "save results", "check_mode": False, "ansible.builtin.copy": {
        "content": "{{ {%s} | to_json }}" % ", ".join("'%s': %s" % (n, n) for n in names), "dest": str(out_file)}})
    plays = [{"hosts": "localhost", "gather_facts": False,
              "module_defaults": {"group/alicloud.domain.all": auth}, "tasks": tasks}]
    if (REPO / "roles" / "registrant_change").is_dir():
        plays.append({"hosts": "localhost", "gather_facts": False,
                      "module_defaults": {"group/alicloud.domain.all": auth}, "tasks": [
                          {"name": "the role", "ansible.builtin.include_role": {"name": "alicloud.domain.registrant_change"},
                           "vars": {"registrant_change_domains": ["old-brand.xyz", "promo-2026.top"],
                                    "registrant_change_profile_id": PROFILE_A,
                                    "registrant_change_contact_types": ["admin"]},
                           "ignore_errors": True}]})
    return plays, names


@pytest.mark.parametrize("source", ["options", "env", "file"])
def test_no_secret_in_any_output(ansible, emu, tmp_path, source):
    out_file = tmp_path / "results.json"
    env = {}
    if source == "env":
        env = {"ALICLOUD_ACCESS_KEY": STS_AK, "ALICLOUD_SECRET_KEY": STS_SECRET, "ALICLOUD_SECURITY_TOKEN": STS_TOKEN}
    elif source == "file":
        cfg = ansible.home / ".aliyun" / "config.json"
        cfg.parent.mkdir()
        cfg.write_text(json.dumps({"current": "ci", "profiles": [
            {"name": "ci", "mode": "StsToken", "access_key_id": STS_AK, "access_key_secret": STS_SECRET,
             "sts_token": STS_TOKEN, "region_id": "cn-hangzhou"}]}))
        os.chmod(str(cfg), 0o644)  # loose on purpose: the modules must warn
    plays, names = _playbook(emu, source, out_file)
    rc, output = ansible.playbook(plays, extra=["-vvvv", "--diff", "--check"], env=env)
    assert rc == 0, output[-4000:]
    results_text = out_file.read_text()
    results = json.loads(results_text)
    calls_text = json.dumps(emu.control("GET", "/calls"))
    state_text = json.dumps(emu.state())
    for secret in SEARCHED:
        for where, text in (("output", output), ("results", results_text), ("emulator calls", calls_text),
                            ("emulator state", state_text)):
            assert secret not in text, "%s found in %s (%s)" % (secret[:6] + "...", where, source)
    # the runs did what they were meant to: reads worked, failures were provoked and clean
    assert "Traceback" not in output
    for name in names:
        assert "Traceback" not in str(results[name].get("exception", "")), name
    assert not results["m_contact_info"].get("failed"), results["m_contact_info"]
    assert results["m_contact"]["changed"] and results["m_contact"]["status"] == "would_change"
    assert "SignatureDoesNotMatch" in results["wrong_secret"]["msg"], results["wrong_secret"]
    assert "RequestId " in results["wrong_secret"]["msg"]
    assert "ConnectionError" in results["fault_contact"]["msg"]
    assert results["fault_contacts"]["failed"]
    assert "InternalError" in results["fault_contact_info"]["msg"]
    assert emu.pairs() == {}  # --check wrote nothing
    if source == "file":
        assert "can be read by other users (mode 0o644); run: chmod 600" in output, output[-3000:]
    else:
        assert "can be read by other users" not in output


def test_inventory_cache_is_private_and_holds_no_secret(ansible, emu, tmp_path):
    """A real ansible-inventory run (details: true, jsonfile cache, umask 022): the cache file, which holds
    registrant names, is 0600; neither it nor the output holds the secret or the token."""
    cache = tmp_path / "inv-cache"
    config = tmp_path / "prod.alicloud_domains.yml"
    config.write_text(json.dumps({"plugin": "alicloud.domain.domains", "endpoint": emu.url, "details": True,
                                  "cache": True, "cache_plugin": "ansible.builtin.jsonfile",
                                  "cache_connection": str(cache)}))
    env = {"ALICLOUD_ACCESS_KEY": STS_AK, "ALICLOUD_SECRET_KEY": STS_SECRET, "ALICLOUD_SECURITY_TOKEN": STS_TOKEN,
           "ANSIBLE_INVENTORY_ENABLED": "alicloud.domain.domains"}
    old = os.umask(0o022)
    try:
        rc, output = ansible._run([str(BIN / "ansible-inventory"), "-i", str(config), "--list", "-vvv"], env)
    finally:
        os.umask(old)
    assert rc == 0, output[-3000:]
    assert "example-shop.com" in output
    files = [p for p in cache.iterdir() if p.is_file()]
    assert files, output[-2000:]
    for path in files:
        assert oct(path.stat().st_mode & 0o777) == oct(0o600), (path.name, oct(path.stat().st_mode))
        text = path.read_text()
        assert "registrant_name" in text
        for secret in SEARCHED:
            assert secret not in text
    for secret in SEARCHED:
        assert secret not in output
