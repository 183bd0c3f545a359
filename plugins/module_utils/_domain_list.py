# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.domain contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Domains of the account: QueryDomainList filters (shared by domain_info and the domains inventory)
and the normalisation of domain records (tags, DNS lists) into plain snake_case dicts.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import calendar
import datetime
import re

from ansible_collections.alicloud.domain.plugins.module_utils import _validation as v
from ansible_collections.alicloud.domain.plugins.module_utils._contacts.contact import snake_dict
from ansible_collections.alicloud.domain.plugins.module_utils._api.errors import ApiError, ConfigurationError

LIST_ACTION = "QueryDomainList"
LIST_PATH = ("Data", "Domain")
MAX_PAGE_SIZE = 500
ORDER_KEYS = {"registration_date": "RegistrationDate", "expiration_date": "ExpirationDate"}
ORDERS = ("asc", "desc")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DAY_MS = 86400 * 1000

# the filter options, in snake_case; the same names are used by domain_info and the inventory's ``filters``
FILTER_KEYS = ("domain_name_filter", "group_id", "tags", "expiration_date_from", "expiration_date_to",
               "registration_date_from", "registration_date_to", "order_by", "order", "resource_group_id",
               "auto_renew_enabled")
# their argument spec, as domain_info takes them (documented in the doc fragment alicloud.domain.domain_filters)
FILTER_SPEC = dict(
    domain_name_filter=dict(type="str"),
    group_id=dict(type="int"),
    tags=dict(type="list", elements="dict", options=dict(key=dict(type="str", required=True, no_log=False),
                                                         value=dict(type="str"))),
    resource_group_id=dict(type="str"),
    auto_renew_enabled=dict(type="bool"),
    expiration_date_from=dict(type="str"),
    expiration_date_to=dict(type="str"),
    registration_date_from=dict(type="str"),
    registration_date_to=dict(type="str"),
    order_by=dict(type="str", choices=list(ORDER_KEYS)),
    order=dict(type="str", choices=list(ORDERS)),
)


def date_to_ms(value, option, end_of_day=False):
    """``YYYY-MM-DD`` (a UTC day) or epoch milliseconds -> epoch milliseconds; ``None`` stays ``None``.

    With ``end_of_day`` a date stands for its last millisecond, so that a range ending on a day includes it.
    """
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ConfigurationError("%s must be a date like 2026-12-31 or epoch milliseconds, not %r." % (option, value))
    if isinstance(value, int):
        number = value
    else:
        text = str(value).strip()
        if _DATE.match(text):
            try:
                day = datetime.datetime.strptime(text, "%Y-%m-%d")
            except ValueError:
                raise ConfigurationError("%s %r is not a valid calendar date (YYYY-MM-DD)." % (option, value))
            ms = calendar.timegm(day.timetuple()) * 1000
            return ms + _DAY_MS - 1 if end_of_day else ms
        if not text.isdigit():
            raise ConfigurationError("%s must be a date like 2026-12-31 or epoch milliseconds, not %r."
                                     % (option, value))
        number = int(text)
    if number < 0:
        raise ConfigurationError("%s must not be negative, not %r." % (option, value))
    return number


def normalise_tags(tags, option="tags"):
    """Accept ``[{key, value}]`` (value optional) or a ``{key: value}`` dict; return ``[{key, value}]``."""
    if tags is None:
        return []
    if isinstance(tags, dict):
        tags = [{"key": k, "value": val} for k, val in sorted(tags.items())]
    if not isinstance(tags, list):
        raise ConfigurationError("%s must be a list of {key, value} dicts or a dict, not %r." % (option, tags))
    out = []
    for item in tags:
        if not isinstance(item, dict) or not item.get("key") or not isinstance(item.get("key"), str):
            raise ConfigurationError("each item of %s must be a dict with a non-empty key (and an optional value), "
                                     "not %r." % (option, item))
        unknown = set(item) - set(("key", "value"))
        if unknown:
            raise ConfigurationError("%s item %r has unknown keys %s; use key and value."
                                     % (option, item, ", ".join(sorted(unknown))))
        value = item.get("value")
        out.append({"key": item["key"], "value": None if value is None else str(value)})
    return out


def build_list_params(filters):
    """Validated QueryDomainList parameters (without paging) from a dict of the :data:`FILTER_KEYS`."""
    filters = dict((k, val) for k, val in (filters or {}).items() if val is not None)
    unknown = set(filters) - set(FILTER_KEYS)
    if unknown:
        raise ConfigurationError("unknown domain filter(s) %s; known filters: %s."
                                 % (", ".join(sorted(unknown)), ", ".join(FILTER_KEYS)))
    params = {}
    name = filters.get("domain_name_filter")
    if name is not None:
        name = str(name).strip().lower()
        if not name or any(c.isspace() for c in name) or "/" in name:
            raise ConfigurationError("domain_name_filter must be part of a domain name such as 'example', not %r."
                                     % filters.get("domain_name_filter"))
        params["DomainName"] = name
    if filters.get("group_id") is not None:
        params["DomainGroupId"] = str(v.positive_int(filters["group_id"], "group_id"))
    if filters.get("resource_group_id"):
        params["ResourceGroupId"] = str(filters["resource_group_id"]).strip()
    if filters.get("auto_renew_enabled") is not None:
        params["AutoRenewEnabled"] = bool(filters["auto_renew_enabled"])
    tags = normalise_tags(filters.get("tags"))
    if tags:
        params["Tag"] = [dict([("Key", t["key"])] + ([("Value", t["value"])] if t["value"] is not None else []))
                         for t in tags]
    for kind, api in (("expiration_date", "ExpirationDate"), ("registration_date", "RegistrationDate")):
        start = date_to_ms(filters.get(kind + "_from"), kind + "_from")
        end = date_to_ms(filters.get(kind + "_to"), kind + "_to", end_of_day=True)
        if start is not None and end is not None and start > end:
            raise ConfigurationError("%s_from (%s) is after %s_to (%s)."
                                     % (kind, filters[kind + "_from"], kind, filters[kind + "_to"]))
        if start is not None:
            params["Start" + api] = start
        if end is not None:
            params["End" + api] = end
    order_by, order = filters.get("order_by"), filters.get("order")
    if order_by is not None:
        if order_by not in ORDER_KEYS:
            raise ConfigurationError("order_by must be one of %s, not %r." % (", ".join(ORDER_KEYS), order_by))
        params["OrderKeyType"] = ORDER_KEYS[order_by]
    if order is not None:
        if str(order).lower() not in ORDERS:
            raise ConfigurationError("order must be asc or desc, not %r." % order)
        if order_by is None:
            raise ConfigurationError("order needs order_by (registration_date or expiration_date).")
        params["OrderByType"] = str(order).upper()
    return params


def page_size(value, option="page_size"):
    value = v.positive_int(value, option)
    if value > MAX_PAGE_SIZE:
        raise ConfigurationError("%s must be between 1 and %d, not %d." % (option, MAX_PAGE_SIZE, value))
    return value


def list_domains(client, params, size=100):
    """Every domain QueryDomainList returns for ``params``, all pages, as raw API dicts."""
    return list(client.paginate(LIST_ACTION, params, LIST_PATH, page_size=size))


NOT_FOUND = ("DomainNotExist", "InstanceIdNotExist", "DomainNotFound")


def read_one(client, domain=None, instance_id=None):
    """One domain in full (QueryDomainByDomainName / ByInstanceId), or ``None`` when it does not exist."""
    try:
        if domain:
            return client.call("QueryDomainByDomainName", {"DomainName": domain})
        return client.call("QueryDomainByInstanceId", {"InstanceId": instance_id})
    except ApiError as err:
        if err.code in NOT_FOUND:
            return None
        raise


def with_details(client, rows, keep_missing=True):
    """List rows completed by a full read of each domain (the full record wins, list-only fields stay).

    A domain gone between the list and the read keeps its list row, or is left out with ``keep_missing=False``.
    """
    full = []
    for row in rows:
        record = read_one(client, row.get("DomainName"))
        if record is not None:
            full.append(dict(row, **record))
        elif keep_missing:
            full.append(row)
    return full


def _api_tags(record):
    """``Tag: {Tag: [{Key, Value|Vaue}]}`` -> ``[{key, value}]`` (QueryDomainByDomainName spells it Vaue)."""
    tags = record.get("Tag")
    if isinstance(tags, dict):
        tags = tags.get("Tag")
    out = []
    for item in tags or []:
        if isinstance(item, dict):
            value = item.get("Value") if "Value" in item else item.get("Vaue")
            out.append({"key": item.get("Key"), "value": value})
    return out


def _dns_list(record):
    dns = record.get("DnsList")
    if isinstance(dns, dict):  # {Dns: [...]} in QueryDomainBy*, {DnsList: [...]} in QueryDomainList
        dns = dns.get("Dns") if "Dns" in dns else dns.get("DnsList")
    if isinstance(dns, str):
        dns = [dns]
    return list(dns or [])


def domain_record(record):
    """One domain as a snake_case dict: tags as ``[{key, value}]`` (and ``tags_dict``), ``dns_list`` as a list."""
    raw = dict((k, val) for k, val in (record or {}).items() if k not in ("RequestId", "Tag", "DnsList"))
    out = snake_dict(raw)
    out["tags"] = _api_tags(record or {})
    out["tags_dict"] = dict((t["key"], t["value"]) for t in out["tags"] if t["key"] is not None)
    out["dns_list"] = _dns_list(record or {})
    return out
