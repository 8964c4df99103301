#!/usr/bin/env python3
"""Check that every .expect file in this folder is well formed and that every
surface form and evidence string it names occurs verbatim in its article.

For a .txt article the text is the file minus a leading date line
(" date YYYY-MM-DD "); for an .html page it is the visible text of <article>
(scripts, styles, asides and <div class="ad"> removed, entities decoded).
Evidence should also occur once and stay inside one sentence; a repeated
evidence string or one that seems to cross a sentence end is reported.

Usage: python3 check_expect.py [FILE.expect ...]   (default: all in this folder)
Exit status 0 when all files pass.
"""
import datetime
import html.parser
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CLASSES = {"State", "Official", "Person", "Organization", "Agreement",
           "Incident", "Location"}
EVENTS = {"Appeal", "Support", "Concern", "Criticism", "Meeting", "Signing",
          "Commitment", "Violation", "Detention", "Release", "Withdrawal"}
DATE_LINE = re.compile(r"^ date (\d{4}-\d{2}-\d{2})[ \n]")


class ArticleText(html.parser.HTMLParser):
    """Collects the visible text inside <article>, skipping furniture."""
    SKIP = {"script", "style", "aside", "nav", "noscript", "template"}
    BLOCK = {"p", "h1", "h2", "h3", "h4", "li", "div", "br", "article"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0          # inside <article>
        self.skip = []          # stack of open skipped elements
        self.parts = []

    def handle_starttag(self, tag, attrs):
        cls = dict(attrs).get("class") or ""
        if tag == "article":
            self.depth += 1
        if self.skip:
            self.skip.append(tag)
        elif tag in self.SKIP or (tag == "div" and "ad" in cls.split()):
            self.skip.append(tag)
        if tag in self.BLOCK and self.depth:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if self.skip:
            self.skip.pop()
        if tag in self.BLOCK and self.depth:
            self.parts.append("\n")
        if tag == "article":
            self.depth -= 1

    def handle_data(self, data):
        if self.depth and not self.skip:
            self.parts.append(data)


def article_text(path):
    raw = open(path, encoding="utf-8").read()
    if path.endswith(".html"):
        p = ArticleText()
        p.feed(raw)
        p.close()
        return re.sub(r"[ \t]*\n[\s]*", "\n", "".join(p.parts)).strip()
    m = DATE_LINE.match(raw)
    return raw[m.end():] if m else raw


def valid_date(s):
    try:
        datetime.date.fromisoformat(s)
        return True
    except ValueError:
        return False


def check(expect_path):
    base = expect_path[: -len(".expect")]
    art = next((base + ext for ext in (".txt", ".html")
                if os.path.exists(base + ext)), None)
    errors, warnings = [], []
    if art is None:
        return ["no article beside " + expect_path], warnings
    text = article_text(art)
    evidences, dated = set(), []
    n = 0

    def form(s, what):
        if s != "-" and s not in text:
            errors.append(f"{what} not in text: {s!r}")

    for no, line in enumerate(open(expect_path, encoding="utf-8"), 1):
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        n += 1
        f = line.split("\t")
        kind, want = f[0], {"doc-date": 2, "entity": 3, "same": 3,
                            "represents": 3, "role": 3, "event": 5,
                            "event-date": 3, "event-period": 4, "doc-basis": 2,
                            "killed": 4, "wounded": 4}
        if kind not in want or len(f) != want[kind]:
            errors.append(f"line {no}: bad line {line!r}")
            continue
        if kind == "doc-date":
            if f[1] != "none" and not valid_date(f[1]):
                errors.append(f"line {no}: bad date {f[1]!r}")
        elif kind == "entity":
            if f[1] not in CLASSES:
                errors.append(f"line {no}: unknown class {f[1]!r}")
            form(f[2], f"line {no}: form")
        elif kind in ("same", "represents"):
            form(f[1], f"line {no}: form")
            form(f[2], f"line {no}: form")
        elif kind == "role":
            form(f[1], f"line {no}: form")
            form(f[2], f"line {no}: role")
        elif kind == "event":
            if f[1] not in EVENTS:
                errors.append(f"line {no}: unknown event class {f[1]!r}")
            form(f[2], f"line {no}: agent")
            form(f[3], f"line {no}: other")
            ev = f[4]
            evidences.add(ev)
            form(ev, f"line {no}: evidence")
            if text.count(ev) > 1:
                warnings.append(f"line {no}: evidence occurs "
                                f"{text.count(ev)} times: {ev!r}")
            if "\n" in ev or re.search(r"[.!?][”\"]? [A-Z“]", ev):
                warnings.append(f"line {no}: evidence may cross a sentence "
                                f"end: {ev!r}")
        elif kind == "event-date":
            dated.append((no, f[1]))
            if not valid_date(f[2]):
                errors.append(f"line {no}: bad date {f[2]!r}")
        elif kind == "event-period":
            dated.append((no, f[1]))
            if not valid_date(f[2]) or not valid_date(f[3]) or f[2] > f[3]:
                errors.append(f"line {no}: bad period {f[2]!r}..{f[3]!r}")
        elif kind == "doc-basis":
            if f[1] not in ("DateLineHeader", "PageMetadata", "Dateline", "SignOff"):
                errors.append(f"line {no}: unknown date basis {f[1]!r}")
        elif kind in ("killed", "wounded"):
            form(f[1], f"line {no}: incident form")
            try:
                lo, hi = int(f[2]), int(f[3])
                if lo > hi or lo < 0:
                    raise ValueError
            except ValueError:
                errors.append(f"line {no}: bad range {f[2]}..{f[3]}")
    for no, ev in dated:
        if ev not in evidences:
            errors.append(f"line {no}: event-date evidence matches no "
                          f"event line: {ev!r}")
    if not 8 <= n <= 20:
        warnings.append(f"{n} fact lines (8-20 wanted)")
    return errors, warnings


def main(argv):
    files = argv[1:] or sorted(os.path.join(HERE, f) for f in os.listdir(HERE)
                               if f.endswith(".expect"))
    bad = 0
    for path in files:
        errors, warnings = check(path)
        name = os.path.basename(path)
        for w in warnings:
            print(f"{name}: warning: {w}")
        for e in errors:
            print(f"{name}: error: {e}")
        bad += bool(errors)
        print(f"{name}: {'FAIL' if errors else 'ok'}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
