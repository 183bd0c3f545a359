#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.domain contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: domain_info
short_description: Read one Alibaba Cloud domain, or list the domains of the account
version_added: 0.1.0
description:
  - With O(domain_name) (C(QueryDomainByDomainName)) or O(instance_id) (C(QueryDomainByInstanceId)), the details
    of one domain, including its transfer and update prohibition locks and whether a registrant change is in
    flight (C(registrant_updating_status) in RV(domain)).
  - Otherwise, every domain of the account (all pages of C(QueryDomainList)), optionally filtered by part of the
    name, domain group, tags, expiration and registration date ranges, and ordered. With O(details=true) each
    listed domain is also read in full, which adds the locks and the registrant updating status (one call per domain).
  - Field names are returned in snake_case. Tags are returned as a list of C({key, value}) (the API's
    C(Vaue) spelling in C(QueryDomainByDomainName) is normalised) and as a dict (RV(domains[].tags_dict)).
author:
  - alicloud.domain contributors (@alicloud-domain)
extends_documentation_fragment:
  - alicloud.domain.common
  - alicloud.domain.common.info_attributes
  - alicloud.domain.common.idempotent
  - alicloud.domain.domain_filters
options:
  domain_name:
    description:
      - Read this one domain. Internationalised names may be given in Unicode or punycode; the name is sent in its
        canonical form (IDNA 2008 after the UTS 46 mapping, lower case, in Unicode), the form the API answers in.
      - Mutually exclusive with O(instance_id) and the list filters.
    type: str
  instance_id:
    description:
      - Read the domain with this instance ID, such as V(S20131205001).
    type: str
  details:
    description:
      - Also read each listed domain in full (one C(QueryDomainByDomainName) call per domain), to add the locks,
        the registrant updating status, DNS servers and more.
    type: bool
    default: false
  page_size:
    description:
      - Domains fetched per C(QueryDomainList) call (1 to 500). Every page is read whatever the size.
    type: int
    default: 100
seealso:
  - module: alicloud.domain.contact_info
    description: The contacts of a domain.
  - plugin: alicloud.domain.domains
    plugin_type: inventory
    description: The domains of the account as inventory hosts, with the same filters.
'''

EXAMPLES = r'''
- name: One domain, with its locks and registrant updating status
  alicloud.domain.domain_info:
    domain_name: example.com
  register: example

- name: Fail when a registrant change is in flight
  ansible.builtin.assert:
    that: example.domain.registrant_updating_status != 'PENDING'

- name: Domains tagged env=prod that expire in 2027, soonest first
  alicloud.domain.domain_info:
    tags:
      - key: env
        value: prod
    expiration_date_from: "2027-01-01"
    expiration_date_to: "2027-12-31"
    order_by: expiration_date
    order: asc
  register: expiring

- name: Names of every domain containing "shop"
  alicloud.domain.domain_info:
    domain_name_filter: shop
  register: shops

- name: Show them
  ansible.builtin.debug:
    msg: "{{ shops.domains | map(attribute='domain_name') | list }}"
'''

RETURN = r'''
domain:
  description:
    - The domain read with O(domain_name) or O(instance_id); the fields of C(QueryDomainByDomainName) or
      C(QueryDomainByInstanceId) in snake_case.
  returned: when O(domain_name) or O(instance_id) was given and the domain exists
  type: dict
  sample:
    domain_name: example.com
    instance_id: S20131205001
    domain_status: "3"
    expiration_date: "2027-12-05 00:00:00"
    expiration_date_long: 1827964800000
    registrant_name: Zhang San
    registrant_updating_status: NORMAL
    transfer_prohibition_lock: CLOSE
    update_prohibition_lock: CLOSE
    domain_group_id: 1
    domain_group_name: production
    dns_list: [dns1.hichina.com, dns2.hichina.com]
    tags: [{key: env, value: prod}]
    tags_dict: {env: prod}
domains:
  description:
    - The domains found, in snake_case. From C(QueryDomainList), or with O(details=true) or a single domain,
      the full records.
    - Empty when a single domain asked for does not exist.
  returned: always
  type: list
  elements: dict
  contains:
    domain_name:
      description: The domain name.
      type: str
      sample: example.com
    instance_id:
      description: Instance ID of the domain.
      type: str
    expiration_date:
      description: Expiration date as the API gives it.
      type: str
    registrant_updating_status:
      description: V(PENDING) while a registrant change is in flight, else V(NORMAL).
      type: str
      returned: for single domains and with O(details=true)
    chgholder_status:
      description: Registrant change status in the list answer.
      type: str
      returned: from C(QueryDomainList)
    tags:
      description: Tags as a list of C({key, value}).
      type: list
      elements: dict
    tags_dict:
      description: Tags as a dict of key to value.
      type: dict
    dns_list:
      description: DNS servers of the domain.
      type: list
      elements: str
count:
  description: Number of domains returned.
  returned: always
  type: int
  sample: 3
error:
  description: The API error (C(code), C(message), C(request_id), C(http_status), C(action)) when the module failed on one.
  returned: on API failure
  type: dict
'''

from ansible_collections.alicloud.domain.plugins.module_utils import _domain_list as dl
from ansible_collections.alicloud.domain.plugins.module_utils import _validation as v
from ansible_collections.alicloud.domain.plugins.module_utils._api.errors import ConfigurationError
from ansible_collections.alicloud.domain.plugins.module_utils._module import DomainModule


def main():
    filters = dl.FILTER_SPEC
    spec = dict(domain_name=dict(type="str"), instance_id=dict(type="str"), details=dict(type="bool", default=False),
                page_size=dict(type="int", default=100))
    spec.update(filters)
    m = DomainModule(spec, mutually_exclusive=[["domain_name", "instance_id"]])

    def body(m):
        p = m.params
        given = [k for k in filters if p.get(k) is not None]
        single = p["domain_name"] is not None or p["instance_id"] is not None
        if single and given:
            raise ConfigurationError("domain_name and instance_id read one domain; they cannot be combined with the "
                                     "list filters (%s)." % ", ".join(given))
        if single:
            domain = v.domain_name(p["domain_name"]) if p["domain_name"] is not None else None
            instance_id = (p["instance_id"] or "").strip() if domain is None else None
            if domain is None and not instance_id:
                raise ConfigurationError("instance_id must not be empty.")
            record = dl.read_one(m.client, domain, instance_id)
            if record is None:
                return dict(changed=False, domains=[], count=0)
            one = dl.domain_record(record)
            return dict(changed=False, domain=one, domains=[one], count=1)
        params = dl.build_list_params(dict((k, p[k]) for k in given))
        size = dl.page_size(p["page_size"])
        rows = dl.list_domains(m.client, params, size)
        if p["details"]:
            rows = dl.with_details(m.client, rows)
        domains = [dl.domain_record(r) for r in rows]
        return dict(changed=False, domains=domains, count=len(domains))

    m.run(body)


if __name__ == "__main__":
    main()
