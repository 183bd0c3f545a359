# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A registrant_change run killed (SIGKILL) between lifting an update lock and restoring it (issue 16).

The run records what it lifts before lifting it; the next run of the role - a plain rerun on another domain,
without the lift - restores the lock before anything else and marks the record restored.
"""

from __future__ import absolute_import, division, print_function

import json
import os
import signal
import subprocess
import sys
import time

from .conftest import BIN, PROFILE_A
from .test_ansible_runs import _role_play
from .test_lock_faults import LOCKED, update_lock


def _record(path):
    try:
        with open(path) as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return None


def test_a_run_killed_after_lifting_is_restored_by_the_next_run(ansible, emu, tmp_path):
    emu.config(task_seconds=0.5)
    emu.faults("SaveSingleTaskForUpdatingContactInfo:slow")  # the apply hangs in its write: time to kill the run
    report = str(tmp_path / "killed")
    play = tmp_path / "killed.yml"
    play.write_text(json.dumps(_role_play(
        emu, registrant_change_domains=[LOCKED], registrant_change_profile_id=PROFILE_A,
        registrant_change_contact_types=["admin"], registrant_change_lift_update_lock=True,
        registrant_change_report_path=report)))
    inventory = tmp_path / "inventory.ini"
    inventory.write_text("localhost ansible_connection=local ansible_python_interpreter=%s\n" % sys.executable)
    proc = subprocess.Popen([str(BIN / "ansible-playbook"), "-i", str(inventory), str(play)], cwd=str(tmp_path),
                            env=ansible.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        deadline = time.time() + 180
        while (_record(report + ".locks.json") or {}).get("state") != "lifted":
            assert proc.poll() is None and time.time() < deadline, "the run ended before it lifted the lock"
            time.sleep(0.05)
        os.killpg(proc.pid, signal.SIGKILL)  # the whole run, its module processes too
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    emu.control("DELETE", "/faults")
    time.sleep(1.5)  # the slow write the run left behind ends (it is refused or changes the contact: no matter)
    assert update_lock(emu) == "CLOSE"  # killed: lifted and not restored
    record = _record(report + ".locks.json")
    assert record["state"] == "lifted" and record["domains"] == [LOCKED], record
    assert oct(os.stat(report + ".locks.json").st_mode & 0o777) == "0o600"

    # a plain rerun, on another domain and without the lift: the lock comes back first
    rc, output = ansible.playbook(_role_play(
        emu, registrant_change_domains=["example-shop.com"], registrant_change_profile_id=PROFILE_A,
        registrant_change_contact_types=["admin"], registrant_change_report_path=report))
    assert "Traceback" not in output
    assert "did not restore it" in output and "Restoring it now, before anything else" in output, output[-3000:]
    assert update_lock(emu) == "OPEN"
    assert _record(report + ".locks.json")["state"] == "restored"
    assert rc in (0, 2), output[-3000:]
