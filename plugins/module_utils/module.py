# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.domain contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The thin base of every module: shared options, credentials, the client, errors as results."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import traceback

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ansible_collections.alicloud.domain.plugins.module_utils import client as client_mod
from ansible_collections.alicloud.domain.plugins.module_utils.credentials import resolve_credentials
from ansible_collections.alicloud.domain.plugins.module_utils.errors import DomainError, scrub
from ansible_collections.alicloud.domain.plugins.module_utils.validation import ip_address, number_in_range

AUTH_ARGUMENT_SPEC = dict(
    access_key_id=dict(type="str", aliases=["alicloud_access_key", "access_key"], no_log=False),
    access_key_secret=dict(type="str", aliases=["alicloud_secret_key", "secret_key"], no_log=True),
    security_token=dict(type="str", aliases=["alicloud_security_token"], no_log=True),
    profile=dict(type="str"),
    shared_credentials_file=dict(type="path"),
    assume_role_arn=dict(type="str", aliases=["alicloud_assume_role_arn"]),
    assume_role_session_name=dict(type="str", aliases=["alicloud_assume_role_session_name"]),
    assume_role_duration=dict(type="int"),
    sts_endpoint=dict(type="str"),
    ecs_role_name=dict(type="str"),
    endpoint=dict(type="str"),
    allow_http=dict(type="bool", default=False),
    signature_version=dict(type="str", default="v3", choices=["v3", "v1"]),
    validate_certs=dict(type="bool", default=True),
    timeout=dict(type="float", default=10.0),
    connect_timeout=dict(type="float", default=5.0),
    max_retries=dict(type="int", default=4),
    lang=dict(type="str", choices=["en", "zh"]),
    user_client_ip=dict(type="str"),
)


class DomainModule:
    """Wraps AnsibleModule: adds the shared options, builds the client, turns errors into results."""

    def __init__(self, argument_spec, **kwargs):
        spec = dict(AUTH_ARGUMENT_SPEC)
        spec.update(argument_spec)
        kwargs.setdefault("supports_check_mode", True)
        self.module = AnsibleModule(argument_spec=spec, **kwargs)
        self.params = self.module.params
        self.check_mode = self.module.check_mode
        self.diff_mode = self.module._diff
        self.warnings = []
        self._client = None
        if not client_mod.HAS_REQUESTS:
            self.module.fail_json(msg=missing_required_lib("requests"),
                                  exception=str(client_mod.REQUESTS_IMPORT_ERROR))

    def build_client(self, **overrides):
        """Resolve credentials and options into a client; everything here is checked before any call."""
        p = self.params
        number_in_range(p["timeout"], "timeout", 1, 600)
        number_in_range(p["connect_timeout"], "connect_timeout", 1, 120)
        number_in_range(p["max_retries"], "max_retries", 0, 20)
        endpoint = client_mod.parse_endpoint(p["endpoint"] or os.environ.get("ALICLOUD_DOMAIN_ENDPOINT"), p["allow_http"])
        creds = resolve_credentials(p, warnings=self.warnings)
        # secrets read from files or the environment are masked in every output, like no_log options
        self.module.no_log_values.update(creds.secrets)
        options = dict(endpoint=endpoint, signature_version=p["signature_version"],
                       connect_timeout=p["connect_timeout"], timeout=p["timeout"],
                       validate_certs=p["validate_certs"], max_retries=p["max_retries"], lang=p["lang"],
                       user_client_ip=ip_address(p["user_client_ip"]))
        options.update(overrides)
        return client_mod.DomainClient(creds, **options)

    @property
    def client(self):
        if self._client is None:
            self._client = self.build_client()
        return self._client

    def _warn_all(self, result):
        for text in self.warnings + list(result.pop("warnings", None) or []):
            self.module.warn(text)

    def exit(self, **result):
        self._warn_all(result)
        self.module.exit_json(**result)

    def fail(self, msg, **result):
        self._warn_all(result)
        self.module.fail_json(msg=msg, **result)

    def run(self, body):
        """Call ``body(self)``, which returns the result dict; map our errors to clear failures."""
        try:
            result = body(self)
        except DomainError as err:
            details = err.to_result()
            msg = details.pop("msg")
            self.fail(msg, **details)
        except Exception as err:  # a bug: report it without leaking secrets
            secrets = tuple(v for v in self.module.no_log_values if v)
            self.fail("Unexpected %s: %s" % (type(err).__name__, scrub(str(err), secrets)),
                      exception=scrub(traceback.format_exc(), secrets))
        else:
            self.exit(**result)
