"""Records in data/README.md's format from a document's structure, codes and links.

Every value drafted here comes with a span of the text (a :class:`Fact`);
what is guessed (kinds, periods by column, fuzzy matches, untranslated titles)
is flagged for review; names that match no registry record become proposals,
never ids in the records.
"""

from __future__ import annotations

import re

from .codes import find_codes, sdg_cell
from .facts import Draft, Fact, Proposal, actor_type, slug, status_of
from .link import Index, Linker, Match, residue
from .normalise import fold, key, squash
from .read import Document
from .guess import KIND_WORDS, PLAN_KINDS, ROLE_LABELS, country_of, first_line, first_match
from .segment import progress_paragraphs
from .structure import Structure, Unit, structure

class Assembler:
    def __init__(self, doc: Document, source_id: str, linker: Linker, taken_ids: set[str]):
        self.doc, self.text, self.sid, self.linker = doc, doc.text, source_id, linker
        self.taken = set(taken_ids)
        self.draft = Draft(source_id, doc.text, {})
        codes = find_codes(self.text)
        self.codes = codes
        self.index = Index(linker.find(self.text) + linker.codes(codes))
        self.proposed: dict[str, Proposal] = {}
        self.country = country_of(self.text)
        self.free: list[tuple[int, int, str]] = []     # (start, end, record) of running text, for the recogniser

    # -- helpers ---------------------------------------------------------------
    def loc(self, start: int, what: str) -> str:
        page = self.doc.page_of(start)
        return f"page {page}, {what}" if page else what

    def quote(self, s: int, e: int) -> str:
        return self.text[s:e].strip()

    def _ids(self, matches: list[Match], rec: str, fld: str, role_context: bool) -> list[str]:
        out = []
        for m in matches:
            e = self.linker.registry.entries[m.ids[0]]
            if self._foreign(e.id, rec, m.start, m.end):
                continue
            one_word = " " not in m.name.strip() and m.method != "acronym"
            if not role_context and (e.type in {"group", "person"} or len(m.ids) > 1 or len(m.name) < 4 or one_word):
                continue   # generic or shared names count only where the text gives a role
            review = None
            if len(m.ids) > 1:
                review = f"'{self.text[m.start:m.end]}' names several records: {', '.join(m.ids)}; pick one"
            if m.ids[0] not in out:
                out.append(m.ids[0])
                self.draft.facts.append(Fact(rec, fld, m.ids[0], m.start, m.end, m.method, m.score / 100, review))
                if review:
                    self.draft.flag(rec, review)
        return out

    def _names(self, s: int, e: int, rec: str, fld: str, kind: str = "actor") -> list[str]:
        """Actors named in a role range (responsible cell, reporter opening): exact, fuzzy, or proposed."""
        ms = [m for m in self.index.within(s, e, kind) if not self._part_of_longer_name(m)]
        ids = self._ids(ms, rec, fld, True)
        for a, b in residue(self.text, s, e, ms):
            name = squash(self.text[a:b])
            fz = self.linker.fuzzy(name, kind)
            if fz and self._foreign(fz[0], rec, a, b):
                fz = None
            if fz:
                rid, score, matched = fz
                note = f"'{name}' linked to {rid} by fuzzy match ({score:.0f}/100 with '{matched}'): check it"
                if rid not in ids:
                    ids.append(rid)
                self.draft.facts.append(Fact(rec, fld, rid, a, b, "fuzzy", score / 100, note))
                self.draft.flag(rec, note)
                continue
            p = self._propose(name, a, b, fld, rec)
            note = f"'{name}' matches no registry record: new actor {p.id} proposed in the draft registry ({fld})"
            self.draft.facts.append(Fact(rec, fld, p.id, a, b, "proposal", 0.3, note))
            self.draft.flag(rec, note)
        return ids

    _PHRASE = re.compile(r"(?i)\b(directive|r[èe]glement|convention|protocole|loi|charte|pacte|code|guide|strat[ée]gie)\b"
                         r"[^.;:\n()«»\"]{3,90}")
    _QUALIFIERS = re.compile(r"(?i)\s+(europ[ée]en(?:ne)?s?|internationa(?:le?s?|ux)|nationa(?:le?s?|ux)|fran[cç]aise?s?|belges?|"
                             r"luxembourgeoise?s?|de l'ue|de l'union europ[ée]enne)\b")

    def _instrument_phrases(self, s: int, e: int, rec: str) -> list[str]:
        """Instruments a title names with a qualifier the registry's name lacks ("règlement européen sur ...")."""
        from rapidfuzz import fuzz, process

        out = []
        taken = self.index.within(s, e, "instrument")
        for m in self._PHRASE.finditer(self.text, s, e):
            if any(t.start < m.end() and t.end > m.start() for t in taken):
                continue
            words = self.text[m.start():m.end()].split()
            for n in range(min(len(words), 9), 2, -1):
                phrase = self._QUALIFIERS.sub("", " ".join(words[:n]))
                best = process.extractOne(key(phrase), self.linker.instrument_keys, scorer=fuzz.ratio, score_cutoff=92)
                if best:
                    rid = sorted(self.linker.by_key[best[0]])[0]
                    note = (f"'{' '.join(words[:n])}' linked to {rid} ({best[1]:.0f}/100 with '{best[0]}' once "
                            f"qualifiers are dropped): check it")
                    self.draft.facts.append(Fact(rec, "instruments", rid, m.start(), m.start() + len(" ".join(words[:n])),
                                                 "fuzzy", best[1] / 100, note))
                    self.draft.flag(rec, note)
                    out.append(rid)
                    break
        return out

    def _foreign(self, rid: str, rec: str, s: int, e: int) -> bool:
        """A body of another country than the document's, named generically: not linked, noted for review."""
        entry = self.linker.registry.entries[rid]
        if entry.kind != "actor" or not entry.country or not self.country or entry.country == self.country:
            return False
        self.draft.flag(rec, f"'{squash(self.text[s:e])}' could be {rid} ({entry.country}), a body of another "
                             f"country than the document's ({self.country}): not linked")
        return True

    def _part_of_longer_name(self, m: Match) -> bool:
        """A one-word name right after a capitalised word on its line ("SPF Intérieur"): part of a longer name."""
        if " " in m.name.strip() or m.method == "acronym":
            return False
        before = self.text[max(0, m.start - 40):m.start].split("\n")[-1].rstrip()
        last = before.split()[-1] if before.split() else ""
        return bool(last) and last[0].isupper() and not last.endswith((",", ";", ":", "&"))

    def _propose(self, name: str, a: int, b: int, role: str, rec: str) -> Proposal:
        k = fold(name)
        if k in self.proposed:
            return self.proposed[k]
        pid = slug(name, self.taken)
        self.taken.add(pid)
        t, _ = actor_type(name)
        best = None
        from rapidfuzz import fuzz, process
        got = process.extractOne(fold(name), self.linker._keys, scorer=fuzz.token_sort_ratio)
        if got:
            best = (sorted(self.linker.by_key[got[0]])[0], float(got[1]))
        p = Proposal(pid, name, t, a, b, role, rec, best)
        self.proposed[k] = p
        self.draft.proposals.append(p)
        return p

    def _codes_in(self, spans: list[tuple[int, int]]):
        out = []
        for s, e in spans:
            out += [c for c in self.codes if s <= c.start and c.end <= e]
        return out

    # -- records ---------------------------------------------------------------
    def source_and_plan(self, st: Structure, seed: str) -> tuple[dict, dict]:
        ts, te = first_line(self.text)
        title = squash(self.text[ts:te])
        head = self.text[:800]
        found = first_match(KIND_WORDS, head)
        kind, sure = found or "action-plan", found is not None
        source = {"id": self.sid, "seed": seed, "title": {"fr": title, "en": title}, "kind": kind}
        country = self.country
        if country:
            source["country"] = country
        source["evidence"] = {"locator": self.loc(ts, "title"), "quote": self.quote(ts, te)}
        self.draft.facts.append(Fact("source", "title", title, ts, te, "first line", 0.6, "check the title"))
        self.draft.flag("source", "title.en is the French text: translate it")
        self.draft.flag("source", f"kind '{kind}' {'from a keyword of the opening pages' if sure else 'by default'}; "
                                  f"country {country or 'not found'}; check both")
        pkind = first_match(PLAN_KINDS, head) or ("guide" if kind == "guide" else "action-plan")
        pid = self.sid if self.sid not in self.taken else f"{self.sid}-plan"
        plan = {"id": pid, "kind": pkind, "label": {"fr": title, "en": title}}
        self.draft.flag("plan", "label.en is the French text: translate it")
        if country:
            plan["country"] = country
        m = re.search(r"\b((?:19|20)\d\d)\s*[-–/]\s*((?:19|20)\d\d)\b", head)
        if m:
            plan["period"] = f"{m.group(1)}/{m.group(2)}"
            self.draft.facts.append(Fact("plan", "period", plan["period"], m.start(), m.end(), "pattern", 0.6,
                                         "period: the first year range of the opening pages"))
        outside = self._outside(st)
        sdgs = list(dict.fromkeys(c.value for c in self._codes_in(outside) if c.kind == "sdg"))
        if sdgs:
            plan["sdgs"] = sdgs
        instr = self._ids([m for s, e in outside for m in self.index.within(s, e, "instrument")], "plan", "instruments", False)
        if any(c.kind in {"principle", "principle-code"} for c in self.codes) and "ungp" in self.linker.registry.entries \
                and "ungp" not in instr:
            instr.append("ungp")
            c = next(c for c in self.codes if c.kind in {"principle", "principle-code"})
            self.draft.facts.append(Fact("plan", "instruments", "ungp", c.start, c.end, "code", 0.8,
                                         "the plan cites UNGP principles by number"))
        if instr:
            plan["instruments"] = instr
        folded = fold(self.text)
        for role, pat in ROLE_LABELS:
            for mm in re.finditer(pat, folded):
                start = mm.end()
                while start < len(self.text) and self.text[start].isspace():
                    start += 1            # the names may follow after a blank line
                nxt = self.text.find("\n\n", start)
                nxt = len(self.text) if nxt < 0 else nxt
                if nxt - start > 600:
                    continue              # a paragraph of prose, not a list of names
                ids = self._names(start, nxt, "plan", role)
                if ids:
                    plan[role] = list(dict.fromkeys(plan.get(role, []) + ids))
        plan["evidence"] = {"locator": self.loc(ts, "title"), "quote": self.quote(ts, te)}
        return source, plan

    def _outside(self, st: Structure) -> list[tuple[int, int]]:
        spans, pos = [], 0
        for u in sorted(st.units, key=lambda u: u.heading[0]):
            if u.heading[0] > pos:
                spans.append((pos, u.heading[0]))
            pos = max(pos, u.body[1], u.heading[1])
        spans.append((pos, len(self.text)))
        return spans

    def group(self, g) -> dict:
        label = squash(self.text[g.label[0]:g.label[1]].replace("**", ""))
        rec = f"group {g.id}"
        self.draft.facts.append(Fact(rec, "label", label, *g.label, "heading", 0.9))
        self.draft.flag(rec, "label.en is the French text: translate it")
        return {"id": g.id, "plan": None, "kind": g.kind, "notation": g.notation, "label": {"fr": label, "en": label},
                "evidence": {"locator": self.loc(g.heading[0], f"{g.kind} {g.notation}"),
                             "quote": self.quote(*g.heading)}}

    def action(self, u: Unit, plan_id: str, table: bool) -> dict:
        rec = f"action {u.notation}"
        title = squash(self.text[u.title[0]:u.title[1]].replace("**", ""))
        a = {"plan": plan_id, "notation": u.notation, "kind": u.kind, "title": {"fr": title, "en": title}}
        self.draft.facts.append(Fact(rec, "title", title, *u.title, "cell" if table else "heading", 0.9))
        self.draft.flag(rec, "title.en is the French text: translate it")
        for f in u.flags:
            self.draft.flag(rec, f)
        if u.group:
            a["group"] = u.group
        if u.parent:
            a["parent"] = u.parent
        code_spans = [u.title] + [(c.start, c.end) for c in u.code_cells + u.pillar_cells]
        codes = self._codes_in(code_spans)
        pillars = [p for c in u.pillar_cells for p in re.findall(r"I{1,3}", c.text)] + [c.value for c in codes if c.kind == "pillar"]
        for c in u.pillar_cells:
            self.draft.facts.append(Fact(rec, "pillars", c.text.strip(), c.start, c.end, "cell", 0.9))
        principles = [c for c in codes if c.kind == "principle"]
        pcodes = [c for c in codes if c.kind == "principle-code"]
        sdgs = [c for c in codes if c.kind == "sdg"]
        for c in u.code_cells:
            vals = sdg_cell(c.text)
            if vals:
                a.setdefault("sdgs", [])
                for v in vals:
                    if v not in a["sdgs"]:
                        a["sdgs"].append(v)
                self.draft.facts.append(Fact(rec, "sdgs", c.text.strip(), c.start, c.end, "cell", 0.85,
                                             "a cell of goal numbers read as SDG goals"))
        if pillars:
            a["pillars"] = list(dict.fromkeys(pillars))
        if principles:
            a["principles"] = list(dict.fromkeys(c.value for c in principles))
        if pcodes:
            a["principle_codes"] = list(dict.fromkeys(c.value for c in pcodes))
        for c in principles + pcodes + sdgs:
            self.draft.facts.append(Fact(rec, c.kind, c.value, c.start, c.end, "code", 0.95))
        if sdgs:
            a["sdgs"] = list(dict.fromkeys(a.get("sdgs", []) + [c.value for c in sdgs]))
        resp = []
        for c in u.responsible_cells:
            resp += [i for i in self._names(c.start, c.end, rec, "responsible") if i not in resp]
        if resp:
            a["responsible"] = resp
        free = [u.title]   # what the unit's own words name; its body is narrative (progress, context)
        if not (table or u.progress_cells):
            self.free.append((u.body[0], u.body[1], rec))
        self.free.append((u.title[0], u.title[1], rec))
        inv = [i for i in self._ids([m for s, e in free for m in self.index.within(s, e, "actor")], rec, "involved", False)
               if i not in resp]
        if inv:
            a["involved"] = inv
            self.draft.flag(rec, "involved: actors the unit's text names; check their role")
        instr = self._ids([m for s, e in free for m in self.index.within(s, e, "instrument")], rec, "instruments", False)
        for rid in self._instrument_phrases(u.title[0], u.title[1], rec):
            if rid not in instr:
                instr.append(rid)
        if instr:
            a["instruments"] = instr
        a["evidence"] = {"locator": self.loc(u.title[0], f"{u.kind} {u.notation}"), "quote": self.quote(*u.title)}
        prog = self.progress(u, rec)
        if prog:
            a["progress"] = prog
        return a

    def progress(self, u: Unit, rec: str) -> list[dict]:
        out = []
        for cell, period, guessed in u.progress_cells:
            for ps, pe, rs, re_ in progress_paragraphs(self.text, cell.start, cell.end):
                body = squash(self.text[ps:pe])
                if len(body) < 3:
                    continue
                if period is None:
                    self.draft.flag(rec, f"a progress paragraph has no period and was not drafted: '{body[:60]}…'")
                    continue
                p = {"period": period}
                where = f"action {u.notation}, {period}"
                if rs is not None:
                    reporters = self._names(rs, re_, rec, "reporters")
                    if reporters:
                        p["reporters"] = reporters
                    where += f", {squash(self.text[rs:re_])}"
                st = status_of(body)
                if st:
                    p["status"] = st
                    self.draft.facts.append(Fact(rec, "status", st, ps, pe, "keyword", 0.5, "status from a keyword: check it"))
                p["text"] = body
                self.free.append((ps, pe, rec))
                others = [i for i in self._ids(self.index.within(ps, pe, "actor"), rec, "progress actors", False)
                          if i not in p.get("reporters", [])]
                if others:
                    p["actors"] = others
                ins = self._ids(self.index.within(ps, pe, "instrument"), rec, "progress instruments", False)
                if ins:
                    p["instruments"] = ins
                p["locator"] = self.loc(ps, where)
                self.draft.facts.append(Fact(rec, "progress", period, ps, pe, "column" if guessed else "year heading",
                                             0.5 if guessed else 0.85,
                                             f"period {period} from the column order: check it" if guessed else None))
                if guessed:
                    self.draft.flag(rec, f"progress period {period} guessed from the column order")
                out.append(p)
        return out


def ner_proposals(asm: Assembler) -> None:
    """Organisation names the model's recogniser finds in running text that no registry name covers: proposals."""
    nlp = asm.linker.nlp
    if "ner" not in nlp.pipe_names:
        return
    spans = [(s, e, r) for s, e, r in asm.free if e > s]
    for (s, e, rec), doc in zip(spans, nlp.pipe((asm.text[s:e] for s, e, _ in spans), batch_size=32)):
        for ent in doc.ents:
            if ent.label_ != "ORG":
                continue
            a, b = s + ent.start_char, s + ent.end_char
            name = squash(asm.text[a:b])
            if len(ent) < 2 and not (name.isupper() and len(name) >= 3):
                continue
            if not name[:1].isupper() or asm.index.within(max(0, a - 1), b + 1, "actor") or asm.linker.fuzzy(name, "actor"):
                continue
            p = asm._propose(name, a, b, "named in the text (model's recogniser)", rec)
            asm.draft.facts.append(Fact(rec, "proposal", p.id, a, b, "ner", 0.2,
                                        f"'{name}' looks like an organisation no registry record names: proposal {p.id}"))


def assemble(doc: Document, source_id: str, linker: Linker, taken_ids: set[str], seed: str) -> Draft:
    """The draft of ``doc``: records, facts with spans, review notes, proposals."""
    st = structure(doc.text)
    asm = Assembler(doc, source_id, linker, taken_ids)
    source, plan = asm.source_and_plan(st, seed)
    groups = []
    for g in st.groups:
        rec = asm.group(g)
        rec["plan"] = plan["id"]
        groups.append(rec)
    table = bool(st.table_years) or any(u.progress_cells or u.responsible_cells for u in st.units)
    actions = [asm.action(u, plan["id"], table) for u in st.units]
    ner_proposals(asm)
    data = {"source": source, "plans": [plan]}
    if groups:
        data["groups"] = groups
    if actions:
        data["actions"] = actions
    else:
        asm.draft.flag("plan", "no numbered units found: the draft holds the source and plan only")
    asm.draft.data = data
    return asm.draft
