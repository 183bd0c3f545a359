# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The documentation, which ansible-doc needs as static YAML, says what the one definition in module_utils says."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import importlib
import os

import pytest
import yaml

from ansible_collections.alicloud.domain.plugins.module_utils._contacts.contact import CONTACT_FIELDS, snake
from ansible_collections.alicloud.domain.plugins.module_utils._validation import CONTACT_TYPES

MODULES_DIR = os.path.join(os.path.dirname(__file__), "..", "..", "..", "..", "plugins", "modules")
MODULES = sorted(f[:-3] for f in os.listdir(MODULES_DIR) if f.endswith(".py") and not f.startswith("_"))


def documentation(module):
    mod = importlib.import_module("ansible_collections.alicloud.domain.plugins.modules.%s" % module)
    return yaml.safe_load(mod.DOCUMENTATION)


def test_every_module_is_checked():
    assert "contact" in MODULES and "contacts" in MODULES and len(MODULES) >= 8


@pytest.mark.parametrize("module", MODULES)
def test_documented_contact_types_are_the_constant(module):
    options = documentation(module).get("options") or {}
    for name in ("contact_type", "contact_types"):
        if name in options:
            extra = ["all"] if options[name]["type"] == "list" else []
            assert options[name]["choices"] == list(CONTACT_TYPES) + extra, (module, name)


def test_registrant_profile_documents_every_contact_field():
    options = documentation("registrant_profile")["options"]
    real_name = set(("identity_credential_file", "identity_credential_no", "identity_credential_type",
                     "real_name_wait", "real_name_wait_timeout", "real_name_poll_interval"))
    documented = set(options) - set(("state", "registrant_profile_id", "registrant_type", "registrant_profile_type",
                                     "default_registrant_profile")) - real_name
    assert documented == set(snake(f) for f in CONTACT_FIELDS)
    from ansible_collections.alicloud.domain.plugins.module_utils._real_name import CREDENTIAL_TYPES
    assert options["identity_credential_type"]["choices"] == list(CREDENTIAL_TYPES)


class _Captured(Exception):
    pass


@pytest.mark.parametrize("module", MODULES)
def test_argspec_contact_types_are_the_documented_ones(module, monkeypatch):
    mod = importlib.import_module("ansible_collections.alicloud.domain.plugins.modules.%s" % module)
    if not hasattr(mod, "DomainModule"):
        pytest.skip("not built on DomainModule")

    def capture(spec, *args, **kwargs):
        raise _Captured(spec)

    monkeypatch.setattr(mod, "DomainModule", capture)
    with pytest.raises(_Captured) as caught:
        mod.main()
    spec, options = caught.value.args[0], documentation(module).get("options") or {}
    for name in ("contact_type", "contact_types"):
        if name in spec:
            assert spec[name]["choices"] == options[name]["choices"], (module, name)


def test_domain_filters_fragment_documents_the_filter_spec():
    from ansible_collections.alicloud.domain.plugins.doc_fragments.domain_filters import ModuleDocFragment
    from ansible_collections.alicloud.domain.plugins.module_utils import _domain_list as dl
    options = yaml.safe_load(ModuleDocFragment.DOCUMENTATION)["options"]
    assert list(options) == list(dl.FILTER_SPEC) and set(options) == set(dl.FILTER_KEYS)
    for name, spec in dl.FILTER_SPEC.items():
        assert options[name]["type"] == spec["type"] and options[name].get("choices") == spec.get("choices"), name


def test_role_argument_specs_take_the_contact_types_of_the_modules():
    path = os.path.join(MODULES_DIR, "..", "..", "roles", "registrant_change", "meta", "argument_specs.yml")
    with open(path) as handle:
        options = yaml.safe_load(handle)["argument_specs"]["main"]["options"]
    assert options["registrant_change_contact_types"]["choices"] == list(CONTACT_TYPES) + ["all"]
