"""The command line: port 0 and --port-file, SIGTERM, --state across a restart, --key, --fault, --seed."""

import json
import signal
import subprocess
import sys

import pytest
import requests
from alibabacloud_domain20180129 import models as m
from alibabacloud_domain20180129.client import Client
from alibabacloud_tea_openapi.exceptions import ClientException, ServerException
from alibabacloud_tea_openapi.models import Config

from conftest import HERE, run_server
from server import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET


def sdk(port, ak=DEMO_ACCESS_KEY_ID, secret=DEMO_ACCESS_KEY_SECRET, token=None, v1=False):
    kwargs = dict(access_key_id=ak, access_key_secret=secret, endpoint="127.0.0.1:%d" % port, protocol="http")
    if token:
        kwargs["security_token"] = token
    if v1:
        kwargs["signature_algorithm"] = "v2"
    return Client(Config(**kwargs))


def stop(proc):
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=10) == 0
    proc.stdout.close()
    proc.stderr.close()


def test_port_file_and_sigterm(tmp_path):
    port_file = tmp_path / "port"
    proc, port = run_server("--seed", "empty", "--port-file", str(port_file))
    try:
        assert int(port_file.read_text()) == port
        assert requests.get("http://127.0.0.1:%d/_emulator/health" % port).json()["status"] == "ok"
    finally:
        stop(proc)


def test_sigint_exits_cleanly():
    proc, port = run_server("--seed", "empty")
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=10) == 0
    proc.stdout.close()
    proc.stderr.close()


def test_state_survives_restart(tmp_path):
    state = tmp_path / "state.json"
    proc, port = run_server("--state", str(state), "--task-seconds", "0")
    try:
        client = sdk(port)
        pid = client.save_registrant_profile(m.SaveRegistrantProfileRequest(
            registrant_type="2", registrant_name="Persisted", email="p@example.com")).body.registrant_profile_id
        task_no = client.save_single_task_for_updating_contact_info(m.SaveSingleTaskForUpdatingContactInfoRequest(
            domain_name="old-brand.xyz", contact_type="tech", registrant_profile_id=18100002)).body.task_no
        # written right after each Save*, so even a kill loses nothing
        saved = json.loads(state.read_text(encoding="utf-8"))
        assert any(p["RegistrantProfileId"] == pid for p in saved["profiles"])
        assert any(t["TaskNo"] == task_no for t in saved["tasks"])
    finally:
        proc.kill()
        proc.wait(timeout=10)
        proc.stdout.close()
        proc.stderr.close()
    proc, port = run_server("--state", str(state), "--task-seconds", "0")
    try:
        client = sdk(port, v1=True)
        prof = client.query_registrant_profiles(m.QueryRegistrantProfilesRequest(
            registrant_profile_id=pid)).body.registrant_profiles.registrant_profile[0]
        assert prof.registrant_name == "Persisted"
        tech = client.query_contact_info(m.QueryContactInfoRequest(domain_name="old-brand.xyz",
                                                                   contact_type="tech")).body
        assert tech.registrant_organization == "Hangzhou Example Technology Co., Ltd."
        det = client.query_task_detail_list(m.QueryTaskDetailListRequest(task_no=task_no, page_num=1,
                                                                         page_size=5)).body.data.task_detail[0]
        assert det.task_status_code == 2
        new_pid = client.save_registrant_profile(m.SaveRegistrantProfileRequest(registrant_name="Next")).body
        assert new_pid.registrant_profile_id == pid + 1
    finally:
        stop(proc)
    assert json.loads(state.read_text(encoding="utf-8"))["counters"]["next_profile_id"] == pid + 2


def test_in_flight_task_survives_restart(tmp_path):
    state = tmp_path / "state.json"
    proc, port = run_server("--state", str(state), "--task-seconds", "600")
    try:
        task_no = sdk(port).save_single_task_for_updating_contact_info(
            m.SaveSingleTaskForUpdatingContactInfoRequest(domain_name="old-brand.xyz", contact_type="admin",
                                                          registrant_profile_id=18100001)).body.task_no
    finally:
        stop(proc)
    proc, port = run_server("--state", str(state))
    try:
        client = sdk(port)
        with pytest.raises(ClientException) as err:
            client.save_single_task_for_updating_contact_info(m.SaveSingleTaskForUpdatingContactInfoRequest(
                domain_name="old-brand.xyz", contact_type="admin", registrant_profile_id=18100001))
        assert err.value.code == "TaskIsBeingProcessed"
        assert requests.post("http://127.0.0.1:%d/_emulator/tasks/complete" % port).json() == {"completed": 1}
        det = client.query_task_detail_list(m.QueryTaskDetailListRequest(task_no=task_no, page_num=1,
                                                                         page_size=5)).body.data.task_detail[0]
        assert det.task_status_code == 2
    finally:
        stop(proc)


def test_keys_and_faults_from_the_command_line():
    proc, port = run_server("--seed", "empty", "--key", "AK1:SECRET1", "--key", "AK2:SECRET2:TOKEN:with:colons",
                            "--fault", "QueryDomainList:503:1")
    try:
        req = m.QueryDomainListRequest(page_num=1, page_size=10)
        with pytest.raises(ServerException):
            sdk(port, "AK1", "SECRET1").query_domain_list(req)
        assert sdk(port, "AK1", "SECRET1").query_domain_list(req).body.total_item_num == 0
        assert sdk(port, "AK2", "SECRET2", token="TOKEN:with:colons").query_domain_list(req).status_code == 200
        with pytest.raises(ClientException) as err:
            sdk(port, "AK2", "SECRET2").query_domain_list(req)
        assert err.value.code == "MissingSecurityToken"
        with pytest.raises(ClientException) as err:
            sdk(port).query_domain_list(req)           # the demo pair is off once --key is given
        assert err.value.code == "InvalidAccessKeyId.NotFound"
    finally:
        stop(proc)


def test_bulk_seed_from_the_command_line():
    proc, port = run_server("--seed", "bulk:300:0.5")
    try:
        stats = requests.get("http://127.0.0.1:%d/_emulator/stats" % port).json()
        assert stats["domains"] == 300 and stats["profiles"] == 3
    finally:
        stop(proc)


def test_seed_file(tmp_path):
    seed = tmp_path / "seed.json"
    seed.write_text(json.dumps({"profiles": [{"RegistrantProfileId": 7, "RealNameStatus": "SUCCEED"}],
                                "domains": [{"DomainName": "Seeded.Example.COM."}]}))
    proc, port = run_server("--seed", str(seed))
    try:
        body = sdk(port).query_domain_by_domain_name(m.QueryDomainByDomainNameRequest(
            domain_name="seeded.example.com")).body
        assert body.domain_name == "seeded.example.com"
    finally:
        stop(proc)


def test_bad_arguments_are_refused():
    result = subprocess.run([sys.executable, str(HERE / "server.py"), "--fault", "nonsense"],
                            capture_output=True, text=True, timeout=20, check=False)
    assert result.returncode == 2 and "fault spec" in result.stderr
