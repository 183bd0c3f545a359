#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.domain contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: contacts_report
short_description: Report the plan, apply and verify runs of alicloud.domain.contacts over many domains
version_added: 0.2.0
description:
  - Builds the report of the P(alicloud.domain.registrant_change_report#filter) filter - one row per domain and
    contact type with its final outcome, the totals, a plain-text table and a Markdown document - and returns it
    with the JSON document the C(alicloud.domain.registrant_change) role writes, the contact types of the plan and the
    domains of each outcome.
  - The runs are named, not passed - O(plan=registrant_change_x_plan), like the O(ansible.builtin.debug#module:var)
    option of M(ansible.builtin.debug) - and read directly from the task's variables. A value passed through a
    template is copied and checked element by element; with ansible-core 2.19, 20,000 rows (10,000 domains, two
    contact types) cost about 4 s per template that touches them and 26 s for the filter's whole report, against
    under 2 s here. Use the filter for a few domains or for results that are not registered variables.
  - This is an action plugin; it runs on the controller and never calls the API. The results hold no contact
    details (those are only in the diff of a run in diff mode), and neither does the report.
author:
  - alicloud.domain contributors (@alicloud-domain)
options:
  plan:
    description:
      - Name of the variable that holds the registered check-mode run of M(alicloud.domain.contacts) (the plan).
    type: str
    required: true
  apply:
    description:
      - Name of the variable that holds the registered apply run, if any. An undefined variable, or one without
        C(results) (a skipped step), counts as no apply run.
    type: str
  verify:
    description:
      - Name of the variable that holds the registered verification run (check mode), if any; as for O(apply).
    type: str
  attempted:
    description:
      - Whether the apply run was started (see the filter's C(attempted)). Defaults to whether the apply run has rows.
    type: bool
  waited:
    description: Whether the apply run waited for its tasks (see the filter's C(waited)).
    type: bool
    default: true
  verified:
    description:
      - Whether every task that succeeded was meant to be read back (the filter's C(verify)). Defaults to whether
        the verification run has rows.
    type: bool
  apply_error:
    description: The apply step's error message, if it failed (the filter's C(apply_error)).
    type: str
    default: ""
  locks:
    description: What was done to the update prohibition locks around the change (the filter's C(locks)).
    type: dict
    default: {}
  header:
    description: Keys written before C(totals) and C(rows) in the RV(json) document (for example the profile id).
    type: dict
    default: {}
  summary_only:
    description:
      - Return only RV(totals), RV(table), RV(contact_types), RV(domains) and RV(locked_only) - what a plan step
        needs - not the rows and their texts (each copied from the worker to the controller, seconds for
        20,000 rows).
    type: bool
    default: false
  return_rows:
    description:
      - Return RV(rows) as well as RV(json) and RV(markdown). V(false) leaves them out of the result (the RV(json)
        text holds them) - every row of a result is copied from the worker to the controller, about a second for
        the 40,000 rows of a 10,000-domain run with ansible-core 2.19, and a text once.
    type: bool
    default: true
notes:
  - Supports check mode; it changes nothing.
seealso:
  - plugin: alicloud.domain.registrant_change_report
    plugin_type: filter
  - module: alicloud.domain.contacts
'''

EXAMPLES = r'''
- name: Plan
  alicloud.domain.contacts:
    domain_filter: {all: true}
    registrant_profile_id: 1234567
  check_mode: true
  register: plan

- name: Sum up the plan
  alicloud.domain.contacts_report:
    plan: plan
    summary_only: true
  register: plan_report

- name: Apply
  alicloud.domain.contacts:
    domains: "{{ plan_report.domains.would_change | default([]) }}"
    registrant_profile_id: 1234567
    plan_from: plan
    wait: true
  register: applied

- name: Report
  alicloud.domain.contacts_report:
    plan: plan
    apply: applied
    header:
      profile_id: 1234567
  register: report

- name: Write it
  ansible.builtin.copy:
    content: "{{ report.json }}"
    dest: /var/tmp/registrant-change.json
    mode: "0600"
'''

RETURN = r'''
rows:
  description:
    - One row per domain and contact type of the plan - C(domain), C(contact_type), C(outcome), C(task_no),
      C(differences), C(reason), C(update_lock) - as the filter returns them.
  returned: unless O(summary_only) or O(return_rows=false)
  type: list
  elements: dict
totals:
  description: Rows per outcome, plus C(total) and C(unresolved) (V(unknown) + V(failed)).
  returned: always
  type: dict
  sample: {"total": 4, "changed": 2, "already_correct": 2, "unresolved": 0}
table:
  description: The plain-text table of the rows that are not already correct, padded to display width.
  returned: always
  type: str
markdown:
  description: The Markdown report (every row, every cell escaped).
  returned: unless O(summary_only)
  type: str
json:
  description: The JSON document - O(header)'s keys, C(totals) and C(rows) - as text, keys sorted, indented.
  returned: unless O(summary_only)
  type: str
contact_types:
  description: The contact types of the plan's rows, in their order (C(all) as the module expanded it).
  returned: always
  type: list
  elements: str
  sample: [registrant, admin]
domains:
  description: For each outcome of at least one row, its domains (each once, in the plan's order).
  returned: always
  type: dict
  sample: {"would_change": ["example.com"], "already_correct": ["example.net"]}
locked_only:
  description: The domains the plan found blocked by their update prohibition lock and nothing else.
  returned: always
  type: list
  elements: str
'''
