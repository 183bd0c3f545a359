# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The run record (_record.py): file safety, integrity, binding, and what a bulk run keeps in it."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import stat

import pytest

from ansible_collections.alicloud.domain.plugins.module_utils import _record as rec
from ansible_collections.alicloud.domain.plugins.module_utils._contacts.engine import ContactPlan
from ansible_collections.alicloud.domain.plugins.module_utils._credentials.base import Credentials
from ansible_collections.alicloud.domain.tests.unit.plugins import fake_api
from ansible_collections.alicloud.domain.tests.unit.plugins.fake_api import (
    Call, FakeSession, contact_answer, detail_answer, domain_answer, make_client, profile_answer)

SAVE = "SaveSingleTaskForUpdatingContactInfo"


def client_for(script=()):
    return make_client(FakeSession(script))


def test_written_0600_in_a_0700_directory_whatever_the_umask(tmp_path):
    old = os.umask(0)
    try:
        path = rec.write_private(str(tmp_path / "new" / "r.record.json"), "{}")
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(os.path.dirname(path)).st_mode) == 0o700
    assert os.listdir(os.path.dirname(path)) == ["r.record.json"]  # no temporary file left


def make_record(path, client, entries=(), kind="change"):
    record = rec.RunRecord(str(path), rec.binding_of(client), kind=kind)
    record.data["entries"].extend(entries)
    record.save(complete=True)
    return record


def test_a_record_reads_back_and_every_kind_of_damage_is_refused(tmp_path):
    client = client_for()
    path = tmp_path / "r.record.json"
    make_record(path, client, [{"domain": "a.com", "contact_type": "admin", "before": {"Email": "old@example.com"},
                                "after": {"Email": "new@example.com"}, "outcome": "succeeded", "task_no": "T-1"}])
    data = rec.load(str(path), rec.binding_of(client))
    assert data["entries"][0]["task_no"] == "T-1" and data["complete"] is True
    text = path.read_text(encoding="utf-8")

    path.write_text(text.replace("old@example.com", "odd@example.com"), encoding="utf-8")
    with pytest.raises(rec.RecordError, match="changed or truncated after it was written"):
        rec.load(str(path))
    path.write_text(text[:len(text) // 2], encoding="utf-8")
    with pytest.raises(rec.RecordError, match="truncated or damaged"):
        rec.load(str(path))
    path.write_text(json.dumps({"hello": 1}), encoding="utf-8")
    with pytest.raises(rec.RecordError, match="not a run record"):
        rec.load(str(path))
    with pytest.raises(rec.RecordError, match="does not exist"):
        rec.load(str(tmp_path / "missing.record.json"))
    newer = json.loads(text)
    newer["version"] = rec.VERSION + 1
    newer["digest"] = rec.digest_of(newer)
    path.write_text(json.dumps(newer), encoding="utf-8")
    with pytest.raises(rec.RecordError, match="newer alicloud.domain"):
        rec.load(str(path))


def test_a_foreign_record_is_refused(tmp_path):
    path = tmp_path / "r.record.json"
    make_record(path, client_for())
    other_key = make_client(FakeSession([]))
    other_key.credentials = Credentials("LTAI5tAnotherAccount", "x" * 30)
    with pytest.raises(rec.RecordError, match="another account"):
        rec.load(str(path), rec.binding_of(other_key))
    other_endpoint = make_client(FakeSession([]), endpoint="https://domain-intl.aliyuncs.com")
    with pytest.raises(rec.RecordError, match="made on endpoint https://domain.aliyuncs.com/"):
        rec.load(str(path), rec.binding_of(other_endpoint))


def test_binding_names_no_secret_and_survives_a_new_sts_session():
    base = Credentials("LTAI5tBaseKey", "base-secret")
    one = Credentials("STS.first", "s1", "token-1", source="RAM role acs:ram::1:role/x (AssumeRole with options)",
                      base=base)
    two = Credentials("STS.second", "s2", "token-2", source=one.source, base=base)
    assert rec.account_identity(one) == rec.account_identity(two)
    assert "secret" not in rec.account_identity(one) and "STS." not in rec.account_identity(one)
    assert rec.account_identity(Credentials("LTAI5tA", "x")) != rec.account_identity(Credentials("LTAI5tB", "x"))


class Watching(FakeSession):
    """Reads the record file at the moment the write is sent."""

    def __init__(self, script, path):
        super(Watching, self).__init__(script)
        self.path, self.seen = path, None

    def post(self, url, headers=None, data=None, timeout=None, allow_redirects=True):
        if headers and headers.get("x-acs-action") == SAVE:
            self.seen = rec.load(self.path)
        return super(Watching, self).post(url, headers, data, timeout, allow_redirects)


def test_a_bulk_run_records_before_the_first_write_then_task_and_outcome(tmp_path):
    path = str(tmp_path / "run.record.json")
    session = Watching([
        profile_answer(), contact_answer("a.com", Email="old@example.com"), contact_answer("b.com"),
        domain_answer("a.com"), Call(SAVE, {"DomainName": "a.com", "RegistrantProfileId": 123}, {"TaskNo": "T-A"}),
        detail_answer("T-A", "a.com", 2)], path)
    client = make_client(session)
    plan = ContactPlan.from_params(123, ["registrant"], wait=True, poll_interval=0.01)
    bulk = rec.bulk_for(path, client, plan, concurrency=1)
    items = bulk.run(["a.com", "b.com"])
    result = rec.finish(bulk, {})
    session.assert_done()
    assert [i.status for i in items] == ["succeeded", "unchanged"]
    # at the moment of the write, the record already held the contact as read
    written = session.seen["entries"][0]
    assert written["outcome"] == "writing" and written["before"]["Email"] == "old@example.com"
    data = rec.load(path, rec.binding_of(client))
    by = dict((e["domain"], e) for e in data["entries"])
    assert by["a.com"]["outcome"] == "succeeded" and by["a.com"]["task_no"] == "T-A"
    assert by["a.com"]["before"]["Email"] == "old@example.com" and by["a.com"]["after"]["Email"] == "zs@example.com"
    assert by["a.com"]["differences"] == ["Email"] and by["a.com"]["profile_id"] == 123
    assert sorted(by["a.com"]["before"]) == sorted(fake_api.FIELDS)
    assert by["b.com"]["outcome"] == "unchanged" and by["b.com"]["task_no"] is None
    assert data["complete"] is True and stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert result["record"] == {"path": path, "entries": 2, "outcomes": {"succeeded": 1, "unchanged": 1},
                                "planned": 0, "task_nos": ["T-A"]}
    assert "old@example.com" not in json.dumps(result)


def test_a_rerun_keeps_the_original_details_of_what_an_earlier_run_changed(tmp_path):
    path = str(tmp_path / "run.record.json")
    first = make_client(FakeSession([
        profile_answer(), contact_answer("a.com", Email="old@example.com"), domain_answer("a.com"),
        Call(SAVE, {"DomainName": "a.com"}, {"TaskNo": "T-A"})]))
    plan = ContactPlan.from_params(123, ["registrant"])
    bulk = rec.bulk_for(path, first, plan, concurrency=1)
    bulk.run(["a.com"])
    rec.finish(bulk, {})
    # the rerun finds the contact changed already: nothing to write, the record still holds the original
    again = make_client(FakeSession([profile_answer(), contact_answer("a.com")]))
    bulk = rec.bulk_for(path, again, ContactPlan.from_params(123, ["registrant"]), concurrency=1)
    bulk.run(["a.com"])
    rec.finish(bulk, {})
    data = rec.load(path)
    assert len(data["entries"]) == 1 and data["runs"] == 2
    assert data["entries"][0]["before"]["Email"] == "old@example.com"
    assert data["entries"][0]["outcome"] == "submitted" and data["entries"][0]["task_no"] == "T-A"


def test_a_record_of_another_change_is_moved_aside_and_a_damaged_one_is_never_overwritten(tmp_path):
    path = tmp_path / "run.record.json"
    client = client_for()
    make_record(path, client, kind="revert")
    record = rec.RunRecord(str(path), rec.binding_of(client))
    assert record.warnings and "moved to" in record.warnings[0]
    assert len([n for n in os.listdir(str(tmp_path)) if n.startswith("run.record.")]) == 1
    path.write_text("{\"format\": ", encoding="utf-8")
    with pytest.raises(rec.RecordError, match="truncated"):
        rec.bulk_for(str(path), client, ContactPlan.from_params(123, ["registrant"]))
    assert path.read_text(encoding="utf-8") == "{\"format\": "


def test_check_mode_plans_into_the_record_and_writes_nothing_before_the_run(tmp_path):
    bulk = rec.bulk_for(str(tmp_path / "r.record.json"), client_for(), ContactPlan.from_params(1, ["admin"]),
                        check_mode=True)
    assert isinstance(bulk, rec.PlanningBulk) and bulk.record.data["runs"] == 0 and not os.listdir(str(tmp_path))


def test_a_record_that_cannot_be_written_stops_the_run_before_any_write(tmp_path, monkeypatch):
    def denied(*_args):
        raise OSError(13, "Permission denied")
    monkeypatch.setattr(rec, "write_private", denied)
    with pytest.raises(rec.RecordError, match="cannot be written at .*Permission denied.*nothing was changed"):
        rec.bulk_for(str(tmp_path / "r.record.json"), client_for(), ContactPlan.from_params(1, ["admin"]))


def test_a_later_failed_update_is_a_warning_and_the_last_good_record_stays(tmp_path, monkeypatch):
    path = str(tmp_path / "r.record.json")
    record = rec.RunRecord(path, rec.binding_of(client_for()))
    record.start()

    def no_space(*_args):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(rec, "write_private", no_space)
    record.save()
    record.save(complete=True)
    assert len(record.warnings) == 1 and "No space left on device" in record.warnings[0]
    assert rec.load(path)["complete"] is False


def test_saves_asked_for_at_once_share_writes_and_each_returns_with_its_note_on_disk(tmp_path, monkeypatch):
    """Group commit: many revert groups save side by side; each save returns only once what it noted is written."""
    import threading
    import time as _time
    record = rec.RunRecord(str(tmp_path / "g.record.json"), {"account": "a" * 64, "endpoint": "https://x"})
    record.start()
    writes, real = [], rec.write_private

    def slow(path, text):
        _time.sleep(0.02)
        writes.append(text)
        return real(path, text)

    monkeypatch.setattr(rec, "write_private", slow)
    seen = []

    def one(n):
        with record.lock:
            record.data["entries"].append({"domain": "d%d.com" % n, "contact_type": "admin"})
        record.save()
        seen.append(("d%d.com" % n) in json.dumps(rec.load(record.path)["entries"]))

    threads = [threading.Thread(target=one, args=(n,)) for n in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert seen == [True] * 16 and len(writes) < 16


def test_an_outcome_is_written_at_most_once_a_second_details_before_a_write_always(tmp_path, monkeypatch):
    record = rec.RunRecord(str(tmp_path / "o.record.json"), {"account": "a" * 64, "endpoint": "https://x"})
    record.start()
    writes, real = [], rec.write_private
    monkeypatch.setattr(rec, "write_private", lambda path, text: writes.append(text) or real(path, text))
    record.save(required=False)  # an outcome right after the first write: carried by the next write
    assert writes == []
    record.save()  # details needed before a write: always on disk
    record.save(complete=True)  # the last write of a run: always
    assert len(writes) == 2 and rec.load(record.path)["complete"] is True


def test_the_record_is_serialised_in_parts_that_join_to_its_canonical_bytes():
    data = {"entries": [{"domain": u"示例.中国", "before": {"Email": "a@b.c"}, "n": i} for i in range(3)],
            "planned": [], "runs": 2, "kind": "contacts", "binding": {"endpoint": "https://x"}, "empty": {}}
    parts = list(rec.canonical_parts(data))
    assert b"".join(parts) == rec.canonical(data)
    assert len(parts) > 5 and all(isinstance(p, bytes) for p in parts)
