# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The shape of ``_api`` and ``_credentials`` (issue 14): short files, one credential source per file, no dead code."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import re

import pytest

from ansible_collections.alicloud.domain.plugins.module_utils._api import errors
from ansible_collections.alicloud.domain.plugins.module_utils._credentials import (
    chain, cli_profile, ecs_role, env, ini_profile, options, ram_role_arn)

MODULE_UTILS = os.path.join(os.path.dirname(__file__), "..", "..", "..", "..", "plugins", "module_utils")
PACKAGES = ("_api", "_credentials")


def _files():
    for package in PACKAGES:
        folder = os.path.join(MODULE_UTILS, package)
        for name in sorted(os.listdir(folder)):
            if name.endswith(".py"):
                yield os.path.join(package, name), os.path.join(folder, name)


@pytest.mark.parametrize("name, path", list(_files()), ids=[name for name, _path in _files()])
def test_no_file_longer_than_400_lines(name, path):
    with open(path) as handle:
        assert len(handle.read().splitlines()) <= 400, name


def test_one_credential_source_per_file():
    sources = [options.OptionsSource, env.EnvSource, ecs_role.EcsRoleSource, cli_profile.CliProfileSource,
               ini_profile.IniProfileSource, ram_role_arn.RamRoleArnSource]
    homes = [source.__module__ for source in sources]
    assert len(set(homes)) == len(homes), homes
    assert chain.__name__ not in homes  # the chain only orders them


def test_no_python2_shims_and_no_dead_error_fields():
    for name, path in _files():
        with open(path) as handle:
            text = handle.read()
        assert not re.search(r"\burlparse\b|^\s*from urllib import|ConfigParser as", text, re.M), name
    err = errors.ApiError("QueryContactInfo", "Forbidden", "no", status=403)
    assert not hasattr(err, "answered") and not hasattr(err, "host_id")
