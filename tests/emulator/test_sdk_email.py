"""Email verification, driven by the official SDK (V3, V1, both with STS), and what a verified address changes."""

import pytest
from alibabacloud_domain20180129 import models as m
from alibabacloud_tea_openapi.exceptions import ClientException

PROFILE_A, PROFILE_C = 18100001, 18100003
NEW = "new.owner@example.org"


def submit(client, emails, again=None):
    body = client.submit_email_verification(m.SubmitEmailVerificationRequest(email=emails, send_if_exist=again)).body
    return {name: [(i.email, i.code) for i in getattr(body, name) or []]
            for name in ("success_list", "fail_list", "exist_list")}


def query(client, email):
    return client.query_email_verification(m.QueryEmailVerificationRequest(email=email)).body


def profile(client, pid):
    return client.query_registrant_profiles(m.QueryRegistrantProfilesRequest(
        registrant_profile_id=pid)).body.registrant_profiles.registrant_profile[0]


def test_submit_query_click_and_exist(emu, client, mode):
    got = submit(client, NEW + ", not-an-address ,zhangsan@example.com")
    assert got == {"success_list": [(NEW, "Success")], "fail_list": [("not-an-address", "ParameterIllegal")],
                   "exist_list": [("zhangsan@example.com", "EmailVerified")]}
    assert emu.calls(action="SubmitEmailVerification")[0]["params"]["Email"].startswith(NEW + ",")
    rec = query(client, NEW)
    assert rec.verification_status == 0 and rec.email == NEW and rec.token_send_time and rec.email_verification_no
    assert rec.verification_time == "" and rec.request_id
    # a rerun with SendIfExist=false mails nothing
    assert submit(client, NEW, again=False)["exist_list"] == [(NEW, "EmailVerificationExist")]
    assert emu.control("GET", "/stats")["emails_sent"] == 1
    clicked = emu.control("POST", "/email/verify", {"email": NEW.upper()})
    assert clicked["VerificationStatus"] == 1 and clicked["ConfirmIp"] == "127.0.0.1"
    rec = query(client, NEW)
    assert rec.verification_status == 1 and rec.verification_time
    assert submit(client, NEW, again=True)["exist_list"] == [(NEW, "EmailVerified")]
    with pytest.raises(ClientException) as err:
        query(client, "nobody@example.org")
    assert (err.value.code, err.value.status_code) == ("EmailVerificationNotExist", 400)
    assert emu.calls(action="QueryEmailVerification")[-1]["signature_version"] == mode[:2]


def test_quota_resend_and_delete(emu, client):
    emu.control("PUT", "/config", {"email_send_quota": 2})
    assert submit(client, NEW)["success_list"] == [(NEW, "Success")]
    assert submit(client, NEW, again=True)["success_list"] == [(NEW, "Success")]
    assert submit(client, NEW, again=True)["fail_list"] == [(NEW, "SendTokenQuotaExceeded")]
    body = client.resend_email_verification(m.ResendEmailVerificationRequest(email=NEW + ",ghost@example.org")).body
    assert [(i.email, i.code) for i in body.fail_list] == [(NEW, "SendTokenQuotaExceeded"),
                                                           ("ghost@example.org", "EmailVerificationNotExist")]
    assert "maximum number" in body.fail_list[0].message and body.success_list == []
    emu.control("POST", "/clock", {"advance": 86401})  # a day later the quota is back
    body = client.resend_email_verification(m.ResendEmailVerificationRequest(email=NEW)).body
    assert [(i.email, i.code) for i in body.success_list] == [(NEW, "Success")]
    body = client.delete_email_verification(m.DeleteEmailVerificationRequest(email=NEW + ",ghost@example.org")).body
    assert [i.email for i in body.success_list] == [NEW]
    assert [(i.email, i.code) for i in body.fail_list] == [("ghost@example.org", "EmailVerificationNotExist")]
    with pytest.raises(ClientException):
        query(client, NEW)


def test_list_paging_and_filters(emu, client):
    for i in range(5):
        submit(client, "user%d@example.org" % i)
    emu.control("POST", "/email/verify", {"email": "user3@example.org"})
    body = client.list_email_verification(m.ListEmailVerificationRequest(page_num=2, page_size=3)).body
    # 3 seeded (verified) addresses of the demo profiles + 5 new
    assert (body.total_item_num, body.total_page_num, body.current_page_num) == (8, 3, 2)
    assert body.pre_page is True and body.next_page is True and len(body.data) == 3
    waiting = client.list_email_verification(m.ListEmailVerificationRequest(verification_status=0)).body
    assert sorted(d.email for d in waiting.data) == ["user0@example.org", "user1@example.org", "user2@example.org",
                                                     "user4@example.org"]
    assert waiting.page_size == 500
    one = client.list_email_verification(m.ListEmailVerificationRequest(email="USER3@example.org")).body
    assert [(d.email, d.verification_status) for d in one.data] == [("user3@example.org", 1)]
    with pytest.raises(ClientException) as err:
        client.list_email_verification(m.ListEmailVerificationRequest(page_size=5001))
    assert err.value.code == "ParameterIllegal"


def test_link_expires_after_three_days(emu):
    client = emu.client("v3")
    submit(client, NEW)
    emu.control("POST", "/clock", {"advance": 3 * 86400 + 1})
    assert emu.control("POST", "/email/verify", {"email": NEW}, expect=409)["error"].startswith("the verification link")
    assert query(client, NEW).verification_status == 0
    client.resend_email_verification(m.ResendEmailVerificationRequest(email=NEW))
    assert emu.control("POST", "/email/verify", {"email": NEW})["VerificationStatus"] == 1
    emu.control("POST", "/email/verify", {"email": "ghost@example.org"}, expect=404)


def test_verified_address_marks_profiles_and_domains(emu):
    client = emu.client("v3")
    email = profile(client, PROFILE_C).email
    assert profile(client, PROFILE_C).email_verification_status == 0
    submit(client, email)
    emu.control("POST", "/email/verify", {"email": email})
    assert profile(client, PROFILE_C).email_verification_status == 1
    # a new profile with a verified address is verified; the domain whose registrant has it, too
    pid = client.save_registrant_profile(m.SaveRegistrantProfileRequest(registrant_type="1", email=email,
                                                                        registrant_name="W")).body.registrant_profile_id
    assert profile(client, pid).email_verification_status == 1
    client.delete_email_verification(m.DeleteEmailVerificationRequest(email=email))
    assert profile(client, PROFILE_C).email_verification_status == 0


def test_registrant_change_to_an_unverified_email_fails(emu):
    client = emu.client("v3")
    unverified = 18100005
    prof = profile(client, unverified)
    assert (prof.real_name_status, prof.email_verification_status) == ("SUCCEED", 0)

    def change():
        task_no = client.save_single_task_for_updating_contact_info(m.SaveSingleTaskForUpdatingContactInfoRequest(
            domain_name="old-brand.xyz", contact_type="registrant", registrant_profile_id=unverified)).body.task_no
        emu.complete_tasks()
        return client.query_task_detail_list(m.QueryTaskDetailListRequest(
            task_no=task_no, page_num=1, page_size=1)).body.data.task_detail[0]

    det = change()
    assert det.task_status_code == 3 and det.fail_reason == "RegContactEmailNotVerified"
    # an admin change to the same profile needs no verified email
    admin = client.save_single_task_for_updating_contact_info(m.SaveSingleTaskForUpdatingContactInfoRequest(
        domain_name="old-brand.xyz", contact_type="admin", registrant_profile_id=unverified)).body.task_no
    emu.complete_tasks()
    assert client.query_task_detail_list(m.QueryTaskDetailListRequest(
        task_no=admin, page_num=1, page_size=1)).body.data.task_detail[0].task_status_code == 2
    submit(client, prof.email)
    emu.control("POST", "/email/verify", {"email": prof.email})
    assert change().task_status_code == 2
    dom = client.query_domain_by_domain_name(m.QueryDomainByDomainNameRequest(domain_name="old-brand.xyz")).body
    assert dom.email == prof.email and dom.email_verification_status == 1
