# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.domain contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
name: registrant_change_report
short_description: Merge the plan, apply and verify results of a registrant change into one report
version_added: 0.1.0
description:
  - Takes the C(results) lists of M(alicloud.domain.contacts) runs (the plan in check mode, the apply run, the
    verification in check mode) and returns one row per domain and contact type with its final outcome.
  - Outcomes are V(changed) (submitted, and succeeded or confirmed when waited for), V(already_correct),
    V(would_change) (check mode), V(in_flight), V(pending) and V(failed) (with the reason).
  - Used by the C(alicloud.domain.registrant_change) role; also handy on its own.
author:
  - alicloud.domain contributors (@alicloud-domain)
options:
  _input:
    description: The C(results) of the plan run.
    type: list
    elements: dict
    required: true
  applied:
    description: The C(results) of the apply run (empty in check mode).
    type: list
    elements: dict
    default: []
  verified:
    description: The C(results) of the verification run (empty when not verified).
    type: list
    elements: dict
    default: []
'''

EXAMPLES = r'''
- name: Build the report
  ansible.builtin.set_fact:
    report: "{{ plan.results | alicloud.domain.registrant_change_report(applied.results, verified.results) }}"
'''

RETURN = r'''
_value:
  description: C(rows) (domain, contact_type, outcome, task_no, differences, reason), C(totals) per outcome,
    C(table) (plain text, the rows that are not already correct) and C(markdown) (every row).
  type: dict
'''

OUTCOMES = ("changed", "already_correct", "would_change", "in_flight", "pending", "failed")


def _key(row):
    return (row.get("domain"), row.get("contact_type"))


def _reason(entry):
    error = entry.get("error") or {}
    return error.get("message") or error.get("code") or entry.get("note") or ""


def _outcome(plan, applied, verified):
    if plan.get("status") == "failed":
        return "failed", _reason(plan)
    if plan.get("status") == "unchanged":
        return "already_correct", ""
    if applied is None:
        return plan.get("status") if plan.get("status") in OUTCOMES else "would_change", _reason(plan)
    status = applied.get("status")
    if status == "unchanged":
        return "already_correct", ""
    if status == "failed":
        return "failed", _reason(applied)
    if status in ("in_flight", "pending"):
        return status, _reason(applied) or "a change is still being processed"
    if verified is None or verified.get("status") == "unchanged":
        return "changed", ""
    if status == "succeeded":
        return "failed", "the task succeeded but the contact still differs in: %s" % ", ".join(
            verified.get("differences") or [])
    return "pending", "submitted; the contact does not match yet"


def _table(rows, totals):
    head = ("DOMAIN", "CONTACT", "OUTCOME", "TASK", "REASON / FIELDS")
    body = [(r["domain"], r["contact_type"], r["outcome"], r["task_no"] or "-",
             r["reason"] or ", ".join(r["differences"]) or "-") for r in rows if r["outcome"] != "already_correct"]
    widths = [max(len(str(x)) for x in col) for col in zip(head, *body)] if body else [len(h) for h in head]

    def line(cols):
        return "  ".join(str(c).ljust(w) for c, w in zip(cols, widths)).rstrip()
    out = [line(head)] + [line(b) for b in body]
    if totals["already_correct"]:
        out.append("(%d already correct, not listed)" % totals["already_correct"])
    out.append("totals: " + ", ".join("%s=%d" % (k, totals[k]) for k in ("total",) + OUTCOMES))
    return "\n".join(out)


def _markdown(rows, totals):
    def esc(text):
        return str(text).replace("|", "\\|")
    out = ["# Registrant change report", "",
           "| " + " | ".join("%s: %d" % (k, totals[k]) for k in ("total",) + OUTCOMES) + " |",
           "|" + "---|" * (len(OUTCOMES) + 1), "",
           "| Domain | Contact | Outcome | Task | Reason / fields |", "|---|---|---|---|---|"]
    for r in rows:
        out.append("| %s | %s | %s | %s | %s |" % (esc(r["domain"]), r["contact_type"], r["outcome"],
                                                   esc(r["task_no"] or "-"),
                                                   esc(r["reason"] or ", ".join(r["differences"]) or "-")))
    return "\n".join(out) + "\n"


def registrant_change_report(plan, applied=None, verified=None):
    applied_by = dict((_key(r), r) for r in applied or [])
    verified_by = dict((_key(r), r) for r in verified or [])
    rows = []
    for entry in plan or []:
        key = _key(entry)
        outcome, reason = _outcome(entry, applied_by.get(key) if applied else None,
                                   verified_by.get(key) if verified else None)
        applied_entry = applied_by.get(key) or {}
        rows.append({"domain": key[0], "contact_type": key[1], "outcome": outcome, "reason": reason,
                     "task_no": applied_entry.get("task_no") or entry.get("task_no"),
                     "differences": list(entry.get("differences") or [])})
    totals = dict((k, 0) for k in OUTCOMES)
    for row in rows:
        totals[row["outcome"]] += 1
    totals["total"] = len(rows)
    return {"rows": rows, "totals": totals, "table": _table(rows, totals), "markdown": _markdown(rows, totals)}


class FilterModule(object):
    def filters(self):
        return {"registrant_change_report": registrant_change_report}
