/* test_turtle.c — turtle.c writes a block of Turtle byte for byte as
 * raptor 2.0.15's serializer does (compared on random blocks), declines
 * what it does not reproduce, and does not decline newskg's own graphs. */
#include "testutil.h"

#include "graph.h"
#include "output.h"
#include "turtle.h"

#include <raptor2.h>

#define EX "http://example.org/"

/* The namespaces output.c gives raptor, in its order. */
static const nk_ttl_ns ns[] = {
    {"nkg", NK_NKG_NS},       {"nif", NK_NS_NIF},       {"itsrdf", NK_NS_ITS},  {"prov", NK_NS_PROV},
    {"dcterms", NK_NS_DCT},   {"skos", NK_NS_SKOS},     {"schema", NK_NS_SCHEMA}, {"rdf", NK_NS_RDF},
    {"rdfs", NK_NS_RDFS},     {"xsd", NK_NS_XSD},
};
#define N_NS (sizeof ns / sizeof *ns)

static raptor_term *raptor_term_of(raptor_world *world, const nk_term *t)
{
    if (t->kind == NK_TERM_IRI)
        return raptor_new_term_from_counted_uri_string(world, (const unsigned char *)t->value, t->len);
    raptor_uri *dt = t->datatype ? raptor_new_uri(world, (const unsigned char *)t->datatype) : NULL;
    raptor_term *r = raptor_new_term_from_counted_literal(world, (const unsigned char *)t->value, t->len, dt,
                                                          (const unsigned char *)t->lang,
                                                          t->lang ? (unsigned char)strlen(t->lang) : 0);
    if (dt)
        raptor_free_uri(dt);
    return r;
}

/* What raptor's Turtle serializer writes for the statements, with a raw CR
 * written \r (as output.c's stream into raptor always did). */
static char *raptor_turtle(const nk_term *terms, size_t n)
{
    raptor_world *world = raptor_new_world();
    raptor_world_open(world);
    raptor_serializer *ser = raptor_new_serializer(world, "turtle");
    for (size_t i = 0; i < N_NS; i++) {
        raptor_uri *u = raptor_new_uri(world, (const unsigned char *)ns[i].uri);
        raptor_serializer_set_namespace(ser, u, (const unsigned char *)ns[i].prefix);
        raptor_free_uri(u);
    }
    void *out = NULL;
    size_t len = 0;
    raptor_iostream *io = raptor_new_iostream_to_string(world, &out, &len, malloc);
    raptor_serializer_start_to_iostream(ser, NULL, io);
    for (size_t i = 0; i < n; i++) {
        raptor_statement st;
        raptor_statement_init(&st, world);
        st.subject = raptor_term_of(world, &terms[3 * i]);
        st.predicate = raptor_term_of(world, &terms[3 * i + 1]);
        st.object = raptor_term_of(world, &terms[3 * i + 2]);
        raptor_serializer_serialize_statement(ser, &st);
        raptor_statement_clear(&st);
    }
    raptor_serializer_serialize_end(ser);
    raptor_free_serializer(ser);
    raptor_free_iostream(io);
    raptor_free_world(world);
    nk_buf b = {0};
    for (size_t i = 0; i < len; i++)
        if (((char *)out)[i] == '\r')
            nk_buf_add(&b, "\\r", 2);
        else
            nk_buf_addc(&b, ((char *)out)[i]);
    nk_buf_add(&b, "", 0);
    free(out);
    return nk_buf_steal(&b);
}

/* turtle.c's text for the statements; NULL when it declines. */
static char *ours(const nk_term *terms, size_t n)
{
    nk_ttl *t = nk_ttl_new(ns, N_NS);
    for (size_t i = 0; i < n; i++)
        nk_ttl_add(t, &terms[3 * i], &terms[3 * i + 1], &terms[3 * i + 2]);
    nk_buf b = {0};
    bool ok = nk_ttl_write(t, &b, NULL, NULL);
    nk_ttl_free(t);
    if (!ok) {
        assert_int_equal(b.len, 0); /* nothing left behind */
        nk_buf_free(&b);
        return NULL;
    }
    nk_buf_add(&b, "", 0);
    return nk_buf_steal(&b);
}

static uint64_t rnd(uint64_t *seed)
{
    *seed = *seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return *seed >> 33;
}

/* One of from[0..n), from[0..kept) but once in 40 draws. */
static const char *pick(uint64_t *seed, const char *const *from, size_t n, size_t kept)
{
    return from[rnd(seed) % (rnd(seed) % 40 == 0 ? n : kept)];
}

static void random_blocks_as_raptor_writes_them(void **state)
{
    (void)state;
    static const char *const subjects[] = {
        EX "a", EX "a#char=1,2", EX "a#char=1,20", EX "b", EX "ab", NK_NKG_NS "Thing", "urn:x:y",
        EX "caf\xC3\xA9", EX "sp ace", EX "q\"<>{}|^`\\", NK_NS_RDFS "label", EX "del\x7f", EX "\x01",
        /* from here on, what turtle.c declines */
        NK_NS_SKOS "x.y", NK_NKG_NS "_under", NK_NKG_NS "9lives", NK_NS_SCHEMA "a/b", EX "bad\xC3", NK_NS_RDF "nil",
    };
    const size_t subjects_kept = sizeof subjects / sizeof *subjects - 6;
    static const char *const predicates[] = {
        NK_NS_RDF "type", NK_NS_RDFS "label", NK_NKG_NS "agent", NK_NKG_NS "date", EX "p", EX "p2",
        NK_NS_PROV "wasDerivedFrom", NK_NS_SKOS "alt-Label", NK_NKG_NS "x_y",
    };
    static const char *const strings[] = {
        "", "plain", "Caf\xC3\xA9", "two\nlines", "cr\rhere", "cr\r\nlf", "quote \" and \\ back", "tab\there",
        "\xE2\x80\x9C" "curly\xE2\x80\x9D", "12", "-7", "1.5", "x1", "\xF0\x9F\x98\x80", "\x01" "ctl", "a",
        "\"\"\"", "end\"",
        "bad\xC3", /* declined */
    };
    static const char *const datatypes[] = {
        NULL, NULL, NULL, NK_NS_XSD "date", NK_NS_XSD "nonNegativeInteger", NK_NS_XSD "integer", EX "dt",
        NK_NS_XSD "double", NK_NS_XSD "boolean", NK_NS_XSD "x.y", /* the last three declined */
    };
    static const char *const langs[] = {"en", "en-GB", "fr", "en_US", "" /* declined */};
    uint64_t seed = 7;
    size_t written = 0, declined = 0;
    for (int round = 0; round < 400; round++) {
        size_t n = rnd(&seed) % 12;
        nk_term terms[3 * 12];
        for (size_t i = 0; i < n; i++) {
            const char *s = pick(&seed, subjects, sizeof subjects / sizeof *subjects, subjects_kept);
            const char *p = pick(&seed, predicates, sizeof predicates / sizeof *predicates, sizeof predicates / sizeof *predicates);
            terms[3 * i] = (nk_term){NK_TERM_IRI, s, strlen(s), NULL, NULL};
            terms[3 * i + 1] = (nk_term){NK_TERM_IRI, p, strlen(p), NULL, NULL};
            if (rnd(&seed) % 3 == 0) {
                const char *o = pick(&seed, subjects, sizeof subjects / sizeof *subjects, subjects_kept);
                terms[3 * i + 2] = (nk_term){NK_TERM_IRI, o, strlen(o), NULL, NULL};
            } else {
                const char *v = pick(&seed, strings, sizeof strings / sizeof *strings, sizeof strings / sizeof *strings - 1);
                const char *dt = pick(&seed, datatypes, sizeof datatypes / sizeof *datatypes, sizeof datatypes / sizeof *datatypes - 3);
                const char *lang = !dt && rnd(&seed) % 2 ? pick(&seed, langs, sizeof langs / sizeof *langs, sizeof langs / sizeof *langs - 1) : NULL;
                terms[3 * i + 2] = (nk_term){NK_TERM_LITERAL, v, strlen(v), dt, lang};
            }
            if (i > 0 && rnd(&seed) % 6 == 0) /* a repeated statement */
                memcpy(&terms[3 * i], &terms[3 * (i - 1)], 3 * sizeof *terms);
        }
        char *got = ours(terms, n);
        if (!got) {
            declined++;
            continue;
        }
        char *want = raptor_turtle(terms, n);
        if (strcmp(got, want) != 0)
            fail_msg("round %d differs from raptor's:\n%s\nraptor:\n%s", round, got, want);
        written++;
        free(got);
        free(want);
    }
    print_message("turtle.c wrote %zu blocks, declined %zu\n", written, declined);
    /* both paths were taken, most rounds by turtle.c */
    assert_true(declined > 0);
    assert_true(written > declined);
}

typedef struct {
    nk_ttl *t;
    size_t n;
} collect;

static void to_ttl(void *ctx, const nk_term *s, const nk_term *p, const nk_term *o, const char *graph)
{
    (void)graph;
    collect *c = ctx;
    nk_ttl_add(c->t, s, p, o);
    c->n++;
}

/* A document's triples and the entity descriptions: written by turtle.c,
 * not handed back to raptor, and the same text as raptor's. */
static void newskg_graph_not_declined(void **state)
{
    (void)state;
    nk_doc d;
    tu_doc(&d,
           "Ukrainian Foreign Minister Dmytro Kuleba met his counterpart in Warsaw on Monday.\r\n"
           "\xE2\x80\x9CWe call on Russia to stop \"now\",\xE2\x80\x9D Kuleba said on 9 March 2022.\n\n"
           "Armenia and Azerbaijan signed a ceasefire agreement in Moscow.",
           2022, 3, 9);
    nk_entities *table = nk_entities_new();
    for (int part = 0; part < 2; part++) {
        collect c = {nk_ttl_new(ns, N_NS), 0};
        if (part == 0)
            nk_graph_doc(&d, tu_kb(), NK_DEFAULT_BASE, table, to_ttl, &c);
        else
            {
                char err[128];
                assert_true(nk_graph_entities(table, tu_kb(), NK_DEFAULT_BASE, to_ttl, &c, NULL, err, sizeof err));
            }
        assert_true(c.n > 10);
        nk_buf b = {0};
        assert_true(nk_ttl_write(c.t, &b, NULL, NULL));
        nk_buf_add(&b, "", 0);
        nk_term *terms = calloc(3 * c.n, sizeof *terms);
        for (size_t i = 0; i < c.n; i++)
            nk_ttl_get(c.t, i, &terms[3 * i], &terms[3 * i + 1], &terms[3 * i + 2]);
        char *want = raptor_turtle(terms, c.n);
        assert_string_equal(b.data, want);
        free(want);
        free(terms);
        nk_buf_free(&b);
        nk_ttl_free(c.t);
    }
    nk_entities_free(table);
    nk_doc_free(&d);
}

/* An empty block is the prefixes and a blank line, as raptor writes it. */
static void empty_block(void **state)
{
    (void)state;
    char *got = ours(NULL, 0), *want = raptor_turtle(NULL, 0);
    assert_string_equal(got, want);
    assert_non_null(strstr(got, "@prefix rdf: <" NK_NS_RDF "> .\n@prefix nkg:"));
    free(got);
    free(want);
}

/* Objects equal in string: no language first, then by language; no
 * datatype first, then by datatype; IRIs before all literals. */
static void literal_order(void **state)
{
    (void)state;
    nk_term s = {NK_TERM_IRI, EX "s", strlen(EX "s"), NULL, NULL};
    nk_term p = {NK_TERM_IRI, EX "p", strlen(EX "p"), NULL, NULL};
    nk_term objects[] = {
        {NK_TERM_LITERAL, "x", 1, NULL, "fr"},         {NK_TERM_LITERAL, "x", 1, EX "dt2", NULL},
        {NK_TERM_IRI, EX "z", strlen(EX "z"), NULL, NULL}, {NK_TERM_LITERAL, "x", 1, NULL, NULL},
        {NK_TERM_LITERAL, "x", 1, NULL, "en"},         {NK_TERM_LITERAL, "x", 1, EX "dt1", NULL},
        {NK_TERM_LITERAL, "w", 1, NULL, "fr"},
    };
    const size_t n = sizeof objects / sizeof *objects;
    nk_term terms[3 * 7];
    for (size_t i = 0; i < n; i++)
        terms[3 * i] = s, terms[3 * i + 1] = p, terms[3 * i + 2] = objects[i];
    char *got = ours(terms, n), *want = raptor_turtle(terms, n);
    assert_non_null(got);
    assert_string_equal(got, want);
    assert_non_null(strstr(got, "<" EX "z>, \"w\"@fr, \"x\", \"x\"^^<" EX "dt1>, \"x\"^^<" EX "dt2>, \"x\"@en, \"x\"@fr ."));
    free(got);
    free(want);
}

static void into_buf(void *ctx, const char *bytes, size_t n) { nk_buf_add(ctx, bytes, n); }

/* A block of 300 KB handed to a sink in pieces: the same text. */
static void large_block_streamed(void **state)
{
    (void)state;
    const size_t n = 6000;
    nk_term *terms = calloc(3 * n, sizeof *terms);
    char (*iris)[64] = calloc(n, sizeof *iris);
    for (size_t i = 0; i < n; i++) {
        snprintf(iris[i], sizeof iris[i], EX "entity/%zu", (i * 7919) % n);
        terms[3 * i] = (nk_term){NK_TERM_IRI, iris[i], strlen(iris[i]), NULL, NULL};
        terms[3 * i + 1] = (nk_term){NK_TERM_IRI, NK_NS_RDFS "label", strlen(NK_NS_RDFS "label"), NULL, NULL};
        terms[3 * i + 2] = (nk_term){NK_TERM_LITERAL, iris[i] + strlen(EX), strlen(iris[i] + strlen(EX)), NULL, "en"};
    }
    nk_ttl *t = nk_ttl_new(ns, N_NS);
    for (size_t i = 0; i < n; i++)
        nk_ttl_add(t, &terms[3 * i], &terms[3 * i + 1], &terms[3 * i + 2]);
    nk_buf whole = {0}, pieces = {0}, rest = {0};
    assert_true(nk_ttl_write(t, &whole, NULL, NULL));
    assert_true(nk_ttl_write(t, &rest, into_buf, &pieces));
    assert_int_equal(rest.len, 0);
    assert_true(whole.len > 200000);
    assert_int_equal(pieces.len, whole.len);
    assert_memory_equal(pieces.data, whole.data, whole.len);
    nk_buf_add(&whole, "", 0);
    char *want = raptor_turtle(terms, n);
    assert_string_equal(whole.data, want);
    free(want);
    nk_buf_free(&whole), nk_buf_free(&pieces), nk_buf_free(&rest);
    nk_ttl_free(t);
    free(terms);
    free(iris);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(random_blocks_as_raptor_writes_them),
        cmocka_unit_test(newskg_graph_not_declined),
        cmocka_unit_test(empty_block),
        cmocka_unit_test(literal_order),
        cmocka_unit_test(large_block_streamed),
    };
    return cmocka_run_group_tests_name("turtle", tests, NULL, NULL);
}
