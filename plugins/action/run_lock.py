# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.domain contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The run_lock action: runs on the controller, owned by the ansible-playbook process (see the module's docs)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

from ansible.errors import AnsibleActionFail
from ansible.plugins.action import ActionBase

from ansible_collections.alicloud.domain.plugins.module_utils._module import AUTH_ARGUMENT_SPEC
from ansible_collections.alicloud.domain.plugins.plugin_utils._run_lock import (
    DEFAULT_LOCK_DIR, LockError, Owner, RunLock, describe, lock_key)

ARGUMENT_SPEC = dict(
    state=dict(type="str", default="acquired", choices=["acquired", "released"]),
    timeout=dict(type="int", default=0),
    lock_dir=dict(type="path", default=DEFAULT_LOCK_DIR),
)


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _VALID_ARGS = frozenset(list(ARGUMENT_SPEC) + list(AUTH_ARGUMENT_SPEC) + [
        a for spec in AUTH_ARGUMENT_SPEC.values() for a in spec.get("aliases", [])])
    _requires_connection = False

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        spec = dict(AUTH_ARGUMENT_SPEC)
        spec.update(ARGUMENT_SPEC)
        _validation, args = self.validate_argument_spec(argument_spec=spec)
        if not 0 <= args["timeout"] <= 86400:
            raise AnsibleActionFail("timeout must be between 0 and 86400 seconds")
        key, endpoint = lock_key(args, os.environ)
        lock = RunLock(args["lock_dir"], key)
        # the worker running this action is a child of the ansible-playbook (or ansible) process: that one owns it
        owner = Owner(os.getppid())
        holder = str((task_vars or {}).get("inventory_hostname", "localhost"))
        check_mode = bool(self._task.check_mode)
        result.update(lock_file=lock.path, key=key, endpoint=endpoint, changed=False)
        try:
            if args["state"] == "released":
                return self._release(result, lock, owner, holder, check_mode)
            return self._acquire(result, lock, owner, holder, args["timeout"], check_mode)
        except LockError as err:
            raise AnsibleActionFail("Could not use the run lock: %s" % err)

    def _acquire(self, result, lock, owner, holder, timeout, check_mode):
        outcome, record, waited = lock.acquire(owner, holder, timeout=timeout, check_mode=check_mode)
        result.update(outcome=outcome, waited=waited, holder=describe(record))
        if outcome == "held":
            msg = ("Another run holds the lock for this account and endpoint: %s (lock file %s). Two runs at once "
                   "would plan against each other's changes and could submit the same change twice. "
                   % (describe(record), lock.path))
            if check_mode:
                result.setdefault("warnings", []).append(msg + "Check mode takes no lock, so this plan may be "
                                                         "overtaken by that run.")
                return result
            msg += ("Waited %d s for it. " % timeout if timeout else "") + (
                "Wait for that run to end, or set a timeout to wait for it (registrant_change_lock_timeout in the "
                "role). If its process is gone, the lock is taken over by the next run by itself.")
            result.update(failed=True, msg=msg)
            return result
        result["changed"] = outcome in ("acquired", "taken_over", "joined")
        if outcome == "taken_over":
            result.setdefault("warnings", []).append(
                "Took over the run lock %s left by %s." % (lock.path, record.get("took_over")))
        result["msg"] = {"acquired": "Took the run lock", "taken_over": "Took over the run lock",
                         "joined": "Joined this run's lock (other hosts of this run hold it too)",
                         "reentered": "This host already holds the run lock"}[outcome]
        if check_mode and outcome != "reentered":
            result["msg"] += " (check mode: nothing written)"
        return result

    def _release(self, result, lock, owner, holder, check_mode):
        if check_mode:
            record = lock.read()
            mine = record is not None and not record.get("broken") and owner.same(record)
            result.update(outcome="released" if mine else "not_held", changed=mine,
                          msg="check mode: nothing written")
            return result
        outcome, record = lock.release(owner, holder)
        result.update(outcome=outcome, changed=outcome in ("released", "still_held"))
        if outcome == "held_by_other":
            result.setdefault("warnings", []).append(
                "The run lock %s is held by another run (%s); left alone." % (lock.path, describe(record)))
        result["msg"] = {"released": "Released the run lock", "still_held": "Released this host's hold on the run lock",
                         "not_held": "The run lock was not held", "held_by_other": "The run lock is another run's"}[outcome]
        return result
