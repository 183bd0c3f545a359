# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Our signatures against the vectors computed by the official SDK, and against the SDK itself."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os

import pytest

from ansible_collections.alicloud.domain.plugins.module_utils._api import signing

with open(os.path.join(os.path.dirname(__file__), "fixtures", "signature-vectors.json"), "rb") as _f:
    VECTORS = json.loads(_f.read().decode("utf-8"))


@pytest.mark.parametrize("vector", VECTORS["v1"], ids=lambda v: v["id"])
def test_v1_vectors(vector):
    params = dict(vector["params"])
    assert signing.canonical_query(params) == vector["canonicalized_query_string"]
    assert signing.v1_string_to_sign(vector["method"], params) == vector["string_to_sign"]
    assert signing.v1_signature(vector["method"], params, vector["secret"]) == vector["signature"]


@pytest.mark.parametrize("vector", VECTORS["v3"], ids=lambda v: v["id"])
def test_v3_vectors(vector):
    canonical, signed = signing.v3_canonical_request(vector["method"], vector["pathname"], vector["query"],
                                                     vector["headers"], vector["hashed_payload"])
    assert canonical == vector["canonical_request"]
    sig, signed = signing.v3_signature(vector["method"], vector["pathname"], vector["query"], vector["headers"],
                                       vector["secret"], vector["hashed_payload"])
    assert sig == vector["signature"]
    assert signing.v3_authorization(vector["access_key_id"], sig, signed) == vector["authorization"]


def test_sign_v3_builds_the_sdk_header_set():
    vec = next(v for v in VECTORS["v3"] if v["id"] == "v3-02-save-single-task")
    headers = signing.sign_v3("POST", vec["headers"]["host"], vec["headers"]["x-acs-action"], vec["query"],
                              vec["access_key_id"], vec["secret"], user_agent=vec["headers"]["user-agent"],
                              timestamp=vec["x_acs_date"], nonce=vec["x_acs_signature_nonce"],
                              extra_headers={"x-acs-credentials-provider": "static_ak"})
    assert headers.pop("Authorization") == vec["authorization"]
    assert headers == vec["headers"]


def test_sign_v3_with_sts_signs_token_headers():
    vec = next(v for v in VECTORS["v3"] if v["id"] == "v3-03-sts-token")
    headers = signing.sign_v3("POST", vec["headers"]["host"], vec["headers"]["x-acs-action"], vec["query"],
                              vec["access_key_id"], vec["secret"],
                              security_token=vec["headers"]["x-acs-security-token"],
                              user_agent=vec["headers"]["user-agent"], timestamp=vec["x_acs_date"],
                              nonce=vec["x_acs_signature_nonce"],
                              extra_headers={"x-acs-credentials-provider": vec["headers"]["x-acs-credentials-provider"]})
    assert headers["Authorization"] == vec["authorization"]


def test_sign_v1_full_parameter_set():
    vec = next(v for v in VECTORS["v1"] if v["id"] == "v1-03-save-single-task-sts")
    p = vec["params"]
    action_params = dict((k, p[k]) for k in ("AddTransferLock", "ContactType", "DomainName", "RegistrantProfileId"))
    signed = signing.sign_v1("POST", p["Action"], action_params, p["AccessKeyId"], vec["secret"],
                             security_token=p["SecurityToken"], timestamp=p["Timestamp"], nonce=p["SignatureNonce"])
    signed_format = dict(signed, Format=p["Format"])  # the SDK sends json, we send JSON: both are signed as sent
    signed_format.pop("Signature")
    assert signing.v1_signature("POST", signed_format, vec["secret"]) == vec["signature"]
    assert signed["Signature"] == signing.v1_signature("POST", dict((k, v) for k, v in signed.items()
                                                                    if k != "Signature"), vec["secret"])


def test_values_are_serialised_like_the_sdk():
    flat = signing.flatten_params({"AddTransferLock": True, "X": False, "RegistrantProfileId": 42, "Skip": None,
                                   "DomainName": ["a.com", "b.com"], "Tag": [{"Key": "k", "Value": "v"}]})
    assert flat == {"AddTransferLock": "True", "X": "False", "RegistrantProfileId": "42",
                    "DomainName.1": "a.com", "DomainName.2": "b.com", "Tag.1.Key": "k", "Tag.1.Value": "v"}


@pytest.mark.parametrize("raw, encoded", [
    (" ", "%20"), ("*", "%2A"), ("~", "~"), ("/", "%2F"), ("+", "%2B"), ("测", "%E6%B5%8B"), ("a-_.", "a-_."),
    ("😀", "%F0%9F%98%80"), ("%", "%25"),
])
def test_percent_encoding_rules(raw, encoded):
    assert signing.percent_encode(raw) == encoded


def test_parse_authorization_round_trip_and_garbage():
    alg, ak, names, sig = signing.parse_v3_authorization(
        "ACS3-HMAC-SHA256 Credential=AK,SignedHeaders=host;x-acs-date,Signature=abc")
    assert (alg, ak, names, sig) == ("ACS3-HMAC-SHA256", "AK", ["host", "x-acs-date"], "abc")
    with pytest.raises(ValueError):
        signing.parse_v3_authorization("Bearer xyz")
