# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The run lock: key, ownership, waiting, stale locks, release."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import stat
import subprocess
import sys

from ansible_collections.alicloud.domain.plugins.plugin_utils._run_lock import (
    Owner, RunLock, account_identity, lock_key, normalise_endpoint)

SECRET = "TopSecretValue1234567890"


def _dead_pid():
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_the_key_names_account_and_endpoint_never_a_secret():
    params = {"access_key_id": "LTAI-demo", "access_key_secret": SECRET, "security_token": SECRET,
              "endpoint": "https://user:pw@Domain.Aliyuncs.com/"}
    key, endpoint = lock_key(params, {})
    assert endpoint == "https://domain.aliyuncs.com"
    assert SECRET not in account_identity(params, {}) and "pw" not in endpoint
    # the same account and endpoint, spelt differently or from the environment: the same key
    assert lock_key({"access_key_id": "LTAI-demo"}, {}) == (key, endpoint)
    assert lock_key({}, {"ALICLOUD_ACCESS_KEY_ID": "LTAI-demo", "ALICLOUD_ACCESS_KEY_SECRET": SECRET})[0] == key
    assert lock_key({"access_key_id": "LTAI-demo", "access_key_secret": "other"}, {})[0] == key
    # another account, another endpoint, another role: another key
    assert lock_key({"access_key_id": "LTAI-other"}, {})[0] != key
    assert lock_key({"access_key_id": "LTAI-demo", "endpoint": "http://127.0.0.1:8080"}, {})[0] != key
    assert lock_key({"access_key_id": "LTAI-demo", "assume_role_arn": "acs:ram::1:role/x"}, {})[0] != key
    assert normalise_endpoint(None) == normalise_endpoint("domain.aliyuncs.com:443") == "https://domain.aliyuncs.com"


def test_one_run_takes_it_a_second_is_refused_then_gets_it_after_release(tmp_path):
    lock = RunLock(str(tmp_path / "locks"), "k1")
    me, other = Owner(os.getpid()), Owner(os.getppid())
    assert lock.try_acquire(me, "localhost")[0] == "acquired"
    assert stat.S_IMODE(os.stat(lock.path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(str(tmp_path / "locks")).st_mode) == 0o700
    outcome, record = lock.try_acquire(other, "localhost")
    assert outcome == "held" and record["pid"] == os.getpid()
    assert lock.try_acquire(me, "localhost")[0] == "reentered"
    assert lock.release(other, "localhost")[0] == "held_by_other" and os.path.exists(lock.path)
    assert lock.release(me, "localhost")[0] == "released" and not os.path.exists(lock.path)
    assert lock.try_acquire(other, "localhost")[0] == "acquired"
    assert lock.release(me, "localhost")[0] == "held_by_other"


def test_hosts_of_one_run_share_it_until_the_last_releases(tmp_path):
    lock = RunLock(str(tmp_path), "k2")
    me = Owner(os.getpid())
    assert lock.try_acquire(me, "h1")[0] == "acquired"
    assert lock.try_acquire(me, "h2")[0] == "joined"
    assert lock.try_acquire(me, "h2")[0] == "reentered"
    assert lock.release(me, "h1")[0] == "still_held"
    assert lock.release(me, "h2")[0] == "released"
    assert lock.release(me, "h2")[0] == "not_held"


def test_a_lock_whose_process_is_gone_is_taken_over(tmp_path):
    lock = RunLock(str(tmp_path), "k3")
    assert lock.try_acquire(Owner(_dead_pid()), "localhost")[0] == "acquired"
    outcome, record = lock.try_acquire(Owner(os.getpid()), "localhost")
    assert outcome == "taken_over" and "process" in record["took_over"]
    assert json.load(open(lock.path))["pid"] == os.getpid()


def test_a_reused_pid_is_not_the_owner(tmp_path):
    lock = RunLock(str(tmp_path), "k4")
    me = Owner(os.getpid())
    ghost = Owner(os.getpid(), start=(me.start or 0) + 12345)  # same pid, another start time
    assert lock.try_acquire(ghost, "localhost")[0] == "acquired"
    if me.start is not None:  # Linux: /proc tells the start time
        assert lock.try_acquire(me, "localhost")[0] == "taken_over"


def test_a_lock_of_another_host_is_never_taken_over(tmp_path):
    lock = RunLock(str(tmp_path), "k5")
    assert lock.try_acquire(Owner(_dead_pid(), host="elsewhere"), "localhost")[0] == "acquired"
    assert lock.try_acquire(Owner(os.getpid()), "localhost")[0] == "held"


def test_waiting_gives_up_after_the_timeout_or_takes_it_when_released(tmp_path):
    now = [1000.0]
    sleeps = []

    def sleep(seconds):
        sleeps.append(seconds)
        now[0] += seconds
        if len(sleeps) == 3:
            lock.release(other, "localhost")

    lock = RunLock(str(tmp_path), "k6", clock=lambda: now[0], sleep=sleep)
    me, other = Owner(os.getpid()), Owner(os.getppid())
    lock.try_acquire(other, "localhost")
    outcome, _record, waited = lock.acquire(me, "localhost", timeout=0)
    assert outcome == "held" and not waited and not sleeps
    outcome, _record, waited = lock.acquire(me, "localhost", timeout=60, interval=1.0)
    assert outcome == "acquired" and waited and len(sleeps) == 3
    del sleeps[:]
    outcome, _record, waited = RunLock(str(tmp_path), "k6", clock=lambda: now[0], sleep=sleep).acquire(
        other, "localhost", timeout=2.5, interval=1.0)
    assert outcome == "held" and waited and sum(sleeps) == 2.5


def test_check_mode_writes_nothing(tmp_path):
    lock = RunLock(str(tmp_path), "k7")
    assert lock.acquire(Owner(os.getpid()), "localhost", timeout=30, check_mode=True)[0] == "acquired"
    assert not os.path.exists(lock.path)


def test_an_unreadable_lock_file_is_replaced(tmp_path):
    lock = RunLock(str(tmp_path), "k8")
    with open(lock.path, "w") as handle:
        handle.write("{not json")
    assert lock.try_acquire(Owner(os.getpid()), "localhost")[0] == "taken_over"
