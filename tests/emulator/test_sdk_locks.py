"""Update and transfer prohibition locks, driven by the official SDK (V3, V1, both with STS)."""

import pytest
from alibabacloud_domain20180129 import models as m
from alibabacloud_tea_openapi.exceptions import ClientException

from state import load_seed

PROFILE_A = 18100001


def domain(client, name):
    return client.query_domain_by_domain_name(m.QueryDomainByDomainNameRequest(domain_name=name)).body


def details(client, task_no):
    body = client.query_task_detail_list(m.QueryTaskDetailListRequest(task_no=task_no, page_num=1, page_size=50)).body
    return {d.domain_name: d for d in body.data.task_detail}


def test_single_update_lock_is_a_task_that_lifts_the_lock(emu, client, mode):
    resp = client.save_single_task_for_update_prohibition_lock(m.SaveSingleTaskForUpdateProhibitionLockRequest(
        domain_name="locked-example.com", status=False))
    task_no = resp.body.task_no
    assert resp.status_code == 200 and task_no and resp.body.request_id
    det = details(client, task_no)["locked-example.com"]
    assert det.task_type == "SET_UPDATE_PROHIBITED" and det.task_status_code in (0, 1)
    info = client.query_task_list(m.QueryTaskListRequest(page_num=1, page_size=5)).body.data.task_info[0]
    assert (info.task_no, info.task_type, info.task_num) == (task_no, "SET_UPDATE_PROHIBITED", 1)
    # still locked until the task has run; a lock task is no contact change
    dom = domain(client, "locked-example.com")
    assert dom.update_prohibition_lock == "OPEN" and dom.registrant_updating_status == "NORMAL"
    with pytest.raises(ClientException) as err:
        client.save_single_task_for_update_prohibition_lock(m.SaveSingleTaskForUpdateProhibitionLockRequest(
            domain_name="locked-example.com", status=False))
    assert err.value.code == "TaskIsBeingProcessed"
    assert emu.complete_tasks() == 1
    assert details(client, task_no)["locked-example.com"].task_status_code == 2
    dom = domain(client, "locked-example.com")
    assert dom.update_prohibition_lock == "CLOSE" and dom.transfer_prohibition_lock == "OPEN"
    changed = client.save_single_task_for_updating_contact_info(m.SaveSingleTaskForUpdatingContactInfoRequest(
        domain_name="locked-example.com", contact_type="admin", registrant_profile_id=PROFILE_A)).body.task_no
    emu.complete_tasks()
    assert details(client, changed)["locked-example.com"].task_status_code == 2
    call = emu.calls(action="SaveSingleTaskForUpdateProhibitionLock")[0]
    assert call["params"]["Status"] in ("false", "False") and call["signature_version"] == mode[:2]


def test_batch_update_lock_on_then_contact_changes_are_refused(emu, client):
    names = ["old-brand.xyz", "promo-2026.top", "old-brand.xyz"]
    task_no = client.save_batch_task_for_update_prohibition_lock(m.SaveBatchTaskForUpdateProhibitionLockRequest(
        domain_name=names, status=True)).body.task_no
    call = emu.calls(action="SaveBatchTaskForUpdateProhibitionLock")[0]["params"]
    assert (call["DomainName.1"], call["DomainName.2"]) == ("old-brand.xyz", "promo-2026.top")
    assert sorted(details(client, task_no)) == ["old-brand.xyz", "promo-2026.top"]
    with pytest.raises(ClientException) as err:
        client.save_batch_task_for_update_prohibition_lock(m.SaveBatchTaskForUpdateProhibitionLockRequest(
            domain_name=["acme-global.com", "promo-2026.top"], status=True))
    assert err.value.code == "TaskIsBeingProcessed"
    emu.complete_tasks()
    assert {d.task_status_code for d in details(client, task_no).values()} == {2}
    assert domain(client, "promo-2026.top").update_prohibition_lock == "OPEN"
    assert domain(client, "acme-global.com").update_prohibition_lock == "CLOSE"
    with pytest.raises(ClientException) as err:
        client.save_single_task_for_updating_contact_info(m.SaveSingleTaskForUpdatingContactInfoRequest(
            domain_name="promo-2026.top", contact_type="tech", registrant_profile_id=PROFILE_A))
    assert (err.value.code, err.value.status_code) == ("DomainUpdateProhibited", 400)
    by_new = client.save_batch_task_for_updating_contact_info_by_new_contact(
        m.SaveBatchTaskForUpdatingContactInfoByNewContactRequest(
            contact_type="tech", domain_name=["promo-2026.top"], registrant_type="1", registrant_name="Ops",
            email="ops@example.com", country="CN")).body.task_no
    emu.complete_tasks()
    failed = details(client, by_new)["promo-2026.top"]
    assert failed.task_status_code == 3 and failed.fail_reason == "DomainUpdateProhibited"
    assert emu.control("GET", "/stats")["noop_lock_details"] == 0


def test_transfer_lock_single_and_batch(emu, client):
    on = client.save_single_task_for_transfer_prohibition_lock(m.SaveSingleTaskForTransferProhibitionLockRequest(
        domain_name="example-shop.com", status=True)).body.task_no
    assert details(client, on)["example-shop.com"].task_type == "SET_TRANSFER_PROHIBITED"
    emu.complete_tasks()
    dom = domain(client, "example-shop.com")
    assert dom.transfer_prohibition_lock == "OPEN" and dom.update_prohibition_lock == "CLOSE"
    off = client.save_batch_task_for_transfer_prohibition_lock(m.SaveBatchTaskForTransferProhibitionLockRequest(
        domain_name=["example-shop.com", "locked-example.com"], status=False)).body.task_no
    emu.complete_tasks()
    assert {d.task_type for d in details(client, off).values()} == {"SET_TRANSFER_PROHIBITED"}
    assert [domain(client, n).transfer_prohibition_lock for n in ("example-shop.com", "locked-example.com")] == [
        "CLOSE", "CLOSE"]
    assert domain(client, "locked-example.com").update_prohibition_lock == "OPEN"


def test_lock_parameter_errors(emu, client):
    with pytest.raises(ClientException) as err:
        client.save_single_task_for_update_prohibition_lock(m.SaveSingleTaskForUpdateProhibitionLockRequest(
            domain_name="example-shop.com"))
    assert err.value.code == "MissingParameter" and "Status" in err.value.message
    with pytest.raises(ClientException) as err:
        client.save_batch_task_for_transfer_prohibition_lock(m.SaveBatchTaskForTransferProhibitionLockRequest(
            domain_name=["example-shop.com", "not-mine.example"], status=True))
    assert err.value.code == "DomainNotExist"
    with pytest.raises(ClientException) as err:
        client.save_batch_task_for_update_prohibition_lock(m.SaveBatchTaskForUpdateProhibitionLockRequest(status=True))
    assert err.value.code == "MissingParameter"
    assert emu.control("GET", "/stats")["tasks_created"] == 0


def test_lock_put_on_while_a_change_waits_fails_that_change(emu):
    client = emu.client("v3")
    emu.control("PUT", "/config", {"task_seconds": 30})
    change = client.save_single_task_for_updating_contact_info(m.SaveSingleTaskForUpdatingContactInfoRequest(
        domain_name="old-brand.xyz", contact_type="admin", registrant_profile_id=PROFILE_A)).body.task_no
    emu.control("POST", "/domains/lock", {"domain": "old-brand.xyz", "lock": "update", "status": "OPEN"})
    emu.complete_tasks()
    det = details(client, change)["old-brand.xyz"]
    assert det.task_status_code == 3 and det.fail_reason == "DomainUpdateProhibited"
    assert domain(client, "old-brand.xyz").update_prohibition_lock == "OPEN"


def test_control_lock_endpoint(emu):
    answer = emu.control("POST", "/domains/lock", {"domain": "EXAMPLE-SHOP.COM.", "lock": "transfer", "status": True})
    assert answer == {"domain": "example-shop.com", "lock": "transfer", "status": "OPEN"}
    emu.control("POST", "/domains/lock", {"domain": "locked-example.com", "status": "CLOSE"})
    client = emu.client("v3")
    assert domain(client, "locked-example.com").update_prohibition_lock == "CLOSE"
    assert domain(client, "example-shop.com").transfer_prohibition_lock == "OPEN"
    emu.control("POST", "/domains/lock", {"domain": "nope.example"}, expect=404)
    emu.control("POST", "/domains/lock", {"domain": "example-shop.com", "lock": "delete"}, expect=400)
    emu.control("POST", "/domains/lock", {"domain": "example-shop.com", "status": "maybe"}, expect=400)


@pytest.mark.parametrize("spec, locked", [("bulk:200", 0), ("bulk:200:0.6:locked", 10), ("bulk:200::0.1", 20)])
def test_bulk_seed_locked_fraction(spec, locked):
    data = load_seed(spec)
    assert len(data["domains"]) == 200
    assert sum(1 for d in data["domains"] if d.get("UpdateProhibitionLock") == "OPEN") == locked
    # the lock option does not change which domains differ from profile 1
    plain = load_seed("bulk:200")
    assert [d["contacts"] for d in data["domains"]] == [d["contacts"] for d in plain["domains"]]


def test_control_sets_blocking_domain_fields(emu):
    answer = emu.control("POST", "/domains/set", {"domain": "acme-global.com", "fields": {
        "TransferOutStatus": "PENDING", "RealNameStatus": "AUDITING", "ExpirationDate": "2026-01-01 00:00:00"}})
    assert answer["domain"] == "acme-global.com" and answer["fields"]["TransferOutStatus"] == "PENDING"
    dom = domain(emu.client("v3"), "acme-global.com")
    assert (dom.transfer_out_status, dom.real_name_status, dom.expiration_date_status) == ("PENDING", "AUDITING", "2")
    emu.control("POST", "/domains/set", {"domain": "acme-global.com", "fields": {"Registrar": "x"}}, expect=400)
    emu.control("POST", "/domains/set", {"domain": "acme-global.com", "fields": {"ExpirationDate": "soon"}}, expect=400)
    emu.control("POST", "/domains/set", {"domain": "nope.example", "fields": {}}, expect=404)
