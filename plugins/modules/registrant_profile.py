#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.domain contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: registrant_profile
short_description: Ensure an Alibaba Cloud domain registrant profile exists with given details, or is gone
version_added: 0.1.0
description:
  - Creates, updates or deletes a registrant profile (contact template) of the account, idempotently.
  - Without O(registrant_profile_id), the module first looks for a profile with the same details
    (C(QueryRegistrantProfiles), filtered by O(email) when given, every page). A profile matches when every
    contact field given here has the same value (absent, null and empty count as the same; surrounding
    whitespace is ignored) and O(registrant_type) and O(registrant_profile_type), when given, are the same.
    Only when none matches is one created (C(SaveRegistrantProfile)). When several match, the default profile,
    else the one with the lowest ID, is used; RV(matched_profile_ids) lists them all.
  - With O(registrant_profile_id), that profile is read, and updated only when a field given here differs.
    A profile ID that does not exist is an error.
  - Contact fields that are not given are not managed; give an empty string to clear one.
  - With O(state=absent), the profile named by O(registrant_profile_id), or the only one matching the details
    given, is deleted (C(DeleteRegistrantProfile)). Nothing to delete is not an error.
author:
  - alicloud.domain contributors (@alicloud-domain)
extends_documentation_fragment:
  - alicloud.domain.common
  - alicloud.domain.common.attributes
  - alicloud.domain.common.idempotent
options:
  state:
    description:
      - Whether the profile must exist (V(present)) or not (V(absent)).
    type: str
    choices: [present, absent]
    default: present
  registrant_profile_id:
    description:
      - ID of the profile to update or delete. Leave out to find the profile by its details.
      - An integer, or a string of the digits 0-9 only, from 1 to 9223372036854775807 (the API's Long). Signs,
        underscores, spaces inside and non-ASCII digits are refused.
    type: raw
  registrant_type:
    description:
      - V(individual) (V(1)) or V(enterprise) (V(2)).
    type: str
    choices: [individual, enterprise, '1', '2']
  registrant_profile_type:
    description:
      - V(common), or V(cnnic) (international site only).
    type: str
    choices: [common, cnnic]
  default_registrant_profile:
    description:
      - Make this profile the default profile of the account (V(true)), or not (V(false)).
      - Not used to find a profile; a matching profile is updated when only this differs.
    type: bool
  registrant_name:
    description: Name of the registrant (individual or contact person), in English or pinyin.
    type: str
  registrant_organization:
    description: Organization (for an individual, the registrant's name again), in English or pinyin.
    type: str
  email:
    description: E-mail address. Also used to narrow the search for a matching profile.
    type: str
  country:
    description: Two-letter country code, such as V(CN).
    type: str
  province:
    description: Province or state, in English or pinyin.
    type: str
  city:
    description: City, in English or pinyin.
    type: str
  address:
    description: Street address, in English or pinyin.
    type: str
  postal_code:
    description: Postal code.
    type: str
  tel_area:
    description: Telephone country code, digits only, such as V(86).
    type: str
  telephone:
    description: Telephone number, digits only.
    type: str
  tel_ext:
    description: Telephone extension, digits only.
    type: str
  zh_registrant_name:
    description: Name of the registrant in Chinese.
    type: str
  zh_registrant_organization:
    description: Organization in Chinese.
    type: str
  zh_province:
    description: Province in Chinese.
    type: str
  zh_city:
    description: City in Chinese.
    type: str
  zh_address:
    description: Street address in Chinese.
    type: str
  identity_credential_file:
    description:
      - Submit the real-name verification of the profile with this identity credential image, a file on the
        controller, JPG or BMP of 55 KB to 1 MB (checked, by size and first bytes, before any call). Sent in the
        body of C(RegistrantProfileRealNameVerification), base64-encoded.
      - Only when the profile's real-name status is V(NONAUDIT) or V(FAILED); a profile V(AUDITING) or V(SUCCEED)
        is not submitted again, so a rerun submits nothing.
      - Needs O(identity_credential_no) and O(identity_credential_type). Not with O(state=absent).
      - The image is personal data. It is never returned, logged or shown, and neither is its path.
    type: path
  identity_credential_no:
    description:
      - The number of the identity credential (identity card number, business license number, ...), exactly as
        on the image; for an enterprise, the 18-character unified social credit code.
      - Personal data, never returned or shown.
    type: str
  identity_credential_type:
    description:
      - The type of the identity credential, as the codes of the Domain API's table of credential types -
        for an individual V(SFZ) identity card, V(HZ) passport, V(TXZ) mainland travel permit for Hong Kong and
        Macao residents, V(TW) the same for Taiwan residents, V(WAIGUOREN) foreigner's permanent residence card,
        V(HKMOJUMIN) residence permit for Hong Kong, Macao and Taiwan residents; for an organization V(YYZZ)
        business license, V(XYDM) unified social credit code certificate, V(ORG) organization code certificate and
        the other codes listed; V(QT) other.
    type: str
    choices: [SFZ, HZ, TXZ, TW, WAIGUOREN, HKMOJUMIN, ORG, YYZZ, XYDM, BUDUIDAIHAO, JUNDUIFUWU, SHIYEDANWEI,
              WAIGUOQIYE, SHEHUITUANTI, ZONGJIAOCHANGSUO, MINBANFEIQIYE, JIJINHUI, LVSHISHIWUSUO, WAIGUOWENHUA,
              WAIGUOLVYOU, SIFAJIANDING, WAIGUOJIGOU, SHEHUIFUWUJIGOU, MINBANXUEXIAO, YILIAOJIGOU, GONGZHENGJIGOU,
              ZHUHUAZINVXUEXIAO, QT]
  real_name_wait:
    description:
      - After submitting the real-name verification, wait until the audit ends (V(SUCCEED) or V(FAILED)), up to
        O(real_name_wait_timeout) seconds. An audit FAILED fails the module with the service's reason.
      - The service's audit takes 3 to 5 business days; waiting is for the emulator and short tests.
    type: bool
    default: false
  real_name_wait_timeout:
    description:
      - Seconds to wait with O(real_name_wait=true), between 1 and 86400.
    type: int
    default: 600
  real_name_poll_interval:
    description:
      - Seconds between the first polls with O(real_name_wait=true); later polls are spaced out up to 60 seconds.
    type: float
    default: 10
notes:
  - A new profile still needs real-name verification (RV(real_name_status)) and e-mail verification before it can
    become the registrant of a domain. Give O(identity_credential_file) and the number and type to submit the
    real-name verification here; verify the address with M(alicloud.domain.email_verification).
seealso:
  - module: alicloud.domain.registrant_profile_info
    description: List the profiles of the account, with the reason of a failed real-name audit.
  - module: alicloud.domain.email_verification
    description: Verify the e-mail address of a profile.
  - module: alicloud.domain.contact
    description: Make a profile the contact of a domain.
'''

EXAMPLES = r'''
- name: Ensure a profile for the web team exists (found by its details, else created)
  alicloud.domain.registrant_profile:
    registrant_type: enterprise
    registrant_name: Li Si
    registrant_organization: Hangzhou Example Technology Co., Ltd.
    zh_registrant_name: 李四
    zh_registrant_organization: 杭州示例科技有限公司
    email: domains@example-corp.com
    country: CN
    province: zhe jiang
    zh_province: 浙江
    city: hang zhou shi
    zh_city: 杭州市
    address: Building 5, No. 688 Bin Xing Road
    zh_address: 滨江区滨兴路688号5号楼
    postal_code: "310051"
    tel_area: "86"
    telephone: "057188880000"
  register: web_profile

- name: Make it the registrant of example.com
  alicloud.domain.contact:
    domain_name: example.com
    registrant_profile_id: "{{ web_profile.registrant_profile_id }}"

- name: Change the e-mail address of profile 18100002 (other fields stay as they are)
  alicloud.domain.registrant_profile:
    registrant_profile_id: 18100002
    email: hostmaster@example-corp.com
  diff: true

- name: Submit the real-name verification of the profile (once; the audit takes days)
  alicloud.domain.registrant_profile:
    registrant_profile_id: "{{ web_profile.registrant_profile_id }}"
    identity_credential_file: /secure/credentials/business-license.jpg
    identity_credential_no: "{{ vault_business_license_no }}"
    identity_credential_type: YYZZ
  register: real_name

- name: Delete a profile
  alicloud.domain.registrant_profile:
    registrant_profile_id: 18100003
    state: absent
'''

RETURN = r'''
changed:
  description: Whether the profile was (or, in check mode, would be) created, updated or deleted.
  returned: always
  type: bool
status:
  description:
    - V(unchanged), V(created), V(updated), V(deleted) or V(absent) (nothing to delete); in check mode
      V(would_create), V(would_update) or V(would_delete).
  returned: always
  type: str
  sample: created
registrant_profile_id:
  description: ID of the profile; null in check mode for a profile that would be created, and when absent.
  returned: always
  type: int
  sample: 18100005
real_name_status:
  description: Real-name verification status of the profile (V(SUCCEED), V(NONAUDIT), V(AUDITING), V(FAILED)).
  returned: always
  type: str
  sample: NONAUDIT
email_verification_status:
  description: E-mail verification status of the profile (V(0) not verified, V(1) verified).
  returned: always
  type: int
  sample: 0
profile:
  description: The profile as read after the change (before, for a deletion), with the API's fields in snake_case.
  returned: always
  type: dict
  sample: {"registrant_profile_id": 18100005, "email": "domains@example-corp.com", "registrant_type": "2",
           "registrant_type_name": "enterprise", "real_name_status": "NONAUDIT"}
differences:
  description: snake_case names of the fields that were (or would be) changed.
  returned: always
  type: list
  elements: str
  sample: [email]
matched_profile_ids:
  description: IDs of all the profiles that matched the details, when more than one did.
  returned: when several profiles matched
  type: list
  elements: int
request_id:
  description: RequestId of the write.
  returned: when a write was made
  type: str
real_name_verification:
  description:
    - What was done about the real-name verification - C(action) (V(none), V(submitted), V(would_submit)),
      C(status_before) and C(status) (the profile's real-name status before and after), C(fail_reason) when the
      audit is FAILED, C(previous_fail_reason) when a FAILED profile was submitted again, C(request_id).
    - A submission makes RV(changed) true and adds V(real_name_status) to RV(differences); RV(status) still
      describes the profile's own fields.
    - Never the credential image, its path or its number.
  returned: when O(identity_credential_file) is given
  type: dict
  sample: {"action": "submitted", "status_before": "NONAUDIT", "status": "AUDITING"}
error:
  description: The API error (C(code), C(message), C(request_id), C(http_status), C(action)) when the module failed on one.
  returned: on API failure
  type: dict
'''

from ansible_collections.alicloud.domain.plugins.module_utils import _profiles as prof
from ansible_collections.alicloud.domain.plugins.module_utils import _real_name as rn
from ansible_collections.alicloud.domain.plugins.module_utils import _validation as v
from ansible_collections.alicloud.domain.plugins.module_utils._api.errors import ConfigurationError
from ansible_collections.alicloud.domain.plugins.module_utils._module import DomainModule


def main():
    spec = dict(
        state=dict(type="str", default="present", choices=["present", "absent"]),
        registrant_profile_id=dict(type="raw"),
        registrant_type=dict(type="str", choices=["individual", "enterprise", "1", "2"]),
        registrant_profile_type=dict(type="str", choices=["common", "cnnic"]),
        default_registrant_profile=dict(type="bool"),
        identity_credential_file=dict(type="path", no_log=True),
        identity_credential_no=dict(type="str", no_log=True),
        identity_credential_type=dict(type="str", choices=list(rn.CREDENTIAL_TYPES)),
        real_name_wait=dict(type="bool", default=False),
        real_name_wait_timeout=dict(type="int", default=600),
        real_name_poll_interval=dict(type="float", default=10.0),
    )
    for option in prof.FIELD_OPTIONS:
        spec[option] = dict(type="str")
    m = DomainModule(spec, required_together=[("identity_credential_file", "identity_credential_no",
                                               "identity_credential_type")])

    def body(m):
        p = m.params
        profile_id = p["registrant_profile_id"]
        if profile_id is not None:
            profile_id = v.positive_int(profile_id, "registrant_profile_id")
        desired = prof.DesiredProfile.from_params(p)
        credential = None
        if p["identity_credential_file"] is not None:
            if p["state"] == "absent":
                raise ConfigurationError("identity_credential_file submits a real-name verification; it does not go "
                                         "with state=absent.")
            v.number_in_range(p["real_name_wait_timeout"], "real_name_wait_timeout", 1, 86400)
            v.number_in_range(p["real_name_poll_interval"], "real_name_poll_interval", 0.01, 300)
            credential = rn.load_credential(p["identity_credential_file"], p["identity_credential_no"],
                                            p["identity_credential_type"])
            m.module.no_log_values.update(credential.secrets())
        ensure = prof.ensure_present if p["state"] == "present" else prof.ensure_absent
        result = ensure(m.client, desired, profile_id, check_mode=m.check_mode, diff=m.diff_mode)
        if credential is not None:
            rn.add_to_profile_result(m.client, result, credential, check_mode=m.check_mode, diff=m.diff_mode,
                                     wait=p["real_name_wait"], wait_timeout=p["real_name_wait_timeout"],
                                     poll_interval=p["real_name_poll_interval"])
        return result

    m.run(body)


if __name__ == "__main__":
    main()
