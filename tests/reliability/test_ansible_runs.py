# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Real ``ansible-playbook`` runs: a representative set of faults, and 50 forks on overlapping domains."""

from __future__ import absolute_import, division, print_function

import json
import os
import re
import stat
import sys

from .conftest import (BATCH, DEMO_AK, DEMO_SECRET, PROFILE_A, PROFILE_D, PROFILE_NONAUDIT, SAVE, STS_AK, STS_SECRET,
                       STS_TOKEN)


def _auth(emu):
    return {"endpoint": emu.url, "access_key_id": DEMO_AK, "access_key_secret": DEMO_SECRET, "timeout": 1,
            "max_retries": 2}


def _faults(emu, *specs):
    return {"name": "arm %s" % ", ".join(specs) if specs else "clear faults",
            "ansible.builtin.uri": {"url": emu.url + "/_emulator/faults", "method": "POST" if specs else "DELETE",
                                    "body_format": "json", "body": {"faults": list(specs)}}}


def test_faults_through_ansible_playbook(ansible, emu, tmp_path):
    out_file = tmp_path / "results.json"
    cases = [
        ("read_throttled", ["QueryContactInfo:throttle:2"], "contact",
         {"domain_name": "old-brand.xyz", "contact_type": "registrant"}),
        ("save_dropped", [SAVE + ":drop_after:1"], "contact",
         {"domain_name": "promo-2026.top", "contact_type": "admin"}),
        ("save_503", [SAVE + ":503"], "contact", {"domain_name": "zhangsan.cn", "contact_type": "tech"}),
        ("profile_reset", ["QueryRegistrantProfiles:reset_before:1"], "contact",
         {"domain_name": "wangwu.net", "contact_type": "billing"}),
        ("batch_malformed", [BATCH + ":malformed:1"], "contacts",
         {"domains": ["example-corp.com", "old-brand.xyz"], "contact_types": ["tech"], "batch_size": 5}),
        ("read_timeout", ["QueryContactInfo:slow"], "contact_info", {"domain_name": "example-shop.com"}),
    ]
    tasks = []
    for name, specs, module, args in cases:
        tasks.append(_faults(emu))
        tasks.append(_faults(emu, *specs))
        tasks.append({"name": name, "alicloud.domain.%s" % module: dict(_auth(emu), registrant_profile_id=PROFILE_A,
                                                                        **args) if module != "contact_info" else
                      dict(_auth(emu), **args), "register": name, "ignore_errors": True})
    tasks.append(_faults(emu))
    tasks.append({"name": "expire the STS token", "ansible.builtin.uri": {
        "url": emu.url + "/_emulator/sts/expire", "method": "POST", "body_format": "json",
        "body": {"access_key_id": STS_AK}}})
    tasks.append({"name": "sts_expired", "alicloud.domain.contact": {
        "endpoint": emu.url, "access_key_id": STS_AK, "access_key_secret": STS_SECRET, "security_token": STS_TOKEN,
        "domain_name": "example-corp.cn", "contact_type": "tech", "registrant_profile_id": PROFILE_A},
        "register": "sts_expired", "ignore_errors": True})
    names = [c[0] for c in cases] + ["sts_expired"]
    tasks.append({"name": "save results", "ansible.builtin.copy": {
        "content": "{{ {%s} | to_json }}" % ", ".join("'%s': %s" % (n, n) for n in names),
        "dest": str(out_file)}})
    # the batch case counts on old-brand.xyz's registrant change (read_throttled) still running: tasks that outlast
    # the playbook however slow the machine is, finished by hand at the end
    emu.config(task_seconds=3600)
    try:
        rc, output = ansible.playbook([{"hosts": "localhost", "gather_facts": False, "tasks": tasks}])
    finally:
        emu.config(task_seconds=30)
    assert "Traceback" not in output, output
    assert rc == 0, output
    results = json.loads(out_file.read_text())
    for name in names:
        # ansible-core 2.19 adds exception="(traceback unavailable)" to any failure; never a Python traceback
        assert "Traceback" not in str(results[name].get("exception", "")), (name, results[name])
    ok = results["read_throttled"]
    assert ok["changed"] and ok["status"] == "submitted", ok
    dropped = results["save_dropped"]
    assert dropped["changed"] and "was lost" in json.dumps(dropped.get("warnings")), dropped
    failed = results["save_503"]
    assert failed["failed"] and "ServiceUnavailable" in failed["msg"] and "RequestId " in failed["msg"], failed
    assert failed["error"]["code"] == "ServiceUnavailable" and failed["error"]["request_id"]
    assert results["profile_reset"]["changed"], results["profile_reset"]
    batch = results["batch_malformed"]
    # old-brand.xyz is busy with its registrant change (read_throttled): its tech change is not claimed
    assert batch["changed"] and batch["totals"]["failed"] == 0, batch
    assert batch["totals"]["submitted"] == 1 and batch["totals"]["in_flight"] == 1, batch["totals"]
    timeout = results["read_timeout"]
    assert timeout["failed"] and "ReadTimeout" in timeout["msg"], timeout
    sts = results["sts_expired"]
    assert sts["failed"] and "InvalidSecurityToken.Expired" in sts["msg"] and "RequestId " in sts["msg"], sts
    # one task per pair that needed one, none for the failures
    emu.assert_no_duplicates()
    assert emu.pairs() == {("old-brand.xyz", "registrant"): 1, ("promo-2026.top", "admin"): 1,
                           ("wangwu.net", "billing"): 1, ("example-corp.com", "tech"): 1}, emu.pairs()
    emu.complete()
    for domain, ctype in emu.pairs():
        assert emu.matches(domain, ctype, PROFILE_A), (domain, ctype)
    assert not emu.matches("zhangsan.cn", "tech", PROFILE_A)
    assert not emu.matches("old-brand.xyz", "tech", PROFILE_A)


# ten (domain, contact type) pairs against profile D; acme-global.com's registrant already holds it
PAIRS = [("example-shop.com", "registrant"), ("example-blog.net", "admin"), ("zhangsan.cn", "billing"),
         ("example-corp.com", "tech"), ("example-corp.cn", "registrant"), ("old-brand.xyz", "admin"),
         ("promo-2026.top", "billing"), ("wangwu.net", "tech"), ("acme-global.com", "registrant"),
         ("acme-global.xyz", "admin")]


def test_fifty_forks_on_overlapping_domains(ansible, emu, tmp_path):
    lines = ["[domains]"]
    for n in range(50):
        domain, ctype = PAIRS[n % len(PAIRS)]
        lines.append("h%02d ansible_connection=local ansible_python_interpreter=%s dn=%s ct=%s"
                     % (n, sys.executable, domain, ctype))
    inventory = tmp_path / "fifty.ini"
    inventory.write_text("\n".join(lines) + "\n")
    play = {"hosts": "domains", "gather_facts": False, "tasks": [{
        "name": "contact in line with profile D",
        "alicloud.domain.contact": dict(_auth(emu), timeout=10, max_retries=4, domain_name="{{ dn }}",
                                        contact_type="{{ ct }}", registrant_profile_id=PROFILE_D)}]}
    rc, output = ansible.playbook([play], inventory=inventory, extra=["--forks", "50"], timeout=300)
    assert "Traceback" not in output
    assert rc == 0, output[-3000:]
    recap = dict((m.group(1), (int(m.group(2)), int(m.group(3))))
                 for m in re.finditer(r"^(h\d\d)\s*:\s*ok=\d+\s+changed=(\d+)\s+unreachable=\d+\s+failed=(\d+)",
                                      output, re.M))
    assert len(recap) == 50, output[-3000:]
    assert sum(f for _c, f in recap.values()) == 0
    needing = [p for p in PAIRS if p != ("acme-global.com", "registrant")]
    # exactly one run per pair reported a change; the others saw it in flight
    assert sum(c for c, _f in recap.values()) == len(needing), recap
    stats = emu.stats()
    assert stats["duplicate_tasks"] == 0 and stats["noop_task_details"] == 0, stats
    assert emu.pairs() == dict((p, 1) for p in needing), emu.pairs()
    assert len(emu.carried_out_saves()) == len(needing)
    emu.complete()
    for domain, ctype in PAIRS:
        assert emu.matches(domain, ctype, PROFILE_D), (domain, ctype)


# ---------------------------------------------------------------------------- the registrant_change role
def _role_play(emu, **role_vars):
    role_vars.setdefault("registrant_change_poll_interval", 0.3)
    return [{"hosts": "localhost", "gather_facts": False,
             "module_defaults": {"group/alicloud.domain.all": {
                 "endpoint": emu.url, "access_key_id": DEMO_AK, "access_key_secret": DEMO_SECRET}},
             "tasks": [{"name": "the role", "ansible.builtin.include_role": {"name": "alicloud.domain.registrant_change"},
                        "vars": role_vars}]}]


def _report(path):
    with open(path + ".json") as handle:
        return json.load(handle)


def test_role_never_reports_an_unconfirmed_change_as_changed(ansible, emu, tmp_path):
    """Issue 18.1 as the audit ran it: the punycode name, a registrant change to a profile that is not verified."""
    emu.config(task_seconds=1)
    report = str(tmp_path / "idn")
    rc, output = ansible.playbook(_role_play(
        emu, registrant_change_domains=["xn--fsqp3lp2iix1a.com"], registrant_change_profile_id=PROFILE_NONAUDIT,
        registrant_change_require_verified=False, registrant_change_report_path=report))
    assert "Traceback" not in output
    data = _report(report)
    (row,) = data["rows"]
    assert row["outcome"] in ("failed", "unknown"), row  # the emulator fails the task: never "changed"
    assert data["totals"]["changed"] == 0 and data["totals"]["unresolved"] == 1, data["totals"]
    assert rc == 2, output[-3000:]


def test_role_writes_its_report_when_the_apply_step_fails(ansible, emu, tmp_path):
    """Issue 18.5, role side: a failing apply step still gives the summary and the report files, then fails."""
    emu.config(task_seconds=1)
    report = str(tmp_path / "apply-failed")
    domains = ["example-shop.com", "example-blog.net", "zhangsan.cn"]
    # batch_size 0 is refused by the apply step only (the plan does not use it): the step fails outright
    rc, output = ansible.playbook(_role_play(
        emu, registrant_change_domains=domains, registrant_change_profile_id=PROFILE_A,
        registrant_change_contact_types=["all"], registrant_change_batch_size=0, registrant_change_report_path=report))
    assert rc == 2, output[-3000:]
    assert "TASK [alicloud.domain.registrant_change : Show the summary]" in output, output[-3000:]
    assert "Apply - submit the changes and wait for them failed" in output and "batch_size" in output
    data = _report(report)
    assert "batch_size" in data["error"]
    assert data["totals"]["changed"] == 0 and data["totals"]["unknown"] > 0, data["totals"]
    assert all(r["outcome"] in ("already_correct", "unknown") for r in data["rows"]), data["rows"]
    assert emu.stats()["tasks_created"] == 0
    assert not list((ansible.home / ".ansible" / "alicloud.domain" / "locks").glob("*.lock"))  # released

    # polling that fails: what was submitted is reported, nothing is claimed without being read back
    emu.config(task_seconds=30)
    emu.faults("QueryTaskDetailList:500")
    rc, output = ansible.playbook(_role_play(
        emu, registrant_change_domains=domains, registrant_change_profile_id=PROFILE_A,
        registrant_change_contact_types=["admin"], registrant_change_wait_timeout=5,
        registrant_change_report_path=report))
    assert "Traceback" not in output
    data = _report(report)
    submitted = [r for r in data["rows"] if r["task_no"]]
    assert submitted and emu.stats()["tasks_created"] == len(submitted), data["rows"]
    assert all(r["outcome"] != "changed" for r in submitted), data["rows"]
    assert (rc != 0) == (data["totals"]["unresolved"] > 0), (rc, data["totals"])


def test_role_takes_the_profile_and_the_contact_types_from_the_plan(ansible, emu, tmp_path):
    """Issue 14.6: the plan's ``contacts`` run gives the profile (real-name status included) and the contact types
    with V(all) expanded by the module; the role neither reads the profile again nor expands V(all) itself."""
    domains = ["example-shop.com", "zhangsan.cn"]
    report = str(tmp_path / "plan")
    emu.clear_calls()
    rc, output = ansible.playbook(_role_play(
        emu, registrant_change_domains=domains, registrant_change_profile_id=PROFILE_A, registrant_change_plan_only=True,
        registrant_change_contact_types=["admin", "all"], registrant_change_report_path=report))
    assert rc == 0, output[-3000:]
    assert [c["action"] for c in emu.calls()].count("QueryRegistrantProfiles") == 1, emu.calls()
    data = _report(report)
    # the module's order (validation.contact_types: each type once, in the order first given)
    assert data["contact_types"] == ["admin", "registrant", "billing", "tech"], data["contact_types"]
    assert [(r["domain"], r["contact_type"]) for r in data["rows"]] == [
        (d, t) for d in domains for t in data["contact_types"]], data["rows"]

    # the refusal of an unverified profile reads the status from the plan: one profile read, nothing written
    emu.clear_calls()
    rc, output = ansible.playbook(_role_play(
        emu, registrant_change_domains=domains, registrant_change_profile_id=PROFILE_NONAUDIT,
        registrant_change_contact_types=["all"], registrant_change_report_path=report + "-refused"))
    assert rc == 2, output[-3000:]
    assert "real-name verification" in output and "Nothing was written" in output, output[-3000:]
    assert [c["action"] for c in emu.calls()].count("QueryRegistrantProfiles") == 1, emu.calls()
    assert emu.stats()["tasks_created"] == 0
    assert not os.path.exists(report + "-refused.json")
    assert not list((ansible.home / ".ansible" / "alicloud.domain" / "locks").glob("*.lock"))  # released


def _personal_values(emu, profile_id):
    profile = emu.profile(profile_id)
    fields = ("Email", "Telephone", "RegistrantName", "ZhRegistrantName", "Address", "ZhAddress",
              "RegistrantOrganization", "ZhRegistrantOrganization", "City", "ZhCity", "PostalCode")
    return [str(profile[f]) for f in fields if profile.get(f) and len(str(profile[f])) >= 5]


def _sections(output):
    """{task title: its output} of an ansible-playbook run."""
    out, title = {}, ""
    for line in output.splitlines():
        if line.startswith("TASK [") or line.startswith("PLAY RECAP"):
            title = line
        out[title] = out.get(title, "") + line + "\n"
    return out


def test_role_shows_contact_details_only_in_the_plan_diff(ansible, emu, tmp_path):
    """Issue 18.8: -v and --diff on the role; report files 0600 whatever the umask."""
    domains = ["example-shop.com", "zhangsan.cn", "old-brand.xyz"]
    values = _personal_values(emu, PROFILE_A)
    assert len(values) >= 6, values
    old_umask = os.umask(0o022)
    try:
        for extra, diff_shown in ((["-v"], False), (["-v", "--diff", "-e", "registrant_change_show_diff=false"], False),
                                  (["-v", "--diff"], True)):
            emu.control("POST", "/reset", {"seed": "demo"})
            emu.config(task_seconds=1)
            report = str(tmp_path / ("report-%d" % len(extra)))
            rc, output = ansible.playbook(_role_play(
                emu, registrant_change_domains=domains, registrant_change_profile_id=PROFILE_A,
                registrant_change_contact_types=["all"], registrant_change_report_path=report), extra=extra)
            assert rc == 0, output[-3000:]
            assert "Apply - submit the changes" in output and "Verify - read again the changed contacts" in output
            shown = dict((title, [v for v in values if v in text]) for title, text in _sections(output).items())
            shown = dict((title, found) for title, found in shown.items() if found)
            if diff_shown:
                assert list(shown) == [t for t in _sections(output) if "Plan - read every selected contact" in t], shown
            else:
                assert not shown, (extra, shown)
            for ext in (".json", ".md"):
                assert stat.S_IMODE(os.stat(report + ext).st_mode) == 0o600
                with open(report + ext) as handle:
                    text = handle.read()
                assert not [v for v in values if v in text]
    finally:
        os.umask(old_umask)
