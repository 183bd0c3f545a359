# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.domain contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The shared options (credentials, endpoint, transport) and the one way to build a client from them.

Modules (``module.DomainModule``) and the inventory plugin both call :func:`client_from_options` with a
getter of their option values; the option names are those of :data:`AUTH_ARGUMENT_SPEC`, documented once
in the ``alicloud.domain.common`` doc fragment.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

from ansible_collections.alicloud.domain.plugins.module_utils._api import client as client_mod
from ansible_collections.alicloud.domain.plugins.module_utils._api.endpoint import parse_endpoint, refuse_userinfo
from ansible_collections.alicloud.domain.plugins.module_utils._credentials.chain import resolve_credentials
from ansible_collections.alicloud.domain.plugins.module_utils._validation import ip_address, number_in_range

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

CLIENT_OPTIONS = tuple(AUTH_ARGUMENT_SPEC)  # the names an options getter is asked for
ENDPOINT_VARIABLE = "ALICLOUD_DOMAIN_ENDPOINT"


def client_from_options(get, warnings, env=None, **overrides):
    """Check the shared options, resolve the credentials and return a ``DomainClient``.

    ``get(name)`` returns the value of option ``name`` (``None`` when unset; defaults as documented);
    warnings (a credentials file others can read) are appended to ``warnings``. Everything is checked
    before any call; ``overrides`` are passed to the client as they are (``max_rate``, ``pool_size``).
    The secrets to mask are ``client.credentials.secrets``.
    """
    env = os.environ if env is None else env
    opts = dict((name, get(name)) for name in CLIENT_OPTIONS)
    number_in_range(opts["timeout"], "timeout", 1, 600)
    number_in_range(opts["connect_timeout"], "connect_timeout", 1, 120)
    number_in_range(opts["max_retries"], "max_retries", 0, 20)
    field, value = ("endpoint", opts["endpoint"]) if opts["endpoint"] else (ENDPOINT_VARIABLE, env.get(ENDPOINT_VARIABLE))
    refuse_userinfo(field, value)
    endpoint = parse_endpoint(value, opts["allow_http"])
    creds = resolve_credentials(opts, env=env, warnings=warnings)
    options = dict(endpoint=endpoint, signature_version=opts["signature_version"],
                   connect_timeout=opts["connect_timeout"], timeout=opts["timeout"],
                   validate_certs=opts["validate_certs"], max_retries=opts["max_retries"], lang=opts["lang"],
                   user_client_ip=ip_address(opts["user_client_ip"]))
    options.update(overrides)
    return client_mod.DomainClient(creds, **options)
