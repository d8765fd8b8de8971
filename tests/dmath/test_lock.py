"""The dependency locks: every package, direct or transitive, pinned to one version with hashes."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LOCKS = ["requirements.txt", "requirements-dev.txt"]


def entries(path: Path) -> list[str]:
    """The lock's requirement entries, each with its continuation lines joined, comments dropped."""
    text = re.sub(r"\s*\\\n\s*", " ", path.read_text())
    lines = [line.split(" #")[0].strip() for line in text.splitlines()]
    return [line for line in lines if line and not line.startswith("#")]


def names(path: Path) -> set[str]:
    pattern = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)")
    return {
        pattern.match(line).group(1).lower().replace("_", "-")
        for line in path.read_text().splitlines()
        if pattern.match(line)
    }


@pytest.mark.parametrize("lock", LOCKS)
def test_every_line_of_the_lock_is_pinned_with_a_hash(lock):
    found = entries(ROOT / lock)
    assert len(found) > 10
    for entry in found:
        assert re.match(r"^[A-Za-z0-9][A-Za-z0-9._-]*==[^\s]+ ", entry), entry
        assert re.search(r"--hash=sha256:[0-9a-f]{64}", entry), f"no hash: {entry}"


@pytest.mark.parametrize(
    ("source", "lock"), [("requirements.in", "requirements.txt"), ("requirements-dev.in", "requirements-dev.txt")]
)
def test_every_direct_dependency_is_in_its_lock(source, lock):
    assert names(ROOT / source) <= names(ROOT / lock)


def test_the_dev_lock_holds_the_runtime_lock_at_the_same_versions():
    runtime = {line.split(" ")[0] for line in entries(ROOT / "requirements.txt")}
    dev = {line.split(" ")[0] for line in entries(ROOT / "requirements-dev.txt")}
    assert runtime <= dev


def test_make_installs_with_require_hashes():
    makefile = (ROOT / "Makefile").read_text()
    assert "--require-hashes" in makefile
    assert "--require-hashes" in (ROOT / "Dockerfile").read_text()
