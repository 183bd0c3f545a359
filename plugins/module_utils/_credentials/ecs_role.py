# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.domain contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Source 3: the RAM role of this ECS instance, from the instance metadata service (IMDSv2, IMDSv1 fallback).

The metadata service is only asked when a role is named (option, environment or credential profile), never probed.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.alicloud.domain.plugins.module_utils._api.errors import ConfigurationError
from ansible_collections.alicloud.domain.plugins.module_utils._credentials.base import TRUE_WORDS, key_pair
from ansible_collections.alicloud.domain.plugins.module_utils._credentials.http import json_object


DEFAULT_METADATA_ENDPOINT = "http://100.100.100.200"
METADATA_TOKEN_TTL = "21600"
METADATA_TIMEOUT = 1.0


def metadata_endpoint(env):
    value = (env.get("ALICLOUD_ECS_METADATA_ENDPOINT") or DEFAULT_METADATA_ENDPOINT).strip().rstrip("/")
    if "://" not in value:
        value = "http://" + value
    if not re.match(r"^https?://[^/\s@]+$", value):
        raise ConfigurationError("ALICLOUD_ECS_METADATA_ENDPOINT must be a URL such as %s with no path, user name "
                                 "or password." % DEFAULT_METADATA_ENDPOINT)
    return value


class EcsRoleSource:
    """The RAM role of this ECS instance: IMDSv2 token, then the role's temporary key (IMDSv1 fallback)."""

    PATH = "/latest/meta-data/ram/security-credentials/"

    def __init__(self, role_name, where, env, http):
        self.role_name = (role_name or "").strip() or None
        self.where, self.env, self.http = where, env, http
        # a role name given by the user is not shown (the rule for every value that may be a pasted secret)
        self.name = "ECS RAM role (%s)" % (where if self.role_name else "the one attached, %s" % where)

    def _get(self, url, token, what):
        headers = {"X-aliyun-ecs-metadata-token": token} if token else {}
        try:
            status, body = self.http.request("GET", url, headers=headers, timeout=(METADATA_TIMEOUT, METADATA_TIMEOUT),
                                             use_proxy=False)
        except IOError as exc:
            raise ConfigurationError("%s: cannot read %s from the ECS instance metadata service at %s (%s); an ECS "
                                     "RAM role works only on an ECS instance with that role attached."
                                     % (self.where, what, url.split(self.PATH)[0], exc))
        return status, body

    def _token(self, base):
        disabled = (self.env.get("ALIBABA_CLOUD_IMDSV1_DISABLED") or "").lower() in TRUE_WORDS
        try:
            status, body = self.http.request("PUT", base + "/latest/api/token",
                                             headers={"X-aliyun-ecs-metadata-token-ttl-seconds": METADATA_TOKEN_TTL},
                                             timeout=(METADATA_TIMEOUT, METADATA_TIMEOUT), use_proxy=False)
            problem = None if status == 200 and body else "HTTP %d" % status
        except IOError as exc:
            problem = str(exc)
        if problem is None:
            return body.decode("utf-8", "replace").strip()
        if disabled:
            raise ConfigurationError("%s: no IMDSv2 token from the ECS instance metadata service at %s (%s) and "
                                     "ALIBABA_CLOUD_IMDSV1_DISABLED is set." % (self.where, base, problem))
        return None  # IMDSv1

    def load(self, warnings):
        base = metadata_endpoint(self.env)
        token = self._token(base)
        role = self.role_name
        if not role:
            status, body = self._get(base + self.PATH, token, "the role name")
            names = body.decode("utf-8", "replace").split() if status == 200 else []
            if not names:
                raise ConfigurationError("%s: no RAM role is attached to this ECS instance (HTTP %d from %s)."
                                         % (self.where, status, base + self.PATH))
            role = names[0]
        shown = "the RAM role it names" if self.role_name else "RAM role %r (the one attached)" % role
        url = base + self.PATH + role
        status, body = self._get(url, token, "the credentials of %s" % shown)
        if status == 404:
            raise ConfigurationError("%s: %s is not attached to this ECS instance (HTTP 404 from %s)."
                                     % (self.where, shown, base))
        data = json_object(body) or {}
        if status != 200 or data.get("Code", "Success") != "Success":
            raise ConfigurationError("%s: the instance metadata service did not give the credentials of %s "
                                     "(HTTP %d, Code %s)." % (self.where, shown, status, data.get("Code")))
        creds = key_pair("%s (%s)" % (self.where, shown), data.get("AccessKeyId"), data.get("AccessKeySecret"),
                         data.get("SecurityToken"), ("AccessKeyId", "AccessKeySecret", "SecurityToken"))
        if creds is None or not creds.security_token:
            raise ConfigurationError("%s: the credentials of %s from the instance metadata service are "
                                     "incomplete." % (self.where, shown))
        creds.source = "ECS RAM role %s" % role
        creds.expiration = data.get("Expiration")
        return creds
