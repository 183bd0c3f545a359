# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""alicloud.domain.registrant_profile_info with scripted HTTP exchanges."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

import pytest

from ansible_collections.alicloud.domain.plugins.modules import registrant_profile_info
from ansible_collections.alicloud.domain.tests.unit.plugins.fake_api import SECRET, Call, error, person

Q = "QueryRegistrantProfiles"


def profile(pid, **fields):
    return dict(person(**fields), RegistrantProfileId=pid, RealNameStatus="SUCCEED", RegistrantType="1",
                RegistrantProfileType="common", EmailVerificationStatus=1, DefaultRegistrantProfile=False)


def page(params, items, num, total_pages):
    return Call(Q, params, {"RegistrantProfiles": {"RegistrantProfile": items}, "CurrentPageNum": num,
                            "TotalPageNum": total_pages, "NextPage": num < total_pages, "TotalItemNum": 99})


def test_all_pages_are_read(run_module):
    script = [page({"PageNum": 1, "PageSize": 2}, [profile(1), profile(2)], 1, 2),
              page({"PageNum": 2, "PageSize": 2}, [profile(3, email="c@example.com")], 2, 2)]
    failed, result = run_module(registrant_profile_info, {"page_size": 2}, script)
    assert not failed and result["changed"] is False and result["count"] == 3
    assert [p["registrant_profile_id"] for p in result["profiles"]] == [1, 2, 3]
    assert result["profiles"][2]["email"] == "c@example.com"
    assert result["profiles"][0]["registrant_type_name"] == "individual"
    assert SECRET not in json.dumps(result)


def test_filters_are_sent(run_module):
    script = [page({"Email": "x@example.com", "RegistrantType": "2", "RegistrantProfileType": "common",
                    "RealNameStatus": "SUCCEED", "RegistrantOrganization": "Example", "DefaultRegistrantProfile": "False",
                    "ZhRegistrantOrganization": u"示例", "PageSize": 500}, [], 1, 1)]
    failed, result = run_module(registrant_profile_info, {
        "email": "x@example.com", "registrant_type": "enterprise", "registrant_profile_type": "common",
        "real_name_status": "SUCCEED", "registrant_organization": "Example", "default_registrant_profile": False,
        "zh_registrant_organization": u"示例"}, script)
    assert not failed and result["profiles"] == [] and result["count"] == 0


def test_by_id_is_exact(run_module):
    script = [page({"RegistrantProfileId": 2}, [profile(2), profile(22)], 1, 1)]
    failed, result = run_module(registrant_profile_info, {"registrant_profile_id": 2, "registrant_type": "1"}, script)
    assert not failed and [p["registrant_profile_id"] for p in result["profiles"]] == [2]


def test_api_error(run_module):
    failed, result = run_module(registrant_profile_info, {}, [error(Q, "Forbidden.RAM", "no permission", 403)])
    assert failed and result["error"]["code"] == "Forbidden.RAM" and "no permission" in result["msg"]


@pytest.mark.parametrize("args, message", [
    ({"registrant_profile_id": 0}, "positive integer"),
    ({"page_size": 501}, "between 1 and 500"),
    ({"real_name_status": "DONE"}, "value of real_name_status must be one of"),
])
def test_bad_input_is_refused_before_any_call(run_module, args, message):
    failed, result = run_module(registrant_profile_info, args, [])
    assert failed and message in result["msg"], result["msg"]
    assert run_module.session.sent == []
