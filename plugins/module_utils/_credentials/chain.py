# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.domain contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Where the access key comes from. Each source is a small class; the first that yields wins.

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
Profiles of mode ``RamRoleArn`` / type ``ram_role_arn`` do the same with their own role. The instance
metadata service is only asked when an ECS role is named (option, environment or profile), never probed.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import re
import stat
import time

try:
    from urllib.parse import urlsplit
except ImportError:  # pragma: no cover - Python 2 is not supported
    from urlparse import urlsplit  # type: ignore

try:
    import configparser
except ImportError:  # pragma: no cover - Python 2 is not supported
    import ConfigParser as configparser  # type: ignore

try:
    import requests
    HAS_REQUESTS = True
except ImportError:  # reported by the module with missing_required_lib
    HAS_REQUESTS = False

from ansible_collections.alicloud.domain.plugins.module_utils._api import signing, transport
from ansible_collections.alicloud.domain.plugins.module_utils._api.errors import ApiError, ConfigurationError, scrub

DEFAULT_CLI_CONFIG = "~/.aliyun/config.json"
DEFAULT_INI_FILE = "~/.alibabacloud/credentials.ini"
DEFAULT_STS_ENDPOINT = "sts.aliyuncs.com"
STS_API_VERSION = "2015-04-01"
DEFAULT_METADATA_ENDPOINT = "http://100.100.100.200"
METADATA_TOKEN_TTL = "21600"
METADATA_TIMEOUT = 1.0
DEFAULT_ROLE_DURATION = 3600
ROLE_DURATION_RANGE = (900, 3600)      # the assume_role_duration option
PROFILE_DURATION_RANGE = (900, 43200)  # expired_seconds of a profile: up to a role's maximum session
SESSION_NAME_RE = re.compile(r"^[A-Za-z0-9.@_-]{2,64}$")
ROLE_ARN_RE = re.compile(r"^acs:ram::[^:\s]+:role/\S+$", re.IGNORECASE)
_TRUE = ("1", "true", "yes", "on")


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


KEY_FIELDS = ("access_key_id", "access_key_secret", "security_token")


def check_text(where, field, value):
    """``value`` unless it is set but not text; the error names the field, never the value."""
    if value is None or isinstance(value, str):
        return value
    kind = "a number" if isinstance(value, (int, float)) and not isinstance(value, bool) else "a %s" % type(value).__name__
    raise ConfigurationError("%s: field %s must be text (a string, in quotes in a JSON file), not %s."
                             % (where, field, kind))


def _pair(source, key_id, secret, token, fields=KEY_FIELDS):
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


def _first_env(env, names):
    return _first_env_named(env, names)[1]


def _first_env_named(env, names):
    """``(name, value)`` of the first variable of ``names`` that is set and not empty, else ``(None, None)``."""
    for name in names:
        if env.get(name):
            return name, env[name]
    return None, None


def refuse_userinfo(field, value):
    """An endpoint must not carry ``user:password@``; say so without showing the value."""
    text = (value or "").strip()
    netloc = urlsplit(text if "://" in text else "//" + text).netloc if text else ""
    if "@" in netloc:
        raise ConfigurationError("%s: the endpoint must not hold a user name or password (user:password@host); "
                                 "calls are signed with the access key. Give only the host (and port)." % field)


# ----------------------------------------------------------------------------- HTTP for STS and metadata
class CredentialHttp:
    """The few HTTP calls credential sources make (STS ``AssumeRole``, instance metadata).

    Sent as the Domain API calls are (``transport.send``): one total deadline per request
    (``connect_timeout + timeout``, for the metadata service 1 + 1 s), redirects not followed, and never
    through a proxy to loopback; the metadata service (link-local) never through a proxy at all.

    ``request`` returns ``(status, body bytes)`` or raises ``IOError`` with a short description that holds
    no query string (an STS query carries the access key id and the signature); tests replace the whole
    object with a scripted one.
    """

    def __init__(self, validate_certs=True, timeouts=(5.0, 10.0)):
        self.validate_certs = validate_certs
        self.timeouts = timeouts
        self._session = None

    def request(self, method, url, headers=None, timeout=None, use_proxy=True):
        if not HAS_REQUESTS:
            raise IOError("the Python library requests is required")
        if self._session is None:
            self._session = transport.new_session(pool_size=2)
        timeouts = timeout or self.timeouts
        proxies = transport.proxies_for(url) if use_proxy else {}
        try:
            status, _reason, _headers, body = transport.send(
                self._session, method, url, dict(headers or {}), timeouts, transport.verify_setting(self.validate_certs),
                proxies, body=None if method in ("GET", "HEAD") else b"")
        except requests.exceptions.RequestException as exc:
            if isinstance(exc, transport.DeadlineExceeded):
                raise IOError("ReadTimeout: no complete answer within %g s" % transport.total_deadline(timeouts))
            raise IOError("%s: %s" % (type(exc).__name__, _QUERY.sub("", str(exc))))
        return status, body


_QUERY = re.compile(r"\?[^\s'\")]*")  # a query string in an exception's text


def _json(body):
    try:
        data = json.loads(body.decode("utf-8")) if body else None
    except (ValueError, UnicodeDecodeError):
        return None
    return data if isinstance(data, dict) else None


# ----------------------------------------------------------------------------- STS AssumeRole
class StsSettings:
    """What an ``AssumeRole`` call needs besides the role: endpoint override, transport, defaults."""

    def __init__(self, endpoint=None, allow_http=False, http=None, user_agent=None, field="sts_endpoint"):
        self.endpoint = endpoint  # option / ALICLOUD_STS_ENDPOINT: outranks a profile's sts_region
        self.field = field        # where the endpoint came from, for messages
        self.allow_http = allow_http
        self.http = http
        self.user_agent = user_agent

    def endpoint_for(self, region=None):
        from ansible_collections.alicloud.domain.plugins.module_utils._api.client import parse_endpoint
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
    data = _json(body)
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


# ----------------------------------------------------------------------------- ECS RAM role (metadata)
def metadata_endpoint(env):
    value = (env.get("ALICLOUD_ECS_METADATA_ENDPOINT") or DEFAULT_METADATA_ENDPOINT).strip().rstrip("/")
    if "://" not in value:
        value = "http://" + value
    if not re.match(r"^https?://[^/\s@]+$", value):
        raise ConfigurationError("ALICLOUD_ECS_METADATA_ENDPOINT must be a URL such as %s with no path, user name "
                                 "or password." % DEFAULT_METADATA_ENDPOINT)
    return value


class EcsRoleSource:
    """The RAM role of this ECS instance: IMDSv2 token, then the role's temporary key (IMDSv1 fallback)."""

    PATH = "/latest/meta-data/ram/security-credentials/"

    def __init__(self, role_name, where, env, http):
        self.role_name = (role_name or "").strip() or None
        self.where, self.env, self.http = where, env, http
        # a role name given by the user is not shown (the rule for every value that may be a pasted secret)
        self.name = "ECS RAM role (%s)" % (where if self.role_name else "the one attached, %s" % where)

    def _get(self, url, token, what):
        headers = {"X-aliyun-ecs-metadata-token": token} if token else {}
        try:
            status, body = self.http.request("GET", url, headers=headers, timeout=(METADATA_TIMEOUT, METADATA_TIMEOUT),
                                             use_proxy=False)
        except IOError as exc:
            raise ConfigurationError("%s: cannot read %s from the ECS instance metadata service at %s (%s); an ECS "
                                     "RAM role works only on an ECS instance with that role attached."
                                     % (self.where, what, url.split(self.PATH)[0], exc))
        return status, body

    def _token(self, base):
        disabled = (self.env.get("ALIBABA_CLOUD_IMDSV1_DISABLED") or "").lower() in _TRUE
        try:
            status, body = self.http.request("PUT", base + "/latest/api/token",
                                             headers={"X-aliyun-ecs-metadata-token-ttl-seconds": METADATA_TOKEN_TTL},
                                             timeout=(METADATA_TIMEOUT, METADATA_TIMEOUT), use_proxy=False)
            problem = None if status == 200 and body else "HTTP %d" % status
        except IOError as exc:
            problem = str(exc)
        if problem is None:
            return body.decode("utf-8", "replace").strip()
        if disabled:
            raise ConfigurationError("%s: no IMDSv2 token from the ECS instance metadata service at %s (%s) and "
                                     "ALIBABA_CLOUD_IMDSV1_DISABLED is set." % (self.where, base, problem))
        return None  # IMDSv1

    def load(self, warnings):
        base = metadata_endpoint(self.env)
        token = self._token(base)
        role = self.role_name
        if not role:
            status, body = self._get(base + self.PATH, token, "the role name")
            names = body.decode("utf-8", "replace").split() if status == 200 else []
            if not names:
                raise ConfigurationError("%s: no RAM role is attached to this ECS instance (HTTP %d from %s)."
                                         % (self.where, status, base + self.PATH))
            role = names[0]
        shown = "the RAM role it names" if self.role_name else "RAM role %r (the one attached)" % role
        url = base + self.PATH + role
        status, body = self._get(url, token, "the credentials of %s" % shown)
        if status == 404:
            raise ConfigurationError("%s: %s is not attached to this ECS instance (HTTP 404 from %s)."
                                     % (self.where, shown, base))
        data = _json(body) or {}
        if status != 200 or data.get("Code", "Success") != "Success":
            raise ConfigurationError("%s: the instance metadata service did not give the credentials of %s "
                                     "(HTTP %d, Code %s)." % (self.where, shown, status, data.get("Code")))
        creds = _pair("%s (%s)" % (self.where, shown), data.get("AccessKeyId"), data.get("AccessKeySecret"),
                      data.get("SecurityToken"), ("AccessKeyId", "AccessKeySecret", "SecurityToken"))
        if creds is None or not creds.security_token:
            raise ConfigurationError("%s: the credentials of %s from the instance metadata service are "
                                     "incomplete." % (self.where, shown))
        creds.source = "ECS RAM role %s" % role
        creds.expiration = data.get("Expiration")
        return creds


# ----------------------------------------------------------------------------- options and environment
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


# ----------------------------------------------------------------------------- profile files
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


class ProfileContext:
    """What a profile of mode RamRoleArn or EcsRamRole needs to become credentials."""

    def __init__(self, env, sts, http):
        self.env, self.sts, self.http = env, sts, http


def default_context():
    http = CredentialHttp()
    return ProfileContext(os.environ, StsSettings(http=http), http)


def profile_credentials(where, kind, fields, ctx, key_fields=("access_key_id", "access_key_secret", "token")):
    """Credentials of one profile; ``kind`` in ``access_key``, ``sts``, ``ram_role_arn``, ``ecs_ram_role``."""
    if kind == "ecs_ram_role":
        return EcsRoleSource(fields.get("role_name"), where, ctx.env, ctx.http).load([])
    token = fields.get("token") if kind == "sts" else None
    creds = _pair(where, fields.get("access_key_id"), fields.get("access_key_secret"), token, key_fields)
    if creds is None:
        raise ConfigurationError("%s has no access_key_id / access_key_secret." % where)
    creds.source = where
    if kind != "ram_role_arn":
        return creds
    session, duration = check_role(where, fields.get("role_arn"), fields.get("session_name"),
                                   fields.get("duration"), PROFILE_DURATION_RANGE)
    return assume_role(creds, fields["role_arn"], session, duration, ctx.sts.endpoint_for(fields.get("sts_region")),
                       ctx.sts)


class CliProfileSource:
    """A profile of the aliyun CLI file (``~/.aliyun/config.json``): modes AK, StsToken, RamRoleArn, EcsRamRole.

    ``given_by`` names the option or variable that gave the profile name: messages name that, never the
    value (a secret pasted into ``profile`` must not be printed).
    """

    MODES = ("AK", "StsToken", "RamRoleArn", "EcsRamRole")
    TEXT_FIELDS = ("mode", "access_key_id", "access_key_secret", "sts_token", "ram_role_arn", "ram_session_name",
                   "sts_region", "ram_role_name")

    def __init__(self, path, profile, explicit, ctx=None, given_by=None):
        self.path = os.path.expanduser(path)
        self.profile = profile
        self.explicit = explicit
        self.ctx = ctx
        self.given_by = given_by
        self.name = "aliyun CLI file %s (%s)" % (path, "the profile named by %s" % given_by if given_by and profile
                                                 else "its current profile")

    def lookup(self, warnings):
        """``(credentials, None)`` or ``(None, why not)``; errors in a profile that exists are raised."""
        if not os.path.exists(self.path):
            return None, "%s does not exist" % self.path
        data = read_private_json(self.path, warnings)
        name = self.profile or data.get("current")
        profiles = data.get("profiles") or []
        if not isinstance(profiles, list):
            raise ConfigurationError("Credentials file %s: field profiles must be a list of profiles." % self.path)
        if not name:
            return None, "%s names no current profile" % self.path
        for entry in profiles:
            if isinstance(entry, dict) and entry.get("name") == name:
                return self._from_entry(name, entry), None
        known = ", ".join(sorted(str(p.get("name")) for p in profiles if isinstance(p, dict))) or "none"
        if self.profile:
            return None, "%s has no profile of that name (profiles there: %s)" % (self.path, known)
        return None, "%s has no profile %r, the one its field current names (profiles there: %s)" % (
            self.path, name, known)

    def load(self, warnings):
        creds, why = self.lookup(warnings)
        if creds is None and self.explicit:
            raise ConfigurationError("Credentials were asked for from %s, but %s." % (self.name, why))
        return creds

    def _from_entry(self, name, entry):
        if self.profile and self.given_by:
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
        return profile_credentials(where, kind, fields, self.ctx or default_context(),
                                   ("access_key_id", "access_key_secret", "sts_token"))


class IniProfileSource:
    """A section of ``~/.alibabacloud/credentials.ini``: types access_key, ecs_ram_role, ram_role_arn."""

    TYPES = ("access_key", "ecs_ram_role", "ram_role_arn")

    def __init__(self, path, profile, explicit, ctx=None, given_by=None):
        self.path = os.path.expanduser(path)
        self.profile = profile or "default"
        self.explicit = explicit
        self.ctx = ctx
        self.given_by = given_by if profile else None
        self.section = ("the section named by %s" % self.given_by if self.given_by
                        else "section [%s]" % self.profile)
        self.name = "credentials file %s (%s)" % (path, self.section)

    def lookup(self, warnings):
        if not os.path.exists(self.path):
            return None, "%s does not exist" % self.path
        sections = read_private_ini(self.path, warnings)
        section = sections.get(self.profile)
        if section is None:
            return None, "%s has no %s (sections there: %s)" % (
                self.path, "section of that name" if self.given_by else self.section, ", ".join(sorted(sections))
                or "none")
        if (section.get("enable") or "true").lower() not in _TRUE:
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
        return profile_credentials(where, kind, fields, self.ctx or default_context()), None

    def load(self, warnings):
        creds, why = self.lookup(warnings)
        if creds is None and self.explicit:
            raise ConfigurationError("Credentials were asked for from %s, but %s." % (self.name, why))
        return creds


class NamedProfileSource:
    """An explicitly named profile: the aliyun CLI file first, then the INI file; it must be in one."""

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


# ----------------------------------------------------------------------------- the chain
def _role_arn(params, env):
    return params.get("assume_role_arn") or _first_env(env, ("ALICLOUD_ASSUME_ROLE_ARN", "ALIBABA_CLOUD_ROLE_ARN"))


def sts_settings(params, env, http):
    from ansible_collections.alicloud.domain.plugins.module_utils._api.client import user_agent
    field, endpoint = ("sts_endpoint", params.get("sts_endpoint")) if params.get("sts_endpoint") else \
        _first_env_named(env, ("ALICLOUD_STS_ENDPOINT",))
    return StsSettings(endpoint, bool(params.get("allow_http")), http, user_agent() if HAS_REQUESTS else None,
                       field=field or "sts_endpoint")


def default_http(params):
    return CredentialHttp(validate_certs=params.get("validate_certs", True) is not False,
                          timeouts=(float(params.get("connect_timeout") or 5.0), float(params.get("timeout") or 10.0)))


def credential_sources(params, env=None, http=None):
    """The base sources, in order (without the ``assume_role_arn`` step)."""
    env = os.environ if env is None else env
    http = http or default_http(params)
    ctx = ProfileContext(env, sts_settings(params, env, http), http)
    profile = params.get("profile")
    env_profile_var, env_profile = _first_env_named(env, ("ALICLOUD_PROFILE", "ALIBABA_CLOUD_PROFILE"))
    path = params.get("shared_credentials_file") or env.get("ALICLOUD_SHARED_CREDENTIALS_FILE") or DEFAULT_CLI_CONFIG
    ini_path = env.get("ALIBABA_CLOUD_CREDENTIALS_FILE") or DEFAULT_INI_FILE
    sources = [OptionsSource(params)]
    if params.get("ecs_role_name"):
        sources.append(EcsRoleSource(params["ecs_role_name"], "option ecs_role_name", env, http))
    if profile:  # an explicit profile option is a module option: it outranks the environment
        given = "option profile"
        return sources + [NamedProfileSource(given, CliProfileSource(path, profile, True, ctx, given),
                                             IniProfileSource(ini_path, profile, True, ctx, given))]
    sources += [ansible_env_source(env), sdk_env_source(env)]
    env_role = _first_env(env, ("ALICLOUD_ECS_ROLE_NAME", "ALIBABA_CLOUD_ECS_METADATA"))
    if env_role:
        sources.append(EcsRoleSource(env_role, "ALICLOUD_ECS_ROLE_NAME / ALIBABA_CLOUD_ECS_METADATA", env, http))
    if env_profile:
        sources.append(NamedProfileSource(env_profile_var,
                                          CliProfileSource(path, env_profile, True, ctx, env_profile_var),
                                          IniProfileSource(ini_path, env_profile, True, ctx, env_profile_var)))
    else:
        sources.append(CliProfileSource(path, None, bool(params.get("shared_credentials_file")), ctx))
        sources.append(IniProfileSource(ini_path, "default", bool(env.get("ALIBABA_CLOUD_CREDENTIALS_FILE")), ctx))
    return sources


def first_credentials(sources, warnings, what="No Alibaba Cloud credentials found"):
    for source in sources:
        creds = source.load(warnings)
        if creds is not None:
            return creds
    raise ConfigurationError("%s. Looked in: %s. Set access_key_id and access_key_secret, or one of those sources."
                             % (what, "; ".join(s.name for s in sources)))


def resolve_credentials(params, env=None, warnings=None, http=None):
    """Return :class:`Credentials` from the first source that has some, or raise one clear error.

    With a role ARN (option or environment), those credentials call STS ``AssumeRole`` and the
    role's temporary key is returned (``secrets`` covers both).
    """
    warnings = [] if warnings is None else warnings
    env = os.environ if env is None else env
    http = http or default_http(params)
    sources = credential_sources(params, env, http)
    role_arn = _role_arn(params, env)
    if role_arn:
        session = params.get("assume_role_session_name") or _first_env(
            env, ("ALICLOUD_ASSUME_ROLE_SESSION_NAME", "ALIBABA_CLOUD_ROLE_SESSION_NAME"))
        source = RamRoleArnSource(role_arn, session, params.get("assume_role_duration"),
                                  sts_settings(params, env, http), sources,
                                  "assume_role_arn" if params.get("assume_role_arn")
                                  else "environment ALICLOUD_ASSUME_ROLE_ARN / ALIBABA_CLOUD_ROLE_ARN")
        return source.load(warnings)
    return first_credentials(sources, warnings)
