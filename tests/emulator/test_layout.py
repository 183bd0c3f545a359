"""The emulator's files stay short, ``server.py`` keeps every name it had, and ``emulator_factory`` works."""

from pathlib import Path

import requests

import server

HERE = Path(__file__).resolve().parent
MAX_LINES = 400
# every public (and test-used private) name of server.py from when it was one 787-line file
SERVER_NAMES = ("CALL_LOG_MAX", "CROSS_SITE_FETCH", "DEMO_ACCESS_KEY_ID", "DEMO_ACCESS_KEY_SECRET", "Emulator",
                "FAULT_KINDS", "Fault", "HOST_ID", "Handler", "LOOPBACK", "LOOPBACK_NAMES", "Persister",
                "STS_ACCOUNT_ID", "STS_HOST_ID", "STS_ROLE_ARN_RE", "STS_SESSION_RE", "STS_VERSION", "TokenBucket",
                "_is_loopback", "_is_loopback_name", "_split_host", "bind_warning", "error_body", "host_allowed",
                "main", "origin_allowed", "parse_args")


def test_no_emulator_file_is_longer_than_400_lines():
    lengths = {p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in sorted(HERE.glob("*.py"))}
    assert {name: n for name, n in lengths.items() if n > MAX_LINES} == {}


def test_server_still_exports_every_name():
    assert [name for name in SERVER_NAMES if not hasattr(server, name)] == []


def test_emulator_factory_starts_with_the_settings_given_and_stops(emulator_factory):
    emu = emulator_factory(seed="empty", task_seconds=0.0, fault_seed=1, sts_key=("STS.FactoryKey01", "S" * 30, "T"))
    try:
        assert isinstance(emu, server.Emulator)
        assert emu.seed == "empty" and emu.config["task_seconds"] == 0.0 and emu.fault_seed == 1
        assert sorted(emu.auth.keys) == sorted([server.DEMO_ACCESS_KEY_ID, "STS.FactoryKey01"])
        with requests.Session() as http:
            assert emulator_factory.reset(emu, http, seed="demo")["reset"] is True
            assert http.get(emu.url + "/_emulator/health").json()["status"] == "ok"
    finally:
        emulator_factory.stop(emu)
    assert emu not in emulator_factory.running
