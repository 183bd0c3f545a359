#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.domain contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: contacts_revert
short_description: Move the contacts a run changed back to their old details, from the run's record
version_added: 0.1.0
description:
  - Reads a run record written by M(alicloud.domain.contacts) (option O(alicloud.domain.contacts#module:record)) or
    the C(alicloud.domain.registrant_change) role, and moves every contact that run changed back to the details
    it had before.
  - The record is checked before any call to the API; a missing, truncated or edited record, or one made with
    another account or on another endpoint, is refused.
  - Each contact of the record is read now. One that still holds what the run set is moved back; one that holds
    the old details again is left as it is (V(already_reverted) - a second revert does nothing); one that holds
    neither (V(changed_since), someone changed it since) and one the run did not change (V(not_changed_by_run))
    are left alone and listed in RV(left_alone). One whose change may still be running is V(running); with
    O(wait=true) its domain is waited for, then it is read again.
  - The old details are put in a registrant profile - an existing one whose 16 contact fields are equal after
    normalisation (absent, empty and surrounding spaces do not count), the default profile first, else the
    lowest ID - or one is created (C(SaveRegistrantProfile), never twice, even after a lost answer). Its
    registrant type is V(enterprise) when the organisation is set and differs from the name, else V(individual).
  - The contacts are then changed as M(alicloud.domain.contacts) changes them - the in-flight check before each
    write, never a second task for a contact, one change per domain at a time, waiting and outcomes only as read
    back - in one run, each contact to the profile of its own old details.
  - The revert writes a run record of its own (O(revert_record)), so that it can be reverted in its turn. A
    revert that was stopped half way is simply run again - what it reverted already is V(already_reverted).
  - B(Reverting the registrant is itself a change of registrant) (ownership) for the registry and the service
    - the restored details may need real-name and e-mail verification again, and a 60-day transfer lock follows
    unless opted out of (O(transfer_lock=false)). The module warns so whenever a registrant is to be reverted,
    in check mode too.
  - The record holds personal data (the old contact details). The module never shows them except in diff mode.
author:
  - alicloud.domain contributors (@alicloud-domain)
extends_documentation_fragment:
  - alicloud.domain.common
  - alicloud.domain.common.attributes
  - alicloud.domain.common.idempotent
  - alicloud.domain.common.wait
  - alicloud.domain.common.plan_from
  - alicloud.domain.common.progress
options:
  record:
    description:
      - Path of the run record to revert (such as C(<report path>.record.json)).
    type: path
    required: true
  plan:
    description:
      - The C(results) of a check-mode run of this module on the same O(record) - the role
        C(alicloud.domain.registrant_change) passes its revert plan here - so that what the plan read is not read
        again.
      - A contact the plan found to revert (C(revert) V(to_revert), status V(would_change) or V(blocked)) whose
        fingerprint (C(current)) is that of the details the run set is taken as it is, not read again. The plan's
        read of its domain (C(domain_state.read_at)) counts as the in-flight check before the write while it is at
        most 300 seconds old; a domain the plan found V(blocked) is read again (its update lock may have been
        lifted since).
      - Rows are checked before any call; other rows, and contacts the plan does not name, are read as without it.
    type: list
    elements: dict
  revert_record:
    description:
      - Path of the record this revert writes. Defaults to the O(record) path with C(.record.json) replaced by
        C(.revert.record.json).
    type: path
  domains:
    description:
      - Revert only these domains of the record. All of them when not set.
    type: list
    elements: str
  contact_types:
    description:
      - Revert only these contact types of the record. All of them when not set, or with V(all).
    type: list
    elements: str
    choices: [registrant, admin, billing, tech, all]
  transfer_lock:
    description:
      - Add a 60-day transfer-out lock after a registrant revert (C(AddTransferLock)).
    type: bool
    default: false
  create_profiles:
    description:
      - Create a registrant profile for old details that no existing profile holds. With V(false) such contacts
        fail.
    type: bool
    default: true
  require_verified:
    description:
      - Do not move a registrant back to a profile that is not real-name verified (the task would fail); such a
        contact is V(failed) with error code C(ProfileNotVerified) and the others go on. A profile created for the
        old details needs its verification first; then run the revert again.
    type: bool
    default: true
  wait:
    default: true
    description:
      - Wait for the revert tasks. Contacts of one domain that go back to different profiles are always changed
        one after the other (the service runs one contact change per domain at a time).
  wait_timeout:
    default: 1800
  concurrency:
    description:
      - Worker threads for reads and writes (1 to 64).
    type: int
    default: 8
  fail_on_error:
    description:
      - Fail when a contact could not be reverted (failed or unknown outcome). The failed result still holds
        RV(results).
    type: bool
    default: true
seealso:
  - module: alicloud.domain.contacts
  - module: alicloud.domain.task_cancel
  - name: Undo a registrant change
    description: The guide to run records, cancel and revert.
    link: https://github.com/alicloud-domain/alicloud.domain/blob/main/docs/docsite/rst/undo.rst
'''

EXAMPLES = r'''
- name: Show what a revert would do (no write)
  alicloud.domain.contacts_revert:
    record: /var/lib/domains/run-2026-12-02.record.json
  check_mode: true

- name: Move every contact of that run back, and wait for the tasks
  alicloud.domain.contacts_revert:
    record: /var/lib/domains/run-2026-12-02.record.json
  register: reverted
'''

RETURN = r'''
results:
  description: One entry per contact of the record that was (or is) to be moved back, or already is.
  returned: always
  type: list
  elements: dict
  contains:
    domain:
      description: The domain name.
      type: str
    contact_type:
      description: The contact type.
      type: str
    revert:
      description: V(to_revert), V(already_reverted) or V(unreadable) (the contact could not be read).
      type: str
    status:
      description: As in M(alicloud.domain.contacts) - V(unchanged) (already reverted), V(would_change) (check
        mode), V(submitted), V(succeeded), V(in_flight), V(pending), V(failed), V(unknown), V(blocked) (the
        domain's state refuses a contact change - in check mode too, from one C(QueryDomainByDomainName) per
        domain to revert; RV(results[].domain_state) says why. The registrant_change role lifts an update
        prohibition lock for the revert with C(registrant_change_lift_update_lock)).
      type: str
    domain_state:
      description: As in M(alicloud.domain.contacts) - in check mode for every contact to revert (the apply given
        this plan in O(plan) takes the read as its in-flight check), else for a domain whose state blocks the revert.
      type: dict
      returned: in check mode when the status is V(would_change) or V(blocked); else when it is V(blocked)
    current:
      description: A fingerprint of the contact as read (32 hex digits of a SHA-256 of its normalised fields), not
        its details, for O(plan).
      type: str
      returned: when the contact was read
    changed:
      description: Whether this run submitted (or would submit) a change for this contact.
      type: bool
    task_no:
      description: The revert task.
      type: str
    profile_id:
      description: The registrant profile holding the old details (not set in check mode when it would be created).
      type: int
    differences:
      description: Names of the fields that differ from the old details now.
      type: list
      elements: str
left_alone:
  description: The contacts of the record that were left alone - C(domain), C(contact_type), C(reason)
    (V(changed_since), V(not_changed_by_run) or V(running)) and C(note); with V(changed_since) also C(differences)
    (the fields that differ from the old details now), with V(running) the record's C(task_no). No other field of
    RV(results).
  returned: always
  type: list
  elements: dict
totals:
  description: Counts per classification and per status (C(status_<name>)), plus C(total) and C(changed).
  returned: always
  type: dict
profiles:
  description: The registrant profiles the old details go back to, with C(how) (V(found), V(created),
    V(would_create)) and C(real_name_status); no contact details.
  returned: always
  type: list
  elements: dict
record:
  description: The revert's own run record - C(path), C(entries), C(outcomes), C(task_nos).
  returned: when something was written
  type: dict
'''

from ansible_collections.alicloud.domain.plugins.module_utils._api.errors import DomainError
from ansible_collections.alicloud.domain.plugins.module_utils._module import DomainModule
from ansible_collections.alicloud.domain.plugins.module_utils._progress import Progress
from ansible_collections.alicloud.domain.plugins.module_utils._revert import Revert, read_plan, revert_result
from ansible_collections.alicloud.domain.plugins.module_utils._validation import (
    CONTACT_TYPES, contact_types, domain_key, domain_name, number_in_range, plan_rows)


def main():
    m = DomainModule(dict(
        record=dict(type="path", required=True),
        revert_record=dict(type="path"),
        plan=dict(type="list", elements="dict"),
        plan_from=dict(type="str"),
        domains=dict(type="list", elements="str"),
        contact_types=dict(type="list", elements="str", choices=list(CONTACT_TYPES) + ["all"]),
        transfer_lock=dict(type="bool", default=False),
        create_profiles=dict(type="bool", default=True),
        require_verified=dict(type="bool", default=True),
        wait=dict(type="bool", default=True),
        wait_timeout=dict(type="int", default=1800),
        poll_interval=dict(type="float", default=2.0),
        concurrency=dict(type="int", default=8),
        fail_on_error=dict(type="bool", default=True),
        progress_interval=dict(type="int", default=20),
        progress_path=dict(type="path"),
    ), mutually_exclusive=[("plan", "plan_from")])

    def body(m):
        p = m.params
        number_in_range(p["concurrency"], "concurrency", 1, 64)
        number_in_range(p["wait_timeout"], "wait_timeout", 1, 86400)
        number_in_range(p["poll_interval"], "poll_interval", 0.01, 300)
        number_in_range(p["progress_interval"], "progress_interval", 0, 86400)
        domains = [domain_key(domain_name(d, "domains")) for d in p["domains"]] if p["domains"] else None
        types = contact_types(p["contact_types"]) if p["contact_types"] else None
        client = m.build_client(pool_size=p["concurrency"])
        revert = Revert(client, p["record"], domains, types, p["transfer_lock"], p["wait"],
                        p["wait_timeout"], p["poll_interval"], p["concurrency"], m.check_mode, p["create_profiles"],
                        p["require_verified"], read_plan(plan_rows(p)))
        revert.progress = Progress.start(p["progress_path"])  # counts for the action plugin's progress lines
        try:
            rows = revert.run(p["revert_record"])
        finally:
            if revert.progress is not None:
                revert.progress.close()
        result = revert_result(rows, revert, m.diff_mode)
        result.update(api_calls=dict(client.counts), warnings=revert.warnings)
        bad = [r for r in result["results"] if r["status"] in ("failed", "unknown")]
        if bad and p["fail_on_error"] and not m.check_mode:
            raise DomainError("%d of %d contact(s) could not be reverted; first: %s %s: %s" % (
                len(bad), len(result["results"]), bad[0]["domain"], bad[0]["contact_type"],
                (bad[0].get("error") or {}).get("message") or bad[0].get("note")), result)
        return result

    m.run(body)


if __name__ == "__main__":
    main()
