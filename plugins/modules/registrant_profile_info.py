#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.domain contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: registrant_profile_info
short_description: List the registrant profiles of an Alibaba Cloud account
version_added: 0.1.0
description:
  - Returns the registrant profiles (contact templates) of the account, every page of C(QueryRegistrantProfiles),
    optionally filtered by ID, e-mail address, registrant type, profile type, real-name status or organization.
  - The filters are applied by the Domain API; O(email) and the organization filters match a part of the value.
author:
  - alicloud.domain contributors (@alicloud-domain)
extends_documentation_fragment:
  - alicloud.domain.common
  - alicloud.domain.common.info_attributes
  - alicloud.domain.common.idempotent
options:
  registrant_profile_id:
    description:
      - Only the profile with this ID.
      - An integer, or a string of the digits 0-9 only, from 1 to 9223372036854775807 (the API's Long).
    type: raw
  email:
    description:
      - Only profiles whose e-mail address contains this text.
    type: str
  registrant_type:
    description:
      - Only profiles of this registrant type. V(1) is the same as V(individual), V(2) as V(enterprise).
    type: str
    choices: [individual, enterprise, '1', '2']
  registrant_profile_type:
    description:
      - Only profiles of this type. V(cnnic) profiles exist on the international site only.
    type: str
    choices: [common, cnnic]
  real_name_status:
    description:
      - Only profiles with this real-name verification status.
    type: str
    choices: [SUCCEED, NONAUDIT, AUDITING, FAILED]
  registrant_organization:
    description:
      - Only profiles whose organization (in English) contains this text.
    type: str
  zh_registrant_organization:
    description:
      - Only profiles whose organization in Chinese contains this text.
    type: str
  default_registrant_profile:
    description:
      - V(true) for the default profile only, V(false) for all the others.
    type: bool
  real_name_details:
    description:
      - Also read, for each profile whose real-name verification was submitted (V(AUDITING), V(SUCCEED), V(FAILED)),
        when it was submitted and last changed and the credential type
        (C(QueryRegistrantProfileRealNameVerificationInfo), one call per such profile). Never the credential image,
        its URL or its number.
      - The reasons of a V(FAILED) audit are returned whatever this option says.
    type: bool
    default: false
  page_size:
    description:
      - Profiles fetched per C(QueryRegistrantProfiles) call (1 to 500). Every page is read whatever the size.
    type: int
    default: 500
seealso:
  - module: alicloud.domain.registrant_profile
    description: Create, update or delete a registrant profile.
'''

EXAMPLES = r'''
- name: All registrant profiles
  alicloud.domain.registrant_profile_info:
  register: all_profiles

- name: Real-name verified enterprise profiles
  alicloud.domain.registrant_profile_info:
    registrant_type: enterprise
    real_name_status: SUCCEED
  register: verified

- name: Why did the real-name audit of profile 18100003 fail?
  alicloud.domain.registrant_profile_info:
    registrant_profile_id: 18100003
    real_name_details: true
  register: failed_profile

- name: The ID of the profile with a given e-mail address
  ansible.builtin.debug:
    msg: "{{ (all_profiles.profiles | selectattr('email', 'equalto', 'domains@example.com') | first).registrant_profile_id }}"
'''

RETURN = r'''
profiles:
  description: The profiles found, each with the fields of C(QueryRegistrantProfiles) in snake_case.
  returned: always
  type: list
  elements: dict
  sample:
    - registrant_profile_id: 18100001
      registrant_type: "1"
      registrant_type_name: individual
      registrant_profile_type: common
      real_name_status: SUCCEED
      email_verification_status: 1
      default_registrant_profile: true
      email: zhangsan@example.com
      registrant_name: Zhang San
      zh_registrant_name: 张三
      country: CN
      create_time: "2021-05-10 09:12:44"
  contains:
    real_name_status:
      description: Real-name verification status - V(NONAUDIT), V(AUDITING), V(SUCCEED) or V(FAILED).
      type: str
    email_verification_status:
      description: E-mail verification status - V(0) not verified, V(1) verified.
      type: int
    real_name_fail_reason:
      description: The service's reason of the latest failed audit (C(QueryFailReasonForRegistrantProfileRealNameVerification)).
      type: str
      returned: when real_name_status is FAILED
    real_name_fail_reasons:
      description: Every failed audit, newest first, each with C(date) and C(fail_reason).
      type: list
      elements: dict
      returned: when real_name_status is FAILED
    real_name_verification:
      description: C(submission_date), C(modification_date) and C(identity_credential_type) of the submitted verification.
      type: dict
      returned: with O(real_name_details=true), for a profile whose verification was submitted
count:
  description: How many profiles were found.
  returned: always
  type: int
  sample: 1
error:
  description: The API error (C(code), C(message), C(request_id), C(http_status), C(action)) when the module failed on one.
  returned: on API failure
  type: dict
'''

from ansible_collections.alicloud.domain.plugins.module_utils import _profiles as prof
from ansible_collections.alicloud.domain.plugins.module_utils import _real_name as rn
from ansible_collections.alicloud.domain.plugins.module_utils._api.errors import ConfigurationError
from ansible_collections.alicloud.domain.plugins.module_utils._module import DomainModule


def main():
    m = DomainModule(dict(
        registrant_profile_id=dict(type="raw"),
        email=dict(type="str"),
        registrant_type=dict(type="str", choices=["individual", "enterprise", "1", "2"]),
        registrant_profile_type=dict(type="str", choices=["common", "cnnic"]),
        real_name_status=dict(type="str", choices=list(prof.REAL_NAME_STATUSES)),
        registrant_organization=dict(type="str"),
        zh_registrant_organization=dict(type="str"),
        default_registrant_profile=dict(type="bool"),
        real_name_details=dict(type="bool", default=False),
        page_size=dict(type="int", default=prof.PAGE_SIZE),
    ))

    def body(m):
        p = m.params
        params = prof.list_params(p["registrant_profile_id"], p["email"], p["registrant_type"],
                                  p["registrant_profile_type"], p["real_name_status"], p["registrant_organization"],
                                  p["zh_registrant_organization"], p["default_registrant_profile"])
        if not 1 <= p["page_size"] <= 500:
            raise ConfigurationError("page_size must be between 1 and 500, not %s." % p["page_size"])
        found = prof.list_profiles(m.client, params, page_size=p["page_size"])
        if "RegistrantProfileId" in params:  # exact, whatever the server's filter does
            found = [x for x in found if str(x.get("RegistrantProfileId")) == str(params["RegistrantProfileId"])]
        profiles = rn.annotate_profiles(m.client, [prof.profile_record(x) for x in found], p["real_name_details"])
        return dict(changed=False, profiles=profiles, count=len(profiles))

    m.run(body)


if __name__ == "__main__":
    main()
