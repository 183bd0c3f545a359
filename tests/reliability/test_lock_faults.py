# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The fault matrix on the lock writes (issue 16): every fault the emulator can inject on a lift or a restore.

A lift whose answer is lost is never sent twice blindly - before any second send the running lock tasks and the
domain are read, and the domain never gets two lock tasks; a restore is retried until the lock reads back set.
"""

from __future__ import absolute_import, division, print_function

import pytest

from .test_fault_matrix import KINDS

LOCKED = "locked-example.com"
SINGLE = "SaveSingleTaskForUpdateProhibitionLock"


def lock_details(emu, domain=LOCKED):
    return [d for t in emu.state()["tasks"] if t["TaskType"] == "SET_UPDATE_PROHIBITED" for d in t["details"]
            if d["DomainName"] == domain]


def update_lock(emu, domain=LOCKED):
    return next(d for d in emu.state()["domains"] if d["DomainName"] == domain).get("UpdateProhibitionLock")


def assert_never_resent_blindly(emu):
    """Between two sends of the lock write, the running lock tasks and the domain were read (a throttled send was
    refused before anything was done: the client sends it again at once, as any call). The log is in the order the
    calls ended: a slow call ends after the reads and the send that followed it, so only the reads are checked."""
    log = emu.calls()
    calls = [c["action"] for c in log]
    sends = [i for i, c in enumerate(log) if c["action"] == SINGLE]
    for before, after in zip(sends, sends[1:]):
        if log[before].get("fault") == "throttle":
            continue
        between = calls[:after] if "slow" in (log[before].get("fault"), log[after].get("fault")) else calls[before + 1:after]
        assert "QueryTaskList" in between and "QueryDomainByDomainName" in between, calls


@pytest.mark.parametrize("kind", KINDS)
def test_a_lift_with_a_lost_or_refused_answer_ends_with_exactly_one_lock_task(run_main, emu, kind):
    emu.faults("%s:%s:1" % (SINGLE, kind))
    result = run_main("domain_lock", {"domain_name": LOCKED, "state": "unlocked", "timeout": 1, "max_retries": 4})
    assert "Traceback" not in run_main.output
    assert emu.wait_fault(kind) == 1
    assert not result.get("failed"), result.get("msg")
    row = result["results"][0]
    assert row["status"] in ("submitted", "succeeded") and row["changed"] is True, row
    assert len(lock_details(emu)) == 1, lock_details(emu)  # the domain never got a second lock task
    assert_never_resent_blindly(emu)
    emu.complete()
    assert update_lock(emu) == "CLOSE"


def test_a_lift_whose_answer_is_lost_and_found_running_is_sent_once(run_main, emu):
    emu.faults("%s:drop_after:1" % SINGLE)
    result = run_main("domain_lock", {"domain_name": LOCKED, "state": "unlocked", "timeout": 1})
    assert result["results"][0]["task_no"] == lock_details(emu)[0]["TaskNo"]
    assert [c["action"] for c in emu.calls()].count(SINGLE) == 1
    assert "lost" in result["results"][0]["note"]


@pytest.mark.parametrize("kind", ["500", "503", "reset_before"])
def test_a_restore_is_retried_until_the_lock_reads_back_set(run_main, emu, kind):
    emu.control("POST", "/domains/lock", {"domain": LOCKED, "status": "CLOSE"})
    emu.config(task_seconds=0.5)
    emu.faults("%s:%s:2" % (SINGLE, kind))  # two sends lost, nothing carried out
    result = run_main("domain_lock", {"domain_name": LOCKED, "state": "locked", "wait": True, "poll_interval": 0.1,
                                      "timeout": 1})
    assert not result.get("failed"), result.get("msg")
    row = result["results"][0]
    assert (row["status"], row["after"]) == ("succeeded", "locked"), row
    assert [c["action"] for c in emu.calls()].count(SINGLE) == 3
    assert len(lock_details(emu)) == 1
    assert_never_resent_blindly(emu)
    assert update_lock(emu) == "OPEN"


def test_a_restore_refused_every_time_fails_clearly_and_a_rerun_confirms_it(run_main, emu):
    emu.control("POST", "/domains/lock", {"domain": LOCKED, "status": "CLOSE"})
    emu.config(task_seconds=0.5)
    emu.faults("%s:500" % SINGLE)
    args = {"domain_name": LOCKED, "state": "locked", "wait": True, "poll_interval": 0.1, "timeout": 1}
    failed = run_main("domain_lock", args)
    assert failed.get("failed") and "InternalError" in failed["msg"] and "Traceback" not in run_main.output
    assert failed["results"][0]["status"] == "failed" and failed["results"][0]["after"] == "unlocked"
    assert lock_details(emu) == []  # nothing was carried out, and nothing claimed
    emu.control("DELETE", "/faults")
    again = run_main("domain_lock", args)
    assert again["results"][0]["status"] == "succeeded" and update_lock(emu) == "OPEN"
