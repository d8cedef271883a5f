"""A self-contained HTML review page: the document with every drafted fact highlighted at its span.

Beside the text, each fact with its record, value, confidence, how it was
found and what the reviewer must decide (new actors, fuzzy matches, guessed
roles, periods and kinds). No external file, script or font: it opens from
disk in any browser.
"""

from __future__ import annotations

from html import escape

from .facts import Draft
from .read import Document

_CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:0;display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);height:100vh}
header{grid-column:1/3;padding:.5em 1em;background:#234;color:#fff}
#text{overflow:auto;padding:1em;white-space:pre-wrap;font-family:ui-monospace,monospace;font-size:12.5px;border-right:1px solid #ccc}
#facts{overflow:auto;padding:0 1em 1em}
mark{background:#dfe9ff;border-bottom:2px solid #6b8fd6;cursor:pointer}
mark.review{background:#ffe6b3;border-bottom-color:#d08a00}
mark.active{outline:2px solid #c00}
.fact{border:1px solid #ddd;border-radius:4px;margin:.4em 0;padding:.3em .5em;cursor:pointer}
.fact.review{border-color:#d08a00;background:#fff8e8}
.fact .todo{color:#8a4b00;font-weight:600}
.conf{float:right;font-variant-numeric:tabular-nums;color:#555}
h2{font-size:1.05em;margin:1em 0 .3em}
"""

_JS = """
document.addEventListener('click',function(e){
  var f=e.target.closest('[data-fact]');if(!f)return;var id=f.getAttribute('data-fact');
  document.querySelectorAll('.active').forEach(function(x){x.classList.remove('active')});
  var ms=document.querySelectorAll('mark[data-facts~="'+id+'"]'),c=document.getElementById('fact-'+id);
  ms.forEach(function(m){m.classList.add('active')});
  if(ms.length&&f.tagName!=='MARK')ms[0].scrollIntoView({block:'center'});
  if(c){c.classList.add('active');if(f.tagName==='MARK')c.scrollIntoView({block:'center'})}
});
"""


def _marked_text(text: str, draft: Draft) -> str:
    bounds = {0, len(text)}
    for f in draft.facts:
        bounds |= {f.start, f.end}
    cuts = sorted(b for b in bounds if 0 <= b <= len(text))
    starts: dict[int, list[int]] = {}
    for i, f in enumerate(draft.facts):
        if f.end > f.start:
            starts.setdefault(f.start, []).append(i)
    active: list[int] = []
    out = []
    for a, b in zip(cuts, cuts[1:]):
        active = [i for i in active if draft.facts[i].end > a] + starts.get(a, [])
        seg = escape(text[a:b])
        if active:
            ids = " ".join(map(str, active))
            cls = "review" if any(draft.facts[i].review for i in active) else ""
            out.append(f'<mark class="{cls}" data-facts="{ids}" data-fact="{active[-1]}">{seg}</mark>')
        else:
            out.append(seg)
    return "".join(out)


def render_review(draft: Draft, doc: Document) -> str:
    facts = []
    by_record: dict[str, list[int]] = {}
    for i, f in enumerate(draft.facts):
        by_record.setdefault(f.record, []).append(i)
    todo = sum(1 for f in draft.facts if f.review)
    for record, idx in by_record.items():
        facts.append(f"<h2>{escape(record)}</h2>")
        for note in draft.flags.get(record, []):
            if not any(draft.facts[i].review == note for i in idx):
                facts.append(f'<div class="todo">decide: {escape(note)}</div>')
        for i in idx:
            f = draft.facts[i]
            cls = "fact review" if f.review else "fact"
            decide = f'<div class="todo">decide: {escape(f.review)}</div>' if f.review else ""
            facts.append(
                f'<div class="{cls}" id="fact-{i}" data-fact="{i}"><span class="conf">{f.score:.2f}</span>'
                f'<b>{escape(f.field)}</b>: {escape(f.value[:200])} <small>({escape(f.method)})</small>{decide}</div>')
    props = "".join(f"<li>{escape(p.name)} → proposed <code>{escape(p.id)}</code> ({escape(p.type)}, {escape(p.role)})</li>"
                    for p in draft.proposals)
    return (f"<!doctype html><html lang='fr'><head><meta charset='utf-8'><title>Review: {escape(draft.source_id)}</title>"
            f"<style>{_CSS}</style></head><body>"
            f"<header><b>napkg draft review</b> — {escape(draft.source_id)} from {escape(doc.path.rsplit('/', 1)[-1])}: "
            f"<span id='count'>{len(draft.facts)}</span> facts, <span id='todo'>{todo}</span> to decide, "
            f"{len(draft.proposals)} proposed actors</header>"
            f"<main id='text'>{_marked_text(doc.text, draft)}</main>"
            f"<aside id='facts'><h2>Proposed new actors</h2><ul id='proposals'>{props or '<li>none</li>'}</ul>"
            f"{''.join(facts)}</aside><script>{_JS}</script></body></html>")
