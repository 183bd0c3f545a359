"""``--state FILE``: atomic, coalesced writes of the emulator's whole state (and its recent nonces)."""

import json
import os
import sys
import tempfile
import threading


class Persister(object):
    """Atomic, coalesced writes of the whole state (temp file + os.replace)."""

    def __init__(self, emulator, path, interval=0.5):
        self.emulator = emulator
        self.path = os.path.abspath(path)
        self.interval = interval
        self._write_lock = threading.Lock()
        self._gen_lock = threading.Lock()
        self._gen = 0
        self._written = 0
        self._stop = threading.Event()
        self._thread = None

    def mark(self):
        with self._gen_lock:
            self._gen += 1
            return self._gen

    def flush(self, upto=None):
        """Write the state unless a write that started after generation ``upto`` already happened."""
        with self._write_lock:
            if upto is not None and self._written >= upto:
                return
            state = self.emulator.state
            with state.lock:
                gen = self._gen
                data = state.dump()
                # the nonces seen in the last 15 minutes go with the state, so that a request replayed after a
                # restart is refused as it would have been before it
                data["nonces"] = self.emulator.auth.dump_nonces()
                text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
                state.dirty = False
            directory = os.path.dirname(self.path) or "."
            fd, tmp = tempfile.mkstemp(prefix=".emulator-state-", dir=directory)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    handle.write(text)
                os.replace(tmp, self.path)
            except BaseException:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass
                raise
            self._written = max(self._written, gen)

    def start(self):
        self._thread = threading.Thread(target=self._loop, name="emulator-persist", daemon=True)
        self._thread.start()

    def _loop(self):
        while not self._stop.wait(self.interval):
            if self.emulator.state.dirty or self.emulator.auth.nonces_dirty:
                try:
                    self.flush()
                except OSError as exc:  # pragma: no cover - disk trouble is reported, not fatal
                    sys.stderr.write("emulator: cannot write state: %s\n" % exc)

    def stop(self):
        self._stop.set()
        self.flush()
