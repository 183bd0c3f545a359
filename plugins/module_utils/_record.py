# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.domain contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The run record: what a contact change run found and did, kept so that it can be cancelled or reverted.

No API returns the profile a domain was on, so once a contact change has run the old details are gone
unless we kept them. A record holds, per (domain, contact type), the contact as read before the change
(the compared fields, ``contact.CONTACT_FIELDS``), what the run set (``after`` and its profile ID), the
task number and the outcome.

* Written before each write (the old details) and again after each step - outcomes at most once a second,
  all of them at the end - atomically (a temporary file in the same directory, fsync, rename, fsync of the
  directory), so a run that dies still leaves it.
* Mode 0600 whatever the umask (it holds personal data); its directory is created 0700.
* Bound to the account and endpoint it was made on: a SHA-256 of the account's identity (the access key
  ID, or for temporary credentials the source that obtained them) and the endpoint URL; a record of
  another account or endpoint is refused.
* Integrity: a SHA-256 digest over the canonical JSON of everything else. A truncated, edited or damaged
  record is refused with a clear message before any write. (The digest finds damage and edits by hand;
  it is not a signature: anyone who can write the file can also recompute it.)
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib
import json
import os
import tempfile
import threading
import time

from ansible_collections.alicloud.domain.plugins.module_utils._contacts import contact as c
from ansible_collections.alicloud.domain.plugins.module_utils._contacts.bulk import BulkContacts
from ansible_collections.alicloud.domain.plugins.module_utils._api.errors import ConfigurationError, DomainError

FORMAT = "alicloud.domain/run-record"
VERSION = 1
SUFFIX = ".record.json"
# outcomes after which the run certainly did not change the contact
NOT_CHANGED = ("unchanged", "would_change", "in_flight")
# outcomes of a write this run made (or may have made)
WRITTEN = ("writing", "submitted", "succeeded", "pending", "unknown")
# outcomes (not details needed before a write) are written at most this often; the last write of a run has them all
OUTCOME_SECONDS = 1.0
# the statuses of a check-mode row whose contact an apply run may write: kept in the record's ``planned`` list
PLANNED = ("would_change", "in_flight", "blocked")


class RecordError(ConfigurationError):
    """A record that cannot be used: missing, truncated, tampered with, foreign or of a newer format."""


def now_text():
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def account_identity(credentials):
    """What names the account, never a secret: the long-lived access key ID behind the credentials in use.

    Temporary credentials (a security token) change their key ID every session: they are named by the source
    that obtained them (a RAM role ARN, an ECS role) or, for an AssumeRole, by the key that assumed the role.
    """
    if getattr(credentials, "base", None) is not None:
        return "role:%s|key:%s" % (credentials.source, account_identity(credentials.base))
    if credentials.security_token:
        return "temporary:%s" % credentials.source
    return "key:%s" % credentials.access_key_id


def binding_of(client):
    """``{"account": sha256 hex, "endpoint": url}`` of the client's credentials and endpoint."""
    who = account_identity(client.credentials)
    return {"account": hashlib.sha256(who.encode("utf-8")).hexdigest(), "endpoint": client.endpoint.url}


def canonical(data):
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def canonical_parts(data):
    """``canonical(data)`` of a dict as byte strings (yielded) that join to the same bytes, each list of the top
    level encoded element by element: a record of 20,000 entries is never one text of tens of MB (with its UTF-8
    copy and the copy that appends the digest, over 150 MB at once in the module that saved it)."""
    yield b"{"
    for n, key in enumerate(sorted(data)):
        value = data[key]
        head = (b"," if n else b"") + canonical(key) + b":"
        if isinstance(value, list):
            yield head + b"["
            for i, item in enumerate(value):
                yield (b"," if i else b"") + canonical(item)
            yield b"]"
        else:
            yield head + canonical(value)
    yield b"}"


def serialised(data):
    """The bytes of a record file, yielded part by part (:func:`canonical_parts`) so that a writer streams them and
    the record is never whole in memory; ``data["digest"]`` is set to the digest of the content without it - over
    these very bytes - and appended in place of the closing brace: the one way a record is written."""
    data.pop("digest", None)
    hasher = hashlib.sha256()
    held = None
    for part in canonical_parts(data):
        if held is not None:
            yield held
        hasher.update(part)
        held = part  # the closing brace, once the last: replaced by the digest
    data["digest"] = "sha256:" + hasher.hexdigest()
    yield (u',"digest":"%s"}\n' % data["digest"]).encode("utf-8")


def digest_of(data):
    """The digest of a loaded record's content (without its digest): the one :func:`serialised` would write, part by
    part, the parts let go as they are hashed."""
    content = dict(data)
    for _part in serialised(content):
        pass
    return content["digest"]


def _share_details(data):
    """Equal contact details of a loaded record share one dict (they are only read): a record of 20,000 entries
    towards one profile holds one copy of that profile's details, not 20,000."""
    shared = {}
    for row in data["entries"] + list(data.get("planned") or []):
        for side in ("before", "after"):
            details = row.get(side) if isinstance(row, dict) else None
            if isinstance(details, dict):
                try:
                    row[side] = shared.setdefault(tuple(sorted(details.items())), details)
                except TypeError:  # a value that is not a string: left as it is
                    continue


def write_private(path, text):
    """Write ``text`` (text, bytes, or byte strings written one after the other as an iterable yields them) to
    ``path`` atomically, mode 0600 whatever the umask; the directory is made 0700."""
    path = os.path.abspath(os.path.expanduser(path))
    folder = os.path.dirname(path)
    if not os.path.isdir(folder):
        os.makedirs(folder, 0o700)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix="." + os.path.basename(path) + ".", suffix=".tmp")
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as handle:
            if isinstance(text, bytes):
                handle.write(text)
            elif isinstance(text, str):
                handle.write(text.encode("utf-8"))
            else:
                handle.writelines(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    try:  # the rename itself survives a crash only once the directory is on disk
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError:
        pass
    return path


def check_binding(data, binding, path):
    if data.get("account") != binding["account"]:
        raise RecordError("The run record %s was made with another account (other credentials) than this run's; "
                          "it is refused. Run with the credentials of the account it was made on." % path)
    if data.get("endpoint") != binding["endpoint"]:
        raise RecordError("The run record %s was made on endpoint %s, not on %s (this run's); it is refused."
                          % (path, data.get("endpoint"), binding["endpoint"]))


def load(path, binding=None):
    """The verified content of the record at ``path``; :class:`RecordError` says what is wrong with it."""
    path = os.path.abspath(os.path.expanduser(str(path)))
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except (IOError, OSError) as err:
        if not os.path.exists(path):
            raise RecordError("The run record %s does not exist." % path)
        raise RecordError("The run record %s cannot be read (%s)." % (path, getattr(err, "strerror", None) or err))
    try:
        text = raw.decode("utf-8")
        raw = None  # neither the bytes nor the text outlive the parse (a record of 10,000 domains is 16 MB of text)
        data = json.loads(text)
    except (ValueError, UnicodeDecodeError):
        raise RecordError("The run record %s is truncated or damaged (not complete JSON); it is refused. Nothing "
                          "was written." % path)
    text = None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise RecordError("%s is not a run record of alicloud.domain (format %s)." % (path, FORMAT))
    if not isinstance(data.get("version"), int) or data["version"] > VERSION:
        raise RecordError("The run record %s has format version %r; this collection reads version %d or older. "
                          "Use a newer alicloud.domain." % (path, data.get("version"), VERSION))
    if data.get("digest") != digest_of(data):
        raise RecordError("The run record %s was changed or truncated after it was written (its digest does not "
                          "match its content); it is refused. Nothing was written." % path)
    if not isinstance(data.get("entries"), list):
        raise RecordError("The run record %s has no entries list." % path)
    if binding is not None:
        check_binding(data, binding, path)
    _share_details(data)
    return data


def entry_key(entry):
    return (entry.get("domain"), entry.get("contact_type"))


class RunRecord:
    """A record being written by a run: entries are added and updated, and the file rewritten after each step."""

    def __init__(self, path, binding, kind="change", reverts=None):
        self.path = os.path.abspath(os.path.expanduser(str(path)))
        self.lock = threading.Lock()  # the content
        self._writer = threading.Lock()  # one write at a time
        self._asked = self._written = 0  # saves asked for; the last of them the last write covered
        self._last_write = 0.0
        self.warnings = []
        self.data = {"format": FORMAT, "version": VERSION, "kind": kind, "account": binding["account"],
                     "endpoint": binding["endpoint"], "created": now_text(), "updated": None, "complete": False,
                     "runs": 0, "entries": [], "planned": []}
        if reverts:
            self.data["reverts"] = reverts
        self._index = {}
        self._planned = {}  # (domain, contact type) -> the row of ``planned`` a check-mode run kept
        self._seen = set()  # the entries this run has read
        self._afters = {}  # profile id -> its contact fields: one dict shared by the entries towards it
        self.started, self.failed_write = None, False
        self._merge_existing(binding)

    def _merge_existing(self, binding):
        """Rerun with the same record path: carry on the record of the same kind, account and endpoint.

        An entry whose contact an earlier run changed keeps what it read before that change (the original).
        A record of another kind, account or endpoint is moved aside (``<path>.<created>.json``), never
        overwritten; a damaged one is refused (move it away yourself: it may be the only copy of the old details).
        """
        if not os.path.exists(self.path):
            return
        old = load(self.path)
        try:
            check_binding(old, binding, self.path)
            same = old.get("kind") == self.data["kind"] and old.get("reverts") == self.data.get("reverts")
        except RecordError:
            same = False
        if not same:
            stamp = str(old.get("created") or now_text()).replace(":", "").replace("-", "")
            aside = "%s.%s.json" % (self.path[:-5] if self.path.endswith(".json") else self.path, stamp)
            try:
                os.rename(self.path, aside)
            except (IOError, OSError) as err:
                raise RecordError("A run record of another change is at %s and cannot be moved aside (%s); nothing "
                                  "was changed. Move it away, or give another path." % (self.path, err.strerror or err))
            self.warnings.append("An earlier run record of another change was at %s; it was moved to %s." % (
                self.path, aside))
            return
        self.data.update(created=old.get("created"), runs=old.get("runs") or 0, complete=bool(old.get("complete")))
        self._set_planned(old.get("planned") or [])
        for entry in old["entries"]:
            self._index[entry_key(entry)] = entry
            self.data["entries"].append(entry)

    @property
    def entries(self):
        return self.data["entries"]

    def _set_planned(self, rows):
        self._planned = dict((entry_key(row), row) for row in rows)
        self.data["planned"] = sorted(self._planned.values(), key=entry_key)

    def note_planned(self, items):
        """Check mode: keep the contacts of the rows an apply run may write (``PLANNED``), as read.

        The rows of a check-mode run carry a fingerprint of each contact, not its details (they are shown in the
        output); an apply run given them as its plan, with the same record, takes the old details from here
        (:meth:`planned_contact`) instead of reading each contact again before its write. These rows are not
        entries: cancel and revert never see them.
        """
        self.keep_planned((item.domain, item.contact_type, item.current) for item in items
                          if item.current is not None and item.status in PLANNED)

    def keep_planned(self, contacts):
        """Keep ``(domain, contact type, contact)`` triples, contacts just read, as planned rows (see
        :meth:`note_planned`; a revert keeps what it classified, so that its writes read nothing again)."""
        with self.lock:
            for domain, contact_type, current in contacts:
                self._planned[(domain, contact_type)] = {
                    "domain": domain, "contact_type": contact_type, "digest": c.contact_digest(current),
                    "before": c.contact_fields(current), "at": now_text()}
            self._set_planned(list(self._planned.values()))

    def planned_contact(self, item):
        """The contact a check-mode run kept for ``item``, if it is still the one ``item``'s plan row fingerprints."""
        row = self._planned.get((item.domain, item.contact_type))
        if row is None or item.digest is None or not isinstance(row.get("before"), dict):
            return None
        if row.get("digest") != item.digest or c.contact_digest(row["before"]) != item.digest:
            return None
        return row["before"]  # read only (the entry takes its own copy): not copied once more per contact

    def drop_planned(self, items):
        """The planned rows of ``items``, used or outdated once this run has read or written them."""
        with self.lock:
            done = set((item.domain, item.contact_type) for item in items)
            self._set_planned(row for key, row in self._planned.items() if key not in done)

    def save(self, complete=False, required=True):
        """Write the record; return once a write that began after the call has ended, so that what the caller noted
        is on disk. Saves asked for at once share one write (group commit: many groups of a revert run side by side).
        ``required=False`` (an outcome, not details needed before a write): skipped when the last write is less than
        ``OUTCOME_SECONDS`` old - the next write, or the last one of the run, carries it.

        Once the run has started, a failed write is a warning (the file keeps the last good content, the run goes
        on); the first write, before any change, fails the run (see :meth:`start`)."""
        with self.lock:
            if not required and not complete and time.time() - self._last_write < OUTCOME_SECONDS:
                return
            self._asked += 1
            ticket = self._asked
        with self._writer:
            if self._written >= ticket and not complete:
                return  # a write whose content was taken after this call has ended
            try:
                with self.lock:  # the content streamed to the file part by part: never the whole record at once
                    upto = self._asked
                    self.data["updated"] = now_text()
                    self.data["complete"] = bool(complete)
                    write_private(self.path, serialised(self.data))
            except (IOError, OSError) as err:
                if not self.data["runs"] or self.started is False:
                    raise
                if not self.failed_write:
                    self.warnings.append("The run record %s could not be updated (%s); it holds what was known before. "
                                         "The results of this run list the task numbers." % (self.path, err.strerror or err))
                self.failed_write = True
            self._written, self._last_write = upto, time.time()

    def start(self):
        """The first write, before any change: a record that cannot be written stops the run here."""
        self.data["runs"] = int(self.data.get("runs") or 0) + 1
        self.started = False
        try:
            self.save()
        except (IOError, OSError) as err:
            raise RecordError("The run record cannot be written at %s (%s); nothing was changed. Give a writable path "
                              "(record, registrant_change_record_path) or turn the record off." % (
                                  self.path, getattr(err, "strerror", None) or err))
        self.started = True

    def note_read(self, item, profile_id, profile):
        """The contact of ``item`` (a ``rows.Item``) as read, before any write of this run towards ``profile``.

        An entry an earlier run (same record, same profile) changed, whose contact still holds that change, keeps
        what was read before it: the original details. Read again (after a change in flight that was not ours
        ended) before this run wrote anything, the entry takes the newer read.
        """
        key = (item.domain, item.contact_type)
        if item.current is None:
            return
        with self.lock:
            entry = self._index.get(key)
            if key in self._seen and (entry.get("task_no") or entry.get("outcome") in WRITTEN):
                return
            if key not in self._seen and entry is not None and not item.diffs and entry.get("outcome") not in \
                    NOT_CHANGED + ("failed",) and str(entry.get("profile_id")) == str(profile_id):
                return  # an earlier run's change, still in place: keep its original details
            self._seen.add(key)
            after = self._afters.get(int(profile_id))
            if after is None:  # 10,000 entries towards one profile hold one copy of its details, not 10,000
                after = self._afters[int(profile_id)] = c.contact_fields(profile)
            fresh = {"domain": item.domain, "contact_type": item.contact_type,
                     "before": c.contact_fields(item.current), "after": after,
                     "profile_id": int(profile_id), "differences": list(item.diffs), "task_no": None,
                     "outcome": "writing" if item.diffs else "unchanged", "note": None, "at": now_text()}
            if entry is None:
                self._index[key] = fresh
                self.data["entries"].append(fresh)
            else:
                entry.clear()
                entry.update(fresh)

    def note_outcome(self, item):
        """The task number and status of ``item`` as this run knows them now."""
        key = (item.domain, item.contact_type)
        with self.lock:
            entry = self._index.get(key)
            if key not in self._seen or entry is None or item.status in ("differs", "recheck", "new", "resend"):
                return
            if entry.get("outcome") == "unchanged" and item.status == "unchanged":
                return
            ours = item.status in WRITTEN + ("failed",) and not item.awaited  # a change in flight is not ours
            entry.update(task_no=(item.task_no if ours else None) or entry.get("task_no"), outcome=item.status,
                         note=item.note, at=now_text())

    def set_outcome(self, key, outcome, note=None):
        with self.lock:
            entry = self._index.get(key)
            if entry is not None:
                entry.update(outcome=outcome, note=note, at=now_text())


class RecordingBulk(BulkContacts):
    """``BulkContacts`` that keeps a :class:`RunRecord`: the contacts as read are saved before each write wave,
    task numbers right after it, outcomes after each wait and at the end."""

    def __init__(self, client, plan, concurrency=8, batch_size=1, check_mode=False, record=None, **options):
        super(RecordingBulk, self).__init__(client, plan, concurrency, batch_size, check_mode, **options)
        self.record = record

    def _note(self, items, stage):
        """``read``: the contacts as read, on disk before the write; an outcome: written at most once a second."""
        for item in items:
            if stage == "read":
                self.record.note_read(item, *self.target(item))
            else:
                self.record.note_outcome(item)
        self.record.save(required=stage == "read")

    def _read_for_record(self, item):
        """A row taken from a plan holds only a fingerprint of the contact: its details are taken from the record's
        planned rows (kept by the check-mode run that made the plan), else read, for the record, before the write.
        A contact that cannot be read is not written (its old details could not be kept)."""
        item.current = self.record.planned_contact(item)
        if item.current is not None:
            return
        try:
            item.current = c.get_contact(self.client, item.domain, item.contact_type)
        except DomainError as err:
            item.fail(err)
            item.note = "not submitted: the contact could not be read for the run record"

    def _write(self, items):
        unread = [i for i in items if i.current is None]
        if unread:
            list(self.pool.map(self._read_for_record, unread))
            items = [i for i in items if i.current is not None]
        self._note(items, "read")
        try:
            super(RecordingBulk, self)._write(items)
        finally:
            self._note(items, "outcome")

    def _wait(self, items):
        try:
            return super(RecordingBulk, self)._wait(items)
        finally:
            self._note(items, "outcome")

    def run(self, domains):
        items = super(RecordingBulk, self).run(domains)
        for item in items:  # contacts read but not written (unchanged, in flight) are recorded too
            self.record.note_read(item, *self.target(item))
        self.record.drop_planned(items)
        self._note(items, "outcome")
        return items


class PlanningBulk(BulkContacts):
    """Check mode with a record: ``BulkContacts`` that keeps the contacts it would change in the record's planned
    rows (:meth:`RunRecord.note_planned`), for the apply run that takes its results as a plan. Nothing else of the
    record changes; a record that cannot be written is a warning (the plan is still shown)."""

    def __init__(self, client, plan, concurrency=8, batch_size=1, check_mode=True, record=None, **options):
        super(PlanningBulk, self).__init__(client, plan, concurrency, batch_size, check_mode, **options)
        self.record = record

    def run(self, domains):
        items = super(PlanningBulk, self).run(domains)
        self.record.note_planned(items)
        if self.record.data["planned"] or os.path.exists(self.record.path):
            try:
                self.record.save(complete=self.record.data["complete"])
            except (IOError, OSError) as err:
                self.record.warnings.append("The planned contacts could not be kept in the run record %s (%s); the "
                                            "apply run reads each contact to be written once more instead." % (
                                                self.record.path, getattr(err, "strerror", None) or err))
        return items


def default_path(report_path=None):
    """The record's path: ``<report_path>.record.json``, else one per run under ~/.ansible/alicloud.domain/records."""
    if report_path:
        return os.path.abspath(os.path.expanduser(str(report_path))) + SUFFIX
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    return os.path.join(os.path.expanduser("~"), ".ansible", "alicloud.domain", "records",
                        "contacts-%s-%d%s" % (stamp, os.getpid(), SUFFIX))


def summary(record):
    """What the module returns about a record: the path and counts, never contact details."""
    counts = {}
    for entry in record.entries:
        counts[entry.get("outcome")] = counts.get(entry.get("outcome"), 0) + 1
    return {"path": record.path, "entries": len(record.entries), "outcomes": counts,
            "planned": len(record.data["planned"]),
            "task_nos": sorted(set(e["task_no"] for e in record.entries if e.get("task_no")))}


def rewrite(path, data):
    """Write the content of a loaded record back (after an update such as a cancel), with a new digest."""
    data["updated"] = now_text()
    return write_private(path, serialised(data))


def bulk_for(path, client, plan, concurrency=8, batch_size=1, check_mode=False, **options):
    """The bulk engine of a contacts run: one that keeps the run record at ``path`` (in check mode only the
    contacts it would change, as the apply run's old details).

    ``options`` go to ``BulkContacts`` as they are."""
    if not path:
        return BulkContacts(client, plan, concurrency, batch_size, check_mode, **options)
    record = RunRecord(path, binding_of(client))
    if check_mode:
        return PlanningBulk(client, plan, concurrency, batch_size, check_mode, record=record, **options)
    record.start()  # the file exists (or was carried on) before any write
    return RecordingBulk(client, plan, concurrency, batch_size, check_mode, record=record, **options)


def finish(bulk, result):
    """Complete the record of ``bulk`` (if any) and say where it is in ``result`` (path and counts only)."""
    record = getattr(bulk, "record", None)
    if record is None:
        return result
    if not isinstance(bulk, PlanningBulk):
        record.save(complete=True)
    result["record"] = summary(record)
    result.setdefault("warnings", []).extend(record.warnings)
    return result
