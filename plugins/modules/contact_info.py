#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.domain contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: contact_info
short_description: Read the current contacts of an Alibaba Cloud domain
version_added: 0.1.0
description:
  - Returns the registrant, admin, billing and tech contacts of one domain, or the ones named in O(contact_types),
    as the Domain API holds them now (C(QueryContactInfo), one call per contact type).
  - Each contact is returned twice, in snake_case (RV(contacts)) and in the API's own field names (RV(contacts_raw)).
author:
  - alicloud.domain contributors (@alicloud-domain)
extends_documentation_fragment:
  - alicloud.domain.common
  - alicloud.domain.common.info_attributes
  - alicloud.domain.common.idempotent
options:
  domain_name:
    description:
      - The domain name, such as V(example.com). Internationalised names may be given in Unicode or punycode.
      - It is put in its canonical form (IDNA 2008 after the UTS 46 mapping, lower case, in Unicode), which is
        sent to the API and returned; a name that is not valid IDNA is refused before any call.
    type: str
    required: true
  contact_types:
    description:
      - Which contacts to read. V(all) stands for all four.
    type: list
    elements: str
    choices: [registrant, admin, billing, tech, all]
    default: [all]
seealso:
  - module: alicloud.domain.contact
    description: Keep a contact in line with a registrant profile.
  - module: alicloud.domain.registrant_profile_info
    description: The registrant profiles of the account.
'''

EXAMPLES = r'''
- name: Read all four contacts of example.com
  alicloud.domain.contact_info:
    domain_name: example.com
  register: example_contacts

- name: Show the registrant's e-mail address
  ansible.builtin.debug:
    msg: "{{ example_contacts.contacts.registrant.email }}"

- name: Read only the admin and tech contacts
  alicloud.domain.contact_info:
    domain_name: example.com
    contact_types: [admin, tech]
'''

RETURN = r'''
domain_name:
  description: The domain name as queried, in its canonical form (IDNA 2008 after UTS 46 mapping, in Unicode).
  returned: always
  type: str
  sample: example.com
contacts:
  description:
    - One entry per contact type read, keyed by contact type; the fields of C(QueryContactInfo) in snake_case.
  returned: always
  type: dict
  sample:
    registrant:
      address: No. 969 Wen Yi West Road
      city: hang zhou shi
      country: CN
      create_date: "2021-05-10 09:12:44"
      email: zhangsan@example.com
      postal_code: "311121"
      province: zhe jiang
      registrant_name: Zhang San
      registrant_organization: Zhang San
      tel_area: "86"
      tel_ext: ""
      telephone: "13000000001"
      zh_address: 余杭区文一西路969号
      zh_city: 杭州市
      zh_province: 浙江
      zh_registrant_name: 张三
      zh_registrant_organization: 张三
contacts_raw:
  description:
    - The same contacts in the API's field names (C(RegistrantName), C(ZhAddress), ...), without C(RequestId).
  returned: always
  type: dict
  sample:
    registrant:
      Email: zhangsan@example.com
      RegistrantName: Zhang San
request_ids:
  description: The C(RequestId) of each C(QueryContactInfo) call, keyed by contact type.
  returned: always
  type: dict
  sample: {"registrant": "0B5D9B2A-3F4C-4E7B-9E1A-6D2C1B0A9F8E"}
error:
  description: The API error (C(code), C(message), C(request_id), C(http_status), C(action)) when the module failed on one.
  returned: on API failure
  type: dict
'''

from ansible_collections.alicloud.domain.plugins.module_utils import _validation as v
from ansible_collections.alicloud.domain.plugins.module_utils._contacts.contact import snake_dict
from ansible_collections.alicloud.domain.plugins.module_utils._module import DomainModule


def main():
    m = DomainModule(dict(
        domain_name=dict(type="str", required=True),
        contact_types=dict(type="list", elements="str", default=["all"],
                           choices=list(v.CONTACT_TYPES) + ["all"]),
    ))

    def body(m):
        domain = v.domain_name(m.params["domain_name"])
        given = v.contact_types(m.params["contact_types"])
        types = [t for t in v.CONTACT_TYPES if t in given]  # always in the API's order
        client = m.client
        raw, request_ids = {}, {}
        for ctype in types:
            answer = client.call("QueryContactInfo", {"DomainName": domain, "ContactType": ctype})
            request_ids[ctype] = answer.get("RequestId")
            raw[ctype] = dict((k, val) for k, val in answer.items() if k != "RequestId")
        return dict(changed=False, domain_name=domain, contacts=dict((t, snake_dict(c)) for t, c in raw.items()),
                    contacts_raw=raw, request_ids=request_ids)

    m.run(body)


if __name__ == "__main__":
    main()
