# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Real-name verification of a registrant profile (registrant_profile, registrant_profile_info), scripted."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64
import json

import pytest

from ansible_collections.alicloud.domain.plugins.module_utils import _real_name as rn
from ansible_collections.alicloud.domain.plugins.modules import registrant_profile, registrant_profile_info
from ansible_collections.alicloud.domain.tests.unit.plugins.fake_api import SECRET, Call, error, person

Q = "QueryRegistrantProfiles"
NUMBER = "110101199003077777"
PID = 18100003


def profile(pid=PID, status="NONAUDIT", **fields):
    return dict(person(**fields), RegistrantProfileId=pid, RealNameStatus=status, RegistrantType="1",
                RegistrantProfileType="common", EmailVerificationStatus=1, DefaultRegistrantProfile=False,
                CredentialNo=NUMBER, CredentialType="SFZ")


def by_id(status, pid=PID):
    return Call(Q, {"RegistrantProfileId": pid}, {"RegistrantProfiles": {"RegistrantProfile": [profile(pid, status)]},
                                                  "TotalPageNum": 1, "NextPage": False})


def submit_call(image_b64, body=None):
    return Call(rn.SUBMIT, {"RegistrantProfileID": PID, "IdentityCredentialNo": NUMBER, "IdentityCredentialType": "SFZ",
                            "IdentityCredential": image_b64}, body or {})


def reasons(*items):
    return Call(rn.FAIL_REASON, {"RegistrantProfileID": PID},
                {"Data": [{"Date": d, "FailReason": r} for d, r in items]})


@pytest.fixture
def image(tmp_path):
    path = tmp_path / "zhang-san-id-card.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0" + bytes(bytearray(range(256))) * 240)
    return str(path)


def args(image_path, **extra):
    out = {"registrant_profile_id": PID, "identity_credential_file": image_path, "identity_credential_no": NUMBER,
           "identity_credential_type": "SFZ"}
    out.update(extra)
    return out


def b64(path):
    with open(path, "rb") as handle:
        return base64.b64encode(handle.read()).decode("ascii")


def assert_nothing_personal(run_module, result, image_path):
    text = json.dumps(result)
    for secret in (NUMBER, b64(image_path), image_path, "zhang-san-id-card", SECRET):
        assert secret not in text
    shown = dict((k, val) for k, val in result.items() if k != "invocation")  # the options, with no_log masked
    assert "credential_no" not in json.dumps(shown)
    masked = result.get("invocation", {}).get("module_args", {})
    assert masked.get("identity_credential_no") in (None, "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER")


def test_unverified_profile_is_submitted_with_the_image_in_the_body(run_module, image):
    failed, result = run_module(registrant_profile, args(image), [
        by_id("NONAUDIT"), submit_call(b64(image)), by_id("AUDITING")], diff=True)
    assert not failed and result["changed"] is True, result
    assert result["real_name_verification"]["action"] == "submitted"
    assert result["real_name_verification"]["status_before"] == "NONAUDIT"
    assert result["real_name_status"] == "AUDITING" and "real_name_status" in result["differences"]
    assert result["diff"]["after"]["real_name_status"] == "AUDITING"
    # the image went in the form body, never in the URL; the number where the SDK puts it (the query)
    assert run_module.session.forms[1] == {"IdentityCredential": b64(image)}
    assert_nothing_personal(run_module, result, image)


@pytest.mark.parametrize("status", ["AUDITING", "SUCCEED"])
def test_a_profile_under_audit_or_verified_is_not_submitted_again(run_module, image, status):
    failed, result = run_module(registrant_profile, args(image), [by_id(status)])
    assert not failed and result["changed"] is False and result["real_name_verification"]["action"] == "none"
    assert rn.SUBMIT not in run_module.session.actions()
    assert_nothing_personal(run_module, result, image)


def test_failed_profile_is_submitted_again_with_the_old_reason(run_module, image):
    failed, result = run_module(registrant_profile, args(image), [
        by_id("FAILED"), reasons(("2026-11-01 10:00:00", "The image is blurred.")), submit_call(b64(image)),
        by_id("AUDITING")])
    assert not failed and result["changed"] and result["real_name_verification"]["previous_fail_reason"] == \
        "The image is blurred."


def test_wait_until_the_audit_succeeds(run_module, image):
    failed, result = run_module(registrant_profile, args(image, real_name_wait=True, real_name_poll_interval=1), [
        by_id("NONAUDIT"), submit_call(b64(image)), by_id("AUDITING"), by_id("AUDITING"), by_id("SUCCEED")])
    assert not failed and result["real_name_status"] == "SUCCEED" and result["changed"] is True


def test_wait_ending_failed_fails_with_the_service_reason(run_module, image):
    failed, result = run_module(registrant_profile, args(image, real_name_wait=True, real_name_poll_interval=1), [
        by_id("NONAUDIT"), submit_call(b64(image)), by_id("AUDITING"), by_id("FAILED"),
        reasons(("2026-12-01 10:00:00", "The credential number does not match the image."),
                ("2026-11-01 10:00:00", "older"))])
    assert failed and "FAILED: The credential number does not match the image." in result["msg"]
    assert result["real_name_verification"]["fail_reason"].startswith("The credential number")
    assert_nothing_personal(run_module, result, image)


def test_wait_timeout_says_run_again(run_module, image):
    script = [by_id("NONAUDIT"), submit_call(b64(image))] + [by_id("AUDITING") for _i in range(3)]  # at 0, 4, 10 s
    failed, result = run_module(registrant_profile, args(image, real_name_wait=True, real_name_wait_timeout=10,
                                                         real_name_poll_interval=4), script)
    assert failed and "still AUDITING after 10 s" in result["msg"] and result["changed"] is True


def test_check_mode_submits_nothing(run_module, image):
    failed, result = run_module(registrant_profile, args(image), [by_id("NONAUDIT")], check_mode=True)
    assert not failed and result["changed"] and result["real_name_verification"]["action"] == "would_submit"
    assert run_module.session.actions() == [Q]


def test_check_mode_for_a_profile_to_create(run_module, image):
    details = {"registrant_type": "individual", "email": "zs@example.com", "registrant_name": "zhang san"}
    a = dict(args(image), **details)
    del a["registrant_profile_id"]
    failed, result = run_module(registrant_profile, a, [
        Call(Q, {"Email": "zs@example.com"}, {"RegistrantProfiles": {"RegistrantProfile": []}, "TotalPageNum": 1})],
        check_mode=True)
    assert not failed and result["status"] == "would_create"
    assert result["real_name_verification"]["action"] == "would_submit"


def test_already_auditing_answer_is_not_a_failure(run_module, image):
    failed, result = run_module(registrant_profile, args(image), [
        by_id("NONAUDIT"), error(rn.SUBMIT, rn.ALREADY_AUDITING, "The profile is being audited."), by_id("AUDITING")])
    assert not failed and result["changed"] is False and result["real_name_status"] == "AUDITING"


def test_lost_answer_is_settled_by_reading_never_sent_twice(run_module, image):
    failed, result = run_module(registrant_profile, args(image), [
        by_id("NONAUDIT"), error(rn.SUBMIT, "ServiceUnavailable", status=503), by_id("AUDITING"), by_id("AUDITING")])
    assert not failed and result["changed"] and run_module.session.actions().count(rn.SUBMIT) == 1
    assert result["real_name_verification"]["action"] == "submitted"


def test_lost_answer_not_carried_out_fails(run_module, image):
    failed, result = run_module(registrant_profile, args(image), [
        by_id("NONAUDIT"), error(rn.SUBMIT, "ServiceUnavailable", status=503), by_id("NONAUDIT")])
    assert failed and run_module.session.actions().count(rn.SUBMIT) == 1


def test_service_error_echoing_the_number_is_masked(run_module, image):
    failed, result = run_module(registrant_profile, args(image), [
        by_id("NONAUDIT"), error(rn.SUBMIT, "ParameterIllegal", "IdentityCredentialNo %s is illegal." % NUMBER)])
    assert failed and result["error"]["code"] == "ParameterIllegal"
    assert_nothing_personal(run_module, result, image)


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


@pytest.mark.parametrize("name, data, message", [
    ("small.jpg", b"\xff\xd8\xff" + b"\0" * 1000, "55 KB to 1 MB"),
    ("big.bmp", b"BM" + b"\0" * (1024 * 1024), "55 KB to 1 MB"),
    ("id.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 60000, "not a JPG or BMP image"),
    ("id.bmp", b"BM" + b"\0" * 60000, None),
])
def test_image_is_checked_before_any_call(run_module, tmp_path, name, data, message):
    path = write(tmp_path, name, data)
    if message is None:  # a BMP of the right size passes the checks
        cred = rn.load_credential(path, NUMBER, "SFZ")
        assert cred.format == "bmp" and NUMBER not in repr(cred) and cred.image_b64 not in str(cred)
        return
    failed, result = run_module(registrant_profile, args(path), [])
    assert failed and message in result["msg"] and run_module.session.sent == []
    assert path not in result["msg"] and NUMBER not in json.dumps(result)


@pytest.mark.parametrize("extra, message", [
    ({"identity_credential_file": "/nonexistent/zhang-san.jpg"}, "cannot be read on the controller"),
    ({"identity_credential_type": None}, "parameters are required together"),
    ({"identity_credential_type": "DL"}, "value of identity_credential_type must be one of"),
    ({"identity_credential_no": "1101 0119"}, "without spaces"),
    ({"state": "absent"}, "does not go with state=absent"),
    ({"real_name_wait_timeout": 0}, "real_name_wait_timeout"),
])
def test_bad_credential_options_are_refused_before_any_call(run_module, image, extra, message):
    a = args(image)
    a.update(extra)
    a = dict((k, val) for k, val in a.items() if val is not None)
    failed, result = run_module(registrant_profile, a, [])
    assert failed and message in result["msg"], result["msg"]
    assert run_module.session.sent == [] and "zhang-san" not in result["msg"] and NUMBER not in result["msg"]


def test_tmp_directory_is_not_an_image(run_module, tmp_path):
    failed, result = run_module(registrant_profile, args(str(tmp_path)), [])
    assert failed and "regular file" in result["msg"] and run_module.session.sent == []


# ------------------------------------------------------------------ registrant_profile_info
def listing(*items):
    return Call(Q, {}, {"RegistrantProfiles": {"RegistrantProfile": list(items)}, "TotalPageNum": 1, "NextPage": False})


def test_info_gives_the_reason_of_a_failed_audit_and_no_credential_number(run_module):
    failed, result = run_module(registrant_profile_info, {}, [
        listing(profile(1, "SUCCEED"), profile(PID, "FAILED"), profile(5, "NONAUDIT")),
        reasons(("2026-11-01 10:00:00", "older reason"), ("2026-12-01 10:00:00", "The image is blurred."))])
    assert not failed
    by = dict((p["registrant_profile_id"], p) for p in result["profiles"])
    assert by[PID]["real_name_fail_reason"] == "The image is blurred."
    assert [r["fail_reason"] for r in by[PID]["real_name_fail_reasons"]] == ["The image is blurred.", "older reason"]
    assert "real_name_fail_reason" not in by[1] and by[1]["credential_type"] == "SFZ"
    assert NUMBER not in json.dumps(result) and "credential_no" not in json.dumps(result)


def test_info_details_never_fetch_the_image(run_module):
    failed, result = run_module(registrant_profile_info, {"real_name_details": True}, [
        listing(profile(1, "SUCCEED"), profile(5, "NONAUDIT")),
        Call(rn.INFO, {"RegistrantProfileId": 1, "FetchImage": "False"},
             {"SubmissionDate": "2026-11-01 10:00:00", "ModificationDate": "2026-11-03 10:00:00",
              "IdentityCredentialType": "SFZ", "IdentityCredentialNo": NUMBER, "IdentityCredential": "AAAA",
              "IdentityCredentialUrl": "https://example.com/image.jpg", "RegistrantProfileId": 1})])
    assert not failed
    info = result["profiles"][0]["real_name_verification"]
    assert info == {"submission_date": "2026-11-01 10:00:00", "modification_date": "2026-11-03 10:00:00",
                    "identity_credential_type": "SFZ"}
    assert NUMBER not in json.dumps(result) and "image.jpg" not in json.dumps(result)
    assert "real_name_verification" not in result["profiles"][1]


def test_wait_for_an_audit_already_running_submits_nothing(run_module, image):
    failed, result = run_module(registrant_profile, args(image, real_name_wait=True, real_name_poll_interval=1), [
        by_id("AUDITING"), by_id("AUDITING"), by_id("SUCCEED")])
    assert not failed and result["changed"] is False and result["real_name_status"] == "SUCCEED"
    assert rn.SUBMIT not in run_module.session.actions()
