# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.domain contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The contacts_report action: the report of the registrant_change_report filter, from registered results read
directly from the task's variables (see the module's docs for why), with the texts and lists the role needs."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

from ansible.plugins.action import ActionBase

from ansible_collections.alicloud.domain.plugins.filter.registrant_change_report import registrant_change_report
from ansible_collections.alicloud.domain.plugins.plugin_utils._registered import registered_rows

ARGUMENT_SPEC = dict(
    plan=dict(type="str", required=True),
    apply=dict(type="str"),
    verify=dict(type="str"),
    attempted=dict(type="bool"),
    waited=dict(type="bool", default=True),
    verified=dict(type="bool"),
    apply_error=dict(type="str", default=""),
    locks=dict(type="dict", default={}),
    header=dict(type="dict", default={}),
    summary_only=dict(type="bool", default=False),
    return_rows=dict(type="bool", default=True),
)


def unique(values):
    seen, out = set(), []
    for value in values:
        if value not in seen:
            seen.add(value)
            out.append(value)
    return out


def locked_only(plan):
    """The domains the plan found blocked by their update prohibition lock and nothing else."""
    return unique(row.get("domain") for row in plan if row.get("status") == "blocked"
                  and list((row.get("domain_state") or {}).get("blocked_by") or []) == ["update_lock"])


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _VALID_ARGS = frozenset(ARGUMENT_SPEC)
    _requires_connection = False

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        _validation, args = self.validate_argument_spec(argument_spec=ARGUMENT_SPEC)
        task_vars = task_vars or {}
        plan = registered_rows(task_vars, args["plan"], "plan", required=True)
        applied = registered_rows(task_vars, args["apply"], "apply")
        verified = registered_rows(task_vars, args["verify"], "verify")
        report = registrant_change_report(plan, applied, verified, attempted=args["attempted"], waited=args["waited"],
                                          verify=args["verified"], apply_error=args["apply_error"],
                                          locks=args["locks"], markdown=not args["summary_only"])
        by_outcome = {}
        for row in report["rows"]:
            by_outcome.setdefault(row["outcome"], []).append(row["domain"])
        result.update(changed=False, totals=report["totals"], table=report["table"],
                      contact_types=unique(row.get("contact_type") for row in plan),
                      domains=dict((outcome, unique(names)) for outcome, names in by_outcome.items()),
                      locked_only=locked_only(plan))
        if not args["summary_only"]:
            document = dict(args["header"], totals=report["totals"], rows=report["rows"])
            result.update(markdown=report["markdown"],
                          json=json.dumps(document, indent=4, sort_keys=True, ensure_ascii=False) + "\n")
            if args["return_rows"]:
                result["rows"] = report["rows"]
        return result
