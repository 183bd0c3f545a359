"""Real-name verification of registrant profiles, driven by the official SDK (V3, V1, both with STS)."""

import base64
import json
import os

import pytest
from alibabacloud_domain20180129 import models as m
from alibabacloud_tea_openapi.exceptions import ClientException

PROFILE_A, PROFILE_C = 18100001, 18100003
NUMBER_OK = "330106199001011234"
NUMBER_FAIL = "330106199001010000"  # ends in 0000: the audit rejects it


def jpg(size=60 * 1024):
    return base64.b64encode(b"\xff\xd8\xff\xe0" + os.urandom(size - 4)).decode("ascii")


def submit(client, pid=PROFILE_C, number=NUMBER_OK, image=None, ctype="SFZ"):
    return client.registrant_profile_real_name_verification(m.RegistrantProfileRealNameVerificationRequest(
        registrant_profile_id=pid, identity_credential_no=number, identity_credential_type=ctype,
        identity_credential=image if image is not None else jpg()))


def status(client, pid=PROFILE_C):
    return client.query_registrant_profiles(m.QueryRegistrantProfilesRequest(
        registrant_profile_id=pid)).body.registrant_profiles.registrant_profile[0].real_name_status


def test_audit_succeeds_after_the_delay(emu, client, mode):
    image = jpg()
    resp = submit(client, image=image)
    assert resp.status_code == 200 and resp.body.request_id
    assert status(client) == "AUDITING"
    with pytest.raises(ClientException) as err:
        submit(client)
    assert (err.value.code, err.value.status_code) == ("DomainAlreadyAuditing", 400)
    info = client.query_registrant_profile_real_name_verification_info(
        m.QueryRegistrantProfileRealNameVerificationInfoRequest(registrant_profile_id=PROFILE_C, fetch_image=True)).body
    assert info.registrant_profile_id == PROFILE_C and info.identity_credential_type == "SFZ"
    assert info.identity_credential_no == "33**************34" and not info.identity_credential
    assert info.submission_date and info.identity_credential_url.startswith("https://")
    assert emu.control("POST", "/realname/complete")["completed"] == 1
    assert status(client) == "SUCCEED"
    reasons = client.query_fail_reason_for_registrant_profile_real_name_verification(
        m.QueryFailReasonForRegistrantProfileRealNameVerificationRequest(registrant_profile_id=PROFILE_C)).body
    assert reasons.data == [] and reasons.request_id
    with pytest.raises(ClientException) as err:
        submit(client)
    assert err.value.code == "RegistrantProfileRealNameVerified"
    # the image went in the body, and neither it nor the number is kept in the call log or the state
    call = emu.calls(action="RegistrantProfileRealNameVerification")[0]
    assert call["signature_version"] == mode[:2]
    logged = json.dumps(emu.calls()) + json.dumps(emu.control("GET", "/state"))
    assert image[:64] not in logged and NUMBER_OK not in logged
    assert call["params"]["IdentityCredential"].startswith("<sha256:")


def test_audit_fails_for_the_marked_credential_with_a_reason(emu, client):
    submit(client, number=NUMBER_FAIL)
    emu.control("POST", "/realname/complete")
    assert status(client) == "FAILED"
    reasons = client.query_fail_reason_for_registrant_profile_real_name_verification(
        m.QueryFailReasonForRegistrantProfileRealNameVerificationRequest(registrant_profile_id=PROFILE_C)).body.data
    assert len(reasons) == 1 and reasons[0].fail_reason and reasons[0].date
    # a failed audit may be submitted again
    submit(client)
    assert status(client) == "AUDITING"
    emu.control("POST", "/realname/complete")
    assert status(client) == "SUCCEED"


def test_audit_ends_by_the_clock(emu):
    client = emu.client("v3")
    emu.control("PUT", "/config", {"realname_seconds": 0.2})
    submit(client)
    assert status(client) == "AUDITING"
    emu.control("POST", "/clock", {"advance": 1})
    assert status(client) == "SUCCEED"


def test_bad_submissions_are_refused_without_echo(emu, client):
    cases = [
        (dict(image="not base64!"), "IdentityCredential"),
        (dict(image=base64.b64encode(b"GIF89a" + b"0" * 60000).decode()), "JPG or BMP"),
        (dict(image=jpg(10 * 1024)), "55 KB"),
        (dict(image=jpg(1024 * 1024 + 1)), "55 KB"),
        (dict(ctype="XX"), "IdentityCredentialType"),
        (dict(pid=99999999), "RegistrantProfileID"),
    ]
    for kwargs, words in cases:
        with pytest.raises(ClientException) as err:
            submit(client, **kwargs)
        assert err.value.code == "ParameterIllegal" and words in err.value.message, (kwargs, err.value.message)
        assert NUMBER_OK not in json.dumps(err.value.data)
    bmp = base64.b64encode(b"BM" + b"\0" * 60000).decode()
    with pytest.raises(ClientException) as err:
        client.registrant_profile_real_name_verification(m.RegistrantProfileRealNameVerificationRequest(
            registrant_profile_id=PROFILE_C, identity_credential_type="SFZ", identity_credential=bmp))
    assert err.value.code == "MissingParameter" and "IdentityCredentialNo" in err.value.message
    assert status(client) == "NONAUDIT"
    assert submit(client, image=bmp).status_code == 200


def test_info_of_a_profile_never_submitted(emu, client):
    info = client.query_registrant_profile_real_name_verification_info(
        m.QueryRegistrantProfileRealNameVerificationInfoRequest(registrant_profile_id=PROFILE_A)).body
    assert info.registrant_profile_id == PROFILE_A and info.identity_credential_no is None
