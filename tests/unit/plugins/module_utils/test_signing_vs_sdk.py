# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Property tests: thousands of random requests signed by us and by the official SDK's own functions."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib
from collections import OrderedDict

import pytest

from ansible_collections.alicloud.domain.plugins.module_utils._api import signing

hypothesis = pytest.importorskip("hypothesis")
sdk_utils = pytest.importorskip("alibabacloud_tea_openapi.utils")
dara_request = pytest.importorskip("darabonba.request")

from hypothesis import given, settings, strategies as st  # noqa: E402

SDK = sdk_utils.Utils
KEYS = st.from_regex(r"[A-Z][A-Za-z0-9]{0,15}(\.[1-9][0-9]?)?", fullmatch=True)
VALUES = st.one_of(
    st.text(max_size=40),  # any Unicode, including surrogate-free astral characters and controls
    st.text(alphabet=" *~/+=&?#%:!'()@$,;[]\"<>{}|\\^`", max_size=12),
    st.just(""),
)
PARAMS = st.dictionaries(KEYS, VALUES, max_size=12)
SECRETS = st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=126), min_size=1, max_size=40)


@settings(max_examples=2000, deadline=None)
@given(params=PARAMS, secret=SECRETS, method=st.sampled_from(["POST", "GET"]))
def test_v1_matches_sdk(params, secret, method):
    assert signing.v1_signature(method, params, secret) == SDK.get_rpcsignature(dict(params), method, secret)


@settings(max_examples=2000, deadline=None)
@given(query=PARAMS, secret=SECRETS, action=st.from_regex(r"[A-Z][A-Za-z]{2,40}", fullmatch=True),
       token=st.one_of(st.none(), st.text(alphabet="ABCabc012+/=", min_size=1, max_size=30)),
       ua=st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), min_size=1, max_size=60))
def test_v3_matches_sdk(query, secret, action, token, ua):
    headers = signing.sign_v3("POST", "domain.aliyuncs.com", action, query, "LTAI5tTestKey", secret,
                              security_token=token, user_agent=ua)
    ours = headers.pop("Authorization")
    req = dara_request.DaraRequest()
    req.method, req.pathname = "POST", "/"
    req.query = OrderedDict(query)
    req.headers = OrderedDict(headers)
    theirs = SDK.get_authorization(req, "ACS3-HMAC-SHA256", hashlib.sha256(b"").hexdigest(), "LTAI5tTestKey",
                                   secret)
    assert ours == theirs
