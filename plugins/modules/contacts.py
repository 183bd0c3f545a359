#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.domain contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: contacts
short_description: Keep the contacts of many Alibaba Cloud domains in line with one registrant profile
version_added: 0.1.0
description:
  - The bulk form of M(alicloud.domain.contact), for a list of domains or every domain a filter selects, and one
    or more contact types, in one module run.
  - Reads the registrant profile once, reads the contacts concurrently (O(concurrency) worker threads, at most
    O(max_rate) requests per second), and submits a change only for the contacts that differ from the profile.
    A contact with a change already in flight is never submitted a second time.
  - With O(batch_size) greater than 1, the contacts that differ are submitted in batch tasks
    (C(SaveBatchTaskForUpdatingContactInfoByRegistrantProfileId)), one task per batch and contact type; a batch
    refused because one of its domains is busy is submitted again one domain at a time.
  - Before a write, each domain that differs is read once (C(QueryDomainByDomainName)), and that one read serves all
    its contact types and waves. It gives the domain's state (RV(results[].domain_state)) - a contact change in flight
    (C(RegistrantUpdatingStatus) V(PENDING)) means nothing is written (status V(in_flight)); an update prohibition
    lock, an expired domain, a transfer out in progress or a real-name review under way means the change is
    V(blocked) and never written. An answer C(TaskIsBeingProcessed) is treated as a change in flight. That read counts
    as the in-flight check for 300 seconds; a change of this run on the domain seen to finish counts as a fresh one
    (so the next wave is written without a read); after 300 seconds the domain is read again before a write. Check
    mode reads it the same way, so a plan names the blocked domains with the reason, before any write.
  - A batch whose answer was lost is looked for among the newest tasks; a task counts as the batch's only if it
    has the batch's type and domains and the service created it no earlier than 60 seconds (the allowed clock
    skew) before the send. C(CreateTime) is read as UTC; if the service's times look more than 60 seconds in
    the future the clocks do not agree, and a task is then taken only once it has finished and the contacts
    it changed hold the profile. If no task is the batch's, the list is read again 3 seconds later (a service still
    working on the request may list its task late); if it still shows none and holds every task created since the
    send, the batch was not carried out and is sent again as it was. Otherwise (clocks that disagree, a page full
    of newer tasks) each domain is read before anything is sent again. At most three batches are sent, then each
    domain is read and written alone.
  - Outcomes are reported only as read back from the service. A task of this run whose detail for a domain is
    missing, whose polls failed, or that was found after a lost answer, is settled by reading the contact (and
    the domain) again - V(succeeded) only if the contact now holds the profile, V(pending) if a change still
    runs, else V(unknown). A polling failure does not throw away what was submitted - RV(results) still hold
    the task numbers.
  - The service runs one contact change per domain at a time, so with several contact types the changes are
    submitted in waves - at most one per domain per wave - and each wave's tasks are waited for before the next
    wave is submitted, even with O(wait=false) (then only the last wave is not waited for).
  - With O(wait=true) changes found in flight are waited for too, then decided again; contacts still running at
    O(wait_timeout) are reported V(pending).
  - When many answers are throttled, the whole run slows down (a pause of at most a second, then a request rate
    lowered to what was getting through, at most halved, that recovers), so a large run settles just under the
    rate the account is allowed. A stray throttling answer among many successes only makes its own request retry.
  - One failing domain does not stop the others. The module fails at the end if any domain failed, unless
    O(fail_on_error=false).
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
  domains:
    description:
      - The domain names to keep in line. Duplicates are ignored.
      - Each name is checked and put in one canonical form before any call - IDNA 2008 after the UTS 46 mapping,
        lower case, in Unicode (U-labels) - so V(示例商店.com) and V(xn--fsqp3lp2iix1a.com) are one domain, read and
        written once. That form is sent to the API and shown in RV(results), because the Domain API answers with
        IDNs in Unicode; task details are matched to domains on it. A name that is not valid IDNA (such as
        V(xn--zz.com)), or that UTS 46 would turn into another name other than by case (a zero-width space,
        full-width letters), is refused.
      - Exactly one of O(domains), O(domain_filter) and O(verify_from) is required.
    type: list
    elements: str
  domain_filter:
    description:
      - Select the domains with C(QueryDomainList) instead of listing them; every page is read.
      - Keys, as in M(alicloud.domain.domain_info) - V(domain_name_filter) (part of the name), V(group_id),
        V(resource_group_id), V(tags) (a list of C(key)/C(value)), V(expiration_date_from), V(expiration_date_to),
        V(registration_date_from), V(registration_date_to) (V(YYYY-MM-DD)), V(auto_renew_enabled), V(order_by),
        V(order).
      - An empty dict selects every domain of the account.
    type: dict
  contact_types:
    description:
      - The contact types to keep in line. V(all) means the four of them.
    type: list
    elements: str
    choices: [registrant, admin, billing, tech, all]
    default: [registrant]
  registrant_profile_id:
    description:
      - ID of the registrant profile whose details the contacts must hold.
      - An integer, or a string of the digits 0-9 only, from 1 to 9223372036854775807 (the API's Long). Signs,
        underscores, spaces inside and non-ASCII digits are refused.
    type: raw
    required: true
  transfer_lock:
    description:
      - Add a 60-day transfer-out lock after a registrant change. Only valid when O(contact_types) includes
        V(registrant).
    type: bool
    default: false
  wait_timeout:
    default: 1800
  verify_from:
    description:
      - The name of the variable that a run of this module that changed contacts was registered under (an apply
        run, for example V(apply)). In check mode, this run then reads again the contacts that run reports
        V(succeeded) without RV(results[].verified) (not read back after their task), and takes the other contacts
        of their domains as that run found them (V(unchanged)), without reading them again - the verification of an
        apply made without O(verify), or of what its O(verify) could not read.
      - Read by this module's action plugin straight from the task's variables, like O(plan_from), so that the
        20,000 rows of a big apply go through no template. When the apply read back every contact, nothing is read
        and RV(results) is empty.
      - Only in check mode. Mutually exclusive with O(domains), O(domain_filter), O(plan) and O(plan_from).
    type: str
  verify:
    description:
      - With O(wait), read each contact back once its task has succeeded. A contact is reported V(succeeded) with
        RV(results[].verified) only when it then holds the profile's values; otherwise V(pending) while a change
        still runs on the domain, else V(unknown), with a note.
      - The reads of one wave run while the tasks of the next wave are waited for (the service runs one contact
        change per domain at a time), so that the verification costs little wall time; they share O(max_rate).
      - One C(QueryContactInfo) per contact changed (and one C(QueryDomainByDomainName) for one that does not
        hold the profile). Without O(wait) it does nothing.
    type: bool
    default: false
  concurrency:
    description:
      - Worker threads for reads and writes (1 to 64).
    type: int
    default: 8
  max_rate:
    description:
      - Ceiling of requests per second for the whole run. Unset means no ceiling but the throttling feedback.
    type: float
  batch_size:
    description:
      - Domains per batch task (1 to 1000). V(1) submits one C(SaveSingleTaskForUpdatingContactInfo) per contact.
    type: int
    default: 1
  fail_on_error:
    description:
      - Fail the module when any domain failed (an API error or a failed task), when the outcome of a submitted
        change is V(unknown), or when a task could not be polled to the end. The failed result still holds
        RV(results), RV(totals) and C(changed).
    type: bool
    default: true
  plan:
    description:
      - The RV(results) of a check-mode run of this module with the same O(registrant_profile_id) and
        O(contact_types) (the plan), so that this run re-reads nothing the plan read - the role
        C(alicloud.domain.registrant_change) passes its plan here.
      - Only the rows of the domains in O(domains) are used (O(domains) is required with it). A row V(would_change)
        is written without reading the contact again, a row V(unchanged) is left alone; rows with another status
        (V(in_flight), V(failed)) and domains without a row are read as usual. A row whose fingerprint of the contact
        (C(current)) shows that the profile changed since the plan is read again.
      - The plan's read of the domain (C(domain_state.read_at)) counts as the in-flight check before the write while
        it is at most 300 seconds old; an older one is read again. A domain the plan found V(blocked) only by its
        update prohibition lock and that is given in O(domains) is read again and written if the lock is off
        now (the lock was lifted since the plan); a domain blocked for another reason stays V(blocked).
      - Rows are checked before any call; a plan made for another profile or other contact types, or rows that are
        not the results of a check-mode run, are refused.
    type: list
    elements: dict
  record:
    description:
      - Keep a run record at this path - per domain and contact type the contact as read
        before the change (the 16 compared fields), what the run set, the task number and the outcome - so that
        the run can be cancelled (M(alicloud.domain.task_cancel)) or reverted (M(alicloud.domain.contacts_revert)).
      - It is written before each write (the old details) and after each step (outcomes at most once a second, all
        of them at the end; a temporary file, fsync, rename), so a run that dies still leaves it; mode C(0600)
        whatever the umask (its directory, when created, C(0700)). It holds contact details (personal data) and
        is never shown in the output. It is bound to the account and the endpoint and carries a digest; a damaged
        record at the path is refused before any write.
      - A rerun with the same path carries the record on; an entry whose contact an earlier run changed keeps the
        details it had before that run. A record of another kind at the path is moved aside.
      - In check mode the record keeps only the contacts the run would change, as read (its C(planned) rows, not
        entries, so cancel and revert never act on them), and only when there is one or the record exists. A row
        given in O(plan) holds only a fingerprint of the contact; an apply run with the same O(record) takes the
        contact's old details from the planned row with that fingerprint, and reads a contact once more before its
        write only when no such row is kept.
    type: path
seealso:
  - module: alicloud.domain.contact
  - module: alicloud.domain.domain_info
  - name: The registrant_change role
    description: Plans, applies, waits, verifies and reports a registrant change with this module.
    link: https://github.com/alicloud-domain/alicloud.domain/tree/main/roles/registrant_change
'''

EXAMPLES = r'''
- name: Move three domains to profile 12345678 for registrant and admin, and wait
  alicloud.domain.contacts:
    domains: [example.com, example.net, example.org]
    contact_types: [registrant, admin]
    registrant_profile_id: 12345678
    wait: true

- name: Every domain of group 42, all four contacts, 16 at a time, in batches of 200
  alicloud.domain.contacts:
    domain_filter:
      group_id: 42
    contact_types: [all]
    registrant_profile_id: 12345678
    concurrency: 16
    max_rate: 40
    batch_size: 200
  register: moved

- name: Show the plan only
  alicloud.domain.contacts:
    domains: "{{ my_domains }}"
    registrant_profile_id: 12345678
  check_mode: true
  diff: true
  register: plan

- name: Apply that plan - the contacts it read are not read again
  alicloud.domain.contacts:
    domains: "{{ plan.results | selectattr('status', 'equalto', 'would_change') | map(attribute='domain') | unique }}"
    registrant_profile_id: 12345678
    plan_from: plan  # the registered plan's rows, read without a template (or: plan: "{{ plan.results }}")
    wait: true
'''

RETURN = r'''
results:
  description: One entry per domain and contact type, in the order given.
  returned: always
  type: list
  elements: dict
  contains:
    domain:
      description: The domain name.
      type: str
    registrant_profile_id:
      description: The registrant profile the contact was compared with (so that the row can be given as O(plan)).
      type: int
    current:
      description:
        - A fingerprint of the contact as read (32 hex digits of SHA-256 over the 16 compared fields after
          normalisation), not its values; equal to the profile's exactly when nothing differs. Null when the
          contact could not be read.
      type: str
    verified:
      description:
        - Whether a V(succeeded) contact was read back after its task (with O(verify), a task found after a lost
          answer, or one whose outcome could not be read) and held the profile - a verification read already made.
      type: bool
    domain_state:
      description:
        - The state of the domain from C(QueryDomainByDomainName), on every row of a domain that differs.
        - C(update_lock) and C(transfer_lock) (the prohibition locks are on), C(in_flight) (a contact change is being
          processed), C(blocked_by) (a list; why a contact change is refused - V(update_lock), V(expired),
          V(transfer_out), V(real_name_review)) and C(read_at) (when it was read, epoch seconds).
        - The API shows neither arbitration nor a frozen domain; the service's own refusal reports those.
      type: dict
      returned: on the rows of a domain that differs
    contact_type:
      description: The contact type.
      type: str
    changed:
      description:
        - Whether this run submitted a change (or would, in check mode). A change found in flight that this run
          did not submit is not counted.
      type: bool
    status:
      description:
        - V(unchanged), V(would_change) (check mode), V(submitted), V(succeeded) (waited for), V(in_flight)
          (another change is being processed; nothing submitted), V(blocked) (the domain's state refuses a contact
          change, see RV(results[].domain_state); never written; RV(results[].note) names the reasons),
          V(pending) (still running at O(wait_timeout),
          or a change still runs after the task could not be polled), V(failed) (see RV(results[].error)), or
          V(unknown) (a task of this run whose outcome could not be read and the contact read back does not hold
          the profile; see RV(results[].note)).
        - V(succeeded) means the task's detail said so, or the contact read back holds the profile.
      type: str
    task_no:
      description: The task submitted or found in flight.
      type: str
    differences:
      description: Names (snake_case) of the fields that differed from the profile.
      type: list
      elements: str
    error:
      description: What went wrong (C(code), C(message), C(request_id), ...) for a failed entry.
      type: dict
    note:
      description: How the outcome was found when it was not read from the task itself, or why nothing was sent.
      type: str
      returned: when there is something to say
  sample:
    - {"domain": "example.com", "contact_type": "registrant", "changed": true, "status": "succeeded",
       "task_no": "T-1", "differences": ["email"], "error": null}
totals:
  description: How many entries ended in each status, plus C(total) and C(changed).
  returned: always
  type: dict
  sample: {"total": 3, "changed": 1, "unchanged": 2, "succeeded": 1, "failed": 0, "submitted": 0,
           "would_change": 0, "in_flight": 0, "pending": 0, "unknown": 0, "blocked": 0}
profile:
  description: The target profile's contact fields (snake_case), its real-name status (C(real_name_status)) and its
    e-mail verification status (C(email_verification_status), V(1) verified).
  returned: always
  type: dict
api_calls:
  description: How many requests were sent per API action (retries included).
  returned: always
  type: dict
  sample: {"QueryRegistrantProfiles": 1, "QueryContactInfo": 3, "SaveSingleTaskForUpdatingContactInfo": 1}
record:
  description: The run record kept with O(record) - C(path), C(entries), C(outcomes) (how many per outcome),
    C(planned) (how many contacts a check-mode run kept for the apply) and C(task_nos); never contact details.
  returned: when O(record) is set
  type: dict
'''

from ansible_collections.alicloud.domain.plugins.module_utils import _domain_list as domain_list
from ansible_collections.alicloud.domain.plugins.module_utils._contacts.rows import contacts_result, read_plan, settle
from ansible_collections.alicloud.domain.plugins.module_utils._contacts.engine import ContactPlan
from ansible_collections.alicloud.domain.plugins.module_utils._module import DomainModule
from ansible_collections.alicloud.domain.plugins.module_utils import _record as run_record
from ansible_collections.alicloud.domain.plugins.module_utils._progress import Progress
from ansible_collections.alicloud.domain.plugins.module_utils._validation import (
    CONTACT_TYPES, number_in_range, plan_rows, unique_domains)


def select_domains(client, domains, list_params):
    if domains is not None:
        return domains
    records = domain_list.list_domains(client, list_params, size=domain_list.MAX_PAGE_SIZE)
    return unique_domains([r.get("DomainName") for r in records], "domain_filter result")


def main():
    m = DomainModule(dict(
        domains=dict(type="list", elements="str"),
        domain_filter=dict(type="dict"),
        contact_types=dict(type="list", elements="str", default=["registrant"],
                           choices=list(CONTACT_TYPES) + ["all"]),
        registrant_profile_id=dict(type="raw", required=True),
        transfer_lock=dict(type="bool", default=False),
        wait=dict(type="bool", default=False),
        wait_timeout=dict(type="int", default=1800),
        verify=dict(type="bool", default=False),
        poll_interval=dict(type="float", default=2.0),
        concurrency=dict(type="int", default=8),
        max_rate=dict(type="float"),
        batch_size=dict(type="int", default=1),
        fail_on_error=dict(type="bool", default=True),
        record=dict(type="path"),
        plan=dict(type="list", elements="dict"),
        plan_from=dict(type="str"),
        verify_from=dict(type="str"),
        progress_interval=dict(type="int", default=20),
        progress_path=dict(type="path"),
    ), required_one_of=[("domains", "domain_filter", "verify_from")],
        mutually_exclusive=[("domains", "domain_filter", "verify_from"), ("plan", "plan_from", "verify_from")],
        required_by={"plan": "domains", "plan_from": "domains"})

    def body(m):
        p = m.params
        plan = ContactPlan.from_params(p["registrant_profile_id"], p["contact_types"], p["transfer_lock"],
                                       p["wait"], p["wait_timeout"], p["poll_interval"])
        number_in_range(p["concurrency"], "concurrency", 1, 64)
        number_in_range(p["batch_size"], "batch_size", 1, 1000)
        number_in_range(p["max_rate"], "max_rate", 0.1, 10000)
        number_in_range(p["progress_interval"], "progress_interval", 0, 86400)
        # every name and filter is checked before any call
        domains = unique_domains(p["domains"]) if p["domains"] is not None else None
        list_params = domain_list.build_list_params(p["domain_filter"]) if domains is None else None
        rows = plan_rows(p)
        given = read_plan(rows, plan.profile_id, plan.contact_types) if rows else None
        verify = p["verify"] and p["wait"] and not m.check_mode
        # the read-backs of one wave run beside the next wave's writes and polls: a pool of their own
        client = m.build_client(max_rate=p["max_rate"], pool_size=p["concurrency"] * (2 if verify else 1))
        progress = Progress.start(p["progress_path"])  # counts for the action plugin's progress lines (a daemon thread)
        domains = select_domains(client, domains, list_params)
        bulk = run_record.bulk_for(p["record"], client, plan, p["concurrency"], p["batch_size"], m.check_mode, given=given,
                                   verify=verify)
        bulk.progress = progress
        items = bulk.run(domains)
        if progress is not None:
            progress.close()
        result = contacts_result(items, plan.profile, m.diff_mode, plan.profile_id)
        result.update(changed=result["totals"]["changed"] > 0, profile=plan.profile_summary(),
                      api_calls=dict(client.counts), warnings=plan.warnings_for("registrant")
                      if "registrant" in plan.contact_types and result["totals"]["changed"] else [])
        run_record.finish(bulk, result)  # the record complete; its path and counts in the result
        settle(result, bulk.wait_errors, m.check_mode, p["fail_on_error"])
        return result

    m.run(body)


if __name__ == "__main__":
    main()
