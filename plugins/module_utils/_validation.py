# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.domain contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Input rules, checked before any API call. Each raises ConfigurationError saying what to fix."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import functools
import ipaddress
import re

from ansible_collections.alicloud.domain.plugins.module_utils._api.errors import ConfigurationError

try:
    import idna
    HAS_IDNA = True
except ImportError:  # pragma: no cover - requests depends on idna; the import sanity test runs without it
    idna = None
    HAS_IDNA = False

CONTACT_TYPES = ("registrant", "admin", "billing", "tech")
# the largest value of the API's Long (RegistrantProfileId, DomainGroupId)
MAX_LONG = 2 ** 63 - 1
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_ASCII_DIGITS = re.compile(r"^[0-9]+\Z")
_PLAIN_ASCII = re.compile(r"^[\x21-\x7e]+\Z")


def _label_error(option, value, reason):
    if reason is None:
        return ConfigurationError("%s %r is not a valid domain name: each dot-separated label must be 1-63 letters, "
                                  "digits or hyphens, not starting or ending with a hyphen." % (option, value))
    return ConfigurationError("%s %r is not a valid (internationalised) domain name: %s. Names must be valid IDNA "
                              "2008, such as example.com or 示例商店.com." % (option, value, reason))


def _ldh_problem(name):
    """For a name in plain ASCII: ``None`` if it is fine, ``""`` if a label is not letters-digits-hyphens,
    else the reason why it cannot be a domain name at all (an empty or too long label, too long a name)."""
    labels = name.lower().split(".")
    if any(not label for label in labels):
        return "Empty Label"
    if any(len(label) > 63 for label in labels) or len(name) > 253:
        return "Label too long" if any(len(label) > 63 for label in labels) else "Domain too long"
    if not all(_LABEL.match(label) for label in labels):
        return ""
    if any(label[2:4] == "--" and not label.startswith("xn--") for label in labels):
        return "Label has disallowed hyphens in 3rd and 4th position"
    return None


@functools.lru_cache(maxsize=4096)
def _canonical(name):
    """``(canonical, reason)``: the UTS 46 / IDNA 2008 form of ``name`` in U-labels, or ``(None, why not)``.

    ``reason`` is ``None`` when a plain ASCII label is not letters, digits and hyphens.
    """
    if _PLAIN_ASCII.match(name):
        problem = _ldh_problem(name)
        if problem is not None:
            return None, problem or None
        if "xn--" not in name.lower():
            return name.lower(), None
    if not HAS_IDNA:
        return None, "the Python package idna (installed with requests) is needed to check this name"
    try:
        mapped = idna.uts46_remap(name, std3_rules=True, transitional=False)
        if mapped.casefold() != name.casefold():
            return None, "UTS 46 maps it to %r; write that form if it is meant" % mapped
        ascii_name = idna.encode(mapped, uts46=False).decode("ascii")
        unicode_name = idna.decode(ascii_name)
    except (UnicodeError, ValueError) as err:  # idna.IDNAError is a UnicodeError
        return None, str(err) or type(err).__name__
    if _ldh_problem(ascii_name) is not None:
        return None, "not letters, digits and hyphens once encoded"
    return unicode_name, None


def domain_name(value, option="domain_name"):
    """Return the canonical form of a domain name; refuse malformed ones before any API call.

    The canonical form is the IDNA 2008 name after UTS 46 mapping (lower case), written in U-labels:
    ``XN--FSQP3LP2IIX1A.com`` and ``示例商店.com`` are both ``示例商店.com``, the form the Domain API answers in.
    A name that is not valid IDNA (``xn--zz.com``), or that UTS 46 would map to another name other than by
    case (a zero-width space, full-width letters, an ideographic full stop), is refused.
    """
    if not isinstance(value, str) or not value.strip():
        raise ConfigurationError("%s must be a domain name such as example.com, not %r." % (option, value))
    name = value.strip()
    if name.endswith("."):
        name = name[:-1]
    if any(c.isspace() for c in name) or "/" in name or ":" in name or "@" in name:
        raise ConfigurationError("%s %r is not a domain name (no spaces, URLs, ports or e-mail addresses); "
                                 "write it like example.com." % (option, value))
    canonical, reason = _canonical(name)
    if canonical is None:
        raise _label_error(option, value, reason)
    if len(canonical.split(".")) < 2:
        raise ConfigurationError("%s %r needs at least a name and a top-level domain, like example.com."
                                 % (option, value))
    return canonical


def domain_key(value):
    """The canonical form of a name the service answered with, for matching; never raises.

    A name that is not valid IDNA is only stripped and lower-cased (it then matches nothing we sent).
    """
    try:
        return domain_name(value)
    except ConfigurationError:
        return str(value or "").strip().rstrip(".").lower()


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


def positive_int(value, option, maximum=MAX_LONG):
    """An integer from 1 to ``maximum`` (the API's Long by default): an int, or a string of ASCII digits only.

    ``'1_8100001'``, full-width digits, signs, decimal points and spaces inside are refused.
    """
    message = "%s must be a positive integer (1 to %d, written with the digits 0-9 only), not %r." % (
        option, maximum, value)
    if isinstance(value, bool):
        raise ConfigurationError(message)
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and _ASCII_DIGITS.match(value.strip()):
        number = int(value.strip())
    else:
        raise ConfigurationError(message)
    if number < 1 or number > maximum:
        raise ConfigurationError(message)
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


def unique_domains(domains, option="domains"):
    """Validate every name before any call; keep the first occurrence of each."""
    names = [domain_name(d, option) for d in domains]
    return list(dict.fromkeys(names))


def plan_rows(params):
    """The ``plan`` option's rows. ``plan_from`` and ``verify_from`` (a registered variable's name) are replaced by
    rows (and domains) in the module's action plugin on the controller: reaching the module, they were not (the
    module ran without it).

    The rows are handed over once: the module's parameters no longer hold them (each module's result echoes its
    parameters as ``invocation``, so 20,000 rows would be copied and serialised again as the module ends); the
    ``invocation`` shows ``plan`` as null."""
    for option, instead in (("plan_from", "the rows as plan"), ("verify_from", "domains and plan")):
        if params.get(option):
            raise ConfigurationError("%s (%s) names a variable that this module's action plugin reads on the "
                                     "controller, and it did not run; give %s instead." % (option, params[option],
                                                                                           instead))
    rows = params.get("plan")
    if rows is not None:
        params["plan"] = None
    return rows
