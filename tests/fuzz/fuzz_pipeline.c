/* fuzz_pipeline.c — libFuzzer target: arbitrary bytes through the whole of
 * newskg, and a check that what comes out is a graph every parser accepts.
 *
 * For each input, twice (as "fuzz.txt", then as "fuzz.html", so both the
 * text and the libxml2 paths run):
 *
 *   nk_ingest_bytes → nk_pipeline_run → nk_graph_doc + nk_graph_entities
 *   → output.c's writer (temporary file renamed into place, as the build
 *   command does) in N-Triples, and for one input in three (by a hash of
 *   the input; NKFUZZ_FORMATS=all: every input, =nt: none) in N-Quads,
 *   Turtle and RDF/XML too
 *
 * and then aborts (a finding) when any of these does not hold:
 *
 *   - ingest: the text is valid UTF-8 without NUL, C0 controls other than
 *     TAB/LF/CR, DEL, U+FFFE or U+FFFF (the spec's repair), and so are the
 *     title, publisher and URL;
 *   - pipeline: every span (sentence, token, mention, event trigger and
 *     topic) lies inside the text, on code point boundaries, mentions and
 *     tokens inside their sentence, and every index points at something;
 *   - graph: every IRI is absolute and holds no character N-Triples forbids
 *     in an IRIREF; every literal is valid UTF-8 without the characters
 *     above; language tags and xsd:date/xsd:integer/xsd:nonNegativeInteger
 *     values are well formed; every nif:anchorOf equals its code point slice
 *     [beginIndex, endIndex) of the nif:isString of its nif:referenceContext
 *     and its node is named {doc}#char={b},{e};
 *   - output: the writer reports success and leaves no temporary file;
 *     raptor's parser for the format reads the file back without an error
 *     or warning, and the statements it reads are exactly the ones handed to
 *     the sink (N-Triples, N-Quads: the same statements in the same order;
 *     Turtle, RDF/XML: the same set), so no literal was cut, no character
 *     dropped.
 *
 * NEWSKG_ONTOLOGY names the knowledge files (default: ontology/ in the
 * working directory, as tests/fuzz/run.sh runs it from the repo root).
 * Build and run: tests/fuzz/run.sh; see tests/fuzz/README.md. */
#include "graph.h"
#include "ingest.h"
#include "kb.h"
#include "output.h"
#include "pipeline.h"

#include <raptor2.h>
#include <sanitizer/common_interface_defs.h>

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define BASE "https://w3id.org/newskg/id/"

/* The checks below are the target's, not newskg's: no coverage feedback from
 * them (it would only reward the fuzzer for exercising the checker, and
 * cost a callback per byte checked).  AddressSanitizer still applies. */
#ifdef __clang__
#pragma clang attribute push(__attribute__((no_sanitize("coverage"))), apply_to = function)
#endif

static nk_kb *kb;
static raptor_world *pworld;   /* for the parsers that read the output back */
static char workdir[256];      /* where the writer's files go */
static char outpath[320];
static int formats_every = 3;   /* Turtle and RDF/XML for 1 input in N; 0: never */

/* ------------------------------------------------------------ failing */

static const char *stage = "";

static void remove_files(void);

__attribute__((noreturn, format(printf, 1, 2))) static void die(const char *fmt, ...)
{
    remove_files();
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "\nfuzz_pipeline: FINDING (%s): ", stage);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    abort();
}

#define CHECK(cond, ...) do { if (!(cond)) die(__VA_ARGS__); } while (0)

/* ------------------------------------------------------------ UTF-8 */

/* Well-formed UTF-8 (Unicode Table 3-7); *bad set to the offending code
 * point when it holds a character the spec replaces. */
static bool utf8_clean(const unsigned char *u, size_t n, size_t *where, uint32_t *bad)
{
    size_t i = 0;
    while (i < n) {
        unsigned char b = u[i];
        uint32_t c;
        size_t need;
        unsigned char lo = 0x80, hi = 0xBF;
        if (b < 0x80) { c = b; need = 0; }
        else if (b >= 0xC2 && b <= 0xDF) { c = b & 0x1F; need = 1; }
        else if (b == 0xE0) { c = b & 0x0F; need = 2; lo = 0xA0; }
        else if ((b >= 0xE1 && b <= 0xEC) || b == 0xEE || b == 0xEF) { c = b & 0x0F; need = 2; }
        else if (b == 0xED) { c = b & 0x0F; need = 2; hi = 0x9F; }
        else if (b == 0xF0) { c = b & 0x07; need = 3; lo = 0x90; }
        else if (b >= 0xF1 && b <= 0xF3) { c = b & 0x07; need = 3; }
        else if (b == 0xF4) { c = b & 0x07; need = 3; hi = 0x8F; }
        else { *where = i; *bad = 0xFFFFFFFFu; return false; }
        if (need && i + need >= n) { *where = i; *bad = 0xFFFFFFFFu; return false; } /* truncated */
        for (size_t j = 1; j <= need; j++) {
            unsigned char x = u[i + j];
            unsigned char l = j == 1 ? lo : 0x80, h = j == 1 ? hi : 0xBF;
            if (x < l || x > h) { *where = i; *bad = 0xFFFFFFFFu; return false; }
            c = (c << 6) | (x & 0x3F);
        }
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F || c == 0xFFFE || c == 0xFFFF) {
            *where = i;
            *bad = c;
            return false;
        }
        i += need + 1;
    }
    return true;
}

static void check_clean(const char *what, const char *s, size_t n)
{
    size_t where = 0;
    uint32_t bad = 0;
    if (!utf8_clean((const unsigned char *)s, n, &where, &bad)) {
        if (bad == 0xFFFFFFFFu)
            die("%s: invalid UTF-8 at byte %zu of %zu", what, where, n);
        die("%s: U+%04X at byte %zu of %zu (the spec replaces it with U+FFFD)", what, (unsigned)bad, where, n);
    }
}

static bool is_cont(const char *t, size_t len, size_t off)
{
    return off < len && ((unsigned char)t[off] & 0xC0) == 0x80;
}

/* Code points in s[0..n) (s valid UTF-8). */
static size_t cp_count(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += ((unsigned char)s[i] & 0xC0) != 0x80;
    return k;
}

/* Byte offset of code point cp in s[0..n); n + 1 when past the end. */
static size_t cp_to_byte(const char *s, size_t n, size_t cp)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (((unsigned char)s[i] & 0xC0) != 0x80) {
            if (k == cp)
                return i;
            k++;
        }
    }
    return k == cp ? n : n + 1;
}

/* ------------------------------------------------------------ the document */

static void check_span(const nk_doc *d, const char *what, size_t i, nk_span sp)
{
    CHECK(sp.b <= sp.e && sp.e <= d->len, "%s %zu: span [%zu,%zu) outside the text (%zu bytes)", what, i, sp.b,
          sp.e, d->len);
    CHECK(!is_cont(d->text, d->len, sp.b) && !is_cont(d->text, d->len, sp.e),
          "%s %zu: span [%zu,%zu) splits a UTF-8 sequence", what, i, sp.b, sp.e);
}

static bool inside(nk_span in, nk_span out) { return out.b <= in.b && in.e <= out.e; }

static void check_doc(const nk_doc *d)
{
    stage = "ingest";
    CHECK(d->text && d->len == strlen(d->text), "text has %zu bytes but strlen is %zu", d->len,
          d->text ? strlen(d->text) : 0);
    check_clean("nif:isString", d->text, d->len);
    if (d->title)
        check_clean("title", d->title, strlen(d->title));
    if (d->publisher)
        check_clean("publisher", d->publisher, strlen(d->publisher));
    if (d->url)
        check_clean("url", d->url, strlen(d->url));

    stage = "pipeline";
    for (size_t s = 0; s < d->sentences.len; s++) {
        check_span(d, "sentence", s, d->sentences.items[s]);
        if (s)
            CHECK(d->sentences.items[s - 1].e <= d->sentences.items[s].b, "sentences %zu and %zu overlap", s - 1, s);
    }
    for (size_t t = 0; t < d->tokens.len; t++) {
        const nk_token *tk = &d->tokens.items[t];
        check_span(d, "token", t, tk->span);
        CHECK(tk->sentence < d->sentences.len, "token %zu: sentence %zu of %zu", t, tk->sentence,
              d->sentences.len);
        CHECK(inside(tk->span, d->sentences.items[tk->sentence]), "token %zu outside its sentence", t);
    }
    for (size_t m = 0; m < d->mentions.len; m++) {
        const nk_mention *mm = &d->mentions.items[m];
        check_span(d, "mention", m, mm->span);
        CHECK(mm->span.e > mm->span.b, "mention %zu is empty", m);
        CHECK(mm->sentence < d->sentences.len, "mention %zu: sentence %zu of %zu", m, mm->sentence,
              d->sentences.len);
        CHECK(inside(mm->span, d->sentences.items[mm->sentence]), "mention %zu [%zu,%zu) outside its sentence",
              m, mm->span.b, mm->span.e);
        CHECK(mm->entity < d->entities.len, "mention %zu: entity %zu of %zu", m, mm->entity, d->entities.len);
        CHECK(mm->tok_b <= mm->tok_e && mm->tok_e <= d->tokens.len, "mention %zu: tokens [%zu,%zu) of %zu", m,
              mm->tok_b, mm->tok_e, d->tokens.len);
    }
    for (size_t e = 0; e < d->entities.len; e++) {
        const nk_entity *en = &d->entities.items[e];
        CHECK(en->key && *en->key, "entity %zu has no key", e);
        for (size_t f = 0; f < en->forms.len; f++)
            check_clean("entity form", en->forms.items[f], strlen(en->forms.items[f]));
    }
    for (size_t v = 0; v < d->events.len; v++) {
        const nk_event *ev = &d->events.items[v];
        CHECK(ev->sentence < d->sentences.len, "event %zu: sentence %zu of %zu", v, ev->sentence,
              d->sentences.len);
        check_span(d, "event trigger", v, ev->trigger);
        check_span(d, "event topic", v, ev->topic);
        for (size_t r = 0; r < ev->roles.len; r++)
            CHECK(ev->roles.items[r].entity < d->entities.len, "event %zu role %zu: entity %zu of %zu", v, r,
                  ev->roles.items[r].entity, d->entities.len);
        CHECK(ev->reported_by <= d->entities.len, "event %zu: reported_by %zu of %zu", v, ev->reported_by,
              d->entities.len);
    }
    for (size_t f = 0; f < d->facts.len; f++) {
        const nk_fact *fa = &d->facts.items[f];
        CHECK(fa->subject < d->entities.len, "fact %zu: subject %zu of %zu", f, fa->subject, d->entities.len);
        if (fa->kind == NK_OBJ_ENTITY)
            CHECK(fa->entity < d->entities.len, "fact %zu: object %zu of %zu", f, fa->entity, d->entities.len);
        if (fa->kind == NK_OBJ_STRING)
            check_clean("fact string", fa->text, strlen(fa->text));
        for (size_t s = 0; s < fa->sentences.len; s++)
            CHECK(fa->sentences.items[s] < d->sentences.len, "fact %zu: sentence %zu of %zu", f,
                  fa->sentences.items[s], d->sentences.len);
    }
}

/* ------------------------------------------------------------ triples */

typedef struct {
    bool iri;
    char *value;
    size_t len;
    char *dt, *lang;  /* NULL when none */
} term;

typedef struct {
    term t[3];
} triple;

static NK_VEC(triple) sent_triples, read_triples;

static void term_free(term *t)
{
    free(t->value);
    free(t->dt);
    free(t->lang);
}

static void triples_clear(void *v)
{
    NK_VEC(triple) *vec = v;
    for (size_t i = 0; i < vec->len; i++)
        for (int k = 0; k < 3; k++)
            term_free(&vec->items[i].t[k]);
    vec->len = 0;
}

static term copy_term(const nk_term *x)
{
    term t = {x->kind == NK_TERM_IRI, nk_strndup(x->value, x->len), x->len,
              x->datatype ? nk_strdup(x->datatype) : NULL, x->lang ? nk_strdup(x->lang) : NULL};
    return t;
}

static bool all_digits(const char *s, size_t n)
{
    if (n == 0)
        return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

static void check_iri(const char *what, const char *s, size_t n)
{
    CHECK(strlen(s) == n, "%s IRI holds NUL", what);
    check_clean(what, s, n);
    size_t colon = 0;
    while (colon < n && ((s[colon] >= 'a' && s[colon] <= 'z') || (s[colon] >= 'A' && s[colon] <= 'Z') ||
                         (colon && ((s[colon] >= '0' && s[colon] <= '9') || strchr("+-.", s[colon])))))
        colon++;
    CHECK(colon > 0 && colon < n && s[colon] == ':', "%s IRI <%.200s> is not absolute", what, s);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        CHECK(c > 0x20 && !strchr("<>\"{}|^`\\", c), "%s IRI <%.200s> holds byte 0x%02X, which an IRIREF may not",
              what, s, c);
    }
}

static void check_literal(const term *t)
{
    check_clean("literal", t->value, t->len);
    if (t->lang) {
        const char *l = t->lang;
        bool ok = *l != 0, need_alpha = true;
        for (; *l && ok; l++) {
            if (*l == '-') {
                ok = !need_alpha || l == t->lang ? false : true;
                need_alpha = false;
                continue;
            }
            ok = (*l >= 'a' && *l <= 'z') || (*l >= 'A' && *l <= 'Z') || (!need_alpha && *l >= '0' && *l <= '9');
        }
        CHECK(ok && l[-1] != '-', "bad language tag '%s'", t->lang);
        CHECK(!t->dt, "literal with both a language and a datatype");
    }
    if (!t->dt)
        return;
    check_iri("datatype", t->dt, strlen(t->dt));
    if (strcmp(t->dt, NK_NS_XSD "date") == 0) {
        const char *v = t->value;
        bool ok = t->len == 10 && all_digits(v, 4) && v[4] == '-' && all_digits(v + 5, 2) && v[7] == '-' &&
                  all_digits(v + 8, 2);
        int m = ok ? (v[5] - '0') * 10 + (v[6] - '0') : 0, dd = ok ? (v[8] - '0') * 10 + (v[9] - '0') : 0;
        CHECK(ok && m >= 1 && m <= 12 && dd >= 1 && dd <= 31 && strncmp(v, "0000", 4) != 0,
              "bad xsd:date \"%.40s\"", t->value);
    } else if (strcmp(t->dt, NK_NS_XSD "nonNegativeInteger") == 0) {
        CHECK(all_digits(t->value, t->len), "bad xsd:nonNegativeInteger \"%.40s\"", t->value);
    } else if (strcmp(t->dt, NK_NS_XSD "integer") == 0) {
        const char *v = t->value;
        size_t n = t->len;
        if (n && (*v == '-' || *v == '+'))
            v++, n--;
        CHECK(all_digits(v, n), "bad xsd:integer \"%.40s\"", t->value);
    }
}

static void sink(void *ctx, const nk_term *s, const nk_term *p, const nk_term *o, const char *graph)
{
    (void)graph;
    triple tr = {{copy_term(s), copy_term(p), copy_term(o)}};
    CHECK(s->kind == NK_TERM_IRI && p->kind == NK_TERM_IRI, "subject or predicate is a literal");
    NK_PUSH(sent_triples, tr);
    if (graph)
        check_iri("graph", graph, strlen(graph));
    nk_writer_sink(ctx, s, p, o, graph);
}

/* ------------------------------------------------------------ anchors */

static int by_subject(const void *a, const void *b)
{
    const triple *x = *(triple *const *)a, *y = *(triple *const *)b;
    int c = strcmp(x->t[0].value, y->t[0].value);
    return c ? c : (x < y ? -1 : x > y);
}

static const term *find_obj(triple **sorted, size_t n, const char *subj, const char *pred)
{
    /* binary search for the first triple of subj, then scan its group */
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (strcmp(sorted[mid]->t[0].value, subj) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = lo; i < n && strcmp(sorted[i]->t[0].value, subj) == 0; i++)
        if (strcmp(sorted[i]->t[1].value, pred) == 0)
            return &sorted[i]->t[2];
    return NULL;
}

static size_t parse_uint(const term *t, const char *what, const char *node)
{
    CHECK(t && !t->iri && all_digits(t->value, t->len) && t->len < 12, "%s: %s is not a number", node, what);
    return (size_t)strtoul(t->value, NULL, 10);
}

static void check_anchors(void)
{
    stage = "anchors";
    size_t n = sent_triples.len, anchors = 0;
    triple **sorted = nk_alloc((n + 1) * sizeof *sorted);
    for (size_t i = 0; i < n; i++)
        sorted[i] = &sent_triples.items[i];
    qsort(sorted, n, sizeof *sorted, by_subject);
    for (size_t i = 0; i < n; i++) {
        const triple *tr = sorted[i];
        const char *node = tr->t[0].value;
        if (strcmp(tr->t[1].value, NK_NS_NIF "isString") == 0) {
            const term *end = find_obj(sorted, n, node, NK_NS_NIF "endIndex");
            CHECK(!tr->t[2].iri, "%s: nif:isString is not a literal", node);
            size_t want = cp_count(tr->t[2].value, tr->t[2].len), got = parse_uint(end, "nif:endIndex", node);
            CHECK(got == want, "%s: nif:endIndex %zu, but nif:isString has %zu code points", node, got, want);
            continue;
        }
        if (strcmp(tr->t[1].value, NK_NS_NIF "anchorOf") != 0)
            continue;
        anchors++;
        const term *a = &tr->t[2];
        const term *ctx = find_obj(sorted, n, node, NK_NS_NIF "referenceContext");
        CHECK(ctx && ctx->iri, "%s: no nif:referenceContext", node);
        const term *text = find_obj(sorted, n, ctx->value, NK_NS_NIF "isString");
        CHECK(text && !text->iri, "%s: its context %s has no nif:isString", node, ctx->value);
        size_t b = parse_uint(find_obj(sorted, n, node, NK_NS_NIF "beginIndex"), "nif:beginIndex", node);
        size_t e = parse_uint(find_obj(sorted, n, node, NK_NS_NIF "endIndex"), "nif:endIndex", node);
        CHECK(b <= e, "%s: begin %zu > end %zu", node, b, e);
        size_t bb = cp_to_byte(text->value, text->len, b), eb = cp_to_byte(text->value, text->len, e);
        CHECK(eb <= text->len, "%s: [%zu,%zu) beyond the text (%zu code points)", node, b, e,
              cp_count(text->value, text->len));
        CHECK(eb - bb == a->len && memcmp(text->value + bb, a->value, a->len) == 0,
              "%s: nif:anchorOf \"%.80s\" is not the slice [%zu,%zu) \"%.*s\"", node, a->value, b, e,
              (int)(eb - bb > 80 ? 80 : eb - bb), text->value + bb);
        char want[1024];
        snprintf(want, sizeof want, "%s#char=%zu,%zu", ctx->value, b, e);
        CHECK(strcmp(node, want) == 0, "%s: not named %s", node, want);
    }
    (void)anchors;
    free(sorted);
}

/* ------------------------------------------------------------ reading back */

static bool parse_failed;
static char parse_msg[512];

static void on_parse_log(void *ud, raptor_log_message *m)
{
    (void)ud;
    if (m->level >= RAPTOR_LOG_LEVEL_WARN && !parse_failed) {
        parse_failed = true;
        snprintf(parse_msg, sizeof parse_msg, "%s (line %d)", m->text ? m->text : "?",
                 m->locator ? m->locator->line : -1);
    }
}

static term from_raptor(raptor_term *x)
{
    term t = {0};
    switch (x->type) {
    case RAPTOR_TERM_TYPE_URI: {
        size_t n;
        const unsigned char *s = raptor_uri_as_counted_string(x->value.uri, &n);
        t.iri = true;
        t.value = nk_strndup((const char *)s, n);
        t.len = n;
        break;
    }
    case RAPTOR_TERM_TYPE_LITERAL:
        t.value = nk_strndup((const char *)x->value.literal.string, x->value.literal.string_len);
        t.len = x->value.literal.string_len;
        if (x->value.literal.datatype)
            t.dt = nk_strdup((const char *)raptor_uri_as_string(x->value.literal.datatype));
        if (x->value.literal.language)
            t.lang = nk_strndup((const char *)x->value.literal.language, x->value.literal.language_len);
        break;
    default:
        die("the output holds a blank node or an unknown term");
    }
    return t;
}

static void on_statement(void *ud, raptor_statement *st)
{
    (void)ud;
    triple tr = {{from_raptor(st->subject), from_raptor(st->predicate), from_raptor(st->object)}};
    NK_PUSH(read_triples, tr);
}

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    CHECK(f, "cannot reopen the output %s", path);
    nk_buf b = {0};
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
        nk_buf_add(&b, chunk, got);
    fclose(f);
    *n = b.len;
    if (!b.data)
        nk_buf_addc(&b, 0), b.len = 0;
    return nk_buf_steal(&b);
}

static void read_back(const char *syntax, const char *data, size_t n)
{
    triples_clear(&read_triples);
    parse_failed = false;
    raptor_parser *p = raptor_new_parser(pworld, syntax);
    CHECK(p, "no raptor parser %s", syntax);
    raptor_parser_set_statement_handler(p, NULL, on_statement);
    raptor_uri *base = raptor_new_uri(pworld, (const unsigned char *)"urn:x-fuzz:");
    raptor_parser_parse_start(p, base);
    int rc = raptor_parser_parse_chunk(p, (const unsigned char *)data, n, 1);
    raptor_free_uri(base);
    raptor_free_parser(p);
    CHECK(rc == 0 && !parse_failed, "raptor's %s parser rejects the output: %s", syntax,
          parse_failed ? parse_msg : "parse error");
}

static int term_cmp(const term *a, const term *b)
{
    if (a->iri != b->iri)
        return a->iri ? -1 : 1;
    if (a->len != b->len)
        return a->len < b->len ? -1 : 1;
    int c = memcmp(a->value, b->value, a->len);
    if (c)
        return c;
    c = strcmp(a->dt ? a->dt : "", b->dt ? b->dt : "");
    if (c)
        return c;
    /* language tags are case-insensitive; raptor may fold them */
    return strcasecmp(a->lang ? a->lang : "", b->lang ? b->lang : "");
}

static int triple_cmp(const void *x, const void *y)
{
    const triple *a = x, *b = y;
    for (int k = 0; k < 3; k++) {
        int c = term_cmp(&a->t[k], &b->t[k]);
        if (c)
            return c;
    }
    return 0;
}

static void describe(const term *t, char *out, size_t n)
{
    if (t->iri)
        snprintf(out, n, "<%.150s>", t->value);
    else
        snprintf(out, n, "\"%.150s\"(%zu bytes)%s%s", t->value, t->len, t->dt ? "^^" : "", t->dt ? t->dt : "");
}

static void compare_in_order(const char *fmt)
{
    CHECK(read_triples.len == sent_triples.len, "%s: %zu statements written, %zu read back", fmt,
          sent_triples.len, read_triples.len);
    for (size_t i = 0; i < sent_triples.len; i++)
        for (int k = 0; k < 3; k++)
            if (term_cmp(&sent_triples.items[i].t[k], &read_triples.items[i].t[k]) != 0) {
                char a[256], b[256];
                describe(&sent_triples.items[i].t[k], a, sizeof a);
                describe(&read_triples.items[i].t[k], b, sizeof b);
                die("%s: statement %zu term %d written as %s, read back as %s", fmt, i, k, a, b);
            }
}

/* Sorted, duplicates dropped, in place; returns the new length. */
static size_t sort_unique(triple *v, size_t n, bool free_dups)
{
    if (n)
        qsort(v, n, sizeof *v, triple_cmp);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (k && triple_cmp(&v[k - 1], &v[i]) == 0) {
            if (free_dups)
                for (int j = 0; j < 3; j++)
                    term_free(&v[i].t[j]);
            continue;
        }
        v[k++] = v[i];
    }
    return k;
}

static void compare_as_sets(const char *fmt)
{
    /* a sorted copy of what was sent (pointers shared, not freed here) */
    triple *sent = nk_alloc((sent_triples.len + 1) * sizeof *sent);
    memcpy(sent, sent_triples.items, sent_triples.len * sizeof *sent);
    size_t ns = sort_unique(sent, sent_triples.len, false);
    read_triples.len = sort_unique(read_triples.items, read_triples.len, true);
    size_t nr = read_triples.len, i = 0, j = 0;
    while (i < ns || j < nr) {
        int c = i == ns ? 1 : j == nr ? -1 : triple_cmp(&sent[i], &read_triples.items[j]);
        if (c == 0) {
            i++, j++;
            continue;
        }
        const triple *t = c < 0 ? &sent[i] : &read_triples.items[j];
        char s[256], p[256], o[256];
        describe(&t->t[0], s, sizeof s);
        describe(&t->t[1], p, sizeof p);
        describe(&t->t[2], o, sizeof o);
        free(sent);
        die("%s: %s %s %s %s", fmt, s, p, o, c < 0 ? "was written but not read back" : "was read back but never written");
    }
    free(sent);
}

/* ------------------------------------------------------------ one run */

static void leftovers(void)
{
    /* the writer renames its temporary file into place: only "out" remains */
    DIR *dh = opendir(workdir);
    CHECK(dh, "cannot list %s", workdir);
    struct dirent *e;
    while ((e = readdir(dh))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 || strcmp(e->d_name, "out") == 0)
            continue;
        char name[256];
        snprintf(name, sizeof name, "%s", e->d_name);
        closedir(dh);
        die("left behind in the output folder: %s", name);
    }
    closedir(dh);
}

static void next_block(void *w) { nk_writer_block(w); }

static void serialize(const nk_doc *d, nk_format fmt, const char *fmt_name, const char *syntax)
{
    stage = fmt_name;
    triples_clear(&sent_triples);
    char err[512] = "";
    unlink(outpath);
    nk_writer *w = nk_writer_open(outpath, fmt, err, sizeof err);
    CHECK(w, "nk_writer_open: %s", err);
    nk_entities *table = nk_entities_new();
    /* Turtle's table spills to runs after a few records: the merge of
     * runs gets the fuzzed names too */
    nk_entities_limit(table, fmt == NK_FMT_TURTLE ? 1024 : 0);
    nk_writer_block(w);
    nk_graph_doc(d, kb, BASE, table, sink, w);
    nk_writer_block(w);
    CHECK(nk_graph_entities(table, kb, BASE, sink, w, next_block, err, sizeof err), "nk_graph_entities: %s", err);
    nk_entities_free(table);
    CHECK(nk_writer_close(w, err, sizeof err), "nk_writer_close: %s", err);
    leftovers();
    if (fmt == NK_FMT_NTRIPLES)
        check_anchors();
    stage = fmt_name;
    for (size_t i = 0; i < sent_triples.len; i++) {
        const triple *t = &sent_triples.items[i];
        check_iri("subject", t->t[0].value, t->t[0].len);
        check_iri("predicate", t->t[1].value, t->t[1].len);
        if (t->t[2].iri)
            check_iri("object", t->t[2].value, t->t[2].len);
        else
            check_literal(&t->t[2]);
    }
    size_t n;
    char *data = slurp(outpath, &n);
    read_back(syntax, data, n);
    free(data);
    if (fmt == NK_FMT_NTRIPLES || fmt == NK_FMT_NQUADS)
        compare_in_order(fmt_name);
    else
        compare_as_sets(fmt_name);
    triples_clear(&read_triples);
}

static void one(const uint8_t *data, size_t size, const char *display)
{
    nk_doc d = {0};
    char reason[512] = "";
    stage = "ingest";
    nk_ingest_status st = nk_ingest_bytes((const char *)data, size, display, &d, reason, sizeof reason);
    if (st != NK_INGEST_OK) {
        CHECK(reason[0], "skipped without a reason");
        nk_doc_free(&d);
        return;
    }
    stage = "pipeline";
    if (!nk_pipeline_run(&d, kb, NK_DEFAULT_MAX_SENTENCE_BYTES, reason, sizeof reason)) {
        CHECK(reason[0], "pipeline refused without a reason");
        nk_doc_free(&d);
        return;
    }
    check_doc(&d);
    serialize(&d, NK_FMT_NTRIPLES, "ntriples", "ntriples");
    if (formats_every && nk_hash64(data, size, 7) % (uint64_t)formats_every == 0) {
        serialize(&d, NK_FMT_NQUADS, "nquads", "nquads");
        serialize(&d, NK_FMT_TURTLE, "turtle", "turtle");
        serialize(&d, NK_FMT_RDFXML, "rdfxml", "rdfxml");
    }
    nk_doc_free(&d);
}

#ifdef __clang__
#pragma clang attribute pop
#endif

/* ------------------------------------------------------------ libFuzzer */

/* The writer's folder in /dev/shm, also when a finding ends the process */
static void remove_files(void)
{
    if (outpath[0])
        unlink(outpath);
    if (workdir[0] && rmdir(workdir) != 0) {
        /* a temporary file of the writer's, left by a finding mid-write */
        DIR *dh = opendir(workdir);
        struct dirent *e;
        char path[600];
        while (dh && (e = readdir(dh)))
            if (e->d_name[0] != '.') {
                snprintf(path, sizeof path, "%s/%s", workdir, e->d_name);
                unlink(path);
            }
        if (dh)
            closedir(dh);
        rmdir(workdir);
    }
}

static void cleanup(void)
{
    triples_clear(&sent_triples);
    triples_clear(&read_triples);
    free(sent_triples.items);
    free(read_triples.items);
    remove_files();
    /* pworld stays: raptor 2.0.15's N-Triples parser keeps one reference
     * too many to a datatype URI, which LeakSanitizer would report as
     * newskg's leak once the world is freed */
    nk_kb_free(kb);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *dir = getenv("NEWSKG_ONTOLOGY");
    if (!dir || !*dir)
        dir = "ontology";
    char err[1024] = "";
    kb = nk_kb_load(dir, err, sizeof err);
    if (!kb) {
        fprintf(stderr, "fuzz_pipeline: cannot load the knowledge base from %s: %s\n", dir, err);
        exit(2);
    }
    const char *f = getenv("NKFUZZ_FORMATS");
    if (f && strcmp(f, "nt") == 0)
        formats_every = 0;
    else if (f && strcmp(f, "all") == 0)
        formats_every = 1;
    /* tmpfs when there is one: the writer fsyncs every file */
    const char *tmp = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    snprintf(workdir, sizeof workdir, "%s/nkfuzz.XXXXXX", tmp);
    if (!mkdtemp(workdir)) {
        perror("fuzz_pipeline: mkdtemp");
        exit(2);
    }
    snprintf(outpath, sizeof outpath, "%s/out", workdir);
    pworld = raptor_new_world();
    raptor_world_set_log_handler(pworld, NULL, on_parse_log);
    raptor_world_open(pworld);
    atexit(cleanup);
    __sanitizer_set_death_callback(remove_files);   /* ASan, UBSan, LSan reports */
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    one(data, size, "fuzz.txt");
    one(data, size, "fuzz.html");
    return 0;
}
