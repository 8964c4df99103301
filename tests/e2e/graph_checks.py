#!/usr/bin/env python3
"""Checks of a newskg graph that SPARQL 1.0 (roqet) cannot express.

Usage:
  graph_checks.py anchors GRAPH.nt
      every nif:anchorOf equals its [beginIndex, endIndex) slice of the
      nif:isString of its nif:referenceContext, counted in code points; the
      node is named {doc}#char={b},{e}; every nif:Phrase lies inside its
      nif:sentence, a nif:Sentence of the same document.
  graph_checks.py sources GRAPH.nt FILE...
      every document has exactly one dcterms:source, its last segment is the
      file name of one FILE, each FILE has exactly one document, and that
      document's text comes from that file.
  graph_checks.py nquads GRAPH.nq
      every quad has a graph; each document's own triples (the document node,
      its sentences and mentions) are in the named graph of the document IRI.
  graph_checks.py doc GRAPH.nt [--date D|none] [--url U] [--title-has T]
                  [--require S]... [--forbid S]... [--source-endswith F] [--clean]
      the graph holds exactly one document, with these properties; --require
      and --forbid look in its nif:isString; --clean: no literal of the graph
      holds NUL, another C0 control but TAB/LF/CR, DEL, U+FFFE or U+FFFF.
  graph_checks.py base DEFAULT.nt OTHER.nt DEFAULT_BASE OTHER_BASE
      OTHER has no IRI under DEFAULT_BASE, does have IRIs under OTHER_BASE, and
      is DEFAULT with the base swapped (fact hashes, which cover the IRIs, aside).

Prints one line per finding (at most 10 per kind) and a summary; exit 0 when
everything holds, 1 otherwise.
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ntlib  # noqa: E402
from ntlib import DCT, IRI, Lit, NIF, SCHEMA  # noqa: E402

MAX_SHOWN = 10


class Report:
    def __init__(self):
        self.problems = 0

    def bad(self, msg):
        self.problems += 1
        if self.problems <= MAX_SHOWN:
            print("  " + msg)
        elif self.problems == MAX_SHOWN + 1:
            print("  ...")

    def done(self, summary):
        print(("ok: " if not self.problems else f"{self.problems} problem(s): ") + summary)
        return 0 if not self.problems else 1


def num(g, s, p):
    v = g.one(s, p)
    try:
        return int(v.value) if isinstance(v, Lit) else None
    except ValueError:
        return None


def cmd_anchors(path):
    g = ntlib.Graph(ntlib.load(path))
    r = Report()
    n_sent = n_phrase = n_anchor = 0
    texts = {}
    for node in sorted({s for s, p, o in g.triples if p == NIF + "anchorOf"}):
        n_anchor += 1
        doc = g.one(node, NIF + "referenceContext")
        if doc not in texts:
            texts[doc] = g.lit(doc, NIF + "isString")
        text = texts[doc]
        b, e, a = num(g, node, NIF + "beginIndex"), num(g, node, NIF + "endIndex"), g.lit(node, NIF + "anchorOf")
        if text is None:
            r.bad(f"{node}: no nif:referenceContext with a nif:isString")
            continue
        if b is None or e is None or not 0 <= b <= e <= len(text):
            r.bad(f"{node}: bad offsets {b},{e} (text has {len(text)} code points)")
            continue
        if text[b:e] != a:
            r.bad(f"{node}: anchorOf {a[:60]!r} but the slice [{b},{e}) is {text[b:e][:60]!r}")
        if str(node) != f"{doc}#char={b},{e}":
            r.bad(f"{node}: not named {doc}#char={b},{e}")
    spans = {}
    for sent in g.of_type(NIF + "Sentence"):
        n_sent += 1
        spans[sent] = (g.one(sent, NIF + "referenceContext"), num(g, sent, NIF + "beginIndex"),
                       num(g, sent, NIF + "endIndex"))
        if g.lit(sent, NIF + "anchorOf") is None:
            r.bad(f"{sent}: sentence without nif:anchorOf")
    for ph in g.of_type(NIF + "Phrase"):
        n_phrase += 1
        if g.lit(ph, NIF + "anchorOf") is None:
            r.bad(f"{ph}: mention without nif:anchorOf")
        doc, b, e = g.one(ph, NIF + "referenceContext"), num(g, ph, NIF + "beginIndex"), num(g, ph, NIF + "endIndex")
        sents = g.objs(ph, NIF + "sentence")
        if len(sents) != 1 or sents[0] not in spans:
            r.bad(f"{ph}: nif:sentence is {[str(s) for s in sents]}, not one nif:Sentence")
            continue
        sd, sb, se = spans[sents[0]]
        if sd != doc or sb is None or b is None or not (sb <= b and e <= se):
            r.bad(f"{ph}: [{b},{e}) is not inside its sentence {sents[0]}")
        if not g.objs(ph, ntlib.ITS + "taIdentRef"):
            r.bad(f"{ph}: mention without itsrdf:taIdentRef")
    if not n_sent or not n_phrase:
        r.bad(f"nothing to check: {n_sent} sentences, {n_phrase} mentions")
    return r.done(f"{n_anchor} anchors ({n_sent} sentences, {n_phrase} mentions) in {len(texts)} documents")


def strip_date_line(raw):
    m = re.match(r" date \d{4}-\d{2}-\d{2}[ \n]", raw)
    return raw[m.end():] if m else raw


def squash(s):
    return " ".join(s.split())


def cmd_sources(path, files):
    g = ntlib.Graph(ntlib.load(path))
    r = Report()
    by_name = {os.path.basename(f): f for f in files}
    if len(by_name) != len(files):
        sys.exit("graph_checks: two FILEs with one name")
    seen = {}
    docs = g.documents()
    for doc in docs:
        srcs = g.objs(doc, DCT + "source")
        if len(srcs) != 1 or not isinstance(srcs[0], Lit) or srcs[0].lang or srcs[0].datatype:
            r.bad(f"{doc}: dcterms:source is {srcs}, not one plain literal")
            continue
        name = srcs[0].value.rstrip("/").rsplit("/", 1)[-1]
        if name not in by_name:
            r.bad(f"{doc}: dcterms:source {srcs[0].value!r} ends in no input file name")
            continue
        if name in seen:
            r.bad(f"{doc} and {seen[name]} both have source {name}")
        seen[name] = doc
        text = g.lit(doc, NIF + "isString") or ""
        with open(by_name[name], encoding="utf-8", errors="replace") as f:
            raw = squash(strip_date_line(f.read()))
        probes = re.findall(r"[ -~]{40}", text[:2000])
        if not probes or squash(probes[0]) not in raw:
            r.bad(f"{doc}: its text does not come from {name} (probe {probes[:1]})")
    for name in sorted(set(by_name) - set(seen)):
        r.bad(f"no document has a dcterms:source ending in {name}")
    if not docs:
        r.bad("no documents")
    return r.done(f"{len(docs)} documents, {len(files)} input files")


def cmd_nquads(path):
    quads = ntlib.load(path, quads=True)
    r = Report()
    docs = {s for s, p, o, _ in quads if p == ntlib.TYPE and o in (NIF + "Context", ntlib.NKG + "Document")}
    own = 0
    graphs = set()
    for s, p, o, gr in quads:
        if gr is None:
            r.bad(f"quad without a graph: {s} {p}")
            continue
        graphs.add(gr)
        base = str(s).split("#", 1)[0]
        if base in docs:
            own += 1
            if gr != base:
                r.bad(f"{s} {p}: in graph {gr}, not in its document's graph {base}")
    if not docs or not own:
        r.bad("no document triples")
    for d in sorted(docs - graphs):
        r.bad(f"document {d} has no named graph")
    return r.done(f"{len(quads)} quads, {len(docs)} documents, {len(graphs)} graphs, "
                  f"{own} document triples checked")


BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def cmd_doc(path, args):
    g = ntlib.Graph(ntlib.load(path))
    r = Report()
    docs = g.documents()
    if len(docs) != 1:
        r.bad(f"{len(docs)} documents, not 1")
        return r.done("document")
    doc = docs[0]
    text = g.lit(doc, NIF + "isString") or ""
    if not text:
        r.bad("no nif:isString")
    i = 0
    while i < len(args):
        opt = args[i]
        val = args[i + 1] if opt != "--clean" else None
        i += 1 if opt == "--clean" else 2
        if opt == "--date":
            dates = g.objs(doc, DCT + "date")
            if val == "none":
                if dates:
                    r.bad(f"dcterms:date {dates}, expected none")
            elif dates != [Lit(val, "", ntlib.XSD + "date")]:
                r.bad(f"dcterms:date {dates}, expected {val}^^xsd:date")
        elif opt == "--url":
            urls = g.objs(doc, SCHEMA + "url")
            if urls != [IRI(val)]:
                r.bad(f"schema:url {[str(u) for u in urls]}, expected the IRI <{val}>")
        elif opt == "--title-has":
            titles = [t.value for t in g.objs(doc, DCT + "title") if isinstance(t, Lit)]
            if not any(val in t for t in titles):
                r.bad(f"dcterms:title {titles}, expected one containing {val!r}")
        elif opt == "--require":
            if val not in text:
                r.bad(f"nif:isString lacks {val!r}")
        elif opt == "--forbid":
            if val.casefold() in text.casefold():
                r.bad(f"nif:isString contains {val!r}")
        elif opt == "--source-endswith":
            srcs = [s.value for s in g.objs(doc, DCT + "source") if isinstance(s, Lit)]
            if not any(s.endswith("/" + val) or s == val for s in srcs):
                r.bad(f"dcterms:source {srcs}, expected one ending in {val}")
        elif opt == "--clean":
            n = 0
            for t in g.triples:
                if isinstance(t[2], Lit) and BAD_CHARS.search(t[2].value):
                    n += 1
                    r.bad(f"{t[0]} {t[1]}: literal holds {BAD_CHARS.search(t[2].value).group()!r}")
        else:
            sys.exit(f"graph_checks: unknown option {opt}")
    return r.done(f"document {doc} ({len(text)} code points)")


def cmd_base(default_path, other_path, default_base, other_base):
    r = Report()
    a = ntlib.parse(open(default_path, encoding="utf-8").read())
    b = ntlib.parse(open(other_path, encoding="utf-8").read())
    fact = re.compile(r"^fact/[0-9A-Za-z_-]+")

    def iris(triples):
        return {t for tr in triples for t in tr if isinstance(t, IRI)}

    def norm(triples, base):
        out = set()
        for tr in triples:
            row = []
            for t in tr:
                if isinstance(t, IRI) and t.startswith(base):
                    row.append("{base}" + fact.sub("fact/H", t[len(base):]))
                else:
                    row.append(repr(t))
            out.add(tuple(row))
        return out

    stale = sorted(i for i in iris(b) if i.startswith(default_base))
    for i in stale:
        r.bad(f"still minted under the default base: {i}")
    minted_a = sum(1 for i in iris(a) if i.startswith(default_base))
    minted_b = sum(1 for i in iris(b) if i.startswith(other_base))
    if not minted_b:
        r.bad(f"no IRI under {other_base}")
    if minted_a != minted_b:
        r.bad(f"{minted_a} IRIs minted under the default base, {minted_b} under {other_base}")
    na, nb = norm(a, default_base), norm(b, other_base)
    for t in sorted(na - nb)[:5]:
        r.bad(f"only with the default base: {' '.join(t)[:200]}")
    for t in sorted(nb - na)[:5]:
        r.bad(f"only with {other_base}: {' '.join(t)[:200]}")
    return r.done(f"{minted_b} IRIs minted under {other_base}, {len(set(a))} triples")


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    cmd, rest = argv[1], argv[2:]
    try:
        if cmd == "anchors" and len(rest) == 1:
            return cmd_anchors(rest[0])
        if cmd == "sources" and len(rest) >= 2:
            return cmd_sources(rest[0], rest[1:])
        if cmd == "nquads" and len(rest) == 1:
            return cmd_nquads(rest[0])
        if cmd == "doc" and rest:
            return cmd_doc(rest[0], rest[1:])
        if cmd == "base" and len(rest) == 4:
            return cmd_base(*rest)
    except (OSError, ValueError) as e:
        print(f"error: {e}")
        return 1
    sys.exit(__doc__)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
