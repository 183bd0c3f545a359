# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""_progress: the counts a contacts run keeps for the progress lines, and how they are written."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import stat
import threading

from ansible_collections.alicloud.domain.plugins.module_utils import _progress as progress_mod
from ansible_collections.alicloud.domain.plugins.module_utils._contacts.rows import Item
from ansible_collections.alicloud.domain.plugins.module_utils._progress import (
    Progress, count_items, progress_line, read_counts, write_atomic)


def item(status, diffs=(), task_no=None, domain="a.com"):
    out = Item(domain, "registrant")
    out.status, out.diffs, out.task_no = status, list(diffs), task_no
    return out


def test_counts_of_a_run_part_way():
    items = [item("new"), item("new"), item("unchanged"), item("differs", ["Email"]),
             item("submitted", ["Email"], "T1"), item("succeeded", ["City"], "T2"), item("failed", ["City"], "T3"),
             item("failed"), item("in_flight", ["Email"], "T-OTHER"), item("pending", ["Email"], "T4")]
    counts = count_items(items)
    assert counts == {"total": 10, "read": 8, "planned": 6, "submitted": 4, "done": 1, "failed": 2,
                      "in_flight": 1, "pending": 1}


def test_check_mode_plans_but_submits_nothing():
    counts = count_items([item("would_change", ["Email"]), item("unchanged"), item("in_flight", ["City"])])
    assert (counts["planned"], counts["submitted"], counts["read"]) == (2, 0, 3)


def test_blocked_is_shown_when_there_is_one():
    counts = count_items([item("blocked", ["Email"]), item("unchanged")])
    assert counts["blocked"] == 1
    assert progress_line(counts).endswith(", blocked 1")


def test_line_holds_counts_only():
    items = [item("succeeded", ["Email"], "T1", domain=u"示例商店.com"), item("new", domain="secret-name.com")]
    line = progress_line(count_items(items), 95)
    assert line == "1 min 35 s: read 1/2 contacts, planned 1, submitted 1, done 1, failed 0"
    assert "com" not in line and "T1" not in line


def test_line_before_any_count():
    assert progress_line(None, 30) == "30 s: no counts yet"
    assert progress_line({"phase": "starting"}, 3700) == "1 h 01 min: starting"
    assert progress_line({"total": 0}) == "read 0/0 contacts, planned 0, submitted 0, done 0, failed 0"


def test_progress_writes_counts_atomically_with_mode_0600(tmp_path):
    path = str(tmp_path / "counts.json")
    old = os.umask(0)
    try:
        progress = Progress(path, period=3600)
        progress.phase("starting")
        assert read_counts(path) == {"phase": "starting"}
        items = [item("new"), item("new")]
        progress.watch(items)
        assert read_counts(path)["read"] == 0
        items[0].status = "unchanged"
        progress.flush()
        assert read_counts(path)["read"] == 1
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert os.listdir(str(tmp_path)) == ["counts.json"]  # no temporary file left behind


def test_progress_rewrites_only_when_a_count_moved(tmp_path, monkeypatch):
    writes = []
    real = progress_mod.write_atomic
    monkeypatch.setattr(progress_mod, "write_atomic", lambda p, text: (writes.append(text), real(p, text)))
    progress = Progress(str(tmp_path / "c.json"), period=3600)
    items = [item("new")]
    progress.watch(items)
    progress.flush()
    progress.flush()
    assert len(writes) == 1
    items[0].status = "unchanged"
    progress.flush()
    assert len(writes) == 2


def test_the_thread_samples_at_most_once_a_period(tmp_path, monkeypatch):
    """A started Progress writes from its own thread; close() stops it after a last write."""
    writes = []
    wrote = threading.Event()
    real = progress_mod.write_atomic

    def counting(path, text):
        writes.append(text)
        real(path, text)
        wrote.set()
    monkeypatch.setattr(progress_mod, "write_atomic", counting)
    path = str(tmp_path / "c.json")
    progress = Progress.start(path, period=0.05)
    items = [item("new"), item("new"), item("new")]
    progress.watch(items)
    before = len(writes)
    wrote.clear()
    items[0].status = "unchanged"
    assert wrote.wait(5), "the thread did not write the moved count"
    assert len(writes) == before + 1
    items[1].status = "failed"
    progress.close()
    assert not progress._thread.is_alive()
    assert read_counts(path)["failed"] == 1 and read_counts(path)["read"] == 2


def test_no_path_no_progress():
    assert Progress.start(None) is None and Progress.start("") is None


def test_a_file_that_cannot_be_written_turns_progress_off_quietly(tmp_path):
    progress = Progress(str(tmp_path / "missing-dir" / "c.json"))
    progress.watch([item("new")])  # no exception
    assert progress.path is None
    progress.flush()
    progress.close()


def test_read_counts_of_a_missing_or_broken_file(tmp_path):
    assert read_counts(str(tmp_path / "none.json")) is None
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    assert read_counts(str(broken)) is None
    broken.write_text("[1, 2]")
    assert read_counts(str(broken)) is None


def test_write_atomic_replaces_the_whole_file(tmp_path):
    path = str(tmp_path / "c.json")
    write_atomic(path, json.dumps({"total": 1000}))
    write_atomic(path, json.dumps({"total": 1}))
    assert read_counts(path) == {"total": 1}


def test_submitted_agrees_with_each_items_own_changed():
    """count_items asks ``changed`` of one item per status (of each item when failed): the same sum as asking all."""
    items = []
    for n, status in enumerate(("new", "unchanged", "differs", "would_change", "submitted", "succeeded", "pending",
                                "unknown", "failed", "in_flight", "recheck", "blocked")):
        for task_no in (None, "T%d" % n):
            for awaited in (False, True):
                entry = item(status, ["Email"], task_no)
                entry.awaited = awaited
                items.append(entry)
    naive = sum(1 for i in items if i.changed and i.status != "would_change")
    assert count_items(items)["submitted"] == naive > 0
