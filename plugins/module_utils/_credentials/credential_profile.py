# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.domain contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the credential profiles of both files share (an aliyun CLI profile, a ``credentials.ini`` section):
how the fields of one become credentials, and an explicitly named one that must be in one of the files.

A *credential* profile, never a registrant profile (``_profiles``): the user-facing option keeps its name
``profile``; in code the word always comes with ``credential``, ``cli`` or ``ini``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

from ansible_collections.alicloud.domain.plugins.module_utils._api.errors import ConfigurationError
from ansible_collections.alicloud.domain.plugins.module_utils._credentials.base import key_pair
from ansible_collections.alicloud.domain.plugins.module_utils._credentials.ecs_role import EcsRoleSource
from ansible_collections.alicloud.domain.plugins.module_utils._credentials.http import CredentialHttp
from ansible_collections.alicloud.domain.plugins.module_utils._credentials.ram_role_arn import (
    CREDENTIAL_PROFILE_DURATION_RANGE, StsSettings, assume_role, check_role)


class CredentialProfileContext:
    """What a credential profile of mode RamRoleArn or EcsRamRole needs to become credentials."""

    def __init__(self, env, sts, http):
        self.env, self.sts, self.http = env, sts, http


def default_credential_profile_context():
    http = CredentialHttp()
    return CredentialProfileContext(os.environ, StsSettings(http=http), http)


def credentials_from_profile(where, kind, fields, ctx, key_fields=("access_key_id", "access_key_secret", "token")):
    """Credentials of one credential profile; ``kind`` in ``access_key``, ``sts``, ``ram_role_arn``, ``ecs_ram_role``."""
    if kind == "ecs_ram_role":
        return EcsRoleSource(fields.get("role_name"), where, ctx.env, ctx.http).load([])
    token = fields.get("token") if kind == "sts" else None
    creds = key_pair(where, fields.get("access_key_id"), fields.get("access_key_secret"), token, key_fields)
    if creds is None:
        raise ConfigurationError("%s has no access_key_id / access_key_secret." % where)
    creds.source = where
    if kind != "ram_role_arn":
        return creds
    session, duration = check_role(where, fields.get("role_arn"), fields.get("session_name"),
                                   fields.get("duration"), CREDENTIAL_PROFILE_DURATION_RANGE)
    return assume_role(creds, fields["role_arn"], session, duration, ctx.sts.endpoint_for(fields.get("sts_region")),
                       ctx.sts)


class CredentialFileSource:
    """A credential profile in one file: ``lookup`` gives ``(credentials, None)`` or ``(None, why not)``;
    ``load`` turns a miss into an error when the file or the profile was asked for (``explicit``)."""

    explicit = False
    name = "a credentials file"

    def lookup(self, warnings):
        raise NotImplementedError

    def load(self, warnings):
        creds, why = self.lookup(warnings)
        if creds is None and self.explicit:
            raise ConfigurationError("Credentials were asked for from %s, but %s." % (self.name, why))
        return creds


class NamedCredentialProfileSource:
    """An explicitly named credential profile: the aliyun CLI file first, then the INI file; it must be in one."""

    def __init__(self, given_by, cli, ini):
        self.given_by, self.cli, self.ini = given_by, cli, ini
        self.name = "the profile named by %s (%s, then %s)" % (given_by, cli.path, ini.path)

    def load(self, warnings):
        reasons = []
        for source in (self.cli, self.ini):
            creds, why = source.lookup(warnings)
            if creds is not None:
                return creds
            reasons.append(why)
        raise ConfigurationError("The profile named by %s is not in any credentials file: %s."
                                 % (self.given_by, "; ".join(reasons)))
