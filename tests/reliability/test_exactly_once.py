# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A Save* whose answer is lost: the module finds out whether the task exists before submitting again.

The proof is the emulator's call log: the order of the calls and how many Save* calls were carried out.
"""

from __future__ import absolute_import, division, print_function

import json

from .conftest import BATCH, PROFILE_A, SAVE

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


def test_batch_not_carried_out_every_domain_checked_then_submitted_once(run_main, emu):
    domains = ["old-brand.xyz", "promo-2026.top", "zhangsan.cn"]
    emu.faults("%s:503:1" % BATCH)
    result = run_main("contacts", {"domains": domains, "contact_types": ["billing"], "batch_size": 10,
                                   "registrant_profile_id": PROFILE_A})
    names = [a for a, _s, _f in actions(emu)]
    after = names[names.index(BATCH) + 1:]
    assert after[0] == "QueryTaskList" and after.count("QueryDomainByDomainName") == len(domains), names
    assert result["totals"]["submitted"] == len(domains), result["totals"]
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
