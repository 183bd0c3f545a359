# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""_locks: the lock writes carry exactly what the official SDK sends (names, list encoding, booleans)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.alicloud.domain.plugins.module_utils import _locks
from ansible_collections.alicloud.domain.plugins.module_utils._contacts.contact import KnownTasks
from ansible_collections.alicloud.domain.plugins.module_utils._api.errors import ConfigurationError, DomainError
from ansible_collections.alicloud.domain.tests.unit.plugins.fake_api import Call, FakeSession, make_client

sdk_client = pytest.importorskip("alibabacloud_domain20180129.client")
sdk_models = pytest.importorskip("alibabacloud_domain20180129.models")
openapi_models = pytest.importorskip("alibabacloud_tea_openapi.models")
dara_runtime = pytest.importorskip("darabonba.runtime")

DOMAINS = ["a.com", u"示例商店.com", "c.net"]


def sdk_query(kind, domains, status):
    """What the SDK's ``*_with_options`` puts on the wire for this write: (action, query, body)."""
    client = sdk_client.Client(openapi_models.Config(access_key_id="AK", access_key_secret="SK",
                                                     endpoint="domain.aliyuncs.com"))
    seen = {}

    def call_api(params, req, runtime):
        seen.update(action=params.action, query=dict(req.query), body=req.body, style=params.style)
        return {"body": {"TaskNo": "T-SDK", "RequestId": "R"}, "headers": {}, "statusCode": 200}
    client.call_api = call_api
    single = len(domains) == 1
    name = "save_%s_task_for_%s_prohibition_lock_with_options" % ("single" if single else "batch", kind)
    model_name = "Save%sTaskFor%sProhibitionLockRequest" % ("Single" if single else "Batch", kind.capitalize())
    model = getattr(sdk_models, model_name)
    request = model(domain_name=domains[0] if single else list(domains), status=status)
    getattr(client, name)(request, dara_runtime.RuntimeOptions())
    return seen


@pytest.mark.parametrize("kind", ["update", "transfer"])
@pytest.mark.parametrize("domains", [DOMAINS[:1], DOMAINS], ids=["single", "batch"])
@pytest.mark.parametrize("wanted", [_locks.LOCKED, _locks.UNLOCKED])
def test_writes_match_the_sdk(kind, domains, wanted):
    lock = _locks.KINDS[kind]
    field_value = "CLOSE" if wanted == _locks.LOCKED else "OPEN"
    script = [Call("QueryDomainByDomainName", {"DomainName": d}, {"DomainName": d, lock.field: field_value})
              for d in domains]
    script.append(Call("QueryTaskList", {}, {"Data": {"TaskInfo": []}}))
    script.append(Call(lock.single if len(domains) == 1 else lock.batch, {}, {"TaskNo": "T-1"}))
    session = FakeSession(script)
    client = make_client(session)
    items = _locks.LockRun(client, lock, wanted, concurrency=1, batch_size=10).run(list(domains))
    session.assert_done()
    assert [i.status for i in items] == ["submitted"] * len(domains)
    action, ours, _headers = session.sent[-1]
    theirs = sdk_query(kind, domains, wanted == _locks.LOCKED)
    assert theirs["body"] is None and theirs["style"] == "RPC"  # everything in the query, as ours
    assert action == theirs["action"]
    assert ours == theirs["query"]


def test_lock_state_reads_the_three_documented_values():
    update = _locks.KINDS["update"]
    assert _locks.lock_state({"UpdateProhibitionLock": "OPEN"}, update) == "locked"
    assert _locks.lock_state({"UpdateProhibitionLock": "CLOSE"}, update) == "unlocked"
    assert _locks.lock_state({"UpdateProhibitionLock": "NONE_SETTING"}, update) == "unlocked"
    assert _locks.lock_state({"UpdateProhibitionLock": "open "}, update) == "locked"
    assert _locks.lock_state({"TransferProhibitionLock": "OPEN"}, update) == "unlocked"  # left out: NONE_SETTING
    assert _locks.lock_state({"UpdateProhibitionLock": None}, update) == "unlocked"
    assert _locks.lock_state({"UpdateProhibitionLock": "LOCKED"}, update) is None


def test_lock_kind_refuses_an_unknown_name():
    with pytest.raises(ConfigurationError):
        _locks.lock_kind("registrar")


def test_an_unknown_lock_value_is_an_error_naming_the_field_and_value():
    session = FakeSession([Call("QueryDomainByDomainName", {"DomainName": "a.com"},
                                {"DomainName": "a.com", "TransferProhibitionLock": "PENDING"})])
    with pytest.raises(DomainError) as err:
        _locks.read_lock(make_client(session), "a.com", _locks.KINDS["transfer"])
    assert "TransferProhibitionLock" in str(err.value) and "PENDING" in str(err.value)


def test_running_lock_tasks_are_found_by_their_details_in_canonical_form():
    session = FakeSession([
        Call("QueryTaskList", {"PageNum": 1, "PageSize": 50}, {"Data": {"TaskInfo": [
            {"TaskNo": "T-1", "TaskType": "SET_UPDATE_PROHIBITED", "TaskStatusCode": 2},
            {"TaskNo": "T-2", "TaskType": "SET_TRANSFER_PROHIBITED", "TaskStatusCode": 2},
            {"TaskNo": "T-3", "TaskType": "SET_UPDATE_PROHIBITED", "TaskStatusCode": 3}]}}),
        Call("QueryTaskDetailList", {"TaskNo": "T-1"}, {"Data": {"TaskDetail": [
            {"DomainName": "XN--FSQP3LP2IIX1A.com", "TaskStatusCode": 0},
            {"DomainName": "done.com", "TaskStatusCode": 2}]}, "TotalPageNum": 1})])
    found = _locks.lock_tasks_in_flight(make_client(session), _locks.KINDS["update"])
    session.assert_done()
    assert found == {u"示例商店.com": "T-1"}


def test_a_known_single_lock_task_is_not_read_and_one_read_once_becomes_known():
    tasks = Call("QueryTaskList", {"PageNum": 1, "PageSize": 50}, {"Data": {"TaskInfo": [
        {"TaskNo": "OWN", "TaskType": "SET_UPDATE_PROHIBITED", "TaskStatusCode": 2, "TaskNum": 1},
        {"TaskNo": "LOST", "TaskType": "SET_UPDATE_PROHIBITED", "TaskStatusCode": 1, "TaskNum": 1}]}})
    known = KnownTasks({"OWN": ("a.com",)})
    session = FakeSession([
        tasks,
        Call("QueryTaskDetailList", {"TaskNo": "LOST"}, {"Data": {"TaskDetail": [
            {"DomainName": "B.com", "TaskStatusCode": 0}]}, "TotalPageNum": 1}),
        tasks])  # the second look reads no detail
    client = make_client(session)
    assert _locks.lock_tasks_in_flight(client, _locks.KINDS["update"], known=known) == {"a.com": "OWN", "b.com": "LOST"}
    assert known["LOST"] == ("b.com",)
    assert _locks.lock_tasks_in_flight(client, _locks.KINDS["update"], known=known) == {"a.com": "OWN", "b.com": "LOST"}
    session.assert_done()
