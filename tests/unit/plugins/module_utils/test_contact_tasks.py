# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""contact.tasks_in_flight: the details of the caller's own tasks are not read to find a domain's running change."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.alicloud.domain.plugins.module_utils._contacts import contact as c
from ansible_collections.alicloud.domain.tests.unit.plugins.fake_api import Call, FakeSession, make_client

TASKS = Call("QueryTaskList", {"PageNum": 1, "PageSize": 50}, {"Data": {"TaskInfo": [
    {"TaskNo": "OTHER-1", "TaskType": "UPDATE_ADMIN_CONTACT", "TaskStatusCode": 2},  # ours, another domain
    {"TaskNo": "OTHER-2", "TaskType": "UPDATE_ADMIN_CONTACT", "TaskStatusCode": 1},  # ours, another domain
    {"TaskNo": "UNKNOWN", "TaskType": "UPDATE_ADMIN_CONTACT", "TaskStatusCode": 2},  # not ours: read
    {"TaskNo": "OURS", "TaskType": "UPDATE_ADMIN_CONTACT", "TaskStatusCode": 2},
    {"TaskNo": "DONE", "TaskType": "UPDATE_ADMIN_CONTACT", "TaskStatusCode": 3}]}})
KNOWN = c.KnownTasks({"OTHER-1": ("b.com",), "OTHER-2": ("c.com",), "OURS": ("a.com",)})


def test_a_known_single_task_of_the_domain_is_found_without_a_detail_read_and_others_are_skipped():
    session = FakeSession([
        TASKS,
        Call("QueryTaskDetailList", {"TaskNo": "UNKNOWN", "DomainName": "a.com"},
             {"Data": {"TaskDetail": []}, "TotalPageNum": 1})])
    found = c.tasks_in_flight(make_client(session), "a.com", known=KNOWN)
    session.assert_done()  # one detail read: the task the caller does not know
    assert found == [("OURS", "UPDATE_ADMIN_CONTACT")]


def test_a_known_batch_naming_the_domain_is_read_and_without_known_every_running_task_is():
    session = FakeSession([
        TASKS,
        Call("QueryTaskDetailList", {"TaskNo": "UNKNOWN", "DomainName": "a.com"},
             {"Data": {"TaskDetail": []}, "TotalPageNum": 1}),
        Call("QueryTaskDetailList", {"TaskNo": "OURS", "DomainName": "a.com"},
             {"Data": {"TaskDetail": [{"DomainName": "A.com", "TaskStatusCode": 2}]}, "TotalPageNum": 1})])
    found = c.tasks_in_flight(make_client(session), "a.com",
                              known=c.KnownTasks(KNOWN, OURS=frozenset(["a.com", "b.com"])))
    session.assert_done()
    assert found == []  # the batch's detail for the domain is finished
    reads = [Call("QueryTaskDetailList", {"TaskNo": no}, {"Data": {"TaskDetail": []}, "TotalPageNum": 1})
             for no in ("OTHER-1", "OTHER-2", "UNKNOWN", "OURS")]
    session = FakeSession([TASKS] + reads)
    assert c.tasks_in_flight(make_client(session), "a.com") == []
    session.assert_done()


def test_a_single_task_read_once_is_known_to_the_next_search():
    tasks = Call("QueryTaskList", {"PageNum": 1, "PageSize": 50}, {"Data": {"TaskInfo": [
        {"TaskNo": "LOST", "TaskType": "UPDATE_ADMIN_CONTACT", "TaskStatusCode": 2, "TaskNum": 1}]}})
    known = c.KnownTasks()
    session = FakeSession([
        tasks,
        Call("QueryTaskDetailList", {"TaskNo": "LOST"},  # its one detail, not filtered: it says whose it is
             {"Data": {"TaskDetail": [{"DomainName": "B.com", "TaskStatusCode": 1}]}, "TotalPageNum": 1}),
        tasks])  # the second search reads no detail
    client = make_client(session)
    assert c.tasks_in_flight(client, "a.com", known=known) == [] and known == {"LOST": ("b.com",)}
    assert c.tasks_in_flight(client, "b.com", known=known) == [("LOST", "UPDATE_ADMIN_CONTACT")]
    session.assert_done()
    assert "DomainName" not in session.sent[1][1]
