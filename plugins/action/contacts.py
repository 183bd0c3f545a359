# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.domain contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The contacts action: runs the module as the normal action does, and prints its counts while it runs.

Ansible shows a module's output only when the module ends. A run over thousands of domains takes minutes, so
when the task runs on the controller (connection ``local``) this plugin gives the module a private file
(``progress_path``, in a 0700 directory of its own under Ansible's local temporary directory) where the module
keeps its counts, and a thread of the worker reads it every ``progress_interval`` seconds and prints one line
through Ansible's display. From a forked worker that line travels through the final queue to the
ansible-playbook process, so it reaches the terminal, and ansible-runner (AWX) turns it into a ``verbose`` event
while the task runs.

It also hands the module its ``plan`` from ``plan_from``: the name of the variable a check-mode run of the module
was registered under, read here from the task's variables (``plugin_utils._registered``) rather than through a
template (seconds, and a copy of every row, for 20,000 rows with ansible-core 2.19); and from ``verify_from`` (an
apply run's name) the domains to read again and their plan.

Not done (the module runs as by the normal action): ``progress_interval: 0``, ``async`` (poll the job
instead), ``become`` (the module would run as another user, who cannot write the private file), and any
connection but ``local`` (the file would be on another host).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import shutil
import tempfile
import threading
import time

from ansible import constants as C
from ansible.errors import AnsibleActionFail
from ansible.module_utils.common.validation import check_type_int
from ansible.plugins.action import ActionBase
from ansible.utils.display import Display
from ansible.utils.vars import merge_hash

from ansible_collections.alicloud.domain.plugins.module_utils._progress import progress_line, read_counts
from ansible_collections.alicloud.domain.plugins.plugin_utils._registered import registered_rows

DEFAULT_INTERVAL = 20  # a line at least every 30 s, with the time the task takes to start and to end
display = Display()


def progress_interval(args):
    """The interval the task asks for, or ``None`` when it is not a number the module would take."""
    try:
        value = check_type_int(args.get("progress_interval", DEFAULT_INTERVAL))
    except (TypeError, ValueError):
        return None
    return value if 0 <= value <= 86400 else None


def with_plan_from(args, task_vars, taken=None, check_mode=False):
    """The module's arguments with ``plan_from`` (a registered variable's name) replaced by that result's rows as
    ``plan`` - those of the run's ``domains`` (:func:`rows_of`), passed through ``taken`` (the module's own rule of
    what it takes of a plan, when it has one) - or with ``verify_from`` replaced by the domains and the plan it gives
    (:func:`verify_from`); ``None`` (the task's own arguments) when it names neither."""
    if args.get("verify_from"):
        return verify_from(args, task_vars, check_mode)
    if not args.get("plan_from"):
        return None
    if args.get("plan") is not None:
        raise AnsibleActionFail("plan and plan_from are mutually exclusive: give the plan's rows, or the name of the "
                                "variable its check-mode run was registered under.")
    out = dict(args)
    rows = registered_rows(task_vars or {}, str(out.pop("plan_from")), "plan_from", required=True)
    out["plan"] = rows_of(rows, out.get("domains"))
    if taken is not None:
        out["plan"] = taken(out["plan"])
    return out


def rows_of(rows, domains):
    """The plan rows of ``domains``: an apply of 6,000 domains given a plan of 40,000 rows gets 24,000 in its
    arguments, not all of them. A name is matched as written or in lower case (the module puts every name in its
    canonical form; a row it does not get is read again, never lost)."""
    if not isinstance(domains, (list, tuple)):
        return rows
    names = [name for name in domains if isinstance(name, str)]  # the module refuses any other
    wanted = set(names) | set(name.lower() for name in names)
    kept = [row for row in rows if row.get("domain") in wanted]
    return rows if len(kept) == len(rows) else kept


def verify_from(args, task_vars, check_mode):
    """``verify_from``: the name of a registered apply run. Its contacts that succeeded and were not read back after
    their task are this check-mode run's domains; the other contacts of those domains, which that run found holding
    the profile (``unchanged``), are its plan and are not read again."""
    if not check_mode:
        raise AnsibleActionFail("verify_from reads the contacts again: run the task in check mode.")
    given = [k for k in ("domains", "domain_filter", "plan", "plan_from") if args.get(k) is not None]
    if given:
        raise AnsibleActionFail("verify_from gives the domains and the plan of the run: %s cannot be given with it."
                                % ", ".join(given))
    out = dict(args)
    rows = registered_rows(task_vars or {}, str(out.pop("verify_from")), "verify_from", required=True)
    domains = list(dict.fromkeys(row.get("domain") for row in rows
                                 if row.get("status") == "succeeded" and row.get("verified") is not True))
    wanted = set(domains)
    out["domains"] = domains
    out["plan"] = [row for row in rows if row.get("status") == "unchanged" and row.get("domain") in wanted]
    return out


def local_temp():
    """The ansible-playbook process's own temporary directory (removed when that process ends, even if this worker
    is killed), else the system's."""
    path = getattr(C, "DEFAULT_LOCAL_TMP", None)
    return path if path and os.path.isdir(path) else None


class Follower:
    """A thread that prints the counts in ``path`` every ``interval`` seconds until stopped."""

    def __init__(self, path, interval, label, show=None):
        self.path, self.interval, self.label = path, interval, label
        self.show = show or display.display
        self.started = time.time()
        self.lines = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="alicloud-domain-progress-lines")
        self._thread.daemon = True

    def start(self):
        self.started = time.time()
        self._thread.start()
        return self

    def line(self):
        return "%s, %s" % (self.label, progress_line(read_counts(self.path), time.time() - self.started))

    def _loop(self):
        while not self._stop.wait(self.interval):
            try:
                self.show(self.line())
                self.lines += 1
            except Exception:  # pylint: disable=broad-except
                return  # the display is gone (the worker is ending): the task goes on without lines

    def stop(self):
        self._stop.set()
        self._thread.join(5)


class ActionModule(ActionBase):

    _supports_check_mode = True
    _supports_async = True
    plan_taken = None  # a module's rule of what it takes of a plan (contacts_revert: the rows and keys it reads)

    def _why_no_progress(self, interval):
        """Why no progress line is printed for this task, or ``None`` when it will be."""
        if not interval:
            return "progress_interval is 0 (or not a valid number)"
        if self._task.async_val:
            return "the task runs with async"
        if getattr(self._connection, "transport", None) != "local":
            return "the module runs on another host (connection %s)" % getattr(self._connection, "transport", "?")
        if getattr(self._play_context, "become", False):
            return "the module runs with become"
        return None

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        del tmp  # tmp no longer has any effect

        wrap_async = self._task.async_val and not self._connection.has_native_async
        interval = progress_interval(self._task.args)
        why = self._why_no_progress(interval)
        follower, private_dir = None, None
        module_args = with_plan_from(self._task.args, task_vars, self.plan_taken, self._task.check_mode)
        if self._task.args.get("verify_from") and not module_args["domains"]:  # every contact was read back
            result.update(changed=False, results=[], msg="No contact to read again: %s read back every contact "
                          "it changed." % self._task.args["verify_from"])
            return result
        if why is None:
            module_args = dict(module_args or self._task.args)
            path = module_args.get("progress_path")
            if not path:
                private_dir = tempfile.mkdtemp(prefix="alicloud-domain-progress-", dir=local_temp())  # mode 0700
                path = module_args["progress_path"] = os.path.join(private_dir, "counts.json")
            host = (task_vars or {}).get("inventory_hostname", "localhost")
            if self._task.delegate_to:  # as ansible-core names a delegated task's host: [host -> delegate]
                host = "%s -> %s" % (host, self._task.delegate_to)
            label = "[%s] alicloud.domain.%s%s" % (host, self._task.action.split(".")[-1],
                                                   " (check mode)" if self._task.check_mode else "")
            follower = Follower(path, interval, label).start()
        else:
            display.vvv("alicloud.domain.%s: no progress lines: %s" % (self._task.action.split(".")[-1], why))
        try:
            result = merge_hash(result, self._execute_module(module_args=module_args, task_vars=task_vars,
                                                             wrap_async=wrap_async))
        finally:
            if follower is not None:
                follower.stop()
            if private_dir is not None:
                shutil.rmtree(private_dir, ignore_errors=True)

        if not wrap_async:
            # remove a temporary path we created
            self._remove_tmp_path(self._connection._shell.tmpdir)
        return result
