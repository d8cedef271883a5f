import pytest

from kg.errors import UnsafeInput
from kg.safe_parse import check_safe, parse_bytes


def test_remote_jsonld_context_is_refused():
    doc = b'{"@context": "http://127.0.0.1:9/ctx.jsonld", "@id": "http://x/a", "http://x/p": "v"}'
    with pytest.raises(UnsafeInput, match="remote @context"):
        parse_bytes(doc, "json-ld")


def test_nested_remote_context_is_refused():
    doc = b'{"@graph": [{"@context": ["file:///etc/passwd"], "@id": "http://x/a"}]}'
    with pytest.raises(UnsafeInput, match="remote @context"):
        check_safe(doc, "json-ld")


def test_inline_jsonld_context_parses():
    doc = b'{"@context": {"p": "http://x/p"}, "@id": "http://x/a", "p": "v"}'
    assert len(parse_bytes(doc, "json-ld")) == 1


def test_rdfxml_with_dtd_is_refused():
    doc = b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>'
    with pytest.raises(UnsafeInput, match="DTD"):
        parse_bytes(doc, "xml")


def test_syntax_error_names_the_input():
    with pytest.raises(UnsafeInput, match="mine.ttl: cannot parse as turtle"):
        parse_bytes(b"<a> <b> .", "turtle", "mine.ttl")
