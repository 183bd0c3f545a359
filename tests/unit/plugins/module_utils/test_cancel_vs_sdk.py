# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""CancelTask as the official SDK sends it (the SDK is a test-time oracle): TaskNo in the query, no body."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.alicloud.domain.plugins.module_utils import _cancel
from ansible_collections.alicloud.domain.tests.unit.plugins import fake_api

sdk_client = pytest.importorskip("alibabacloud_domain20180129.client")
sdk_models = pytest.importorskip("alibabacloud_domain20180129.models")
openapi_models = pytest.importorskip("alibabacloud_tea_openapi.models")
dara_core = pytest.importorskip("darabonba.core")

TASK = "a1b2c3d4-0001-4000-8000-000000000001"


class Captured(Exception):
    pass


def sdk_request(monkeypatch):
    seen = {}

    def capture(request, runtime_option=None):
        seen["request"] = request
        raise Captured()
    monkeypatch.setattr(dara_core.DaraCore, "do_action", staticmethod(capture))
    client = sdk_client.Client(openapi_models.Config(access_key_id=fake_api.AK, access_key_secret=fake_api.SECRET,
                                                     endpoint="domain.aliyuncs.com", protocol="https"))
    with pytest.raises(Exception):
        client.cancel_task(sdk_models.CancelTaskRequest(task_no=TASK))
    return seen["request"]


def test_cancel_task_as_the_sdk_sends_it(monkeypatch):
    theirs = sdk_request(monkeypatch)
    waiting = [{"TaskNo": TASK, "DomainName": "a.com", "TaskStatusCode": 0}]
    session = fake_api.FakeSession([
        fake_api.Call("QueryTaskDetailList", {"TaskNo": TASK}, {"Data": {"TaskDetail": waiting}, "TotalPageNum": 1}),
        fake_api.Call("QueryTaskList", {}, {"Data": {"TaskInfo": []}}),
        fake_api.Call(_cancel.CANCEL_ACTION, {"TaskNo": TASK}, {}),
        fake_api.Call("QueryTaskDetailList", {"TaskNo": TASK}, {"Data": {"TaskDetail": waiting}, "TotalPageNum": 1})])
    out = _cancel.cancel_task(fake_api.make_client(session), TASK)
    session.assert_done()
    assert out["status"] == "cancelled"
    action, params, headers = session.sent[2]
    assert theirs.headers["x-acs-action"] == headers["x-acs-action"] == "CancelTask"
    sdk_params = dict((k, v) for k, v in theirs.query.items() if k[0].isupper())
    assert sdk_params == dict((k, v) for k, v in params.items() if k[0].isupper()) == {"TaskNo": TASK}
    assert not theirs.body and session.forms[2] == {}
