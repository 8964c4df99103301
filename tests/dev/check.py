#!/usr/bin/env python3
"""Validate gold annotations against their articles (Python 3 standard library only).

Usage: check.py [--gold DIR] [--corpus DIR] [--also DIR ...] [--oracle FILE.nt]

Defaults to gold/ and corpus/ beside this file, and reads the shared gold
(../../../shared/eval/gold, if present) as --also, so that ids reused from it
are checked for consistency. Exits 1 when a problem is found; warnings do not
fail the check.

Checked, for every gold file:
- JSON shape: keys, types, "doc" names an existing article, file name = doc stem;
- the document date (null or a real yyyy-mm-dd; equal to a ` date ` header when
  the article has one); entity and event dates are real yyyy-mm-dd or null;
- entity types, event types, id syntax (ISO-like XXX for states, lower-case
  words joined by '-' otherwise), ids unique in a file;
- every name occurs verbatim in the article text (the date header excluded),
  and no name is given to two entities of one file;
- every evidence string occurs in the article, inside one sentence, and is
  unique -- or, like a headline printed twice, occurs exactly as many times as
  events of one class cite it;
- casualty ranges are [min, max] non-negative integers with min <= max;
- every id used in agent/other/facts is an entity of some gold file, and an id
  has the same type in every file.

--oracle FILE.nt also writes the graph the gold describes (N-Triples): every
name occurrence a mention, every event citing the sentence of its evidence,
every fact reified. `score --gold DIR FILE.nt` must give 1.0 everywhere on it;
anything less means a gold item the scorer cannot match as annotated.
"""
import argparse
import datetime
import hashlib
import json
import os
import re
import sys
import unicodedata
from collections import defaultdict

ENTITY_TYPES = {"State", "Official", "Person", "Organization", "Agreement", "Incident", "Location"}
EVENT_TYPES = {"Appeal", "Support", "Concern", "Criticism", "Meeting", "Signing",
               "Commitment", "Violation", "Detention", "Release", "Withdrawal"}
DOC_KEYS = {"doc", "date", "url", "entities", "events"}
ENTITY_KEYS = {"id", "type", "names", "represents", "role", "date", "killed", "wounded",
               "location", "victimState", "blamedOn", "partOf", "locatedIn", "basedIn", "signatory"}
ID_LIST_KEYS = ("represents", "location", "victimState", "blamedOn", "partOf", "locatedIn",
                "basedIn", "signatory")
EVENT_KEYS = {"type", "agent", "other", "date", "evidence"}
STATE_ID = re.compile(r"[A-Z]{3}")
OTHER_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
DATE_HEADER = re.compile(r" date (\d{4}-\d{2}-\d{2})[ \n]")

# Words after which a full stop does not end a sentence.
ABBREVIATIONS = {"u.s", "u.n", "u.k", "e.u", "gov", "mr", "mrs", "ms", "dr", "gen", "lt", "col",
                 "sgt", "capt", "maj", "st", "no", "jan", "feb", "mar", "apr", "jun", "jul",
                 "aug", "sep", "sept", "oct", "nov", "dec", "jr", "sr", "inc", "co", "corp",
                 "vs", "etc", "a.m", "p.m", "rep", "sen", "pres", "gov't", "approx"}
OPENERS = "\"'“‘([«"
CLOSERS = "\"'”’)]»"


class Report:
    def __init__(self):
        self.errors = 0
        self.warnings = 0

    def error(self, where, msg):
        self.errors += 1
        print(f"ERROR   {where}: {msg}")

    def warn(self, where, msg):
        self.warnings += 1
        print(f"warning {where}: {msg}")


def fold(s):
    s = unicodedata.normalize("NFKC", s).casefold()
    return " ".join(s.replace("\u2019", "'").replace("\u2018", "'").split())


def valid_date(s):
    if not isinstance(s, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
        return False
    try:
        datetime.date.fromisoformat(s)
    except ValueError:
        return False
    return True


def article_text(raw):
    """The article as the graph model sees it: a leading date line is metadata."""
    m = DATE_HEADER.match(raw)
    if m:
        return raw[m.end():], m.group(1)
    return raw, None


def sentence_boundaries(text):
    """Offsets at which a new sentence starts (a conservative splitter).

    A sentence ends at a line break, or at . ! ? (plus closing quotes or
    brackets) followed by white space and an upper-case letter, a digit or
    an opening quote, unless the full stop ends a known abbreviation or an
    initial ("J.")."""
    bounds = set()
    for m in re.finditer(r"\n+", text):
        bounds.add(m.end())
    for m in re.finditer(r"[.!?…]+[" + re.escape(CLOSERS) + r"]*(\s+)(?=[" + re.escape(OPENERS) + r"\w])", text):
        nxt = text[m.end()] if m.end() < len(text) else ""
        if not (nxt.isupper() or nxt.isdigit() or nxt in OPENERS):
            continue
        punct_end = m.start(1)
        stop = text[m.start()]
        if stop == ".":
            word = re.search(r"([\w.']+)\.[" + re.escape(CLOSERS) + r"]*$", text[:punct_end])
            if word:
                w = word.group(1).lower()
                if w in ABBREVIATIONS or re.fullmatch(r"[a-z]", w):
                    continue
        bounds.add(m.end())
    return sorted(bounds)


def occurrences(text, s):
    out, start = [], 0
    while True:
        i = text.find(s, start)
        if i < 0:
            return out
        out.append(i)
        start = i + 1


def check_file(path, corpus, rep, registry):
    where = os.path.basename(path)
    try:
        with open(path, encoding="utf-8") as f:
            gold = json.load(f)
    except (OSError, ValueError) as e:
        rep.error(where, f"cannot read JSON: {e}")
        return None
    if not isinstance(gold, dict):
        rep.error(where, "top level is not an object")
        return None
    for k in gold:
        if k not in DOC_KEYS:
            rep.error(where, f"unknown key {k!r}")
    doc = gold.get("doc")
    if not isinstance(doc, str):
        rep.error(where, "missing \"doc\"")
        return None
    if os.path.splitext(doc)[0] != os.path.splitext(where)[0]:
        rep.error(where, f"doc {doc!r} does not match the file name")
    apath = os.path.join(corpus, doc)
    try:
        with open(apath, encoding="utf-8") as f:
            raw = f.read()
    except OSError as e:
        rep.error(where, f"article {doc!r}: {e}")
        return None
    text, header_date = article_text(raw)

    date = gold.get("date", "missing")
    if date == "missing":
        rep.error(where, "missing \"date\" (use null when unknown)")
    elif date is not None and not valid_date(date):
        rep.error(where, f"bad document date {date!r}")
    if header_date and date != header_date:
        rep.error(where, f"document date {date!r} differs from the date header {header_date}")

    ents = gold.get("entities")
    evs = gold.get("events")
    if not isinstance(ents, list) or not isinstance(evs, list):
        rep.error(where, "\"entities\" and \"events\" must be lists")
        return None

    ids = {}
    name_owner = {}
    for e in ents:
        if not isinstance(e, dict):
            rep.error(where, f"entity is not an object: {e!r}")
            continue
        eid, etype = e.get("id"), e.get("type")
        w = f"{where} entity {eid}"
        for k in e:
            if k not in ENTITY_KEYS:
                rep.error(w, f"unknown key {k!r}")
        if not isinstance(eid, str):
            rep.error(where, f"entity without id: {e!r}")
            continue
        if eid in ids:
            rep.error(w, "id used twice in this file")
        ids[eid] = etype
        if etype not in ENTITY_TYPES:
            rep.error(w, f"bad type {etype!r}")
        if etype == "State":
            if not STATE_ID.fullmatch(eid):
                rep.error(w, "a state's id is its ISO 3166-1 alpha-3 code")
        elif not OTHER_ID.fullmatch(eid):
            rep.error(w, "ids other than states are lower-case words joined by '-'")
        names = e.get("names")
        if not isinstance(names, list) or not names:
            rep.error(w, "needs a non-empty list of names")
            names = []
        if len(set(names)) != len(names):
            rep.error(w, "a name is listed twice")
        for n in names:
            if not isinstance(n, str) or not n.strip():
                rep.error(w, f"bad name {n!r}")
                continue
            if n != n.strip():
                rep.error(w, f"name {n!r} has surrounding white space")
            if n not in text:
                rep.error(w, f"name {n!r} does not occur in the article")
            key = fold(n)
            if key in name_owner and name_owner[key] != eid:
                rep.error(w, f"name {n!r} is also a name of {name_owner[key]}")
            name_owner.setdefault(key, eid)
        for k in ID_LIST_KEYS:
            if k in e and (not isinstance(e[k], list) or not all(isinstance(x, str) for x in e[k])):
                rep.error(w, f"{k} must be a list of ids")
        if "date" in e:
            if etype not in ("Agreement", "Incident"):
                rep.warn(w, "only agreements and incidents carry a date")
            if not valid_date(e["date"]):
                rep.error(w, f"bad date {e['date']!r}")
        for k in ("killed", "wounded"):
            if k in e:
                v = e[k]
                if not (isinstance(v, list) and len(v) == 2 and all(isinstance(x, int) and not isinstance(x, bool)
                                                                     and x >= 0 for x in v) and v[0] <= v[1]):
                    rep.error(w, f"{k} must be [min, max] with 0 <= min <= max, not {v!r}")
                if etype != "Incident":
                    rep.error(w, f"{k} belongs to incidents")
        for k in ("location", "victimState", "blamedOn"):
            if k in e and etype != "Incident":
                rep.error(w, f"{k} belongs to incidents")
        if "role" in e and (etype not in ("Official", "Person") or not isinstance(e["role"], str)):
            rep.error(w, "role is a string on officials")
        if "represents" in e and etype not in ("Official", "Person"):
            rep.error(w, "represents belongs to officials and persons")
        registry[eid].add((etype, where))

    bounds = sentence_boundaries(text)
    uses = defaultdict(list)
    for i, ev in enumerate(evs):
        w = f"{where} event {i + 1}"
        if not isinstance(ev, dict):
            rep.error(w, "is not an object")
            continue
        for k in ev:
            if k not in EVENT_KEYS:
                rep.error(w, f"unknown key {k!r}")
        for k in EVENT_KEYS:
            if k not in ev:
                rep.error(w, f"missing {k!r}")
        if ev.get("type") not in EVENT_TYPES:
            rep.error(w, f"bad type {ev.get('type')!r}")
        for k in ("agent", "other"):
            v = ev.get(k, [])
            if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
                rep.error(w, f"{k} must be a list of ids")
            elif len(set(v)) != len(v):
                rep.error(w, f"{k} lists an id twice")
        if not ev.get("agent"):
            rep.warn(w, "empty agent list: the actor is not scored")
        if ev.get("type") == "Withdrawal" and ev.get("other"):
            rep.warn(w, "a Withdrawal's location is not a scored role; non-empty other can never match")
        d = ev.get("date")
        if d is not None and not valid_date(d):
            rep.error(w, f"bad date {d!r}")
        if d and date and valid_date(str(date)) and d > date:
            rep.warn(w, f"event date {d} is after the document date {date}")
        evidence = ev.get("evidence")
        if not isinstance(evidence, str) or not evidence.strip():
            rep.error(w, "missing evidence")
            continue
        uses[evidence].append(ev.get("type"))
        occ = occurrences(text, evidence)
        if not occ:
            rep.error(w, f"evidence {evidence!r} does not occur in the article")
            continue
        if "\n" in evidence:
            rep.error(w, f"evidence {evidence!r} spans a line break")
        for b in occ:
            e_ = b + len(evidence)
            inside = [x for x in bounds if b < x < e_]
            if inside:
                rep.error(w, f"evidence {evidence!r} crosses a sentence boundary at "
                             f"{text[max(0, inside[0] - 20):inside[0] + 20]!r}")
    for evidence, types in uses.items():
        n = len(occurrences(text, evidence))
        if n == 0:
            continue
        if n == 1 and len(types) > 1:
            rep.error(where, f"evidence {evidence!r} is cited by {len(types)} events; make each unique")
        elif n > 1 and (len(types) != n or len(set(types)) != 1):
            rep.error(where, f"evidence {evidence!r} occurs {n} times in the article; it must be unique "
                             f"(or, for a repeated headline, be cited by {n} events of one class)")
    return gold


NKG = "https://w3id.org/newskg/ontology#"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XSD = "http://www.w3.org/2001/XMLSchema#"
ORACLE_BASE = "https://w3id.org/newskg/oracle/"
ROLE_OF_OTHER = {"Appeal": "addressee", "Support": "target", "Criticism": "target", "Meeting": "participant",
                 "Signing": "agreement", "Commitment": "agreement", "Violation": "agreement",
                 "Detention": "target", "Release": "target", "Withdrawal": "location", "Concern": "topic"}


def nt_lit(s, dt=None):
    s = s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{s}"' + (f"^^<{dt}>" if dt else "")


def write_oracle(path, golds, corpus):
    """The graph the gold describes, for a self-check with the scorer."""
    from urllib.parse import quote
    out = []
    t = lambda s, p, o: out.append(f"<{s}> <{p}> {o} .")
    ent = lambda i: f"{ORACLE_BASE}entity/{quote(i)}"
    typed = {}
    for _, g in golds:
        for e in g.get("entities", []):
            typed.setdefault(e["id"], e)
    for _, g in golds:
        with open(os.path.join(corpus, g["doc"]), encoding="utf-8") as f:
            text, _ = article_text(f.read())
        doc = f"{ORACLE_BASE}doc/{quote(g['doc'])}"
        t(doc, RDF + "type", f"<{NIF}Context>")
        t(doc, RDF + "type", f"<{NKG}Document>")
        t(doc, "http://purl.org/dc/terms/source", nt_lit(g["doc"]))
        t(doc, NIF + "isString", nt_lit(text))
        if g.get("date"):
            t(doc, "http://purl.org/dc/terms/date", nt_lit(g["date"], XSD + "date"))
        b = [0] + sentence_boundaries(text) + [len(text)]
        sents = []
        for s0, e0 in zip(b, b[1:]):
            while e0 > s0 and text[e0 - 1].isspace():
                e0 -= 1
            if e0 <= s0:
                continue
            node = f"{doc}#char={s0},{e0}"
            sents.append((s0, e0, node))
            t(node, RDF + "type", f"<{NIF}Sentence>")
            t(node, NIF + "referenceContext", f"<{doc}>")
            t(node, NIF + "beginIndex", nt_lit(str(s0), XSD + "nonNegativeInteger"))
            t(node, NIF + "endIndex", nt_lit(str(e0), XSD + "nonNegativeInteger"))
            t(node, NIF + "anchorOf", nt_lit(text[s0:e0]))
        sent_at = lambda i: next(n for s0, e0, n in sents if s0 <= i < e0)
        first_sent = {}
        for e in g.get("entities", []):
            iri = ent(e["id"])
            t(iri, RDF + "type", f"<{NKG}{e['type']}>")
            t(iri, "http://www.w3.org/2000/01/rdf-schema#label", nt_lit(e["names"][0]))
            if e["type"] == "State":
                t(iri, NKG + "isoCode", nt_lit(e["id"]))
            for n in e["names"]:
                for i in occurrences(text, n):
                    m = f"{doc}#mention={i},{i + len(n)}"
                    t(m, RDF + "type", f"<{NIF}Phrase>")
                    t(m, NIF + "referenceContext", f"<{doc}>")
                    t(m, NIF + "beginIndex", nt_lit(str(i), XSD + "nonNegativeInteger"))
                    t(m, NIF + "endIndex", nt_lit(str(i + len(n)), XSD + "nonNegativeInteger"))
                    t(m, NIF + "anchorOf", nt_lit(n))
                    t(m, NIF + "sentence", f"<{sent_at(i)}>")
                    t(m, "http://www.w3.org/2005/11/its/rdf#taIdentRef", f"<{iri}>")
                    first_sent.setdefault(e["id"], sent_at(i))
            facts = []
            for k in ("represents", "location", "victimState", "blamedOn"):
                facts += [(NKG + k, f"<{ent(x)}>") for x in e.get(k, [])]
            if e.get("date"):
                facts.append((NKG + "date", nt_lit(e["date"], XSD + "date")))
            for k in ("killed", "wounded"):
                if k in e:
                    lo, hi = e[k]
                    if lo == hi:
                        facts.append((NKG + k, nt_lit(str(lo), XSD + "integer")))
                    else:
                        facts.append((NKG + k + "Min", nt_lit(str(lo), XSD + "integer")))
                        facts.append((NKG + k + "Max", nt_lit(str(hi), XSD + "integer")))
            for p, o in facts:
                t(iri, p, o)
                st = ORACLE_BASE + "fact/" + hashlib.sha1(f"{iri} {p} {o}".encode()).hexdigest()[:16]
                t(st, RDF + "type", f"<{RDF}Statement>")
                t(st, RDF + "subject", f"<{iri}>")
                t(st, RDF + "predicate", f"<{p}>")
                t(st, RDF + "object", o)
                if e["id"] in first_sent:
                    t(st, "http://www.w3.org/ns/prov#wasDerivedFrom", f"<{first_sent[e['id']]}>")
        seen = defaultdict(int)
        for i, ev in enumerate(g.get("events", [])):
            node = f"{doc}/event/{i + 1}"
            occ = occurrences(text, ev["evidence"])
            k = seen[ev["evidence"]]
            seen[ev["evidence"]] += 1
            t(node, RDF + "type", f"<{NKG}Event>")
            t(node, RDF + "type", f"<{NKG}{ev['type']}>")
            t(node, "http://www.w3.org/ns/prov#wasDerivedFrom", f"<{sent_at(occ[min(k, len(occ) - 1)])}>")
            if ev.get("agent"):
                role = "participant" if ev["type"] == "Meeting" else "signatory" if ev["type"] == "Signing" else "agent"
                t(node, NKG + role, f"<{ent(ev['agent'][0])}>")
            if ev.get("other"):
                role = ROLE_OF_OTHER[ev["type"]]
                if ev["type"] in ("Signing", "Commitment", "Violation") and typed.get(ev["other"][0], {}).get("type") != "Agreement":
                    role = "signatory" if ev["type"] == "Signing" else "target"
                t(node, NKG + role, f"<{ent(ev['other'][0])}>")
            if ev.get("date"):
                t(node, NKG + "date", nt_lit(ev["date"], XSD + "date"))
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(sorted(set(out))) + "\n")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    shared = os.path.normpath(os.path.join(here, "..", "..", "..", "shared", "eval", "gold"))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", default=os.path.join(here, "gold"))
    ap.add_argument("--corpus", default=os.path.join(here, "corpus"))
    ap.add_argument("--also", action="append", default=None,
                    help="other gold folders whose ids must agree (default: the shared gold, when present)")
    ap.add_argument("--oracle", metavar="FILE.nt", help="also write the graph the gold describes")
    a = ap.parse_args()
    also = a.also if a.also is not None else ([shared] if os.path.isdir(shared) else [])

    rep = Report()
    registry = defaultdict(set)  # id -> {(type, file)}
    golds = []
    files = sorted(f for f in os.listdir(a.gold) if f.endswith(".json"))
    if not files:
        rep.error(a.gold, "no gold files")
    for name in files:
        g = check_file(os.path.join(a.gold, name), a.corpus, rep, registry)
        if g is not None:
            golds.append((name, g))
    docs = {g["doc"] for _, g in golds}
    for art in sorted(os.listdir(a.corpus)):
        if art.endswith((".txt", ".html", ".htm")) and art not in docs:
            rep.warn(art, "article without a gold file")

    # ids of the other gold sets: same id, same type
    for d in also:
        for name in sorted(os.listdir(d)):
            if not name.endswith(".json"):
                continue
            try:
                with open(os.path.join(d, name), encoding="utf-8") as f:
                    other = json.load(f)
            except (OSError, ValueError) as e:
                rep.warn(name, f"cannot read {d}: {e}")
                continue
            for e in other.get("entities", []):
                registry[e.get("id")].add((e.get("type"), os.path.join(os.path.basename(d), name)))

    for eid, seen in sorted(registry.items(), key=lambda kv: str(kv[0])):
        types = {t for t, _ in seen}
        if len(types) > 1:
            rep.error(eid, "typed differently across files: " + ", ".join(sorted(f"{t} in {f}" for t, f in seen)))

    # every id used anywhere is an entity somewhere
    for name, g in golds:
        used = []
        for e in g.get("entities", []):
            for k in ID_LIST_KEYS:
                used += [(x, f"entity {e.get('id')} {k}") for x in e.get(k, []) if isinstance(x, str)]
        for i, ev in enumerate(g.get("events", [])):
            for k in ("agent", "other"):
                used += [(x, f"event {i + 1} {k}") for x in ev.get(k, []) if isinstance(x, str)]
        for x, w in used:
            if x not in registry:
                if STATE_ID.fullmatch(x):
                    rep.warn(f"{name} {w}", f"state {x} is no entity of any gold file (found by ISO code only)")
                else:
                    rep.error(f"{name} {w}", f"id {x!r} is no entity of any gold file")

    # the same name given to different ids in different files (can be right: say so in the notes)
    by_name = defaultdict(set)
    for name, g in golds:
        for e in g.get("entities", []):
            for n in e.get("names", []):
                if isinstance(n, str):
                    by_name[fold(n)].add(e.get("id"))
    for n, owners in sorted(by_name.items()):
        if len(owners) > 1:
            rep.warn(n, "name of several ids across files: " + ", ".join(sorted(owners)))

    n_ent = sum(len(g.get("entities", [])) for _, g in golds)
    n_ev = sum(len(g.get("events", [])) for _, g in golds)
    print(f"{len(golds)} gold files, {n_ent} entities, {n_ev} events: "
          f"{rep.errors} error(s), {rep.warnings} warning(s)")
    if a.oracle and not rep.errors:
        write_oracle(a.oracle, golds, a.corpus)
        print(f"oracle graph written to {a.oracle}")
    sys.exit(1 if rep.errors else 0)


if __name__ == "__main__":
    main()
