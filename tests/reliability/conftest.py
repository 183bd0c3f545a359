# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reliability suite: one in-process Domain API emulator, module runs in-process and through real Ansible.

Everything a test needs is here:

* ``COLL_ROOT``: a directory holding ``ansible_collections/alicloud/domain`` (the one on ``PYTHONPATH`` when
  it is this checkout, else a symlink tree in a temporary directory, added to ``sys.path``);
* ``emu``: the emulator (demo seed, demo key plus one STS key), reset before each test;
* ``run_main``: a module's ``main()`` in this process against the emulator (backoff sleeps shortened);
* ``ansible``: ``ansible`` / ``ansible-playbook`` subprocesses with ``ANSIBLE_COLLECTIONS_PATH`` set.
"""

from __future__ import absolute_import, division, print_function

import importlib
import json
import os
import subprocess
import sys
import tempfile
import time
import types
from pathlib import Path

import pytest
import requests

REPO = Path(__file__).resolve().parents[2]
EMULATOR_DIR = REPO / "tests" / "emulator"


def _collection_root():
    """The directory that holds ``ansible_collections/alicloud/domain`` pointing at this checkout."""
    for entry in sys.path:
        candidate = Path(entry or ".") / "ansible_collections" / "alicloud" / "domain"
        try:
            if candidate.resolve() == REPO:
                return Path(entry or ".").resolve()
        except OSError:
            continue
    root = Path(tempfile.mkdtemp(prefix="alicloud-domain-coll-"))
    (root / "ansible_collections" / "alicloud").mkdir(parents=True)
    (root / "ansible_collections" / "alicloud" / "domain").symlink_to(REPO)
    sys.path.insert(0, str(root))
    return root


COLL_ROOT = _collection_root()
if str(EMULATOR_DIR) not in sys.path:
    sys.path.insert(0, str(EMULATOR_DIR))

import server as emulator_server_mod  # noqa: E402  (tests/emulator/server.py)

DEMO_AK = emulator_server_mod.DEMO_ACCESS_KEY_ID
DEMO_SECRET = emulator_server_mod.DEMO_ACCESS_KEY_SECRET
# an STS key: distinctive secret and token so that any leak is found by a plain substring search
STS_AK = "STS.ReliabilityKey0001"
STS_SECRET = "RelSecretZq9xW4vT7mK2pL5nB8cD3fG6hJ1"
STS_TOKEN = "RelTokenCAIS+Yy7Uu3Ii9Oo1Pp5Aa8Ss2Dd=="
PROFILE_A, PROFILE_B, PROFILE_NONAUDIT, PROFILE_D = 18100001, 18100002, 18100003, 18100004
SAVE = "SaveSingleTaskForUpdatingContactInfo"
BATCH = "SaveBatchTaskForUpdatingContactInfoByRegistrantProfileId"
CONTACT_FIELDS = ("Address", "City", "Country", "Email", "PostalCode", "Province", "RegistrantName",
                  "RegistrantOrganization", "TelArea", "TelExt", "Telephone", "ZhAddress", "ZhCity", "ZhProvince",
                  "ZhRegistrantName", "ZhRegistrantOrganization")
BIN = Path(sys.executable).parent
SLOW_MS = 1300  # the "slow" fault: longer than the smallest timeout a module accepts (1 s)
ENV_PREFIXES = ("ALICLOUD_", "ALIBABA_CLOUD_", "ALIBABACLOUD_", "ALIYUN_")


def _norm(value):
    return "" if value is None else str(value).strip()


@pytest.fixture(scope="session")
def emulator_server(emulator_factory):
    """Demo seed, the demo pair and one STS key (``emulator_factory``: tests/emulator/pytest_plugin.py)."""
    emu = emulator_factory(task_seconds=30, fault_seed=3, slow_ms=SLOW_MS, sts_key=(STS_AK, STS_SECRET, STS_TOKEN))
    yield emu
    emulator_factory.stop(emu)


class Emu(object):
    """Control-API helpers around the running emulator."""

    def __init__(self, server):
        self.server = server
        self.url = server.url
        self.http = requests.Session()
        self.http.trust_env = False  # the control API is on loopback: never through a proxy a test sets
        self.slow_armed = False

    def control(self, method, path, payload=None):
        resp = self.http.request(method, self.url + "/_emulator" + path, json=payload)
        assert resp.status_code == 200, resp.text
        return resp.json()

    def faults(self, *specs):
        self.slow_armed = self.slow_armed or any(":slow" in s for s in specs)
        return self.control("POST", "/faults", {"faults": list(specs)})

    def config(self, **values):
        return self.control("PUT", "/config", values)

    def calls(self):
        return self.control("GET", "/calls")["calls"]

    def clear_calls(self):
        self.control("DELETE", "/calls")

    def stats(self):
        return self.control("GET", "/stats")

    def state(self):
        return self.control("GET", "/state")

    def complete(self):
        return self.control("POST", "/tasks/complete")["completed"]

    def profile(self, profile_id):
        return next(p for p in self.state()["profiles"] if int(p["RegistrantProfileId"]) == int(profile_id))

    def contact(self, domain, ctype):
        dom = next(d for d in self.state()["domains"] if d["DomainName"] == domain)
        return dom["contacts"][ctype]

    def matches(self, domain, ctype, profile_id):
        current, target = self.contact(domain, ctype), self.profile(profile_id)
        return all(_norm(current.get(f)) == _norm(target.get(f)) for f in CONTACT_FIELDS)

    def details(self):
        """Every task detail created: a list of (domain, contact type, TaskNo)."""
        return [(d["DomainName"], d["ContactType"], t["TaskNo"]) for t in self.state()["tasks"] for d in t["details"]]

    def pairs(self):
        """How many task details were created per (domain, contact type)."""
        out = {}
        for domain, ctype, _task in self.details():
            out[(domain, ctype)] = out.get((domain, ctype), 0) + 1
        return out

    def carried_out_saves(self):
        """Save* calls the emulator carried out (answered 200, or carried out and then dropped/garbled)."""
        return [c for c in self.calls() if c["action"] in (SAVE, BATCH) and c["code"] is None
                and (c["status"] == 200 or c["fault"] in ("drop_after", "malformed", "empty", "slow"))]

    def wait_fault(self, kind, count=1, limit=10.0):
        """The number of ``kind`` faults hit, once at least ``count`` (a slow call is logged when it ends)."""
        deadline = time.time() + limit
        while True:
            hits = self.stats()["faults"].get(kind, 0)
            if hits >= count or time.time() > deadline:
                return hits
            time.sleep(0.05)

    def assert_no_duplicates(self):
        stats = self.stats()
        assert stats["duplicate_tasks"] == 0, stats
        assert stats["noop_task_details"] == 0, stats
        assert all(n == 1 for n in self.pairs().values()), self.pairs()


@pytest.fixture
def emu(emulator_server, emulator_factory):
    handle = Emu(emulator_server)
    emulator_factory.reset(emulator_server, handle.http)
    yield handle
    if handle.slow_armed:  # let a delayed call finish here, not in the next test
        handle.control("DELETE", "/faults")
        time.sleep(SLOW_MS / 1000.0 + 0.3)
    emulator_server.auth.clock = time.time
    handle.http.close()


# ---------------------------------------------------------------------------- in-process module runs
class MainRunner(object):
    """Run ``plugins/modules/<name>.py``'s ``main()`` here, against the emulator, with a clean environment."""

    def __init__(self, monkeypatch, capsys, tmp_path, emu):
        self.monkeypatch, self.capsys, self.emu = monkeypatch, capsys, emu
        for name in list(os.environ):
            if name.startswith(ENV_PREFIXES):
                monkeypatch.delenv(name)
        self.home = tmp_path / "home"
        self.home.mkdir()
        monkeypatch.setenv("HOME", str(self.home))
        from ansible_collections.alicloud.domain.plugins.module_utils._api import client as client_mod
        real_sleep = time.sleep
        # the client's backoff pauses are shortened; the emulator (other threads) keeps the real clock
        fast = types.SimpleNamespace(sleep=lambda s: real_sleep(min(s, 0.02)), monotonic=time.monotonic,
                                     time=time.time)
        monkeypatch.setattr(client_mod, "time", fast)
        self.output = ""

    def __call__(self, module, args, check_mode=False, diff=False, creds=True, env=None):
        from ansible.module_utils import basic
        from ansible.module_utils.common.text.converters import to_bytes
        args = dict(args)
        if creds:
            args.setdefault("access_key_id", DEMO_AK)
            args.setdefault("access_key_secret", DEMO_SECRET)
        args.setdefault("endpoint", self.emu.url)
        args["_ansible_check_mode"] = check_mode
        args["_ansible_diff"] = diff
        for key, value in (env or {}).items():
            self.monkeypatch.setenv(key, value)
        self.monkeypatch.setattr(basic, "_ANSIBLE_ARGS", to_bytes(json.dumps({"ANSIBLE_MODULE_ARGS": args})))
        if hasattr(basic, "_ANSIBLE_PROFILE"):
            self.monkeypatch.setattr(basic, "_ANSIBLE_PROFILE", "legacy")
        try:  # ansible-core >= 2.19: controller code imported by other tests must not swallow module warnings
            from ansible.module_utils import _internal
            self.monkeypatch.setattr(_internal, "is_controller", False)
        except (ImportError, AttributeError):
            pass
        try:  # warnings are process-global in AnsibleModule: start each run with none
            from ansible.module_utils.common import warnings as ans_warnings
            for name in ("_global_warnings", "_global_deprecations"):
                if isinstance(getattr(ans_warnings, name, None), dict):
                    self.monkeypatch.setattr(ans_warnings, name, {})
                elif isinstance(getattr(ans_warnings, name, None), list):
                    self.monkeypatch.setattr(ans_warnings, name, [])
        except ImportError:  # pragma: no cover
            pass
        mod = importlib.import_module("ansible_collections.alicloud.domain.plugins.modules.%s" % module)
        with pytest.raises(SystemExit):
            mod.main()
        captured = self.capsys.readouterr()
        self.output = captured.out + captured.err
        return json.loads(captured.out)


@pytest.fixture
def run_main(monkeypatch, capsys, tmp_path, emu):
    return MainRunner(monkeypatch, capsys, tmp_path, emu)


# ---------------------------------------------------------------------------- real Ansible runs
class Ansible(object):
    def __init__(self, tmp_path, emu):
        self.tmp, self.emu = tmp_path, emu
        self.home = tmp_path / "ansible-home"
        self.home.mkdir(exist_ok=True)
        env = dict((k, v) for k, v in os.environ.items() if not k.startswith(ENV_PREFIXES + ("ANSIBLE_",)))
        env.update({
            "HOME": str(self.home), "ANSIBLE_COLLECTIONS_PATH": str(COLL_ROOT), "ANSIBLE_HOME": str(tmp_path / ".a"),
            "ANSIBLE_LOCAL_TEMP": str(tmp_path / ".a" / "tmp"), "ANSIBLE_NOCOLOR": "1", "ANSIBLE_FORCE_COLOR": "0",
            "ANSIBLE_RETRY_FILES_ENABLED": "0", "ANSIBLE_HOST_KEY_CHECKING": "0", "ANSIBLE_DEPRECATION_WARNINGS": "0",
            "ANSIBLE_LOCALHOST_WARNING": "0", "ANSIBLE_INVENTORY_UNPARSED_WARNING": "0",
            "PYTHONPATH": str(COLL_ROOT), "PYTHONDONTWRITEBYTECODE": "1",
        })
        self.env = env

    def _run(self, cmd, env=None, timeout=240):
        full_env = dict(self.env, **(env or {}))
        proc = subprocess.run(cmd, cwd=str(self.tmp), env=full_env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, universal_newlines=True, timeout=timeout, check=False)
        return proc.returncode, proc.stdout

    def adhoc(self, module, args, extra=(), env=None):
        cmd = [str(BIN / "ansible"), "localhost", "-i", "localhost,", "-c", "local",
               "-e", "ansible_python_interpreter=%s" % sys.executable,
               "-m", "alicloud.domain.%s" % module, "-a", json.dumps(args)] + list(extra)
        return self._run(cmd, env)

    def playbook(self, plays, inventory=None, extra=(), env=None, timeout=240):
        """``plays`` is a list of plays (dicts); JSON is valid YAML. Returns (rc, output)."""
        path = self.tmp / ("play-%d.yml" % int(time.time() * 1e6))
        path.write_text(json.dumps(plays, indent=1))
        if inventory is None:
            inventory = self.tmp / "inventory.ini"
            inventory.write_text("localhost ansible_connection=local ansible_python_interpreter=%s\n"
                                 % sys.executable)
        cmd = [str(BIN / "ansible-playbook"), "-i", str(inventory), str(path)] + list(extra)
        return self._run(cmd, env, timeout)


@pytest.fixture
def ansible(tmp_path, emu):
    return Ansible(tmp_path, emu)


def assert_clean_failure(result, code, request_id=True):
    """A failure in the API's own words: code (and request id when the server answered), no traceback."""
    assert result.get("failed"), result
    assert code in result["msg"], result["msg"]
    assert "Traceback" not in json.dumps(result)
    assert "exception" not in result, result.get("exception")
    if request_id:
        assert "RequestId " in result["msg"], result["msg"]
