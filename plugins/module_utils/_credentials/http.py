# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.domain contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The few HTTP calls credential sources make: STS ``AssumeRole`` and the ECS instance metadata service."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import re

try:
    import requests
    HAS_REQUESTS = True
except ImportError:  # reported by the module with missing_required_lib
    HAS_REQUESTS = False

from ansible_collections.alicloud.domain.plugins.module_utils._api import transport


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


def json_object(body):
    """``body`` decoded as a JSON object, else ``None``."""
    try:
        data = json.loads(body.decode("utf-8")) if body else None
    except (ValueError, UnicodeDecodeError):
        return None
    return data if isinstance(data, dict) else None
