#!/usr/bin/env python3
"""Canonical, sorted TSV of a SPARQL SELECT or ASK result, for comparing
engines and keeping expected answers under version control.

    normalize.py [RESULT_FILE]        (default: standard input)

Reads SPARQL 1.1 Query Results JSON (application/sparql-results+json, what
Virtuoso and `newskg query --results json` write) or SPARQL Query Results
XML (what roqet writes: Debian's roqet 0.9.33 refuses `-r json`); the first
non-blank character tells which.  Writes:

    line 1   the variables, each as ?name, tab-separated, in the query's order
    then     one line per solution, the rows sorted by code point (so engines
             that break ORDER BY ties, or collate, differently still agree)

and for ASK a single line `true` or `false`.  A term is written as

    IRI        <https://w3id.org/...>
    blank      _:label        (newskg writes none; labels are not stable)
    literal    "lexical form" with \\ \" \t \n \r escaped, then @lang
               (lower-cased: tags are case-insensitive) or ^^<datatype>;
               xsd:string is written as a plain literal (RDF 1.1: the same)
    unbound    the empty field

Nothing else is changed: a datatype or lexical form that differs between
engines shows as a difference (tests/queries/README.md lists those met).
Exit 0, or 1 with a message naming the file when it is not a result.
"""
import json
import sys
import xml.etree.ElementTree as ET

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
SRX = "{http://www.w3.org/2005/sparql-results#}"


def literal(value, lang=None, datatype=None):
    esc = (value.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
           .replace("\n", "\\n").replace("\r", "\\r"))
    out = f'"{esc}"'
    if lang:
        return out + "@" + lang.lower()
    if datatype and datatype != XSD_STRING:
        return out + f"^^<{datatype}>"
    return out


def json_term(t):
    kind = t.get("type")
    if kind == "uri":
        return f"<{t['value']}>"
    if kind == "bnode":
        return f"_:{t['value']}"
    if kind in ("literal", "typed-literal"):
        return literal(t["value"], t.get("xml:lang"), t.get("datatype"))
    raise ValueError(f"unknown term type {kind!r}")


def from_json(text):
    doc = json.loads(text)
    if "boolean" in doc:
        return None, "true" if doc["boolean"] else "false"
    names = doc["head"]["vars"]
    rows = []
    for b in doc["results"]["bindings"]:
        rows.append([json_term(b[n]) if n in b else "" for n in names])
    return names, rows


def xml_term(el):
    if el.tag == SRX + "uri":
        return f"<{el.text or ''}>"
    if el.tag == SRX + "bnode":
        return f"_:{el.text or ''}"
    if el.tag == SRX + "literal":
        return literal(el.text or "", el.get("{http://www.w3.org/XML/1998/namespace}lang"),
                       el.get("datatype"))
    raise ValueError(f"unknown term element {el.tag}")


def from_xml(text):
    root = ET.fromstring(text)
    boolean = root.find(SRX + "boolean")
    if boolean is not None:
        return None, (boolean.text or "").strip()
    names = [v.get("name") for v in root.find(SRX + "head").findall(SRX + "variable")]
    rows = []
    for res in root.find(SRX + "results").findall(SRX + "result"):
        got = {b.get("name"): xml_term(list(b)[0]) for b in res.findall(SRX + "binding")
               if list(b) and list(b)[0].tag != SRX + "unbound"}
        rows.append([got.get(n, "") for n in names])
    return names, rows


def normalize(text):
    body = text.lstrip()
    names, rows = from_json(body) if body.startswith("{") else from_xml(body)
    if names is None:
        return rows + "\n"
    lines = sorted("\t".join(r) for r in rows)
    return "\t".join("?" + n for n in names) + "\n" + "".join(line + "\n" for line in lines)


def main(argv):
    name = argv[1] if len(argv) > 1 else "-"
    try:
        if name == "-":
            text = sys.stdin.buffer.read().decode("utf-8")
        else:
            with open(name, encoding="utf-8") as f:
                text = f.read()
        out = normalize(text)
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, IndexError,
            AttributeError, ET.ParseError) as e:
        sys.stderr.write(f"normalize.py: {name}: not a SPARQL result: {e}\n")
        return 1
    sys.stdout.buffer.write(out.encode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
