# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Progress lines of alicloud.domain.contacts (issue 13) in real runs: ansible-playbook with forks, check mode and
async, and ansible-runner (the events AWX shows live).

The emulator answers after 80 ms, so each module run lasts a few seconds, several times the 1 s interval the
playbooks ask for; a loaded machine only makes the runs longer and the lines more numerous.
"""

from __future__ import absolute_import, division, print_function

import json
import os
import re
import shutil
import sys
from pathlib import Path

import pytest
import requests

from .conftest import COLL_ROOT, DEMO_AK, DEMO_SECRET, Ansible

ANY = re.compile(r"^\[(?P<host>[^\]]+)\] alicloud\.domain\.contacts(?P<check> \(check mode\))?, \d+ (s|min \d+ s): ")
LINE = re.compile(ANY.pattern + r"read (?P<read>\d+)/(?P<total>\d+) contacts, planned \d+, submitted \d+, done \d+, "
                  r"failed \d+")
HOSTS = ("h1", "h2", "h3")
PER_HOST = 12  # domains per host: 24 contacts, 24 reads of 80 ms at concurrency 1


@pytest.fixture(scope="module")
def slow_emulator(emulator_factory):
    emu = emulator_factory(seed="bulk:%d" % (PER_HOST * len(HOSTS)), latency_ms=80, task_seconds=0.5)
    yield emu
    emulator_factory.stop(emu)


@pytest.fixture
def domains(slow_emulator):
    http = requests.Session()
    http.trust_env = False
    try:
        slow_emulator_reset = http.post(slow_emulator.url + "/_emulator/reset", json={})
        assert slow_emulator_reset.status_code == 200, slow_emulator_reset.text
        state = http.get(slow_emulator.url + "/_emulator/state").json()
    finally:
        http.close()
    return sorted(d["DomainName"] for d in state["domains"])


def _auth(emu):
    return {"endpoint": emu.url, "access_key_id": DEMO_AK, "access_key_secret": DEMO_SECRET}


def _progress_lines(output):
    return [m.groupdict() for m in (LINE.match(line) for line in output.splitlines()) if m]


def _task_output(output, name):
    """The lines of the playbook output between TASK [name] and the next TASK or PLAY RECAP."""
    part = output.split("TASK [%s]" % name, 1)[1]
    return re.split(r"\nTASK \[|\nPLAY RECAP", part, 1)[0]


def test_progress_lines_with_forks_check_mode_async_and_module_defaults(slow_emulator, domains, tmp_path):
    ansible = Ansible(tmp_path, None)
    inventory = tmp_path / "hosts.ini"
    inventory.write_text("".join("%s ansible_connection=local ansible_python_interpreter=%s slice=%d\n"
                                 % (h, sys.executable, n) for n, h in enumerate(HOSTS)))
    args = {"domains": "{{ all_domains[slice | int::%d] }}" % len(HOSTS), "contact_types": ["registrant", "admin"],
            "registrant_profile_id": 2, "concurrency": 1}
    play = {
        "hosts": "all", "gather_facts": False,
        "vars": {"all_domains": domains},
        # the shared options through the action group, the interval through the module's own defaults: both
        # reach the module through the action plugin
        "module_defaults": {"group/alicloud.domain.all": _auth(slow_emulator),
                            "alicloud.domain.contacts": {"progress_interval": 1}},
        "tasks": [
            {"name": "plan", "alicloud.domain.contacts": args, "check_mode": True, "register": "plan"},
            {"name": "lines off", "alicloud.domain.contacts": dict(args, progress_interval=0), "check_mode": True,
             "register": "quiet"},
            # ansible-core 2.16 refuses async with check mode (for any module): this one writes
            {"name": "in the background", "alicloud.domain.contacts": args, "async": 120, "poll": 1,
             "register": "background"},
            {"name": "results", "ansible.builtin.copy": {
                "content": "{{ {'plan': plan.totals, 'background': background.totals, 'quiet': quiet.totals} "
                           "| to_json }}", "dest": str(tmp_path) + "/{{ inventory_hostname }}.json"}},
        ]}
    # the async wrapper and async_status must agree on the job directory whatever HOME the test sets
    rc, output = ansible.playbook([play], inventory=inventory, extra=["--forks", "3"],
                                  env={"ANSIBLE_ASYNC_DIR": str(tmp_path / "async")})
    assert rc == 0, output
    assert "Traceback" not in output
    for host in HOSTS:
        totals = json.loads((tmp_path / ("%s.json" % host)).read_text())
        assert totals["plan"] == totals["quiet"] and totals["plan"]["total"] == totals["background"]["total"] == 2 * PER_HOST
        assert totals["background"]["changed"] == totals["plan"]["would_change"] > 0

    lines = _progress_lines(_task_output(output, "plan"))
    # every fork printed its own lines, from the worker process, in check mode, with counts only
    assert set(line["host"] for line in lines) == set(HOSTS), output
    assert all(line["check"] and int(line["total"]) == 2 * PER_HOST for line in lines), lines
    printed = [ln for ln in output.splitlines() if ANY.match(ln)]
    assert not any(d in ln for d in domains for ln in printed)  # counts only
    # async: no lines (the module runs in the background); interval 0: none either
    assert _progress_lines(_task_output(output, "in the background")) == []
    assert _progress_lines(_task_output(output, "lines off")) == []
    assert printed == [ln for ln in output.splitlines() if "] alicloud.domain.contacts" in ln]


def test_progress_lines_are_live_events_in_ansible_runner(slow_emulator, domains, tmp_path):
    ansible_runner = pytest.importorskip("ansible_runner", reason="ansible-runner is not installed")
    pdd = tmp_path / "job"
    for sub in ("env", "project", "inventory"):
        (pdd / sub).mkdir(parents=True)
    (pdd / "env" / "envvars").write_text(json.dumps({
        "ANSIBLE_COLLECTIONS_PATH": str(COLL_ROOT), "ALICLOUD_ACCESS_KEY_ID": DEMO_AK,
        "ALICLOUD_SECRET_KEY": DEMO_SECRET, "ALICLOUD_DOMAIN_ENDPOINT": slow_emulator.url}))
    (pdd / "inventory" / "hosts").write_text(
        "localhost ansible_connection=local ansible_python_interpreter=%s\n" % sys.executable)
    (pdd / "project" / "site.yml").write_text(json.dumps([{
        "hosts": "localhost", "gather_facts": False,
        "tasks": [{"name": "move the contacts", "alicloud.domain.contacts": {
            "domains": domains, "contact_types": ["registrant", "admin"], "registrant_profile_id": 1,
            "concurrency": 2, "wait": True, "poll_interval": 0.5, "progress_interval": 1}}]}]))
    saved = dict(os.environ)
    for name in list(os.environ):
        if name.startswith(("ALICLOUD_", "ALIBABA_CLOUD_", "ANSIBLE_")):
            del os.environ[name]
    os.environ["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), saved.get("PATH", "")])
    os.environ["HOME"] = str(tmp_path)
    try:
        run = ansible_runner.run(private_data_dir=str(pdd), playbook="site.yml", ident="job1", quiet=True,
                                 timeout=300)
    finally:
        os.environ.clear()
        os.environ.update(saved)
    events = list(run.events)
    stdout = (pdd / "artifacts" / "job1" / "stdout").read_text()
    assert run.status == "successful", stdout
    progress = [e for e in events if LINE.match(e.get("stdout", "").strip())]
    assert progress, stdout
    assert all(e["event"] == "verbose" for e in progress)
    # live: each line is an event of its own, stamped while the task ran, before the task's result
    ok = next(e for e in events if e["event"] == "runner_on_ok")
    start = next(e for e in events if e["event"] == "playbook_on_task_start"
                 and e["event_data"].get("task") == "move the contacts")
    assert all(start["counter"] < e["counter"] < ok["counter"] for e in progress)
    assert all(e["created"] < ok["created"] for e in progress)
    assert ok["event_data"]["res"]["totals"]["total"] == 2 * len(domains)
    assert DEMO_SECRET not in json.dumps(events)
    shutil.rmtree(str(pdd / "artifacts"), ignore_errors=True)  # it holds the environment, the secret among it
