# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""contact / contacts never claim an outcome they did not read back (issue 18 items 1, 4, 5, 6, 14).

Scripted HTTP exchanges; concurrency 1 keeps the order fixed.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import time

import pytest
import requests

from ansible_collections.alicloud.domain.plugins.module_utils._contacts import contact as c
from ansible_collections.alicloud.domain.plugins.module_utils import _validation as v
from ansible_collections.alicloud.domain.plugins.module_utils._api.errors import ConfigurationError
from ansible_collections.alicloud.domain.plugins.modules import contact, contacts
from ansible_collections.alicloud.domain.plugins.modules import registrant_profile, registrant_profile_info
from ansible_collections.alicloud.domain.tests.unit.plugins.fake_api import (
    Call, contact_answer, detail_answer, domain_answer, error, profile_answer)

SAVE = "SaveSingleTaskForUpdatingContactInfo"
BATCH = "SaveBatchTaskForUpdatingContactInfoByRegistrantProfileId"
BASE = {"registrant_profile_id": 123, "concurrency": 1}
IDN, PUNY = u"示例商店.com", "xn--fsqp3lp2iix1a.com"


def task_list(*tasks):
    return Call("QueryTaskList", {}, {"Data": {"TaskInfo": list(tasks)}})


def details(task_no, *rows):
    data = [{"TaskNo": task_no, "DomainName": d, "TaskStatusCode": code, "TaskType": "UPDATE_ADMIN_CONTACT"}
            for d, code in rows]
    body = {"Data": {"TaskDetail": data}, "TotalItemNum": len(data), "TotalPageNum": 1, "CurrentPageNum": 1}
    return Call("QueryTaskDetailList", {"TaskNo": task_no}, body)


# ----------------------------------------------------------------------------- 18.1: one canonical name
@pytest.mark.parametrize("given, canonical", [
    (IDN, IDN), (PUNY, IDN), ("XN--FSQP3LP2IIX1A.COM.", IDN), (u"例子.中国", u"例子.中国"),
    ("xn--fsqu00a.xn--fiqs8s", u"例子.中国"), ("Example.COM", "example.com"), (u"ΣΑΣ.gr", u"σασ.gr"),
])
def test_domain_names_have_one_canonical_form(given, canonical):
    assert v.domain_name(given) == canonical


@pytest.mark.parametrize("given, text", [
    ("xn--zz.com", "Invalid A-label"),
    (u"a\u200bb.com", "UTS 46 maps it to 'ab.com'"),
    (u"\uff45xample.com", "UTS 46 maps it to 'example.com'"),
    (u"例子。中国", "UTS 46 maps it"),
    ("ab--cd.com", "hyphens"),
    ("a..com", "Empty Label"),
])
def test_names_that_are_not_valid_idna_are_refused(given, text):
    with pytest.raises(ConfigurationError) as caught:
        v.domain_name(given)
    assert text in str(caught.value)


def test_without_idna_plain_ascii_names_still_work_and_idns_are_refused_clearly(monkeypatch):
    monkeypatch.setattr(v, "HAS_IDNA", False)
    v._canonical.cache_clear()
    try:
        assert v.domain_name("Example.COM") == "example.com"
        for name in (IDN, PUNY):
            with pytest.raises(ConfigurationError) as caught:
                v.domain_name(name)
            assert "idna" in str(caught.value)
    finally:
        v._canonical.cache_clear()


def test_unicode_and_punycode_spellings_are_one_domain_and_one_write(run_module):
    failed, result = run_module(contacts, dict(BASE, domains=[IDN, PUNY, "XN--FSQP3LP2IIX1A.com"],
                                               contact_types=["billing"]), [
        profile_answer(), contact_answer(IDN, "billing", City="x"), domain_answer(IDN),
        Call(SAVE, {"DomainName": IDN, "ContactType": "billing"}, {"TaskNo": "T-1"})])
    assert not failed and [r["domain"] for r in result["results"]] == [IDN]
    assert run_module.session.actions().count(SAVE) == 1 and result["totals"]["total"] == 1


def test_punycode_name_failed_task_is_reported_failed(run_module):
    """The audit: a name given in punycode, the service answering its task detail in Unicode."""
    failed, result = run_module(contacts, dict(BASE, domains=[PUNY], wait=True, fail_on_error=False), [
        profile_answer(), contact_answer(IDN, City="x"), domain_answer(IDN),
        Call(SAVE, {"DomainName": IDN}, {"TaskNo": "T-1"}),
        detail_answer("T-1", IDN, 3, "The registrant profile is not real-name verified.")])
    assert not failed
    row = result["results"][0]
    assert row["domain"] == IDN and row["status"] == "failed" and row["task_no"] == "T-1", row
    assert result["totals"]["failed"] == 1 and result["totals"]["succeeded"] == 0


def test_contact_module_punycode_name_failed_task_fails(run_module):
    failed, result = run_module(contact, {"domain_name": PUNY, "registrant_profile_id": 123, "wait": True}, [
        profile_answer(), contact_answer(IDN, City="x"), domain_answer(IDN),
        Call(SAVE, {"DomainName": IDN}, {"TaskNo": "T-1"}), detail_answer("T-1", IDN, 3, "not verified")])
    assert failed and result["status"] == "failed" and result["domain_name"] == IDN and result["changed"] is True


# ----------------------------------------------------------------------------- 18.14: profile ids
@pytest.mark.parametrize("profile_id", ["1_8100001", u"１８１００００１", "+18100001", "1 8100001", "-1", 2 ** 63,
                                        "9223372036854775808", 0, True, "1e3", 1.5])
def test_profile_ids_beyond_what_the_api_takes_are_refused_before_any_call(run_module, profile_id):
    for module, args in ((contact, {"domain_name": "a.com"}), (contacts, {"domains": ["a.com"]}),
                         (registrant_profile, {"email": "a@example.com"}), (registrant_profile_info, {})):
        failed, result = run_module(module, dict(args, registrant_profile_id=profile_id))
        assert failed and "registrant_profile_id must be a positive integer" in result["msg"], result["msg"]
        assert run_module.session.sent == []


def test_largest_long_and_digit_strings_are_accepted():
    assert v.positive_int(2 ** 63 - 1, "x") == 2 ** 63 - 1
    assert v.positive_int(" 18100001 ", "x") == 18100001


# ----------------------------------------------------------------------------- 18.1: unknown outcomes are re-read
def test_task_without_a_detail_for_the_domain_is_read_back_not_claimed(run_module):
    failed, result = run_module(contacts, dict(BASE, domains=["a.com", "b.com"], wait=True, fail_on_error=False), [
        profile_answer(), contact_answer("a.com", City="x"), contact_answer("b.com", City="x"),
        domain_answer("a.com"), Call(SAVE, {"DomainName": "a.com"}, {"TaskNo": "T-A"}),
        domain_answer("b.com"), Call(SAVE, {"DomainName": "b.com"}, {"TaskNo": "T-B"}),
        detail_answer("T-A", "other.com", 2), detail_answer("T-B", "other.com", 2),  # no detail for our domains
        contact_answer("a.com"),  # a.com now holds the profile
        contact_answer("b.com", City="x"), domain_answer("b.com")])  # b.com does not, and nothing runs
    assert not failed
    a, b = result["results"]
    assert a["status"] == "succeeded" and "matches" in a["note"], a
    assert b["status"] == "unknown" and b["task_no"] == "T-B" and "does not match" in b["note"], b
    assert result["totals"]["unknown"] == 1 and result["changed"] is True


def test_contact_module_detail_for_another_domain_is_not_taken_as_ours(run_module):
    failed, result = run_module(contact, {"domain_name": "a.com", "registrant_profile_id": 123, "wait": True}, [
        profile_answer(), contact_answer("a.com", City="x"), domain_answer("a.com"),
        Call(SAVE, {"DomainName": "a.com"}, {"TaskNo": "T-A"}), detail_answer("T-A", "other.com", 2),
        contact_answer("a.com", City="x"), domain_answer("a.com")])
    assert failed and result["changed"] is True and result["status"] == "unknown" and result["task_no"] == "T-A"
    assert "no detail for a.com" in result["msg"]


# ----------------------------------------------------------------------------- 18.5: polling failures
def _poll_fails(task_no):
    return error("QueryTaskDetailList", "InternalError", "boom", status=500, params={"TaskNo": task_no})


@pytest.mark.parametrize("fail_on_error", [False, True])
def test_polling_failure_keeps_what_was_submitted(run_module, fail_on_error):
    args = dict(BASE, domains=["a.com", "b.com", "c.com"], wait=True, fail_on_error=fail_on_error, max_retries=0)
    failed, result = run_module(contacts, args, [
        profile_answer(), contact_answer("a.com", City="x"), contact_answer("b.com", City="x"),
        contact_answer("c.com", City="x"),
        domain_answer("a.com"), Call(SAVE, {"DomainName": "a.com"}, {"TaskNo": "T-A"}),
        domain_answer("b.com"), Call(SAVE, {"DomainName": "b.com"}, {"TaskNo": "T-B"}),
        domain_answer("c.com"), Call(SAVE, {"DomainName": "c.com"}, {"TaskNo": "T-C"}),
        _poll_fails("T-A"), _poll_fails("T-B"), _poll_fails("T-C"),
        contact_answer("a.com", City="x"), domain_answer("a.com", "PENDING"),  # still running
        contact_answer("b.com"),  # done: holds the profile
        error("QueryContactInfo", "InternalError", status=500, params={"DomainName": "c.com"})])  # cannot tell
    assert failed is fail_on_error
    assert result["changed"] is True
    assert [r["task_no"] for r in result["results"]] == ["T-A", "T-B", "T-C"]
    assert [r["status"] for r in result["results"]] == ["pending", "succeeded", "unknown"]
    assert all("could not be read" in r["note"] for r in result["results"])
    assert result["totals"]["pending"] == 1 and result["totals"]["unknown"] == 1
    if fail_on_error:
        assert "could not be followed" in result["msg"] and "unknown" in result["msg"]


def test_contact_module_polling_failure_is_settled_by_reading_back(run_module):
    args = {"domain_name": "a.com", "registrant_profile_id": 123, "wait": True, "max_retries": 0}
    failed, result = run_module(contact, args, [
        profile_answer(), contact_answer("a.com", City="x"), domain_answer("a.com"),
        Call(SAVE, {"DomainName": "a.com"}, {"TaskNo": "T-A"}), _poll_fails("T-A"), contact_answer("a.com")])
    assert not failed and result["status"] == "succeeded" and result["changed"] is True
    assert "could not be read" in json.dumps(result.get("warnings")), result.get("warnings")
    failed, result = run_module(contact, args, [
        profile_answer(), contact_answer("a.com", City="x"), domain_answer("a.com"),
        Call(SAVE, {"DomainName": "a.com"}, {"TaskNo": "T-A"}), _poll_fails("T-A"),
        contact_answer("a.com", City="x"), domain_answer("a.com", "PENDING")])
    assert failed and result["changed"] is True and result["task_no"] == "T-A" and result["status"] == "pending"
    assert "could not be read" in result["msg"]


def test_contact_module_wait_timeout_keeps_changed_and_task(run_module):
    failed, result = run_module(contact, {"domain_name": "a.com", "registrant_profile_id": 123, "wait": True,
                                          "wait_timeout": 1, "poll_interval": 0.4}, [
        profile_answer(), contact_answer("a.com", City="x"), domain_answer("a.com"),
        Call(SAVE, {"DomainName": "a.com"}, {"TaskNo": "T-A"})] +
        [detail_answer("T-A", "a.com", 1) for _dummy in range(3)])  # polls at t=0, 0.4 and 1.0
    assert failed and result["changed"] is True and result["task_no"] == "T-A" and result["status"] == "pending"


# ----------------------------------------------------------------------------- 18.6: the in-flight check
def test_busy_domain_is_left_out_of_the_batch(run_module):
    args = dict(BASE, domains=["a.com", "b.com", "c.com"], contact_types=["admin"], batch_size=10)
    failed, result = run_module(contacts, args, [
        profile_answer(), contact_answer("a.com", "admin", City="x"), contact_answer("b.com", "admin", City="x"),
        contact_answer("c.com", "admin", City="x"),
        domain_answer("a.com"), domain_answer("b.com", "PENDING"), domain_answer("c.com"),
        Call(BATCH, {"DomainName.1": "a.com", "DomainName.2": "c.com"}, {"TaskNo": "T-1"})])
    assert not failed
    assert [(r["status"], r["changed"]) for r in result["results"]] == [
        ("submitted", True), ("in_flight", False), ("submitted", True)]
    assert "DomainName.3" not in run_module.session.sent[-1][1]


def test_busy_domain_single_write_is_not_sent(run_module):
    failed, result = run_module(contacts, dict(BASE, domains=["a.com"]), [
        profile_answer(), contact_answer("a.com", City="x"), domain_answer("a.com", "PENDING")])
    assert not failed and result["results"][0]["status"] == "in_flight" and result["changed"] is False
    # the single module names the task in flight, to wait for it later: one look-up, for this answer only
    failed, result = run_module(contact, {"domain_name": "a.com", "registrant_profile_id": 123}, [
        profile_answer(), contact_answer("a.com", City="x"), domain_answer("a.com", "PENDING"),
        task_list({"TaskNo": "T-9", "TaskType": "UPDATE_REGISTRANT_CONTACT", "TaskStatusCode": 1}),
        details("T-9", ("a.com", 1))])
    assert not failed and result["status"] == "in_flight" and result["changed"] is False
    assert result["task_no"] == "T-9" and SAVE not in run_module.session.actions(), result


def test_a_change_found_running_that_times_out_is_not_counted_as_ours(run_module):
    args = dict(BASE, domains=["a.com"], wait=True, wait_timeout=1, poll_interval=0.6)
    failed, result = run_module(contacts, args, [
        profile_answer(), contact_answer("a.com", City="x"), domain_answer("a.com"),
        error(SAVE, "TaskIsBeingProcessed", params={"DomainName": "a.com"}),
        task_list({"TaskNo": "T-OLD", "TaskType": "CHG_HOLDER", "TaskStatusCode": 2}),
        detail_answer("T-OLD", "a.com", 1)] +
        [detail_answer("T-OLD", "a.com", 1) for _dummy in range(3)])  # polls at t=0, 0.6 and 1.0
    assert not failed, result["msg"]
    row = result["results"][0]
    assert row["status"] == "in_flight" and row["changed"] is False and result["changed"] is False, row


# ----------------------------------------------------------------------------- 18.4: a lost batch answer
def _stamp(epoch):
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(epoch))


def test_lost_batch_answer_does_not_adopt_an_older_task(run_module):
    old = {"TaskNo": "T-OLD", "TaskType": "UPDATE_ADMIN_CONTACT", "TaskNum": 2, "TaskStatusCode": 3,
           "CreateTime": _stamp(time.time() - 3600)}
    args = dict(BASE, domains=["a.com", "b.com"], contact_types=["admin"], batch_size=10)
    failed, result = run_module(contacts, args, [
        profile_answer(), contact_answer("a.com", "admin", City="x"), contact_answer("b.com", "admin", City="x"),
        domain_answer("a.com"), domain_answer("b.com"),
        error(BATCH, "ServiceUnavailable", status=503),
        task_list(old),  # same type and domains, but an hour old: no detail read, not ours
        task_list(old),  # the same a pause later: the batch was not carried out; no domain is read
        Call(BATCH, {"DomainName.1": "a.com", "DomainName.2": "b.com"}, {"TaskNo": "T-NEW"})])
    assert not failed
    assert [r["task_no"] for r in result["results"]] == ["T-NEW", "T-NEW"]
    assert "showed no task of it: sent again" in result["results"][0]["note"], result["results"][0]


def test_lost_batch_answer_whose_task_is_listed_late_is_followed_not_sent_again(run_module):
    """The first look at the task list shows no task of the batch; the second, a pause later, does."""
    new = {"TaskNo": "T-LATE", "TaskType": "UPDATE_ADMIN_CONTACT", "TaskNum": 2, "TaskStatusCode": 1,
           "CreateTime": _stamp(time.time())}
    args = dict(BASE, domains=["a.com", "b.com"], contact_types=["admin"], batch_size=10)
    failed, result = run_module(contacts, args, [
        profile_answer(), contact_answer("a.com", "admin", City="x"), contact_answer("b.com", "admin", City="x"),
        domain_answer("a.com"), domain_answer("b.com"),
        error(BATCH, "ServiceUnavailable", status=503),
        task_list(), task_list(new), details("T-LATE", ("a.com", 1), ("b.com", 1))])
    assert not failed
    assert [r["task_no"] for r in result["results"]] == ["T-LATE", "T-LATE"]
    assert run_module.session.actions().count(BATCH) == 1


def test_lost_batch_answer_sent_again_three_times_is_then_settled_domain_by_domain(run_module):
    """Three batches lost, none listed: each domain is read and written alone (never a fourth batch)."""
    args = dict(BASE, domains=["a.com"], contact_types=["admin"], batch_size=10)
    lost = [error(BATCH, "ServiceUnavailable", status=503), task_list(), task_list()]
    failed, result = run_module(contacts, args, [
        profile_answer(), contact_answer("a.com", "admin", City="x"), domain_answer("a.com")] + lost * 3 + [
        domain_answer("a.com"), contact_answer("a.com", "admin", City="x"),
        Call(SAVE, {"DomainName": "a.com", "ContactType": "admin"}, {"TaskNo": "T-ONE"})])
    assert not failed
    assert result["results"][0]["task_no"] == "T-ONE"
    assert run_module.session.actions().count(BATCH) == 3


def test_lost_batch_answer_task_of_unknown_age_is_checked_against_the_target(run_module):
    """Clocks that do not agree (a CreateTime an hour ahead): a finished task is ours only if the contacts match."""
    other = {"TaskNo": "T-OTHER", "TaskType": "UPDATE_ADMIN_CONTACT", "TaskNum": 2, "TaskStatusCode": 3,
             "CreateTime": _stamp(time.time() + 3600)}
    args = dict(BASE, domains=["a.com", "b.com"], contact_types=["admin"], batch_size=10)
    failed, result = run_module(contacts, args, [
        profile_answer(), contact_answer("a.com", "admin", City="x"), contact_answer("b.com", "admin", City="x"),
        domain_answer("a.com"), domain_answer("b.com"),
        error(BATCH, "ServiceUnavailable", status=503),
        task_list(other), details("T-OTHER", ("a.com", 2), ("b.com", 2)),
        contact_answer("a.com", "admin", City="another profile"),  # it set another profile: not ours
        domain_answer("a.com"), contact_answer("a.com", "admin", City="x"),
        domain_answer("b.com"), contact_answer("b.com", "admin", City="x"),
        Call(BATCH, {"DomainName.1": "a.com"}, {"TaskNo": "T-NEW"})])
    assert not failed and [r["task_no"] for r in result["results"]] == ["T-NEW", "T-NEW"]


def test_lost_batch_answer_new_task_is_found_and_checked_after_waiting(run_module):
    new = {"TaskNo": "T-NEW", "TaskType": "UPDATE_ADMIN_CONTACT", "TaskNum": 1, "TaskStatusCode": 1,
           "CreateTime": _stamp(time.time())}
    args = dict(BASE, domains=["a.com"], contact_types=["admin"], batch_size=10, wait=True)
    failed, result = run_module(contacts, args, [
        profile_answer(), contact_answer("a.com", "admin", City="x"), domain_answer("a.com"),
        Call(BATCH, {}, exc=requests.exceptions.ReadTimeout("timed out")),
        task_list(new), details("T-NEW", ("a.com", 1)),
        details("T-NEW", ("a.com", 2)), contact_answer("a.com", "admin")])  # finished; read back: matches
    assert not failed
    row = result["results"][0]
    assert row["task_no"] == "T-NEW" and row["status"] == "succeeded" and "matches" in row["note"], row


def test_created_since_allows_clock_skew_and_detects_clocks_that_disagree():
    now = 1000000.0
    tasks = [{"TaskNo": "a", "CreateTime": _stamp(now - 30)}, {"TaskNo": "b", "CreateTime": _stamp(now - 600)},
             {"TaskNo": "c", "CreateTime": "not a time"}]
    assert c.created_since(tasks, now - 5, now=now) == {"a": True, "b": False, "c": None}
    ahead = tasks + [{"TaskNo": "d", "CreateTime": _stamp(now + 8 * 3600)}]
    assert set(c.created_since(ahead, now - 5, now=now).values()) == {None}


def test_a_lost_single_answer_whose_contact_already_matches_is_read_back_succeeded(run_module):
    """The answer to the write was lost and the contact was found on the profile (no task number to follow):
    with wait, it is what the contact reads now - succeeded and verified - never left 'submitted' (unknown)."""
    failed, result = run_module(contacts, {"registrant_profile_id": 123, "concurrency": 1, "domains": ["a.com"],
                                           "wait": True}, [
        profile_answer(), contact_answer("a.com", City="x"), domain_answer("a.com"),
        error("SaveSingleTaskForUpdatingContactInfo", "ServiceUnavailable", status=503),
        domain_answer("a.com"), contact_answer("a.com"),  # settled: idle, and the contact holds the profile
        domain_answer("a.com"), contact_answer("a.com")])  # after the wait: idle, read back
    assert not failed, result
    row = result["results"][0]
    assert row["status"] == "succeeded" and row["verified"] is True and row["task_no"] is None


def test_a_write_lost_twice_is_never_failed_unread_it_is_read_back_after_the_wait(run_module):
    """Two lost answers: the second copy may have been carried out. Not 'failed' (a change may be there), not sent
    a third time while it may run: once the domain is idle, the contact is read back."""
    failed, result = run_module(contacts, {"registrant_profile_id": 123, "concurrency": 1, "domains": ["a.com"],
                                           "wait": True, "poll_interval": 1}, [
        profile_answer(), contact_answer("a.com", City="x"), domain_answer("a.com"),
        error(SAVE, "ServiceUnavailable", status=503),
        domain_answer("a.com"), contact_answer("a.com", City="x"),  # idle and unchanged: sent again
        error(SAVE, "ServiceUnavailable", status=503),
        domain_answer("a.com", updating="PENDING"), domain_answer("a.com"),  # the second copy runs: waited for
        contact_answer("a.com")])  # read back: the second copy was carried out
    assert not failed, result
    row = result["results"][0]
    assert row["status"] == "succeeded" and row["verified"] is True and "lost twice" in row["note"]
    assert run_module.session.actions().count(SAVE) == 2


def test_a_write_lost_twice_and_not_made_is_written_again_once_nothing_runs(run_module):
    """Two lost answers and neither copy made (the domain idle, the contact unchanged after the wait): nothing is in
    flight, so a third copy is no duplicate - it is sent, and its task followed like any other."""
    failed, result = run_module(contacts, {"registrant_profile_id": 123, "concurrency": 1, "domains": ["a.com"],
                                           "wait": True}, [
        profile_answer(), contact_answer("a.com", City="x"), domain_answer("a.com"),
        error(SAVE, "ServiceUnavailable", status=503),
        domain_answer("a.com"), contact_answer("a.com", City="x"),
        error(SAVE, "ServiceUnavailable", status=503),
        domain_answer("a.com"), contact_answer("a.com", City="x"),  # after the wait: idle and unchanged
        Call(SAVE, {"DomainName": "a.com"}, {"TaskNo": "T3"}),  # the third copy (the domain just read idle)
        detail_answer("T3", "a.com", 2)])
    assert not failed, result
    row = result["results"][0]
    assert row["status"] == "succeeded" and row["task_no"] == "T3", row
    assert run_module.session.actions().count(SAVE) == 3


def test_a_write_lost_twice_twice_and_never_made_is_failed_not_in_flight(run_module):
    """Written again once its two lost copies were found not made; lost twice again and still not made: failed with
    the reason, not sent a fifth time, and never reported in flight."""
    lost_pair = [error(SAVE, "ServiceUnavailable", status=503), domain_answer("a.com"),
                 contact_answer("a.com", City="x"), error(SAVE, "ServiceUnavailable", status=503),
                 domain_answer("a.com"), contact_answer("a.com", City="x")]  # settled: idle and unchanged
    failed, result = run_module(contacts, {"registrant_profile_id": 123, "concurrency": 1, "domains": ["a.com"],
                                           "wait": True, "fail_on_error": False}, [
        profile_answer(), contact_answer("a.com", City="x"), domain_answer("a.com")] + lost_pair + lost_pair)
    row = result["results"][0]
    assert row["status"] == "failed" and row["task_no"] is None, row
    assert "written again, lost again" in row["error"]["message"]
    assert run_module.session.actions().count(SAVE) == 4


def test_a_tasks_details_are_found_by_canonical_name_the_first_one_for_a_domain():
    """Each task's details are indexed once per wait: a punycode detail answers for its Unicode spelling, the first
    detail of a domain is the one taken, and another task's details are indexed apart."""
    from ansible_collections.alicloud.domain.plugins.module_utils._contacts.bulk import BulkContacts
    details = [{"DomainName": "b.com", "TaskStatusCode": 3}, {"DomainName": PUNY, "TaskStatusCode": 2},
               {"DomainName": "b.com", "TaskStatusCode": 2}]
    indexes = {}
    assert BulkContacts._detail_for("T1", details, v.domain_key(IDN), indexes)["TaskStatusCode"] == 2
    assert BulkContacts._detail_for("T1", details, "b.com", indexes)["TaskStatusCode"] == 3
    assert BulkContacts._detail_for("T2", [{"DomainName": "c.com"}], "b.com", indexes) is None
    assert sorted(indexes) == ["T1", "T2"]
