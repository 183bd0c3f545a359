# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.domain contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Source 4a: a credential profile of the aliyun CLI file ``~/.aliyun/config.json``."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os

from ansible_collections.alicloud.domain.plugins.module_utils._api.errors import ConfigurationError
from ansible_collections.alicloud.domain.plugins.module_utils._credentials.base import check_private_file, check_text
from ansible_collections.alicloud.domain.plugins.module_utils._credentials.credential_profile import (
    CredentialFileSource, credentials_from_profile, default_credential_profile_context)

DEFAULT_CLI_CONFIG = "~/.aliyun/config.json"


def read_private_json(path, warnings):
    """Read a JSON credentials file after :func:`check_private_file`; clear errors, never a traceback."""
    try:
        with open(path, "r") as handle:
            check_private_file(path, handle, warnings)
            data = json.load(handle)
    except (IOError, OSError) as exc:
        raise ConfigurationError("Cannot read credentials file %s: %s" % (path, exc.strerror or exc))
    except ValueError as exc:
        raise ConfigurationError("Credentials file %s is not valid JSON: %s" % (path, exc))
    if not isinstance(data, dict):
        raise ConfigurationError("Credentials file %s does not hold a JSON object." % path)
    return data


class CliProfileSource(CredentialFileSource):
    """A credential profile of the aliyun CLI file (``~/.aliyun/config.json``): modes AK, StsToken, RamRoleArn,
    EcsRamRole; ``profile_name`` ``None`` for the file's ``current`` one.

    ``given_by`` names the option or variable that gave the profile name: messages name that, never the
    value (a secret pasted into ``profile`` must not be printed).
    """

    MODES = ("AK", "StsToken", "RamRoleArn", "EcsRamRole")
    TEXT_FIELDS = ("mode", "access_key_id", "access_key_secret", "sts_token", "ram_role_arn", "ram_session_name",
                   "sts_region", "ram_role_name")

    def __init__(self, path, profile_name, explicit, ctx=None, given_by=None):
        self.path = os.path.expanduser(path)
        self.profile_name = profile_name
        self.explicit = explicit
        self.ctx = ctx
        self.given_by = given_by
        self.name = "aliyun CLI file %s (%s)" % (path, "the profile named by %s" % given_by if given_by and profile_name
                                                 else "its current profile")

    def lookup(self, warnings):
        """``(credentials, None)`` or ``(None, why not)``; errors in a profile that exists are raised."""
        if not os.path.exists(self.path):
            return None, "%s does not exist" % self.path
        data = read_private_json(self.path, warnings)
        name = self.profile_name or data.get("current")
        profiles = data.get("profiles") or []
        if not isinstance(profiles, list):
            raise ConfigurationError("Credentials file %s: field profiles must be a list of profiles." % self.path)
        if not name:
            return None, "%s names no current profile" % self.path
        for entry in profiles:
            if isinstance(entry, dict) and entry.get("name") == name:
                return self._from_entry(name, entry), None
        known = ", ".join(sorted(str(p.get("name")) for p in profiles if isinstance(p, dict))) or "none"
        if self.profile_name:
            return None, "%s has no profile of that name (profiles there: %s)" % (self.path, known)
        return None, "%s has no profile %r, the one its field current names (profiles there: %s)" % (
            self.path, name, known)

    def _from_entry(self, name, entry):
        if self.profile_name and self.given_by:
            where = "the profile named by %s in %s" % (self.given_by, self.path)
        else:
            where = "profile %r in %s" % (name, self.path)
        for field in self.TEXT_FIELDS:
            check_text(where, field, entry.get(field))
        mode = entry.get("mode") or "AK"
        if mode not in self.MODES:
            raise ConfigurationError("%s has a mode (field mode) that is not supported; supported modes are %s."
                                     % (where, ", ".join(self.MODES)))
        if mode == "StsToken" and not entry.get("sts_token"):
            raise ConfigurationError("%s has mode StsToken but no sts_token." % where)
        if mode == "RamRoleArn" and not entry.get("ram_role_arn"):
            raise ConfigurationError("%s has mode RamRoleArn but no ram_role_arn." % where)
        kind = {"AK": "access_key", "StsToken": "sts", "RamRoleArn": "ram_role_arn", "EcsRamRole": "ecs_ram_role"}[mode]
        fields = {"access_key_id": entry.get("access_key_id"), "access_key_secret": entry.get("access_key_secret"),
                  "token": entry.get("sts_token"), "role_arn": entry.get("ram_role_arn"),
                  "session_name": entry.get("ram_session_name"), "duration": entry.get("expired_seconds") or None,
                  "sts_region": entry.get("sts_region"), "role_name": entry.get("ram_role_name")}
        return credentials_from_profile(where, kind, fields, self.ctx or default_credential_profile_context(),
                                        ("access_key_id", "access_key_secret", "sts_token"))
