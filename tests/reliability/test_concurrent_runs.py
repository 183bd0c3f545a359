# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Two runs of the registrant_change role started together on one controller (issue 18, item 6).

The audit, on the headline account (the emulator's in-flight guard off): 960 tasks for 480 changes; guard on,
single tasks: no duplicate but 384 tasks for contacts that already matched, and both reports claimed the changes.

Measured here with two copies on ``bulk:30:0.5`` (15 domains whose registrant and admin differ from profile 1:
30 changes), task_seconds 1 (4 in the tests, so that the runs overlap for sure), both started together:

* before issue 18's fixes (no lock, no in-flight check before each write): guard off, 60 tasks for 30 changes
  (30 duplicates) and both reports claimed all 30 changes; guard on, 30 tasks (19 + 11).
* now without the lock (``registrant_change_lock: false``; the in-flight check right before each write): guard
  off and on alike, 30 tasks, no duplicate, and the two reports' claims (15 + 15, 14 + 16) do not overlap.
* now with the lock (the default): guard off, 30 tasks, no duplicate; one run made and claimed all 30 changes,
  the other was refused before its plan (``registrant_change_lock_timeout: 0``: rc 2, no report, no write).
  Guard on with a timeout of 120 s: the second run waited, then found all 60 contacts already correct and
  submitted nothing (claims 30 + 0).
"""

from __future__ import absolute_import, division, print_function

import json
import os
import subprocess
import sys
import time

from .conftest import BIN, COLL_ROOT, DEMO_AK, DEMO_SECRET

BULK = "bulk:30:0.5"
NEEDED = 30  # 15 domains x (registrant, admin)


def _play(emu, report, **role_vars):
    role_vars.setdefault("registrant_change_domain_filter", {"all": True})
    role_vars.setdefault("registrant_change_profile_id", 1)
    role_vars.setdefault("registrant_change_contact_types", ["registrant", "admin"])
    role_vars.setdefault("registrant_change_poll_interval", 0.3)
    role_vars.setdefault("registrant_change_report_path", report)
    return [{"hosts": "localhost", "gather_facts": False,
             "module_defaults": {"group/alicloud.domain.all": {
                 "endpoint": emu.url, "access_key_id": DEMO_AK, "access_key_secret": DEMO_SECRET}},
             "tasks": [{"name": "the role", "ansible.builtin.include_role": {"name": "alicloud.domain.registrant_change"},
                        "vars": role_vars}]}]


def _start(ansible, name, plays):
    path = ansible.tmp / (name + ".yml")
    path.write_text(json.dumps(plays, indent=1))
    inventory = ansible.tmp / "inventory.ini"
    inventory.write_text("localhost ansible_connection=local ansible_python_interpreter=%s\n" % sys.executable)
    out = open(str(ansible.tmp / (name + ".out")), "w")
    proc = subprocess.Popen([str(BIN / "ansible-playbook"), "-i", str(inventory), str(path)], cwd=str(ansible.tmp),
                            env=ansible.env, stdout=out, stderr=subprocess.STDOUT)
    return proc, out


def _together(ansible, emu, busy_check, **role_vars):
    emu.control("POST", "/reset", {"seed": BULK})
    # tasks run long enough that the second run plans while the first one's tasks still run
    emu.config(task_seconds=4, busy_check=busy_check)
    runs = []
    for n in (1, 2):
        report = str(ansible.tmp / ("report-%d" % n))
        for ext in (".json", ".md"):
            if os.path.exists(report + ext):
                os.unlink(report + ext)
        runs.append((report,) + _start(ansible, "run-%d" % n, _play(emu, report, **role_vars)))
    outcomes = []
    for report, proc, out in runs:
        rc = proc.wait(timeout=240)
        out.close()
        text = open(out.name).read()
        assert "Traceback" not in text, text[-3000:]
        data = json.load(open(report + ".json")) if os.path.exists(report + ".json") else None
        outcomes.append((rc, text, data))
    return outcomes


def _assert_one_run_changed_everything(emu, outcomes):
    stats = emu.stats()
    assert stats["duplicate_tasks"] == 0 and stats["noop_task_details"] == 0, stats
    pairs = emu.pairs()
    assert len(pairs) == NEEDED and all(n == 1 for n in pairs.values()), pairs
    claimed = [d["totals"]["changed"] for _rc, _text, d in outcomes if d]
    assert sorted(claimed)[-1] == NEEDED and sum(claimed) == NEEDED, claimed
    # every change claimed is one this run's own task made: the claims of the two reports do not overlap
    rows = [(r["domain"], r["contact_type"]) for _rc, _t, d in outcomes if d for r in d["rows"]
            if r["outcome"] == "changed"]
    assert len(rows) == len(set(rows)) == NEEDED
    emu.complete()
    for domain, ctype in pairs:
        assert emu.matches(domain, ctype, 1), (domain, ctype)


def test_two_runs_at_once_guard_off_the_second_is_refused(ansible, emu):
    outcomes = _together(ansible, emu, busy_check=False)
    _assert_one_run_changed_everything(emu, outcomes)
    rcs = sorted(rc for rc, _text, _data in outcomes)
    assert rcs[0] == 0, [text[-2000:] for _rc, text, _d in outcomes]
    for rc, text, data in outcomes:
        if rc != 0:  # refused by the lock before its plan: no report, no write
            assert "Another run holds the lock for this account and endpoint" in text, text[-2000:]
            assert data is None
            assert DEMO_SECRET not in text and DEMO_AK not in text


def test_two_runs_at_once_guard_on_the_second_waits_and_finds_nothing_to_do(ansible, emu):
    outcomes = _together(ansible, emu, busy_check=True, registrant_change_lock_timeout=120)
    assert [rc for rc, _t, _d in outcomes] == [0, 0], [text[-2000:] for _rc, text, _d in outcomes]
    _assert_one_run_changed_everything(emu, outcomes)
    second = [d for _rc, _t, d in outcomes if d["totals"]["changed"] == 0]
    assert len(second) == 1 and second[0]["totals"]["already_correct"] == second[0]["totals"]["total"], second


def test_a_lock_left_by_a_killed_run_is_taken_over(ansible, emu):
    from ansible_collections.alicloud.domain.plugins.plugin_utils._run_lock import lock_key
    assert COLL_ROOT
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    key, _endpoint = lock_key({"access_key_id": DEMO_AK, "endpoint": emu.url}, {})
    locks = ansible.home / ".ansible" / "alicloud.domain" / "locks"
    locks.mkdir(parents=True)
    (locks / (key + ".lock")).write_text(json.dumps({
        "version": 1, "pid": dead.pid, "pid_start": None, "host": os.uname()[1], "since": time.time() - 60,
        "holders": ["localhost"]}))
    rc, output = ansible.playbook(_play(emu, str(ansible.tmp / "report"), registrant_change_domain_filter={},
                                        registrant_change_domains=["example-shop.com"],
                                        registrant_change_profile_id=18100001,
                                        registrant_change_contact_types=["tech"]))
    assert rc == 0, output[-3000:]
    assert "Took over the run lock" in output and "process %d" % dead.pid in output, output[-3000:]
    assert not (locks / (key + ".lock")).exists()  # released at the end
