"""The package installs under one name, `gatewatch`, and its child processes cannot be
misled by the folder they are started from."""

import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = ("cli", "crawler", "demo", "reports", "scheduler", "storage")
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc")


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def test_every_package_folder_is_installed_under_gatewatch():
    setuptools = _pyproject()["tool"]["setuptools"]
    assert setuptools["package-dir"] == {f"gatewatch.{name}": name for name in FOLDERS}
    folders = {
        "gatewatch." + ".".join(init.parent.relative_to(ROOT).parts)
        for name in FOLDERS
        for init in (ROOT / name).rglob("__init__.py")
    }
    assert set(setuptools["packages"]) == folders


def test_child_processes_do_not_search_the_current_folder_first():
    """A `gatewatch.py` or `cli.py` in the folder a scheduler is started from must not stand
    in for the package in the runs it starts (-P)."""
    unsafe = []
    for name in FOLDERS:
        for path in (ROOT / name).rglob("*.py"):
            for number, line in enumerate(path.read_text().splitlines(), 1):
                if re.search(r'sys\.executable,\s*"-[mc]"', line):
                    unsafe.append(f"{path.relative_to(ROOT)}:{number}")
    assert unsafe == []


def test_a_run_started_from_a_folder_that_shadows_the_package_names(tmp_path):
    for name in ("gatewatch", "cli", "crawler", "storage"):
        (tmp_path / f"{name}.py").write_text("raise SystemExit('the wrong module was imported')\n")
    result = subprocess.run(
        [sys.executable, "-P", "-m", "gatewatch.cli.main", "--help"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "wrong module" not in result.stderr


@pytest.mark.slow
def test_the_wheel_installs_one_top_level_name(tmp_path):
    source = tmp_path / "source"  # a copy: setuptools leaves build/ beside what it builds
    for name in (*FOLDERS, "pyproject.toml", "README.md"):
        copy = shutil.copytree if (ROOT / name).is_dir() else shutil.copy
        copy(ROOT / name, source / name, **({"ignore": IGNORED} if (ROOT / name).is_dir() else {}))
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(source)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = tmp_path.glob("gatewatch-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    top_level = {
        name.split("/")[0] for name in names if not name.split("/")[0].endswith(".dist-info")
    }
    assert top_level == {"gatewatch"}
    for expected in (
        "gatewatch/cli/main.py",
        "gatewatch/storage/migrations/versions/__init__.py",
        "gatewatch/reports/templates/email.html.j2",
        "gatewatch/demo/spa_site/index.html",
    ):
        assert expected in names
