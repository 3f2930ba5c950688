"""A virtual environment of its own for the Python frameworks the harvest runs (kept out of
gatewatch's): created once, reused, each framework installed from PyPI when first needed."""

from __future__ import annotations

import glob
import json
import shutil
import subprocess
import sys
import venv
from pathlib import Path

HOME = Path.home() / ".cache" / "gatewatch-harvest" / "venv"


def python(*requirements: str, home: Path = HOME) -> Path:
    """The environment's interpreter, with `requirements` installed (`home`: another
    environment, for an application whose pins would move the frameworks' versions)."""
    interpreter = home / "bin" / "python"
    if not interpreter.exists():
        venv.EnvBuilder(with_pip=True).create(home)
    missing = [name for name in requirements if not _installed(interpreter, name)]
    if missing:
        subprocess.run([str(interpreter), "-m", "pip", "install", "-q", *missing], check=True)
    return interpreter


def _installed(interpreter: Path, requirement: str) -> bool:
    name = requirement.split("=")[0].split("<")[0].split(">")[0].split("[")[0]
    result = subprocess.run(
        [str(interpreter), "-m", "pip", "show", "-q", name], capture_output=True, check=False
    )
    return result.returncode == 0


def versions(interpreter: Path, *names: str) -> dict[str, str]:
    script = (
        "import importlib.metadata as m, json, sys;"
        "print(json.dumps({n: m.version(n) for n in sys.argv[1:]}))"
    )
    result = subprocess.run(
        [str(interpreter), "-c", script, *names], capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


if __name__ == "__main__":
    print(python(*sys.argv[1:]))


def python39() -> str:
    """A Python 3.9 interpreter (pyenv's, or the system's), for programs whose pins refuse
    3.11 (Kallithea's setup, Kiwi TCMS's django-modern-rpc)."""
    found = shutil.which("python3.9") or next(
        iter(sorted(glob.glob(str(Path.home() / ".pyenv/versions/3.9*/bin/python")))), None
    )
    if found is None:
        raise RuntimeError("this program needs Python 3.9 (pyenv install 3.9)")
    return found
