# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""An AWX-style job: the credential type's injectors, rendered as AWX renders them, are the only source
of credentials for a playbook run through ansible-runner against the local emulator.

What is checked:

* the job succeeds with no credentials in the playbook (contact_info, then contacts in check mode);
* nothing is written (check mode) and every call was signed with the injected key;
* the secret (and the STS token) never shows in the job's stdout or events;
* the secret DOES show in ``env/envvars`` and ``artifacts/<ident>/command`` (and ``artifacts/<ident>/env``
  when present): ansible-runner keeps the whole environment there. The user guide says so; this test keeps
  that statement honest.

Needs ``ansible_runner`` (in .ci/requirements.txt) and Jinja2 (comes with ansible-core).
"""

from __future__ import absolute_import, division, print_function

import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest
import requests
import yaml

ansible_runner = pytest.importorskip(
    "ansible_runner", reason="ansible-runner is not installed (pip install ansible-runner; it is pinned in "
                             ".ci/requirements.txt)")
sandbox = pytest.importorskip("jinja2.sandbox", reason="Jinja2 is not installed (it comes with ansible-core)")

REPO = Path(__file__).resolve().parents[2]
EMULATOR_DIR = REPO / "tests" / "emulator"
CREDENTIAL_TYPE = REPO / "extensions" / "awx" / "credential_type_alicloud.yml"
if str(EMULATOR_DIR) not in sys.path:
    sys.path.insert(0, str(EMULATOR_DIR))

import server as emulator_mod  # noqa: E402  (tests/emulator/server.py)

DEMO_AK = emulator_mod.DEMO_ACCESS_KEY_ID
DEMO_SECRET = emulator_mod.DEMO_ACCESS_KEY_SECRET
# an STS key with distinctive values, so that a leak is found by a plain substring search
STS_AK = "STS.AwxRunnerKey0001"
STS_SECRET = "AwxStsSecretQw3rTy7uIo9pAs2dFg4hJk6"
STS_TOKEN = "AwxTokenCAIS+Zx8Cv5Bn1Mq7Wr3Ty9Ui=="
SAVE_PREFIX = "Save"

PLAYBOOK = """\
---
- name: AWX-style job - credentials and endpoint come from the injected environment only
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Read the contacts of a domain
      alicloud.domain.contact_info:
        domain_name: example-shop.com
        contact_types: [registrant, admin]
      register: job_info

    - name: Plan moving three domains to profile 18100002 (check mode, nothing is written)
      alicloud.domain.contacts:
        domains: [example-shop.com, example-blog.net, zhangsan.cn]
        contact_types: [registrant, admin]
        registrant_profile_id: 18100002
      check_mode: true
      register: job_plan

    - name: Check what came back
      ansible.builtin.assert:
        that:
          - job_info.contacts.registrant.email | length > 0
          - job_plan.results | length == 6
          - job_plan.results | selectattr('status', 'equalto', 'would_change') | list | length > 0
          - not (job_plan.results | selectattr('status', 'equalto', 'submitted') | list)
"""

INVENTORY = """\
localhost ansible_connection=local ansible_python_interpreter="{{ ansible_playbook_python }}"
"""


def load_credential_type():
    with CREDENTIAL_TYPE.open() as handle:
        return yaml.safe_load(handle)


def render_injectors(credential_type, inputs):
    """The env injectors rendered the way AWX does (CredentialType.inject_credential).

    AWX puts only the inputs that have a value in the namespace and renders every env template in an
    ImmutableSandboxedEnvironment, so a missing optional input renders as an empty string.
    """
    namespace = dict((k, v) for k, v in inputs.items() if v not in (None, ""))
    env = sandbox.ImmutableSandboxedEnvironment()
    return dict((name, env.from_string(template).render(**namespace))
                for name, template in credential_type["injectors"]["env"].items())


@pytest.fixture(scope="module")
def emulator(emulator_factory):
    """Demo seed, the demo pair and one STS key (``emulator_factory``: tests/emulator/pytest_plugin.py)."""
    emu = emulator_factory(task_seconds=0.5, sts_key=(STS_AK, STS_SECRET, STS_TOKEN))
    yield emu
    emulator_factory.stop(emu)


@pytest.fixture
def emu(emulator, emulator_factory):
    http = requests.Session()
    emulator_factory.reset(emulator, http)
    yield emulator, http
    http.close()


@pytest.fixture(scope="module")
def collections_path():
    """A directory holding ansible_collections/alicloud/domain -> this checkout."""
    root = Path(tempfile.mkdtemp(prefix="alicloud-domain-awx-coll-"))
    (root / "ansible_collections" / "alicloud").mkdir(parents=True)
    (root / "ansible_collections" / "alicloud" / "domain").symlink_to(REPO)
    yield root
    shutil.rmtree(str(root), ignore_errors=True)


def _path_with_this_python():
    """PATH with this Python's bin directory first, so that runner finds the ansible-playbook of this venv."""
    return os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])


def test_credential_type_shape():
    ct = load_credential_type()
    assert ct["kind"] == "cloud"
    fields = dict((f["id"], f) for f in ct["inputs"]["fields"])
    assert fields["access_key_secret"].get("secret") is True
    assert fields["security_token"].get("secret") is True
    assert set(ct["inputs"]["required"]) == {"access_key_id", "access_key_secret"}
    assert set(ct["injectors"]["env"]) == {
        "ALICLOUD_ACCESS_KEY", "ALICLOUD_SECRET_KEY", "ALICLOUD_SECURITY_TOKEN", "ALICLOUD_PROFILE",
        "ALICLOUD_ASSUME_ROLE_ARN", "ALICLOUD_ASSUME_ROLE_SESSION_NAME", "ALICLOUD_DOMAIN_ENDPOINT"}
    # every template names a declared input, as AWX's injector validation requires
    for template in ct["injectors"]["env"].values():
        names = template.replace("{{", "").replace("}}", "").split()
        assert all(n in fields for n in names), template


@pytest.mark.parametrize("kind", ["access_key", "sts"])
def test_job_through_ansible_runner(emu, collections_path, tmp_path, kind):
    emulator, http = emu
    if kind == "sts":
        inputs = {"access_key_id": STS_AK, "access_key_secret": STS_SECRET, "security_token": STS_TOKEN}
        secrets = [STS_SECRET, STS_TOKEN]
    else:
        inputs = {"access_key_id": DEMO_AK, "access_key_secret": DEMO_SECRET}
        secrets = [DEMO_SECRET]
    inputs["endpoint"] = emulator.url  # the emulator; a real job leaves it empty or names the real endpoint

    injected = render_injectors(load_credential_type(), inputs)
    assert injected["ALICLOUD_SECRET_KEY"] == inputs["access_key_secret"]
    assert injected["ALICLOUD_DOMAIN_ENDPOINT"] == emulator.url
    assert injected["ALICLOUD_PROFILE"] == "" and injected["ALICLOUD_ASSUME_ROLE_ARN"] == ""

    pdd = tmp_path / "job"
    for sub in ("env", "project", "inventory"):
        (pdd / sub).mkdir(parents=True)
    envvars = dict(injected, ANSIBLE_COLLECTIONS_PATH=str(collections_path))
    # the emulator's URL comes from the credential's endpoint input, rendered above
    (pdd / "env" / "envvars").write_text(yaml.safe_dump(envvars, default_flow_style=False))
    (pdd / "project" / "site.yml").write_text(PLAYBOOK)
    (pdd / "inventory" / "hosts").write_text(INVENTORY)
    assert not any(s in PLAYBOOK for s in secrets)

    # nothing from the test runner's own environment may stand in for the injected credentials
    clean = dict((k, v) for k, v in os.environ.items() if not k.startswith(("ALICLOUD_", "ALIBABA_CLOUD_")))
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(clean)
    os.environ["HOME"] = str(tmp_path)  # no ~/.aliyun/config.json either
    os.environ["PATH"] = _path_with_this_python()
    try:
        run = ansible_runner.run(private_data_dir=str(pdd), playbook="site.yml", ident="job1", quiet=True,
                                 verbosity=3, cmdline="--diff", timeout=300)
    finally:
        os.environ.clear()
        os.environ.update(saved)

    artifacts = pdd / "artifacts" / "job1"
    stdout = (artifacts / "stdout").read_text()
    assert run.status == "successful", "rc %s\n%s" % (run.rc, stdout)
    assert run.rc == 0

    # the job's output: stdout and every event (what AWX shows and stores as job events)
    events = json.dumps(list(run.events))
    assert "alicloud.domain.contacts" in events
    for secret in secrets:
        assert secret not in stdout
        assert secret not in events
    for path in (artifacts / "job_events").iterdir():
        text = path.read_text()
        assert not any(s in text for s in secrets), path.name

    # check mode: nothing written; every call was accepted, so it was signed with the injected key (and, for
    # the STS key, carried the injected token: the emulator refuses that key without exactly that token)
    calls = http.get(emulator.url + "/_emulator/calls").json()["calls"]
    assert calls, "the playbook made no API call"
    assert not [c for c in calls if c["action"].startswith(SAVE_PREFIX)]
    assert all(c["status"] == 200 and c["code"] is None for c in calls), calls

    # documented behaviour: ansible-runner keeps the whole environment, secrets included, in these files
    command = json.loads((artifacts / "command").read_text())
    assert command["env"]["ALICLOUD_SECRET_KEY"] == inputs["access_key_secret"]
    assert inputs["access_key_secret"] in (pdd / "env" / "envvars").read_text()
    if (artifacts / "env").exists():
        assert inputs["access_key_secret"] in (artifacts / "env").read_text()
