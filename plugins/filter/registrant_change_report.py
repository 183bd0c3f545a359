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
  - An outcome is only what was read back from the service. V(changed) means this run's task succeeded
    B(and), when O(verify) is on, a fresh read showed the contact matching the profile (without verification,
    the task detail said it succeeded).
  - Other outcomes are V(already_correct), V(would_change) (check mode), V(submitted) (submitted and not waited
    for, O(waited=false)), V(in_flight) (another change was running; nothing submitted), V(blocked) (the
    domain's state refuses a contact change - an update prohibition lock, an expired domain, a transfer out, a
    real-name review; never written, the reason names why; a row the plan found blocked that the apply then
    submitted - its update lock lifted in between - takes the apply's outcome, as does one the apply found holding
    the profile already), V(pending) (still running when the wait ended),
    V(unknown) (submitted, or meant to be, but the outcome was never read back; the reason says why) and
    V(failed) (with the reason).
  - V(unknown) and V(failed) leave the change unconfirmed; C(totals.unresolved) counts them and the
    C(alicloud.domain.registrant_change) role fails the play on them. V(blocked) is known not to be done, like
    V(in_flight), and is not counted there.
  - The plain-text C(table) lines up in a terminal whatever the script of the names - Chinese IDNs, full-width
    characters, combining marks - because its columns are padded to their display width (East Asian Width
    wide and full-width characters take two columns, combining marks none), not to their length in code points.
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
  attempted:
    description:
      - Whether the apply run was started. A contact the plan wanted to change with no row in O(applied) is then
        V(unknown) (the apply step failed before reporting it), not V(would_change).
      - Defaults to whether O(applied) is not empty.
    type: bool
  waited:
    description:
      - Whether the apply run waited for its tasks. If it did, a row still V(submitted) had no outcome read back
        and is V(unknown); if not, it is V(submitted).
    type: bool
    default: true
  verify:
    description:
      - Whether every task that succeeded was meant to be read back. A succeeded row with no matching row in
        O(verified) is then V(unknown), never V(changed) - unless the apply row says C(verified) (the apply read
        the contact back after its task and it held the profile).
      - Defaults to whether O(verified) is not empty.
    type: bool
  apply_error:
    description: The apply step's error message, quoted in the reason of the contacts it left without a result.
    type: str
    default: ""
  locks:
    description:
      - What was done to the update prohibition locks around the change (the role's
        C(registrant_change_lift_update_lock)) - C(to_lift) (the domains whose lock was to be lifted), C(lifted)
        (read back unlocked after the lift) and C(restored) (read back locked after the restore), lists of names.
      - Each row of a domain in C(to_lift) gets C(update_lock) - V(lifted and restored), V(lifted, not restored)
        or V(not lifted) - also shown in the tables' last column. Other rows get null.
    type: dict
    default: {}
  markdown:
    description: Whether to build C(markdown) (a plan summed up for its table alone goes without it).
    type: bool
    default: true
'''

EXAMPLES = r'''
- name: Build the report
  ansible.builtin.set_fact:
    report: "{{ plan.results | alicloud.domain.registrant_change_report(applied.results, verified.results) }}"

- name: Build the report after an apply step that failed part way
  ansible.builtin.set_fact:
    report: >-
      {{ plan.results | alicloud.domain.registrant_change_report(applied.results | default([]), [],
         attempted=true, verify=false, apply_error=applied.msg | default('')) }}
'''

RETURN = r'''
_value:
  description:
    - C(rows) (domain, contact_type, outcome, task_no, differences, reason, update_lock), C(totals) per outcome plus C(total)
      and C(unresolved) (V(unknown) + V(failed)), C(table) (plain text, the rows that are not already correct,
      columns padded to their display width) and C(markdown) (every row).
    - In C(markdown) every cell is escaped, so text from the service (a reason with a line break, C(|), HTML,
      backticks, emphasis or link characters) stays inside its cell and is shown as text.
    - The rows hold domain names, statuses and field names, never contact details.
  type: dict
'''

import re
import unicodedata

OUTCOMES = ("changed", "already_correct", "would_change", "submitted", "in_flight", "blocked", "pending", "unknown",
            "failed")
# outcomes that leave the wanted change unconfirmed: the role fails on them
UNRESOLVED = ("unknown", "failed")
_MD_SPECIAL = "\\`*_[]|~"  # backslash-escaped in a Markdown cell
_MD_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\n": "<br>"}  # any other control: a space
# what md_cell() changes: a special character, &, <, >, a line break or other control, "_" unless inside a word
_MD_CHANGES = re.compile(r"[\\`*\[\]|~&<>\x00-\x1f\x7f\u2028\u2029]|(?<![^\W_])_|_(?![^\W_])")


def _key(row):
    return (row.get("domain"), row.get("contact_type"))


def _reason(entry):
    error = entry.get("error") or {}
    if not isinstance(error, dict):
        error = {"message": str(error)}
    return error.get("message") or error.get("code") or entry.get("note") or ""


def _verified_outcome(verified):
    """A task that succeeded, checked against a fresh read of the contact."""
    if verified is None:
        return "unknown", "the task succeeded but the contact was not read back to confirm it"
    status = verified.get("status")
    if status == "unchanged":
        return "changed", ""
    if status == "would_change":
        return "failed", "the task succeeded but the contact still differs in: %s" % (
            ", ".join(verified.get("differences") or []) or "(fields not named)")
    if status == "in_flight":
        return "pending", "the task succeeded but another change of this contact is still running"
    return "unknown", "the task succeeded but reading the contact back failed%s" % (
        ": " + _reason(verified) if _reason(verified) else "")


def _outcome(plan, applied, verified, attempted, waited, verify, apply_error):
    if plan.get("status") == "failed":
        return "failed", _reason(plan)
    if plan.get("status") == "unchanged":
        return "already_correct", ""
    # never written - unless the apply took it up (blocked only by the update lock, lifted, then given to the apply):
    # then its row says what became of the contact, whether or not it has a task number (a write whose answer was
    # lost has none: found running and read back, or failed), and a domain it found still locked is blocked there
    if plan.get("status") == "blocked" and applied is None:
        return "blocked", _reason(plan) or "the domain's state refuses a contact change"
    if applied is None:
        if attempted and plan.get("status") == "would_change":
            return "unknown", "no result from the apply step%s; read the contact again before retrying" % (
                " (%s)" % apply_error if apply_error else "")
        return plan.get("status") if plan.get("status") in OUTCOMES else "would_change", _reason(plan)
    status = applied.get("status")
    if status == "unchanged":
        return "already_correct", ""
    if status == "failed":
        return "failed", _reason(applied) or "the task failed"
    if status in ("in_flight", "pending"):
        return status, _reason(applied) or "a change is still being processed"
    if status == "blocked":
        return "blocked", _reason(applied) or "the domain's state refuses a contact change"
    if status == "succeeded":
        if verify and not applied.get("verified"):  # verified: the apply read it back after its task
            return _verified_outcome(verified)
        return "changed", ""
    if status == "submitted" and not waited:
        return "submitted", _reason(applied) or "submitted, not waited for: follow it with alicloud.domain.task_info"
    # submitted although waited for, "unknown", or a status this filter does not know: nothing was read back
    return "unknown", _reason(applied) or "submitted; the outcome of the task was not read back from the service"


def _last_cell(row):
    text = row["reason"] or ", ".join(row["differences"]) or "-"
    return text + " [update lock %s]" % row["update_lock"] if row.get("update_lock") else text


def _lock_note(domain, locks):
    """What was done to the update lock of ``domain`` (``locks``: to_lift, lifted, restored, as sets), or ``None``."""
    if domain not in locks["to_lift"]:
        return None
    if domain not in locks["lifted"]:
        return "not lifted"
    return "lifted and restored" if domain in locks["restored"] else "lifted, not restored"


def _table(rows, totals):
    head = ("DOMAIN", "CONTACT", "OUTCOME", "TASK", "REASON / FIELDS")
    body = [tuple(_plain(c) for c in (r["domain"], r["contact_type"], r["outcome"], r["task_no"] or "-",
                                      _last_cell(r)))
            for r in rows if r["outcome"] != "already_correct"]
    widths = [max(display_width(x) for x in col) for col in zip(head, *body)]

    def line(cols):
        return "  ".join(pad(c, w) for c, w in zip(cols, widths)).rstrip()
    out = [line(head)] + [line(b) for b in body]
    if totals["already_correct"]:
        out.append("(%d already correct, not listed)" % totals["already_correct"])
    out.append("totals: " + ", ".join("%s=%d" % (k, totals[k]) for k in ("total",) + OUTCOMES))
    return "\n".join(out)


def char_width(char):
    """Columns ``char`` takes in a terminal: 2 for East Asian Wide and Fullwidth, 0 for combining marks,
    format characters (zero-width space, joiners) and controls, else 1."""
    if unicodedata.combining(char) or (unicodedata.category(char) in ("Mn", "Me", "Cf", "Cc") and char != "\u00ad"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def display_width(text):
    """Columns ``text`` takes in a terminal (what ``len`` is for printable ASCII)."""
    if text.isascii() and text.isprintable():
        return len(text)
    return sum(char_width(char) for char in text)


def pad(text, width):
    """``text`` followed by spaces up to ``width`` columns (``str.ljust`` counts code points, not columns)."""
    return text + " " * max(0, width - display_width(text))


def _md_escaped(match):
    char = match.group()
    return "\\" + char if char in _MD_SPECIAL else _MD_ENTITIES.get(char, " ")


def md_cell(text):
    """``text`` as one Markdown table cell: no line break, no HTML, no link or emphasis, no column break. A "_"
    inside a word (already_correct) never starts emphasis and stays as it is."""
    return _MD_CHANGES.sub(_md_escaped, str(text).replace("\r\n", "\n").replace("\r", "\n"))


def _plain(text):
    """``text`` on one line of the plain-text table."""
    return " ".join(str(text).split())


def _markdown(rows, totals):
    out = ["# Registrant change report", "",
           "| " + " | ".join("%s: %d" % (k, totals[k]) for k in ("total",) + OUTCOMES) + " |",
           "|" + "---|" * (len(OUTCOMES) + 1), "",
           "| Domain | Contact | Outcome | Task | Reason / fields |", "|---|---|---|---|---|"]
    for r in rows:
        out.append("| %s |" % " | ".join(md_cell(c) for c in (
            r["domain"], r["contact_type"], r["outcome"], r["task_no"] or "-", _last_cell(r))))
    return "\n".join(out) + "\n"


def registrant_change_report(plan, applied=None, verified=None, attempted=None, waited=True, verify=None,
                             apply_error="", locks=None, markdown=True):
    applied_by = dict((_key(r), r) for r in applied or [])
    verified_by = dict((_key(r), r) for r in verified or [])
    attempted = bool(applied) if attempted is None else bool(attempted)
    verify = bool(verified) if verify is None else bool(verify)
    locks = dict((k, frozenset((locks or {}).get(k) or ())) for k in ("to_lift", "lifted", "restored"))
    rows = []
    for entry in plan or []:
        key = _key(entry)
        applied_entry = applied_by.get(key) if attempted else None
        outcome, reason = _outcome(entry, applied_entry, verified_by.get(key), attempted, waited, verify,
                                   _plain(apply_error or ""))
        rows.append({"domain": key[0], "contact_type": key[1], "outcome": outcome, "reason": reason,
                     "task_no": (applied_entry or {}).get("task_no") or entry.get("task_no"),
                     "differences": list(entry.get("differences") or []),
                     "update_lock": _lock_note(key[0], locks)})
    totals = dict((k, 0) for k in OUTCOMES)
    for row in rows:
        totals[row["outcome"]] += 1
    totals["total"] = len(rows)
    totals["unresolved"] = sum(totals[k] for k in UNRESOLVED)
    out = {"rows": rows, "totals": totals, "table": _table(rows, totals)}
    if markdown:
        out["markdown"] = _markdown(rows, totals)
    return out


class FilterModule(object):
    def filters(self):
        return {"registrant_change_report": registrant_change_report}
