"""Run a command below a small process that reports the largest peak RSS of any one process of its tree.

    python3 launch.py REPORT.json COMMAND [ARG ...]

Why not ``os.wait4`` on the command from the harness: Linux charges a process, at ``exec``, with the peak RSS of the
memory it is leaving, which for a command spawned by the harness is the harness's own (``vfork``/``posix_spawn``
share it, ``fork`` copies it). A harness holding a large call log made every command it started look that large:
the second headline run's ``ansible-playbook`` showed the harness's 321 MB while its own high-water mark was 132 MB.
This launcher is small when it forks, so the command's figure is its own.

The launcher is a child subreaper (``PR_SET_CHILD_SUBREAPER``): the processes of the tree that outlive their
parent (ansible-core's workers and modules after a SIGKILL of the playbook) are reaped here too, and their peaks
counted. The command runs in a session of its own (its pid is its process group), and the launcher exits with the
command's status (killed by the same signal). REPORT gets ``{"pid": the command's pid, "maxrss_kib": largest
ru_maxrss reaped}``; the command's pid is also written to REPORT + ".pid" as soon as it starts.
"""

import ctypes
import json
import os
import signal
import sys

PR_SET_CHILD_SUBREAPER = 36


def main(argv):
    report, command = argv[0], argv[1:]
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        sys.stderr.write("launch.py: PR_SET_CHILD_SUBREAPER failed (errno %d)\n" % ctypes.get_errno())
        return 125
    pid = os.fork()
    if pid == 0:
        try:
            os.setsid()
            os.execvp(command[0], command)
        finally:
            os._exit(127)
    with open(report + ".pid", "w") as handle:
        handle.write(str(pid))
    peak, status = 0, None
    while True:
        try:
            got, got_status, usage = os.wait4(-1, 0)
        except ChildProcessError:
            break
        peak = max(peak, usage.ru_maxrss)
        if got == pid:
            status = got_status
    with open(report, "w") as handle:
        json.dump({"pid": pid, "maxrss_kib": peak}, handle)
    code = os.waitstatus_to_exitcode(status)
    if code < 0:  # killed by a signal: the launcher ends the same way
        if -code not in (signal.SIGKILL, signal.SIGSTOP):
            signal.signal(-code, signal.SIG_DFL)
        os.kill(os.getpid(), -code)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
