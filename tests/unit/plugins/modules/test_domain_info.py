# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""alicloud.domain.domain_info with scripted HTTP exchanges, and the shared QueryDomainList filters."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

import pytest

from ansible_collections.alicloud.domain.plugins.module_utils import _domain_list as dl
from ansible_collections.alicloud.domain.plugins.module_utils._api.errors import ConfigurationError
from ansible_collections.alicloud.domain.plugins.modules import domain_info
from ansible_collections.alicloud.domain.tests.unit.plugins.fake_api import SECRET, Call, error

L = "QueryDomainList"


def listed(name, **extra):
    row = {"DomainName": name, "InstanceId": "S-" + name, "ExpirationDate": "2027-01-01 00:00:00",
           "DomainGroupId": "7", "DomainGroupName": "prod", "ChgholderStatus": "NORMAL",
           "DnsList": {"DnsList": ["dns1.example.net", "dns2.example.net"]},
           "Tag": {"Tag": [{"Key": "env", "Value": "prod"}]}}
    row.update(extra)
    return row


def page(params, rows, num, pages):
    return Call(L, params, {"Data": {"Domain": rows}, "CurrentPageNum": num, "TotalPageNum": pages,
                            "NextPage": num < pages, "TotalItemNum": 50})


def by_name(name, **extra):
    body = {"DomainName": name, "InstanceId": "S-" + name, "RegistrantUpdatingStatus": "PENDING",
            "TransferProhibitionLock": "OPEN", "UpdateProhibitionLock": "CLOSE", "RegistrantName": "Zhang San",
            "DnsList": {"Dns": ["ns1.example.org"]}, "Tag": {"Tag": [{"Key": "team", "Vaue": "web"}]}}
    body.update(extra)
    return Call("QueryDomainByDomainName", {"DomainName": name}, body)


def test_one_domain_by_name_normalises_vaue_tags(run_module):
    failed, result = run_module(domain_info, {"domain_name": "Example.com"}, [by_name("example.com")])
    assert not failed and result["changed"] is False and result["count"] == 1
    d = result["domain"]
    assert d["registrant_updating_status"] == "PENDING" and d["transfer_prohibition_lock"] == "OPEN"
    assert d["tags"] == [{"key": "team", "value": "web"}] and d["tags_dict"] == {"team": "web"}
    assert d["dns_list"] == ["ns1.example.org"] and "request_id" not in d
    assert result["domains"] == [d]


def test_one_domain_by_instance_id(run_module):
    answer = Call("QueryDomainByInstanceId", {"InstanceId": "S2013"},
                  {"DomainName": "example.com", "InstanceId": "S2013", "DomainLifecycleStatus": "1",
                   "Tag": {"Tag": [{"Key": "env", "Value": "dev"}]}})
    failed, result = run_module(domain_info, {"instance_id": "S2013"}, [answer])
    assert not failed and result["domain"]["tags"] == [{"key": "env", "value": "dev"}]
    assert result["domain"]["domain_lifecycle_status"] == "1"


def test_missing_domain_is_an_empty_answer(run_module):
    failed, result = run_module(domain_info, {"domain_name": "nope.com"}, [
        error("QueryDomainByDomainName", "DomainNotExist", "The domain name does not exist.")])
    assert not failed and result["domains"] == [] and "domain" not in result


def test_list_all_pages_with_filters(run_module):
    expected = {"DomainName": "shop", "DomainGroupId": "7", "Tag.1.Key": "env", "Tag.1.Value": "prod",
                "Tag.2.Key": "team", "StartExpirationDate": 1798761600000, "EndExpirationDate": 1830297599999,
                "StartRegistrationDate": 86400000, "OrderKeyType": "ExpirationDate", "OrderByType": "DESC",
                "PageSize": 2}
    script = [page(dict(expected, PageNum=1), [listed("a-shop.com"), listed("b-shop.com")], 1, 2),
              page(dict(expected, PageNum=2), [listed("c-shop.com", Tag={"Tag": []})], 2, 2)]
    failed, result = run_module(domain_info, {
        "domain_name_filter": "Shop", "group_id": 7, "tags": [{"key": "env", "value": "prod"}, {"key": "team"}],
        "expiration_date_from": "2027-01-01", "expiration_date_to": "2027-12-31",
        "registration_date_from": "86400000", "order_by": "expiration_date", "order": "desc", "page_size": 2}, script)
    assert not failed, result["msg"]
    assert [d["domain_name"] for d in result["domains"]] == ["a-shop.com", "b-shop.com", "c-shop.com"]
    assert result["domains"][0]["dns_list"] == ["dns1.example.net", "dns2.example.net"]
    assert result["domains"][0]["tags_dict"] == {"env": "prod"} and result["domains"][2]["tags"] == []
    assert result["count"] == 3 and "domain" not in result
    assert SECRET not in json.dumps(result)


def test_list_with_details_reads_each_domain(run_module):
    script = [page({"PageNum": 1, "PageSize": 100}, [listed("a.com"), listed("b.com")], 1, 1),
              by_name("a.com"), by_name("b.com", RegistrantUpdatingStatus="NORMAL")]
    failed, result = run_module(domain_info, {"details": True}, script)
    assert not failed
    assert [d["registrant_updating_status"] for d in result["domains"]] == ["PENDING", "NORMAL"]
    assert result["domains"][0]["chgholder_status"] == "NORMAL"  # list-only fields are kept
    assert result["domains"][0]["domain_group_name"] == "prod"


@pytest.mark.parametrize("args, message", [
    ({"domain_name": "a.com", "instance_id": "S1"}, "mutually exclusive"),
    ({"domain_name": "a.com", "group_id": 3}, "cannot be combined"),
    ({"domain_name": "bad name"}, "not a domain name"),
    ({"expiration_date_from": "2027-02-30"}, "not a valid calendar date"),
    ({"expiration_date_from": "next year"}, "must be a date like"),
    ({"registration_date_from": "2027-01-02", "registration_date_to": "2027-01-01"}, "is after"),
    ({"order": "desc"}, "order needs order_by"),
    ({"group_id": -1}, "positive integer"),
    ({"page_size": 501}, "between 1 and 500"),
])
def test_bad_input_is_refused_before_any_call(run_module, args, message):
    failed, result = run_module(domain_info, args, [])
    assert failed and message in result["msg"], result["msg"]
    assert run_module.session.sent == []


def test_filter_builder_tags_as_dict_and_unknown_filters():
    assert dl.build_list_params({"tags": {"b": "2", "a": None}})["Tag"] == [{"Key": "a"}, {"Key": "b", "Value": "2"}]
    assert dl.date_to_ms("1970-01-02", "x") == 86400000
    assert dl.date_to_ms("1970-01-01", "x", end_of_day=True) == 86399999
    with pytest.raises(ConfigurationError, match="unknown domain filter"):
        dl.build_list_params({"colour": "red"})
    with pytest.raises(ConfigurationError, match="non-empty key"):
        dl.build_list_params({"tags": [{"value": "x"}]})
