# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.domain contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What every credential source shares: :class:`Credentials` (whose ``secrets`` are masked everywhere), a key
pair checked half by half, the first source that yields, and the owner and mode checks of a credentials file.

No message here ever shows a value: a secret pasted into the wrong field would otherwise be printed.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import stat

from ansible_collections.alicloud.domain.plugins.module_utils._api.errors import ConfigurationError

TRUE_WORDS = ("1", "true", "yes", "on")
KEY_FIELDS = ("access_key_id", "access_key_secret", "security_token")


class Credentials:
    __slots__ = ("access_key_id", "access_key_secret", "security_token", "source", "expiration", "base")

    def __init__(self, access_key_id, access_key_secret, security_token=None, source="options", expiration=None,
                 base=None):
        self.access_key_id = access_key_id
        self.access_key_secret = access_key_secret
        self.security_token = security_token or None
        self.source = source
        self.expiration = expiration
        self.base = base  # the credentials that obtained these (AssumeRole), masked as well

    @property
    def secrets(self):
        own = tuple(s for s in (self.access_key_secret, self.security_token) if s)
        return own + (self.base.secrets if self.base is not None else ())

    def __repr__(self):  # never show the secret, even in a debugger or a traceback
        return "Credentials(access_key_id=%r, source=%r)" % (self.access_key_id, self.source)


def check_text(where, field, value):
    """``value`` unless it is set but not text; the error names the field, never the value."""
    if value is None or isinstance(value, str):
        return value
    kind = "a number" if isinstance(value, (int, float)) and not isinstance(value, bool) else "a %s" % type(value).__name__
    raise ConfigurationError("%s: field %s must be text (a string, in quotes in a JSON file), not %s."
                             % (where, field, kind))


def key_pair(source, key_id, secret, token, fields=KEY_FIELDS):
    """Build credentials from a pair, refusing half of one; ``None`` when neither half is set.

    No value is ever shown: a secret put in the wrong field would otherwise be printed.
    """
    key_id, secret, token = (check_text(source, f, v) for f, v in zip(fields, (key_id, secret, token)))
    if not key_id and not secret:
        if token:
            raise ConfigurationError("%s: a security token was given without an access key id and secret." % source)
        return None
    if not key_id:
        raise ConfigurationError("%s: an access key secret was given without an access key id." % source)
    if not secret:
        raise ConfigurationError("%s: an access key id was given without its access key secret." % source)
    return Credentials(key_id.strip(), secret.strip(), (token or "").strip() or None, source)


def first_env(env, names):
    return first_env_named(env, names)[1]


def first_env_named(env, names):
    """``(name, value)`` of the first variable of ``names`` that is set and not empty, else ``(None, None)``."""
    for name in names:
        if env.get(name):
            return name, env[name]
    return None, None


def first_credentials(sources, warnings, what="No Alibaba Cloud credentials found"):
    for source in sources:
        creds = source.load(warnings)
        if creds is not None:
            return creds
    raise ConfigurationError("%s. Looked in: %s. Set access_key_id and access_key_secret, or one of those sources."
                             % (what, "; ".join(s.name for s in sources)))


# ----------------------------------------------------------------------------- credentials files
def _who_can(mode, group_bit, other_bit):
    parts = [who for who, bit in (("its group", group_bit), ("other users", other_bit)) if mode & bit]
    return " and by ".join(parts)


def _owner_problem(st, uid):
    """Why an owner is not acceptable (OpenSSH StrictModes: you or root), else ``None``."""
    if st.st_uid in (uid, 0):
        return None
    return "is owned by another user (uid %d), not by you (uid %d) or root" % (st.st_uid, uid)


def _check_directories(path, uid):
    """Every directory from the file's location (that of a symbolic link and that of its target) up to the
    home directory (or /) must be yours or root's and not changeable by others (a sticky directory such as
    /tmp is fine: others cannot replace what is yours in it), or someone else could swap the file."""
    home = os.path.realpath(os.path.expanduser("~"))
    starts = [os.path.dirname(os.path.realpath(path)), os.path.dirname(os.path.abspath(path))]
    for folder in starts[:1] + [f for f in starts[1:] if f != starts[0]]:
        while True:
            st = os.stat(folder)
            problem = _owner_problem(st, uid)
            mode = stat.S_IMODE(st.st_mode)
            if problem is None and mode & (stat.S_IWGRP | stat.S_IWOTH) and not mode & stat.S_ISVTX:
                problem = "can be changed by %s (mode %s), so the file in it could be replaced; run: chmod go-w %s" % (
                    _who_can(mode, stat.S_IWGRP, stat.S_IWOTH), oct(mode), folder)
            if problem:
                raise ConfigurationError("Credentials file %s is refused: directory %s %s." % (path, folder, problem))
            parent = os.path.dirname(folder)
            if parent == folder or os.path.realpath(folder) == home:
                break
            folder = parent


def check_private_file(path, handle, warnings):
    """Check an opened credentials file as OpenSSH's StrictModes does, and warn when others may read it.

    Refused: a file (or the target of a symbolic link, or the link itself) owned by someone other than you
    or root; a file its group or other users can change; a directory on its path that someone else owns or
    can change. A file its group or other users can read only gets a warning.
    """
    if not hasattr(os, "getuid"):  # pragma: no cover - not POSIX: no owner or mode to check
        return
    uid = os.getuid()
    st = os.fstat(handle.fileno())
    mode = stat.S_IMODE(st.st_mode)
    link = os.lstat(path)
    is_link = stat.S_ISLNK(link.st_mode)
    problem = _owner_problem(link, uid) if is_link else None
    if problem:
        problem = "is a symbolic link that " + problem
    else:
        problem = _owner_problem(st, uid)
        if problem and is_link:
            problem = "is a symbolic link to %s, which %s" % (os.path.realpath(path), problem)
    if problem is None and mode & (stat.S_IWGRP | stat.S_IWOTH):
        problem = "can be changed by %s (mode %s); run: chmod 600 %s" % (
            _who_can(mode, stat.S_IWGRP, stat.S_IWOTH), oct(mode), path)
    if problem:
        raise ConfigurationError("Credentials file %s %s." % (path, problem))
    _check_directories(path, uid)
    if mode & stat.S_IROTH:
        warnings.append("Credentials file %s can be read by other users (mode %s); run: chmod 600 %s"
                        % (path, oct(mode), path))
    elif mode & stat.S_IRGRP:
        warnings.append("Credentials file %s can be read by its group (mode %s); run: chmod 600 %s"
                        % (path, oct(mode), path))
