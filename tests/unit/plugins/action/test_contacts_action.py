# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The contacts action plugin: progress lines while the module runs on the controller, nothing otherwise."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import stat
import threading
import time

import pytest

try:
    from unittest.mock import MagicMock
except ImportError:  # pragma: no cover
    from mock import MagicMock

from ansible.errors import AnsibleActionFail

from ansible_collections.alicloud.domain.plugins.action import contacts as action_mod
from ansible_collections.alicloud.domain.plugins.module_utils._contacts.rows import Item
from ansible_collections.alicloud.domain.plugins.module_utils._progress import Progress


def make_action(args, transport="local", async_val=0, check_mode=False, become=False, delegate_to=None,
                module=action_mod):
    task = MagicMock()
    task.args = dict(args)
    task.async_val = async_val
    task.check_mode = check_mode
    task.action = "alicloud.domain." + module.__name__.rsplit(".", 1)[-1]
    task.delegate_to = delegate_to
    connection = MagicMock()
    connection.transport = transport
    connection.has_native_async = False
    play_context = MagicMock()
    play_context.become = become
    action = module.ActionModule(task, connection, play_context, loader=None, templar=None, shared_loader_obj=None)
    action._remove_tmp_path = MagicMock()
    return action


class FakeModule:
    """Stands in for _execute_module: records its arguments; with a progress_path, counts through _progress."""

    def __init__(self, lines, wanted_lines=0, fail=None):
        self.lines, self.wanted_lines, self.fail = lines, wanted_lines, fail
        self.calls = []

    def __call__(self, module_name=None, module_args=None, task_vars=None, wrap_async=False, **kwargs):
        self.calls.append({"module_args": module_args, "wrap_async": wrap_async})
        path = (module_args or {}).get("progress_path")
        if path:
            self.path_seen = path
            self.dir_mode = stat.S_IMODE(os.stat(os.path.dirname(path)).st_mode)
            progress = Progress.start(path, period=0.02)
            items = [Item("d%d.com" % n, "registrant") for n in range(4)]
            progress.watch(items)
            for entry in items[:3]:
                entry.status, entry.diffs = "would_change", ["Email"]
            progress.flush()
            deadline = time.time() + 10
            while len(self.lines) < self.wanted_lines and time.time() < deadline:
                time.sleep(0.01)
            progress.close()
        if self.fail:
            raise self.fail
        return {"changed": True, "totals": {"total": 4}}


@pytest.fixture
def lines(monkeypatch):
    shown = []
    monkeypatch.setattr(action_mod.display, "display", lambda msg, *a, **k: shown.append(msg))
    return shown


def test_progress_lines_while_the_module_runs_on_the_controller(lines):
    action = make_action({"domains": ["a.com"], "registrant_profile_id": 1, "progress_interval": 1}, check_mode=True)
    module = FakeModule(lines, wanted_lines=1)
    action._execute_module = module
    result = action.run(task_vars={"inventory_hostname": "ctl"})
    assert result["changed"] is True and result["totals"] == {"total": 4}
    (call,) = module.calls
    path = call["module_args"]["progress_path"]
    assert call["module_args"]["registrant_profile_id"] == 1 and not call["wrap_async"]
    assert module.dir_mode == 0o700  # a private directory of its own
    assert not os.path.exists(os.path.dirname(path))  # removed once the module ended
    assert os.path.dirname(os.path.dirname(path)) == action_mod.local_temp()  # ansible-playbook removes it at exit
    assert lines and lines[0].startswith("[ctl] alicloud.domain.contacts (check mode), 1 s: ")
    assert lines[0].endswith(": read 3/4 contacts, planned 3, submitted 0, done 0, failed 0"), lines
    assert "d0.com" not in "".join(lines)
    action._remove_tmp_path.assert_called_once()


@pytest.mark.parametrize("args,kwargs,why", [
    ({"progress_interval": 0}, {}, "progress_interval is 0"),
    ({"progress_interval": "often"}, {}, "progress_interval is 0 (or not a valid number)"),
    ({"progress_interval": -5}, {}, "not a valid number"),
    ({}, {"async_val": 60}, "async"),
    ({}, {"transport": "ssh"}, "another host (connection ssh)"),
    ({}, {"become": True}, "become"),
])
def test_no_progress_lines_and_the_arguments_untouched(lines, args, kwargs, why):
    action = make_action(dict(args, domains=["a.com"], registrant_profile_id=1), **kwargs)
    assert why in action._why_no_progress(action_mod.progress_interval(action._task.args))
    module = FakeModule(lines)
    action._execute_module = module
    action.run(task_vars={})
    (call,) = module.calls
    assert call["module_args"] is None  # the normal action's call: the task's own arguments
    assert call["wrap_async"] == bool(kwargs.get("async_val"))
    if kwargs.get("async_val"):
        action._remove_tmp_path.assert_not_called()  # the async wrapper cleans up itself
    assert lines == []


def test_a_progress_path_of_the_user_is_followed_and_kept(lines, tmp_path):
    path = str(tmp_path / "mine.json")
    action = make_action({"domains": ["a.com"], "registrant_profile_id": 1, "progress_interval": 1,
                          "progress_path": path}, delegate_to="localhost")
    module = FakeModule(lines, wanted_lines=1)
    action._execute_module = module
    action.run(task_vars={"inventory_hostname": "h"})
    assert module.path_seen == path and os.path.exists(path)
    assert lines and lines[0].startswith("[h -> localhost] alicloud.domain.contacts, ")
    assert "read 3/4 contacts" in lines[0] and "(check mode)" not in lines[0]


def test_the_lines_stop_and_the_directory_goes_when_the_module_raises(lines):
    action = make_action({"domains": ["a.com"], "registrant_profile_id": 1, "progress_interval": 1})
    module = FakeModule(lines, fail=RuntimeError("connection lost"))
    action._execute_module = module
    before = threading.active_count()
    with pytest.raises(RuntimeError):
        action.run(task_vars={})
    assert not os.path.exists(os.path.dirname(module.path_seen))
    assert threading.active_count() <= before


def test_follower_prints_every_interval_until_stopped(tmp_path):
    shown = []
    path = str(tmp_path / "c.json")
    progress = Progress(path)
    progress.watch([Item("a.com", "admin")])
    follower = action_mod.Follower(path, 0.05, "[x] alicloud.domain.contacts", show=shown.append).start()
    deadline = time.time() + 10
    while len(shown) < 3 and time.time() < deadline:
        time.sleep(0.01)
    follower.stop()
    count = len(shown)
    time.sleep(0.2)
    assert count >= 3 and len(shown) == count  # nothing after stop()
    assert shown[0].startswith("[x] alicloud.domain.contacts, 0 s: read 0/1 contacts, ")


def test_follower_survives_a_display_that_fails(tmp_path):
    def broken(_msg):
        raise OSError("queue closed")
    follower = action_mod.Follower(str(tmp_path / "none.json"), 0.02, "x", show=broken).start()
    time.sleep(0.1)
    follower.stop()
    assert follower.lines == 0 and not follower._thread.is_alive()


def test_the_interval_from_the_task():
    assert action_mod.progress_interval({}) == 20
    assert action_mod.progress_interval({"progress_interval": "5"}) == 5
    assert action_mod.progress_interval({"progress_interval": 86401}) is None


PLAN_ROWS = [{"domain": "a.com", "contact_type": "registrant", "status": "would_change"}]


@pytest.mark.parametrize("interval", [1, 0])
def test_plan_from_hands_the_registered_rows_to_the_module_as_its_plan(lines, interval):
    action = make_action({"domains": ["a.com"], "registrant_profile_id": 1, "progress_interval": interval,
                          "plan_from": "the_plan"})
    module = FakeModule(lines, wanted_lines=0)
    action._execute_module = module
    action.run(task_vars={"the_plan": {"changed": False, "results": PLAN_ROWS}})
    (call,) = module.calls
    assert call["module_args"]["plan"] is PLAN_ROWS  # the registered rows themselves, no template, no copy
    assert "plan_from" not in call["module_args"]
    assert action._task.args["plan_from"] == "the_plan"  # the task's own arguments are left as they were


def test_plan_from_hands_the_module_the_rows_of_its_domains_only(lines):
    rows = [{"domain": "a.com", "contact_type": "registrant", "status": "would_change"},
            {"domain": "b.com", "contact_type": "registrant", "status": "unchanged"},
            {"domain": "c.com", "contact_type": "admin", "status": "would_change"}]
    action = make_action({"domains": ["A.com", "c.com"], "registrant_profile_id": 1, "progress_interval": 0,
                          "plan_from": "the_plan"})
    module = FakeModule(lines)
    action._execute_module = module
    action.run(task_vars={"the_plan": {"results": rows}})
    (call,) = module.calls
    assert call["module_args"]["plan"] == [rows[0], rows[2]]  # A.com matched in lower case; b.com left out
    assert call["module_args"]["plan"][0] is rows[0]


APPLY_ROWS = [
    {"domain": "a.com", "contact_type": "registrant", "status": "succeeded", "verified": True},
    {"domain": "a.com", "contact_type": "admin", "status": "unchanged"},
    {"domain": "b.com", "contact_type": "registrant", "status": "succeeded", "verified": False},
    {"domain": "b.com", "contact_type": "admin", "status": "succeeded"},
    {"domain": "b.com", "contact_type": "tech", "status": "unchanged"},
    {"domain": "c.com", "contact_type": "registrant", "status": "failed"},
    {"domain": "c.com", "contact_type": "admin", "status": "unchanged"},
]


def test_verify_from_reads_again_what_the_apply_did_not_read_back(lines):
    action = make_action({"verify_from": "applied", "registrant_profile_id": 1, "progress_interval": 0},
                         check_mode=True)
    module = FakeModule(lines)
    action._execute_module = module
    action.run(task_vars={"applied": {"changed": True, "results": APPLY_ROWS}})
    (call,) = module.calls
    args = call["module_args"]
    assert args["domains"] == ["b.com"]  # a.com was read back after its task; c.com's change failed
    assert args["plan"] == [APPLY_ROWS[4]]  # b.com's contact that needed no change is not read again
    assert "verify_from" not in args and action._task.args["verify_from"] == "applied"


def test_verify_from_with_every_contact_read_back_runs_no_module(lines):
    action = make_action({"verify_from": "applied", "registrant_profile_id": 1}, check_mode=True)
    module = FakeModule(lines)
    action._execute_module = module
    result = action.run(task_vars={"applied": {"results": APPLY_ROWS[:2]}})
    assert module.calls == []
    assert result["results"] == [] and result["changed"] is False and "read back every contact" in result["msg"]


PLAN_FROM = {"domains": ["a.com"], "registrant_profile_id": 1}
VERIFY_FROM = {"verify_from": "applied", "registrant_profile_id": 1}
APPLIED = {"applied": {"results": APPLY_ROWS}}


@pytest.mark.parametrize("args, check_mode, task_vars, text", [
    (dict(PLAN_FROM, plan_from="nothing"), False, {}, "plan_from: no variable nothing is defined"),
    (dict(PLAN_FROM, plan_from="p"), False, {"p": {"skipped": True}}, "plan_from: the variable p holds no results"),
    (dict(PLAN_FROM, plan_from="p"), False, {"p": {"results": ["a.com"]}},
     "plan_from: the results in p are not a list of rows"),
    (dict(PLAN_FROM, plan_from="p", plan=PLAN_ROWS), False, {"p": {"results": PLAN_ROWS}},
     "plan and plan_from are mutually exclusive"),
    (VERIFY_FROM, False, APPLIED, "verify_from reads the contacts again: run the task in check"),
    (dict(VERIFY_FROM, domains=["a.com"]), True, APPLIED, "domains cannot be given with it"),
    (dict(VERIFY_FROM, plan_from="p"), True, APPLIED, "plan_from cannot be given with it"),
    (VERIFY_FROM, True, {}, "verify_from: no variable applied is defined"),
])
def test_a_bad_plan_from_or_verify_from_fails_before_the_module_runs(lines, args, check_mode, task_vars, text):
    action = make_action(args, check_mode=check_mode)
    module = FakeModule(lines)
    action._execute_module = module
    with pytest.raises(AnsibleActionFail, match=text):
        action.run(task_vars=task_vars)
    assert module.calls == []


def test_the_revert_action_hands_its_module_the_plan_rows_it_takes(lines):
    from ansible_collections.alicloud.domain.plugins.action import contacts_revert as revert_action
    rows = [{"domain": "a.com", "contact_type": "admin", "revert": "to_revert", "status": "would_change",
             "current": "f" * 32, "note": "back to profile 1", "differences": ["email"]},
            {"domain": "b.com", "contact_type": "admin", "revert": "changed_since", "status": "unchanged"}]
    action = make_action({"record": "/r.json", "plan_from": "the_plan", "progress_interval": 0},
                         module=revert_action)
    module = FakeModule(lines)
    action._execute_module = module
    action.run(task_vars={"the_plan": {"results": rows}})
    (call,) = module.calls
    assert call["module_args"]["plan"] == [{"domain": "a.com", "contact_type": "admin", "revert": "to_revert",
                                            "status": "would_change", "current": "f" * 32}]


def test_a_domain_that_is_not_a_name_matches_no_plan_row_and_is_left_to_the_module():
    rows = [{"domain": "a.com", "contact_type": "admin", "status": "unchanged"}]
    assert action_mod.rows_of(rows, [{"not": "a name"}, "b.com"]) == []
    assert action_mod.rows_of(rows, [{"not": "a name"}, "a.com"]) is rows
