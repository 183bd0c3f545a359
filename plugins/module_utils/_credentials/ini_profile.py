# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.domain contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Source 4b: a section (credential profile) of the INI file ``~/.alibabacloud/credentials.ini``."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import configparser
import os

from ansible_collections.alicloud.domain.plugins.module_utils._api.errors import ConfigurationError
from ansible_collections.alicloud.domain.plugins.module_utils._credentials.base import TRUE_WORDS, check_private_file
from ansible_collections.alicloud.domain.plugins.module_utils._credentials.credential_profile import (
    CredentialFileSource, credentials_from_profile, default_credential_profile_context)

DEFAULT_INI_FILE = "~/.alibabacloud/credentials.ini"


def read_private_ini(path, warnings):
    """Read an INI credentials file (``~/.alibabacloud/credentials.ini``) into ``{section: {key: value}}``."""
    parser = configparser.ConfigParser(interpolation=None)
    try:
        with open(path, "r") as handle:
            check_private_file(path, handle, warnings)
            parser.read_file(handle)
    except (IOError, OSError) as exc:
        raise ConfigurationError("Cannot read credentials file %s: %s" % (path, exc.strerror or exc))
    except configparser.Error as exc:
        raise ConfigurationError("Credentials file %s is not a valid INI file: %s"
                                 % (path, str(exc).splitlines()[0] if str(exc) else type(exc).__name__))
    return dict((name, dict((k, v.strip().strip("\"'")) for k, v in parser.items(name))) for name in parser.sections())


class IniProfileSource(CredentialFileSource):
    """A section (credential profile) of ``~/.alibabacloud/credentials.ini``: types access_key, ecs_ram_role,
    ram_role_arn; ``profile_name`` ``None`` for ``[default]``."""

    TYPES = ("access_key", "ecs_ram_role", "ram_role_arn")

    def __init__(self, path, profile_name, explicit, ctx=None, given_by=None):
        self.path = os.path.expanduser(path)
        self.section_name = profile_name or "default"
        self.explicit = explicit
        self.ctx = ctx
        self.given_by = given_by if profile_name else None
        self.section = ("the section named by %s" % self.given_by if self.given_by
                        else "section [%s]" % self.section_name)
        self.name = "credentials file %s (%s)" % (path, self.section)

    def lookup(self, warnings):
        if not os.path.exists(self.path):
            return None, "%s does not exist" % self.path
        sections = read_private_ini(self.path, warnings)
        section = sections.get(self.section_name)
        if section is None:
            return None, "%s has no %s (sections there: %s)" % (
                self.path, "section of that name" if self.given_by else self.section, ", ".join(sorted(sections))
                or "none")
        if (section.get("enable") or "true").lower() not in TRUE_WORDS:
            return None, "%s of %s is disabled (its field enable is not true)" % (self.section, self.path)
        where = "%s of %s" % (self.section, self.path)
        kind = section.get("type") or "access_key"
        if kind not in self.TYPES:
            raise ConfigurationError("%s has a type (field type) that is not supported; supported types are %s."
                                     % (where, ", ".join(self.TYPES)))
        if kind == "ram_role_arn" and not section.get("role_arn"):
            raise ConfigurationError("%s has type ram_role_arn but no role_arn." % where)
        fields = {"access_key_id": section.get("access_key_id"), "access_key_secret": section.get("access_key_secret"),
                  "role_arn": section.get("role_arn"), "session_name": section.get("role_session_name"),
                  "duration": section.get("duration_seconds") or None, "sts_region": section.get("sts_region"),
                  "role_name": section.get("role_name")}
        return credentials_from_profile(where, kind, fields, self.ctx or default_credential_profile_context()), None
