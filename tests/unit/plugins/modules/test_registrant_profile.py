# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""alicloud.domain.registrant_profile with scripted HTTP exchanges: find, create, update, delete, check mode."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

import pytest

from ansible_collections.alicloud.domain.plugins.modules import registrant_profile
from ansible_collections.alicloud.domain.tests.unit.plugins.fake_api import SECRET, Call, error, person

Q = "QueryRegistrantProfiles"
SAVE = "SaveRegistrantProfile"
DELETE = "DeleteRegistrantProfile"

DETAILS = {
    "registrant_type": "individual", "registrant_name": "zhang san", "registrant_organization": "zhang san",
    "email": "zs@example.com", "country": "cn", "province": "zhe jiang", "city": "hang zhou shi",
    "address": "wen san lu 1 hao", "postal_code": "310000", "tel_area": "86", "telephone": "13000000000",
    "zh_registrant_name": u"张三", "zh_registrant_organization": u"张三", "zh_province": u"浙江",
    "zh_city": u"杭州市", "zh_address": u"文三路1号",
}


def profile(pid, default=False, **fields):
    return dict(person(**fields), RegistrantProfileId=pid, RealNameStatus="SUCCEED", RegistrantType="1",
                RegistrantProfileType="common", EmailVerificationStatus=1, DefaultRegistrantProfile=default)


def listing(params, items):
    return Call(Q, params, {"RegistrantProfiles": {"RegistrantProfile": items}, "CurrentPageNum": 1,
                            "TotalPageNum": 1, "NextPage": False, "TotalItemNum": len(items)})


def by_id(pid, items):
    return listing({"RegistrantProfileId": pid}, items)


def search(items, email="zs@example.com"):
    return listing({"Email": email, "RegistrantType": "1", "PageNum": 1, "PageSize": 500}, items)


def test_matching_profile_is_found_and_not_written(run_module):
    failed, result = run_module(registrant_profile, DETAILS, [
        search([profile(7, RegistrantName="someone else"), profile(8, TelExt=None), profile(9)])])
    assert not failed and result["changed"] is False and result["status"] == "unchanged"
    assert result["registrant_profile_id"] == 8 and result["matched_profile_ids"] == [8, 9]
    assert result["real_name_status"] == "SUCCEED" and result["email_verification_status"] == 1
    assert result["profile"]["email"] == "zs@example.com"
    assert SECRET not in json.dumps(result)


def test_default_profile_is_preferred_among_matches(run_module):
    failed, result = run_module(registrant_profile, DETAILS, [search([profile(8), profile(9, default=True)])])
    assert not failed and result["registrant_profile_id"] == 9


def test_no_match_creates_then_reads_back(run_module):
    created = dict(profile(20, EmailVerificationStatus=0), RealNameStatus="NONAUDIT")
    failed, result = run_module(registrant_profile, DETAILS, [
        search([profile(7, Email="zs@example.com", City="shanghai")]),
        Call(SAVE, {"Email": "zs@example.com", "Country": "CN", "RegistrantType": "1", "TelExt": "",
                    "ZhAddress": u"文三路1号"}, {"RegistrantProfileId": 20}),
        by_id(20, [created])], diff=True)
    assert not failed and result["changed"] is True and result["status"] == "created"
    assert "RegistrantProfileId" not in run_module.session.sent[1][1]
    assert result["registrant_profile_id"] == 20 and result["real_name_status"] == "NONAUDIT"
    assert result["diff"]["before"] == {} and result["diff"]["after"]["email"] == "zs@example.com"


def test_lost_create_answer_is_settled_by_reading_not_by_a_second_save(run_module):
    failed, result = run_module(registrant_profile, DETAILS, [
        search([]), error(SAVE, "ServiceUnavailable", "lost", status=503), search([profile(21)])])
    assert not failed and result["changed"] is True and result["status"] == "created", result
    assert result["registrant_profile_id"] == 21 and run_module.session.actions().count(SAVE) == 1


def test_lost_create_answer_with_nothing_created_fails_without_a_second_save(run_module):
    failed, result = run_module(registrant_profile, DETAILS, [
        search([]), error(SAVE, "ServiceUnavailable", "lost", status=503), search([])])
    assert failed and "ServiceUnavailable" in result["msg"] and run_module.session.actions().count(SAVE) == 1


def test_check_mode_create_writes_nothing(run_module):
    failed, result = run_module(registrant_profile, DETAILS, [search([])], check_mode=True, diff=True)
    assert not failed and result["changed"] is True and result["status"] == "would_create"
    assert result["registrant_profile_id"] is None and result["diff"]["after"]["country"] == "CN"
    assert run_module.session.actions() == [Q]


def test_update_by_id_only_when_different(run_module):
    current = profile(5, Email="old@example.com")
    failed, result = run_module(registrant_profile, {"registrant_profile_id": 5, "email": "new@example.com"}, [
        by_id(5, [current]),
        Call(SAVE, {"RegistrantProfileId": 5, "Email": "new@example.com", "RegistrantName": "zhang san",
                    "RegistrantType": "1", "RegistrantProfileType": "common"}, {"RegistrantProfileId": 5}),
        by_id(5, [profile(5, Email="new@example.com")])], diff=True)
    assert not failed and result["changed"] and result["status"] == "updated" and result["differences"] == ["email"]
    assert result["diff"]["before"]["email"] == "old@example.com"
    assert result["diff"]["after"]["email"] == "new@example.com"
    assert "DefaultRegistrantProfile" not in run_module.session.sent[1][1]


def test_update_by_id_unchanged(run_module):
    failed, result = run_module(registrant_profile, {"registrant_profile_id": 5, "email": " zs@example.com ",
                                                     "registrant_type": "1"}, [by_id(5, [profile(5)])])
    assert not failed and result["changed"] is False and result["status"] == "unchanged"


def test_default_flag_alone_updates(run_module):
    failed, result = run_module(registrant_profile, dict(DETAILS, default_registrant_profile=True), [
        search([profile(8)]),
        Call(SAVE, {"RegistrantProfileId": 8, "DefaultRegistrantProfile": "True"}, {"RegistrantProfileId": 8}),
        by_id(8, [profile(8, default=True)])])
    assert not failed and result["changed"] and result["differences"] == ["default_registrant_profile"]


def test_check_mode_update_writes_nothing(run_module):
    failed, result = run_module(registrant_profile, {"registrant_profile_id": 5, "city": "ning bo"},
                                [by_id(5, [profile(5)])], check_mode=True)
    assert not failed and result["changed"] and result["status"] == "would_update"
    assert result["profile"]["city"] == "ning bo" and run_module.session.actions() == [Q]


def test_missing_id_is_a_clear_error(run_module):
    failed, result = run_module(registrant_profile, {"registrant_profile_id": 404, "email": "a@example.com"},
                                [by_id(404, [])])
    assert failed and "Registrant profile 404 does not exist" in result["msg"]


def test_absent_by_id_deletes(run_module):
    failed, result = run_module(registrant_profile, {"registrant_profile_id": 5, "state": "absent"}, [
        by_id(5, [profile(5)]), Call(DELETE, {"RegistrantProfileId": 5}, {})], diff=True)
    assert not failed and result["changed"] and result["status"] == "deleted"
    assert result["diff"]["after"] == {} and result["diff"]["before"]["registrant_profile_id"] == 5


def test_absent_when_already_absent_is_ok(run_module):
    failed, result = run_module(registrant_profile, {"registrant_profile_id": 5, "state": "absent"}, [by_id(5, [])])
    assert not failed and result["changed"] is False and result["status"] == "absent"


def test_absent_check_mode_writes_nothing(run_module):
    failed, result = run_module(registrant_profile, {"registrant_profile_id": 5, "state": "absent"},
                                [by_id(5, [profile(5)])], check_mode=True)
    assert not failed and result["changed"] and result["status"] == "would_delete"
    assert run_module.session.actions() == [Q]


def test_absent_by_details(run_module):
    failed, result = run_module(registrant_profile, dict(DETAILS, state="absent"), [
        search([profile(8), profile(9, City="x")]), Call(DELETE, {"RegistrantProfileId": 8}, {})])
    assert not failed and result["status"] == "deleted" and result["registrant_profile_id"] == 8


def test_absent_by_details_refuses_to_guess(run_module):
    failed, result = run_module(registrant_profile, dict(DETAILS, state="absent"), [search([profile(8), profile(9)])])
    assert failed and "2 registrant profiles match" in result["msg"] and DELETE not in run_module.session.actions()


def test_write_error_is_reported(run_module):
    failed, result = run_module(registrant_profile, {"registrant_profile_id": 5, "email": "new@example.com"}, [
        by_id(5, [profile(5)]), error(SAVE, "ParameterIllegal", "Email is illegal.")])
    assert failed and result["error"]["code"] == "ParameterIllegal" and "Email is illegal." in result["msg"]


def test_write_is_not_resent_after_a_lost_answer(run_module):
    failed, result = run_module(registrant_profile, {"registrant_profile_id": 5, "email": "new@example.com"}, [
        by_id(5, [profile(5)]), error(SAVE, "ServiceUnavailable", status=503)])
    assert failed and run_module.session.actions().count(SAVE) == 1


@pytest.mark.parametrize("args, message", [
    ({"email": "not-an-address"}, "is not an e-mail address"),
    ({"country": "China"}, "two-letter"),
    ({"telephone": "+86 130"}, "digits only"),
    ({"registrant_profile_id": -3}, "positive integer"),
    ({"state": "absent"}, "state=absent needs registrant_profile_id or contact details"),
    ({}, "Give registrant_profile_id, or the contact details"),
    ({"registrant_type": "company"}, "value of registrant_type must be one of"),
])
def test_bad_input_is_refused(run_module, args, message):
    failed, result = run_module(registrant_profile, args, [])
    assert failed and message in result["msg"], result["msg"]
    assert run_module.session.sent == []
