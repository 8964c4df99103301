/* test_graph.c — the triples of a document and of the entities, collected
 * from nk_graph_doc / nk_graph_entities by a sink. */
#include "testutil.h"

#include "graph.h"
#include "utf8.h"

#define BASE "http://example.org/kg/"
#define NIF NK_NS_NIF
#define NKG NK_NKG_NS

/* ------------------------------------------------------------ collecting sink */

typedef struct {
    char *s, *p, *o, *dt, *lang, *graph;
    size_t olen;
    bool literal;
} triple;

typedef struct {
    NK_VEC(triple) t;
} triples;

static char *dup_or_null(const char *s) { return s ? nk_strdup(s) : NULL; }

static void collect(void *ctx, const nk_term *s, const nk_term *p, const nk_term *o, const char *graph)
{
    triples *ts = ctx;
    /* subjects and predicates are always IRIs */
    assert_int_equal(s->kind, NK_TERM_IRI);
    assert_int_equal(p->kind, NK_TERM_IRI);
    triple t = {nk_strndup(s->value, s->len), nk_strndup(p->value, p->len), nk_strndup(o->value, o->len),
                dup_or_null(o->datatype), dup_or_null(o->lang), dup_or_null(graph), o->len,
                o->kind == NK_TERM_LITERAL};
    NK_PUSH(ts->t, t);
}

static void triples_free(triples *ts)
{
    for (size_t i = 0; i < ts->t.len; i++) {
        triple *t = &ts->t.items[i];
        free(t->s), free(t->p), free(t->o), free(t->dt), free(t->lang), free(t->graph);
    }
    free(ts->t.items);
    memset(ts, 0, sizeof *ts);
}

/* The object of (s, p), or NULL; *count receives how many there are. */
static const triple *find(const triples *ts, const char *s, const char *p, size_t *count)
{
    const triple *hit = NULL;
    size_t n = 0;
    for (size_t i = 0; i < ts->t.len; i++)
        if ((!s || strcmp(ts->t.items[i].s, s) == 0) && strcmp(ts->t.items[i].p, p) == 0) {
            if (!hit)
                hit = &ts->t.items[i];
            n++;
        }
    if (count)
        *count = n;
    return hit;
}

static bool has(const triples *ts, const char *s, const char *p, const char *o)
{
    for (size_t i = 0; i < ts->t.len; i++)
        if (strcmp(ts->t.items[i].s, s) == 0 && strcmp(ts->t.items[i].p, p) == 0 && strcmp(ts->t.items[i].o, o) == 0)
            return true;
    return false;
}

/* Subjects typed cls, in order (a list of borrowed strings). */
typedef NK_VEC(const char *) strlist;
static strlist typed(const triples *ts, const char *cls)
{
    strlist l = {0};
    for (size_t i = 0; i < ts->t.len; i++)
        if (strcmp(ts->t.items[i].p, NK_NS_RDF "type") == 0 && strcmp(ts->t.items[i].o, cls) == 0)
            NK_PUSH(l, ts->t.items[i].s);
    return l;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

/* ------------------------------------------------------------ documents */

static const char *text_intl =
    "Erdo\xC4\x9F" "an\xE2\x80\x99s envoy met Ukrainian Foreign Minister Dmytro Kuleba in \xC4\xB0stanbul on Monday. "
    "\xE2\x80\x9CWe call on Russia to stop,\xE2\x80\x9D Kuleba said. "
    "\xCE\x95\xCE\xBB\xCE\xBB\xCE\xAC\xCE\xB4\xCE\xB1 \xF0\x9F\x98\x80 welcomed the talks.";

/* Runs text through the pipeline and the graph into ts. */
static void graph_of(const char *text, nk_entities *table, triples *ts, nk_doc *d)
{
    tu_doc(d, text, 2022, 3, 9);
    nk_graph_doc(d, tu_kb(), BASE, table, collect, ts);
}

/* Byte offset of code point cp in s (len bytes). */
static size_t byte_of_cp(const char *s, size_t len, size_t cp)
{
    size_t i = 0;
    while (cp > 0 && i < len) {
        nk_utf8_next(s, len, &i);
        cp--;
    }
    assert_int_equal(cp, 0);
    return i;
}

/* Checks the NIF string properties of every node typed cls. */
static void check_anchors(const triples *ts, const char *doc_iri, const char *text, size_t len, const char *cls,
                          size_t *checked)
{
    strlist nodes = typed(ts, cls);
    for (size_t i = 0; i < nodes.len; i++) {
        const char *n = nodes.items[i];
        size_t c;
        const triple *b = find(ts, n, NIF "beginIndex", &c);
        assert_int_equal(c, 1);
        const triple *e = find(ts, n, NIF "endIndex", &c);
        assert_int_equal(c, 1);
        const triple *a = find(ts, n, NIF "anchorOf", &c);
        assert_int_equal(c, 1);
        assert_string_equal(b->dt, NK_NS_XSD "nonNegativeInteger");
        assert_string_equal(e->dt, NK_NS_XSD "nonNegativeInteger");
        assert_true(has(ts, n, NIF "referenceContext", doc_iri));
        size_t cb = strtoul(b->o, NULL, 10), ce = strtoul(e->o, NULL, 10);
        assert_true(cb < ce);
        /* the node's IRI is {doc}#char=b,e */
        char want[512];
        snprintf(want, sizeof want, "%s#char=%zu,%zu", doc_iri, cb, ce);
        assert_string_equal(n, want);
        /* anchorOf is exactly the code point slice of nif:isString */
        size_t bb = byte_of_cp(text, len, cb), be = byte_of_cp(text, len, ce);
        if (a->olen != be - bb || memcmp(a->o, text + bb, be - bb) != 0)
            fail_msg("%s: anchorOf \"%s\" is not the slice \"%.*s\"", n, a->o, (int)(be - bb), text + bb);
        (*checked)++;
    }
    free(nodes.items);
}

static void document_node(void **state)
{
    (void)state;
    triples ts = {0};
    nk_entities *table = nk_entities_new();
    nk_doc d;
    graph_of(text_intl, table, &ts, &d);
    char doc_iri[128];
    snprintf(doc_iri, sizeof doc_iri, BASE "doc/%s", d.id);
    assert_true(has(&ts, doc_iri, NK_NS_RDF "type", NIF "Context"));
    assert_true(has(&ts, doc_iri, NK_NS_RDF "type", NKG "Document"));
    size_t c;
    const triple *s = find(&ts, doc_iri, NIF "isString", &c);
    assert_int_equal(c, 1);
    assert_true(s->literal);
    assert_int_equal(s->olen, d.len);
    assert_memory_equal(s->o, d.text, d.len);
    assert_null(s->dt);
    const triple *src = find(&ts, doc_iri, NK_NS_DCT "source", &c);
    assert_int_equal(c, 1);
    assert_string_equal(src->o, "test.txt");
    const triple *dt = find(&ts, doc_iri, NK_NS_DCT "date", &c);
    assert_int_equal(c, 1);
    assert_string_equal(dt->o, "2022-03-09");
    assert_string_equal(dt->dt, NK_NS_XSD "date");
    /* the end index counts code points, not bytes */
    const triple *end = find(&ts, doc_iri, NIF "endIndex", &c);
    char want[32];
    snprintf(want, sizeof want, "%zu", nk_cpindex_at(&d.cp, d.len));
    assert_string_equal(end->o, want);
    assert_true(nk_cpindex_at(&d.cp, d.len) < d.len);
    /* every triple is in the document's graph */
    for (size_t i = 0; i < ts.t.len; i++)
        assert_string_equal(ts.t.items[i].graph, doc_iri);
    nk_doc_free(&d);
    triples_free(&ts);
    nk_entities_free(table);
}

static void optional_metadata(void **state)
{
    (void)state;
    triples ts = {0};
    nk_entities *table = nk_entities_new();
    nk_doc d;
    tu_doc(&d, "Serbia and Kosovo met in Brussels.", 0, 0, 0);
    d.title = nk_strdup("Talks in Brussels");
    d.publisher = nk_strdup("Example News");
    d.url = nk_strdup("https://news.example.org/a?b=1");
    nk_graph_doc(&d, tu_kb(), BASE, table, collect, &ts);
    char doc_iri[128];
    snprintf(doc_iri, sizeof doc_iri, BASE "doc/%s", d.id);
    assert_true(has(&ts, doc_iri, NK_NS_DCT "title", "Talks in Brussels"));
    assert_true(has(&ts, doc_iri, NK_NS_DCT "publisher", "Example News"));
    const triple *u = find(&ts, doc_iri, NK_NS_SCHEMA "url", NULL);
    assert_non_null(u);
    assert_false(u->literal); /* an IRI */
    assert_string_equal(u->o, "https://news.example.org/a?b=1");
    assert_null(find(&ts, doc_iri, NK_NS_DCT "date", NULL)); /* date unknown */
    triples_free(&ts);

    /* a URL that is no safe absolute IRI is not written */
    free(d.url);
    d.url = nk_strdup("javascript:alert(1)");
    nk_graph_doc(&d, tu_kb(), BASE, table, collect, &ts);
    assert_null(find(&ts, doc_iri, NK_NS_SCHEMA "url", NULL));
    triples_free(&ts);
    free(d.url);
    d.url = nk_strdup("https://example.org/a b<c>");
    nk_graph_doc(&d, tu_kb(), BASE, table, collect, &ts);
    assert_null(find(&ts, doc_iri, NK_NS_SCHEMA "url", NULL));
    triples_free(&ts);
    nk_doc_free(&d);
    nk_entities_free(table);
}

static void anchors_are_code_point_slices(void **state)
{
    (void)state;
    triples ts = {0};
    nk_entities *table = nk_entities_new();
    nk_doc d;
    graph_of(text_intl, table, &ts, &d);
    char doc_iri[128];
    snprintf(doc_iri, sizeof doc_iri, BASE "doc/%s", d.id);
    size_t sentences = 0, phrases = 0;
    check_anchors(&ts, doc_iri, d.text, d.len, NIF "Sentence", &sentences);
    check_anchors(&ts, doc_iri, d.text, d.len, NIF "Phrase", &phrases);
    assert_int_equal(sentences, 3);
    assert_int_equal(sentences, d.sentences.len);
    assert_int_equal(phrases, d.mentions.len);
    assert_true(phrases >= 5);
    /* the last sentence (Greek and an emoji) is named by code point offsets */
    char want[256];
    snprintf(want, sizeof want, "%s#char=%zu,%zu", doc_iri, nk_cpindex_at(&d.cp, d.sentences.items[2].b),
             nk_cpindex_at(&d.cp, d.sentences.items[2].e));
    assert_non_null(find(&ts, want, NIF "anchorOf", NULL));
    /* a mention points at its sentence and its entity */
    snprintf(want, sizeof want, "%s#char=0,7", doc_iri); /* "Erdoğan": 7 code points, 8 bytes */
    assert_true(has(&ts, want, NIF "anchorOf", "Erdo\xC4\x9F" "an"));
    assert_true(has(&ts, want, NK_NS_ITS "taIdentRef", BASE "person/erdogan"));
    snprintf(want, sizeof want, "%s#char=0,%zu", doc_iri, nk_cpindex_at(&d.cp, d.sentences.items[0].e));
    char phrase[256];
    snprintf(phrase, sizeof phrase, "%s#char=0,7", doc_iri);
    assert_true(has(&ts, phrase, NIF "sentence", want));
    nk_doc_free(&d);
    triples_free(&ts);
    nk_entities_free(table);
}

/* The sorted event IRIs of ts. */
static strlist event_iris(const triples *ts)
{
    strlist l = typed(ts, NKG "Event");
    qsort(l.items, l.len, sizeof *l.items, cmp_str);
    return l;
}

static void event_iris_stable_across_runs(void **state)
{
    (void)state;
    triples a = {0}, b = {0}, c = {0};
    nk_entities *t1 = nk_entities_new(), *t2 = nk_entities_new();
    nk_doc d1, d2, d3;
    graph_of(text_intl, t1, &a, &d1);
    graph_of("Kenya and Egypt called on Sudan to stop the fighting.", t2, &c, &d3);
    graph_of(text_intl, t2, &b, &d2); /* another table, after another document */
    strlist ea = event_iris(&a), eb = event_iris(&b), ec = event_iris(&c);
    assert_int_equal(ea.len, d1.events.len);
    assert_true(ea.len >= 2);
    assert_int_equal(ea.len, eb.len);
    for (size_t i = 0; i < ea.len; i++) {
        assert_string_equal(ea.items[i], eb.items[i]);
        assert_int_equal(strncmp(ea.items[i], BASE "event/", strlen(BASE "event/")), 0);
        /* each event cites its sentence and has its class */
        size_t n;
        find(&a, ea.items[i], NK_NS_PROV "wasDerivedFrom", &n);
        assert_true(n >= 1);
        find(&a, ea.items[i], NK_NS_RDF "type", &n);
        assert_int_equal(n, 2);
    }
    /* another text, other events */
    for (size_t i = 0; i < ec.len; i++)
        for (size_t j = 0; j < ea.len; j++)
            assert_string_not_equal(ec.items[i], ea.items[j]);
    /* the appeal's roles and CAMEO code */
    for (size_t i = 0; i < ea.len; i++)
        if (has(&a, ea.items[i], NK_NS_RDF "type", NKG "Appeal")) {
            assert_true(has(&a, ea.items[i], NKG "agent", BASE "person/kuleba"));
            assert_true(has(&a, ea.items[i], NKG "addressee", BASE "state/RUS"));
            assert_true(has(&a, ea.items[i], NKG "cameoCode", "020"));
            assert_true(has(&a, ea.items[i], NKG "topic", "to stop"));
            assert_true(has(&a, ea.items[i], NKG "date", "2022-03-07"));
        }
    free(ea.items), free(eb.items), free(ec.items);
    nk_doc_free(&d1), nk_doc_free(&d2), nk_doc_free(&d3);
    triples_free(&a), triples_free(&b), triples_free(&c);
    nk_entities_free(t1), nk_entities_free(t2);
}

/* The IRI of the fact node whose rdf:object is o and rdf:subject s. */
static const char *fact_iri(const triples *ts, const char *s, const char *o)
{
    for (size_t i = 0; i < ts->t.len; i++) {
        const triple *t = &ts->t.items[i];
        if (strcmp(t->p, NK_NS_RDF "object") == 0 && strcmp(t->o, o) == 0 && has(ts, t->s, NK_NS_RDF "subject", s))
            return t->s;
    }
    return NULL;
}

static void fact_iris_named_by_content(void **state)
{
    (void)state;
    triples a = {0}, b = {0};
    nk_entities *table = nk_entities_new();
    nk_doc d1, d2;
    graph_of("Ukrainian Foreign Minister Dmytro Kuleba met reporters in Kyiv.", table, &a, &d1);
    graph_of("On Friday, Ukrainian Foreign Minister Dmytro Kuleba spoke again.", table, &b, &d2);
    const char *f1 = fact_iri(&a, BASE "person/kuleba", "Foreign Minister");
    const char *f2 = fact_iri(&b, BASE "person/kuleba", "Foreign Minister");
    assert_non_null(f1);
    assert_non_null(f2);
    assert_string_equal(f1, f2);
    /* the name is the hash of subject, predicate and object */
    const char *content = "<" BASE "person/kuleba> <" NKG "role> \"Foreign Minister\"";
    char h[33], want[128];
    nk_hash_hex(content, strlen(content), h);
    snprintf(want, sizeof want, BASE "fact/%s", h);
    assert_string_equal(f1, want);
    /* the plain triple is asserted and the statement reified */
    assert_true(has(&a, BASE "person/kuleba", NKG "role", "Foreign Minister"));
    assert_true(has(&a, f1, NK_NS_RDF "type", NK_NS_RDF "Statement"));
    assert_true(has(&a, f1, NK_NS_RDF "predicate", NKG "role"));
    /* each document's node cites that document's sentence */
    char s1[160], s2[160];
    snprintf(s1, sizeof s1, BASE "doc/%s#char=0,%zu", d1.id, nk_cpindex_at(&d1.cp, d1.sentences.items[0].e));
    snprintf(s2, sizeof s2, BASE "doc/%s#char=0,%zu", d2.id, nk_cpindex_at(&d2.cp, d2.sentences.items[0].e));
    assert_true(has(&a, f1, NK_NS_PROV "wasDerivedFrom", s1));
    assert_true(has(&b, f2, NK_NS_PROV "wasDerivedFrom", s2));
    assert_false(has(&b, f2, NK_NS_PROV "wasDerivedFrom", s1));
    /* a fact from the shipped data cites its entry */
    const char *data_fact = fact_iri(&a, BASE "location/kyiv", BASE "state/UKR");
    assert_non_null(data_fact);
    assert_true(has(&a, data_fact, NK_NS_PROV "wasDerivedFrom", NK_GAZ_NS "kyiv"));
    nk_doc_free(&d1), nk_doc_free(&d2);
    triples_free(&a), triples_free(&b);
    nk_entities_free(table);
}

static void each_document_writes_its_facts(void **state)
{
    (void)state;
    triples a = {0}, b = {0};
    nk_entities *table = nk_entities_new();
    nk_doc d1, d2;
    graph_of("Ukrainian Foreign Minister Dmytro Kuleba met reporters.", table, &a, &d1);
    graph_of("Ukrainian Foreign Minister Dmytro Kuleba spoke again.", table, &b, &d2);
    const char *f1 = fact_iri(&a, BASE "person/kuleba", "Foreign Minister");
    assert_non_null(f1);
    /* the second document stands alone: the statement again, its own citation */
    size_t n;
    find(&b, f1, NK_NS_RDF "type", &n);
    assert_int_equal(n, 1);
    find(&b, f1, NK_NS_PROV "wasDerivedFrom", &n);
    assert_int_equal(n, 1);
    assert_true(has(&b, BASE "person/kuleba", NKG "role", "Foreign Minister"));
    nk_doc_free(&d1), nk_doc_free(&d2);
    triples_free(&a), triples_free(&b);
    nk_entities_free(table);
}

typedef struct {
    triples ts; /* first: the sink's context is this */
    size_t calls;
} counted;

static void count_block(void *ctx) { ((counted *)ctx)->calls++; }

/* Blocks of NK_ENTITIES_PER_BLOCK entities: the callback falls between
 * entities, never inside one's triples. */
static void entity_blocks_are_bounded(void **state)
{
    (void)state;
    counted c = {0};
    nk_entities *table = nk_entities_new();
    char key[32], *form = key + 7;
    for (size_t i = 0; i < NK_ENTITIES_PER_BLOCK * 2 + 5; i++) {
        snprintf(key, sizeof key, "person/p%06zu", i);
        nk_entities_put(table, &(nk_entity_record){key, NK_PERSON, 0, true, &form, 1});
    }
    char err[128];
    assert_true(nk_graph_entities(table, tu_kb(), BASE, collect, &c, count_block, err, sizeof err));
    assert_int_equal(c.calls, 2);
    assert_int_equal(c.ts.t.len, (NK_ENTITIES_PER_BLOCK * 2 + 5) * 2); /* a type and a label each */
    triples_free(&c.ts);
    nk_entities_free(table);
}

static void entities_described_once_sorted(void **state)
{
    (void)state;
    triples docs = {0}, ents = {0};
    nk_entities *table = nk_entities_new();
    nk_doc d1, d2;
    graph_of("Moldovan Foreign Minister Ion Vartanescu met reporters. Later, Vartaenscu left.", table, &docs,
             &d1);
    graph_of("Moldova and Ukraine signed a treaty. Foreign Minister Ion Vartanescu spoke.", table, &docs, &d2);
    char err[128];
    assert_true(nk_graph_entities(table, tu_kb(), BASE, collect, &ents, NULL, err, sizeof err));
    nk_buf g = {0};
    nk_graph_entities_iri(BASE, &g);
    assert_string_equal(g.data, BASE "graph/entities");
    for (size_t i = 0; i < ents.t.len; i++)
        assert_string_equal(ents.t.items[i].graph, g.data);
    nk_buf_free(&g);
    /* a gazetteer state: its label and ISO code */
    assert_true(has(&ents, BASE "state/MDA", NK_NS_RDF "type", NKG "State"));
    const triple *l = find(&ents, BASE "state/MDA", NK_NS_RDFS "label", NULL);
    assert_non_null(l);
    assert_string_equal(l->o, "Moldova");
    assert_string_equal(l->lang, "en");
    assert_true(has(&ents, BASE "state/MDA", NKG "isoCode", "MDA"));
    assert_true(has(&ents, BASE "state/MDA", NK_NS_SKOS "altLabel", "Moldovan"));
    /* a person found by pattern: the fullest name is the label, the rest alternatives */
    assert_true(has(&ents, BASE "person/vrtnsc", NK_NS_RDF "type", NKG "Official"));
    size_t n;
    l = find(&ents, BASE "person/vrtnsc", NK_NS_RDFS "label", &n);
    assert_int_equal(n, 1);
    assert_string_equal(l->o, "Ion Vartanescu");
    assert_true(has(&ents, BASE "person/vrtnsc", NK_NS_SKOS "altLabel", "Vartaenscu"));
    assert_false(has(&ents, BASE "person/vrtnsc", NK_NS_SKOS "altLabel", "Ion Vartanescu"));
    /* one type per entity, subjects in IRI order */
    strlist subjects = {0};
    for (size_t i = 0; i < ents.t.len; i++)
        if (strcmp(ents.t.items[i].p, NK_NS_RDF "type") == 0)
            NK_PUSH(subjects, ents.t.items[i].s);
    assert_int_equal(subjects.len, 3); /* Moldova, Ukraine, Vartanescu */
    for (size_t i = 1; i < subjects.len; i++)
        assert_true(strcmp(subjects.items[i - 1], subjects.items[i]) < 0);
    free(subjects.items);
    /* every entity that is described has a mention in some document */
    for (size_t i = 0; i < ents.t.len; i++)
        if (strcmp(ents.t.items[i].p, NK_NS_RDF "type") == 0) {
            bool mentioned = false;
            for (size_t k = 0; k < docs.t.len && !mentioned; k++)
                mentioned = strcmp(docs.t.items[k].p, NK_NS_ITS "taIdentRef") == 0 &&
                            strcmp(docs.t.items[k].o, ents.t.items[i].s) == 0;
            if (!mentioned)
                fail_msg("entity %s has no mention", ents.t.items[i].s);
        }
    nk_doc_free(&d1), nk_doc_free(&d2);
    triples_free(&docs), triples_free(&ents);
    nk_entities_free(table);
}

static void base_iri_used_everywhere(void **state)
{
    (void)state;
    triples ts = {0};
    nk_entities *table = nk_entities_new();
    nk_doc d;
    tu_doc(&d, "Kenya and Egypt called on Sudan to stop the fighting.", 2023, 5, 31);
    nk_graph_doc(&d, tu_kb(), "urn:x-test:", table, collect, &ts);
    char err[128];
    assert_true(nk_graph_entities(table, tu_kb(), "urn:x-test:", collect, &ts, NULL, err, sizeof err));
    for (size_t i = 0; i < ts.t.len; i++) {
        const triple *t = &ts.t.items[i];
        bool ok = strncmp(t->s, "urn:x-test:", 11) == 0;
        if (!ok)
            fail_msg("subject outside the base: %s", t->s);
    }
    assert_true(has(&ts, "urn:x-test:state/KEN", NK_NS_RDF "type", NKG "State"));
    nk_doc_free(&d);
    triples_free(&ts);
    nk_entities_free(table);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(document_node),
        cmocka_unit_test(optional_metadata),
        cmocka_unit_test(anchors_are_code_point_slices),
        cmocka_unit_test(event_iris_stable_across_runs),
        cmocka_unit_test(fact_iris_named_by_content),
        cmocka_unit_test(each_document_writes_its_facts),
        cmocka_unit_test(entity_blocks_are_bounded),
        cmocka_unit_test(entities_described_once_sorted),
        cmocka_unit_test(base_iri_used_everywhere),
    };
    return cmocka_run_group_tests_name("graph", tests, NULL, NULL);
}
