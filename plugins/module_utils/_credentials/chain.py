# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.domain contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Where the access key comes from: the order of the sources. Each source is a small class in a file of its
own in this package (``options``, ``env``, ``ecs_role``, ``cli_profile``, ``ini_profile``, ``ram_role_arn``);
the first that yields wins.

Order (the first source that has credentials wins; the environment is read at call time):

1. module options: ``access_key_id`` + ``access_key_secret`` (+ ``security_token``); then ``ecs_role_name``
   (ECS RAM role from the instance metadata); then an explicit ``profile`` (aliyun CLI file, then the
   ``credentials.ini`` file; it must be in one of them, and the environment is not consulted);
2. ``ALICLOUD_*`` key variables (the Ansible convention), then ``ALIBABA_CLOUD_*`` (the SDK and CLI one);
3. ``ALICLOUD_ECS_ROLE_NAME`` / ``ALIBABA_CLOUD_ECS_METADATA`` (ECS RAM role);
4. the profile named by ``ALICLOUD_PROFILE`` / ``ALIBABA_CLOUD_PROFILE`` (CLI file, then INI file);
   without one, the CLI file's ``current`` profile, then the ``[default]`` section of the INI file.

When ``assume_role_arn`` (or ``ALICLOUD_ASSUME_ROLE_ARN`` / ``ALIBABA_CLOUD_ROLE_ARN``) is set, the
credentials found that way only sign an STS ``AssumeRole`` call, and its temporary key is used.
Credential profiles of mode ``RamRoleArn`` / type ``ram_role_arn`` do the same with their own role. The instance
metadata service is only asked when an ECS role is named (option, environment or credential profile), never probed.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

from ansible_collections.alicloud.domain.plugins.module_utils._credentials.base import first_credentials, first_env, first_env_named
from ansible_collections.alicloud.domain.plugins.module_utils._credentials.cli_profile import DEFAULT_CLI_CONFIG, CliProfileSource
from ansible_collections.alicloud.domain.plugins.module_utils._credentials.credential_profile import (
    CredentialProfileContext, NamedCredentialProfileSource)
from ansible_collections.alicloud.domain.plugins.module_utils._credentials.ecs_role import EcsRoleSource
from ansible_collections.alicloud.domain.plugins.module_utils._credentials.env import ansible_env_source, sdk_env_source
from ansible_collections.alicloud.domain.plugins.module_utils._credentials.http import CredentialHttp
from ansible_collections.alicloud.domain.plugins.module_utils._credentials.ini_profile import DEFAULT_INI_FILE, IniProfileSource
from ansible_collections.alicloud.domain.plugins.module_utils._credentials.options import OptionsSource
from ansible_collections.alicloud.domain.plugins.module_utils._credentials.ram_role_arn import RamRoleArnSource, role_arn_setting, sts_settings


def default_http(params):
    return CredentialHttp(validate_certs=params.get("validate_certs", True) is not False,
                          timeouts=(float(params.get("connect_timeout") or 5.0), float(params.get("timeout") or 10.0)))


def credential_sources(params, env=None, http=None):
    """The base sources, in order (without the ``assume_role_arn`` step)."""
    env = os.environ if env is None else env
    http = http or default_http(params)
    ctx = CredentialProfileContext(env, sts_settings(params, env, http), http)
    credential_profile = params.get("profile")
    env_profile_var, env_credential_profile = first_env_named(env, ("ALICLOUD_PROFILE", "ALIBABA_CLOUD_PROFILE"))
    path = params.get("shared_credentials_file") or env.get("ALICLOUD_SHARED_CREDENTIALS_FILE") or DEFAULT_CLI_CONFIG
    ini_path = env.get("ALIBABA_CLOUD_CREDENTIALS_FILE") or DEFAULT_INI_FILE
    sources = [OptionsSource(params)]
    if params.get("ecs_role_name"):
        sources.append(EcsRoleSource(params["ecs_role_name"], "option ecs_role_name", env, http))
    if credential_profile:  # an explicit profile option is a module option: it outranks the environment
        given = "option profile"
        return sources + [NamedCredentialProfileSource(given, CliProfileSource(path, credential_profile, True, ctx, given),
                                                       IniProfileSource(ini_path, credential_profile, True, ctx, given))]
    sources += [ansible_env_source(env), sdk_env_source(env)]
    env_role = first_env(env, ("ALICLOUD_ECS_ROLE_NAME", "ALIBABA_CLOUD_ECS_METADATA"))
    if env_role:
        sources.append(EcsRoleSource(env_role, "ALICLOUD_ECS_ROLE_NAME / ALIBABA_CLOUD_ECS_METADATA", env, http))
    if env_credential_profile:
        sources.append(NamedCredentialProfileSource(
            env_profile_var, CliProfileSource(path, env_credential_profile, True, ctx, env_profile_var),
            IniProfileSource(ini_path, env_credential_profile, True, ctx, env_profile_var)))
    else:
        sources.append(CliProfileSource(path, None, bool(params.get("shared_credentials_file")), ctx))
        sources.append(IniProfileSource(ini_path, "default", bool(env.get("ALIBABA_CLOUD_CREDENTIALS_FILE")), ctx))
    return sources


def resolve_credentials(params, env=None, warnings=None, http=None):
    """Return :class:`Credentials` from the first source that has some, or raise one clear error.

    With a role ARN (option or environment), those credentials call STS ``AssumeRole`` and the
    role's temporary key is returned (``secrets`` covers both).
    """
    warnings = [] if warnings is None else warnings
    env = os.environ if env is None else env
    http = http or default_http(params)
    sources = credential_sources(params, env, http)
    role_arn = role_arn_setting(params, env)
    if role_arn:
        session = params.get("assume_role_session_name") or first_env(
            env, ("ALICLOUD_ASSUME_ROLE_SESSION_NAME", "ALIBABA_CLOUD_ROLE_SESSION_NAME"))
        source = RamRoleArnSource(role_arn, session, params.get("assume_role_duration"),
                                  sts_settings(params, env, http), sources,
                                  "assume_role_arn" if params.get("assume_role_arn")
                                  else "environment ALICLOUD_ASSUME_ROLE_ARN / ALIBABA_CLOUD_ROLE_ARN")
        return source.load(warnings)
    return first_credentials(sources, warnings)
