"""The vendored browser libraries are exactly the files NOTICE.md lists: same names, same sha256, a licence each."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

VENDOR = Path(__file__).resolve().parent.parent / "service" / "static" / "vendor"
ROW = re.compile(r"^\| (?P<file>[^|]+?) \| (?P<package>[^|]+?) \| (?P<version>[^|]+?) \| [^|]+? \| "
                 r"(?P<licence>[^|]+?) \| (?P<sha256>[0-9a-f]{64}) \|$")


def listed() -> dict[str, dict]:
    rows = [ROW.match(line) for line in (VENDOR / "NOTICE.md").read_text(encoding="utf-8").splitlines()]
    return {m["file"]: m.groupdict() for m in rows if m}


def test_every_vendored_file_matches_its_listed_sha256():
    files = listed()
    assert len(files) >= 3
    for name, row in files.items():
        digest = hashlib.sha256((VENDOR / name).read_bytes()).hexdigest()
        assert digest == row["sha256"], f"{name}: sha256 {digest}, NOTICE.md lists {row['sha256']}"
        assert re.fullmatch(r"\d+\.\d+\.\d+", row["version"]) and row["licence"].strip()


def test_no_unlisted_file_is_vendored_and_each_package_ships_its_licence():
    files = listed()
    present = {p.relative_to(VENDOR).as_posix() for p in VENDOR.rglob("*") if p.is_file()} - {"NOTICE.md"}
    assert present == set(files)
    for package in {row["package"] for row in files.values()}:
        assert any(f.endswith("/LICENSE") and row["package"] == package for f, row in files.items()), package
