# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""alicloud.domain.contacts_revert with scripted exchanges; concurrency 1 keeps the order fixed."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import stat

from ansible_collections.alicloud.domain.plugins.module_utils import _record as rec
from ansible_collections.alicloud.domain.plugins.module_utils._contacts import contact as c
from ansible_collections.alicloud.domain.plugins.modules import contacts_revert
from ansible_collections.alicloud.domain.tests.unit.plugins.fake_api import (
    Call, FakeSession, contact_answer, detail_answer, domain_answer, make_client, person)

SAVE = "SaveSingleTaskForUpdatingContactInfo"
OLD = person("li si", "ls@example.com", City="shang hai")
NEW = person()  # what the run set: profile 123


def entry(domain, contact_type="registrant", outcome="succeeded", task_no="T-1", before=None):
    return {"domain": domain, "contact_type": contact_type, "before": c.contact_fields(before or OLD),
            "after": c.contact_fields(NEW), "profile_id": 123, "differences": ["Email"], "task_no": task_no,
            "outcome": outcome, "note": None}


def write_record(tmp_path, entries):
    path = str(tmp_path / "run.record.json")
    record = rec.RunRecord(path, rec.binding_of(make_client(FakeSession([]))))
    record.data["entries"].extend(entries)
    record.save(complete=True)
    return path


def profiles_answer(*profiles, **params):
    return Call("QueryRegistrantProfiles", params, {"RegistrantProfiles": {"RegistrantProfile": list(profiles)},
                                                    "TotalItemNum": len(profiles), "TotalPageNum": 1,
                                                    "NextPage": False})


def old_profile(profile_id=456, real_name="SUCCEED"):
    return dict(OLD, RegistrantProfileId=profile_id, RealNameStatus=real_name, RegistrantType="1",
                RegistrantProfileType="common", DefaultRegistrantProfile=False)


def test_a_tampered_record_is_refused_before_any_call(run_module, tmp_path):
    path = write_record(tmp_path, [entry("a.com")])
    with open(path) as handle:
        text = handle.read()
    with open(path, "w") as handle:
        handle.write(text.replace("ls@example.com", "evil@example.com"))
    failed, result = run_module(contacts_revert, {"record": path, "concurrency": 1}, [])
    assert failed and "changed or truncated" in result["msg"] and "evil@" not in result["msg"]


def test_a_foreign_record_is_refused_before_any_call(run_module, tmp_path):
    path = write_record(tmp_path, [entry("a.com")])
    failed, result = run_module(contacts_revert, {"record": path, "endpoint": "https://domain-intl.aliyuncs.com"}, [])
    assert failed and "made on endpoint https://domain.aliyuncs.com/" in result["msg"]


def test_the_plan_classifies_every_contact_and_warns_of_the_ownership_change(run_module, tmp_path):
    path = write_record(tmp_path, [
        entry("a.com"),  # still holds what the run set: to revert
        entry("b.com"),  # back on the old details already
        entry("c.com"),  # someone changed it since
        entry("d.com", outcome="unchanged", task_no=None),  # the run did not change it
    ])
    failed, result = run_module(contacts_revert, {"record": path, "concurrency": 1}, [
        contact_answer("a.com"), contact_answer("b.com", name="li si", email="ls@example.com", City="shang hai"),
        contact_answer("c.com", Email="third@example.com"),
        profiles_answer(old_profile(), Email="ls@example.com"), domain_answer("a.com")], check_mode=True)
    assert not failed and result["changed"] is True
    by = dict((r["domain"], r) for r in result["results"])
    assert by["a.com"]["revert"] == "to_revert" and by["a.com"]["status"] == "would_change"
    assert by["a.com"]["profile_id"] == 456
    assert by["b.com"]["revert"] == "already_reverted" and by["b.com"]["status"] == "unchanged"
    left = dict((r["domain"], r["reason"]) for r in result["left_alone"])
    assert left == {"c.com": "changed_since", "d.com": "not_changed_by_run"}
    alone = dict((r["domain"], r) for r in result["left_alone"])  # why, and no other field of a result
    assert sorted(alone["d.com"]) == ["contact_type", "domain", "note", "reason"]
    assert "email" in alone["c.com"]["differences"] and "status" not in alone["c.com"], alone["c.com"]
    assert any("change of registrant (ownership)" in w and "60-day transfer lock" in w for w in [json.dumps(result.get("warnings"))])
    assert not os.path.exists(path.replace(".record.json", ".revert.record.json"))
    # personal data only in diff mode
    assert "ls@example.com" not in json.dumps(result) and "li si" not in json.dumps(result)


def test_revert_moves_back_to_the_matching_profile_once_and_records_it(run_module, tmp_path):
    path = write_record(tmp_path, [entry("a.com"), entry("a.com", "admin", task_no="T-2")])
    failed, result = run_module(contacts_revert, {"record": path, "concurrency": 1, "poll_interval": 0.01}, [
        contact_answer("a.com"), contact_answer("a.com", "admin"),
        profiles_answer(old_profile(), Email="ls@example.com"),
        # registrant first, waited for, because the admin contact of the same domain goes next
        domain_answer("a.com"),  # the contact as classified is not read again
        Call(SAVE, {"DomainName": "a.com", "ContactType": "registrant", "RegistrantProfileId": 456,
                    "AddTransferLock": "False"}, {"TaskNo": "R-1"}),
        detail_answer("R-1", "a.com", 2),
        # the registrant's task seen finished is the domain's in-flight check for the admin change: not read again
        Call(SAVE, {"DomainName": "a.com", "ContactType": "admin", "RegistrantProfileId": 456}, {"TaskNo": "R-2"}),
        detail_answer("R-2", "a.com", 2)], diff=True)
    assert not failed, result
    assert [(r["contact_type"], r["status"], r["task_no"]) for r in result["results"]] == [
        ("registrant", "succeeded", "R-1"), ("admin", "succeeded", "R-2")]
    assert result["profiles"] == [{"registrant_profile_id": 456, "how": "found", "contacts": 2,
                                   "real_name_status": "SUCCEED"}]
    assert result["diff"][0]["after"]["email"] == "ls@example.com"  # diff mode shows the details
    own = path.replace(".record.json", ".revert.record.json")
    assert result["record"]["path"] == own and stat.S_IMODE(os.stat(own).st_mode) == 0o600
    data = rec.load(own)
    assert data["kind"] == "revert" and data["reverts"] == rec.load(path)["digest"]
    assert data["planned"] == [] and result["api_calls"]["QueryContactInfo"] == 2  # each contact read once
    assert result["api_calls"]["QueryDomainByDomainName"] == 1  # the domain once, for both contact types
    assert sorted(e["task_no"] for e in data["entries"]) == ["R-1", "R-2"]
    assert data["entries"][0]["before"]["Email"] == "zs@example.com"  # a revert can be reverted


def test_old_details_no_profile_holds_get_a_profile_and_an_unverified_one_stops_the_registrant(run_module, tmp_path):
    path = write_record(tmp_path, [entry("a.com"), entry("b.com", "tech")])
    created = old_profile(789, "NONAUDIT")
    failed, result = run_module(contacts_revert, {"record": path, "concurrency": 1, "wait": False}, [
        contact_answer("a.com"), contact_answer("b.com", "tech"),
        profiles_answer(Email="ls@example.com"),  # none holds them
        Call("SaveRegistrantProfile", {"Email": "ls@example.com", "RegistrantType": "1", "City": "shang hai"},
             {"RegistrantProfileId": 789}),
        profiles_answer(created, RegistrantProfileId=789),  # read back once: its statuses (a registrant is among them)
        domain_answer("b.com"),
        Call(SAVE, {"DomainName": "b.com", "ContactType": "tech", "RegistrantProfileId": 789}, {"TaskNo": "R-9"})])
    assert failed and "1 of 2 contact(s) could not be reverted" in result["msg"], result
    by = dict((r["domain"], r) for r in result["results"])
    assert by["a.com"]["status"] == "failed" and by["a.com"]["error"]["code"] == "ProfileNotVerified"
    assert by["a.com"]["task_no"] is None
    assert by["b.com"]["status"] == "submitted" and by["b.com"]["task_no"] == "R-9"
    assert result["profiles"][0]["how"] == "created"
    assert any("real-name verification (status NONAUDIT)" in w for w in [json.dumps(result.get("warnings"))])


def test_a_second_revert_does_nothing(run_module, tmp_path):
    path = write_record(tmp_path, [entry("a.com"), entry("b.com", "admin")])
    back = dict(name="li si", email="ls@example.com", City="shang hai")
    failed, result = run_module(contacts_revert, {"record": path, "concurrency": 1}, [
        contact_answer("a.com", **back), contact_answer("b.com", "admin", **back)])
    assert not failed and result["changed"] is False
    assert [r["revert"] for r in result["results"]] == ["already_reverted", "already_reverted"]
    assert "record" not in result


def test_a_change_still_running_is_not_taken_for_reverted(run_module, tmp_path):
    path = write_record(tmp_path, [entry("a.com", outcome="submitted")])
    failed, result = run_module(contacts_revert, {"record": path, "concurrency": 1, "wait": False}, [
        contact_answer("a.com", name="li si", email="ls@example.com", City="shang hai"),
        domain_answer("a.com", "PENDING")])
    assert not failed and result["changed"] is False and result["results"] == []
    assert result["left_alone"][0]["reason"] == "running" and "cancel it" in result["left_alone"][0]["note"]


def test_a_registrant_waits_for_the_e_mail_verification_of_its_old_profile(run_module, tmp_path):
    path = write_record(tmp_path, [entry("a.com")])
    failed, result = run_module(contacts_revert, {"record": path, "concurrency": 1, "fail_on_error": False}, [
        contact_answer("a.com"), profiles_answer(dict(old_profile(), EmailVerificationStatus=0), Email="ls@example.com")])
    assert not failed and result["results"][0]["status"] == "failed"
    assert result["results"][0]["error"]["code"] == "ProfileNotVerified"
    assert "e-mail verification" in result["results"][0]["error"]["message"]
    assert "SaveSingleTaskForUpdatingContactInfo" not in result["api_calls"]


def test_a_revert_killed_half_way_converges_on_rerun(run_module, tmp_path):
    """a.com went back before the kill, b.com did not: the rerun writes b.com only, and carries on its record."""
    path = write_record(tmp_path, [entry("a.com", "admin"), entry("b.com", "admin")])
    own = path.replace(".record.json", ".revert.record.json")
    killed = rec.RunRecord(own, rec.binding_of(make_client(FakeSession([]))), kind="revert",
                           reverts=rec.load(path)["digest"])
    killed.data["entries"].append(dict(entry("a.com", "admin", outcome="submitted", task_no="R-1"),
                                       before=c.contact_fields(NEW), after=c.contact_fields(OLD)))
    killed.start()  # the file as a killed run leaves it: complete false
    back = dict(name="li si", email="ls@example.com", City="shang hai")
    failed, result = run_module(contacts_revert, {"record": path, "concurrency": 1, "poll_interval": 0.01}, [
        contact_answer("a.com", "admin", **back), contact_answer("b.com", "admin"),
        profiles_answer(old_profile(), Email="ls@example.com"),
        domain_answer("b.com"),
        Call(SAVE, {"DomainName": "b.com", "ContactType": "admin", "RegistrantProfileId": 456}, {"TaskNo": "R-2"}),
        detail_answer("R-2", "b.com", 2)])
    assert not failed, result
    assert [(r["domain"], r["revert"], r["status"]) for r in result["results"]] == [
        ("a.com", "already_reverted", "unchanged"), ("b.com", "to_revert", "succeeded")]
    data = rec.load(own)
    assert data["runs"] == 2 and data["complete"] is True
    assert sorted((e["domain"], e["task_no"]) for e in data["entries"]) == [("a.com", "R-1"), ("b.com", "R-2")]


def test_the_revert_plan_names_a_locked_domain_blocked_before_any_write(run_module, tmp_path):
    """One domain read per domain to revert, as the forward plan: the role can lift the update lock for it."""
    path = write_record(tmp_path, [entry("a.com"), entry("a.com", "admin"), entry("b.com", "admin")])
    locked = Call("QueryDomainByDomainName", {"DomainName": "a.com"},
                  {"DomainName": "a.com", "RegistrantUpdatingStatus": "NORMAL", "UpdateProhibitionLock": "OPEN"})
    failed, result = run_module(contacts_revert, {"record": path, "concurrency": 1}, [
        contact_answer("a.com"), contact_answer("a.com", "admin"), contact_answer("b.com", "admin"),
        profiles_answer(old_profile(), Email="ls@example.com"), locked, domain_answer("b.com")], check_mode=True)
    assert not failed, result
    by = dict(((r["domain"], r["contact_type"]), r) for r in result["results"])
    assert by[("a.com", "registrant")]["status"] == by[("a.com", "admin")]["status"] == "blocked"
    assert by[("a.com", "admin")]["domain_state"]["blocked_by"] == ["update_lock"]
    assert by[("b.com", "admin")]["status"] == "would_change" and result["api_calls"]["QueryDomainByDomainName"] == 2


def test_a_lost_answer_to_creating_the_old_details_profile_is_searched_then_sent_again(run_module, tmp_path):
    path = write_record(tmp_path, [entry("b.com", "tech")])
    created = old_profile(789, "NONAUDIT")
    failed, result = run_module(contacts_revert, {"record": path, "concurrency": 1, "wait": False}, [
        contact_answer("b.com", "tech"), profiles_answer(Email="ls@example.com"),
        Call("SaveRegistrantProfile", {"Email": "ls@example.com"}, {"Code": "ServiceUnavailable"}, status=503),
        profiles_answer(Email="ls@example.com"),  # nothing was created: sent again
        Call("SaveRegistrantProfile", {"Email": "ls@example.com"}, {"RegistrantProfileId": 789}),
        domain_answer("b.com"),
        Call(SAVE, {"DomainName": "b.com", "ContactType": "tech", "RegistrantProfileId": 789}, {"TaskNo": "R-9"})])
    assert not failed, result
    assert result["results"][0]["status"] == "submitted" and result["profiles"][0]["registrant_profile_id"] == 789
    assert run_module.session.actions().count("SaveRegistrantProfile") == 2
    assert created["RegistrantProfileId"] == 789


def test_the_revert_keeps_its_counts_in_progress_path(run_module, tmp_path):
    """Counts for the progress lines (classified, to go back, submitted, done, failed), never a domain name."""
    path = write_record(tmp_path, [entry("a.com", "admin"), entry("b.com", "admin")])
    counts = tmp_path / "counts.json"
    back = dict(name="li si", email="ls@example.com", City="shang hai")
    failed, result = run_module(contacts_revert, {"record": path, "concurrency": 1, "poll_interval": 0.01,
                                                  "progress_path": str(counts)}, [
        contact_answer("a.com", "admin", **back), contact_answer("b.com", "admin"),
        profiles_answer(old_profile(), Email="ls@example.com"), domain_answer("b.com"),
        Call(SAVE, {"DomainName": "b.com", "ContactType": "admin", "RegistrantProfileId": 456}, {"TaskNo": "R-2"}),
        detail_answer("R-2", "b.com", 2)])
    assert not failed, result
    assert json.loads(counts.read_text()) == {"total": 2, "read": 2, "planned": 1, "submitted": 1, "done": 1,
                                              "failed": 0}
    assert "b.com" not in counts.read_text()


def test_many_groups_list_the_profiles_once_instead_of_a_search_each(run_module, tmp_path, monkeypatch):
    from ansible_collections.alicloud.domain.plugins.module_utils import _revert
    monkeypatch.setattr(_revert, "LIST_ALL_FROM", 0)  # here from the first group on (20 in a real run)
    other = dict(old_profile(457), Email="zz@example.com", RegistrantName="zz")
    path = write_record(tmp_path, [entry("a.com", "admin"), entry("b.com", "admin")])
    counts = tmp_path / "counts.json"
    failed, result = run_module(contacts_revert, {"record": path, "concurrency": 1, "wait": False,
                                                  "progress_path": str(counts)}, [
        contact_answer("a.com", "admin"), contact_answer("b.com", "admin"),
        profiles_answer(other, old_profile(), PageNum=1, PageSize=500),  # the one listing
        domain_answer("a.com"),
        Call(SAVE, {"DomainName": "a.com", "ContactType": "admin", "RegistrantProfileId": 456}, {"TaskNo": "R-1"}),
        domain_answer("b.com"),
        Call(SAVE, {"DomainName": "b.com", "ContactType": "admin", "RegistrantProfileId": 456}, {"TaskNo": "R-2"})])
    assert not failed, result
    assert result["api_calls"]["QueryRegistrantProfiles"] == 1 and result["profiles"][0]["how"] == "found"
    assert json.loads(counts.read_text())["read"] == 2  # classified rows count as read while they wait


def test_lost_profile_creates_are_settled_by_one_listing_of_the_account(run_module, tmp_path, monkeypatch):
    """Many groups (the account is listed): two creates lose their answer. One listing settles both: the profile of
    one is found there (created after all), the other is created again - no search by e-mail, no third create."""
    from ansible_collections.alicloud.domain.plugins.module_utils import _revert
    monkeypatch.setattr(_revert, "LIST_ALL_FROM", 0)
    other = person("wang wu", "ww@example.com", City="bei jing")
    landed = dict(other, RegistrantProfileId=790, RealNameStatus="SUCCEED", RegistrantType="1",
                  RegistrantProfileType="common", DefaultRegistrantProfile=False, EmailVerificationStatus=1)
    path = write_record(tmp_path, [entry("a.com", "admin"), entry("b.com", "admin", before=other)])
    lost = {"Code": "ServiceUnavailable", "Message": "", "RequestId": "R"}
    failed, result = run_module(contacts_revert, {"record": path, "concurrency": 1, "wait": False}, [
        contact_answer("a.com", "admin"), contact_answer("b.com", "admin"),
        profiles_answer(PageNum=1, PageSize=500),  # the listing: no profile holds either
        Call("SaveRegistrantProfile", {"Email": "ls@example.com"}, lost, status=503),
        Call("SaveRegistrantProfile", {"Email": "ww@example.com"}, lost, status=503),
        profiles_answer(landed, PageNum=1, PageSize=500),  # listed again: b.com's create was carried out
        Call("SaveRegistrantProfile", {"Email": "ls@example.com"}, {"RegistrantProfileId": 789}),
        domain_answer("a.com"),
        Call(SAVE, {"DomainName": "a.com", "ContactType": "admin", "RegistrantProfileId": 789}, {"TaskNo": "R-1"}),
        domain_answer("b.com"),
        Call(SAVE, {"DomainName": "b.com", "ContactType": "admin", "RegistrantProfileId": 790}, {"TaskNo": "R-2"})])
    assert not failed, result
    assert [(r["domain"], r["task_no"]) for r in result["results"]] == [("a.com", "R-1"), ("b.com", "R-2")]
    how = sorted((p["registrant_profile_id"], p["how"]) for p in result["profiles"])
    assert how == [(789, "created"), (790, "found")]
    assert result["api_calls"]["QueryRegistrantProfiles"] == 2 and result["api_calls"]["SaveRegistrantProfile"] == 3
    assert "1 were found created by listing the account again" in json.dumps(result["warnings"]), result["warnings"]


def test_the_apply_given_the_plan_reads_no_contact_again_and_rereads_a_blocked_domain(run_module, tmp_path):
    """The check-mode run's results as ``plan``: a contact found to revert is not read again, a domain read by the
    plan counts as the in-flight check, a domain the plan found blocked (update lock, lifted since) is read again."""
    path = write_record(tmp_path, [entry("a.com"), entry("b.com", "admin"), entry("c.com", "admin")])
    locked = Call("QueryDomainByDomainName", {"DomainName": "a.com"},
                  {"DomainName": "a.com", "RegistrantUpdatingStatus": "NORMAL", "UpdateProhibitionLock": "OPEN"})
    failed, plan = run_module(contacts_revert, {"record": path, "concurrency": 1}, [
        contact_answer("a.com"), contact_answer("b.com", "admin"), contact_answer("c.com", "admin"),
        profiles_answer(old_profile(), Email="ls@example.com"), locked, domain_answer("b.com"),
        domain_answer("c.com")], check_mode=True)
    assert not failed, plan
    assert [r["status"] for r in plan["results"]] == ["blocked", "would_change", "would_change"]
    assert all(r["current"] == c.contact_digest(NEW) and r["domain_state"]["read_at"] for r in plan["results"])
    rows = [dict(r) for r in plan["results"]]
    rows[2]["current"] = c.contact_digest(OLD)  # c.com: the plan saw something else: read again
    failed, result = run_module(contacts_revert, {"record": path, "concurrency": 1, "plan": rows,
                                                  "poll_interval": 0.01}, [
        contact_answer("c.com", "admin"),
        profiles_answer(old_profile(), Email="ls@example.com"),
        domain_answer("a.com"),  # blocked in the plan: read again (unlocked now); b.com's plan read counts
        Call(SAVE, {"DomainName": "a.com", "ContactType": "registrant", "RegistrantProfileId": 456}, {"TaskNo": "R-1"}),
        Call(SAVE, {"DomainName": "b.com", "ContactType": "admin", "RegistrantProfileId": 456}, {"TaskNo": "R-2"}),
        domain_answer("c.com"),
        Call(SAVE, {"DomainName": "c.com", "ContactType": "admin", "RegistrantProfileId": 456}, {"TaskNo": "R-3"}),
        detail_answer("R-1", "a.com", 2), detail_answer("R-2", "b.com", 2), detail_answer("R-3", "c.com", 2)])
    assert not failed, result
    assert [(r["domain"], r["status"]) for r in result["results"]] == [
        ("a.com", "succeeded"), ("b.com", "succeeded"), ("c.com", "succeeded")]
    assert result["api_calls"]["QueryContactInfo"] == 1 and result["api_calls"]["QueryDomainByDomainName"] == 2
    data = rec.load(path.replace(".record.json", ".revert.record.json"))
    assert all(e["before"]["Email"] == NEW["Email"] for e in data["entries"])  # the revert can be reverted


def test_a_registrant_the_plan_held_back_for_a_profile_to_create_is_not_read_again(run_module, tmp_path):
    """No profile holds the old details: the plan cannot tell the new profile's verification and holds the
    registrant back (failed, ProfileNotVerified) after reading it. The apply given that plan does not read it again;
    it creates the profile, reads its statuses, and reverts the registrant once the profile is verified."""
    path = write_record(tmp_path, [entry("a.com")])
    failed, plan = run_module(contacts_revert, {"record": path, "concurrency": 1, "fail_on_error": False}, [
        contact_answer("a.com"), profiles_answer(Email="ls@example.com")], check_mode=True)
    assert not failed, plan
    row = plan["results"][0]
    assert row["status"] == "failed" and row["error"]["code"] == "ProfileNotVerified", row
    assert row["current"] == c.contact_digest(NEW)
    failed, result = run_module(contacts_revert, {"record": path, "concurrency": 1, "plan": plan["results"],
                                                  "poll_interval": 0.01}, [
        profiles_answer(Email="ls@example.com"),
        Call("SaveRegistrantProfile", {"Email": "ls@example.com"}, {"RegistrantProfileId": 789}),
        profiles_answer(old_profile(789), RegistrantProfileId=789),  # verified: the registrant may go back
        domain_answer("a.com"),
        Call(SAVE, {"DomainName": "a.com", "ContactType": "registrant", "RegistrantProfileId": 789}, {"TaskNo": "R-1"}),
        detail_answer("R-1", "a.com", 2)])
    assert not failed, result
    assert result["results"][0]["status"] == "succeeded", result["results"]
    assert "QueryContactInfo" not in result["api_calls"], result["api_calls"]


def test_a_bad_plan_row_is_refused_before_any_call(run_module, tmp_path):
    path = write_record(tmp_path, [entry("a.com")])
    row = {"domain": "a.com", "contact_type": "registrant", "revert": "to_revert", "status": "would_change"}
    for bad, text in ((dict(row, current="zz"), "'current'"), ("a.com", "convert to dict"),
                      (dict(row, current=c.contact_digest(NEW), domain_state={"blocked_by": ["moon"]}), "blocked_by")):
        failed, result = run_module(contacts_revert, {"record": path, "plan": [bad]}, [])
        assert failed and text in result["msg"] and "Traceback" not in result["msg"], result


def test_plan_from_reaching_the_module_is_refused_before_any_call(run_module, tmp_path):
    path = write_record(tmp_path, [entry("a.com")])
    failed, result = run_module(contacts_revert, {"record": path, "plan_from": "registrant_change_x_plan"}, [])
    assert failed and "plan_from (registrant_change_x_plan)" in result["msg"] and "give the rows as plan" in result["msg"]
    assert run_module.session.sent == []


def test_the_profile_index_keeps_the_best_of_equal_details_and_only_what_a_revert_needs():
    from ansible_collections.alicloud.domain.plugins.module_utils import _profiles
    newer = dict(old_profile(900), Remark="a long remark", Address="  " + OLD["Address"] + " ")  # equal, normalised
    default = dict(old_profile(901), DefaultRegistrantProfile=True)
    other = dict(old_profile(457), Email="zz@example.com")
    session = FakeSession([
        Call("QueryRegistrantProfiles", {"PageNum": 1, "PageSize": 500}, {
            "RegistrantProfiles": {"RegistrantProfile": [newer, old_profile()]}, "TotalPageNum": 2, "NextPage": True}),
        Call("QueryRegistrantProfiles", {"PageNum": 2, "PageSize": 500}, {
            "RegistrantProfiles": {"RegistrantProfile": [other, default]}, "TotalPageNum": 2, "NextPage": False})])
    index = _profiles.index_by_details(make_client(session))
    session.assert_done()
    assert len(index) == 2
    best = index[c.contact_digest(OLD)]
    assert best["RegistrantProfileId"] == 901 and "Remark" not in best  # the default one, trimmed
    assert index[c.contact_digest(other)]["RegistrantProfileId"] == 457


def test_a_listing_for_some_details_keeps_only_their_profiles():
    from ansible_collections.alicloud.domain.plugins.module_utils import _profiles
    other = dict(old_profile(457), Email="zz@example.com")
    session = FakeSession([
        Call("QueryRegistrantProfiles", {"PageNum": 1, "PageSize": 500}, {
            "RegistrantProfiles": {"RegistrantProfile": [other, old_profile()]}, "TotalPageNum": 1, "NextPage": False})])
    index = _profiles.index_by_details(make_client(session), wanted={c.contact_digest(OLD)})
    session.assert_done()
    assert list(index) == [c.contact_digest(OLD)] and index[c.contact_digest(OLD)]["RegistrantProfileId"] == 456


def test_the_action_hands_the_module_only_the_plan_rows_and_keys_the_revert_reads():
    from ansible_collections.alicloud.domain.plugins.module_utils import _revert
    state = {"update_lock": False, "transfer_lock": False, "in_flight": False, "blocked_by": [], "read_at": 1.0}
    taken = {"domain": "a.com", "contact_type": "admin", "revert": "to_revert", "status": "would_change",
             "changed": True, "differences": ["email"], "note": "back to profile 456", "current": "f" * 32,
             "domain_state": state, "task_no": None, "profile_id": 456, "error": None}
    held = dict(taken, domain="b.com", status="failed", error={"code": "ProfileNotVerified", "message": "lacks it"})
    left = dict(taken, domain="c.com", revert="already_reverted", status="unchanged")
    rows = _revert.taken_plan([taken, held, left])
    assert rows == [
        {"domain": "a.com", "contact_type": "admin", "revert": "to_revert", "status": "would_change",
         "current": "f" * 32, "domain_state": state},
        {"domain": "b.com", "contact_type": "admin", "revert": "to_revert", "status": "failed", "current": "f" * 32,
         "domain_state": state, "error": {"code": "ProfileNotVerified"}}]
    assert _revert.read_plan(rows) == _revert.read_plan([taken, held, left])  # the module takes the same


def test_a_search_for_a_lost_create_keeps_only_the_matches_of_every_page_best_first():
    from ansible_collections.alicloud.domain.plugins.module_utils import _profiles
    same_address = [dict(old_profile(1000 + n), Telephone="1390000%04d" % n) for n in range(3)]  # one e-mail, others
    default = dict(old_profile(901), DefaultRegistrantProfile=True)
    session = FakeSession([
        Call("QueryRegistrantProfiles", {"PageNum": 1, "PageSize": 500, "Email": OLD["Email"]}, {
            "RegistrantProfiles": {"RegistrantProfile": same_address[:2] + [old_profile(950)]}, "TotalPageNum": 2,
            "NextPage": True}),
        Call("QueryRegistrantProfiles", {"PageNum": 2, "PageSize": 500, "Email": OLD["Email"]}, {
            "RegistrantProfiles": {"RegistrantProfile": [same_address[2], default]}, "TotalPageNum": 2,
            "NextPage": False})])
    found = _profiles.find_matching(make_client(session), _profiles.DesiredProfile(c.contact_fields(OLD)))
    session.assert_done()
    assert [p["RegistrantProfileId"] for p in found] == [901, 950]  # the default first, then the lowest ID
