# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Shared by every pytest suite under ``tests/``: the ``emulator_factory`` fixture (tests/emulator/pytest_plugin.py)."""

from __future__ import absolute_import, division, print_function

from .emulator.pytest_plugin import emulator_factory  # noqa: F401  pylint: disable=unused-import
