# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""alicloud.domain.contact_info with scripted HTTP exchanges."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

import pytest

from ansible_collections.alicloud.domain.plugins.modules import contact_info
from ansible_collections.alicloud.domain.tests.unit.plugins.fake_api import SECRET, contact_answer, error

D = "example.com"


def test_all_four_by_default(run_module):
    script = [contact_answer(D, t, Email="%s@example.com" % t) for t in ("registrant", "admin", "billing", "tech")]
    failed, result = run_module(contact_info, {"domain_name": D}, script)
    assert not failed and result["changed"] is False
    assert sorted(result["contacts"]) == ["admin", "billing", "registrant", "tech"]
    assert result["contacts"]["admin"]["email"] == "admin@example.com"
    assert result["contacts"]["tech"]["zh_registrant_name"] == u"张三"
    assert result["contacts"]["registrant"]["create_date"] == "2020-01-01 00:00:00"
    assert result["contacts_raw"]["billing"]["Email"] == "billing@example.com"
    assert "RequestId" not in result["contacts_raw"]["billing"]
    assert set(result["request_ids"]) == set(result["contacts"])
    assert SECRET not in json.dumps(result)


def test_selected_types_in_canonical_order_without_duplicates(run_module):
    failed, result = run_module(contact_info, {"domain_name": " Example.COM. ", "contact_types": ["tech", "admin",
                                                                                                  "tech"]},
                                [contact_answer(D, "admin"), contact_answer(D, "tech")])
    assert not failed and result["domain_name"] == D and sorted(result["contacts"]) == ["admin", "tech"]


def test_all_mixed_with_names(run_module):
    script = [contact_answer(D, t) for t in ("registrant", "admin", "billing", "tech")]
    failed, result = run_module(contact_info, {"domain_name": D, "contact_types": ["admin", "all"]}, script)
    assert not failed and len(result["contacts"]) == 4


def test_check_mode_is_the_same_read(run_module):
    failed, result = run_module(contact_info, {"domain_name": D, "contact_types": ["registrant"]},
                                [contact_answer(D)], check_mode=True)
    assert not failed and result["contacts"]["registrant"]["country"] == "CN"


def test_api_error_is_reported(run_module):
    failed, result = run_module(contact_info, {"domain_name": D, "contact_types": ["registrant"]},
                                [error("QueryContactInfo", "DomainNotExist", "The domain name does not exist.")])
    assert failed and "DomainNotExist" in result["msg"] and result["error"]["code"] == "DomainNotExist"
    assert result["error"]["request_id"] == "REQ-ERR"


@pytest.mark.parametrize("args, message", [
    ({"domain_name": "not a domain"}, "not a domain name"),
    ({"domain_name": "localhost"}, "top-level domain"),
    ({"domain_name": D, "contact_types": []}, "at least one"),
    ({"domain_name": D, "contact_types": ["owner"]}, "value of contact_types must be one or more of"),
])
def test_bad_input_is_refused_before_any_call(run_module, args, message):
    failed, result = run_module(contact_info, args, [])
    assert failed and message in result["msg"], result["msg"]
    assert run_module.session.sent == []
