# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.domain contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The thin base of every module: shared options, credentials, the client, errors as results."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import traceback

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ansible_collections.alicloud.domain.plugins.module_utils._api import client as client_mod
from ansible_collections.alicloud.domain.plugins.module_utils._client_factory import AUTH_ARGUMENT_SPEC, client_from_options
from ansible_collections.alicloud.domain.plugins.module_utils._api.errors import DomainError, scrub


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
        client = client_from_options(self.params.get, self.warnings, **overrides)
        # secrets read from files or the environment are masked in every output, like no_log options
        self.module.no_log_values.update(client.credentials.secrets)
        return client

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
