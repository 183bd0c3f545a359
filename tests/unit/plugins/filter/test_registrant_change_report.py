# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.alicloud.domain.plugins.filter.registrant_change_report import registrant_change_report


def row(domain, status, ctype="registrant", **extra):
    out = {"domain": domain, "contact_type": ctype, "status": status, "task_no": None, "differences": [],
           "error": None}
    out.update(extra)
    return out


PLAN = [row("ok.com", "unchanged"), row("a.com", "would_change", differences=["email"]),
        row("b.com", "would_change", differences=["city"]), row("gone.com", "failed",
                                                                error={"message": "DomainNotExist: no such domain"}),
        row("c.com", "would_change", differences=["email"])]


def test_check_mode_report_lists_the_plan():
    report = registrant_change_report(PLAN)
    assert report["totals"] == {"total": 5, "changed": 0, "already_correct": 1, "would_change": 3, "in_flight": 0,
                                "pending": 0, "failed": 1}
    assert "ok.com" not in report["table"] and "(1 already correct, not listed)" in report["table"]
    assert "| ok.com | registrant | already_correct |" in report["markdown"]


def test_outcomes_after_apply_and_verify():
    applied = [row("a.com", "succeeded", task_no="T1"), row("b.com", "failed", task_no="T2",
                                                            error={"message": "locked"}),
               row("c.com", "succeeded", task_no="T3")]
    verified = [row("a.com", "unchanged"), row("c.com", "would_change", differences=["email"])]
    report = registrant_change_report(PLAN, applied, verified)
    by = dict((r["domain"], r) for r in report["rows"])
    assert by["a.com"]["outcome"] == "changed" and by["a.com"]["task_no"] == "T1"
    assert by["b.com"]["outcome"] == "failed" and by["b.com"]["reason"] == "locked"
    assert by["c.com"]["outcome"] == "failed" and "still differs in: email" in by["c.com"]["reason"]
    assert by["gone.com"]["reason"].startswith("DomainNotExist")
    assert report["totals"]["changed"] == 1 and report["totals"]["failed"] == 3


def test_markdown_escapes_pipes():
    report = registrant_change_report([row("a.com", "failed", error={"message": "a | b"})])
    assert "a \\| b" in report["markdown"]
