"""Fixtures: one in-process emulator for the session, reset before every test that uses it."""

import os
import sys
from pathlib import Path

import pytest
import requests

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import server  # noqa: E402
from server import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET  # noqa: E402

STS_AK = "STS.NUgYrLnoC8Test0001"
STS_SECRET = "StsSecretForEmulatorTests000000000000"
STS_TOKEN = "CAIS+test/STS=token=="
TASK_SECONDS = 0.3

MODES = ["v3", "v1", "v3-sts", "v1-sts"]


@pytest.fixture(scope="session")
def emulator_server(emulator_factory):
    """Demo seed, the demo pair and one STS key (``emulator_factory``: tests/emulator/pytest_plugin.py)."""
    emu = emulator_factory(task_seconds=TASK_SECONDS, fault_seed=7, sts_key=(STS_AK, STS_SECRET, STS_TOKEN))
    yield emu
    emulator_factory.stop(emu)


class Handle(object):
    """The running emulator, plus helpers for the control API and SDK clients."""

    def __init__(self, emu):
        self.emu = emu
        self.port = emu.port
        self.url = emu.url
        self.http = requests.Session()

    def control(self, method, path, payload=None, expect=200):
        resp = self.http.request(method, self.url + "/_emulator" + path,
                                 json=payload if payload is not None else None)
        assert resp.status_code == expect, resp.text
        return resp.json()

    def client(self, mode="v3", access_key_id=None, secret=None, token=None):
        from alibabacloud_domain20180129.client import Client
        from alibabacloud_tea_openapi.models import Config

        sts = mode.endswith("sts")
        kwargs = {
            "access_key_id": access_key_id or (STS_AK if sts else DEMO_ACCESS_KEY_ID),
            "access_key_secret": secret or (STS_SECRET if sts else DEMO_ACCESS_KEY_SECRET),
            "endpoint": "127.0.0.1:%d" % self.port,
            "protocol": "http",
        }
        if sts or token:
            kwargs["security_token"] = token or STS_TOKEN
        if mode.startswith("v1"):
            kwargs["signature_algorithm"] = "v2"
        return Client(Config(**kwargs))

    def complete_tasks(self):
        return self.control("POST", "/tasks/complete")["completed"]

    def calls(self, **query):
        resp = self.http.get(self.url + "/_emulator/calls", params=query)
        return resp.json()["calls"]


@pytest.fixture
def emu(emulator_server, emulator_factory):
    handle = Handle(emulator_server)
    emulator_factory.reset(emulator_server, handle.http)
    yield handle
    handle.http.close()


@pytest.fixture(params=MODES)
def mode(request):
    return request.param


@pytest.fixture
def client(emu, mode):
    return emu.client(mode)


def run_server(*args, **popen_kwargs):
    """Start ``server.py`` as a subprocess on port 0; return (process, port)."""
    import subprocess

    cmd = [sys.executable, str(HERE / "server.py"), "--port", "0"] + list(args)
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=dict(os.environ, PYTHONUNBUFFERED="1"), **popen_kwargs)
    line = proc.stdout.readline()
    assert line.startswith("emulator listening on http://127.0.0.1:"), (line, proc.stderr.read())
    return proc, int(line.strip().rsplit(":", 1)[1])


__all__ = ["server", "run_server", "STS_AK", "STS_SECRET", "STS_TOKEN", "TASK_SECONDS"]
