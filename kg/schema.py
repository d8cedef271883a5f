"""The data schema of the curated YAML records (data/README.md documents it).

Checked with jsonschema before anything becomes RDF, so an unknown key or a
wrong type is reported against the file, record and field that hold it.
"""

from __future__ import annotations

SLUG = r"^[a-z0-9][a-z0-9-]*$"
NOTATION = r"^[A-Za-z0-9][A-Za-z0-9.-]*$"
PERIOD = r"^[0-9]{4}(/[0-9]{4})?$"
SDG_NOTATION = r"^[0-9]{1,2}(\.[0-9a-z]{1,2})?$"
COUNTRY = r"^[A-Z]{3}$"
DATE = r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"  # YYYY, YYYY-MM or YYYY-MM-DD

def _record(required: list[str], properties: dict, **more) -> dict:
    """A closed JSON object: only ``properties``' keys, ``required`` among them (``more``: other keywords)."""
    return {"type": "object", "additionalProperties": False, "required": required, **more, "properties": properties}


def _string(pattern: str) -> dict:
    return {"type": "string", "pattern": pattern}


def _text(min_length: int) -> dict:
    return {"type": "string", "minLength": min_length}


def _unique(items: dict) -> dict:
    return {"type": "array", "items": items, "uniqueItems": True}


def _language_map(values: dict, **more) -> dict:
    """{two-letter language: value}."""
    return {"type": "object", **more, "propertyNames": {"pattern": r"^[a-z]{2}$"}, "additionalProperties": values}


_labels = _language_map(_text(1), minProperties=1)
_alt = _language_map({"type": "array", "items": _text(1)})
_ids = _unique(_string(SLUG))
_optional_slug = {"type": ["string", "null"], "pattern": SLUG}
_sdgs = _unique(_string(SDG_NOTATION))
_evidence = _record(["locator", "quote"], {"locator": _text(1), "quote": _text(3)})
_support = {
    # Why a link has no support in the record's own text: {target id: short reason}.
    # kg/support.py reads it (`napkg check-support`); see data/README.md.
    "type": "object",
    "propertyNames": {"pattern": SLUG},
    "additionalProperties": _text(3),
}
# Where a label no source document gives comes from: {language: reference (URL or citation)}.
_label_sources = _language_map(_text(3))
_sourced_evidence = _record(["source", "locator", "quote"],
                            {"source": _string(SLUG), "locator": _text(1), "quote": _text(2)})

STATUSES = ["done", "ongoing", "planned", "postponed", "not-reported"]
PLAN_KINDS = ["action-plan", "strategy", "roadmap", "guide"]
GROUP_KINDS = ["category", "priority", "axis", "lifecycle-phase", "stakeholder-group", "part"]
ACTION_KINDS = ["action", "axis", "objective", "guidance-item", "next-step"]
SOURCE_KINDS = ["progress-report", "action-plan", "guide", "questionnaire-report", "practice-entry"]
ACTOR_TYPES = [
    "ministry", "regional-government", "public-agency", "national-contact-point", "company",
    "business-association", "ngo", "trade-union", "academic", "intergovernmental-organisation",
    "multi-stakeholder-initiative", "working-group", "person", "group", "state", "national-government",
]
INSTRUMENT_TYPES = ["guide", "toolbox", "law", "policy", "convention", "standard", "recommendation", "report", "other"]

PROGRESS = _record(["period", "text", "locator"], {
    "period": _string(PERIOD),
    "reporters": _ids,
    "status": {"enum": STATUSES},
    "text": _text(3),
    "actors": _ids,
    "instruments": _ids,
    "locator": _text(1),
    "support": _support,
})

SOURCE = _record(["id", "seed", "title", "kind", "evidence"], {
    "id": _string(SLUG),
    "seed": _text(1),
    "title": _labels,
    "kind": {"enum": SOURCE_KINDS},
    "country": _string(COUNTRY),
    "date": _string(r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"),
    "publishers": _ids,
    "evidence": _evidence,
    "support": _support,
})

PLAN = _record(["id", "kind", "label", "evidence"], {
    "id": _string(SLUG),
    "kind": {"enum": PLAN_KINDS},
    "label": _labels,
    "alt": _alt,                          # every other name the sources use for the plan
    "replaces": _string(SLUG),            # id of the plan this one follows, where a source says so
    "country": _string(COUNTRY),
    "period": _string(PERIOD),
    "adopted": _string(DATE),             # when the plan was adopted, as precise as the source says
    "sdgs": _sdgs,
    "instruments": _ids,
    "responsible": _ids,
    "involved": _ids,
    "evidence": _evidence,
    "support": _support,
})

GROUP = _record(["id", "plan", "kind", "label", "evidence"], {
    "id": _string(SLUG),
    "plan": _string(SLUG),
    "kind": {"enum": GROUP_KINDS},
    "notation": _string(NOTATION),
    "label": _labels,
    "parent": _optional_slug,
    "evidence": _evidence,
})

ACTION = _record(["plan", "title", "evidence"], {
    "plan": _string(SLUG),
    "id": _string(NOTATION),
    "notation": _string(NOTATION),
    "kind": {"enum": ACTION_KINDS},
    "title": {**_labels, "required": ["fr", "en"]},
    "group": _optional_slug,
    "parent": {"type": ["string", "null"], "pattern": NOTATION},
    "pillars": _unique({"enum": ["I", "II", "III"]}),
    "principles": _unique(_string(r"^([1-9]|[12][0-9]|3[01])$")),
    "principle_codes": _unique(_text(1)),
    "sdgs": _sdgs,
    "responsible": _ids,
    "involved": _ids,
    "instruments": _ids,
    "evidence": _evidence,
    "support": _support,
    "progress": {"type": "array", "items": PROGRESS},
    # the notation as the text prints it; an action the text does not number (a bullet), or whose
    # notation recurs in another group of the plan, takes an id: it names the IRI instead
}, anyOf=[{"required": ["notation"]}, {"required": ["id"]}])

SOURCE_FILE = _record(["source"], {
    "source": SOURCE,
    "plans": {"type": "array", "items": PLAN},
    "groups": {"type": "array", "items": GROUP},
    "actions": {"type": "array", "items": ACTION},
})


def _registry_record(types: list[str], label: dict, part_of_pattern: str) -> dict:
    """An actor or instrument of the registry: the two files hold records of one form."""
    return _record(["id", "type", "label", "evidence"], {
        "id": _string(SLUG),
        "type": {"enum": types},
        "label": label,
        "alt": _alt,
        "label_sources": _label_sources,
        "country": _string(COUNTRY),
        "part_of": {"type": ["string", "null"], "pattern": part_of_pattern},
        "evidence": {"type": "array", "minItems": 1, "items": _sourced_evidence},
    })


ACTOR = _registry_record(ACTOR_TYPES, _labels, SLUG)
INSTRUMENT = _registry_record(INSTRUMENT_TYPES, {**_labels, "required": ["en"]}, r"^[a-z0-9][a-z0-9/-]*$")

ACTORS_FILE = {"type": "array", "items": ACTOR}
INSTRUMENTS_FILE = {"type": "array", "items": INSTRUMENT}
