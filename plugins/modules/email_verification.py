#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.domain contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: email_verification
short_description: Verify the e-mail address of Alibaba Cloud domain registrant profiles, or read its state
version_added: 0.1.0
description:
  - Reads the e-mail verification of one or more addresses (C(ListEmailVerification)) and, with O(state), makes
    it so, idempotently.
  - O(state=present) sends the verification mail (C(SubmitEmailVerification) with C(SendIfExist=false)) to an
    address that has no verification yet, and returns. An address already pending or verified is not mailed
    again. A pending verification whose link has expired (3 days after it was sent) is sent again
    (C(ResendEmailVerification)).
  - O(state=verified) does the same, then waits until every address is verified (the owner opened the link in
    the mail), up to O(wait_timeout) seconds. A run that times out fails; running it again keeps waiting and
    sends nothing twice.
  - O(state=absent) deletes the verification of the addresses that have one (C(DeleteEmailVerification)).
  - Without O(state) the module only reads, as an info module would; without O(email) and O(emails) it lists
    every verification of the account.
  - A refusal of the service for an address (in C(FailList)), such as C(SendTokenQuotaExceeded) when the
    account's daily quota of verification mails is used up, fails the module with the service's code; the module
    never retries it.
  - Addresses are personal data. The results hold the addresses given (your own input); error and warning
    messages name an address only by its position in O(emails), such as "the address #2".
  - A registrant profile can become the registrant of a domain only once its e-mail address is verified
    (C(EmailVerificationStatus) of M(alicloud.domain.registrant_profile_info)).
author:
  - alicloud.domain contributors (@alicloud-domain)
extends_documentation_fragment:
  - alicloud.domain.common
  - alicloud.domain.common.attributes
  - alicloud.domain.common.idempotent
options:
  email:
    description:
      - The e-mail address. Give this or O(emails).
    type: str
  emails:
    description:
      - Several addresses (at most 100). Duplicates (compared without regard to case) are dropped.
    type: list
    elements: str
  state:
    description:
      - V(verified) - sent if needed, then waited for until verified.
      - V(present) - sent if needed (no verification, or an expired link), without waiting.
      - V(absent) - the verification deleted.
      - Leave out to only read the state.
    type: str
    choices: [verified, present, absent]
  wait_timeout:
    description:
      - Seconds to wait with O(state=verified), between 1 and 86400.
    type: int
    default: 600
  poll_interval:
    description:
      - Seconds between the first polls with O(state=verified); later polls are spaced out up to 60 seconds.
    type: float
    default: 10
notes:
  - In check mode nothing is sent; RV(emails[].action) says what would be (V(would_submit), V(would_resend),
    V(would_delete)), and the module does not wait.
  - With C(--diff), the diff shows the state of each address before and after (V(none), V(pending),
    V(expired), V(verified)).
seealso:
  - module: alicloud.domain.registrant_profile_info
    description: The e-mail verification status of each registrant profile.
  - module: alicloud.domain.registrant_profile
    description: Create the profile whose address is to be verified.
'''

EXAMPLES = r'''
- name: Send the verification mail to the new profile's address (once), and wait up to an hour for the click
  alicloud.domain.email_verification:
    email: domains@example-corp.com
    state: verified
    wait_timeout: 3600

- name: Send the verification mails, do not wait
  alicloud.domain.email_verification:
    emails:
      - domains@example-corp.com
      - hostmaster@example-corp.com
    state: present

- name: Is the address verified?
  alicloud.domain.email_verification:
    email: domains@example-corp.com
  register: check

- name: Say so
  ansible.builtin.debug:
    msg: "{{ 'verified' if check.verified else 'not verified yet' }}"

- name: Forget a verification
  alicloud.domain.email_verification:
    email: old@example-corp.com
    state: absent
'''

RETURN = r'''
changed:
  description: Whether a mail was (or, in check mode, would be) sent or a verification deleted.
  returned: always
  type: bool
verified:
  description: Whether every address is verified (after the wait, with O(state=verified)).
  returned: always
  type: bool
  sample: true
emails:
  description: One entry per address, in the order given (for a listing, every verification of the account).
  returned: always
  type: list
  elements: dict
  contains:
    email:
      description: The address.
      type: str
      sample: domains@example-corp.com
    state:
      description: V(none) (no verification), V(pending), V(expired) (pending, its link older than 3 days) or V(verified).
      type: str
      sample: pending
    verified:
      description: Whether the address is verified.
      type: bool
    action:
      description:
        - What this run did - V(none), V(submitted), V(resent), V(deleted), V(exists) (the service already had a
          verification of it, so it was not mailed again), V(failed); in check mode V(would_submit), V(would_resend),
          V(would_delete).
      type: str
      returned: with O(state)
      sample: submitted
    code:
      description: The service's code for this address, in C(FailList) (such as V(SendTokenQuotaExceeded)) or the other lists.
      type: str
      returned: when the service gave one
    message:
      description: The service's message for a failed address.
      type: str
      returned: when the service refused the address
    verification_status:
      description: C(VerificationStatus) as read - V(0) waiting, V(1) verified; null when there is no verification.
      type: int
    token_send_time:
      description: When the verification mail was last sent (C(TokenSendTime)), as the service gives it.
      type: str
    verification_time:
      description: When the address was verified (C(VerificationTime)).
      type: str
    email_verification_no:
      description: The service's number of the verification.
      type: str
request_ids:
  description: RequestId of each write.
  returned: when a write was made
  type: list
  elements: str
error:
  description: The API error (C(code), C(message), C(request_id), C(http_status), C(action)) when the module failed on one.
  returned: on API failure
  type: dict
'''

from ansible_collections.alicloud.domain.plugins.module_utils import _email_verification as ev
from ansible_collections.alicloud.domain.plugins.module_utils import _validation as v
from ansible_collections.alicloud.domain.plugins.module_utils._module import DomainModule


def main():
    m = DomainModule(dict(
        email=dict(type="str"),
        emails=dict(type="list", elements="str"),
        state=dict(type="str", choices=list(ev.STATES)),
        wait_timeout=dict(type="int", default=600),
        poll_interval=dict(type="float", default=10.0),
    ), mutually_exclusive=[("email", "emails")])

    def body(m):
        p = m.params
        v.number_in_range(p["wait_timeout"], "wait_timeout", 1, 86400)
        v.number_in_range(p["poll_interval"], "poll_interval", 0.01, 300)
        given = [p["email"]] if p["email"] is not None else p["emails"]
        if given is None and p["state"] is None:
            rows = [dict(ev.row(item.get("Email"), item, ev.state_of(item)))
                    for item in ev.list_all(m.client)]
            return dict(changed=False, emails=rows, verified=all(r["verified"] for r in rows))
        emails = ev.check_emails(given, "email" if p["email"] is not None else "emails")
        return ev.run(m.client, emails, p["state"], check_mode=m.check_mode, diff=m.diff_mode,
                      wait_timeout=p["wait_timeout"], poll_interval=p["poll_interval"])

    m.run(body)


if __name__ == "__main__":
    main()
