"""Write a draft: the source file (YAML with '# review:' notes) and the draft registry of proposals.

Review notes are YAML comments above the record they concern, so the draft
passes ``napkg validate`` as written while every uncertain fact stays marked.
Proposed actors go to a separate file in actors.yaml's format (in a
``drafts/`` folder beside the output, which the loader of data/ never reads):
nothing in the records refers to a proposed id until a person accepts it.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import yaml

from .facts import Draft


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def _dump(obj) -> str:
    return yaml.dump(obj, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=120, default_flow_style=False)


def _notes(notes: list[str]) -> str:
    return "".join(f"# review: {n}\n" for n in notes)


def _key(section: str, rec: dict) -> str:
    if section == "plans":
        return "plan"
    if section == "groups":
        return f"group {rec['id']}"
    return f"action {rec['notation']}"


def render_records(draft: Draft, document: str) -> str:
    d = draft.data
    n = sum(len(v) for v in draft.flags.values())
    out = [f"# Drafted by `napkg draft` from {document} on {_dt.date.today().isoformat()} (source id {draft.source_id}).\n"
           f"# {n} review note(s) below ('# review:'), {len(draft.proposals)} proposed new actor(s) in the draft registry.\n"
           f"# Check each, remove the notes, then run `napkg validate`. Format: data/README.md.\n"]
    out.append(_notes(draft.flags.get("source", [])))
    out.append(_dump({"source": d["source"]}))
    for section in ("plans", "groups", "actions"):
        if not d.get(section):
            continue
        out.append(f"{section}:\n")
        for rec in d[section]:
            out.append(_notes(draft.flags.get(_key(section, rec), [])))
            out.append(_dump([rec]))
    return "".join(out)


def render_proposals(draft: Draft) -> str:
    head = (f"# Draft registry of `napkg draft` for source {draft.source_id}: proposed new actors.\n"
            "# Nothing refers to these ids yet. For each: check the name is a real body not already in\n"
            "# data/actors.yaml (see the closest match), fix type, labels and id, then move it there.\n")
    parts = [head]
    if not draft.proposals:
        return head + "[]\n"
    for p in draft.proposals:
        near = f"closest registry record: {p.fuzzy[0]} ({p.fuzzy[1]:.0f}/100)" if p.fuzzy else "no close registry record"
        parts.append(_notes([f"new actor for '{p.name}' ({p.role}, {p.where}); type guessed; {near}"]))
        rec = {"id": p.id, "type": p.type, "label": {"fr": p.name},
               "evidence": [{"source": draft.source_id, "locator": p.where, "quote": draft.text[p.start:p.end].strip()}]}
        parts.append(_dump([rec]))
    return "".join(parts)


def write_files(files: dict[Path, str]) -> None:
    """Write every file or none: each goes to a temporary name first, then is renamed."""
    tmp = {}
    try:
        for path, content in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            t = path.with_name(f".{path.name}.tmp")
            t.write_text(content, encoding="utf-8")
            tmp[path] = t
        for path, t in tmp.items():
            t.replace(path)
    finally:
        for t in tmp.values():
            if t.exists():
                t.unlink()
