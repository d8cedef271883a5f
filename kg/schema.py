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

_labels = {
    "type": "object",
    "minProperties": 1,
    "propertyNames": {"pattern": r"^[a-z]{2}$"},
    "additionalProperties": {"type": "string", "minLength": 1},
}
_alt = {
    "type": "object",
    "propertyNames": {"pattern": r"^[a-z]{2}$"},
    "additionalProperties": {"type": "array", "items": {"type": "string", "minLength": 1}},
}
_ids = {"type": "array", "items": {"type": "string", "pattern": SLUG}, "uniqueItems": True}
_evidence = {
    "type": "object",
    "additionalProperties": False,
    "required": ["locator", "quote"],
    "properties": {
        "locator": {"type": "string", "minLength": 1},
        "quote": {"type": "string", "minLength": 3},
    },
}
_support = {
    # Why a link has no support in the record's own text: {target id: short reason}.
    # kg/support.py reads it (`napkg check-support`); see data/README.md.
    "type": "object",
    "propertyNames": {"pattern": SLUG},
    "additionalProperties": {"type": "string", "minLength": 3},
}
_label_sources = {
    # Where a label no source document gives comes from: {language: reference (URL or citation)}.
    "type": "object",
    "propertyNames": {"pattern": r"^[a-z]{2}$"},
    "additionalProperties": {"type": "string", "minLength": 3},
}
_sourced_evidence = {
    "type": "object",
    "additionalProperties": False,
    "required": ["source", "locator", "quote"],
    "properties": {
        "source": {"type": "string", "pattern": SLUG},
        "locator": {"type": "string", "minLength": 1},
        "quote": {"type": "string", "minLength": 2},
    },
}

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

PROGRESS = {
    "type": "object",
    "additionalProperties": False,
    "required": ["period", "text", "locator"],
    "properties": {
        "period": {"type": "string", "pattern": PERIOD},
        "reporters": _ids,
        "status": {"enum": STATUSES},
        "text": {"type": "string", "minLength": 3},
        "actors": _ids,
        "instruments": _ids,
        "locator": {"type": "string", "minLength": 1},
        "support": _support,
    },
}

SOURCE = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "seed", "title", "kind", "evidence"],
    "properties": {
        "id": {"type": "string", "pattern": SLUG},
        "seed": {"type": "string", "minLength": 1},
        "title": _labels,
        "kind": {"enum": SOURCE_KINDS},
        "country": {"type": "string", "pattern": COUNTRY},
        "date": {"type": "string", "pattern": r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"},
        "publishers": _ids,
        "evidence": _evidence,
        "support": _support,
    },
}

PLAN = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "kind", "label", "evidence"],
    "properties": {
        "id": {"type": "string", "pattern": SLUG},
        "kind": {"enum": PLAN_KINDS},
        "label": _labels,
        "alt": _alt,                                   # every other name the sources use for the plan
        "replaces": {"type": "string", "pattern": SLUG},  # id of the plan this one follows, where a source says so
        "country": {"type": "string", "pattern": COUNTRY},
        "period": {"type": "string", "pattern": PERIOD},
        "adopted": {"type": "string", "pattern": DATE},  # when the plan was adopted, as precise as the source says
        "sdgs": {"type": "array", "items": {"type": "string", "pattern": SDG_NOTATION}, "uniqueItems": True},
        "instruments": _ids,
        "responsible": _ids,
        "involved": _ids,
        "evidence": _evidence,
        "support": _support,
    },
}

GROUP = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "plan", "kind", "label", "evidence"],
    "properties": {
        "id": {"type": "string", "pattern": SLUG},
        "plan": {"type": "string", "pattern": SLUG},
        "kind": {"enum": GROUP_KINDS},
        "notation": {"type": "string", "pattern": NOTATION},
        "label": _labels,
        "parent": {"type": ["string", "null"], "pattern": SLUG},
        "evidence": _evidence,
    },
}

ACTION = {
    "type": "object",
    "additionalProperties": False,
    "required": ["plan", "title", "evidence"],
    # the notation as the text prints it; an action the text does not number (a bullet), or whose
    # notation recurs in another group of the plan, takes an id: it names the IRI instead
    "anyOf": [{"required": ["notation"]}, {"required": ["id"]}],
    "properties": {
        "plan": {"type": "string", "pattern": SLUG},
        "id": {"type": "string", "pattern": NOTATION},
        "notation": {"type": "string", "pattern": NOTATION},
        "kind": {"enum": ACTION_KINDS},
        "title": {**_labels, "required": ["fr", "en"]},
        "group": {"type": ["string", "null"], "pattern": SLUG},
        "parent": {"type": ["string", "null"], "pattern": NOTATION},
        "pillars": {"type": "array", "items": {"enum": ["I", "II", "III"]}, "uniqueItems": True},
        "principles": {"type": "array", "items": {"type": "string", "pattern": r"^([1-9]|[12][0-9]|3[01])$"}, "uniqueItems": True},
        "principle_codes": {"type": "array", "items": {"type": "string", "minLength": 1}, "uniqueItems": True},
        "sdgs": {"type": "array", "items": {"type": "string", "pattern": SDG_NOTATION}, "uniqueItems": True},
        "responsible": _ids,
        "involved": _ids,
        "instruments": _ids,
        "evidence": _evidence,
        "support": _support,
        "progress": {"type": "array", "items": PROGRESS},
    },
}

SOURCE_FILE = {
    "type": "object",
    "additionalProperties": False,
    "required": ["source"],
    "properties": {
        "source": SOURCE,
        "plans": {"type": "array", "items": PLAN},
        "groups": {"type": "array", "items": GROUP},
        "actions": {"type": "array", "items": ACTION},
    },
}

ACTOR = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "type", "label", "evidence"],
    "properties": {
        "id": {"type": "string", "pattern": SLUG},
        "type": {"enum": ACTOR_TYPES},
        "label": _labels,
        "alt": _alt,
        "label_sources": _label_sources,
        "country": {"type": "string", "pattern": COUNTRY},
        "part_of": {"type": ["string", "null"], "pattern": SLUG},
        "evidence": {"type": "array", "minItems": 1, "items": _sourced_evidence},
    },
}

INSTRUMENT = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "type", "label", "evidence"],
    "properties": {
        "id": {"type": "string", "pattern": SLUG},
        "type": {"enum": INSTRUMENT_TYPES},
        "label": {**_labels, "required": ["en"]},
        "alt": _alt,
        "label_sources": _label_sources,
        "country": {"type": "string", "pattern": COUNTRY},
        "part_of": {"type": ["string", "null"], "pattern": r"^[a-z0-9][a-z0-9/-]*$"},
        "evidence": {"type": "array", "minItems": 1, "items": _sourced_evidence},
    },
}

ACTORS_FILE = {"type": "array", "items": ACTOR}
INSTRUMENTS_FILE = {"type": "array", "items": INSTRUMENT}
