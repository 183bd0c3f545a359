# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The contacts_report action: the filter's report, from results named by variable, with what the role needs."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

import pytest

try:
    from unittest.mock import MagicMock
except ImportError:  # pragma: no cover
    from mock import MagicMock

from ansible.errors import AnsibleActionFail

from ansible_collections.alicloud.domain.plugins.action import contacts_report as action_mod
from ansible_collections.alicloud.domain.plugins.filter.registrant_change_report import registrant_change_report


def make_action(args):
    task = MagicMock()
    task.args = dict(args)
    task.async_val = 0
    task.check_mode = False
    task.action = "alicloud.domain.contacts_report"
    action = action_mod.ActionModule(task, MagicMock(), MagicMock(), loader=None, templar=None,
                                     shared_loader_obj=None)
    action._remove_tmp_path = MagicMock()
    return action


def row(domain, ctype, status, **extra):
    out = {"domain": domain, "contact_type": ctype, "status": status, "task_no": None, "differences": [],
           "error": None, "registrant_profile_id": 1, "current": "x"}
    out.update(extra)
    return out


PLAN = [row("a.com", "registrant", "would_change", differences=["email"]), row("a.com", "admin", "unchanged"),
        row("b.com", "registrant", "blocked", domain_state={"blocked_by": ["update_lock"]}),
        row("b.com", "admin", "unchanged"),
        row("c.com", "registrant", "blocked", domain_state={"blocked_by": ["update_lock", "expired"]}),
        row("c.com", "admin", "in_flight"), row("d.com", "registrant", "would_change"),
        row("d.com", "admin", "would_change")]
APPLIED = [row("a.com", "registrant", "succeeded", task_no="T1", verified=True),
           row("d.com", "registrant", "failed", task_no="T2", error={"message": "refused"}),
           row("d.com", "admin", "submitted", task_no="T3")]


def test_the_plan_alone_gives_types_domains_by_status_and_the_locked_only():
    result = make_action({"plan": "plan"}).run(task_vars={"plan": {"results": PLAN}})
    assert result["contact_types"] == ["registrant", "admin"]
    assert result["domains"]["would_change"] == ["a.com", "d.com"]
    assert result["domains"]["in_flight"] == ["c.com"]
    assert result["domains"]["blocked"] == ["b.com", "c.com"]
    assert result["locked_only"] == ["b.com"]  # c.com is also expired: its lock alone does not block it
    assert result["changed"] is False


def test_the_report_is_the_filters_and_its_json_carries_the_header():
    task_vars = {"plan": {"results": PLAN}, "applied": {"results": APPLIED}, "skipped": {"skipped": True}}
    result = make_action({"plan": "plan", "apply": "applied", "verify": "skipped", "attempted": True,
                          "verified": False, "header": {"profile_id": 1}}).run(task_vars=task_vars)
    expected = registrant_change_report(PLAN, APPLIED, [], attempted=True, verify=False)
    assert result["rows"] == expected["rows"] and result["totals"] == expected["totals"]
    assert result["table"] == expected["table"] and result["markdown"] == expected["markdown"]
    assert json.loads(result["json"]) == {"profile_id": 1, "totals": expected["totals"], "rows": expected["rows"]}
    assert result["domains"]["changed"] == ["a.com"]
    assert sorted(result["domains"]["failed"] + result["domains"]["unknown"]) == ["d.com", "d.com"]


def test_an_apply_that_did_not_run_counts_as_none():
    result = make_action({"plan": "plan", "apply": "never_registered"}).run(task_vars={"plan": {"results": PLAN}})
    assert result["totals"]["would_change"] == 3 and result["totals"]["total"] == len(PLAN)


@pytest.mark.parametrize("task_vars, text", [
    ({}, "no variable plan is defined"),
    ({"plan": {"skipped": True}}, "holds no results"),
    ({"plan": {"results": ["not a row"]}}, "not a list of rows"),
])
def test_a_plan_that_is_not_a_registered_run_is_a_clear_error(task_vars, text):
    with pytest.raises(AnsibleActionFail, match=text):
        make_action({"plan": "plan"}).run(task_vars=task_vars)


def test_a_summary_leaves_out_the_rows_and_their_texts():
    result = make_action({"plan": "plan", "summary_only": True}).run(task_vars={"plan": {"results": PLAN}})
    assert not set(("rows", "markdown", "json")) & set(result)
    assert result["domains"]["would_change"] == ["a.com", "d.com"] and result["totals"]["total"] == len(PLAN)


def test_without_rows_the_json_text_still_holds_every_row():
    task_vars = {"plan": {"results": PLAN}, "applied": {"results": APPLIED}}
    result = make_action({"plan": "plan", "apply": "applied", "attempted": True, "verified": False,
                          "return_rows": False}).run(task_vars=task_vars)
    expected = registrant_change_report(PLAN, APPLIED, [], attempted=True, verify=False)
    assert "rows" not in result
    assert json.loads(result["json"])["rows"] == expected["rows"] and result["markdown"] == expected["markdown"]
    assert result["totals"] == expected["totals"] and result["domains"]["changed"] == ["a.com"]
