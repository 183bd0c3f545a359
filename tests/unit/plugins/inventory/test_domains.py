# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The alicloud.domain.domains inventory plugin with scripted HTTP exchanges."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

import pytest
import yaml

from ansible import constants as C
from ansible.errors import AnsibleParserError
from ansible.inventory.data import InventoryData
from ansible.parsing.dataloader import DataLoader
from ansible.plugins.doc_fragments.constructed import ModuleDocFragment as Constructed
from ansible.plugins.doc_fragments.inventory_cache import ModuleDocFragment as InventoryCache

from ansible_collections.alicloud.domain.plugins.doc_fragments.common import ModuleDocFragment as Common
from ansible_collections.alicloud.domain.plugins.inventory import domains

from ansible_collections.alicloud.domain.tests.unit.plugins.fake_api import AK, SECRET, Call, FakeSession, error

L = "QueryDomainList"
NAME = "alicloud.domain.domains"


class _Loader:
    """Makes the plugin as the plugin loader would: option definitions from its documentation and fragments."""

    def __init__(self):
        options = {}
        for text in (Constructed.DOCUMENTATION, InventoryCache.DOCUMENTATION, Common.DOCUMENTATION,
                     domains.DOCUMENTATION):
            for key, value in yaml.safe_load(text)["options"].items():
                options.setdefault(key, {}).update(value)
        C.config.initialize_plugin_configuration_definitions("inventory", NAME, options)

    def get(self, name):
        assert name == NAME
        plugin = domains.InventoryModule()
        plugin._load_name = NAME
        plugin._original_path = domains.__file__
        plugin._redirected_names = [NAME]
        plugin.ansible_name = NAME
        return plugin


@pytest.fixture
def plugin_loader():
    return _Loader()


def listed(name, group="7", group_name="prod web", tags=None, **extra):
    row = {"DomainName": name, "InstanceId": "S-" + name, "ExpirationDate": "2027-01-01 00:00:00",
           "ExpirationDateLong": 1798761600000, "ExpirationCurrDateDiff": 30, "DomainStatus": "3",
           "DomainGroupId": group, "DomainGroupName": group_name, "ChgholderStatus": "NORMAL", "Ccompany": "Zhang San",
           "Tag": {"Tag": tags if tags is not None else [{"Key": "env", "Value": "prod"}]}}
    row.update(extra)
    return row


def page(params, rows, num, pages):
    return Call(L, params, {"Data": {"Domain": rows}, "CurrentPageNum": num, "TotalPageNum": pages,
                            "NextPage": num < pages, "TotalItemNum": 3})


class Run:
    def __init__(self, monkeypatch, tmp_path, loader):
        self.monkeypatch, self.tmp_path, self.loader = monkeypatch, tmp_path, loader
        for name in list(os.environ):
            if name.startswith(("ALICLOUD_", "ALIBABA_CLOUD_", "ALIBABACLOUD_", "ALIYUN_", "ANSIBLE_INVENTORY_CACHE",
                                "ANSIBLE_CACHE")):
                monkeypatch.delenv(name)
        monkeypatch.setenv("HOME", str(tmp_path / "home"))
        self.session = None

    def __call__(self, config, script, name="test.alicloud_domains.yml", credentials=True, cache=True):
        lines = ["plugin: alicloud.domain.domains"]
        if credentials:
            lines += ["endpoint: https://domain.aliyuncs.com", "access_key_id: %s" % AK,
                      "access_key_secret: %s" % SECRET]
        path = self.tmp_path / name
        path.write_text(u"\n".join(lines) + u"\n" + config, encoding="utf-8")
        self.session = FakeSession(script)
        self.monkeypatch.setattr("requests.Session", lambda: self.session)
        self.monkeypatch.setattr("time.sleep", lambda s: None)
        plugin = self.loader.get("alicloud.domain.domains")
        inventory = InventoryData()
        plugin.parse(inventory, DataLoader(), str(path), cache=cache)
        if getattr(plugin, "_cache", None) is not None:
            plugin.update_cache_if_changed()  # as the InventoryManager does after parse
        self.session.assert_done()
        return inventory


@pytest.fixture
def run(monkeypatch, tmp_path, plugin_loader):
    return Run(monkeypatch, tmp_path, plugin_loader)


def test_verify_file(plugin_loader, tmp_path):
    plugin = plugin_loader.get("alicloud.domain.domains")
    for name, ok in (("alicloud_domains.yml", True), ("prod.alicloud_domains.yaml", True), ("domains.yml", False),
                     ("alicloud_domains.json", False)):
        path = tmp_path / name
        path.write_text(u"plugin: alicloud.domain.domains\n")
        assert plugin.verify_file(str(path)) is ok, name


def test_hosts_vars_and_groups_from_all_pages(run):
    config = u"""page_size: 2
keyed_groups:
  - key: domain_group_name
    prefix: group
  - key: tags_dict
    prefix: tag
groups:
  expiring: expiration_curr_date_diff < 60
compose:
  ansible_connection: "'local'"
"""
    inventory = run(config, [
        page({"PageNum": 1, "PageSize": 2}, [listed("a.com"), listed(u"测试.中国", tags=[])], 1, 2),
        page({"PageNum": 2, "PageSize": 2}, [listed("b.net", group="9", group_name="staging",
                                                    ExpirationCurrDateDiff=400)], 2, 2)])
    assert sorted(inventory.hosts) == sorted(["a.com", u"测试.中国", "b.net"])
    a = inventory.get_host("a.com").get_vars()
    assert a["instance_id"] == "S-a.com" and a["tags_dict"] == {"env": "prod"} and "tags" not in a
    assert a["tags_list"] == [{"key": "env", "value": "prod"}]
    assert a["registrant_updating_status"] == "NORMAL" and a["registrant_organization"] == "Zhang San"
    assert a["domain_group_name"] == "prod web" and a["ansible_connection"] == "local"
    assert sorted(h.name for h in inventory.groups["group_prod_web"].get_hosts()) == sorted(["a.com", u"测试.中国"])
    assert [h.name for h in inventory.groups["group_staging"].get_hosts()] == ["b.net"]
    assert sorted(h.name for h in inventory.groups["tag_env_prod"].get_hosts()) == ["a.com", "b.net"]
    assert "b.net" not in [h.name for h in inventory.groups["expiring"].get_hosts()]
    assert SECRET not in repr(a)


def test_filters_are_sent(run):
    config = u"""filters:
  domain_name_filter: shop
  group_id: 7
  tags: {env: prod}
  expiration_date_to: "2027-12-31"
"""
    inventory = run(config, [page({"DomainName": "shop", "DomainGroupId": "7", "Tag.1.Key": "env",
                                   "Tag.1.Value": "prod", "EndExpirationDate": 1830297599999}, [], 1, 1)])
    assert list(inventory.hosts) == []


def test_details_add_registrant_name_and_locks(run):
    full = Call("QueryDomainByDomainName", {"DomainName": "a.com"},
                {"DomainName": "a.com", "RegistrantName": "Zhang San", "RegistrantUpdatingStatus": "PENDING",
                 "TransferProhibitionLock": "OPEN", "Tag": {"Tag": [{"Key": "env", "Vaue": "prod"}]}})
    inventory = run(u"details: true\nhostvar_prefix: dom_\n", [page({}, [listed("a.com")], 1, 1), full])
    hv = inventory.get_host("a.com").get_vars()
    assert hv["dom_registrant_name"] == "Zhang San" and hv["dom_registrant_updating_status"] == "PENDING"
    assert hv["dom_transfer_prohibition_lock"] == "OPEN" and hv["dom_tags_dict"] == {"env": "prod"}


def test_api_error_is_a_parser_error_without_secrets(run):
    with pytest.raises(AnsibleParserError) as info:
        run(u"", [error(L, "InvalidAccessKeyId.NotFound", "Specified access key is not found.", 404)])
    assert "InvalidAccessKeyId.NotFound" in str(info.value) and SECRET not in str(info.value)


def test_bad_filter_is_refused_before_any_call(run):
    with pytest.raises(AnsibleParserError, match="unknown domain filter"):
        run(u"filters:\n  colour: red\n", [])


def test_missing_credentials_are_a_clear_error(run):
    with pytest.raises(AnsibleParserError, match="No Alibaba Cloud credentials found"):
        run(u"", [], credentials=False)


def test_credentials_and_endpoint_from_the_environment(run, monkeypatch):
    monkeypatch.setenv("ALICLOUD_ACCESS_KEY_ID", AK)
    monkeypatch.setenv("ALICLOUD_SECRET_KEY", SECRET)
    monkeypatch.setenv("ALICLOUD_DOMAIN_ENDPOINT", "https://domain-intl.aliyuncs.com")
    inventory = run(u"", [page({}, [listed("a.com")], 1, 1)], credentials=False)
    assert list(inventory.hosts) == ["a.com"]
    assert run.session.sent[0][2]["host"] == "domain-intl.aliyuncs.com"


def test_cache_is_used_on_the_second_run(run, tmp_path):
    config = u"cache: true\ncache_plugin: jsonfile\ncache_connection: %s\n" % (tmp_path / "cache")
    first = run(config, [page({}, [listed("a.com")], 1, 1)])
    second = run(config, [])  # no call: read from the cache
    assert list(first.hosts) == list(second.hosts) == ["a.com"]
    assert second.get_host("a.com").get_vars()["tags_dict"] == {"env": "prod"}
    third = run(config, [page({}, [listed("b.com")], 1, 1)], cache=False)  # a refresh updates the cache
    assert list(third.hosts) == ["b.com"]


def test_assume_role_from_the_environment(run, monkeypatch):
    """ALICLOUD_ASSUME_ROLE_ARN / ALICLOUD_STS_ENDPOINT reach the chain through the plugin's options."""
    import json as _json
    from ansible_collections.alicloud.domain.plugins.module_utils._credentials import chain as cr
    sent = []

    class StsHttp(object):
        def __init__(self, *args, **kwargs):
            pass

        def request(self, method, url, headers=None, timeout=None, use_proxy=True):
            sent.append(url)
            body = {"RequestId": "R", "Credentials": {"AccessKeyId": "STS.InvTmp", "AccessKeySecret": SECRET,
                                                      "SecurityToken": "InvTmpToken", "Expiration": "2030-01-01T00:00:00Z"}}
            return 200, _json.dumps(body).encode("utf-8")

    monkeypatch.setattr(cr, "CredentialHttp", StsHttp)
    monkeypatch.setenv("ALICLOUD_ASSUME_ROLE_ARN", "acs:ram::1234567890123456:role/inventory")
    monkeypatch.setenv("ALICLOUD_STS_ENDPOINT", "http://127.0.0.1:8099")
    inventory = run(u"", [page({}, [listed("a.com")], 1, 1)])
    assert list(inventory.hosts) == ["a.com"]
    assert len(sent) == 1 and sent[0].startswith("http://127.0.0.1:8099/?") and "Action=AssumeRole" in sent[0]
    headers = run.session.sent[0][2]
    assert headers["x-acs-security-token"] == "InvTmpToken" and "Credential=STS.InvTmp," in headers["Authorization"]


# ============================================================================ issue 18: no echo, private cache, one factory
PASSWORD = "InvPassw0rdNeverShown"


@pytest.mark.parametrize("where", ["config", "environment"])
def test_endpoint_with_a_password_is_refused_without_showing_it(run, monkeypatch, where):
    url = "https://ops:%s@domain.aliyuncs.com" % PASSWORD
    monkeypatch.setenv("ALICLOUD_ACCESS_KEY_ID", AK)
    monkeypatch.setenv("ALICLOUD_SECRET_KEY", SECRET)
    if where == "config":
        config = u"endpoint: %s\n" % url
    else:
        config = u""
        monkeypatch.setenv("ALICLOUD_DOMAIN_ENDPOINT", url)
    with pytest.raises(AnsibleParserError) as info:
        run(config, [], credentials=False)
    text = str(info.value)
    assert "endpoint" in text and "user name or password" in text, text
    assert PASSWORD not in text and "ops:" not in text


def test_sts_endpoint_with_a_password_is_refused_without_showing_it(run, monkeypatch):
    monkeypatch.setenv("ALICLOUD_ASSUME_ROLE_ARN", "acs:ram::1234567890123456:role/inventory")
    monkeypatch.setenv("ALICLOUD_STS_ENDPOINT", "http://ops:%s@127.0.0.1:8099" % PASSWORD)
    with pytest.raises(AnsibleParserError) as info:
        run(u"", [])
    assert "user name or password" in str(info.value) and PASSWORD not in str(info.value)


def test_the_cache_file_is_private_whatever_the_umask(run, tmp_path):
    """Host variables hold personal data (registrant name and organisation): the cache file is 0600."""
    full = Call("QueryDomainByDomainName", {"DomainName": "a.com"},
                {"DomainName": "a.com", "RegistrantName": "Zhang San", "Email": "zhang.san@example.com"})
    cache_dir = tmp_path / "cache"
    config = u"details: true\ncache: true\ncache_plugin: jsonfile\ncache_connection: %s\n" % cache_dir
    old = os.umask(0o022)
    try:
        run(config, [page({}, [listed("a.com")], 1, 1), full])
        files = [p for p in cache_dir.iterdir() if p.is_file()]
        assert files and all(oct(p.stat().st_mode & 0o777) == oct(0o600) for p in files), \
            [(p.name, oct(p.stat().st_mode & 0o777)) for p in files]
        assert "Zhang San" in files[0].read_text()
        for path in files:  # a cache file left readable by an older version is tightened when it is used
            os.chmod(str(path), 0o644)
        run(config, [])
        assert all(oct(p.stat().st_mode & 0o777) == oct(0o600) for p in files)
        run(config, [page({}, [listed("a.com")], 1, 1), full], cache=False)  # a refresh rewrites it: still 0600
        assert all(oct(p.stat().st_mode & 0o777) == oct(0o600) for p in files)
    finally:
        os.umask(old)


def test_one_client_factory_for_the_modules_and_the_inventory(run, monkeypatch):
    """Both build their client with client_factory.client_from_options, from options named as AUTH_ARGUMENT_SPEC;
    the plugin documents each of them (from the shared doc fragment)."""
    from ansible_collections.alicloud.domain.plugins.module_utils import _client_factory as client_factory, _module as module
    asked = []
    real = client_factory.client_from_options

    def recording(get, warnings, **overrides):
        def getter(name):
            asked.append(name)
            return get(name)
        return real(getter, warnings, **overrides)
    monkeypatch.setattr(domains, "client_from_options", recording)
    run(u"", [page({}, [listed("a.com")], 1, 1)])
    assert tuple(asked) == client_factory.CLIENT_OPTIONS == tuple(module.AUTH_ARGUMENT_SPEC)
    assert module.client_from_options is real
    documented = yaml.safe_load(Common.DOCUMENTATION)["options"]
    assert set(client_factory.CLIENT_OPTIONS) == set(documented)
    for name, spec in client_factory.AUTH_ARGUMENT_SPEC.items():
        assert sorted(spec.get("aliases", [])) == sorted(documented[name].get("aliases", [])), name
        assert spec.get("default") == documented[name].get("default"), name
