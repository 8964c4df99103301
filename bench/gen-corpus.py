#!/usr/bin/env python3
"""Generates a scale corpus for the benchmark: N news articles made from the
sentences of the repository's real articles, with their states, people,
places, dates and numbers swapped for others drawn from the gazetteer.

    bench/gen-corpus.py SEED N OUTDIR

Article i depends only on SEED and i (its own random generator), so the same
seed gives the same bytes, and the first 1,000 articles of a 10,000 corpus are
the 1,000 corpus.  Files go 1,000 to a folder: OUTDIR/000/000000.txt, ...
OUTDIR is written under a temporary name and renamed when complete.

Standard library only.  Sources: corpus/*.txt, tests/articles/*.txt and
tests/dev/corpus/*.txt (never tests/holdout, which must stay unseen).
"""

import datetime
import os
import random
import re
import shutil
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOURCE_DIRS = ["corpus", "tests/articles", "tests/dev/corpus"]
GAZETTEER = "ontology/gazetteer"
PER_FOLDER = 1000
FIRST_DAY = datetime.date(2016, 1, 1)
DAYS = 3650  # article dates fall in 2016-2025

# ---------------------------------------------------------------- gazetteer

# Tokens of the Turtle subset the gazetteer files are written in.
TTL_TOKEN = re.compile(r'"((?:[^"\\]|\\.)*)"(?:@[\w-]+|\^\^[\w:]+)?|([\w-]+:[\w-]*)|([;,.])|\ba\b')


def parse_ttl(path):
    """Returns {id: {predicate: [objects]}} for the gaz: subjects of a file.
    Literals keep their text; resources keep their prefixed name."""
    subjects = {}
    text = "\n".join(l for l in open(path, encoding="utf-8").read().splitlines()
                     if not l.lstrip().startswith(("#", "@prefix")))
    subject = predicate = None
    for m in TTL_TOKEN.finditer(text):
        literal, name, punct = m.group(1), m.group(2), m.group(3)
        if punct == ".":
            subject = predicate = None
        elif punct == ";":
            predicate = None
        elif punct == ",":
            pass
        elif subject is None:
            subject = name
            subjects[subject] = {}
        elif predicate is None:
            predicate = name or "a"
        else:
            value = literal if literal is not None else name
            subjects[subject].setdefault(predicate, []).append(value)
    return subjects


class Gazetteer:
    """The entities a generated article may name, by kind."""

    def __init__(self, folder):
        g = {}
        for f in sorted(os.listdir(folder)):
            if f.endswith(".ttl"):
                g.update(parse_ttl(os.path.join(folder, f)))
        self.entities = g
        kind = lambda e: g[e].get("a", [""])[0]
        self.states = [e for e in g if kind(e) == "nkg:State" and g[e].get("nkg:demonym")]
        self.capital_of = {}  # capital id -> state id
        for s in self.states:
            for c in g[s].get("nkg:capital", []):
                if c in g:
                    self.capital_of[c] = s
        self.people = [e for e in g if kind(e) == "nkg:Official"]
        self.places = [e for e in g if kind(e) == "nkg:Location" and e not in self.capital_of
                       and "nkg:isoCode" not in g[e]]
        # Organizations, wars and agreements are kept as written: their names
        # stay recognizable and the state names inside them stay put.
        self.protected = [e for e in g if kind(e) in ("nkg:Organization", "nkg:Incident", "nkg:Agreement")]
        self.people_by_role = {}
        for p in self.people:
            self.people_by_role.setdefault(self.role(p), []).append(p)
        represented = {self.first(p, "nkg:represents") for p in self.people}
        self.states_with_people = [s for s in self.states if s in represented]
        self.places_in = {}
        for p in self.places:
            for s in g[p].get("nkg:locatedIn", []):
                self.places_in.setdefault(s, []).append(p)
        words = [self.label(p).split() for p in self.people]
        self.given_names = sorted({w[0] for w in words if len(w) >= 2})
        self.family_names = sorted({w[-1] for w in words if len(w) >= 2})

    def first(self, e, prop, default=""):
        values = self.entities[e].get(prop)
        return values[0] if values else default

    def label(self, e):
        return self.first(e, "skos:prefLabel", e)

    def role(self, e):
        return self.first(e, "nkg:role")

    def surname(self, e):
        """How an article names a person the second time."""
        return self.first(e, "skos:hiddenLabel") or self.label(e).split()[-1]

    def labels(self):
        """(text, entity, form) for every name the generator looks for;
        the first entity to claim a text keeps it."""
        g = self.entities
        for s in self.states:
            yield self.label(s), s, "name"
            for alt in g[s].get("skos:altLabel", []):
                yield alt, s, "alt:" + alt
            demonym = self.first(s, "nkg:demonym")
            yield demonym, s, "demonym"
            yield demonym + "s", s, "demonyms"
        for p in self.people:
            for name in [self.label(p)] + g[p].get("skos:altLabel", []):
                yield name, p, "name"
            for hidden in g[p].get("skos:hiddenLabel", []):
                yield hidden, p, "surname"
        for c in sorted(self.capital_of):
            for name in [self.label(c)] + g[c].get("skos:altLabel", []):
                yield name, c, "name"
        for p in self.places:
            for name in [self.label(p)] + g[p].get("skos:altLabel", []):
                yield name, p, "name"
        for e in self.protected:
            for name in [self.label(e)] + g[e].get("skos:altLabel", []):
                yield name, None, "keep"


# ----------------------------------------------------------------- sources

NOT_SENTENCE_END = re.compile(r"(?:\b[A-Z]|\b(?:U\.S|U\.N|Dr|Mr|Mrs|Ms|Gov|Gen|Col|Lt|Sgt|Capt|Maj|St|No|Jan|Feb|Mar|Apr|Aug|Sept|Sep|Oct|Nov|Dec|Jr|Sr|vs|etc|approx|Rep|Sen|Prof))\.$")
SENTENCE_GAP = re.compile(r"(?<=[.!?])[”\"’]?\s+(?=[“\"A-Z])")


def split_sentences(paragraph):
    out, start = [], 0
    for m in SENTENCE_GAP.finditer(paragraph):
        end = m.start()
        piece = paragraph[start:m.end()].rstrip()
        if NOT_SENTENCE_END.search(paragraph[start:end]):
            continue
        out.append(piece)
        start = m.end()
    out.append(paragraph[start:].strip())
    return [s for s in out if s]


def good_sentence(s):
    """Whole prose sentences only: no bylines, page dates, captions or
    mojibake, and quotes that open and close within the sentence."""
    return (40 <= len(s) <= 700 and s[0] in "“\"ABCDEFGHIJKLMNOPQRSTUVWXYZ" and s[-1] in ".!?”\""
            and len(s.split()) >= 7 and "â" not in s and "�" not in s
            and s.count("“") == s.count("”") and s.count('"') % 2 == 0)


def read_sources(root):
    """[(year, [paragraph: [sentence]])] per source article."""
    articles = []
    for d in SOURCE_DIRS:
        folder = os.path.join(root, d)
        for f in sorted(os.listdir(folder)):
            if not f.endswith(".txt"):
                continue
            text = open(os.path.join(folder, f), encoding="utf-8", errors="replace").read()
            header = re.match(r"\s?date (\d{4})-\d\d-\d\d[ \n]", text)
            text = text[header.end():] if header else text
            years = [int(y) for y in re.findall(r"\b(20[0-3]\d)\b", text)]
            year = int(header.group(1)) if header else (max(years) if years else None)
            paragraphs = []
            for para in re.split(r"\n\s*\n|\n(?=[A-Z“\"])", text):
                sentences = [s for s in split_sentences(" ".join(para.split())) if good_sentence(s)]
                if sentences:
                    paragraphs.append(sentences)
            if paragraphs:
                articles.append((year, paragraphs))
    return articles


# --------------------------------------------------------------- templates

MONTHS = ["January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December"]
MONTH_ABBR = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sept", "Oct", "Nov", "Dec"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTH_NUMBER = {}
for i, m in enumerate(MONTHS):
    MONTH_NUMBER[m] = MONTH_NUMBER[m.upper()] = (i, "full")
for i, m in enumerate(MONTH_ABBR):
    MONTH_NUMBER.setdefault(m, (i, "abbr"))
MONTH_NUMBER["Sep"] = (8, "abbr")
MONTH_ALT = "|".join(sorted(MONTH_NUMBER, key=len, reverse=True))

# Dates, times, years, weekdays and numbers, tried in this order at each place.
VARIABLE = re.compile(
    r"(?P<iso>\b\d{4}-\d\d-\d\d\b)"
    r"|(?P<date>\b(?:(?P<d1>\d{1,2})(?:st|nd|rd|th)? )?(?P<month>" + MONTH_ALT + r")\b\.?"
    r"(?: (?P<d2>\d{1,2})(?:st|nd|rd|th)?\b)?(?:,? (?P<year>(?:19|20)\d\d)\b)?)"
    r"|(?P<time>\b\d{1,2}:\d\d\b)"
    r"|(?P<yearonly>\b(?:19|20)\d\d\b)"
    r"|(?P<weekday>\b(?:" + "|".join(WEEKDAYS) + r")\b)"
    r"|(?P<number>\b\d{1,3}(?:,\d{3})+\b|\b\d+\b)")


def name_pattern(labels):
    """One regex for every gazetteer name, longest first; also the capitals
    of datelines ("KYIV, Ukraine (AP)")."""
    table = {}
    for text, entity, form in labels:
        if len(text) < 2:
            continue
        table.setdefault(text, (entity, form, False))
        if entity is not None and text.upper() != text and len(text) > 3:
            table.setdefault(text.upper(), (entity, form, True))
    alternation = "|".join(re.escape(t) for t in sorted(table, key=len, reverse=True))
    return re.compile(r"(?<![\w-])(?:" + alternation + r")(?![\w-])"), table


class Templates:
    """Sentences cut into literal text and slots to fill."""

    def __init__(self, gazetteer, articles):
        self.gaz = gazetteer
        self.names, self.name_table = name_pattern(gazetteer.labels())
        self.leads, self.bodies = [], []
        for year, paragraphs in articles:
            for k, para in enumerate(paragraphs):
                for j, sentence in enumerate(para):
                    parts = self.cut(sentence, year)
                    (self.leads if k == 0 and j == 0 else self.bodies).append(parts)

    def cut(self, sentence, year):
        parts, pos = [], 0
        for m in self.names.finditer(sentence):
            self.cut_values(sentence[pos:m.start()], year, parts)
            entity, form, upper = self.name_table[m.group(0)]
            if entity is None:
                parts.append(m.group(0))
            else:
                article = None  # not a state's name: never "the"
                if entity in self.gaz.states and not form.startswith("demonym"):
                    article = ""
                    before = re.search(r"(?:^|(?<= ))[Tt]he $", parts[-1] if parts and isinstance(parts[-1], str) else "")
                    if before:  # "the" goes with the name: "the United States" -> "Iran"
                        article = before.group(0)
                        parts[-1] = parts[-1][:before.start()]
                    if form.startswith("alt:") and re.fullmatch(r"(?:[A-Z]\.?){2,3}", m.group(0)) \
                            and re.match(r" [A-Z]", sentence[m.end():]):
                        form = "demonym"  # "U.S. Secretary of State" -> "French Secretary of State"
                        article = None
                parts.append(("name", entity, form, upper, article))
            pos = m.end()
        self.cut_values(sentence[pos:], year, parts)
        # adjacent literals merged, so filling is one join
        merged = []
        for p in parts:
            if isinstance(p, str) and merged and isinstance(merged[-1], str):
                merged[-1] += p
            elif p != "":
                merged.append(p)
        return merged

    @staticmethod
    def cut_values(text, year, parts):
        pos = 0
        for m in VARIABLE.finditer(text):
            parts.append(text[pos:m.start()])
            kind = m.lastgroup if m.lastgroup in ("iso", "time", "yearonly", "weekday", "number") else "date"
            if kind == "date":
                month, style = MONTH_NUMBER[m.group("month")]
                if m.group("month").isupper() and len(m.group("month")) > 3:
                    style = "upper"
                dot = "." if m.group(0).endswith(".") else ""  # "Nov." or a sentence's end
                day_first = m.group("d1") is not None
                has_day = day_first or m.group("d2") is not None
                parts.append(("date", style + dot, day_first, has_day, m.group("year") is not None))
            elif kind == "yearonly":
                y = int(m.group(0))
                back = (year - y) if year is not None else None
                # recent years move with the article's date; history stays put
                parts.append(("year", back) if back is not None and 0 <= back <= 8 else m.group(0))
            elif kind == "number":
                parts.append(("number", m.group(0)))
            else:
                parts.append((kind,))
            pos = m.end()
        parts.append(text[pos:])


# ----------------------------------------------------------------- articles

TITLES = [
    "{S1} and {S2} trade accusations after border clash",
    "{P1} calls for restraint as tensions with {S2} rise",
    "{S1} says talks with {S2} will resume in {C1}",
    "{D1} officials report fresh fighting near {L1}",
    "UN urges {S1} and {S2} to return to dialogue",
    "{P1} meets {P2} in {C1}",
    "Ceasefire holds around {L1} as envoys gather in {C1}",
    "{S1} frees {N} prisoners in exchange with {S2}",
    "{D1} foreign minister warns {S2} over troop build-up",
    "Explosions reported in {L1}; {S1} blames {S2}",
    "{P1} visits {C2} for talks on security and aid",
    "Mediators from {S3} announce truce between {S1} and {S2}",
]


# State names said with "the": the United States, the Gambia, the Philippines.
TAKES_THE = re.compile(r"^(?:United|Republic|Kingdom|Democratic|Federal|Federated|Islamic|State of|Holy See|Russian Federation|Czech Republic|Dominican Republic|Central African)|(?:Islands|Emirates|Netherlands|Philippines|Bahamas|Gambia|Maldives|Comoros|Congo)$")


def a_or_an(before, word):
    """Makes the "a" or "an" that ends `before` agree with `word`."""
    head, _, article = before[:-1].rpartition(" ") if before[:-1].count(" ") else ("", "", before[:-1])
    vowel = word[:1] in "AEIOUaeiou"
    new = ("An" if vowel else "A") if article[0] == "A" else ("an" if vowel else "a")
    return (head + " " if head or before.startswith(" ") else "") + new + " "


class Article:
    """One generated article: its date, its own random generator, and the
    consistent swap of each source entity for another."""

    def __init__(self, gen, seed, index):
        self.gen = gen
        self.gaz = gen.gaz
        self.rng = random.Random(f"{seed}:{index}")
        self.date = FIRST_DAY + datetime.timedelta(days=self.rng.randrange(DAYS))
        self.swap = {}
        self.used = set()
        self.fake_people = {}

    # -- entities
    def pick(self, candidates, fallback):
        """A candidate this article has not used yet."""
        for _ in range(8):
            if candidates:
                c = self.rng.choice(candidates)
                if c not in self.used:
                    return c
        for _ in range(32):
            c = self.rng.choice(fallback)
            if c not in self.used:
                return c
        return self.rng.choice(fallback)

    def swapped(self, e):
        if e in self.swap:
            return self.swap[e]
        gaz, rng = self.gaz, self.rng
        if e in gaz.entities and gaz.first(e, "a") == "nkg:State":
            new = e if rng.random() < 0.15 and e not in self.used else \
                self.pick(gaz.states_with_people if rng.random() < 0.7 else gaz.states, gaz.states)
        elif e in gaz.capital_of:
            state = self.swapped(gaz.capital_of[e])
            capitals = gaz.entities[state].get("nkg:capital", [])
            new = capitals[0] if capitals and capitals[0] in gaz.entities else self.pick([], sorted(gaz.capital_of))
        elif gaz.first(e, "a") == "nkg:Official":
            represents = gaz.first(e, "nkg:represents")
            state = self.swapped(represents) if represents in gaz.states else represents
            same_role = gaz.people_by_role.get(gaz.role(e), [])
            same_side = [p for p in same_role if gaz.first(p, "nkg:represents") == state]
            new = self.pick(same_side or same_role, gaz.people)
            if rng.random() < 0.15:  # someone the gazetteer does not know
                self.fake_people[new] = (rng.choice(gaz.given_names), rng.choice(gaz.family_names))
        else:
            located = gaz.entities[e].get("nkg:locatedIn", [])
            state = self.swapped(located[0]) if located and located[0] in gaz.states else None
            new = self.pick(gaz.places_in.get(state, []), gaz.places)
        self.swap[e] = new
        self.used.add(new)
        return new

    def name(self, e, form):
        new = self.swapped(e)
        gaz = self.gaz
        if new in self.fake_people:
            given, family = self.fake_people[new]
            return family if form == "surname" else given + " " + family
        if form == "surname":
            return gaz.surname(new)
        if form.startswith("demonym"):
            d = gaz.first(new, "nkg:demonym")
            return d if form == "demonym" or d.endswith(("ese", "ch", "sh", "ss", "s")) else d + "s"
        if form.startswith("alt:"):
            # "Republic of Armenia" -> the new state's own "Republic of ..." if it has one
            alt, old = form[4:], gaz.label(e)
            prefix = alt[:-len(old)] if alt.endswith(old) and alt != old else None
            if prefix:
                for a in gaz.entities[new].get("skos:altLabel", []):
                    if a.startswith(prefix):
                        return a
                return prefix + gaz.label(new)
        return gaz.label(new)

    # -- values
    def fill(self, parts):
        out, rng = [], self.rng
        for p in parts:
            if isinstance(p, str):
                out.append(p)
                continue
            kind = p[0]
            if kind == "name":
                text = self.name(p[1], p[2])
                if p[3]:
                    text = text.upper()
                if p[4] is not None and TAKES_THE.search(text):
                    if p[4]:
                        text = p[4] + text
                    elif out and out[-1].endswith(" ") and not out[-1].endswith(("the ", "The ")):
                        text = "the " + text  # "in Russia" -> "in the United Kingdom"
                if out and out[-1].endswith((" a ", " an ", "A ", "An ")):
                    out[-1] = a_or_an(out[-1], text)
                out.append(text)
            elif kind == "number":
                out.append(self.number(p[1]))
            elif kind == "date":
                out.append(self.render_date(*p[1:]))
            elif kind == "year":
                out.append(str(self.date.year - p[1]))
            elif kind == "iso":
                out.append((self.date - datetime.timedelta(days=rng.randrange(10))).isoformat())
            elif kind == "weekday":
                out.append(WEEKDAYS[(self.date - datetime.timedelta(days=rng.randrange(7))).weekday()])
            elif kind == "time":
                out.append("%d:%02d" % (rng.randrange(24), rng.randrange(60)))
        return "".join(out)

    def number(self, text):
        """Another number of the same size, written the same way."""
        digits = text.replace(",", "")
        if len(digits) == 1:
            return str(self.rng.randint(2, 9))
        n = str(self.rng.randint(10 ** (len(digits) - 1), 10 ** len(digits) - 1))
        return f"{int(n):,}" if "," in text else n

    def render_date(self, style, day_first, has_day, has_year):
        d = self.date - datetime.timedelta(days=self.rng.randrange(40))
        month = MONTHS[d.month - 1]
        if style.startswith("abbr"):
            month = MONTH_ABBR[d.month - 1]
        elif style.startswith("upper"):
            month = month.upper()
        if not has_day:
            text = month
        elif day_first:
            text = f"{d.day} {month}"
        else:
            text = f"{month} {d.day}"
        if has_year:
            text += (", " if has_day and not day_first else " ") + str(d.year)
        return text + ("." if style.endswith(".") else "")

    # -- the article
    def write(self):
        rng, gen = self.rng, self.gen
        # 10 to 30 sentences, most articles short: about 2.6 KB on average
        count = min(30, 10 + int(rng.expovariate(1 / 4.8)))
        bodies = gen.templates.bodies
        picked = set()
        paragraphs = [[self.fill(rng.choice(gen.templates.leads))]]
        left = count - 1
        while left > 0:
            para = []
            for _ in range(min(left, rng.choice((1, 2, 2, 3)))):
                k = rng.randrange(len(bodies))
                while k in picked:  # no sentence twice in one article
                    k = rng.randrange(len(bodies))
                picked.add(k)
                para.append(self.fill(bodies[k]))
            paragraphs.append(para)
            left -= len(para)
        body = "\n\n".join(" ".join(p) for p in paragraphs)
        return f" date {self.date.isoformat()}\n{self.title()}\n\n{body}\n"

    def title(self):
        gaz, rng = self.gaz, self.rng
        chosen = list(self.swap.values())
        states = [e for e in chosen if e in gaz.states]
        people = [e for e in chosen if gaz.first(e, "a") == "nkg:Official"]
        places = [e for e in chosen if e in gaz.places]
        while len(states) < 3:
            states.append(self.pick([], gaz.states))
        while len(people) < 2:
            people.append(self.pick([], gaz.people))
        if not places:
            places.append(rng.choice(gaz.places))
        capital = lambda s: gaz.label(gaz.first(s, "nkg:capital", s)) if gaz.first(s, "nkg:capital") in gaz.entities else gaz.label(s)
        person = lambda p: " ".join(self.fake_people[p]) if p in self.fake_people else gaz.label(p)
        return rng.choice(TITLES).format(
            S1=gaz.label(states[0]), S2=gaz.label(states[1]), S3=gaz.label(states[2]),
            D1=gaz.first(states[0], "nkg:demonym"), P1=person(people[0]), P2=person(people[1]),
            C1=capital(states[0]), C2=capital(states[1]), L1=gaz.label(places[0]),
            N=rng.randint(3, 300))


class Generator:
    def __init__(self, root):
        self.gaz = Gazetteer(os.path.join(root, GAZETTEER))
        self.templates = Templates(self.gaz, read_sources(root))

    def article(self, seed, index):
        return Article(self, seed, index).write()


def main(argv):
    if len(argv) != 4 or not argv[2].isdigit() or int(argv[2]) < 1:
        sys.stderr.write("usage: gen-corpus.py SEED N OUTDIR   (N >= 1; OUTDIR must not exist)\n")
        return 2
    seed, n, outdir = argv[1], int(argv[2]), argv[3].rstrip("/")
    if os.path.exists(outdir):
        sys.stderr.write(f"gen-corpus.py: {outdir}: already exists; give a new folder\n")
        return 2
    gen = Generator(ROOT)
    partial = f"{outdir}.partial-{os.getpid()}"
    width = max(6, len(str(n - 1)))
    try:
        for i in range(n):
            folder = os.path.join(partial, "%03d" % (i // PER_FOLDER))
            if i % PER_FOLDER == 0:
                os.makedirs(folder)
            with open(os.path.join(folder, "%0*d.txt" % (width, i)), "w", encoding="utf-8") as f:
                f.write(gen.article(seed, i))
        os.rename(partial, outdir)
    except OSError as e:
        shutil.rmtree(partial, ignore_errors=True)
        sys.stderr.write(f"gen-corpus.py: {e.filename or outdir}: {e.strerror}\n")
        return 1
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
