# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""RegistrantProfileRealNameVerification's form body: ours byte for byte as the official SDK builds it (V3, V1)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64
import hashlib

import pytest

from ansible_collections.alicloud.domain.plugins.module_utils._api import client as client_mod
from ansible_collections.alicloud.domain.plugins.module_utils._api import signing
from ansible_collections.alicloud.domain.tests.unit.plugins import fake_api

sdk_client = pytest.importorskip("alibabacloud_domain20180129.client")
sdk_models = pytest.importorskip("alibabacloud_domain20180129.models")
openapi_models = pytest.importorskip("alibabacloud_tea_openapi.models")
dara_core = pytest.importorskip("darabonba.core")

# bytes whose base64 holds '+', '/' and '=' (the characters a form encoding must escape)
IMAGE = base64.b64encode(bytes(bytearray([0xfb, 0xff, 0xbf, 0xfe, 0x3e]) * 50) + b"\xff").decode("ascii")
ACTION = "RegistrantProfileRealNameVerification"


class Captured(Exception):
    pass


def sdk_request(monkeypatch, algorithm):
    seen = {}

    def capture(request, runtime_option=None):
        seen["request"] = request
        raise Captured()
    monkeypatch.setattr(dara_core.DaraCore, "do_action", staticmethod(capture))
    config = openapi_models.Config(access_key_id=fake_api.AK, access_key_secret=fake_api.SECRET,
                                   endpoint="domain.aliyuncs.com", protocol="https")
    if algorithm:
        config.signature_algorithm = algorithm
    client = sdk_client.Client(config)
    with pytest.raises(Exception):
        client.registrant_profile_real_name_verification(sdk_models.RegistrantProfileRealNameVerificationRequest(
            identity_credential=IMAGE, identity_credential_no="110101199003070000", identity_credential_type="SFZ",
            registrant_profile_id=18100003))
    return seen["request"]


def body_bytes(body):
    return body if isinstance(body, bytes) else body.encode("utf-8")


@pytest.mark.parametrize("version, algorithm", [("v3", None), ("v1", "v2")])
def test_form_body_as_the_sdk_sends_it(monkeypatch, version, algorithm):
    theirs = sdk_request(monkeypatch, algorithm)
    session = fake_api.FakeSession([fake_api.Call(ACTION, {"IdentityCredential": IMAGE, "RegistrantProfileID": 18100003,
                                                           "IdentityCredentialType": "SFZ"}, {})])
    ours = fake_api.make_client(session, signature_version=version)
    ours.call(ACTION, {"IdentityCredentialNo": "110101199003070000", "IdentityCredentialType": "SFZ",
                       "RegistrantProfileID": 18100003}, form={"IdentityCredential": IMAGE})
    session.assert_done()  # our signature checked over the query and the body
    _fields, our_body = client_mod.form_body({"IdentityCredential": IMAGE})
    assert our_body == body_bytes(theirs.body)
    assert b"+" not in our_body and b"%2B" in our_body and b"%2F" in our_body
    assert theirs.headers["content-type"] == client_mod.FORM_CONTENT_TYPE
    assert session.forms[0] == {"IdentityCredential": IMAGE}
    _action, params, headers = session.sent[0]
    # the image never travels in the URL; the number and type do, as the SDK sends them
    assert set(k for k in theirs.query if not k[0].islower()) >= {"IdentityCredentialNo", "RegistrantProfileID"}
    assert "IdentityCredential" not in theirs.query
    if version == "v3":
        assert headers["x-acs-content-sha256"] == hashlib.sha256(body_bytes(theirs.body)).hexdigest()
        assert theirs.headers["x-acs-content-sha256"] == headers["x-acs-content-sha256"]
        assert "content-type" in signing.parse_v3_authorization(headers["Authorization"])[2]
        assert "content-type" in signing.parse_v3_authorization(theirs.headers["Authorization"])[2]
    else:
        # the SDK's V1 signature covers the body too: recompute it from what it sent, as our fake server does
        query = dict(theirs.query)
        signature = query.pop("Signature")
        assert signing.v1_signature("POST", dict(query, IdentityCredential=IMAGE), fake_api.SECRET) == signature


def test_no_body_without_form():
    session = fake_api.FakeSession([fake_api.Call("QueryRegistrantProfiles", {}, {})])
    fake_api.make_client(session).call("QueryRegistrantProfiles", {})
    assert session.forms == [{}] and "content-type" not in session.sent[0][2]
