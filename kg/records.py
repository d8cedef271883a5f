"""Read the curated YAML records and check them against the data schema.

Errors are collected, not raised one at a time, and each names the file, the
record (its index and id) and the field, so a curator fixes them in one pass.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator

from . import schema
from .errors import DataError, DataErrors

ACTORS_FILE = "actors.yaml"
INSTRUMENTS_FILE = "instruments.yaml"
HOMONYMS_FILE = "homonyms.yaml"  # the duplicate check's allow-list (kg/duplicates.py), not a source


@dataclass
class SourceFile:
    path: Path
    data: dict[str, Any]
    digest: str

    @property
    def id(self) -> str:
        return self.data["source"]["id"]


@dataclass
class Curation:
    """Everything under ``data/``: the source files and the two registries."""

    root: Path
    sources: list[SourceFile] = field(default_factory=list)
    actors: list[dict] = field(default_factory=list)
    instruments: list[dict] = field(default_factory=list)
    registry_digest: str = ""


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: ten times faster, same safe subset


def load_yaml(path: Path) -> tuple[Any, str]:
    """Parse one YAML file; a syntax error becomes a DataError with its line."""
    raw = path.read_bytes()
    try:
        return yaml.load(raw.decode("utf-8"), Loader=_Loader), hashlib.sha256(raw).hexdigest()
    except UnicodeDecodeError as e:
        raise DataError(_display(path), None, None, f"not UTF-8 text ({e.reason} at byte {e.start})") from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else None
        problem = getattr(e, "problem", None) or str(e)
        raise DataError(_display(path), where, None, f"broken YAML: {problem}") from None


def _read(path: Path, errors: list[DataError]) -> tuple[Any, str] | None:
    """:func:`load_yaml`, its error added to ``errors`` (None then), so that every file is read in one pass."""
    try:
        return load_yaml(path)
    except DataError as e:
        errors.append(e)
        return None


def _record_name(doc: Any, path: list) -> tuple[str | None, str | None]:
    """Split a jsonschema error path into a record description and a field path."""
    if not path:
        return None, None
    node = doc
    record = None
    fields: list[str] = []
    i = 0
    if isinstance(path[0], str) and isinstance(doc, dict):
        key = path[0]
        node = doc.get(key)
        if len(path) > 1 and isinstance(path[1], int) and isinstance(node, list):
            idx = path[1]
            item = node[idx] if idx < len(node) else None
            record = f"{key}[{idx}]" + _record_label(item)
            i = 2
        else:
            record = key
            i = 1
    elif isinstance(path[0], int) and isinstance(doc, list):
        idx = path[0]
        item = doc[idx] if idx < len(doc) else None
        record = f"record {idx}" + _record_label(item)
        i = 1
    for p in path[i:]:
        if isinstance(p, int) and fields:
            fields[-1] += f"[{p}]"
        else:
            fields.append(str(p))
    return record, ".".join(fields) or None


def _record_label(item: Any) -> str:
    if isinstance(item, dict):
        for k in ("id", "notation"):
            if isinstance(item.get(k), str):
                return f" ({item[k]})"
    return ""


def check_schema(doc: Any, json_schema: dict, path: Path) -> list[DataError]:
    """Every schema error in ``doc`` as a DataError naming record and field."""
    errors = []
    validator = Draft202012Validator(json_schema)
    for err in sorted(validator.iter_errors(doc), key=lambda e: list(map(str, e.absolute_path))):
        record, fld = _record_name(doc, list(err.absolute_path))
        message = err.message
        if err.validator == "additionalProperties":
            message = "unknown key: " + message.split("(")[-1].rstrip(")")
        elif err.validator == "required":
            message = "missing: " + message
        elif err.validator == "anyOf" and all(set(alt) == {"required"} for alt in err.validator_value):
            message = "missing: one of " + " or ".join(repr(alt["required"][0]) for alt in err.validator_value)
        errors.append(DataError(_display(path), record, fld, message))
    return errors


def load(root: Path) -> Curation:
    """Load and schema-check every file under ``root``; raise DataErrors listing all problems."""
    root = Path(root)
    if not root.is_dir():
        raise DataErrors([DataError(_display(root), None, None, "data folder not found")])
    cur = Curation(root=root)
    errors: list[DataError] = []
    digests = []
    for name, target, json_schema in (
        (ACTORS_FILE, "actors", schema.ACTORS_FILE),
        (INSTRUMENTS_FILE, "instruments", schema.INSTRUMENTS_FILE),
    ):
        p = root / name
        if not p.exists():
            errors.append(DataError(_display(p), None, None, "registry file missing"))
            continue
        read = _read(p, errors)
        if read is None:
            continue
        doc, digest = read
        doc = [] if doc is None else doc
        errors += check_schema(doc, json_schema, p)
        setattr(cur, target, doc if isinstance(doc, list) else [])
        digests.append(digest)
    cur.registry_digest = hashlib.sha256("".join(digests).encode()).hexdigest()
    seen_ids: dict[str, Path] = {}
    for p in sorted(root.glob("*.yaml")):
        if p.name in (ACTORS_FILE, INSTRUMENTS_FILE, HOMONYMS_FILE):
            continue
        read = _read(p, errors)
        if read is None:
            continue
        doc, digest = read
        errs = check_schema(doc, schema.SOURCE_FILE, p)
        errors += errs
        if errs:
            continue
        sid = doc["source"]["id"]
        if sid in seen_ids:
            errors.append(DataError(_display(p), "source", "id", f"duplicate source id '{sid}' (also in {_display(seen_ids[sid])})"))
            continue
        seen_ids[sid] = p
        cur.sources.append(SourceFile(p, doc, digest))
    if errors:
        raise DataErrors(errors)
    return cur
