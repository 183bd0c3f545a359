# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""alicloud.domain.contacts with a run record (option record, issue 17); concurrency 1 keeps the order fixed."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import stat

from ansible_collections.alicloud.domain.plugins.module_utils import _record as rec
from ansible_collections.alicloud.domain.plugins.modules import contacts
from ansible_collections.alicloud.domain.tests.unit.plugins.fake_api import (
    Call, contact_answer, detail_answer, domain_answer, profile_answer)

SAVE = "SaveSingleTaskForUpdatingContactInfo"
BASE = {"registrant_profile_id": 123, "concurrency": 1, "progress_interval": 0}


def test_the_record_holds_the_old_contact_task_and_outcome_and_the_output_none_of_it(run_module, tmp_path):
    path = str(tmp_path / "records" / "run.record.json")
    old = os.umask(0o022)
    try:
        failed, result = run_module(contacts, dict(BASE, domains=["a.com", "b.com"], wait=True, record=path), [
            profile_answer(), contact_answer("a.com", Email="old@example.com", City="gone city"),
            contact_answer("b.com"), domain_answer("a.com"),
            Call(SAVE, {"DomainName": "a.com"}, {"TaskNo": "T-A"}), detail_answer("T-A", "a.com", 2)])
    finally:
        os.umask(old)
    assert not failed, result
    assert result["record"]["path"] == path and result["record"]["outcomes"] == {"succeeded": 1, "unchanged": 1}
    assert "old@example.com" not in json.dumps(result) and "gone city" not in json.dumps(result)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    data = rec.load(path)
    a = next(e for e in data["entries"] if e["domain"] == "a.com")
    assert a["before"]["Email"] == "old@example.com" and a["before"]["City"] == "gone city"
    assert a["task_no"] == "T-A" and a["outcome"] == "succeeded" and data["complete"] is True


def test_check_mode_with_nothing_to_change_writes_no_record(run_module, tmp_path):
    path = str(tmp_path / "run.record.json")
    failed, result = run_module(contacts, dict(BASE, domains=["a.com"], record=path), [
        profile_answer(), contact_answer("a.com")], check_mode=True)
    assert not failed and result["record"]["planned"] == 0 and not os.path.exists(path)


def test_check_mode_keeps_only_the_contacts_it_would_change_as_planned_rows(run_module, tmp_path):
    path = str(tmp_path / "run.record.json")
    old = os.umask(0o022)
    try:
        failed, result = run_module(contacts, dict(BASE, domains=["a.com", "b.com"], record=path), [
            profile_answer(), contact_answer("a.com", Email="old@example.com"), contact_answer("b.com"),
            domain_answer("a.com")], check_mode=True)
    finally:
        os.umask(old)
    assert not failed and result["record"]["planned"] == 1 and result["record"]["entries"] == 0
    assert "old@example.com" not in json.dumps(result)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    data = rec.load(path)
    assert data["entries"] == [] and data["runs"] == 0 and data["complete"] is False
    assert [(p["domain"], p["contact_type"]) for p in data["planned"]] == [("a.com", "registrant")]
    assert data["planned"][0]["before"]["Email"] == "old@example.com"
    assert data["planned"][0]["digest"] == result["results"][0]["current"]


def test_a_damaged_record_at_the_path_is_refused_before_any_write(run_module, tmp_path):
    path = tmp_path / "run.record.json"
    path.write_text("{\"format\": \"alicloud.domain/run-record\", \"entr", encoding="utf-8")
    failed, result = run_module(contacts, dict(BASE, domains=["a.com"], record=str(path)), [])
    assert failed and "truncated or damaged" in result["msg"]
    assert path.read_text(encoding="utf-8").endswith("\"entr")  # left as it was


def test_a_row_taken_from_the_plan_is_read_for_the_record_before_its_write(run_module, tmp_path):
    """A plan made without the record: the contact is read once more, for its old details, before its write."""
    failed, planned = run_module(contacts, dict(BASE, domains=["a.com"]), [
        profile_answer(), contact_answer("a.com", Email="old@example.com"), domain_answer("a.com")], check_mode=True)
    assert not failed and planned["results"][0]["status"] == "would_change"
    path = str(tmp_path / "run.record.json")
    failed, result = run_module(contacts, dict(BASE, domains=["a.com"], plan=planned["results"], record=path), [
        profile_answer(), contact_answer("a.com", Email="old@example.com"),
        Call(SAVE, {"DomainName": "a.com"}, {"TaskNo": "T-A"})])
    assert not failed, result
    entry = rec.load(path)["entries"][0]
    assert entry["before"]["Email"] == "old@example.com" and entry["task_no"] == "T-A"


def _plan_with_record(run_module, path):
    failed, planned = run_module(contacts, dict(BASE, domains=["a.com", "b.com"], record=path), [
        profile_answer(), contact_answer("a.com", Email="old@example.com"),
        contact_answer("b.com", City="old city"), domain_answer("a.com"), domain_answer("b.com")], check_mode=True)
    assert not failed and [r["status"] for r in planned["results"]] == ["would_change", "would_change"]
    return planned["results"]


def test_an_apply_with_the_plans_record_takes_the_old_details_from_it_and_reads_no_contact(run_module, tmp_path):
    path = str(tmp_path / "run.record.json")
    rows = _plan_with_record(run_module, path)
    # the fake API fails the run on any call not scripted: no QueryContactInfo, no QueryDomainByDomainName (fresh)
    failed, result = run_module(contacts, dict(BASE, domains=["a.com", "b.com"], plan=rows, record=path), [
        profile_answer(), Call(SAVE, {"DomainName": "a.com"}, {"TaskNo": "T-A"}),
        Call(SAVE, {"DomainName": "b.com"}, {"TaskNo": "T-B"})])
    assert not failed, result
    assert result["api_calls"] == {"QueryRegistrantProfiles": 1, SAVE: 2}
    data = rec.load(path)
    before = dict((e["domain"], e["before"]) for e in data["entries"])
    assert before["a.com"]["Email"] == "old@example.com" and before["b.com"]["City"] == "old city"
    assert data["planned"] == [] and data["runs"] == 1 and data["complete"] is True
    assert result["record"]["planned"] == 0


def test_a_planned_row_that_is_not_the_plans_contact_is_not_taken(run_module, tmp_path):
    """The plan row's fingerprint names the contact it read: a planned row kept for another contact (a later plan
    at the same path, a hand edit) is not used as the old details; that contact is read again."""
    path = str(tmp_path / "run.record.json")
    rows = _plan_with_record(run_module, path)
    data = rec.load(path)
    data["planned"][0]["before"]["Email"] = "edited@example.com"
    rec.rewrite(path, data)  # a valid digest, but the details no longer match the fingerprint
    failed, result = run_module(contacts, dict(BASE, domains=["a.com", "b.com"], plan=rows, record=path), [
        profile_answer(), contact_answer("a.com", Email="old@example.com"),
        Call(SAVE, {"DomainName": "a.com"}, {"TaskNo": "T-A"}), Call(SAVE, {"DomainName": "b.com"}, {"TaskNo": "T-B"})])
    assert not failed, result
    before = dict((e["domain"], e["before"]) for e in rec.load(path)["entries"])
    assert before["a.com"]["Email"] == "old@example.com" and before["b.com"]["City"] == "old city"


def test_a_check_mode_run_leaves_the_entries_of_an_earlier_change_as_they_were(run_module, tmp_path):
    path = str(tmp_path / "run.record.json")
    failed, result = run_module(contacts, dict(BASE, domains=["a.com"], wait=True, record=path), [
        profile_answer(), contact_answer("a.com", Email="old@example.com"), domain_answer("a.com"),
        Call(SAVE, {"DomainName": "a.com"}, {"TaskNo": "T-A"}), detail_answer("T-A", "a.com", 2)])
    assert not failed, result
    entries = rec.load(path)["entries"]
    failed, result = run_module(contacts, dict(BASE, domains=["a.com"], record=path, registrant_profile_id=124), [
        profile_answer(124, Email="other@example.com"), contact_answer("a.com"), domain_answer("a.com")],
        check_mode=True)
    assert not failed, result
    data = rec.load(path)
    assert data["entries"] == entries and data["complete"] is True and data["runs"] == 1
    assert data["planned"][0]["domain"] == "a.com"
