"""Every implemented action, driven by the official SDK in V3, V1, and both with STS."""

import pytest
from alibabacloud_domain20180129 import models as m
from alibabacloud_tea_openapi.exceptions import ClientException

PROFILE_A, PROFILE_B, PROFILE_C, PROFILE_D = 18100001, 18100002, 18100003, 18100004


def test_query_contact_info(emu, client, mode):
    resp = client.query_contact_info(m.QueryContactInfoRequest(domain_name="example-shop.com",
                                                               contact_type="registrant"))
    body = resp.body
    assert resp.status_code == 200
    assert body.registrant_name == "Zhang San" and body.zh_registrant_name == "张三"
    assert body.email == "zhangsan@example.com" and body.create_date == "2021-05-10 10:01:02"
    assert body.request_id
    # the IDN is found by its U-label and its A-label alike
    for name in ("例子.中国", "xn--fsqu00a.xn--fiqs8s"):
        idn = client.query_contact_info(m.QueryContactInfoRequest(domain_name=name, contact_type="tech")).body
        assert idn.zh_address == "余杭区文一西路969号"
    # an absent field comes back absent (None), not as ""
    admin = client.query_contact_info(m.QueryContactInfoRequest(domain_name="example-blog.net",
                                                                contact_type="admin")).body
    assert admin.tel_ext is None and admin.telephone == "13000000001"
    calls = emu.calls(action="QueryContactInfo")
    assert calls[-1]["signature_version"] == mode[:2]


def test_query_registrant_profiles(emu, client):
    body = client.query_registrant_profiles(m.QueryRegistrantProfilesRequest(page_num=1, page_size=2)).body
    assert (body.total_item_num, body.total_page_num, body.current_page_num) == (5, 3, 1)
    assert body.next_page is True and body.pre_page is False and body.page_size == 2
    first = body.registrant_profiles.registrant_profile[0]
    assert first.registrant_profile_id == PROFILE_A and first.default_registrant_profile is True
    assert first.real_name_status == "SUCCEED" and first.email_verification_status == 1
    assert first.registrant_type == "1" and first.registrant_profile_type == "common"
    page2 = client.query_registrant_profiles(m.QueryRegistrantProfilesRequest(page_num=2, page_size=2)).body
    assert [p.registrant_profile_id for p in page2.registrant_profiles.registrant_profile] == [PROFILE_C, PROFILE_D]
    assert page2.next_page is True and page2.pre_page is True
    one = client.query_registrant_profiles(m.QueryRegistrantProfilesRequest(
        registrant_profile_id=PROFILE_C, page_num=1, page_size=1)).body
    prof = one.registrant_profiles.registrant_profile[0]
    assert one.total_item_num == 1 and prof.real_name_status == "NONAUDIT" and prof.registrant_name == "Wang Wu"
    ent = client.query_registrant_profiles(m.QueryRegistrantProfilesRequest(registrant_type="2")).body
    assert sorted(p.registrant_profile_id for p in ent.registrant_profiles.registrant_profile) == [PROFILE_B, PROFILE_D]
    dflt = client.query_registrant_profiles(m.QueryRegistrantProfilesRequest(default_registrant_profile=True)).body
    assert [p.registrant_profile_id for p in dflt.registrant_profiles.registrant_profile] == [PROFILE_A]
    unverified = client.query_registrant_profiles(m.QueryRegistrantProfilesRequest(real_name_status="NONAUDIT")).body
    assert [p.registrant_profile_id for p in unverified.registrant_profiles.registrant_profile] == [PROFILE_C]
    with pytest.raises(ClientException) as err:
        client.query_registrant_profiles(m.QueryRegistrantProfilesRequest(page_num=1, page_size=5001))
    assert (err.value.code, err.value.status_code) == ("ParameterIllegal", 400)


def test_save_update_delete_registrant_profile(emu, client):
    new = client.save_registrant_profile(m.SaveRegistrantProfileRequest(
        registrant_type="1", registrant_name="Room 1 *~/+=&? Road", zh_registrant_name="赵六", email="z@example.com",
        address="Room 1 *~/+=&? Road", tel_ext="", country="CN")).body
    pid = new.registrant_profile_id
    assert isinstance(pid, int) and pid > PROFILE_D
    got = client.query_registrant_profiles(m.QueryRegistrantProfilesRequest(registrant_profile_id=pid)).body
    prof = got.registrant_profiles.registrant_profile[0]
    assert prof.address == "Room 1 *~/+=&? Road" and prof.zh_registrant_name == "赵六"
    assert prof.real_name_status == "NONAUDIT" and prof.email_verification_status == 0
    assert prof.registrant_profile_type == "common" and prof.default_registrant_profile is False
    upd = client.save_registrant_profile(m.SaveRegistrantProfileRequest(registrant_profile_id=pid, city="hang zhou shi",
                                                                        default_registrant_profile=True)).body
    assert upd.registrant_profile_id == pid
    dflt = client.query_registrant_profiles(m.QueryRegistrantProfilesRequest(default_registrant_profile=True)).body
    assert [(p.registrant_profile_id, p.city) for p in dflt.registrant_profiles.registrant_profile] == [
        (pid, "hang zhou shi")]
    client.delete_registrant_profile(m.DeleteRegistrantProfileRequest(registrant_profile_id=pid))
    left = client.query_registrant_profiles(m.QueryRegistrantProfilesRequest(registrant_profile_id=pid)).body
    assert left.total_item_num == 0 and left.registrant_profiles.registrant_profile == []
    with pytest.raises(ClientException) as err:
        client.delete_registrant_profile(m.DeleteRegistrantProfileRequest())
    assert (err.value.code, err.value.status_code) == ("MissingParameter", 400)
    assert "RegistrantProfileId" in err.value.message
    with pytest.raises(ClientException) as err:
        client.save_registrant_profile(m.SaveRegistrantProfileRequest(registrant_type="3"))
    assert err.value.code == "ParameterIllegal"


def test_query_domain_by_domain_name(emu, client):
    body = client.query_domain_by_domain_name(m.QueryDomainByDomainNameRequest(domain_name="example-shop.com")).body
    assert body.domain_name == "example-shop.com" and body.instance_id == "S20210510A0000001"
    assert [(t.key, t.vaue) for t in body.tag.tag] == [("env", "prod"), ("owner", "zhangsan")]
    assert body.dns_list.dns == ["dns1.hichina.com", "dns2.hichina.com"]
    assert body.registrant_updating_status == "NORMAL" and body.update_prohibition_lock == "CLOSE"
    assert body.domain_group_id == 2101 and body.domain_group_name == "production"
    assert body.expiration_date == "2027-05-10 10:01:02" and body.expiration_date_long == 1809943262000
    assert body.registration_date_long == 1620640862000 and body.expiration_date_status == "1"
    assert body.registrant_name == "Zhang San" and body.email == "zhangsan@example.com"
    assert body.registrar and body.domain_status == "3" and body.real_name_status == "SUCCEED"
    locked = client.query_domain_by_domain_name(m.QueryDomainByDomainNameRequest(domain_name="locked-example.com"))
    assert locked.body.update_prohibition_lock == "OPEN"
    with pytest.raises(ClientException) as err:
        client.query_domain_by_domain_name(m.QueryDomainByDomainNameRequest(domain_name="nope.example"))
    assert (err.value.code, err.value.status_code) == ("DomainNotExist", 400)


def test_query_domain_by_instance_id(emu, client):
    body = client.query_domain_by_instance_id(m.QueryDomainByInstanceIdRequest(instance_id="S20220808A0000008")).body
    assert body.domain_name == "例子.中国" and body.domain_type == "ccTLD"
    assert [(t.key, t.value) for t in body.tag.tag] == [("idn", "yes")]
    assert body.domain_lifecycle_status and body.dns_list.dns
    assert "Registrar" not in body.to_map()
    with pytest.raises(ClientException) as err:
        client.query_domain_by_instance_id(m.QueryDomainByInstanceIdRequest())
    assert (err.value.code, err.value.status_code) == ("MissingParameter", 400)


def test_query_domain_list(emu, client):
    body = client.query_domain_list(m.QueryDomainListRequest(page_num=1, page_size=5)).body
    assert (body.total_item_num, body.total_page_num, body.next_page, body.pre_page) == (13, 3, True, False)
    first = body.data.domain[0]
    assert first.domain_name == "example-shop.com" and first.dns_list.dns_list == ["dns1.hichina.com",
                                                                                   "dns2.hichina.com"]
    assert first.tag.tag[0].value == "prod" and first.domain_group_id == "2101" and first.auto_renew_enabled is True
    last = client.query_domain_list(m.QueryDomainListRequest(page_num=3, page_size=5)).body
    assert len(last.data.domain) == 3 and last.next_page is False and last.pre_page is True
    seen = [d.domain_name for p in (1, 2, 3) for d in client.query_domain_list(
        m.QueryDomainListRequest(page_num=p, page_size=5)).body.data.domain]
    assert len(seen) == len(set(seen)) == 13
    acme = client.query_domain_list(m.QueryDomainListRequest(page_num=1, page_size=50, domain_name="acme")).body
    assert sorted(d.domain_name for d in acme.data.domain) == ["acme-global.com", "acme-global.xyz"]
    group = client.query_domain_list(m.QueryDomainListRequest(page_num=1, page_size=50, domain_group_id="2102")).body
    assert sorted(d.domain_name for d in group.data.domain) == sorted(["example-blog.net", "zhangsan.cn", "例子.中国"])
    tagged = client.query_domain_list(m.QueryDomainListRequest(page_num=1, page_size=50, tag=[
        m.QueryDomainListRequestTag(key="env", value="prod"), m.QueryDomainListRequestTag(key="owner", value="corp")]))
    assert [d.domain_name for d in tagged.body.data.domain] == ["example-corp.com"]
    ordered = client.query_domain_list(m.QueryDomainListRequest(page_num=1, page_size=50,
                                                                order_key_type="ExpirationDate",
                                                                order_by_type="DESC")).body.data.domain
    longs = [d.expiration_date_long for d in ordered]
    assert longs == sorted(longs, reverse=True)
    window = client.query_domain_list(m.QueryDomainListRequest(
        page_num=1, page_size=50, start_registration_date=1640995200000, end_registration_date=1672531199000)).body
    assert sorted(d.domain_name for d in window.data.domain) == sorted(
        ["例子.中国", "acme-global.com", "acme-global.xyz"])  # registered in 2022
    with pytest.raises(ClientException) as err:
        client.query_domain_list(m.QueryDomainListRequest(page_num=1))
    assert (err.value.code, err.value.status_code) == ("MissingParameter", 400) and "PageSize" in err.value.message


def test_single_task_and_task_queries(emu, client):
    resp = client.save_single_task_for_updating_contact_info(m.SaveSingleTaskForUpdatingContactInfoRequest(
        domain_name="old-brand.xyz", contact_type="registrant", registrant_profile_id=PROFILE_A,
        add_transfer_lock=True))
    task_no = resp.body.task_no
    assert resp.status_code == 200 and task_no and resp.body.request_id
    details = client.query_task_detail_list(m.QueryTaskDetailListRequest(task_no=task_no, page_num=1,
                                                                         page_size=10)).body
    det = details.data.task_detail[0]
    assert details.total_item_num == 1 and det.domain_name == "old-brand.xyz" and det.task_no == task_no
    assert det.task_type == "CHG_HOLDER" and det.task_status_code in (0, 1)
    assert det.task_status in ("WAITING_EXECUTE", "EXECUTING") and det.instance_id == "S20190715A0000006"
    tasks = client.query_task_list(m.QueryTaskListRequest(page_num=1, page_size=10)).body
    info = tasks.data.task_info[0]
    assert info.task_no == task_no and info.task_num == 1 and info.task_status_code in (1, 2)
    assert info.clientip == "127.0.0.1" and info.task_type == "CHG_HOLDER"
    assert emu.complete_tasks() == 1
    det = client.query_task_detail_list(m.QueryTaskDetailListRequest(task_no=task_no, page_num=1,
                                                                     page_size=10)).body.data.task_detail[0]
    assert (det.task_status_code, det.task_status) == (2, "EXECUTE_SUCCESS")
    info = client.query_task_list(m.QueryTaskListRequest(page_num=1, page_size=10)).body.data.task_info[0]
    assert (info.task_status_code, info.task_status) == (3, "COMPLETE")
    polled = client.poll_task_result(m.PollTaskResultRequest(task_no=task_no, page_num=1, page_size=10)).body
    assert [d.task_status_code for d in polled.data.task_detail] == [2]
    assert "FailReason" not in polled.data.task_detail[0].to_map()
    failed_only = client.poll_task_result(m.PollTaskResultRequest(task_no=task_no, page_num=1, page_size=10,
                                                                  task_result_status=3)).body
    assert failed_only.total_item_num == 0
    hist = client.query_task_info_history(m.QueryTaskInfoHistoryRequest(page_size=10)).body
    assert hist.objects[0].task_no == task_no and hist.objects[0].create_time_long > 0
    assert hist.current_page_cursor.task_no == task_no and hist.next_page_cursor is None
    dhist = client.query_task_detail_history(m.QueryTaskDetailHistoryRequest(task_no=task_no, page_size=10)).body
    assert dhist.objects[0].domain_name == "old-brand.xyz" and dhist.objects[0].task_status_code == 2
    contact = client.query_contact_info(m.QueryContactInfoRequest(domain_name="old-brand.xyz",
                                                                  contact_type="registrant")).body
    assert contact.registrant_name == "Zhang San"
    dom = client.query_domain_by_domain_name(m.QueryDomainByDomainNameRequest(domain_name="old-brand.xyz")).body
    assert dom.transfer_prohibition_lock == "OPEN" and dom.registrant_updating_status == "NORMAL"


def test_batch_task_by_profile(emu, client):
    resp = client.save_batch_task_for_updating_contact_info_by_registrant_profile_id(
        m.SaveBatchTaskForUpdatingContactInfoByRegistrantProfileIdRequest(
            contact_type="admin", domain_name=["old-brand.xyz", "promo-2026.top", "例子.中国"],
            registrant_profile_id=PROFILE_B, transfer_out_prohibited=False))
    task_no = resp.body.task_no
    body = client.query_task_detail_list(m.QueryTaskDetailListRequest(task_no=task_no, page_num=1,
                                                                      page_size=2)).body
    assert body.total_item_num == 3 and body.total_page_num == 2 and len(body.data.task_detail) == 2
    assert {d.task_type for d in body.data.task_detail} == {"UPDATE_ADMIN_CONTACT"}
    emu.complete_tasks()
    for name in ("old-brand.xyz", "promo-2026.top", "例子.中国"):
        admin = client.query_contact_info(m.QueryContactInfoRequest(domain_name=name, contact_type="admin")).body
        assert admin.registrant_organization == "Hangzhou Example Technology Co., Ltd."
    one = client.query_task_detail_list(m.QueryTaskDetailListRequest(task_no=task_no, page_num=1, page_size=10,
                                                                     domain_name="promo-2026.top")).body
    assert [d.domain_name for d in one.data.task_detail] == ["promo-2026.top"]
    ok = client.query_task_detail_list(m.QueryTaskDetailListRequest(task_no=task_no, page_num=1, page_size=10,
                                                                    task_status=2)).body
    assert ok.total_item_num == 3


def test_batch_task_by_new_contact(emu, client):
    resp = client.save_batch_task_for_updating_contact_info_by_new_contact(
        m.SaveBatchTaskForUpdatingContactInfoByNewContactRequest(
            contact_type="tech", domain_name=["acme-global.xyz"], registrant_type="2",
            registrant_name="Ops Team", registrant_organization="Acme Global Ltd.", email="ops@acme.example",
            country="SG", province="Singapore", city="Singapore", address="1 Raffles Place", postal_code="048616",
            tel_area="65", telephone="62000001"))
    assert resp.body.task_no
    emu.complete_tasks()
    tech = client.query_contact_info(m.QueryContactInfoRequest(domain_name="acme-global.xyz",
                                                               contact_type="tech")).body
    assert (tech.registrant_name, tech.email, tech.telephone) == ("Ops Team", "ops@acme.example", "62000001")
    detail = client.query_task_detail_list(m.QueryTaskDetailListRequest(task_no=resp.body.task_no, page_num=1,
                                                                        page_size=10)).body.data.task_detail[0]
    assert detail.task_type == "UPDATE_TECH_CONTACT" and detail.task_status_code == 2
    with pytest.raises(ClientException) as err:
        client.save_batch_task_for_updating_contact_info_by_new_contact(
            m.SaveBatchTaskForUpdatingContactInfoByNewContactRequest(contact_type="tech",
                                                                     domain_name=["acme-global.xyz"]))
    assert err.value.code == "MissingParameter" and "RegistrantType" in err.value.message


def test_parameter_errors(emu, client):
    with pytest.raises(ClientException) as err:
        client.save_single_task_for_updating_contact_info(m.SaveSingleTaskForUpdatingContactInfoRequest(
            domain_name="old-brand.xyz", contact_type="owner", registrant_profile_id=PROFILE_A))
    assert (err.value.code, err.value.status_code) == ("ParameterIllegal", 400)
    with pytest.raises(ClientException) as err:
        client.save_single_task_for_updating_contact_info(m.SaveSingleTaskForUpdatingContactInfoRequest(
            domain_name="old-brand.xyz", contact_type="admin"))
    assert err.value.code == "MissingParameter" and "RegistrantProfileId" in err.value.message
    with pytest.raises(ClientException) as err:
        client.save_single_task_for_updating_contact_info(m.SaveSingleTaskForUpdatingContactInfoRequest(
            domain_name="not-mine.com", contact_type="admin", registrant_profile_id=PROFILE_A))
    assert (err.value.code, err.value.status_code) == ("DomainNotExist", 400)
    assert err.value.data["Recommend"].endswith("q=DomainNotExist&product=Domain")
    assert err.value.data["HostId"] == "domain.aliyuncs.com" and err.value.request_id
    with pytest.raises(ClientException) as err:
        client.query_contact_info(m.QueryContactInfoRequest(domain_name="example-shop.com"))
    assert err.value.code == "MissingParameter" and "ContactType" in err.value.message
    with pytest.raises(ClientException) as err:
        client.query_task_detail_list(m.QueryTaskDetailListRequest(task_no="x", page_num=1, page_size=1001))
    assert err.value.code == "ParameterIllegal"
    assert emu.control("GET", "/stats")["tasks_created"] == 0
