"""Locks, email and real-name verification and cancelled tasks survive a restart (``--state``), with no credential
kept; the new command-line settings reach the emulator."""

import base64
import json
import os

import requests
from alibabacloud_domain20180129 import models as m

from conftest import run_server
from test_cli import sdk, stop

NUMBER = "330106199001011234"


def test_state_file_keeps_new_areas_and_no_credential(tmp_path):
    state = tmp_path / "state.json"
    args = ("--state", str(state), "--task-start-seconds", "600", "--realname-seconds", "600")
    proc, port = run_server(*args)
    try:
        client = sdk(port)
        lock_task = client.save_single_task_for_update_prohibition_lock(m.SaveSingleTaskForUpdateProhibitionLockRequest(
            domain_name="locked-example.com", status=False)).body.task_no
        cancelled = client.save_single_task_for_transfer_prohibition_lock(
            m.SaveSingleTaskForTransferProhibitionLockRequest(domain_name="example-shop.com", status=True)).body.task_no
        client.cancel_task(m.CancelTaskRequest(task_no=cancelled))
        client.submit_email_verification(m.SubmitEmailVerificationRequest(email="sunmei@example.net"))
        image = base64.b64encode(b"\xff\xd8\xff\xe0" + os.urandom(60 * 1024)).decode("ascii")
        client.registrant_profile_real_name_verification(m.RegistrantProfileRealNameVerificationRequest(
            registrant_profile_id=18100003, identity_credential_no=NUMBER, identity_credential_type="SFZ",
            identity_credential=image))
    finally:
        stop(proc)
    text = state.read_text(encoding="utf-8")
    assert NUMBER not in text and image[:64] not in text
    assert oct(os.stat(str(state)).st_mode & 0o777) == "0o600"
    proc, port = run_server(*args)
    try:
        client = sdk(port, v1=True)
        rows = {t.task_no: t for t in client.query_task_list(m.QueryTaskListRequest(
            page_num=1, page_size=10)).body.data.task_info}
        assert rows[lock_task].task_status_code == 1 and rows[cancelled].task_cancel_status == "COMPLETE"
        assert client.query_email_verification(m.QueryEmailVerificationRequest(
            email="sunmei@example.net")).body.verification_status == 0
        prof = client.query_registrant_profiles(m.QueryRegistrantProfilesRequest(
            registrant_profile_id=18100003)).body.registrant_profiles.registrant_profile[0]
        assert prof.real_name_status == "AUDITING" and prof.credential_no == "33**************34"
        url = "http://127.0.0.1:%d/_emulator" % port
        assert requests.post(url + "/tasks/complete").json()["completed"] == 1
        assert requests.post(url + "/realname/complete").json()["completed"] == 1
        dom = client.query_domain_by_domain_name(m.QueryDomainByDomainNameRequest(domain_name="locked-example.com")).body
        assert dom.update_prohibition_lock == "CLOSE"
        shop = client.query_domain_by_domain_name(m.QueryDomainByDomainNameRequest(domain_name="example-shop.com")).body
        assert shop.transfer_prohibition_lock == "CLOSE"
        config = requests.get(url + "/config").json()
        assert (config["task_start_seconds"], config["realname_seconds"]) == (600, 600)
        assert json.dumps(requests.get(url + "/state").json()).count(NUMBER) == 0
    finally:
        stop(proc)


def test_email_quota_and_token_from_the_command_line():
    proc, port = run_server("--email-send-quota", "1", "--email-token-seconds", "60")
    try:
        client = sdk(port)
        first = client.submit_email_verification(m.SubmitEmailVerificationRequest(email="a@example.org")).body
        again = client.submit_email_verification(m.SubmitEmailVerificationRequest(email="a@example.org",
                                                                                  send_if_exist=True)).body
        assert [i.code for i in first.success_list] == ["Success"]
        assert [i.code for i in again.fail_list] == ["SendTokenQuotaExceeded"]
        url = "http://127.0.0.1:%d/_emulator" % port
        requests.post(url + "/clock", json={"advance": 61})
        assert requests.post(url + "/email/verify", json={"email": "a@example.org"}).status_code == 409
    finally:
        stop(proc)
