# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A Save* whose answer is lost: the module finds out whether the task exists before submitting again.

The proof is the emulator's call log: the order of the calls and how many Save* calls were carried out.
"""

from __future__ import absolute_import, division, print_function

import json

import pytest

from .conftest import BATCH, PROFILE_A, PROFILE_B, PROFILE_NONAUDIT, SAVE

DOMAIN, CTYPE = "old-brand.xyz", "registrant"
ARGS = {"domain_name": DOMAIN, "contact_type": CTYPE, "registrant_profile_id": PROFILE_A}


def actions(emu):
    return [(c["action"], c["status"], c["fault"]) for c in emu.calls()]


def test_drop_after_save_task_in_flight_is_found_not_resubmitted(run_main, emu):
    emu.faults("%s:drop_after:1" % SAVE)
    result = run_main("contact", ARGS)
    seq = actions(emu)
    names = [a for a, _s, _f in seq]
    # the in-flight check right before the write (issue 18.6), then the write
    assert names[:4] == ["QueryRegistrantProfiles", "QueryContactInfo", "QueryDomainByDomainName", SAVE], seq
    assert seq[3] == (SAVE, 0, "drop_after")  # carried out, answer never sent
    # then: is the domain busy? which task? -- and no second Save*
    assert names[4] == "QueryDomainByDomainName", seq
    assert "QueryTaskList" in names[5:], seq
    assert names.count(SAVE) == 1, seq
    task_no = emu.details()[0][2]
    assert result["changed"] and result["status"] == "submitted" and result["task_no"] == task_no, result
    assert "was lost; the change was found running" in json.dumps(result.get("warnings")), result.get("warnings")
    emu.assert_no_duplicates()


def test_drop_after_save_task_already_done_is_found_by_value(run_main, emu):
    """Tasks finish at creation: the domain is idle again, but its contact already holds the profile."""
    emu.config(task_seconds=0)
    emu.faults("%s:drop_after:1" % SAVE)
    result = run_main("contact", ARGS)
    names = [a for a, _s, _f in actions(emu)]
    assert names == ["QueryRegistrantProfiles", "QueryContactInfo", "QueryDomainByDomainName", SAVE,
                     "QueryDomainByDomainName", "QueryContactInfo"], names
    assert result["changed"] and result["status"] == "submitted", result
    assert emu.matches(DOMAIN, CTYPE, PROFILE_A)
    emu.assert_no_duplicates()


def test_reset_before_save_is_resubmitted_only_after_reading_again(run_main, emu):
    emu.faults("%s:reset_before:1" % SAVE)
    result = run_main("contact", ARGS)
    seq = actions(emu)
    assert seq[3] == (SAVE, 0, "reset_before"), seq
    names = [a for a, _s, _f in seq]
    assert names[4:] == ["QueryDomainByDomainName", "QueryContactInfo", SAVE], seq  # idle and still different
    assert seq[-1][1] == 200
    assert result["changed"] and result["status"] == "submitted"
    assert len(emu.carried_out_saves()) == 1
    emu.assert_no_duplicates()


def test_5xx_on_save_is_resubmitted_only_after_reading_again(run_main, emu):
    emu.faults("%s:503:1" % SAVE)
    run_main("contact", ARGS)
    names = [a for a, _s, _f in actions(emu)]
    assert names[3:] == [SAVE, "QueryDomainByDomainName", "QueryContactInfo", SAVE], names
    assert len(emu.carried_out_saves()) == 1
    emu.assert_no_duplicates()


def test_throttled_save_is_resent_without_rereading(run_main, emu):
    """Throttling refuses before doing anything: resending is safe and needs no recovery reads."""
    emu.faults("%s:throttle:2" % SAVE)
    result = run_main("contact", ARGS)
    names = [a for a, _s, _f in actions(emu)]
    assert names[3:] == [SAVE, SAVE, SAVE], names
    assert result["changed"]
    assert len(emu.carried_out_saves()) == 1


def test_batch_answer_lost_every_domain_checked_none_resubmitted(run_main, emu):
    domains = ["old-brand.xyz", "promo-2026.top", "zhangsan.cn"]
    emu.faults("%s:drop_after:1" % BATCH)
    result = run_main("contacts", {"domains": domains, "contact_types": ["billing"], "batch_size": 10,
                                   "registrant_profile_id": PROFILE_A})
    names = [a for a, _s, _f in actions(emu)]
    first = names.index(BATCH)
    after = names[first + 1:]
    assert names.count(BATCH) == 1 and SAVE not in names, names
    # the batch's task is found by its domains (one task list, one detail read), not by reading every domain
    assert after[:2] == ["QueryTaskList", "QueryTaskDetailList"] and "QueryDomainByDomainName" not in after, names
    assert result["changed"] and result["totals"]["submitted"] == len(domains), result["totals"]
    assert len(set(r["task_no"] for r in result["results"])) == 1 and "its task was found" in result["results"][0]["note"]
    emu.assert_no_duplicates()
    assert emu.pairs() == dict(((d, "billing"), 1) for d in domains)


def test_batch_not_carried_out_is_looked_for_twice_then_submitted_once(run_main, emu):
    """A 503 to the batch: the task list, read twice a pause apart, shows no task of it; the batch is sent again
    as it was, without reading each domain (the task list already told that none was reached)."""
    domains = ["old-brand.xyz", "promo-2026.top", "zhangsan.cn"]
    emu.faults("%s:503:1" % BATCH)
    result = run_main("contacts", {"domains": domains, "contact_types": ["billing"], "batch_size": 10,
                                   "registrant_profile_id": PROFILE_A})
    names = [a for a, _s, _f in actions(emu)]
    after = names[names.index(BATCH) + 1:]
    assert after[:3] == ["QueryTaskList", "QueryTaskList", BATCH], names
    assert "QueryDomainByDomainName" not in after and "QueryContactInfo" not in after[:3], names
    assert result["totals"]["submitted"] == len(domains), result["totals"]
    assert "sent again" in result["results"][0]["note"], result["results"][0]
    emu.assert_no_duplicates()
    assert emu.pairs() == dict(((d, "billing"), 1) for d in domains)


def test_second_run_after_lost_answer_submits_nothing(run_main, emu):
    """Run, lose the answer, run again: the second run sees the change in flight and submits nothing."""
    emu.faults("%s:drop_after:1" % SAVE)
    run_main("contact", ARGS)
    emu.clear_calls()
    again = run_main("contact", ARGS)
    names = [c["action"] for c in emu.calls()]
    assert again["changed"] is False and again["status"] == "in_flight", again
    assert [c for c in emu.calls() if c["action"] == SAVE and c["status"] == 200] == [], names
    emu.complete()
    third = run_main("contact", ARGS)
    assert third["changed"] is False and third["status"] == "unchanged"
    emu.assert_no_duplicates()


def test_lost_answer_on_a_domain_busy_with_another_contact_is_not_claimed(run_main, emu):
    """The registrant of a domain is changing; a tech change is sent and its answer lost (the service refused
    it as in flight). The module must not report the registrant task as its own tech change."""
    first = run_main("contact", ARGS)
    assert first["status"] == "submitted"
    emu.faults("%s:drop_after:1" % SAVE)
    emu.clear_calls()
    result = run_main("contact", dict(ARGS, contact_type="tech"))
    assert result["changed"] is False and result["status"] == "in_flight", result
    # issue 18.6: the in-flight check right before the write sees the registrant change: the tech change is not
    # even sent (before, it was sent, refused, its answer lost, and then not claimed: "another contact")
    assert "already being processed" in json.dumps(result.get("warnings")), result.get("warnings")
    assert SAVE not in [c["action"] for c in emu.calls()]
    emu.control("DELETE", "/faults")
    assert emu.pairs() == {(DOMAIN, CTYPE): 1}
    emu.complete()
    assert not emu.matches(DOMAIN, "tech", PROFILE_A)
    # and in bulk, through a batch whose answer is lost
    emu.faults("%s:drop_after:1" % BATCH)
    run_main("contact", dict(ARGS, contact_type="admin"))  # busy again (admin change)
    bulk = run_main("contacts", {"domains": [DOMAIN, "promo-2026.top"], "contact_types": ["tech"],
                                 "batch_size": 10, "registrant_profile_id": PROFILE_A})
    by_domain = dict((r["domain"], r["status"]) for r in bulk["results"])
    assert by_domain == {DOMAIN: "in_flight", "promo-2026.top": "submitted"}, bulk["results"]
    emu.assert_no_duplicates()


# ------------------------------------------------------------------ issue 18: outcomes only as read back
IDN, PUNY = u"示例商店.com", "xn--fsqp3lp2iix1a.com"


def test_punycode_name_failed_task_is_reported_failed_not_changed(run_main, emu):
    """18.1 as the audit ran it: profile 18100003 is not real-name verified, so the registrant task fails;
    the name given in punycode, the service answering in Unicode."""
    emu.config(task_seconds=0)
    result = run_main("contacts", {"domains": [PUNY], "registrant_profile_id": PROFILE_NONAUDIT, "wait": True,
                                   "fail_on_error": False})
    row = result["results"][0]
    assert row["domain"] == IDN and row["status"] == "failed" and row["task_no"], row
    assert result["totals"]["failed"] == 1 and result["totals"]["succeeded"] == 0, result["totals"]
    single = run_main("contact", {"domain_name": PUNY, "registrant_profile_id": PROFILE_NONAUDIT, "wait": True})
    assert single.get("failed") and single["status"] == "failed" and single["domain_name"] == IDN, single


def test_unicode_and_punycode_spellings_are_one_write(run_main, emu):
    result = run_main("contacts", {"domains": [IDN, PUNY, "XN--FSQP3LP2IIX1A.COM"], "contact_types": ["billing"],
                                   "registrant_profile_id": PROFILE_A})
    assert [r["domain"] for r in result["results"]] == [IDN], result["results"]
    assert emu.pairs() == {(IDN, "billing"): 1}
    emu.assert_no_duplicates()


def test_lost_batch_answer_does_not_adopt_the_previous_runs_task(run_main, emu):
    """18.4 as the audit ran it: run 1 moves two admin contacts to profile B in a batch; run 2 targets profile A
    and its batch write gets a 503 (not carried out). Run 2 must not take run 1's task for its own."""
    domains, args = ["old-brand.xyz", "promo-2026.top"], {"contact_types": ["admin"], "batch_size": 10}
    first = run_main("contacts", dict(args, domains=domains, registrant_profile_id=PROFILE_B))
    old_task = first["results"][0]["task_no"]
    assert first["totals"]["submitted"] == 2 and old_task
    emu.complete()
    emu.faults("%s:503:1" % BATCH)
    second = run_main("contacts", dict(args, domains=domains, registrant_profile_id=PROFILE_A, wait=True))
    assert [r["status"] for r in second["results"]] == ["succeeded", "succeeded"], second["results"]
    assert all(r["task_no"] and r["task_no"] != old_task for r in second["results"]), second["results"]
    assert all(emu.matches(d, "admin", PROFILE_A) for d in domains)
    stats = emu.stats()
    assert stats["duplicate_tasks"] == 0 and stats["noop_task_details"] == 0, stats


@pytest.mark.parametrize("fail_on_error", [False, True])
def test_polling_failure_keeps_what_was_submitted(run_main, emu, fail_on_error):
    """18.5 as the audit ran it: QueryTaskDetailList answering 500 while waiting for three tasks."""
    domains = ["old-brand.xyz", "promo-2026.top", "zhangsan.cn"]
    emu.faults("QueryTaskDetailList:500")
    result = run_main("contacts", {"domains": domains, "contact_types": ["billing"], "wait": True, "max_retries": 0,
                                   "registrant_profile_id": PROFILE_A, "fail_on_error": fail_on_error})
    assert bool(result.get("failed")) is fail_on_error, result.get("msg")
    assert result["changed"] is True and result["totals"]["total"] == 3, result
    rows = result["results"]
    assert len(set(r["task_no"] for r in rows)) == 3 and all(r["task_no"] for r in rows), rows
    # the tasks run for 30 s in this emulator: read back, each domain still has a change in flight
    assert [r["status"] for r in rows] == ["pending"] * 3, rows
    assert all("could not be read" in r["note"] for r in rows), rows
    emu.assert_no_duplicates()


def test_contact_polling_failure_keeps_changed_and_task(run_main, emu):
    emu.faults("QueryTaskDetailList:500")
    result = run_main("contact", dict(ARGS, wait=True, max_retries=0))
    assert result.get("failed") and result["changed"] is True and result["task_no"], result
    assert result["status"] == "pending" and "could not be read" in result["msg"], result
    emu.complete()
    again = run_main("contact", dict(ARGS, wait=True, max_retries=0))
    assert again["changed"] is False and again["status"] == "unchanged", again
