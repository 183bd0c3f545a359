# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one way a pytest suite starts an in-process emulator: the ``emulator_factory`` fixture.

Registered for every suite under ``tests/`` by ``tests/conftest.py``. Each suite keeps its own fixture names
and settings and asks the factory for an emulator with them::

    @pytest.fixture(scope="session")
    def emulator_server(emulator_factory):
        return emulator_factory(task_seconds=0.3, fault_seed=7, sts_key=(STS_AK, STS_SECRET, STS_TOKEN))

The emulator modules are imported only when an emulator is asked for, so a suite that needs none (the unit
tests) never has ``tests/emulator`` on ``sys.path``.
"""

from __future__ import absolute_import, division, print_function

import sys
import time
from pathlib import Path

import pytest

EMULATOR_DIR = Path(__file__).resolve().parent


def _service():
    """``tests/emulator/service.py`` (the module ``server.py`` takes ``Emulator`` from)."""
    if str(EMULATOR_DIR) not in sys.path:
        sys.path.insert(0, str(EMULATOR_DIR))
    import service  # pylint: disable=import-outside-toplevel,import-error
    return service


class EmulatorFactory(object):
    """Starts emulators on a free loopback port, each with its own settings; stops what is left at the end."""

    def __init__(self):
        self.running = []

    def __call__(self, sts_key=None, host="127.0.0.1", **settings):
        """An emulator started with ``service.Emulator(**settings)`` (``seed`` defaults to ``demo``).

        ``sts_key=(ak, secret, token)``: accept the documented demo pair and this STS key (sets ``keys``).
        """
        service = _service()
        settings.setdefault("seed", "demo")
        if sts_key is not None:
            settings["keys"] = ["%s:%s" % (service.DEMO_ACCESS_KEY_ID, service.DEMO_ACCESS_KEY_SECRET),
                                "%s:%s:%s" % tuple(sts_key)]
        emu = service.Emulator(**settings)
        emu.start(host, 0)
        self.running.append(emu)
        return emu

    def stop(self, emu):
        if emu in self.running:
            self.running.remove(emu)
            emu.stop()

    def close(self):
        while self.running:
            self.stop(self.running[-1])

    @staticmethod
    def reset(emu, http, seed="demo"):
        """Back to ``seed`` through the control API (with the ``requests`` session ``http``), real clock."""
        resp = http.post(emu.url + "/_emulator/reset", json={"seed": seed})
        assert resp.status_code == 200, resp.text
        emu.auth.clock = time.time
        return resp.json()


@pytest.fixture(scope="session")
def emulator_factory():
    """Session-wide :class:`EmulatorFactory`; every emulator it started and nobody stopped stops at the end."""
    factory = EmulatorFactory()
    yield factory
    factory.close()
