"""Asynchronous tasks, in-flight protection, failures, paging and the bulk seed."""

import time

import pytest
from alibabacloud_domain20180129 import models as m
from alibabacloud_tea_openapi.exceptions import ClientException

from state import CONTACT_FIELDS

PROFILE_A, PROFILE_B, PROFILE_C = 18100001, 18100002, 18100003


def save_single(client, domain, ctype, pid):
    return client.save_single_task_for_updating_contact_info(m.SaveSingleTaskForUpdatingContactInfoRequest(
        domain_name=domain, contact_type=ctype, registrant_profile_id=pid)).body.task_no


def detail(client, task_no):
    return client.query_task_detail_list(m.QueryTaskDetailListRequest(task_no=task_no, page_num=1,
                                                                      page_size=10)).body.data.task_detail[0]


def contact(client, domain, ctype):
    body = client.query_contact_info(m.QueryContactInfoRequest(domain_name=domain, contact_type=ctype)).body
    body.request_id = None
    return body


def updating(client, domain):
    return client.query_domain_by_domain_name(
        m.QueryDomainByDomainNameRequest(domain_name=domain)).body.registrant_updating_status


def test_lifecycle_waiting_executing_success(emu):
    client = emu.client("v3")
    start = time.time()
    task_no = save_single(client, "old-brand.xyz", "admin", PROFILE_A)
    first = detail(client, task_no)
    assert (first.task_status_code, first.task_status, first.try_count) == (0, "WAITING_EXECUTE", 0)
    assert updating(client, "old-brand.xyz") == "PENDING"
    assert contact(client, "old-brand.xyz", "admin").registrant_name == "Chen Qi"
    time.sleep(max(0.0, start + 0.17 - time.time()))
    running = detail(client, task_no)
    assert (running.task_status_code, running.task_status) == (1, "EXECUTING")
    task = client.query_task_list(m.QueryTaskListRequest(page_num=1, page_size=1)).body.data.task_info[0]
    assert (task.task_status_code, task.task_status) == (2, "EXECUTING")
    assert contact(client, "old-brand.xyz", "admin").registrant_name == "Chen Qi"   # not before success
    time.sleep(max(0.0, start + 0.36 - time.time()))
    done = detail(client, task_no)
    assert (done.task_status_code, done.task_status, done.error_msg) == (2, "EXECUTE_SUCCESS", "")
    assert updating(client, "old-brand.xyz") == "NORMAL"
    after = contact(client, "old-brand.xyz", "admin").to_map()
    profile = client.query_registrant_profiles(m.QueryRegistrantProfilesRequest(
        registrant_profile_id=PROFILE_A)).body.registrant_profiles.registrant_profile[0].to_map()
    assert {f: after.get(f) for f in CONTACT_FIELDS} == {f: profile.get(f) for f in CONTACT_FIELDS}
    assert contact(client, "old-brand.xyz", "tech").registrant_name == "Chen Qi"    # other contacts untouched


def test_in_flight_protection(emu):
    client = emu.client("v1")
    save_single(client, "promo-2026.top", "registrant", PROFILE_B)
    for ctype in ("registrant", "admin"):
        with pytest.raises(ClientException) as err:
            save_single(client, "promo-2026.top", ctype, PROFILE_B)
        assert (err.value.code, err.value.status_code) == ("TaskIsBeingProcessed", 400)
        assert err.value.data["Message"] == "An operation is being processed. Please try again later."
    with pytest.raises(ClientException) as err:   # a batch is refused as a whole if one domain is busy
        client.save_batch_task_for_updating_contact_info_by_registrant_profile_id(
            m.SaveBatchTaskForUpdatingContactInfoByRegistrantProfileIdRequest(
                contact_type="tech", domain_name=["old-brand.xyz", "promo-2026.top"], registrant_profile_id=PROFILE_A))
    assert err.value.code == "TaskIsBeingProcessed"
    with pytest.raises(ClientException) as err:
        client.save_batch_task_for_updating_contact_info_by_new_contact(
            m.SaveBatchTaskForUpdatingContactInfoByNewContactRequest(
                contact_type="tech", domain_name=["promo-2026.top"], registrant_type="1", registrant_name="X",
                email="x@example.com"))
    assert err.value.code == "TaskIsBeingProcessed"
    chg = client.query_domain_list(m.QueryDomainListRequest(page_num=1, page_size=5,
                                                            domain_name="promo-2026")).body.data.domain[0]
    assert chg.chgholder_status == "PENDING"
    stats = emu.control("GET", "/stats")
    assert (stats["tasks_created"], stats["duplicate_tasks"], stats["busy_rejections"]) == (1, 0, 4)
    assert stats["inflight_task_details"] == 1
    assert emu.complete_tasks() == 1
    assert updating(client, "promo-2026.top") == "NORMAL"
    save_single(client, "promo-2026.top", "admin", PROFILE_B)    # free again
    assert emu.control("GET", "/stats")["duplicate_tasks"] == 0


def test_duplicate_tasks_are_counted_when_the_guard_is_off(emu):
    client = emu.client("v3")
    emu.control("PUT", "/config", {"busy_check": False})
    save_single(client, "old-brand.xyz", "admin", PROFILE_A)
    save_single(client, "old-brand.xyz", "admin", PROFILE_A)
    save_single(client, "old-brand.xyz", "tech", PROFILE_A)
    stats = emu.control("GET", "/stats")
    assert (stats["tasks_created"], stats["duplicate_tasks"]) == (3, 1)


def test_noop_tasks_are_counted(emu):
    client = emu.client("v3")
    save_single(client, "example-shop.com", "admin", PROFILE_A)   # already on profile A
    assert emu.control("GET", "/stats")["noop_task_details"] == 1


def test_registrant_change_to_unverified_profile_fails(emu):
    client = emu.client("v3-sts")
    before = contact(client, "wangwu.net", "registrant").to_map()
    task_no = save_single(client, "wangwu.net", "registrant", PROFILE_C)
    assert detail(client, task_no).task_type == "CHG_HOLDER"
    emu.complete_tasks()
    det = detail(client, task_no)
    assert (det.task_status_code, det.task_status) == (3, "EXECUTE_FAILURE")
    assert "real-name" in det.error_msg and det.fail_reason
    assert contact(client, "wangwu.net", "registrant").to_map() == before
    failed = client.poll_task_result(m.PollTaskResultRequest(task_no=task_no, page_num=1, page_size=10,
                                                             task_result_status=3)).body
    assert failed.total_item_num == 1 and failed.data.task_detail[0].error_msg == det.error_msg
    filtered = client.query_task_detail_list(m.QueryTaskDetailListRequest(task_no=task_no, page_num=1, page_size=10,
                                                                          task_status=3)).body
    assert filtered.total_item_num == 1
    # real-name matters for the registrant only
    admin_task = save_single(client, "wangwu.net", "admin", PROFILE_C)
    emu.complete_tasks()
    assert detail(client, admin_task).task_status_code == 2
    assert contact(client, "wangwu.net", "admin").registrant_name == "Wang Wu"


def test_update_locked_domain_is_refused_or_fails(emu):
    """A single change is refused at once; in a batch the locked domain's detail fails with the same code."""
    client = emu.client("v1-sts")
    with pytest.raises(ClientException) as err:
        save_single(client, "locked-example.com", "admin", PROFILE_A)
    assert (err.value.code, err.value.status_code) == ("DomainUpdateProhibited", 400)
    assert "prohibit" in err.value.message
    assert emu.control("GET", "/stats")["tasks_created"] == 0
    task_no = client.save_batch_task_for_updating_contact_info_by_registrant_profile_id(
        m.SaveBatchTaskForUpdatingContactInfoByRegistrantProfileIdRequest(
            contact_type="admin", domain_name=["locked-example.com", "old-brand.xyz"],
            registrant_profile_id=PROFILE_A)).body.task_no
    emu.complete_tasks()
    details = {d.domain_name: d for d in client.query_task_detail_list(m.QueryTaskDetailListRequest(
        task_no=task_no, page_num=1, page_size=10)).body.data.task_detail}
    det = details["locked-example.com"]
    assert det.task_status_code == 3 and "prohibit" in det.error_msg and det.fail_reason == "DomainUpdateProhibited"
    assert details["old-brand.xyz"].task_status_code == 2
    assert contact(client, "locked-example.com", "admin").registrant_name == "Chen Qi"
    stats = emu.control("GET", "/stats")
    assert stats["task_details_failed"] == 1 and stats["lock_rejections"] == 1


def test_task_seconds_zero_finishes_at_creation(emu):
    client = emu.client("v3")
    emu.control("PUT", "/config", {"task_seconds": 0})
    task_no = save_single(client, "zhangsan.cn", "billing", PROFILE_A)
    assert detail(client, task_no).task_status_code == 2
    assert updating(client, "zhangsan.cn") == "NORMAL"
    assert contact(client, "zhangsan.cn", "billing").registrant_name == "Zhang San"


def test_task_history_cursor_paging(emu):
    client = emu.client("v3")
    emu.control("PUT", "/config", {"task_seconds": 0})
    made = [save_single(client, name, "tech", PROFILE_B) for name in
            ("old-brand.xyz", "promo-2026.top", "zhangsan.cn", "wangwu.net", "acme-global.xyz")]
    seen, kwargs = [], {}
    for _dummy in range(5):
        body = client.query_task_info_history(m.QueryTaskInfoHistoryRequest(page_size=2, **kwargs)).body
        seen.extend(o.task_no for o in body.objects)
        if body.next_page_cursor is None:
            break
        kwargs = {"create_time_cursor": body.next_page_cursor.create_time_long,
                  "task_no_cursor": body.next_page_cursor.task_no}
    assert sorted(seen) == sorted(made) and len(seen) == 5
    batch = client.save_batch_task_for_updating_contact_info_by_registrant_profile_id(
        m.SaveBatchTaskForUpdatingContactInfoByRegistrantProfileIdRequest(
            contact_type="billing", registrant_profile_id=PROFILE_B,
            domain_name=["old-brand.xyz", "promo-2026.top", "zhangsan.cn", "wangwu.net", "acme-global.xyz"])).body
    names, kwargs = [], {}
    for _dummy in range(5):
        body = client.query_task_detail_history(m.QueryTaskDetailHistoryRequest(
            task_no=batch.task_no, page_size=2, **kwargs)).body
        names.extend(o.domain_name for o in body.objects)
        if body.next_page_cursor is None:
            break
        kwargs = {"task_detail_no_cursor": body.next_page_cursor.task_detail_no,
                  "domain_name_cursor": body.next_page_cursor.domain_name}
    assert names == ["old-brand.xyz", "promo-2026.top", "zhangsan.cn", "wangwu.net", "acme-global.xyz"]
    assert body.pre_page_cursor is not None


def test_bulk_seed_paging_and_fraction(emu):
    emu.control("POST", "/reset", {"seed": "bulk:120"})
    client = emu.client("v1")
    names = []
    for page in (1, 2, 3):
        body = client.query_domain_list(m.QueryDomainListRequest(page_num=page, page_size=50)).body
        assert body.total_item_num == 120 and body.total_page_num == 3
        names.extend(d.domain_name for d in body.data.domain)
    assert len(names) == len(set(names)) == 120
    assert any(not n.isascii() for n in names)
    target = client.query_registrant_profiles(m.QueryRegistrantProfilesRequest(
        registrant_profile_id=1)).body.registrant_profiles.registrant_profile[0].to_map()
    state = emu.control("GET", "/state")

    def matches(c):
        return all((c.get(f) or "") == (target.get(f) or "") for f in CONTACT_FIELDS)

    differ = [d["DomainName"] for d in state["domains"] if not matches(d["contacts"]["registrant"])]
    admin_differ = [d["DomainName"] for d in state["domains"] if not matches(d["contacts"]["admin"])]
    assert len(differ) == 72 and differ == admin_differ
    assert all(matches(d["contacts"]["billing"]) and matches(d["contacts"]["tech"]) for d in state["domains"])
    emu.control("POST", "/reset", {"seed": "bulk:10:0.2"})
    assert len(emu.control("GET", "/state")["domains"]) == 10
    again = emu.control("POST", "/reset", {"seed": "bulk:120"})
    assert again["domains"] == 120 and [d["DomainName"] for d in emu.control("GET", "/state")["domains"]][:50] == \
        names[:50]
