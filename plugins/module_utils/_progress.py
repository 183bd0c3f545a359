# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.domain contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Counts of a long bulk run, for the progress lines the contacts action plugin prints.

Ansible has no channel from a running module to the playbook output. The module keeps its counts in a small
JSON file instead: a thread samples the run's items at most once a second and, when a count has moved, writes
the file anew (a temporary file beside it, then ``os.replace``: a reader sees the old file or the new one,
never half of one). The action plugin of the same name reads that file every ``progress_interval`` seconds
and prints :func:`progress_line` through Ansible's display. Counts only: no domain name, no contact detail.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import tempfile
import threading

# the counts, in the order the line shows them
COUNTS = ("total", "read", "planned", "submitted", "done", "failed")
# statuses shown after the counts when there are any (a change of someone else's running, a task not finished ...)
EXTRA = ("in_flight", "blocked", "pending", "unknown")
# the item states of bulk.py that a progress line does not count as read yet
_UNREAD = ("new", None)  # None: a revert's row not classified yet


def count_items(items):
    """The counts of ``items`` (``_contacts.rows.Item``) as a dict: COUNTS plus the EXTRA statuses seen.

    ``read``: contacts whose read is over (whatever it found); ``planned``: contacts found to differ from the
    profile; ``submitted``: changes this run submitted (the items' own ``changed``, check mode's
    ``would_change`` aside); ``done``: those whose task succeeded; ``failed``: contacts that failed.
    About 2 ms for 20,000 items: ``changed`` is asked of one item per status, except ``failed`` (whether a
    failed item had been submitted depends on the item).
    """
    by_status = {}
    for item in items:
        by_status.setdefault(item.status, []).append(item)
    counts = dict((k, 0) for k in COUNTS)
    counts["total"] = len(items)
    counts["planned"] = sum(1 for item in items if item.diffs)
    counts["read"] = len(items) - sum(len(by_status.get(s, ())) for s in _UNREAD)
    for status, group in by_status.items():
        if status == "failed":
            counts["submitted"] += sum(1 for item in group if item.changed)
        elif status != "would_change" and group[0].changed:
            counts["submitted"] += len(group)
    counts["done"] = len(by_status.get("succeeded", ()))
    counts["failed"] = len(by_status.get("failed", ()))
    for status in EXTRA:
        if by_status.get(status):
            counts[status] = len(by_status[status])
    return counts


def progress_line(counts, elapsed=None):
    """The text of a progress line from the counts the module wrote (``None`` before it wrote any), after
    ``elapsed`` seconds when given: ``1 min 35 s: read 800/2000 contacts, planned 480, ...``."""
    if not counts:
        text = "no counts yet"
    elif "total" not in counts:
        text = counts.get("phase") or "starting"
    else:
        parts = ["read %d/%d contacts" % (counts.get("read", 0), counts.get("total", 0))]
        parts.extend("%s %d" % (k, counts.get(k, 0)) for k in COUNTS[2:])
        parts.extend("%s %d" % (k.replace("_", " "), counts[k]) for k in EXTRA if counts.get(k))
        text = ", ".join(parts)
    return text if elapsed is None else "%s: %s" % (_duration(elapsed), text)


def _duration(seconds):
    seconds = int(max(0, seconds))
    if seconds < 60:
        return "%d s" % seconds
    if seconds < 3600:
        return "%d min %02d s" % divmod(seconds, 60)
    hours, rest = divmod(seconds, 3600)
    return "%d h %02d min" % (hours, rest // 60)


def read_counts(path):
    """The counts last written to ``path``, or ``None`` (no file yet, or not readable)."""
    try:
        with open(path, "r") as handle:
            data = json.load(handle)
    except (OSError, IOError, ValueError):
        return None
    return data if isinstance(data, dict) else None


class Progress:
    """Writes the counts of a run to ``path`` at most once every ``period`` seconds, from a thread of its own.

    ``watch(items)`` is the hook BulkContacts calls once it knows its items; ``phase(text)`` says what runs
    before that (the profile read, listing the domains). A file that cannot be written turns progress off
    without a word: progress must never fail the module.
    """

    def __init__(self, path, period=1.0):
        self.path = path
        self.period = period
        self._items = None
        self._phase = None
        self._last = None
        self._stop = threading.Event()
        self._thread = None

    @classmethod
    def start(cls, path, period=1.0):
        """A started Progress for ``path``, or ``None`` when there is no path."""
        if not path:
            return None
        progress = cls(path, period)
        progress.phase("starting")
        progress._thread = threading.Thread(target=progress._loop, name="alicloud-domain-progress")
        progress._thread.daemon = True
        progress._thread.start()
        return progress

    def phase(self, text):
        self._phase = text
        self.flush()

    def watch(self, items):
        self._items = items
        self.flush()

    def counts(self):
        if self._items is None:
            return {"phase": self._phase}
        counts = count_items(list(self._items))
        return counts

    def _loop(self):
        # Event.wait, not time.sleep: the thread neither depends on nor disturbs a patched clock
        while not self._stop.wait(self.period):
            self.flush()

    def flush(self):
        """Write the counts if they moved since the last write."""
        if self.path is None:
            return
        try:
            counts = self.counts()
            if counts == self._last:
                return
            write_atomic(self.path, json.dumps(counts, sort_keys=True))
            self._last = counts
        except Exception:  # pylint: disable=broad-except
            self.path = None  # progress is a courtesy: a disk full or a removed directory turns it off

    def close(self):
        """Stop the thread after a last write."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)
        self.flush()


def write_atomic(path, text):
    """Replace ``path`` by a file holding ``text``, mode 0600, through a temporary file in the same directory."""
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".progress-", dir=directory)  # mode 0600 whatever the umask
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.remove(tmp)
        except OSError:
            pass
        raise
