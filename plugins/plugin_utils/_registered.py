# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.domain contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The rows of a registered result, read by an action plugin straight from the task's variables.

A template that touches a plan of 20,000 rows costs seconds with ansible-core 2.19 (and a copy of every row), so
the role names the registered variable instead: ``contacts_report`` reads its rows to report, and ``contacts`` /
``contacts_revert`` (``plan_from``) hand them to their module as its ``plan``."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleActionFail


def registered_rows(task_vars, name, option, required=False):
    """The ``results`` of the registered result named ``name`` (empty when that step did not run)."""
    if not name:
        return []
    if name not in task_vars:
        if required:
            raise AnsibleActionFail("%s: no variable %s is defined; give the name under which the run of "
                                    "alicloud.domain.contacts was registered." % (option, name))
        return []
    value = task_vars[name]
    rows = value.get("results") if isinstance(value, dict) else None
    if rows is None:
        if required:
            raise AnsibleActionFail("%s: the variable %s holds no results of alicloud.domain.contacts." % (option, name))
        return []
    if not isinstance(rows, (list, tuple)) or not all(isinstance(row, dict) for row in rows):
        raise AnsibleActionFail("%s: the results in %s are not a list of rows." % (option, name))
    return rows
