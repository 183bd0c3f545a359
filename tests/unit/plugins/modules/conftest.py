# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

import pytest

from ansible.module_utils import basic
from ansible.module_utils.common.text.converters import to_bytes

from ansible_collections.alicloud.domain.tests.unit.plugins import fake_api


class ModuleRun:
    """Runs a module's main() with arguments and returns (failed, result)."""

    def __init__(self, monkeypatch, capsys):
        self.monkeypatch, self.capsys = monkeypatch, capsys
        for name in list(__import__("os").environ):
            if name.startswith(("ALICLOUD_", "ALIBABA_CLOUD_", "ALIBABACLOUD_", "ALIYUN_")):
                monkeypatch.delenv(name)
        monkeypatch.setenv("HOME", "/nonexistent-home-for-tests")

    def __call__(self, module, args, script=(), check_mode=False, diff=False, secret=fake_api.SECRET):
        args = dict(args)
        args.setdefault("access_key_id", fake_api.AK)
        args.setdefault("access_key_secret", fake_api.SECRET)
        args.setdefault("endpoint", fake_api.ENDPOINT)
        args["_ansible_check_mode"] = check_mode
        args["_ansible_diff"] = diff
        args.setdefault("poll_interval", 0.01) if "wait" in args else None
        session = fake_api.FakeSession(script, secret)
        self.session = session
        self.monkeypatch.setattr("ansible_collections.alicloud.domain.plugins.module_utils._api.client.requests.Session",
                                 lambda: session)
        clock = [1000.0]  # a fake clock that only sleeping moves: waits are exact and instant

        def fake_sleep(seconds):
            clock[0] += seconds
        self.monkeypatch.setattr("time.sleep", fake_sleep)
        self.monkeypatch.setattr("time.monotonic", lambda: clock[0])
        payload = to_bytes(json.dumps({"ANSIBLE_MODULE_ARGS": args}))
        self.monkeypatch.setattr(basic, "_ANSIBLE_ARGS", payload)
        try:  # ansible-core >= 2.19: controller code imported by other tests must not swallow module warnings
            from ansible.module_utils import _internal
            self.monkeypatch.setattr(_internal, "is_controller", False)
        except (ImportError, AttributeError):
            pass
        try:  # ansible-core >= 2.19 validates the serialization profile too
            self.monkeypatch.setattr(basic, "_ANSIBLE_PROFILE", "legacy")
        except AttributeError:
            pass
        with pytest.raises(SystemExit):
            module.main()
        out = self.capsys.readouterr().out
        result = json.loads(out)
        session.assert_done()
        return bool(result.get("failed")), result


@pytest.fixture
def run_module(monkeypatch, capsys):
    return ModuleRun(monkeypatch, capsys)
