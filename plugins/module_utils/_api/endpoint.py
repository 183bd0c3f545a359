# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.domain contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Where the Domain API is: ``domain.aliyuncs.com`` or a full URL, checked once, and how a URL may be shown.

Plain http is accepted only to a loopback host (``transport.is_loopback``) unless ``allow_http`` says so.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re
from urllib.parse import urlsplit

from ansible_collections.alicloud.domain.plugins.module_utils._api import transport
from ansible_collections.alicloud.domain.plugins.module_utils._api.errors import ConfigurationError

DEFAULT_ENDPOINT = "domain.aliyuncs.com"
INTERNATIONAL_ENDPOINT = "domain-intl.aliyuncs.com"


def shown_url(value):
    """``value`` as it may appear in a message: no user name or password, no query or fragment."""
    text = str(value)
    scheme, sep, rest = text.partition("://")
    if not sep:
        scheme, rest = "", text
    if "@" in rest:
        rest = "***@" + rest.rpartition("@")[2]
    cut = re.search(r"[?#]", rest)
    if cut:
        rest = rest[:cut.start()] + "?..."
    return scheme + sep + rest


def refuse_userinfo(field, value):
    """An endpoint must not carry ``user:password@``; say so without showing the value."""
    text = (value or "").strip()
    netloc = urlsplit(text if "://" in text else "//" + text).netloc if text else ""
    if "@" in netloc:
        raise ConfigurationError("%s: the endpoint must not hold a user name or password (user:password@host); "
                                 "calls are signed with the access key. Give only the host (and port)." % field)


class Endpoint:
    __slots__ = ("scheme", "netloc", "host", "url")

    def __init__(self, scheme, netloc, host):
        self.scheme, self.netloc, self.host = scheme, netloc, host
        self.url = "%s://%s/" % (scheme, netloc)

    def __repr__(self):
        return "Endpoint(%r)" % self.url


def parse_endpoint(value, allow_http=False):
    """``domain.aliyuncs.com`` means https; a full URL is used as given (plain http only on loopback)."""
    value = (value or DEFAULT_ENDPOINT).strip()
    if "://" not in value:
        value = "https://" + value
    shown = shown_url(value)  # never the user info (it could be a password) nor a query
    if "@" in value:
        raise ConfigurationError("endpoint %r must not carry a user name or password (the part before '@'); "
                                 "requests are signed with the access key given in the credential options."
                                 % shown)
    try:
        parts = urlsplit(value)
        port = parts.port  # raises ValueError on a bad port
    except ValueError as exc:
        raise ConfigurationError("endpoint %r is not a valid URL: %s" % (shown, exc))
    if parts.scheme not in ("http", "https"):
        raise ConfigurationError("endpoint %r: the scheme must be https (or http for a local emulator)." % shown)
    host = parts.hostname
    if not host or any(c in parts.netloc for c in " \t"):
        raise ConfigurationError("endpoint %r has no valid host name. Example: %s" % (shown, DEFAULT_ENDPOINT))
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise ConfigurationError("endpoint %r must not have a path, query or fragment; the Domain API lives at /."
                                 % shown)
    if port == 0:
        raise ConfigurationError("endpoint %r: port 0 is not a valid port." % shown)
    if parts.scheme == "http" and not allow_http and not transport.is_loopback(host):
        raise ConfigurationError("endpoint %r uses plain http to a host that is not loopback; the access key "
                                 "signature and the answers would travel unprotected. Use https, or set "
                                 "allow_http=true if you really mean it." % shown)
    return Endpoint(parts.scheme, parts.netloc, host)
