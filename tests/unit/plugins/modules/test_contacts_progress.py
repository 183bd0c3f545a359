# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""alicloud.domain.contacts keeps its counts in progress_path (read by the action plugin's progress lines)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import stat

from ansible_collections.alicloud.domain.plugins.modules import contacts
from ansible_collections.alicloud.domain.tests.unit.plugins.fake_api import (
    Call, contact_answer, domain_answer, profile_answer)

SAVE = "SaveSingleTaskForUpdatingContactInfo"
BASE = {"registrant_profile_id": 123, "concurrency": 1}


def test_the_counts_of_the_run_are_in_progress_path(run_module, tmp_path):
    path = tmp_path / "counts.json"
    failed, result = run_module(contacts, dict(BASE, domains=[u"示例商店.com", "b.com"], progress_path=str(path)), [
        profile_answer(), contact_answer(u"示例商店.com", Email="x@example.com"), contact_answer("b.com"),
        domain_answer(u"示例商店.com"), Call(SAVE, {"DomainName": u"示例商店.com"}, {"TaskNo": "T-A"})])
    assert not failed and result["totals"]["submitted"] == 1
    counts = json.loads(path.read_text())
    assert counts == {"total": 2, "read": 2, "planned": 1, "submitted": 1, "done": 0, "failed": 0}
    assert stat.S_IMODE(os.stat(str(path)).st_mode) == 0o600
    assert os.listdir(str(tmp_path)) == ["counts.json"]


def test_check_mode_counts_too(run_module, tmp_path):
    path = tmp_path / "counts.json"
    failed, result = run_module(contacts, dict(BASE, domains=["a.com"], progress_path=str(path)), [
        profile_answer(), contact_answer("a.com", City="x"), domain_answer("a.com")], check_mode=True)
    assert not failed and result["totals"]["would_change"] == 1
    assert json.loads(path.read_text())["planned"] == 1


def test_no_progress_path_no_file(run_module, tmp_path, monkeypatch):
    monkeypatch.chdir(str(tmp_path))
    failed, _result = run_module(contacts, dict(BASE, domains=["a.com"], progress_interval=0), [
        profile_answer(), contact_answer("a.com")])
    assert not failed and os.listdir(str(tmp_path)) == []


def test_a_bad_interval_is_refused_before_any_call(run_module):
    for bad in (-1, 86401):
        failed, result = run_module(contacts, dict(BASE, domains=["a.com"], progress_interval=bad), [])
        assert failed and "progress_interval must be between 0 and 86400" in result["msg"], result
    failed, result = run_module(contacts, dict(BASE, domains=["a.com"], progress_interval="soon"), [])
    assert failed and "progress_interval" in result["msg"] and "Traceback" not in result["msg"]


def test_an_unwritable_progress_path_does_not_fail_the_run(run_module, tmp_path):
    path = tmp_path / "no-such-dir" / "counts.json"
    failed, result = run_module(contacts, dict(BASE, domains=["a.com"], progress_path=str(path)), [
        profile_answer(), contact_answer("a.com")])
    assert not failed and result["totals"]["unchanged"] == 1 and not path.exists()
