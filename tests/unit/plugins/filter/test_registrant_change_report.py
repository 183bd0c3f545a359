# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.alicloud.domain.plugins.filter.registrant_change_report import (
    char_width, display_width, registrant_change_report)


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
                                "blocked": 0, "pending": 0, "failed": 1, "submitted": 0, "unknown": 0,
                                "unresolved": 1}
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


# ------------------------------------------------------------------ 18.1: never a false "changed"
def test_a_task_left_submitted_after_waiting_is_unknown_not_changed():
    """The audit: the task detail was never matched (punycode vs Unicode), the row stayed "submitted"."""
    plan = [row("xn--fsqp3lp2iix1a.com", "would_change", differences=["email"])]
    applied = [row("xn--fsqp3lp2iix1a.com", "submitted", task_no="T9")]
    for verified in ([], None):
        report = registrant_change_report(plan, applied, verified, attempted=True, waited=True, verify=True)
        (only,) = report["rows"]
        assert only["outcome"] == "unknown" and only["task_no"] == "T9", only
        assert "not read back" in only["reason"], only
        assert report["totals"]["changed"] == 0 and report["totals"]["unresolved"] == 1
    # the filter on its own, with its defaults (no verification given): still not "changed"
    assert registrant_change_report(plan, applied)["rows"][0]["outcome"] == "unknown"


def test_without_waiting_a_submitted_task_is_submitted():
    plan = [row("a.com", "would_change", differences=["email"])]
    report = registrant_change_report(plan, [row("a.com", "submitted", task_no="T1")], [], attempted=True,
                                      waited=False, verify=False)
    assert report["rows"][0]["outcome"] == "submitted" and report["totals"]["unresolved"] == 0


def test_a_succeeded_task_is_changed_only_when_the_read_back_matches():
    plan = [row(d, "would_change", differences=["email"]) for d in ("a.com", "b.com", "c.com", "d.com", "e.com")]
    applied = [row(d, "succeeded", task_no="T-" + d) for d in ("a.com", "b.com", "c.com", "d.com", "e.com")]
    verified = [row("a.com", "unchanged"), row("b.com", "would_change", differences=["email"]),
                row("c.com", "failed", error={"code": "ServiceUnavailable", "message": "ServiceUnavailable: try later"}),
                row("d.com", "in_flight")]  # e.com: no row (the verification stopped part way)
    report = registrant_change_report(plan, applied, verified, attempted=True, waited=True, verify=True)
    by = dict((r["domain"], r) for r in report["rows"])
    assert by["a.com"]["outcome"] == "changed"
    assert by["b.com"]["outcome"] == "failed" and "still differs in: email" in by["b.com"]["reason"]
    assert by["c.com"]["outcome"] == "unknown" and "ServiceUnavailable" in by["c.com"]["reason"]
    assert by["d.com"]["outcome"] == "pending"
    assert by["e.com"]["outcome"] == "unknown" and "not read back" in by["e.com"]["reason"]
    assert report["totals"]["changed"] == 1 and report["totals"]["unresolved"] == 3
    # a verification that did not run at all (its task failed): nothing is "changed"
    report = registrant_change_report(plan, applied, [], attempted=True, waited=True, verify=True)
    assert report["totals"]["changed"] == 0 and report["totals"]["unknown"] == 5


def test_without_verification_the_task_detail_decides():
    plan = [row("a.com", "would_change", differences=["email"])]
    report = registrant_change_report(plan, [row("a.com", "succeeded", task_no="T1")], [], attempted=True,
                                      waited=True, verify=False)
    assert report["rows"][0]["outcome"] == "changed"


def test_unknown_statuses_from_the_module_are_unknown():
    plan = [row("a.com", "would_change", differences=["email"])]
    applied = [row("a.com", "unknown", task_no="T1", note="the task detail was not found; the contact still differs")]
    report = registrant_change_report(plan, applied, [], attempted=True, verify=True)
    assert report["rows"][0]["outcome"] == "unknown"
    assert report["rows"][0]["reason"] == "the task detail was not found; the contact still differs"


# ------------------------------------------------------------------ 18.5: an apply step that failed part way
def test_rows_an_apply_step_left_without_a_result_are_unknown():
    applied = [row("a.com", "succeeded", task_no="T1")]  # the partial results of an apply step that failed
    report = registrant_change_report(PLAN, applied, [row("a.com", "unchanged")], attempted=True, verify=True,
                                      apply_error="QueryTaskDetailList: InternalError (RequestId R-1)")
    by = dict((r["domain"], r) for r in report["rows"])
    assert by["a.com"]["outcome"] == "changed"
    for name in ("b.com", "c.com"):
        assert by[name]["outcome"] == "unknown", by[name]
        assert "no result from the apply step (QueryTaskDetailList: InternalError" in by[name]["reason"]
    assert by["ok.com"]["outcome"] == "already_correct" and by["gone.com"]["outcome"] == "failed"
    assert report["totals"]["unresolved"] == 3
    # nothing applied at all (the step failed before any result): the same
    report = registrant_change_report(PLAN, [], [], attempted=True, verify=True, apply_error="boom")
    assert report["totals"]["unknown"] == 3 and report["totals"]["would_change"] == 0


def test_in_flight_rows_not_applied_stay_in_flight():
    plan = [row("a.com", "in_flight", task_no="T0", note="a change is running")]
    report = registrant_change_report(plan, [], [], attempted=True, waited=False, verify=False)
    assert report["rows"][0]["outcome"] == "in_flight" and report["totals"]["unresolved"] == 0


# ------------------------------------------------------------------ 18.13: Markdown escaping
HOSTILE = ("line one\nline two\r\nthree | col <script>alert(1)</script> &amp; `code` *bold* _em_ "
           "[link](http://x.test) ~strike~ back\\slash")


def _cells(line):
    """Split a Markdown table row on the pipes that are not escaped."""
    cells, cur, i = [], "", 0
    body = line.strip()[1:-1]
    while i < len(body):
        if body[i] == "\\" and i + 1 < len(body):
            cur += body[i:i + 2]
            i += 2
            continue
        if body[i] == "|":
            cells.append(cur.strip())
            cur = ""
        else:
            cur += body[i]
        i += 1
    cells.append(cur.strip())
    return cells


def test_markdown_keeps_a_hostile_reason_inside_its_cell():
    report = registrant_change_report([row("a.com", "failed", error={"message": HOSTILE}),
                                       row("b.com", "failed", task_no="T|<b>", error={"message": "plain"})])
    md = report["markdown"]
    lines = md.splitlines()
    rows = [ln for ln in lines if ln.startswith("| a.com") or ln.startswith("| b.com")]
    assert len(rows) == 2, md  # the newlines did not start new table rows
    for line in rows:
        assert len(_cells(line)) == 5, line
    cell = _cells(rows[0])[4]
    assert "<" not in cell.replace("<br>", "") and ">" not in cell.replace("<br>", ""), cell
    assert "&lt;script&gt;" in cell and "&amp;amp;" in cell
    assert "line one<br>line two<br>three" in cell
    for char in "`*_[]~|":
        # every one of these is escaped with a backslash
        assert char not in cell.replace("\\" + char, ""), (char, cell)
    assert "back\\\\slash" in cell
    assert _cells(rows[1])[3] == "T\\|&lt;b&gt;"
    assert "\r" not in md


def test_markdown_leaves_plain_names_readable():
    report = registrant_change_report([row("example-corp.com", "failed", error={"message": "Domain locked."})])
    assert "| example-corp.com | registrant | failed | - | Domain locked. |" in report["markdown"]


def test_plain_table_keeps_one_line_per_row():
    report = registrant_change_report([row("a.com", "failed", error={"message": "one\ntwo"})])
    assert len(report["table"].splitlines()) == 3  # header, the row, the totals


# ------------------------------------------------------------------ 13: blocked rows
def test_blocked_rows_are_counted_and_shown_with_their_reason():
    note = "the domain is under the update prohibition lock"
    plan = [row("a.com", "would_change", differences=["email"]), row("locked.com", "blocked", note=note),
            row("ok.com", "unchanged")]
    report = registrant_change_report(plan)  # the plan on its own (check mode)
    by = dict((r["domain"], r) for r in report["rows"])
    assert by["locked.com"]["outcome"] == "blocked" and by["locked.com"]["reason"] == note
    assert report["totals"]["blocked"] == 1 and report["totals"]["unresolved"] == 0
    assert "locked.com  registrant  blocked" in report["table"] and note in report["table"]
    assert "blocked=1" in report["table"] and "blocked: 1" in report["markdown"]
    # after an apply that found one more domain blocked; a row the plan found blocked and the apply did not take
    # up stays blocked
    applied = [row("a.com", "blocked", note="the domain has expired")]
    report = registrant_change_report(plan, applied, [], attempted=True, verify=False)
    by = dict((r["domain"], r) for r in report["rows"])
    assert by["a.com"]["outcome"] == "blocked" and by["a.com"]["reason"] == "the domain has expired"
    assert by["locked.com"]["outcome"] == "blocked" and by["locked.com"]["reason"] == note
    assert report["totals"]["blocked"] == 2 and report["totals"]["changed"] == 0
    # taken up by the apply (its lock lifted): what the apply read back, not what the plan found
    applied.append(row("locked.com", "unchanged"))
    report = registrant_change_report(plan, applied, [], attempted=True, verify=False)
    assert [r["outcome"] for r in report["rows"] if r["domain"] == "locked.com"] == ["already_correct"]


# ------------------------------------------------------------------ 13: tables that line up (display width)
IDN = u"示例商店.com"  # every CJK character takes two columns in a terminal
COMBINING = u"cafe\u0301.com"  # e + COMBINING ACUTE ACCENT: 9 code points, 8 columns
FULLWIDTH = u"域名已锁定\uff0c请先解锁\uff08ＡＢＣ\uff09"  # a reason in Chinese with full-width punctuation and letters


def test_char_width():
    assert [char_width(c) for c in u"a示Ａ\uff0c\u0301\u200b\u200d\u00ad-ｱ한"] == [1, 2, 2, 2, 0, 0, 0, 1, 1, 1, 2]
    assert display_width(IDN) == 12 and len(IDN) == 8
    assert display_width(COMBINING) == 8 and len(COMBINING) == 9
    assert display_width(u"ＡＢＣ") == 6


def _columns(line, cells):
    """The display column where each of ``cells`` starts in ``line`` (searched left to right)."""
    out, pos = [], 0
    for cell in cells:
        pos = line.index(cell, pos)
        out.append(display_width(line[:pos]))
        pos += len(cell)
    return out


def test_plain_table_lines_up_with_wide_and_combining_characters():
    plan = [row("a.com", "would_change", differences=["email"]),
            row(IDN, "would_change", "admin", differences=["city", "zh_city"]),
            row(COMBINING, "failed", error={"message": FULLWIDTH}),
            row(u"例え.jp", "in_flight", "tech", task_no=u"T-例", note="a change is running"),
            row("a-much-longer-ascii-name.com", "would_change", differences=["email"])]
    report = registrant_change_report(plan)
    lines = report["table"].splitlines()
    head, body = lines[0], lines[1:6]
    expected = _columns(head, ["DOMAIN", "CONTACT", "OUTCOME", "TASK", "REASON / FIELDS"])
    for line, entry in zip(body, report["rows"]):
        cells = [entry["domain"], entry["contact_type"], entry["outcome"], entry["task_no"] or "-"]
        assert _columns(line, cells) == expected[:4], (line, expected)
        # the last column starts where the header's does, and nothing is cut
        reason = entry["reason"] or ", ".join(entry["differences"])
        assert line.endswith(reason) and display_width(line) - display_width(reason) == expected[4], line
    # the domain column is as wide as its widest cell in columns: 28 (the long ASCII name), two spaces, CONTACT
    assert expected[1] == 28 + 2
    # ljust would have lined up code points instead: the IDN row would end 4 columns further right
    assert display_width(body[1].split("admin")[0]) == display_width(body[0].split("registrant")[0])


def test_plain_table_column_sized_by_a_wide_name():
    """When the widest cell is the IDN, the column takes its display width (12), not its length (8)."""
    report = registrant_change_report([row(IDN, "would_change", differences=["email"]),
                                       row("b.com", "would_change", differences=["email"])])
    head, first, second = report["table"].splitlines()[:3]
    assert head.index("CONTACT") == 12 + 2
    assert _columns(first, ["registrant"]) == [14] and _columns(second, ["registrant"]) == [14]
    assert first == IDN + "  registrant  would_change  -     email"


def test_without_markdown_the_rest_of_the_report_is_the_same():
    plan = [{"domain": "a.com", "contact_type": "registrant", "status": "would_change", "differences": ["email"]},
            {"domain": "b.com", "contact_type": "admin", "status": "unchanged"}]
    full = registrant_change_report(plan)
    short = registrant_change_report(plan, markdown=False)
    assert "markdown" not in short and "markdown" in full
    assert short == dict((k, v) for k, v in full.items() if k != "markdown")
