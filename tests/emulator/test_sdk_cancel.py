"""CancelTask, driven by the official SDK (V3, V1, both with STS): only a task that has not started is cancelled."""

import pytest
from alibabacloud_domain20180129 import models as m
from alibabacloud_tea_openapi.exceptions import ClientException

PROFILE_A = 18100001
DOMAINS = ("old-brand.xyz", "promo-2026.top")


def batch(client, names=DOMAINS, ctype="admin"):
    return client.save_batch_task_for_updating_contact_info_by_registrant_profile_id(
        m.SaveBatchTaskForUpdatingContactInfoByRegistrantProfileIdRequest(
            contact_type=ctype, domain_name=list(names), registrant_profile_id=PROFILE_A)).body.task_no


def task_info(client, task_no):
    rows = client.query_task_list(m.QueryTaskListRequest(page_num=1, page_size=50)).body.data.task_info
    return next(t for t in rows if t.task_no == task_no)


def details(client, task_no):
    return client.query_task_detail_list(m.QueryTaskDetailListRequest(
        task_no=task_no, page_num=1, page_size=50)).body.data.task_detail


def admin_name(client, name):
    return client.query_contact_info(m.QueryContactInfoRequest(domain_name=name, contact_type="admin")).body.registrant_name


def test_waiting_task_is_cancelled_and_changes_nothing(emu, client, mode):
    emu.control("PUT", "/config", {"task_start_seconds": 60})
    task_no = batch(client)
    info = task_info(client, task_no)
    assert (info.task_cancel_status, info.task_cancel_status_code, info.task_status_code) == ("INIT", 0, 1)
    resp = client.cancel_task(m.CancelTaskRequest(task_no=task_no))
    assert resp.status_code == 200 and resp.body.request_id
    assert emu.calls(action="CancelTask")[0]["params"]["TaskNo"] == task_no
    assert emu.calls(action="CancelTask")[0]["signature_version"] == mode[:2]
    info = task_info(client, task_no)
    assert (info.task_cancel_status, info.task_cancel_status_code, info.task_status) == ("COMPLETE", 2, "COMPLETE")
    dets = details(client, task_no)
    assert {(d.task_status_code, d.fail_reason, d.try_count) for d in dets} == {(3, "TaskCancelled", 0)}
    # nothing is in flight any more: the domains are free, the contacts unchanged, even after the start time
    dom = client.query_domain_by_domain_name(m.QueryDomainByDomainNameRequest(domain_name="old-brand.xyz")).body
    assert dom.registrant_updating_status == "NORMAL"
    emu.control("POST", "/clock", {"advance": 120})
    assert [admin_name(client, n) for n in DOMAINS] == ["Chen Qi", "Zhou Ba"]
    # cancelling again answers as the first time did
    assert client.cancel_task(m.CancelTaskRequest(task_no=task_no)).status_code == 200
    stats = emu.control("GET", "/stats")
    assert stats["tasks_cancelled"] == 1 and stats["task_details_succeeded"] == 0 and stats["inflight_task_details"] == 0
    # and a new change of the same domains is accepted
    again = batch(client)
    emu.complete_tasks()
    assert {d.task_status_code for d in details(client, again)} == {2}


def test_running_or_finished_task_is_refused(emu, client):
    emu.control("PUT", "/config", {"task_start_seconds": 0, "task_seconds": 60})
    running = batch(client)
    with pytest.raises(ClientException) as err:
        client.cancel_task(m.CancelTaskRequest(task_no=running))
    assert (err.value.code, err.value.status_code) == ("TaskCannotBeCancelled", 400)
    assert task_info(client, running).task_cancel_status == "INIT"
    emu.complete_tasks()
    with pytest.raises(ClientException) as err:
        client.cancel_task(m.CancelTaskRequest(task_no=running))
    assert err.value.code == "TaskCannotBeCancelled"
    assert [admin_name(client, n) for n in DOMAINS] == ["Zhang San", "Zhang San"]
    with pytest.raises(ClientException) as err:
        client.cancel_task(m.CancelTaskRequest(task_no="00000000-0000-0000-0000-000000000000"))
    assert err.value.code == "TaskNotExist"
    with pytest.raises(ClientException) as err:
        client.cancel_task(m.CancelTaskRequest())
    assert err.value.code == "MissingParameter"


def test_lock_task_can_be_cancelled_too(emu):
    client = emu.client("v3")
    emu.control("PUT", "/config", {"task_start_seconds": 60})
    task_no = client.save_single_task_for_update_prohibition_lock(m.SaveSingleTaskForUpdateProhibitionLockRequest(
        domain_name="locked-example.com", status=False)).body.task_no
    client.cancel_task(m.CancelTaskRequest(task_no=task_no))
    emu.control("POST", "/clock", {"advance": 120})
    dom = client.query_domain_by_domain_name(m.QueryDomainByDomainNameRequest(domain_name="locked-example.com")).body
    assert dom.update_prohibition_lock == "OPEN"
    # the lock may be changed again at once
    assert client.save_single_task_for_update_prohibition_lock(m.SaveSingleTaskForUpdateProhibitionLockRequest(
        domain_name="locked-example.com", status=False)).body.task_no


def test_task_start_seconds_schedules_waiting_then_executing(emu):
    client = emu.client("v3")
    emu.control("PUT", "/config", {"task_start_seconds": 10, "task_seconds": 3})
    task_no = batch(client, ["old-brand.xyz"])
    assert details(client, task_no)[0].task_status_code == 0
    emu.control("POST", "/clock", {"advance": 10.5})
    assert details(client, task_no)[0].task_status_code == 1
    emu.control("POST", "/clock", {"advance": 2})
    assert details(client, task_no)[0].task_status_code == 2
    assert emu.control("GET", "/config")["task_start_seconds"] == 10
    emu.control("PUT", "/config", {"task_start_seconds": None})
    assert emu.control("GET", "/config")["task_start_seconds"] is None
    emu.control("POST", "/clock", {"advance": -1}, expect=400)
