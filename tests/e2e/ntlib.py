"""A small N-Triples / N-Quads reader for the end-to-end tests (standard library only).

Terms come back as:
  IRI("http://...")            a str subclass
  BNode("_:b0")                a str subclass
  Lit(value, lang, datatype)   a namedtuple; lang and datatype are "" when absent

It reads what `newskg -f ntriples|nquads` and `rapper -o ntriples` write and
rejects anything else loudly (ValueError with the line number), so a
malformed line in the output cannot pass a check by being skipped.
"""
import re
from collections import defaultdict, namedtuple


class IRI(str):
    __slots__ = ()


class BNode(str):
    __slots__ = ()


Lit = namedtuple("Lit", "value lang datatype")

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
NKG = "https://w3id.org/newskg/ontology#"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
ITS = "http://www.w3.org/2005/11/its/rdf#"
PROV = "http://www.w3.org/ns/prov#"
DCT = "http://purl.org/dc/terms/"
SCHEMA = "https://schema.org/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
TYPE = RDF + "type"

ENTITY_CLASSES = ("State", "Official", "Person", "Organization", "Agreement",
                  "Incident", "Location")
EVENT_CLASSES = ("Appeal", "Support", "Concern", "Criticism", "Meeting", "Signing",
                 "Commitment", "Violation", "Detention", "Release", "Withdrawal")

_TERM = re.compile(r'[ \t]*(<[^>]*>|_:[A-Za-z0-9_\-.]+|"(?:[^"\\]|\\.)*"'
                   r'(?:@[A-Za-z]+(?:-[A-Za-z0-9]+)*|\^\^<[^>]*>)?)')
_ESC = re.compile(r'\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|[tbnrf"\'\\])')
_SIMPLE = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def _unescape(s):
    def rep(m):
        e = m.group(1)
        if e[0] in "uU":
            return chr(int(e[1:], 16))
        return _SIMPLE[e]
    if "\\" in s and re.search(r'\\(?![uU]|[tbnrf"\'\\])', s):
        raise ValueError("bad escape in " + s[:80])
    return _ESC.sub(rep, s)


def _term(tok):
    if tok[0] == "<":
        return IRI(_unescape(tok[1:-1]))
    if tok[0] == "_":
        return BNode(tok)
    end = tok.rindex('"')
    value = _unescape(tok[1:end])
    rest = tok[end + 1:]
    if rest.startswith("@"):
        return Lit(value, rest[1:].lower(), "")
    if rest.startswith("^^"):
        return Lit(value, "", _unescape(rest[3:-1]))
    return Lit(value, "", "")


def parse(text, quads=False):
    """List of (s, p, o) or, with quads=True, (s, p, o, g) where g may be None."""
    out = []
    # not splitlines(): U+2028 and friends are legal, unescaped, inside literals
    for no, line in enumerate(text.split("\n"), 1):
        line = line.strip(" \t\r")
        if not line or line.startswith("#"):
            continue
        parts, pos = [], 0
        while len(parts) < 4:
            m = _TERM.match(line, pos)
            if not m:
                break
            parts.append(m.group(1))
            pos = m.end()
        tail = line[pos:].strip()
        if len(parts) < 3 or len(parts) > (4 if quads else 3) or not re.fullmatch(r"\.\s*(#.*)?", tail):
            raise ValueError(f"line {no}: not N-{'Quads' if quads else 'Triples'}: {line[:160]}")
        terms = [_term(t) for t in parts]
        if isinstance(terms[0], Lit) or not isinstance(terms[1], IRI):
            raise ValueError(f"line {no}: bad subject or predicate: {line[:160]}")
        if quads:
            out.append(tuple(terms[:3]) + ((terms[3] if len(terms) == 4 else None),))
        else:
            out.append(tuple(terms))
    return out


def load(path, quads=False):
    with open(path, encoding="utf-8") as f:
        return parse(f.read(), quads)


class Graph:
    """Indexes a set of triples: g.objs(s, p), g.subjs(p, o), g.types[s]."""

    def __init__(self, triples):
        self.triples = list(dict.fromkeys(triples))
        self.sp = defaultdict(lambda: defaultdict(list))
        self.po = defaultdict(lambda: defaultdict(list))
        self.types = defaultdict(set)
        for s, p, o in self.triples:
            self.sp[s][p].append(o)
            self.po[p][o].append(s)
            if p == TYPE:
                self.types[s].add(str(o))

    def objs(self, s, p):
        return self.sp.get(s, {}).get(p, [])

    def subjs(self, p, o):
        return self.po.get(p, {}).get(o, [])

    def one(self, s, p):
        v = self.objs(s, p)
        return v[0] if v else None

    def lit(self, s, p):
        v = self.one(s, p)
        return v.value if isinstance(v, Lit) else None

    def of_type(self, cls):
        return sorted(s for s, t in self.types.items() if cls in t)

    def entities(self):
        return sorted(s for s, t in self.types.items() if any(NKG + c in t for c in ENTITY_CLASSES))

    def documents(self):
        return sorted(s for s, t in self.types.items() if NIF + "Context" in t or NKG + "Document" in t)
