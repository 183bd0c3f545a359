# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.domain contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Request signing for the Alibaba Cloud Domain API, as the official SDK does it.

Pure standard library and free of Ansible imports, so that the test emulator can
load this very file to check signatures (one place for each rule).

* V3 ``ACS3-HMAC-SHA256`` (the SDK default): every header present at signing
  time is signed, query values are percent-encoded, the key is the bare secret.
* V1 ``HMAC-SHA1`` (SignatureVersion 1.0): the common parameters travel in the
  query, the string to sign covers the method, the key is ``secret + "&"``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64
import binascii
import hashlib
import hmac
import os
import re
import time

from urllib.parse import quote as _quote

API_VERSION = "2018-01-29"
V3_ALGORITHM = "ACS3-HMAC-SHA256"
V1_METHOD = "HMAC-SHA1"
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()
TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


_UNRESERVED_ONLY = re.compile(r"[A-Za-z0-9_.~-]*\Z").match


def percent_encode(value):
    """RFC 3986 encoding of UTF-8 bytes: only ``A-Za-z0-9-_.~`` stay as they are."""
    if not isinstance(value, str):
        value = str(value)
    if _UNRESERVED_ONLY(value):  # most names and values: nothing to encode
        return value
    return _quote(value.encode("utf-8"), safe="-_.~")


def to_api_value(value):
    """Serialise a parameter as the Python SDKs do (booleans become ``True``/``False``)."""
    if isinstance(value, bool):
        return "True" if value else "False"
    return value if isinstance(value, str) else str(value)


def flatten_params(params):
    """Flatten lists and dicts with 1-based suffixes (``DomainName.1``, ``Tag.1.Key``); drop ``None``."""
    flat = {}

    def _walk(prefix, value):
        if value is None:
            return
        if isinstance(value, (list, tuple)):
            for index, item in enumerate(value, 1):
                _walk("%s.%d" % (prefix, index), item)
        elif isinstance(value, dict):
            for key, item in value.items():
                _walk("%s.%s" % (prefix, key), item)
        else:
            flat[prefix] = to_api_value(value)

    for key, value in params.items():
        _walk(key, value)
    return flat


def canonical_query(params, encode_keys=True):
    """``k=v`` pairs sorted by key (code point order), encoded, joined with ``&``."""
    enc_key = percent_encode if encode_keys else (lambda k: k)
    return "&".join("%s=%s" % (enc_key(k), percent_encode(params[k])) for k in sorted(params))


def new_nonce():
    return binascii.hexlify(os.urandom(16)).decode("ascii")


def utc_timestamp(now=None):
    return time.strftime(TIME_FORMAT, time.gmtime(time.time() if now is None else now))


# --------------------------------------------------------------------- V1
def v1_string_to_sign(method, params):
    return "%s&%s&%s" % (method.upper(), percent_encode("/"), percent_encode(canonical_query(params)))


def v1_signature(method, params, secret):
    """Base64 HMAC-SHA1 over the V1 string to sign; ``Signature`` itself must not be in ``params``."""
    string_to_sign = v1_string_to_sign(method, params)
    digest = hmac.new((secret + "&").encode("utf-8"), string_to_sign.encode("utf-8"), hashlib.sha1).digest()
    return base64.b64encode(digest).decode("ascii")


def v1_common_params(action, access_key_id, security_token=None, timestamp=None, nonce=None, version=API_VERSION):
    params = {
        "Action": action,
        "Format": "JSON",
        "Version": version,
        "Timestamp": timestamp or utc_timestamp(),
        "SignatureNonce": nonce or new_nonce(),
        "SignatureMethod": V1_METHOD,
        "SignatureVersion": "1.0",
        "AccessKeyId": access_key_id,
    }
    if security_token:
        params["SecurityToken"] = security_token
    return params


def sign_v1(method, action, params, access_key_id, secret, security_token=None, timestamp=None, nonce=None,
            version=API_VERSION):
    """Return the full signed parameter set (common + action + ``Signature``) for a V1 request.

    ``version`` is the API version of the product (``2015-04-01`` for STS ``AssumeRole``).
    """
    signed = v1_common_params(action, access_key_id, security_token, timestamp, nonce, version)
    signed.update(params)
    signed["Signature"] = v1_signature(method, signed, secret)
    return signed


# --------------------------------------------------------------------- V3
def _canonical_headers(headers):
    """``name:value`` lines sorted by lower-case name (the values of a repeated name sorted, joined by
    commas), and the ``;``-joined names."""
    names, lines = [], []
    for name, value in sorted((n.lower(), str(v).strip()) for n, v in headers.items()):
        if names and names[-1] == name:
            lines[-1] += "," + value
        else:
            names.append(name)
            lines.append(name + ":" + value)
    return "".join(line + "\n" for line in lines), ";".join(names)


def v3_canonical_request(method, path, query, headers, hashed_payload):
    canon_headers, signed_headers = _canonical_headers(headers)
    # the SDK leaves query keys unencoded; identical for every ASCII key the API has
    return "\n".join([method.upper(), path or "/", canonical_query(query, encode_keys=False),
                      canon_headers, signed_headers, hashed_payload]), signed_headers


def v3_signature(method, path, query, headers, secret, hashed_payload=EMPTY_SHA256):
    """Return ``(signature_hex, signed_headers)`` for the headers given (all of them are signed)."""
    canonical, signed_headers = v3_canonical_request(method, path, query, headers, hashed_payload)
    string_to_sign = "%s\n%s" % (V3_ALGORITHM, hashlib.sha256(canonical.encode("utf-8")).hexdigest())
    signature = hmac.new(secret.encode("utf-8"), string_to_sign.encode("utf-8"), hashlib.sha256).hexdigest()
    return signature, signed_headers


def v3_authorization(access_key_id, signature, signed_headers):
    return "%s Credential=%s,SignedHeaders=%s,Signature=%s" % (V3_ALGORITHM, access_key_id, signed_headers, signature)


def sign_v3(method, host, action, query, access_key_id, secret, security_token=None, user_agent=None,
            timestamp=None, nonce=None, body=b"", extra_headers=None, version=API_VERSION):
    """Return the header dict (``Authorization`` included) for a V3 request, built in the SDK's order."""
    payload_hash = hashlib.sha256(body).hexdigest()
    headers = {"host": host, "x-acs-version": version, "x-acs-action": action}
    if user_agent:
        headers["user-agent"] = user_agent
    headers.update({
        "x-acs-date": timestamp or utc_timestamp(),
        "x-acs-signature-nonce": nonce or new_nonce(),
        "accept": "application/json",
        "x-acs-content-sha256": payload_hash,
    })
    if extra_headers:
        headers.update(extra_headers)
    if security_token:
        headers["x-acs-accesskey-id"] = access_key_id
        headers["x-acs-security-token"] = security_token
    signature, signed_headers = v3_signature(method, "/", query, headers, secret, payload_hash)
    headers["Authorization"] = v3_authorization(access_key_id, signature, signed_headers)
    return headers


def parse_v3_authorization(value):
    """Split an ``Authorization`` header into ``(algorithm, access_key_id, [signed headers], signature)``."""
    algorithm, _sep, rest = (value or "").strip().partition(" ")
    fields = {}
    for part in rest.split(","):
        key, _eq, val = part.strip().partition("=")
        fields[key] = val
    if not algorithm or not all(k in fields for k in ("Credential", "SignedHeaders", "Signature")):
        raise ValueError("malformed Authorization header")
    return algorithm, fields["Credential"], [h for h in fields["SignedHeaders"].split(";") if h], fields["Signature"]
