"""Local emulator of the Alibaba Cloud Domain API 2018-01-29 (stdlib only).

    python3 tests/emulator/server.py [--host 127.0.0.1] [--port 8089] [--seed demo|empty|bulk:N[:F]|FILE]
        [--key AK:SECRET[:STS_TOKEN]]... [--state FILE] [--latency-ms N] [--task-seconds N]
        [--throttle-qps N] [--fault SPEC]... [--fault-seed N] [--slow-ms N] [--port-file FILE]
        [--task-start-seconds N] [--realname-seconds N] [--email-token-seconds N] [--email-send-quota N]

Signed API calls (V1 HMAC-SHA1 or V3 ACS3-HMAC-SHA256, checked with the collection's own
``plugins/module_utils/_api/signing.py``) on ``/``; an unsigned control API under ``/_emulator/``
for loopback clients only. See README.md beside this file.

This file is the command line; the emulator itself is ``service.Emulator``, served by ``handler.Handler``
(with ``sts.py`` and ``control.py`` mixed in), with ``faults.py``, ``persistence.py`` and ``loopback.py``.
The names below are importable from here as they were when all of it lived in this file.
"""

import argparse
import os
import signal
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from auth import parse_key_spec  # noqa: E402
from control import ControlMixin  # noqa: E402
from faults import FAULT_KINDS, Fault, TokenBucket  # noqa: E402
from handler import Handler  # noqa: E402
from loopback import (CROSS_SITE_FETCH, LOOPBACK, LOOPBACK_NAMES, _is_loopback, _is_loopback_name,  # noqa: E402
                      _split_host, bind_warning, host_allowed, origin_allowed)
from persistence import Persister  # noqa: E402
from replies import HOST_ID, error_body  # noqa: E402
from service import CALL_LOG_MAX, DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, Emulator  # noqa: E402
from sts import (STS_ACCOUNT_ID, STS_HOST_ID, STS_ROLE_ARN_RE, STS_SESSION_RE, STS_VERSION,  # noqa: E402
                 AssumeRoleMixin)

__all__ = ["AssumeRoleMixin", "CALL_LOG_MAX", "CROSS_SITE_FETCH", "ControlMixin", "DEMO_ACCESS_KEY_ID",
           "DEMO_ACCESS_KEY_SECRET", "Emulator", "FAULT_KINDS", "Fault", "HOST_ID", "Handler", "LOOPBACK",
           "LOOPBACK_NAMES", "Persister", "STS_ACCOUNT_ID", "STS_HOST_ID", "STS_ROLE_ARN_RE", "STS_SESSION_RE",
           "STS_VERSION", "TokenBucket", "_is_loopback", "_is_loopback_name", "_split_host", "bind_warning",
           "error_body", "host_allowed", "main", "origin_allowed", "parse_args"]


# ---------------------------------------------------------------- CLI
def parse_args(argv=None):
    parser = argparse.ArgumentParser(description="Local emulator of the Alibaba Cloud Domain API 2018-01-29.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8089, help="0 picks a free port")
    parser.add_argument("--seed", default="demo", help="demo (default) | empty | bulk:N[:FRACTION[:LOCKED]] | FILE")
    parser.add_argument("--key", action="append", default=[], metavar="AK:SECRET[:STS_TOKEN]",
                        help="accepted key (repeatable); default: the documented demo pair")
    parser.add_argument("--state", metavar="FILE", help="load from FILE if it exists, persist to it")
    parser.add_argument("--latency-ms", type=float, default=0.0)
    parser.add_argument("--task-seconds", type=float, default=2.0)
    parser.add_argument("--task-start-seconds", type=float, default=None,
                        help="seconds a task waits before it starts (CancelTask works until then); "
                             "default a third of --task-seconds")
    parser.add_argument("--realname-seconds", type=float, default=3.0, help="duration of a real-name audit")
    parser.add_argument("--email-token-seconds", type=float, default=3 * 86400.0,
                        help="validity of an email verification link (default 3 days)")
    parser.add_argument("--email-send-quota", type=int, default=5, help="verification mails per address a day")
    parser.add_argument("--throttle-qps", type=float, default=0.0, help="0 = no throttling")
    parser.add_argument("--fault", action="append", default=[], metavar="SPEC",
                        help="ACTION_OR_*:KIND[:N_OR_PROB], KIND in " + "|".join(FAULT_KINDS))
    parser.add_argument("--fault-seed", type=int, default=0)
    parser.add_argument("--slow-ms", type=float, default=3000.0)
    parser.add_argument("--port-file", metavar="FILE")
    parser.add_argument("--role", action="append", default=None, metavar="ARN",
                        help="role ARN that STS AssumeRole accepts (repeatable); default: any well-formed ARN")
    args = parser.parse_args(argv)
    for spec in args.fault:
        Fault(spec)
    for spec in args.key:
        parse_key_spec(spec)
    return args


def main(argv=None):
    try:
        args = parse_args(argv)
    except ValueError as exc:
        sys.stderr.write("emulator: %s\n" % exc)
        return 2
    emu = Emulator(seed=args.seed, keys=args.key, state_file=args.state, latency_ms=args.latency_ms,
                   task_seconds=args.task_seconds, throttle_qps=args.throttle_qps, faults=args.fault,
                   fault_seed=args.fault_seed, slow_ms=args.slow_ms, roles=args.role,
                   task_start_seconds=args.task_start_seconds, realname_seconds=args.realname_seconds,
                   email_token_seconds=args.email_token_seconds, email_send_quota=args.email_send_quota)
    stop = threading.Event()

    def _on_signal(_signum, _frame):
        stop.set()

    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)
    port = emu.start(args.host, args.port)
    if args.port_file:
        tmp = args.port_file + ".tmp"
        with open(tmp, "w") as handle:
            handle.write("%d\n" % port)
        os.replace(tmp, args.port_file)
    host = args.host if ":" not in args.host else "[%s]" % args.host
    sys.stdout.write("emulator listening on http://%s:%d\n" % (host, port))
    sys.stdout.flush()
    while not stop.wait(0.5):
        pass
    emu.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
