/* turtle.c — see turtle.h.  What raptor 2.0.15 does, and this file copies
 * (raptor_serialize_turtle.c, raptor_turtle_writer.c, raptor_abbrev.c):
 *
 * - at the end of a block: one "@prefix p: <uri> ." line per namespace
 *   (rdf: first), a blank line, then each subject in term order;
 * - a subject: its IRI (a prefixed name where one is legal), then its
 *   (predicate, object) pairs in term order without repeats, four spaces
 *   in, " ;" between predicates and ", " between objects of one predicate,
 *   " .", a blank line;
 * - term order: IRIs before literals; IRIs by bytes, a prefix first;
 *   literals by string, then language, then datatype, a missing one first;
 * - rdf:type is "a"; a predicate or datatype is abbreviated when its local
 *   name is an XML name, a subject or object only when it is also a legal
 *   Turtle local name;
 * - a literal with a newline goes in """…""", others in "…"; only " and \
 *   are escaped, all else is raw UTF-8 (a raw CR becomes \r: output.c did
 *   that to raptor's text too, since Turtle forbids it in "…");
 * - IRIs escape \ as \\ and controls, space and <>"{}|^` as \u00XX.
 *
 * Whatever raptor might write otherwise is declined rather than guessed:
 * a local name that is not plain [A-Za-z][A-Za-z0-9_-]*, rdf:nil, a NUL or
 * a sequence raptor cannot decode, xsd:double, xsd:decimal, xsd:boolean,
 * an xsd:integer strtol does not read whole, an empty IRI, a literal with
 * both a language and a datatype. */
#include "turtle.h"
#include "utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define RDF_NS "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define XSD_NS "http://www.w3.org/2001/XMLSchema#"
#define NONE ((size_t)-1)

typedef struct {
    size_t off, len; /* into the arena; off NONE: absent */
} slice;

typedef struct {
    slice s, p, o, dt, lang;
    bool literal; /* the object is a literal */
} stmt;

struct nk_ttl {
    nk_buf arena;
    slice shared[32];    /* predicates, datatypes, tags: kept once per block */
    size_t n_shared;
    NK_VEC(stmt) st;
    NK_VEC(size_t) order;
    nk_ttl_ns ns[24];
    size_t n_ns;
};

nk_ttl *nk_ttl_new(const nk_ttl_ns *ns, size_t n_ns)
{
    nk_ttl *t = nk_alloc(sizeof *t);
    /* raptor's serializer declares rdf: itself, then takes each namespace
     * whose prefix and URI are both new */
    t->ns[t->n_ns++] = (nk_ttl_ns){"rdf", RDF_NS};
    for (size_t i = 0; i < n_ns && t->n_ns < sizeof t->ns / sizeof *t->ns; i++) {
        bool dup = false;
        for (size_t k = 0; k < t->n_ns; k++)
            dup |= strcmp(t->ns[k].prefix, ns[i].prefix) == 0 || strcmp(t->ns[k].uri, ns[i].uri) == 0;
        if (!dup)
            t->ns[t->n_ns++] = ns[i];
    }
    return t;
}

void nk_ttl_free(nk_ttl *t)
{
    if (!t)
        return;
    nk_buf_free(&t->arena);
    free(t->st.items);
    free(t->order.items);
    free(t);
}

void nk_ttl_clear(nk_ttl *t)
{
    nk_buf_clear(&t->arena);
    t->st.len = 0;
    t->n_shared = 0;
}

static slice keep(nk_ttl *t, const char *s, size_t n)
{
    slice r = {t->arena.len, n};
    nk_buf_add(&t->arena, s, n);
    nk_buf_addc(&t->arena, '\0');
    return r;
}

/* A string of the small set that recurs on every line (predicates,
 * datatypes, language tags): kept once.  With the subject shared by a
 * subject's run of statements, a block's arena is little more than its
 * objects (an entity block holds every entity description at once). */
static slice keep_shared(nk_ttl *t, const char *s, size_t n)
{
    for (size_t i = 0; i < t->n_shared; i++)
        if (t->shared[i].len == n && memcmp(t->arena.data + t->shared[i].off, s, n) == 0)
            return t->shared[i];
    slice r = keep(t, s, n);
    if (t->n_shared < sizeof t->shared / sizeof *t->shared)
        t->shared[t->n_shared++] = r;
    return r;
}

static slice keep_str(nk_ttl *t, const char *s)
{
    return s ? keep_shared(t, s, strlen(s)) : (slice){NONE, 0};
}

void nk_ttl_add(nk_ttl *t, const nk_term *s, const nk_term *p, const nk_term *o)
{
    stmt x;
    const stmt *last = t->st.len ? &t->st.items[t->st.len - 1] : NULL;
    if (last && last->s.len == s->len && memcmp(t->arena.data + last->s.off, s->value, s->len) == 0)
        x.s = last->s;
    else
        x.s = keep(t, s->value, s->len);
    x.p = keep_shared(t, p->value, p->len);
    x.o = keep(t, o->value, o->len);
    x.literal = o->kind == NK_TERM_LITERAL;
    x.dt = x.literal ? keep_str(t, o->datatype) : (slice){NONE, 0};
    x.lang = (slice){NONE, 0};
    if (x.literal && o->lang) {
        char tag[64];
        size_t n = strlen(o->lang);
        if (n < sizeof tag) {
            for (size_t i = 0; i <= n; i++) /* raptor's terms hold a tag's '_' as '-' */
                tag[i] = o->lang[i] == '_' ? '-' : o->lang[i];
            x.lang = keep_shared(t, tag, n);
        } else {
            x.lang = keep(t, o->lang, n);
            for (size_t i = 0; i < n; i++)
                if (t->arena.data[x.lang.off + i] == '_')
                    t->arena.data[x.lang.off + i] = '-';
        }
    }
    NK_PUSH(t->st, x);
}

size_t nk_ttl_count(const nk_ttl *t) { return t->st.len; }

void nk_ttl_get(const nk_ttl *t, size_t i, nk_term *s, nk_term *p, nk_term *o)
{
    const stmt *x = &t->st.items[i];
    const char *a = t->arena.data;
    *s = (nk_term){NK_TERM_IRI, a + x->s.off, x->s.len, NULL, NULL};
    *p = (nk_term){NK_TERM_IRI, a + x->p.off, x->p.len, NULL, NULL};
    *o = (nk_term){x->literal ? NK_TERM_LITERAL : NK_TERM_IRI, a + x->o.off, x->o.len,
                   x->dt.off == NONE ? NULL : a + x->dt.off, x->lang.off == NONE ? NULL : a + x->lang.off};
}

/* ------------------------------------------------------------ order */

/* raptor_uri_compare: bytes of the common length, then the shorter first. */
static int cmp_bytes(const char *a, slice x, slice y)
{
    size_t n = x.len < y.len ? x.len : y.len;
    int d = memcmp(a + x.off, a + y.off, n);
    if (d)
        return d;
    return x.len < y.len ? -1 : x.len > y.len;
}

/* A missing part (language, datatype) sorts before a present one. */
static int cmp_optional(const char *a, slice x, slice y)
{
    if (x.off == NONE || y.off == NONE)
        return (x.off != NONE) - (y.off != NONE);
    return cmp_bytes(a, x, y);
}

/* raptor_term_compare for objects: IRIs (type 1) before literals (type 2). */
static int cmp_object(const char *a, const stmt *x, const stmt *y)
{
    if (x->literal != y->literal)
        return x->literal ? 1 : -1;
    int d = cmp_bytes(a, x->o, y->o);
    if (d || !x->literal)
        return d;
    d = cmp_optional(a, x->lang, y->lang);
    return d ? d : cmp_optional(a, x->dt, y->dt);
}

static int cmp_stmt(const void *pa, const void *pb, void *ctx)
{
    const nk_ttl *t = ctx;
    const stmt *x = &t->st.items[*(const size_t *)pa], *y = &t->st.items[*(const size_t *)pb];
    const char *a = t->arena.data;
    int d = cmp_bytes(a, x->s, y->s);
    if (!d)
        d = cmp_bytes(a, x->p, y->p);
    if (!d)
        d = cmp_object(a, x, y);
    if (!d) /* equal statements: raptor keeps one; any one, they are the same */
        d = *(const size_t *)pa < *(const size_t *)pb ? -1 : *(const size_t *)pa > *(const size_t *)pb;
    return d;
}

static bool same_stmt(const nk_ttl *t, const stmt *x, const stmt *y)
{
    const char *a = t->arena.data;
    return cmp_bytes(a, x->s, y->s) == 0 && cmp_bytes(a, x->p, y->p) == 0 && cmp_object(a, x, y) == 0;
}

/* ------------------------------------------------------------ writing */

typedef struct {
    const nk_ttl *t;
    nk_buf *out;
    bool declined;
} writer;

static bool plain_local(const char *s, size_t n)
{
    if (!n || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
        return false;
    for (size_t i = 1; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') ||
              s[i] == '_' || s[i] == '-'))
            return false;
    return true;
}

/* The namespace an IRI is abbreviated with: its index, NONE when none
 * applies; declines when raptor's choice is not plain. */
static size_t namespace_of(writer *w, const char *s, size_t n)
{
    size_t found = NONE;
    for (size_t k = 0; k < w->t->n_ns; k++) {
        size_t nl = strlen(w->t->ns[k].uri);
        if (nl >= n || memcmp(s, w->t->ns[k].uri, nl) != 0)
            continue;
        if (found != NONE || !plain_local(s + nl, n - nl))
            w->declined = true; /* two candidates, or a name raptor judges itself */
        found = k;
    }
    return w->declined ? NONE : found;
}

static void put_qname(writer *w, size_t k, const char *s, size_t n)
{
    size_t nl = strlen(w->t->ns[k].uri);
    nk_buf_adds(w->out, w->t->ns[k].prefix);
    nk_buf_addc(w->out, ':');
    nk_buf_add(w->out, s + nl, n - nl);
}

/* Bytes written raw: in an IRI, printable ASCII and DEL but <>"{}|^`\; in
 * a literal, all ASCII but NUL, CR, " and \ (both: and valid non-ASCII). */
static bool iri_plain(unsigned char c) { return c > 0x20 && c < 0x80 && !strchr("<>\"{}|^`\\", c); }
static bool literal_plain(unsigned char c) { return c != 0 && c != '\r' && c != '"' && c != '\\' && c < 0x80; }

/* Non-ASCII at p: raptor writes a sequence it can decode as it is, and
 * stops the string at one it cannot; the latter is declined. */
static size_t put_utf8(writer *w, const unsigned char *p, const unsigned char *end)
{
    uint32_t cp;
    size_t k = nk_utf8_decode_raptor(p, (size_t)(end - p), &cp);
    if (!k) {
        w->declined = true;
        return (size_t)(end - p);
    }
    nk_buf_add(w->out, p, k);
    return k;
}

static void put_iri(writer *w, const char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    if (!n || memchr(s, '\0', n))
        w->declined = true;
    nk_buf_addc(w->out, '<');
    while (p < end) {
        const unsigned char *run = p;
        while (p < end && iri_plain(*p))
            p++;
        nk_buf_add(w->out, run, (size_t)(p - run));
        if (p == end)
            break;
        if (*p == '\\') {
            nk_buf_add(w->out, "\\\\", 2);
            p++;
        } else if (*p < 0x80) {
            char e[6] = {'\\', 'u', '0', '0', hex[*p >> 4], hex[*p & 15]};
            nk_buf_add(w->out, e, 6);
            p++;
        } else {
            p += put_utf8(w, p, end);
        }
    }
    nk_buf_addc(w->out, '>');
}

/* A subject or object IRI (raptor_turtle_emit_resource). */
static void put_resource(writer *w, slice x)
{
    const char *s = w->t->arena.data + x.off;
    if (x.len == sizeof RDF_NS "nil" - 1 && memcmp(s, RDF_NS "nil", x.len) == 0)
        w->declined = true; /* raptor writes "( )" */
    size_t k = namespace_of(w, s, x.len);
    if (k != NONE)
        put_qname(w, k, s, x.len);
    else
        put_iri(w, s, x.len);
}

static void put_literal(writer *w, const stmt *x)
{
    const char *a = w->t->arena.data;
    const char *s = a + x->o.off;
    if (x->lang.off != NONE && x->dt.off != NONE)
        w->declined = true; /* raptor makes no term of it */
    if (x->dt.off != NONE) {
        const char *dt = a + x->dt.off;
        if (!x->dt.len)
            w->declined = true; /* raptor makes no datatype of "" */
        if (strcmp(dt, XSD_NS "integer") == 0) {
            char *endp;
            (void)strtol(s, &endp, 10);
            if (endp == s || *endp || memchr(s, '\0', x->o.len))
                w->declined = true; /* raptor reports an error */
            nk_buf_add(w->out, s, x->o.len);
            return;
        }
        if (strcmp(dt, XSD_NS "double") == 0 || strcmp(dt, XSD_NS "decimal") == 0 ||
            strcmp(dt, XSD_NS "boolean") == 0)
            w->declined = true;
    }
    if (memchr(s, '\0', x->o.len))
        w->declined = true;
    bool longform = memchr(s, '\n', x->o.len) != NULL;
    const char *q = longform ? "\"\"\"" : "\"";
    nk_buf_adds(w->out, q);
    const unsigned char *p = (const unsigned char *)s, *end = p + x->o.len;
    while (p < end) {
        const unsigned char *run = p;
        while (p < end && literal_plain(*p))
            p++;
        nk_buf_add(w->out, run, (size_t)(p - run));
        if (p == end)
            break;
        if (*p == '\r') {
            nk_buf_add(w->out, "\\r", 2);
            p++;
        } else if (*p == '"' || *p == '\\') {
            char e[2] = {'\\', (char)*p};
            nk_buf_add(w->out, e, 2);
            p++;
        } else if (*p == 0) {
            break; /* declined above */
        } else {
            p += put_utf8(w, p, end);
        }
    }
    nk_buf_adds(w->out, q);
    if (x->dt.off != NONE) {
        const char *dt = a + x->dt.off;
        size_t n = x->dt.len, k = namespace_of(w, dt, n);
        nk_buf_add(w->out, "^^", 2);
        if (k != NONE)
            put_qname(w, k, dt, n);
        else
            put_iri(w, dt, n);
    } else if (x->lang.off != NONE && x->lang.len) {
        nk_buf_addc(w->out, '@');
        nk_buf_add(w->out, a + x->lang.off, x->lang.len);
    }
}

static void put_predicate(writer *w, slice x)
{
    const char *s = w->t->arena.data + x.off;
    size_t k = namespace_of(w, s, x.len);
    if (x.len == sizeof RDF_NS "type" - 1 && memcmp(s, RDF_NS "type", x.len) == 0)
        nk_buf_addc(w->out, 'a');
    else if (k != NONE)
        put_qname(w, k, s, x.len);
    else
        put_iri(w, s, x.len);
}

void nk_ttl_discard(void *ctx, const char *bytes, size_t n) { (void)ctx, (void)bytes, (void)n; }

size_t nk_ttl_size(const nk_ttl *t) { return t->arena.len + t->st.len * sizeof *t->st.items; }

/* Hands out's bytes past mark to the sink once there are enough of them. */
static void drain(nk_buf *out, size_t mark, nk_ttl_sink sink, void *ctx, size_t at_least)
{
    if (!sink || out->len - mark < at_least || out->len == mark)
        return;
    sink(ctx, out->data + mark, out->len - mark);
    out->len = mark;
    out->data[mark] = '\0';
}

bool nk_ttl_write(nk_ttl *t, nk_buf *out, nk_ttl_sink sink, void *ctx)
{
    size_t mark = out->len;
    writer w = {t, out, false};
    for (size_t k = 0; k < t->n_ns; k++) {
        nk_buf_adds(out, "@prefix ");
        nk_buf_adds(out, t->ns[k].prefix);
        nk_buf_add(out, ": ", 2);
        put_iri(&w, t->ns[k].uri, strlen(t->ns[k].uri));
        nk_buf_add(out, " .\n", 3);
    }
    nk_buf_addc(out, '\n');

    t->order.len = 0;
    for (size_t i = 0; i < t->st.len; i++)
        NK_PUSH(t->order, i);
    if (t->order.len > 1)
        qsort_r(t->order.items, t->order.len, sizeof *t->order.items, cmp_stmt, t);

    const stmt *prev = NULL;
    for (size_t i = 0; i < t->order.len && !w.declined; i++) {
        const stmt *x = &t->st.items[t->order.items[i]];
        /* language-less literals are not written with a language, so a
         * literal with an empty tag is the same term as one without: rare
         * enough to leave to raptor */
        if (x->lang.off != NONE && x->lang.len == 0)
            w.declined = true;
        if (prev && same_stmt(t, prev, x))
            continue;
        const char *a = t->arena.data;
        if (!prev || cmp_bytes(a, prev->s, x->s) != 0) {
            if (prev)
                nk_buf_add(out, " .\n\n", 4);
            drain(out, mark, sink, ctx, 65536);
            put_resource(&w, x->s);
            nk_buf_add(out, "\n    ", 5);
            put_predicate(&w, x->p);
            nk_buf_addc(out, ' ');
        } else if (cmp_bytes(a, prev->p, x->p) != 0) {
            nk_buf_add(out, " ;\n    ", 7);
            put_predicate(&w, x->p);
            nk_buf_addc(out, ' ');
        } else {
            nk_buf_add(out, ", ", 2);
        }
        if (x->literal)
            put_literal(&w, x);
        else
            put_resource(&w, x->o);
        prev = x;
    }
    if (prev)
        nk_buf_add(out, " .\n\n", 4);
    if (!w.declined)
        drain(out, mark, sink, ctx, 1);
    if (w.declined) {
        out->len = mark;
        if (out->data)
            out->data[mark] = '\0';
        return false;
    }
    return true;
}
