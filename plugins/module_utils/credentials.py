# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.domain contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Where the access key comes from. Each source is a small class; the first that yields wins.

Order: module options; ``ALICLOUD_*`` variables (the Ansible convention); ``ALIBABA_CLOUD_*``
variables (the SDK and CLI convention); a named profile of the aliyun CLI file; the file's
``current`` profile. The environment is read at call time, never cached at import.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import stat

from ansible_collections.alicloud.domain.plugins.module_utils.errors import ConfigurationError

DEFAULT_CLI_CONFIG = "~/.aliyun/config.json"


class Credentials:
    __slots__ = ("access_key_id", "access_key_secret", "security_token", "source")

    def __init__(self, access_key_id, access_key_secret, security_token=None, source="options"):
        self.access_key_id = access_key_id
        self.access_key_secret = access_key_secret
        self.security_token = security_token or None
        self.source = source

    @property
    def secrets(self):
        return tuple(s for s in (self.access_key_secret, self.security_token) if s)

    def __repr__(self):  # never show the secret, even in a debugger or a traceback
        return "Credentials(access_key_id=%r, source=%r)" % (self.access_key_id, self.source)


def _pair(source, key_id, secret, token):
    """Build credentials from a pair, refusing half of one; ``None`` when neither half is set."""
    if not key_id and not secret:
        if token:
            raise ConfigurationError("%s: a security token was given without an access key id and secret." % source)
        return None
    if not key_id:
        raise ConfigurationError("%s: an access key secret was given without an access key id." % source)
    if not secret:
        raise ConfigurationError("%s: access key id %s was given without its access key secret." % (source, key_id))
    return Credentials(key_id.strip(), secret.strip(), (token or "").strip() or None, source)


def _first_env(env, names):
    for name in names:
        if env.get(name):
            return env[name]
    return None


class OptionsSource:
    name = "module options (access_key_id, access_key_secret, security_token)"

    def __init__(self, params):
        self.params = params

    def load(self, warnings):
        return _pair("module options", self.params.get("access_key_id"), self.params.get("access_key_secret"),
                     self.params.get("security_token"))


class EnvSource:
    def __init__(self, env, ids, secrets, tokens):
        self.env, self.ids, self.secrets, self.tokens = env, ids, secrets, tokens
        self.name = "environment (%s / %s)" % ("|".join(ids), "|".join(secrets))

    def load(self, warnings):
        return _pair("environment variables %s" % "/".join(self.ids), _first_env(self.env, self.ids),
                     _first_env(self.env, self.secrets), _first_env(self.env, self.tokens))


def ansible_env_source(env):
    return EnvSource(env, ("ALICLOUD_ACCESS_KEY", "ALICLOUD_ACCESS_KEY_ID"),
                     ("ALICLOUD_SECRET_KEY", "ALICLOUD_SECRET_ACCESS_KEY"), ("ALICLOUD_SECURITY_TOKEN",))


def sdk_env_source(env):
    return EnvSource(env, ("ALIBABA_CLOUD_ACCESS_KEY_ID",), ("ALIBABA_CLOUD_ACCESS_KEY_SECRET",),
                     ("ALIBABA_CLOUD_SECURITY_TOKEN",))


def read_private_json(path, warnings):
    """Read a JSON credentials file; warn when others may read it; clear errors, never a traceback."""
    try:
        mode = os.stat(path).st_mode
        with open(path, "r") as handle:
            data = json.load(handle)
    except (IOError, OSError) as exc:
        raise ConfigurationError("Cannot read credentials file %s: %s" % (path, exc.strerror or exc))
    except ValueError as exc:
        raise ConfigurationError("Credentials file %s is not valid JSON: %s" % (path, exc))
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        warnings.append("Credentials file %s can be read by other users (mode %s); run: chmod 600 %s"
                        % (path, oct(stat.S_IMODE(mode)), path))
    if not isinstance(data, dict):
        raise ConfigurationError("Credentials file %s does not hold a JSON object." % path)
    return data


class CliProfileSource:
    """A profile of the aliyun CLI file (``~/.aliyun/config.json``), modes ``AK`` and ``StsToken``."""

    MODES = ("AK", "StsToken")

    def __init__(self, path, profile, explicit):
        self.path = os.path.expanduser(path)
        self.profile = profile
        self.explicit = explicit
        self.name = "aliyun CLI file %s (profile %s)" % (path, profile or "'current'")

    def load(self, warnings):
        if not os.path.exists(self.path):
            if self.explicit:
                raise ConfigurationError("Profile %r was asked for, but the credentials file %s does not exist."
                                         % (self.profile, self.path))
            return None
        data = read_private_json(self.path, warnings)
        name = self.profile or data.get("current")
        profiles = data.get("profiles") or []
        if not name:
            return None
        for entry in profiles:
            if isinstance(entry, dict) and entry.get("name") == name:
                return self._from_entry(name, entry)
        known = ", ".join(sorted(str(p.get("name")) for p in profiles if isinstance(p, dict))) or "none"
        raise ConfigurationError("Profile %r is not in %s (profiles there: %s)." % (name, self.path, known))

    def _from_entry(self, name, entry):
        mode = entry.get("mode") or "AK"
        where = "profile %r in %s" % (name, self.path)
        if mode not in self.MODES:
            raise ConfigurationError("%s has mode %r; supported modes are %s." % (where, mode, ", ".join(self.MODES)))
        token = entry.get("sts_token") if mode == "StsToken" else None
        if mode == "StsToken" and not token:
            raise ConfigurationError("%s has mode StsToken but no sts_token." % where)
        creds = _pair(where, entry.get("access_key_id"), entry.get("access_key_secret"), token)
        if creds is None:
            raise ConfigurationError("%s has no access_key_id / access_key_secret." % where)
        creds.source = where
        return creds


def credential_sources(params, env=None):
    env = os.environ if env is None else env
    profile = params.get("profile")
    env_profile = _first_env(env, ("ALICLOUD_PROFILE", "ALIBABA_CLOUD_PROFILE"))
    path = params.get("shared_credentials_file") or env.get("ALICLOUD_SHARED_CREDENTIALS_FILE") or DEFAULT_CLI_CONFIG
    sources = [OptionsSource(params)]
    if profile:  # an explicit profile option is a module option: it outranks the environment
        return sources + [CliProfileSource(path, profile, explicit=True)]
    sources += [ansible_env_source(env), sdk_env_source(env)]
    if env_profile:
        sources.append(CliProfileSource(path, env_profile, explicit=True))
    else:
        sources.append(CliProfileSource(path, None, explicit=bool(params.get("shared_credentials_file"))))
    return sources


def resolve_credentials(params, env=None, warnings=None):
    """Return :class:`Credentials` from the first source that has some, or raise one clear error."""
    warnings = [] if warnings is None else warnings
    sources = credential_sources(params, env)
    for source in sources:
        creds = source.load(warnings)
        if creds is not None:
            return creds
    raise ConfigurationError("No Alibaba Cloud credentials found. Looked in: %s. Set access_key_id and "
                             "access_key_secret, or one of those sources."
                             % "; ".join(s.name for s in sources))
