# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every fault the emulator can inject, on every call a contact change makes, through the modules' main().

For each run: the right end state (changed exactly once, or unchanged), or a clear failure naming the API
code (and the RequestId when the server answered); never a traceback; never a duplicate task; never a
reported change that the emulator did not carry out.
"""

from __future__ import absolute_import, division, print_function

import json
import time

import pytest

from .conftest import (BATCH, PROFILE_A, SAVE, STS_AK, STS_SECRET, STS_TOKEN, assert_clean_failure)

SINGLE = ("old-brand.xyz", "registrant")
BATCH_DOMAINS = ["old-brand.xyz", "promo-2026.top", "zhangsan.cn"]  # billing differs from profile A in all
BATCH_PAIRS = [(d, "billing") for d in BATCH_DOMAINS]

# where the fault is injected -> (module, the pairs that need a change)
SCENARIOS = {
    "contact/QueryContactInfo": ("contact", "QueryContactInfo"),
    "contact/QueryRegistrantProfiles": ("contact", "QueryRegistrantProfiles"),
    "contact/" + SAVE: ("contact", SAVE),
    "contacts/QueryContactInfo": ("contacts", "QueryContactInfo"),
    "contacts/" + BATCH: ("contacts", BATCH),
}
KINDS = ["throttle", "500", "503", "slow", "reset_before", "drop_after", "malformed", "empty"]
# what a client that never got an answer reports, per fault kind
TRANSPORT_CODE = {"throttle": "Throttling.User", "500": "InternalError", "503": "ServiceUnavailable",
                  "slow": "ReadTimeout", "reset_before": "ConnectionError", "drop_after": "ConnectionError",
                  "malformed": "MalformedResponse", "empty": "MalformedResponse"}
ANSWERED = ("throttle", "500", "503")  # the server sent an error document, so there is a RequestId
CARRIED_OUT = ("slow", "drop_after", "malformed", "empty")  # the action ran although its answer was lost


def run_scenario(run_main, emu, module, max_retries=4):
    common = {"timeout": 1, "max_retries": max_retries, "registrant_profile_id": PROFILE_A}
    if module == "contact":
        args = dict(common, domain_name=SINGLE[0], contact_type=SINGLE[1])
        pairs = [SINGLE]
    else:
        args = dict(common, domains=BATCH_DOMAINS, contact_types=["billing"], batch_size=5, concurrency=4)
        pairs = BATCH_PAIRS
    result = run_main(module, args)
    assert "Traceback" not in run_main.output
    return result, pairs


def check_end_state(emu, result, pairs, expect_success):
    """Changed exactly once and matching after the task ran, or failed and untouched."""
    emu.assert_no_duplicates()
    made = emu.pairs()
    if expect_success:
        assert not result.get("failed"), result.get("msg")
        assert result["changed"] is True
        assert made == dict((p, 1) for p in pairs), made
        emu.complete()
        for domain, ctype in pairs:
            assert emu.matches(domain, ctype, PROFILE_A), (domain, ctype)
    else:
        assert result.get("failed"), result
        assert made == {}, made  # a reported failure changed nothing
        for domain, ctype in pairs:
            assert not emu.matches(domain, ctype, PROFILE_A)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_transient_fault_ends_changed_once(run_main, emu, scenario, kind):
    """One fault, then normal service: every run ends changed exactly once."""
    module, action = SCENARIOS[scenario]
    emu.faults("%s:%s:1" % (action, kind))
    result, pairs = run_scenario(run_main, emu, module)
    assert emu.wait_fault(kind) == 1  # the fault really hit (a delayed call has been answered by now)
    check_end_state(emu, result, pairs, expect_success=True)
    if action in (SAVE, BATCH) and kind not in CARRIED_OUT + ("throttle",):
        # refused or never arrived (500/503/reset): submitted again only after reading the domain again, or for a
        # batch, after the task list, read twice a pause apart, showed no task of it
        seq = [c["action"] for c in emu.calls()]
        first = seq.index(action)
        if action == BATCH:
            assert seq[first + 1:first + 4] == ["QueryTaskList", "QueryTaskList", BATCH], seq
        else:
            assert "QueryDomainByDomainName" in seq[first:], seq


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_persistent_fault_is_a_clear_error_or_exactly_once(run_main, emu, scenario, kind):
    """The fault never goes away: a write whose answer is lost is still done once; anything else fails cleanly."""
    module, action = SCENARIOS[scenario]
    emu.faults("%s:%s" % (action, kind))
    result, pairs = run_scenario(run_main, emu, module, max_retries=1)
    if kind == "slow":
        emu.wait_fault(kind, count=max(1, sum(1 for c in emu.calls() if c["action"] == action)))
    write = action in (SAVE, BATCH)
    recovered = write and (kind in ("drop_after", "malformed", "empty") or
                           (action == BATCH and kind in ("500", "503", "reset_before", "slow")))
    if recovered:
        # the lost (or refused) batch/single write is found out, or the batch is redone one domain at a time
        # (single Save* calls, which this fault does not hit): one task per pair, every Save* accounted for
        check_end_state(emu, result, pairs, expect_success=True)
        assert len(emu.carried_out_saves()) == emu.stats()["tasks_created"]
        return
    if write and kind == "slow":
        # every Save* outlives the 1 s timeout: the module cannot know, and says so; the first delayed
        # Save* is carried out by the service, the second is refused as in flight: at most one task
        assert_clean_failure(result, "ReadTimeout", request_id=False)
        assert "may or may not" in result["msg"], result["msg"]
        emu.assert_no_duplicates()
        assert emu.pairs() in ({}, {SINGLE: 1}), emu.pairs()
        return
    check_end_state(emu, result, pairs, expect_success=False)
    assert_clean_failure(result, TRANSPORT_CODE[kind], request_id=kind in ANSWERED)
    if module == "contact" and kind in ANSWERED:
        assert result["error"]["code"] == TRANSPORT_CODE[kind]
        assert result["error"]["request_id"]
    if module == "contacts":
        assert all(r["status"] == "failed" for r in result["results"]), result["results"]
        assert all(TRANSPORT_CODE[kind] in r["error"]["message"] for r in result["results"])


@pytest.mark.parametrize("module", ["contact", "contacts"])
def test_expired_sts_token_is_a_clear_error(run_main, emu, module):
    emu.control("POST", "/sts/expire", {"access_key_id": STS_AK})
    args = {"access_key_id": STS_AK, "access_key_secret": STS_SECRET, "security_token": STS_TOKEN,
            "registrant_profile_id": PROFILE_A}
    if module == "contact":
        args.update(domain_name=SINGLE[0], contact_type=SINGLE[1])
    else:
        args.update(domains=BATCH_DOMAINS, contact_types=["billing"], batch_size=5)
    result = run_main(module, args)
    assert_clean_failure(result, "InvalidSecurityToken.Expired")
    assert emu.pairs() == {}
    assert STS_SECRET not in run_main.output and STS_TOKEN not in run_main.output
    # not retried: an expired token does not heal by itself
    assert len(emu.calls()) == 1


def test_sts_token_before_expiry_works(run_main, emu):
    result = run_main("contact", {"access_key_id": STS_AK, "access_key_secret": STS_SECRET,
                                  "security_token": STS_TOKEN, "registrant_profile_id": PROFILE_A,
                                  "domain_name": SINGLE[0], "contact_type": SINGLE[1]})
    assert result["changed"] and result["status"] == "submitted"
    assert emu.pairs() == {SINGLE: 1}


@pytest.mark.parametrize("module", ["contact", "contacts"])
@pytest.mark.parametrize("skew", [-3600, 1200])
def test_clock_skew_is_a_clear_error(run_main, emu, emulator_server, module, skew):
    """The client's clock is off by more than 15 minutes (the server's clock is moved instead)."""
    emulator_server.auth.clock = lambda: time.time() - skew
    args = {"registrant_profile_id": PROFILE_A}
    if module == "contact":
        args.update(domain_name=SINGLE[0], contact_type=SINGLE[1])
    else:
        args.update(domains=BATCH_DOMAINS, contact_types=["billing"], batch_size=5)
    result = run_main(module, args)
    assert_clean_failure(result, "InvalidTimeStamp.Expired")
    assert emu.pairs() == {}
    assert len(emu.calls()) == 1  # not retried


def test_small_clock_skew_is_tolerated(run_main, emu, emulator_server):
    emulator_server.auth.clock = lambda: time.time() + 600
    result = run_main("contact", {"registrant_profile_id": PROFILE_A, "domain_name": SINGLE[0],
                                  "contact_type": SINGLE[1]})
    assert result["changed"] and result["status"] == "submitted"


def test_wait_after_lost_answer_reports_real_success(run_main, emu):
    """drop_after on Save, wait=true: 'succeeded' only once the emulator's contact really holds the profile."""
    emu.config(task_seconds=0.5)
    emu.faults("%s:drop_after:1" % SAVE)
    result = run_main("contact", {"registrant_profile_id": PROFILE_A, "domain_name": SINGLE[0],
                                  "contact_type": SINGLE[1], "wait": True, "poll_interval": 0.1,
                                  "wait_timeout": 30})
    assert result["changed"] and result["status"] == "succeeded", result
    assert emu.matches(SINGLE[0], SINGLE[1], PROFILE_A)
    emu.assert_no_duplicates()
    assert emu.pairs() == {SINGLE: 1}


def test_failed_task_is_not_reported_as_success(run_main, emu):
    """locked-example.com: the task fails; the module fails with the task's reason, never 'succeeded'."""
    emu.config(task_seconds=0.3)
    result = run_main("contact", {"registrant_profile_id": PROFILE_A, "domain_name": "locked-example.com",
                                  "contact_type": "admin", "wait": True, "poll_interval": 0.1})
    assert result.get("failed") and result.get("status") != "succeeded", result
    assert "DomainUpdateProhibited" in json.dumps(result) or "prohibit" in result["msg"].lower(), result["msg"]
    assert "Traceback" not in json.dumps(result)
    assert not emu.matches("locked-example.com", "admin", PROFILE_A)


def test_lost_write_carried_out_before_the_resend_is_ours(run_main, emu, monkeypatch):
    """The answer to the Save is lost (slow), the re-read finds nothing yet, then the delayed first copy is
    carried out before the resend, which gets TaskIsBeingProcessed: the running task is ours (changed, once).

    The order a loaded machine once produced by chance is forced here: the resend waits for the first copy.
    """
    from ansible_collections.alicloud.domain.plugins.module_utils._contacts import contact as contact_mod
    real_recover = contact_mod.recover_lost_write

    def recover_then_let_the_first_copy_land(*args, **kwargs):
        found = real_recover(*args, **kwargs)
        assert found is None  # the re-read came before the delayed Save was carried out
        assert emu.wait_fault("slow") == 1
        return found

    monkeypatch.setattr(contact_mod, "recover_lost_write", recover_then_let_the_first_copy_land)
    emu.faults("%s:slow:1" % SAVE)
    result, pairs = run_scenario(run_main, emu, "contact")
    assert [c["code"] for c in emu.calls() if c["action"] == SAVE] == [None, "TaskIsBeingProcessed"]
    assert result["status"] == "submitted" and result["task_no"], result
    assert "was lost" in json.dumps(result.get("warnings")), result
    check_end_state(emu, result, pairs, expect_success=True)
