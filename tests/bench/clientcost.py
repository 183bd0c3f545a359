"""Client cost against the official SDK, in one process, on one emulator (run by run.py).

    python clientcost.py --port PORT --calls 1000 --domains-file FILE

Prints one JSON object: import times (fresh subprocesses), CPU and wall time per call for our
DomainClient and the official SDK, each over the same sequential QueryContactInfo calls.
"""

import argparse
import json
import os
import subprocess
import sys
import time

AK = "LTAI5tDemoAccessKeyId00"
SECRET = "DemoSecretForTheLocalEmulatorOnly0000000"

OURS_IMPORT = "from ansible_collections.alicloud.domain.plugins.module_utils._api.client import DomainClient"
SDK_IMPORT = "from alibabacloud_domain20180129.client import Client"


def import_time(statement, runs):
    """Least seconds of ``statement`` in a fresh interpreter (interpreter start-up excluded)."""
    code = "import time; t = time.perf_counter()\n%s\nprint(time.perf_counter() - t)" % statement
    values = []
    for _dummy in range(runs):
        out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True,
                             env=os.environ)
        values.append(float(out.stdout.strip().splitlines()[-1]))
    return min(values), values


def timed(fn, domains, calls):
    fn(domains[0])  # connection set up, lazy imports done
    cpu0, wall0 = time.process_time(), time.perf_counter()
    for i in range(calls):
        fn(domains[i % len(domains)])
    return (time.process_time() - cpu0) / calls, (time.perf_counter() - wall0) / calls


def ours(port):
    from ansible_collections.alicloud.domain.plugins.module_utils._api.client import DomainClient
    from ansible_collections.alicloud.domain.plugins.module_utils._credentials.base import Credentials
    client = DomainClient(Credentials(AK, SECRET), endpoint="http://127.0.0.1:%d" % port)

    def call(domain):
        body = client.call("QueryContactInfo", {"DomainName": domain, "ContactType": "registrant"})
        assert body.get("RegistrantName"), body
    return call


def _signed(port):
    """Our client's signer, for the transport floors below (the same signed request each time)."""
    from ansible_collections.alicloud.domain.plugins.module_utils._api.client import DomainClient
    from ansible_collections.alicloud.domain.plugins.module_utils._credentials.base import Credentials
    client = DomainClient(Credentials(AK, SECRET), endpoint="http://127.0.0.1:%d" % port)
    prefix = len(client.endpoint.url) - 1

    def sign(domain):
        url, headers = client._prepare("QueryContactInfo", {"DomainName": domain, "ContactType": "registrant"})
        return url[prefix:], headers
    return sign


def floor_urllib3(port):
    """The floor under requests: signed by us, sent straight through a urllib3 connection pool."""
    import urllib3
    sign, pool = _signed(port), urllib3.HTTPConnectionPool("127.0.0.1", port, maxsize=1)

    def call(domain):
        path, headers = sign(domain)
        body = json.loads(pool.urlopen("POST", path, headers=headers, retries=False, preload_content=True).data)
        assert body.get("RegistrantName"), body
    return call


def floor_http_client(port):
    """The floor under urllib3: signed by us, sent over one kept-alive http.client connection."""
    import http.client
    sign, conn = _signed(port), http.client.HTTPConnection("127.0.0.1", port)

    def call(domain):
        path, headers = sign(domain)
        conn.request("POST", path, headers=headers)
        body = json.loads(conn.getresponse().read())
        assert body.get("RegistrantName"), body
    return call


def sdk(port):
    from alibabacloud_domain20180129.client import Client
    from alibabacloud_domain20180129 import models
    from alibabacloud_tea_openapi.models import Config
    client = Client(Config(access_key_id=AK, access_key_secret=SECRET, endpoint="127.0.0.1:%d" % port,
                           protocol="http"))

    def call(domain):
        resp = client.query_contact_info(models.QueryContactInfoRequest(domain_name=domain,
                                                                        contact_type="registrant"))
        assert resp.body.registrant_name, resp
    return call


def profile_by_package(fn, domains, calls):
    """Where our client's CPU time per call goes: cProfile own time summed per package, ms per call."""
    import cProfile
    import pstats
    prof = cProfile.Profile(time.process_time)
    prof.enable()
    for i in range(calls):
        fn(domains[i % len(domains)])
    prof.disable()
    groups = {}
    for (filename, _line, _name), (_cc, _nc, tottime, _ct, _callers) in pstats.Stats(prof).stats.items():
        f = filename.replace("\\", "/")
        for key in ("alicloud/domain", "requests/", "urllib3/", "http/client", "email/", "json/", "urllib/",
                    "socket", "ssl", "hmac", "hashlib"):
            if key in f:
                break
        else:
            key = "builtins (C)" if f == "~" else "other" if not f.startswith("<") else f
        groups[key] = groups.get(key, 0.0) + tottime / calls * 1e3
    return dict(sorted(groups.items(), key=lambda kv: -kv[1]))


def raw_loopback(port, calls):
    """Wall time of an unsigned control call over a kept-alive http.client connection."""
    import http.client
    conn = http.client.HTTPConnection("127.0.0.1", port)
    conn.request("GET", "/_emulator/health")
    conn.getresponse().read()
    t = time.perf_counter()
    for _dummy in range(calls):
        conn.request("GET", "/_emulator/health")
        conn.getresponse().read()
    return (time.perf_counter() - t) / calls


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--calls", type=int, default=1000)
    ap.add_argument("--domains-file", required=True)
    ap.add_argument("--import-runs", type=int, default=5)
    ap.add_argument("--skip-imports", action="store_true")
    ap.add_argument("--rounds", type=int, default=3, help="alternating rounds of each client; the best counts")
    ap.add_argument("--latency-check", type=int, default=0,
                    help="only time this many sequential calls of our client (for the injected-latency check)")
    args = ap.parse_args()
    with open(args.domains_file) as handle:
        domains = json.load(handle)["domains"]
    if args.latency_check:
        cpu, wall = timed(ours(args.port), domains, args.latency_check)
        print(json.dumps({"ours_wall_per_call": wall}))
        return
    out = {"calls": args.calls}
    if not args.skip_imports:
        # the minimum of several fresh interpreters: the least disturbed by whatever else runs on the machine
        out["ours_import"], out["ours_import_runs"] = import_time(OURS_IMPORT, args.import_runs)
        out["sdk_import"], out["sdk_import_runs"] = import_time(SDK_IMPORT, args.import_runs)
    out["raw_loopback_per_call"] = raw_loopback(args.port, min(args.calls, 1000))
    # alternate the two, several rounds, and keep each one's best round: neither benefits from a warmer
    # machine, and a round disturbed by whatever else runs here does not decide the figure
    for kind in ("cpu", "wall"):
        for name in ("sdk", "ours", "urllib3", "http_client"):
            out["%s_%s_rounds" % (name, kind)] = []
    for _round in range(args.rounds):
        for name, factory in (("sdk", sdk), ("ours", ours), ("urllib3", floor_urllib3),
                              ("http_client", floor_http_client)):
            cpu, wall = timed(factory(args.port), domains, args.calls)
            out[name + "_cpu_rounds"].append(cpu)
            out[name + "_wall_rounds"].append(wall)
    for name in ("sdk", "ours", "urllib3", "http_client"):
        for kind in ("cpu", "wall"):
            out["%s_%s_per_call" % (name, kind)] = min(out["%s_%s_rounds" % (name, kind)])
    out["ours_profile_ms_per_call"] = profile_by_package(ours(args.port), domains, args.calls)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
