# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.domain contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Input rules, checked before any API call. Each raises ConfigurationError saying what to fix."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ipaddress
import re

from ansible_collections.alicloud.domain.plugins.module_utils.errors import ConfigurationError

CONTACT_TYPES = ("registrant", "admin", "billing", "tech")
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


def domain_name(value, option="domain_name"):
    """Return the domain name stripped and lower-cased (U-labels kept as given); refuse malformed ones."""
    if not isinstance(value, str) or not value.strip():
        raise ConfigurationError("%s must be a domain name such as example.com, not %r." % (option, value))
    name = value.strip().rstrip(".").lower()
    if any(c.isspace() for c in name) or "/" in name or ":" in name or "@" in name:
        raise ConfigurationError("%s %r is not a domain name (no spaces, URLs, ports or e-mail addresses); "
                                 "write it like example.com." % (option, value))
    try:
        ascii_name = name.encode("idna").decode("ascii")
    except (UnicodeError, ValueError):
        raise ConfigurationError("%s %r is not a valid (internationalised) domain name." % (option, value))
    labels = ascii_name.split(".")
    if len(labels) < 2:
        raise ConfigurationError("%s %r needs at least a name and a top-level domain, like example.com."
                                 % (option, value))
    if len(ascii_name) > 253 or not all(_LABEL.match(label) for label in labels):
        raise ConfigurationError("%s %r is not a valid domain name: each dot-separated label must be 1-63 letters, "
                                 "digits or hyphens, not starting or ending with a hyphen." % (option, value))
    return name


def contact_type(value, option="contact_type"):
    if value not in CONTACT_TYPES:
        raise ConfigurationError("%s must be one of %s, not %r." % (option, ", ".join(CONTACT_TYPES), value))
    return value


def contact_types(names, option="contact_types"):
    """Expand V(all) and check every name; return each type once, in the order first given."""
    if not names:
        raise ConfigurationError("%s must name at least one of %s, or all." % (option, ", ".join(CONTACT_TYPES)))
    types = []
    for name in names:
        types.extend(CONTACT_TYPES if name == "all" else [contact_type(name, option)])
    return list(dict.fromkeys(types))


def positive_int(value, option):
    if isinstance(value, bool):
        raise ConfigurationError("%s must be a positive integer, not %r." % (option, value))
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise ConfigurationError("%s must be a positive integer, not %r." % (option, value))
    if number <= 0:
        raise ConfigurationError("%s must be a positive integer, not %r." % (option, value))
    return number


def number_in_range(value, option, low, high, allow_zero=False):
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ConfigurationError("%s must be a number, not %r." % (option, value))
    if (value < low or value > high) and not (allow_zero and value == 0):
        raise ConfigurationError("%s must be between %s and %s, not %s." % (option, low, high, value))
    return value


def ip_address(value, option="user_client_ip"):
    if value is None:
        return None
    try:
        return str(ipaddress.ip_address(str(value).strip()))
    except ValueError:
        raise ConfigurationError("%s must be an IPv4 or IPv6 address, not %r." % (option, value))
