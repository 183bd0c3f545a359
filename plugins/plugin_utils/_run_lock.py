# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.domain contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A lock file per account and endpoint on the controller, held by one ansible-playbook (or ansible) process.

Private to this collection (controller side, used by the ``run_lock`` action).

The lock is a small JSON file named by a SHA-256 of the account (as the options and environment name it) and the
endpoint, so neither the access key id nor any secret appears in its name or content. Its owner is the
controller process that runs the play (the parent of the worker that runs the action), recorded with its start
time so that a reused process id is not taken for the owner. Every read-decide-write happens under an
``flock`` on a guard file beside it, so two runs on one controller never both take it.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import errno
import fcntl
import hashlib
import json
import os
import socket
import tempfile
import time

LOCK_VERSION = 1
DEFAULT_ENDPOINT = "domain.aliyuncs.com"
DEFAULT_LOCK_DIR = "~/.ansible/alicloud.domain/locks"
ENDPOINT_ENV = "ALICLOUD_DOMAIN_ENDPOINT"

# How the credential chain names an account, in its own order (options, then the environment). Only names are
# used: a secret never takes part, and nothing is resolved (no file, STS or metadata call).
_ID_ENV = ("ALICLOUD_ACCESS_KEY", "ALICLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_ID")
_ECS_ENV = ("ALICLOUD_ECS_ROLE_NAME", "ALIBABA_CLOUD_ECS_METADATA")
_PROFILE_ENV = ("ALICLOUD_PROFILE", "ALIBABA_CLOUD_PROFILE")
_ROLE_ENV = ("ALICLOUD_ASSUME_ROLE_ARN", "ALIBABA_CLOUD_ROLE_ARN")


class LockError(Exception):
    """The lock could not be taken or read; the message holds no secret."""


def _env(env, names):
    for name in names:
        if env.get(name):
            return env[name]
    return None


def account_identity(params, env):
    """A string naming the account the way the options and environment do (never a secret)."""
    params = params or {}
    if params.get("access_key_id"):
        who = "ak:" + str(params["access_key_id"])
    elif params.get("ecs_role_name"):
        who = "ecs_role:" + str(params["ecs_role_name"])
    elif params.get("profile"):
        who = "profile:%s@%s" % (params["profile"], params.get("shared_credentials_file") or "")
    elif _env(env, _ID_ENV):
        who = "ak:" + _env(env, _ID_ENV)
    elif _env(env, _ECS_ENV):
        who = "ecs_role:" + _env(env, _ECS_ENV)
    elif _env(env, _PROFILE_ENV):
        who = "profile:%s@%s" % (_env(env, _PROFILE_ENV), params.get("shared_credentials_file") or "")
    else:
        who = "default_profile@%s" % (params.get("shared_credentials_file") or "")
    role = params.get("assume_role_arn") or _env(env, _ROLE_ENV)
    if role:
        who += "|role:" + str(role).lower()
    return who


def normalise_endpoint(value):
    """``domain.aliyuncs.com``, ``https://Domain.Aliyuncs.com/`` and the like are one endpoint."""
    text = (value or DEFAULT_ENDPOINT).strip().lower()
    scheme = "https"
    if "://" in text:
        scheme, text = text.split("://", 1)
    text = text.split("/", 1)[0].split("?", 1)[0]
    text = text.rsplit("@", 1)[-1]  # user:password@ never takes part
    if scheme == "https" and text.endswith(":443"):
        text = text[:-4]
    elif scheme == "http" and text.endswith(":80"):
        text = text[:-3]
    return "%s://%s" % (scheme, text)


def lock_key(params, env):
    """The file name stem: a hash of the account identity and the endpoint."""
    endpoint = normalise_endpoint((params or {}).get("endpoint") or env.get(ENDPOINT_ENV))
    digest = hashlib.sha256(("%s\n%s" % (account_identity(params, env), endpoint)).encode("utf-8")).hexdigest()
    return digest[:32], endpoint


def process_start(pid):
    """The start time of ``pid`` in clock ticks since boot (Linux), or None where /proc does not tell."""
    try:
        with open("/proc/%d/stat" % int(pid), "r") as handle:
            data = handle.read()
    except (IOError, OSError, ValueError):
        return None
    try:
        return int(data[data.rindex(")") + 2:].split()[19])
    except (ValueError, IndexError):
        return None


def process_alive(pid, start=None):
    """Whether ``pid`` runs and, when its start time was recorded, is the same process."""
    try:
        os.kill(int(pid), 0)
    except OSError as err:
        if err.errno == errno.ESRCH:
            return False
        if err.errno != errno.EPERM:
            return False
    except (TypeError, ValueError):
        return False
    if start is not None:
        now = process_start(pid)
        if now is not None and now != start:
            return False
    return True


class Owner:
    """Who holds (or wants) the lock: a controller process on a host, for some inventory hosts."""

    def __init__(self, pid, start=None, host=None):
        self.pid = int(pid)
        self.start = start if start is not None else process_start(pid)
        self.host = host or socket.gethostname()

    def same(self, record):
        return (record.get("pid") == self.pid and record.get("host") == self.host
                and record.get("pid_start") == self.start)


def describe(record):
    """Who holds a lock, for a message: process, host and since when (nothing about the account)."""
    since = record.get("since")
    when = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(since)) if isinstance(since, (int, float)) else "?"
    return "process %s on %s since %s" % (record.get("pid"), record.get("host"), when)


class RunLock:
    """The lock file ``<dir>/<key>.lock`` and its guard ``<dir>/<key>.guard``."""

    def __init__(self, directory, key, clock=time.time, sleep=time.sleep):
        self.directory = os.path.expanduser(directory or DEFAULT_LOCK_DIR)
        self.key = key
        self.path = os.path.join(self.directory, key + ".lock")
        self.guard_path = os.path.join(self.directory, key + ".guard")
        self.clock, self.sleep = clock, sleep

    def _prepare(self):
        try:
            os.makedirs(self.directory, 0o700)
        except OSError as err:
            if err.errno != errno.EEXIST:
                raise LockError("cannot create the lock directory %s: %s" % (self.directory, err.strerror))
        if not os.path.isdir(self.directory):
            raise LockError("the lock directory %s is not a directory" % self.directory)

    def _guarded(self, action):
        self._prepare()
        try:
            fd = os.open(self.guard_path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as err:
            raise LockError("cannot open %s: %s" % (self.guard_path, err.strerror))
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            return action()
        finally:
            os.close(fd)  # closing releases the flock

    def read(self):
        try:
            with open(self.path, "r") as handle:
                record = json.load(handle)
        except (IOError, OSError) as err:
            if err.errno == errno.ENOENT:
                return None
            raise LockError("cannot read the lock %s: %s" % (self.path, err.strerror))
        except ValueError:
            return {"broken": True}
        return record if isinstance(record, dict) else {"broken": True}

    def _write(self, record):
        fd, tmp = tempfile.mkstemp(prefix=".%s." % self.key, dir=self.directory)
        try:
            with os.fdopen(fd, "w") as handle:
                json.dump(record, handle, sort_keys=True)
            os.chmod(tmp, 0o600)
            os.rename(tmp, self.path)
        except Exception:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise

    def _stale(self, record, owner):
        """Whether a lock held by another process may be taken over (its process is gone)."""
        if record.get("broken"):
            return "unreadable"
        if record.get("host") != owner.host:
            return None  # another machine's process (a shared home directory): never taken over
        if not process_alive(record.get("pid"), record.get("pid_start")):
            return "its process %s is gone" % record.get("pid")
        return None

    def try_acquire(self, owner, holder, check_mode=False):
        """One attempt. Returns (outcome, record): acquired, joined (this process held it for other hosts),
        reentered (this host already held it), taken_over or held."""
        def attempt():
            record = self.read()
            if record is not None and not record.get("broken") and owner.same(record):
                holders = list(record.get("holders") or [])
                if holder in holders:
                    return "reentered", record
                if not check_mode:
                    record["holders"] = holders + [holder]
                    self._write(record)
                return "joined", record
            stale = self._stale(record, owner) if record is not None else None
            if record is not None and not stale:
                return "held", record
            new = {"version": LOCK_VERSION, "pid": owner.pid, "pid_start": owner.start, "host": owner.host,
                   "since": round(self.clock(), 3), "holders": [holder]}
            if stale:
                new["took_over"] = describe(record) if not record.get("broken") else "an unreadable lock file"
            if not check_mode:
                self._write(new)
            return ("taken_over" if stale else "acquired"), new
        return self._guarded(attempt)

    def acquire(self, owner, holder, timeout=0, interval=1.0, check_mode=False):
        """Take the lock, waiting up to ``timeout`` seconds for another run to release it."""
        deadline = self.clock() + max(0, timeout)
        waited = False
        while True:
            outcome, record = self.try_acquire(owner, holder, check_mode=check_mode)
            if outcome != "held" or check_mode:
                return outcome, record, waited
            left = deadline - self.clock()
            if left <= 0:
                return outcome, record, waited
            waited = True
            self.sleep(min(interval, left))

    def release(self, owner, holder):
        """Drop ``holder``; the file goes when no holder of this process is left. Returns (outcome, record)."""
        def attempt():
            record = self.read()
            if record is None:
                return "not_held", None
            if record.get("broken") or not owner.same(record):
                return "held_by_other", record
            holders = [h for h in (record.get("holders") or []) if h != holder]
            if holders:
                record["holders"] = holders
                self._write(record)
                return "still_held", record
            os.unlink(self.path)
            return "released", record
        return self._guarded(attempt)
