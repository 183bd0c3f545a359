#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.domain contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: contact
short_description: Keep one contact of an Alibaba Cloud domain in line with a registrant profile
version_added: 0.1.0
description:
  - Ensures that the O(contact_type) contact (registrant, admin, billing or tech) of one domain holds the
    details of registrant profile O(registrant_profile_id).
  - Reads first, writes only on drift. The domain's contact (C(QueryContactInfo)) is compared with the profile
    (C(QueryRegistrantProfiles)) on the 16 fields they share, after normalisation (absent, null and empty are the
    same value; surrounding whitespace is ignored). No Domain API returns the profile bound to a domain, so the
    comparison is by value.
  - Only when they differ is C(SaveSingleTaskForUpdatingContactInfo) submitted. It queues an asynchronous task and
    returns its number; with O(wait=true) the module waits for the task (or a task already in flight) to finish,
    and fails if it failed.
  - Never submits a second task while one is in flight on the domain. Right before the write the domain is read
    (C(QueryDomainByDomainName)); while a contact change is in flight on it (C(RegistrantUpdatingStatus) V(PENDING))
    nothing is written, and an answer C(TaskIsBeingProcessed) is treated the same way.
  - The same read tells what blocks a contact change (RV(domain_state), the same rule as M(alicloud.domain.contacts))
    - an update prohibition lock, an expired domain, a transfer out in progress, a real-name review under way. Such a
    change is never submitted - RV(status) V(blocked); the module fails naming the reasons (in check mode it warns). A write whose answer was
    lost (timeout, dropped connection, 5xx) is not sent again until the domain has been read again.
  - With O(wait=true) the outcome is reported only as read back from the service - the task's detail for the
    domain or, when there is none or the task could not be polled, the contact and the domain read again. Such
    a change is V(succeeded) only if the contact now holds the profile; otherwise the module fails with
    RV(changed=true), the RV(task_no) and RV(status) V(pending) or V(unknown).
author:
  - alicloud.domain contributors (@alicloud-domain)
extends_documentation_fragment:
  - alicloud.domain.common
  - alicloud.domain.common.attributes
  - alicloud.domain.common.idempotent
  - alicloud.domain.common.wait
options:
  domain_name:
    description:
      - The domain name, such as V(example.com). Internationalised names may be given in Unicode (V(示例商店.com))
        or in punycode (V(xn--fsqp3lp2iix1a.com)); both are the same domain.
      - The name is checked and put in one canonical form before any call - IDNA 2008 after the UTS 46 mapping,
        lower case, written in Unicode (U-labels). That form is sent to the API and returned, because the Domain
        API answers with IDNs in Unicode; task details are matched to it.
      - A name that is not valid IDNA (such as V(xn--zz.com)), or that UTS 46 would turn into another name other
        than by case (a zero-width space, full-width letters, an ideographic full stop), is refused.
    type: str
    required: true
  contact_type:
    description:
      - Which contact of the domain to keep in line.
    type: str
    choices: [registrant, admin, billing, tech]
    default: registrant
  registrant_profile_id:
    description:
      - ID of the registrant profile whose details the contact must hold.
      - See M(alicloud.domain.registrant_profile_info) to find it and M(alicloud.domain.registrant_profile) to create it.
      - An integer, or a string of the digits 0-9 only, from 1 to 9223372036854775807 (the API's Long). Signs,
        underscores, spaces inside and non-ASCII digits are refused.
    type: raw
    required: true
  transfer_lock:
    description:
      - Add a 60-day transfer-out lock after a registrant change (C(AddTransferLock)).
      - Only valid with O(contact_type=registrant).
    type: bool
    default: false
  instance_id:
    description:
      - Instance ID of the domain (C(InstanceId)), passed along with the change.
    type: str
seealso:
  - module: alicloud.domain.contacts
    description: The same for many domains and contact types in one task, concurrently.
  - module: alicloud.domain.task_info
    description: Wait later for the tasks a loop of this module registered.
  - name: SaveSingleTaskForUpdatingContactInfo
    description: The Domain API action this module submits.
    link: https://www.alibabacloud.com/help/en/domains/developer-reference/api-domain-2018-01-29-savesingletaskforupdatingcontactinfo
'''

EXAMPLES = r'''
- name: Make profile 12345678 the registrant of example.com, and wait for the change
  alicloud.domain.contact:
    domain_name: example.com
    registrant_profile_id: 12345678
    wait: true

- name: Set the admin contact of several domains (credentials from module_defaults)
  module_defaults:
    group/alicloud.domain.all:
      endpoint: domain-intl.aliyuncs.com
      access_key_id: "{{ vault_alicloud_access_key_id }}"
      access_key_secret: "{{ vault_alicloud_access_key_secret }}"
  block:
    - name: Submit the changes without waiting
      alicloud.domain.contact:
        domain_name: "{{ item }}"
        contact_type: admin
        registrant_profile_id: 12345678
      loop: [example.com, example.net]
      register: admin_changes

    - name: Wait for every submitted task
      alicloud.domain.task_info:
        results: "{{ admin_changes.results }}"
        wait: true

- name: See what would change, without changing anything
  alicloud.domain.contact:
    domain_name: example.com
    contact_type: tech
    registrant_profile_id: 12345678
  check_mode: true
  diff: true
'''

RETURN = r'''
changed:
  description: Whether a change was submitted (or, in check mode, would be).
  returned: always
  type: bool
domain_name:
  description: The domain name in its canonical form (IDNA 2008 after UTS 46 mapping, lower case, in Unicode).
  returned: always
  type: str
  sample: example.com
contact_type:
  description: The contact type checked.
  returned: always
  type: str
  sample: registrant
status:
  description:
    - V(unchanged) when the contact already matches, V(would_change) in check mode, V(submitted) when a task
      was queued, V(succeeded) when it was waited for to success (or, when its detail could not be read, the
      contact read back holds the profile), V(in_flight) when another change is still being processed and
      nothing was submitted, V(blocked) when the domain's state refuses a contact change (see RV(domain_state)).
    - With O(wait=true), on failure, V(failed) (the task failed), V(pending) (still running at O(wait_timeout),
      or a change still runs on the domain after the task could not be polled) or V(unknown) (the task could
      not be polled and the contact read back does not hold the profile).
  returned: always
  type: str
  sample: submitted
differences:
  description: Names (snake_case) of the contact fields that differed from the profile before any change.
  returned: always
  type: list
  elements: str
  sample: [email, telephone]
contact:
  description: The contact fields of the domain as found before any change (snake_case API field names).
  returned: always
  type: dict
  sample: {"email": "old@example.com", "registrant_name": "zhang san", "country": "CN"}
profile:
  description: The contact fields of the target registrant profile, plus its real-name status.
  returned: always
  type: dict
  sample: {"email": "new@example.com", "registrant_name": "li si", "real_name_status": "SUCCEED"}
domain_state:
  description:
    - The state of the domain (C(QueryDomainByDomainName)) when the contact differs - C(update_lock),
      C(transfer_lock), C(in_flight), C(blocked_by) (V(update_lock), V(expired), V(transfer_out),
      V(real_name_review)) and C(read_at) (epoch seconds). See M(alicloud.domain.contacts).
  returned: when the contact differs from the profile
  type: dict
  sample: {"update_lock": true, "transfer_lock": false, "in_flight": false, "blocked_by": ["update_lock"],
           "read_at": 1796200000.0}
task_no:
  description: Number of the task submitted, or of the task found in flight.
  returned: when a task was submitted or found
  type: str
  sample: 5c0ee9a1-11f6-4c94-92a5-e5e1b4b8a2d4
request_id:
  description: RequestId of the C(SaveSingleTaskForUpdatingContactInfo) call.
  returned: when a task was submitted
  type: str
task:
  description: The task detail for this domain once finished (snake_case fields of C(QueryTaskDetailList)).
  returned: when O(wait=true) and a task was waited for
  type: dict
  sample: {"task_status_code": 2, "task_status": "EXECUTE_SUCCESS", "domain_name": "example.com"}
error:
  description: The API error (C(code), C(message), C(request_id), C(http_status), C(action)) when the module failed on one.
  returned: on API failure
  type: dict
'''

from ansible_collections.alicloud.domain.plugins.module_utils._module import DomainModule
from ansible_collections.alicloud.domain.plugins.module_utils._validation import CONTACT_TYPES
from ansible_collections.alicloud.domain.plugins.module_utils._contacts.engine import ContactPlan, ensure_contact


def main():
    m = DomainModule(dict(
        domain_name=dict(type="str", required=True),
        contact_type=dict(type="str", default="registrant", choices=list(CONTACT_TYPES)),
        registrant_profile_id=dict(type="raw", required=True),
        transfer_lock=dict(type="bool", default=False),
        instance_id=dict(type="str"),
        wait=dict(type="bool", default=False),
        wait_timeout=dict(type="int", default=600),
        poll_interval=dict(type="float", default=2.0),
    ))

    def body(m):
        p = m.params
        plan = ContactPlan.from_params(p["registrant_profile_id"], [p["contact_type"]], p["transfer_lock"],
                                       p["wait"], p["wait_timeout"], p["poll_interval"])
        return ensure_contact(m.client, plan, p["domain_name"], p["contact_type"], p["instance_id"],
                              check_mode=m.check_mode, diff=m.diff_mode)

    m.run(body)


if __name__ == "__main__":
    main()
