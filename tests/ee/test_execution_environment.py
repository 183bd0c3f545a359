# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The execution environment files: ansible-builder accepts the example definition and finds the
collection's Python requirements through meta/execution-environment.yml.

Needs ``ansible-builder`` (``pip install ansible-builder``); skipped with a reason otherwise. No container
engine is needed: ``ansible-builder create`` only writes the build context.
"""

from __future__ import absolute_import, division, print_function

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "execution-environment.yml"


def _builder():
    """The ansible-builder command next to this Python, else on PATH; None when not installed."""
    beside = Path(sys.executable).parent / "ansible-builder"
    if beside.exists():
        return str(beside)
    return shutil.which("ansible-builder")


BUILDER = _builder()
needs_builder = pytest.mark.skipif(
    BUILDER is None, reason="ansible-builder is not installed (pip install ansible-builder); "
                            "add it to .ci/requirements.txt to run these tests in CI")


def _run(*args, **kwargs):
    proc = subprocess.run([BUILDER] + list(args), capture_output=True, text=True, timeout=120, check=False, **kwargs)
    assert proc.returncode == 0, "ansible-builder %s failed (%s):\n%s\n%s" % (
        " ".join(args), proc.returncode, proc.stdout, proc.stderr)
    return proc


def test_collection_metadata_points_at_requirements():
    meta = yaml.safe_load((REPO / "meta" / "execution-environment.yml").read_text())
    python_file = meta["dependencies"]["python"]
    assert not os.path.isabs(python_file)
    lines = [line.strip() for line in (REPO / python_file).read_text().splitlines()
             if line.strip() and not line.strip().startswith("#")]
    assert lines == ["requests"]


def test_example_definition_shape():
    definition = yaml.safe_load(EXAMPLE.read_text())
    assert definition["version"] == 3
    deps = definition["dependencies"]
    assert any(c["name"] == "alicloud.domain" for c in deps["galaxy"]["collections"])
    assert deps["ansible_core"]["package_pip"].startswith("ansible-core")
    assert any(p.startswith("requests") for p in deps["python"])


@needs_builder
def test_ansible_builder_create_accepts_the_example(tmp_path):
    context = tmp_path / "context"
    _run("create", "-f", str(EXAMPLE), "-c", str(context), "--output-filename", "Containerfile")
    containerfile = (context / "Containerfile").read_text()
    assert "ansible-core" in containerfile
    assert "quay.io/centos/centos:stream9" in containerfile
    galaxy = yaml.safe_load((context / "_build" / "requirements.yml").read_text())
    assert [c["name"] for c in galaxy["collections"]] == ["alicloud.domain"]
    assert "requests" in (context / "_build" / "requirements.txt").read_text()


@needs_builder
def test_ansible_builder_introspect_finds_the_collection_requirements(tmp_path):
    """What ``ansible-builder build`` runs inside the image, against this checkout installed as a collection."""
    root = tmp_path / "collections"
    (root / "ansible_collections" / "alicloud").mkdir(parents=True)
    (root / "ansible_collections" / "alicloud" / "domain").symlink_to(REPO)
    out = _run("introspect", "--sanitize", str(root)).stdout
    data = yaml.safe_load(out.split("\n", 1)[1] if out.startswith("#") else out)
    assert any(line.split("#")[0].strip() == "requests" and "alicloud.domain" in line for line in data["python"]), out
