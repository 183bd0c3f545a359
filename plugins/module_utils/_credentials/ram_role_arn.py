# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.domain contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A RAM role ARN: credentials found otherwise sign an STS ``AssumeRole`` call, and its temporary key is used
(``assume_role_arn`` and its variables, or a credential profile of mode ``RamRoleArn`` / type ``ram_role_arn``).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re
import time

from ansible_collections.alicloud.domain.plugins.module_utils._api import signing
from ansible_collections.alicloud.domain.plugins.module_utils._api.client import HAS_REQUESTS, user_agent
from ansible_collections.alicloud.domain.plugins.module_utils._api.endpoint import parse_endpoint, refuse_userinfo
from ansible_collections.alicloud.domain.plugins.module_utils._api.errors import ApiError, ConfigurationError, scrub
from ansible_collections.alicloud.domain.plugins.module_utils._credentials.base import (
    Credentials, first_credentials, first_env, first_env_named)
from ansible_collections.alicloud.domain.plugins.module_utils._credentials.http import json_object

DEFAULT_STS_ENDPOINT = "sts.aliyuncs.com"
STS_API_VERSION = "2015-04-01"
DEFAULT_ROLE_DURATION = 3600
ROLE_DURATION_RANGE = (900, 3600)      # the assume_role_duration option
# expired_seconds of a credential profile: up to a role's maximum session
CREDENTIAL_PROFILE_DURATION_RANGE = (900, 43200)
SESSION_NAME_RE = re.compile(r"^[A-Za-z0-9.@_-]{2,64}$")
ROLE_ARN_RE = re.compile(r"^acs:ram::[^:\s]+:role/\S+$", re.IGNORECASE)


class StsSettings:
    """What an ``AssumeRole`` call needs besides the role: endpoint override, transport, defaults."""

    def __init__(self, endpoint=None, allow_http=False, http=None, user_agent=None, field="sts_endpoint"):
        self.endpoint = endpoint  # option / ALICLOUD_STS_ENDPOINT: outranks a credential profile's sts_region
        self.field = field        # where the endpoint came from, for messages
        self.allow_http = allow_http
        self.http = http
        self.user_agent = user_agent

    def endpoint_for(self, region=None):
        if self.endpoint:
            refuse_userinfo(self.field, self.endpoint)
            value = self.endpoint
        else:
            value = "sts.%s.aliyuncs.com" % region if region else DEFAULT_STS_ENDPOINT
        try:
            return parse_endpoint(value, self.allow_http)
        except ConfigurationError as err:
            raise ConfigurationError("%s: %s" % (self.field, err))


def default_session_name():
    return "ansible-alicloud-domain-%d" % int(time.time())


def check_role(where, role_arn, session_name, duration, duration_range=ROLE_DURATION_RANGE):
    """Validate the AssumeRole inputs before any call; return ``(session_name, duration)``."""
    # the values are not shown: a rejected value may be a secret pasted into the wrong field
    if not isinstance(role_arn, str) or not ROLE_ARN_RE.match(role_arn):
        raise ConfigurationError("%s: the role ARN is not of the form acs:ram::<account id>:role/<role name>."
                                 % where)
    session_name = session_name or default_session_name()
    if not isinstance(session_name, str) or not SESSION_NAME_RE.match(session_name):
        raise ConfigurationError("%s: the role session name must be 2 to 64 characters of letters, digits and . @ - _."
                                 % where)
    if duration in (None, ""):
        duration = DEFAULT_ROLE_DURATION
    try:
        if isinstance(duration, bool) or (isinstance(duration, float) and not duration.is_integer()):
            raise TypeError(duration)
        duration = int(duration)
    except (TypeError, ValueError):
        raise ConfigurationError("%s: the role session duration is not a whole number of seconds." % where)
    low, high = duration_range
    if not low <= duration <= high:
        raise ConfigurationError("%s: role session duration must be between %d and %d seconds, not %d."
                                 % (where, low, high, duration))
    return session_name, duration


def assume_role(base, role_arn, session_name, duration, endpoint, settings):
    """Call STS ``AssumeRole`` signed with ``base`` (V1 HMAC-SHA1 over GET, as the official credentials
    library does) and return the temporary :class:`Credentials`."""
    params = {"DurationSeconds": str(duration), "RoleArn": role_arn, "RoleSessionName": session_name}
    signed = signing.sign_v1("GET", "AssumeRole", params, base.access_key_id, base.access_key_secret,
                             base.security_token, version=STS_API_VERSION)
    url = endpoint.url + "?" + signing.canonical_query(signed)
    headers = {"accept": "application/json", "x-acs-action": "AssumeRole", "x-acs-version": STS_API_VERSION}
    if settings.user_agent:
        headers["user-agent"] = settings.user_agent
    try:
        status, body = settings.http.request("GET", url, headers=headers)
    except IOError as exc:
        raise ApiError("AssumeRole", "ConnectionError", scrub("%s: %s" % (endpoint.url, exc), base.secrets),
                       status=None)
    data = json_object(body)
    if status != 200:
        data = data or {}
        raise ApiError("AssumeRole", data.get("Code") or "HTTP%d" % status,
                       scrub(data.get("Message") or "", base.secrets), status=status,
                       request_id=data.get("RequestId"), recommend=data.get("Recommend"))
    cred = (data or {}).get("Credentials") or {}
    if not all(cred.get(k) for k in ("AccessKeyId", "AccessKeySecret", "SecurityToken")):
        raise ApiError("AssumeRole", "MalformedResponse", "the answer of %s has no Credentials" % endpoint.url,
                       status=status, request_id=(data or {}).get("RequestId"))
    return Credentials(cred["AccessKeyId"], cred["AccessKeySecret"], cred["SecurityToken"],
                       source="RAM role %s (AssumeRole with %s)" % (role_arn, base.source),
                       expiration=cred.get("Expiration"), base=base)


class RamRoleArnSource:
    """``assume_role_arn``: the base credentials (the rest of the chain) are exchanged for a role's."""

    def __init__(self, role_arn, session_name, duration, settings, base_sources, where="assume_role_arn"):
        self.role_arn, self.session_name, self.duration = role_arn, session_name, duration
        self.settings, self.base_sources, self.where = settings, base_sources, where
        self.name = "RAM role %s (STS AssumeRole)" % role_arn

    def check(self):
        self.session_name, self.duration = check_role(self.where, self.role_arn, self.session_name, self.duration)
        return self.settings.endpoint_for()

    def load(self, warnings):
        endpoint = self.check()
        base = first_credentials(self.base_sources, warnings,
                                 "No Alibaba Cloud credentials found to call AssumeRole for %s with" % self.role_arn)
        return assume_role(base, self.role_arn, self.session_name, self.duration, endpoint, self.settings)


def role_arn_setting(params, env):
    return params.get("assume_role_arn") or first_env(env, ("ALICLOUD_ASSUME_ROLE_ARN", "ALIBABA_CLOUD_ROLE_ARN"))


def sts_settings(params, env, http):
    field, endpoint = ("sts_endpoint", params.get("sts_endpoint")) if params.get("sts_endpoint") else \
        first_env_named(env, ("ALICLOUD_STS_ENDPOINT",))
    return StsSettings(endpoint, bool(params.get("allow_http")), http, user_agent() if HAS_REQUESTS else None,
                       field=field or "sts_endpoint")
