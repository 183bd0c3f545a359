# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""registrant_change_report: per domain, whether its update lock was lifted and restored (issue 16)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.alicloud.domain.plugins.filter.registrant_change_report import registrant_change_report

BLOCKED = {"status": "blocked", "note": "not written: a.com is blocked (update_lock): its update prohibition lock is on"}


def plan_row(domain, status="would_change", contact_type="registrant", **extra):
    row = {"domain": domain, "contact_type": contact_type, "status": status, "differences": ["email"]}
    row.update(extra)
    return row


def test_each_row_says_what_was_done_to_its_update_lock():
    plan = [plan_row("a.com", **BLOCKED), plan_row("a.com", contact_type="admin", **BLOCKED),
            plan_row("b.com", **BLOCKED), plan_row("c.com", **BLOCKED), plan_row("d.com")]
    applied = [{"domain": "a.com", "contact_type": "registrant", "status": "succeeded", "task_no": "T-A"},
               {"domain": "a.com", "contact_type": "admin", "status": "succeeded", "task_no": "T-A2"},
               {"domain": "b.com", "contact_type": "registrant", "status": "succeeded", "task_no": "T-B"},
               {"domain": "d.com", "contact_type": "registrant", "status": "succeeded", "task_no": "T-D"}]
    locks = {"to_lift": ["a.com", "b.com", "c.com"], "lifted": ["a.com", "b.com"], "restored": ["a.com"]}
    report = registrant_change_report(plan, applied, [], attempted=True, verify=False, locks=locks)
    by = dict(((r["domain"], r["contact_type"]), r) for r in report["rows"])
    assert by[("a.com", "registrant")]["update_lock"] == by[("a.com", "admin")]["update_lock"] == "lifted and restored"
    assert by[("b.com", "registrant")]["update_lock"] == "lifted, not restored"
    assert by[("c.com", "registrant")]["update_lock"] == "not lifted"
    assert by[("c.com", "registrant")]["outcome"] == "blocked"  # never written
    assert by[("d.com", "registrant")]["update_lock"] is None  # not locked: never touched
    assert by[("a.com", "registrant")]["outcome"] == "changed"
    assert "[update lock lifted, not restored]" in report["table"]
    assert "\\[update lock lifted and restored\\]" in report["markdown"]  # escaped in a Markdown cell


def test_without_locks_rows_carry_no_lock_note():
    report = registrant_change_report([plan_row("a.com", **BLOCKED)])
    assert report["rows"][0]["update_lock"] is None and "update lock [" not in report["table"]
    assert report["rows"][0]["outcome"] == "blocked"


def test_a_lifted_domain_whose_change_failed_without_a_task_is_failed_not_blocked():
    plan = [plan_row("a.com", **BLOCKED)]
    applied = [{"domain": "a.com", "contact_type": "registrant", "status": "failed", "task_no": None,
                "error": {"code": "InternalError", "message": "SaveSingleTaskForUpdatingContactInfo failed"}}]
    locks = {"to_lift": ["a.com"], "lifted": ["a.com"], "restored": ["a.com"]}
    row = registrant_change_report(plan, applied, [], attempted=True, verify=False, locks=locks)["rows"][0]
    assert (row["outcome"], row["update_lock"]) == ("failed", "lifted and restored")
    assert "InternalError" in row["reason"] or "failed" in row["reason"]


def test_a_domain_the_apply_found_still_locked_stays_blocked():
    plan = [plan_row("a.com", **BLOCKED)]
    applied = [{"domain": "a.com", "contact_type": "registrant", "status": "blocked", "task_no": None,
                "note": "not written: a.com is blocked (update_lock)"}]
    row = registrant_change_report(plan, applied, [], attempted=True, locks={"to_lift": ["a.com"]})["rows"][0]
    assert (row["outcome"], row["update_lock"]) == ("blocked", "not lifted")


def test_a_lifted_domain_whose_write_lost_its_answer_and_was_found_done_is_changed_not_blocked():
    """The write's answer was lost; the change was found running and the contact read back holding the profile: the
    apply's row has no task number, and it is changed all the same (the revert of the second headline reported 26
    such contacts blocked, and the role would have failed on them)."""
    plan = [plan_row("a.com", **BLOCKED)]
    applied = [{"domain": "a.com", "contact_type": "registrant", "status": "succeeded", "task_no": None,
                "verified": True, "note": "the answer to SaveSingleTaskForUpdatingContactInfo was lost; the change "
                                          "was found running; the contact read back matches the profile"}]
    locks = {"to_lift": ["a.com"], "lifted": ["a.com"], "restored": ["a.com"]}
    report = registrant_change_report(plan, applied, [], attempted=True, verify=True, locks=locks)
    row = report["rows"][0]
    assert (row["outcome"], row["update_lock"]) == ("changed", "lifted and restored")
    assert report["totals"]["blocked"] == 0 and report["totals"]["changed"] == 1
