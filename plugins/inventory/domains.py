# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.domain contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
name: domains
short_description: Alibaba Cloud domain names as inventory hosts
version_added: 0.1.0
description:
  - Every domain name of the account (all pages of C(QueryDomainList)) becomes a host, named after the domain.
  - Host variables are the domain's fields in snake_case, among them C(domain_name), C(instance_id),
    C(expiration_date), C(expiration_date_long), C(expiration_curr_date_diff) (days left), C(domain_status),
    C(domain_group_id), C(domain_group_name), C(registrant_updating_status) (V(PENDING) while a registrant change
    is in flight), C(registrant_organization), C(dns_list), C(tags_dict) (the tags as a dict of key to value) and
    C(tags_list) (a list of C({key, value})).
  - With O(details=true) each domain is also read in full (C(QueryDomainByDomainName)), which adds
    C(registrant_name), C(transfer_prohibition_lock), C(update_prohibition_lock) and more.
  - Hosts can be grouped with O(keyed_groups) and O(groups), and variables built with O(compose).
  - The configuration file name must end in C(alicloud_domains.yml) or C(alicloud_domains.yaml).
  - The access key is found like the modules find it; when O(access_key_id) and O(access_key_secret) are not set,
    from E(ALICLOUD_ACCESS_KEY_ID) / E(ALICLOUD_SECRET_KEY) and the other variables and files listed under
    O(access_key_id). Secrets are never shown in output or errors.
  - The hosts are domain names, not machines; set C(ansible_connection=local) (with O(compose)) to run modules
    for them on the controller.
  - The host variables hold personal data (the registrant organisation; with O(details=true) also the registrant
    name). With O(cache=true) and a file cache plugin such as C(ansible.builtin.jsonfile), the cache file is made
    mode C(0600) right after ansible-core writes it (ansible-core writes it C(0644), whatever the umask); keep
    O(cache_connection) in a directory only you can read. Other cache plugins (Redis, memcached) store the
    data as they do.
author:
  - alicloud.domain contributors (@alicloud-domain)
extends_documentation_fragment:
  - constructed
  - inventory_cache
  - alicloud.domain.common
options:
  plugin:
    description: Marks the file as a configuration of this plugin.
    type: str
    required: true
    choices: [alicloud.domain.domains]
  endpoint:
    env:
      - name: ALICLOUD_DOMAIN_ENDPOINT
  assume_role_arn:
    env:
      - name: ALICLOUD_ASSUME_ROLE_ARN
      - name: ALIBABA_CLOUD_ROLE_ARN
  assume_role_session_name:
    env:
      - name: ALICLOUD_ASSUME_ROLE_SESSION_NAME
      - name: ALIBABA_CLOUD_ROLE_SESSION_NAME
  sts_endpoint:
    env:
      - name: ALICLOUD_STS_ENDPOINT
  ecs_role_name:
    env:
      - name: ALICLOUD_ECS_ROLE_NAME
      - name: ALIBABA_CLOUD_ECS_METADATA
  filters:
    description:
      - Only the domains matching all of these (the same filters as M(alicloud.domain.domain_info)).
      - V(domain_name_filter) (part of the name), V(group_id), V(tags) (a list of C({key, value}) or a dict),
        V(resource_group_id), V(auto_renew_enabled), V(expiration_date_from), V(expiration_date_to),
        V(registration_date_from), V(registration_date_to) (V(YYYY-MM-DD) in UTC, or epoch milliseconds),
        V(order_by) and V(order).
    type: dict
    default: {}
  details:
    description:
      - Read each domain in full (one C(QueryDomainByDomainName) call per domain) for the registrant name,
        the transfer and update prohibition locks and the exact registrant updating status.
    type: bool
    default: false
  page_size:
    description: Domains fetched per C(QueryDomainList) call (1 to 500).
    type: int
    default: 100
  hostvar_prefix:
    description: Text put before the name of every host variable this plugin sets (not those of O(compose)).
    type: str
    default: ''
'''

EXAMPLES = r'''
# alicloud_domains.yml: every domain, grouped by domain group and by tag
plugin: alicloud.domain.domains
endpoint: domain-intl.aliyuncs.com
keyed_groups:
  - key: domain_group_name
    prefix: group
  - key: tags_dict
    prefix: tag
compose:
  ansible_connection: "'local'"
groups:
  expiring_soon: expiration_curr_date_diff < 60

# prod_alicloud_domains.yml: only domains tagged env=prod, read in full, cached for an hour
# plugin: alicloud.domain.domains
# filters:
#   tags:
#     - key: env
#       value: prod
# details: true
# cache: true
# cache_plugin: ansible.builtin.jsonfile
# cache_connection: ~/.cache/alicloud_domains
# cache_timeout: 3600
# keyed_groups:
#   - key: registrant_updating_status
#     prefix: registrant
'''

import os
import stat

from ansible.errors import AnsibleParserError
from ansible.plugins.inventory import BaseInventoryPlugin, Cacheable, Constructable

from ansible_collections.alicloud.domain.plugins.module_utils._api import client as client_mod
from ansible_collections.alicloud.domain.plugins.module_utils import _domain_list as dl
from ansible_collections.alicloud.domain.plugins.module_utils._client_factory import client_from_options
from ansible_collections.alicloud.domain.plugins.module_utils._api.errors import DomainError, scrub

CONFIG_SUFFIXES = ("alicloud_domains.yml", "alicloud_domains.yaml")


def host_vars(record):
    """The variables of one domain host from its raw API record (list row, possibly merged with the full one)."""
    out = dl.domain_record(record)
    out["tags_list"] = out.pop("tags")  # "tags" is a reserved play keyword: not a host variable name
    if "registrant_updating_status" not in out and out.get("chgholder_status"):
        out["registrant_updating_status"] = out["chgholder_status"]
    if "registrant_organization" not in out and out.get("ccompany"):
        out["registrant_organization"] = out["ccompany"]
    return out


class InventoryModule(BaseInventoryPlugin, Constructable, Cacheable):

    NAME = "alicloud.domain.domains"

    def verify_file(self, path):
        return super(InventoryModule, self).verify_file(path) and path.endswith(CONFIG_SUFFIXES)

    def _client(self):
        warnings = []
        client = client_from_options(self.get_option, warnings)
        for warning in warnings:
            self.display.warning(warning)
        self._secrets = client.credentials.secrets
        return client

    def _fetch(self):
        """Every matching domain as a dict of host variables (JSON-friendly, so it can be cached)."""
        filters = self.get_option("filters") or {}
        if not isinstance(filters, dict):
            raise AnsibleParserError("filters must be a dict, not a %s." % type(filters).__name__)
        params = dl.build_list_params(filters)
        size = dl.page_size(self.get_option("page_size"))
        if not client_mod.HAS_REQUESTS:
            raise AnsibleParserError("The %s inventory plugin needs the Python library requests: %s"
                                     % (self.NAME, client_mod.REQUESTS_IMPORT_ERROR))
        client = self._client()
        rows = dl.list_domains(client, params, size)
        if self.get_option("details"):
            rows = dl.with_details(client, rows, keep_missing=False)  # a domain gone since the list is left out
        return [host_vars(r) for r in rows]

    def _populate(self, domains):
        prefix = self.get_option("hostvar_prefix") or ""
        strict = self.get_option("strict")
        for variables in domains:
            name = variables.get("domain_name")
            if not name:
                continue
            host = self.inventory.add_host(name)
            for key, value in variables.items():
                self.inventory.set_variable(host, prefix + key, value)
            hostvars = dict((prefix + k, val) for k, val in variables.items())
            self._set_composite_vars(self.get_option("compose"), hostvars, host, strict=strict)
            self._add_host_to_composed_groups(self.get_option("groups"), hostvars, host, strict=strict)
            self._add_host_to_keyed_groups(self.get_option("keyed_groups"), hostvars, host, strict=strict)

    def parse(self, inventory, loader, path, cache=True):
        super(InventoryModule, self).parse(inventory, loader, path, cache)
        self._secrets = ()
        self._read_config_data(path)
        cache_key = self._cache_key = self.get_cache_key(path)
        use_cache = self.get_option("cache") and cache
        update_cache = self.get_option("cache") and not cache
        domains = None
        if use_cache:
            try:
                domains = self._cache[cache_key]
            except KeyError:
                update_cache = True
        try:
            if domains is None:
                domains = self._fetch()
        except DomainError as err:
            raise AnsibleParserError("%s: %s" % (self.NAME, scrub(str(err), self._secrets)))
        if update_cache:
            self._cache[cache_key] = domains
        elif use_cache:
            self._private_cache_file()  # written by an older version, or by hand
        self._populate(domains)

    # The host variables hold personal data (registrant name and organisation, with details: true more):
    # a file cache plugin's file is made 0600 right after it is written (ansible-core writes it 0644).
    def update_cache_if_changed(self):
        super(InventoryModule, self).update_cache_if_changed()
        self._private_cache_file()

    def set_cache_plugin(self):
        super(InventoryModule, self).set_cache_plugin()
        self._private_cache_file()

    def _private_cache_file(self):
        """Make this source's cache file(s) 0600: files in the cache directory whose name ends with the cache key
        (a cache plugin puts its prefix, ansible-core 2.19 also a schema tag, before the key)."""
        key = getattr(self, "_cache_key", None)
        if not key or not self.get_option("cache"):
            return
        plugin = getattr(getattr(self, "_cache", None), "_plugin", None)
        folder = self.get_option("cache_connection") or getattr(plugin, "_cache_dir", None)
        folder = os.path.expanduser(os.path.expandvars(folder)) if isinstance(folder, str) else None
        if not folder or not os.path.isdir(folder):  # not a file cache (redis, memcached: a host and port)
            return
        try:
            for name in os.listdir(folder):
                path = os.path.join(folder, name)
                if not name.endswith(key):
                    continue
                st = os.lstat(path)
                if stat.S_ISREG(st.st_mode) and stat.S_IMODE(st.st_mode) & 0o077:
                    os.chmod(path, 0o600)
        except OSError as exc:
            self.display.warning("%s: could not make the inventory cache file in %s private (chmod 600): %s"
                                 % (self.NAME, folder, exc.strerror or exc))
