"""``/api`` for people: the OpenAPI document rendered as a page (server-side, no script).

Every path of ``/openapi.json`` with its methods, summary, description,
parameters (``$ref`` resolved), request body and responses; a GET without
required parameters links to itself, so a reader can try it. JSON clients of
``/api`` keep the index of the API's parts, and ``/openapi.json`` stays the
document for machines.
"""

from __future__ import annotations

from flask import Response

from .headers import page
from .openapi import document

METHODS = ("get", "post", "put", "delete", "patch")


def _resolve(doc: dict, item: dict) -> dict:
    ref = item.get("$ref") if isinstance(item, dict) else None
    if not ref or not ref.startswith("#/"):
        return item
    node = doc
    for part in ref[2:].split("/"):
        node = node.get(part, {})
    return {**node, "ref": ref.rsplit("/", 1)[-1]}


def _schema_text(schema: dict) -> str:
    """A short reading of a JSON schema: type, enum, default."""
    if not schema:
        return ""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "enum" in schema:
        text = " | ".join(str(v) for v in schema["enum"])
    elif "const" in schema:
        text = f"= {schema['const']}"
    else:
        t = schema.get("type", "")
        text = " or ".join(t) if isinstance(t, list) else t
        if t == "array" and isinstance(schema.get("items"), dict):
            text = f"array of {_schema_text(schema['items'])}"
    if "default" in schema:
        text += f" (default {schema['default']})"
    if "minimum" in schema:
        text += f", at least {schema['minimum']}"
    return text


def operations(doc: dict) -> list[dict]:
    """Every (path, method) of ``doc`` as plain data for the template, grouped by the path's first part."""
    out = []
    for path, item in doc["paths"].items():
        shared = item.get("parameters", [])
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            params = []
            for p in shared + op.get("parameters", []):
                p = _resolve(doc, p)
                params.append({"name": p.get("name"), "in": p.get("in"), "required": p.get("required", False),
                               "schema": _schema_text(p.get("schema", {})), "description": p.get("description", "")})
            responses = []
            for status, r in op.get("responses", {}).items():
                r = _resolve(doc, r)
                responses.append({"status": status, "description": r.get("description", ""),
                                  "media": list(r.get("content", {}))})
            body = op.get("requestBody", {})
            out.append({"path": path, "method": method.upper(), "summary": op.get("summary", ""),
                        "description": op.get("description", ""), "parameters": params, "responses": responses,
                        "body": list(body.get("content", {})), "group": path.strip("/").split("/")[0] or "/",
                        "anchor": method + "-" + path.strip("/").replace("/", "-").replace("{", "").replace("}", ""),
                        "try": path if method == "get" and "{" not in path
                        and not any(p["required"] for p in params) else None})
    return out


def render() -> Response:
    """The page."""
    doc = document()
    return page("api.html", info=doc["info"], version=doc["openapi"], operations=operations(doc))
