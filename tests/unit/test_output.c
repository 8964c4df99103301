/* test_output.c — writing triples through a temporary file that is renamed
 * into place only when complete; read back with raptor.  N-Triples and
 * N-Quads are written by newskg itself and compared, byte for byte, with
 * what raptor's serializers write for the same terms. */
#include "testutil.h"

#include "graph.h"
#include "output.h"

#include <dirent.h>
#include <raptor2.h>

#define EX "http://example.org/"

/* raptor 2.0.15's N-Triples/N-Quads parser (used here only to read the
 * output back; newskg itself never parses those) leaks the datatype URI
 * of a typed literal and with it a reference to one of the world's concept
 * URIs: not newskg's leaks, so LeakSanitizer is told so (with full
 * stacks, so that the suppressions see past raptor's frames). */
const char *__asan_default_options(void);
const char *__asan_default_options(void) { return "fast_unwind_on_malloc=0"; }
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:raptor_ntriples_parse_term\nleak:raptor_concepts_init\n";
}

/* ------------------------------------------------------------ helpers */

static nk_term iri(const char *s) { return (nk_term){NK_TERM_IRI, s, strlen(s), NULL, NULL}; }
static nk_term lit(const char *s, const char *dt, const char *lang)
{
    return (nk_term){NK_TERM_LITERAL, s, strlen(s), dt, lang};
}

static void put(nk_writer *w, nk_term s, nk_term p, nk_term o, const char *graph)
{
    nk_writer_sink(w, &s, &p, &o, graph);
}

/* Writes the four sample triples. */
static void write_sample(nk_writer *w)
{
    nk_writer_block(w);
    put(w, iri(EX "s"), iri(EX "p"), iri(EX "o"), EX "g1");
    put(w, iri(EX "s"), iri(EX "name"), lit("Caf\xC3\xA9 \"quoted\"\nline", NULL, "en"), EX "g1");
    nk_writer_block(w);
    put(w, iri(EX "s"), iri(EX "count"), lit("5", NK_NS_XSD "integer", NULL), EX "g2");
    put(w, iri(EX "t"), iri(EX "p"), lit("plain", NULL, NULL), EX "g2");
}

typedef struct {
    size_t n, with_graph;
    bool saw_name, saw_count;
} parsed;

static void on_statement(void *ud, raptor_statement *st)
{
    parsed *p = ud;
    p->n++;
    if (st->graph)
        p->with_graph++;
    if (st->object->type == RAPTOR_TERM_TYPE_LITERAL) {
        const char *v = (const char *)st->object->value.literal.string;
        if (strcmp(v, "Caf\xC3\xA9 \"quoted\"\nline") == 0 && st->object->value.literal.language &&
            strcmp((const char *)st->object->value.literal.language, "en") == 0)
            p->saw_name = true;
        if (strcmp(v, "5") == 0 && st->object->value.literal.datatype &&
            strcmp((const char *)raptor_uri_as_string(st->object->value.literal.datatype), NK_NS_XSD "integer") == 0)
            p->saw_count = true;
    }
}

/* Parses path with raptor's parser for syntax; counts statements. */
static parsed parse_back(const char *path, const char *syntax)
{
    parsed p = {0};
    raptor_world *w = raptor_new_world();
    raptor_world_open(w);
    raptor_parser *rp = raptor_new_parser(w, syntax);
    assert_non_null(rp);
    raptor_parser_set_statement_handler(rp, &p, on_statement);
    unsigned char *us = raptor_uri_filename_to_uri_string(path);
    raptor_uri *u = raptor_new_uri(w, us);
    int rc = raptor_parser_parse_file(rp, u, u);
    raptor_free_uri(u);
    raptor_free_memory(us);
    raptor_free_parser(rp);
    raptor_free_world(w);
    if (rc)
        fail_msg("%s does not parse as %s", path, syntax);
    return p;
}

static bool exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* Number of entries in dir (not counting . and ..). */
static size_t entries(const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return n;
}

/* ------------------------------------------------------------ tests */

static void format_names(void **state)
{
    (void)state;
    nk_format f;
    assert_true(nk_format_parse("turtle", &f));
    assert_int_equal(f, NK_FMT_TURTLE);
    assert_true(nk_format_parse("TTL", &f));
    assert_int_equal(f, NK_FMT_TURTLE);
    assert_true(nk_format_parse("nt", &f));
    assert_int_equal(f, NK_FMT_NTRIPLES);
    assert_true(nk_format_parse("nquads", &f));
    assert_int_equal(f, NK_FMT_NQUADS);
    assert_true(nk_format_parse("xml", &f));
    assert_int_equal(f, NK_FMT_RDFXML);
    assert_false(nk_format_parse("json", &f));
    assert_false(nk_format_parse("", &f));
    assert_true(nk_format_from_path("out/graph.nq", &f));
    assert_int_equal(f, NK_FMT_NQUADS);
    assert_true(nk_format_from_path("graph.rdf", &f));
    assert_int_equal(f, NK_FMT_RDFXML);
    assert_true(nk_format_from_path("graph.ttl", &f));
    assert_int_equal(f, NK_FMT_TURTLE);
    assert_false(nk_format_from_path("graph", &f));
    assert_false(nk_format_from_path("graph.txt", &f));
}

static void ntriples_file_appears_only_on_close(void **state)
{
    const char *dir = *state;
    char path[512], err[512] = "";
    tu_path(path, sizeof path, dir, "graph.nt");
    nk_writer *w = nk_writer_open(path, NK_FMT_NTRIPLES, err, sizeof err);
    assert_non_null(w);
    const char *tmp = nk_writer_temp_path(w);
    assert_non_null(tmp);
    assert_int_equal(strncmp(tmp, path, strlen(path)), 0); /* beside the target, same folder */
    assert_true(exists(tmp));
    write_sample(w);
    assert_false(exists(path));
    char tmp_copy[600];
    snprintf(tmp_copy, sizeof tmp_copy, "%s", tmp);
    assert_true(nk_writer_close(w, err, sizeof err));
    assert_true(exists(path));
    assert_false(exists(tmp_copy));
    assert_int_equal(entries(dir), 1);
    size_t n;
    char *text = tu_read(path, &n);
    assert_non_null(strstr(text, "<" EX "s> <" EX "p> <" EX "o> .\n"));
    assert_non_null(strstr(text, "<" EX "t> <" EX "p> \"plain\" .\n"));
    assert_non_null(strstr(text, "\"5\"^^<" NK_NS_XSD "integer>"));
    assert_null(strstr(text, EX "g1")); /* N-Triples has no graphs */
    free(text);
    parsed p = parse_back(path, "ntriples");
    assert_int_equal(p.n, 4);
    assert_true(p.saw_name);
    assert_true(p.saw_count);
}

static void nquads_keep_the_graph(void **state)
{
    const char *dir = *state;
    char path[512], err[512] = "";
    tu_path(path, sizeof path, dir, "graph.nq");
    nk_writer *w = nk_writer_open(path, NK_FMT_NQUADS, err, sizeof err);
    assert_non_null(w);
    write_sample(w);
    assert_true(nk_writer_close(w, err, sizeof err));
    char *text = tu_read(path, NULL);
    assert_non_null(strstr(text, "<" EX "s> <" EX "p> <" EX "o> <" EX "g1> .\n"));
    assert_non_null(strstr(text, "<" EX "t> <" EX "p> \"plain\" <" EX "g2> .\n"));
    free(text);
    parsed p = parse_back(path, "nquads");
    assert_int_equal(p.n, 4);
    assert_int_equal(p.with_graph, 4);
}

static void turtle_blocks_and_rdfxml_parse_back(void **state)
{
    const char *dir = *state;
    char path[512], err[512] = "";
    tu_path(path, sizeof path, dir, "graph.ttl");
    nk_writer *w = nk_writer_open(path, NK_FMT_TURTLE, err, sizeof err);
    assert_non_null(w);
    write_sample(w);
    assert_true(nk_writer_close(w, err, sizeof err));
    char *text = tu_read(path, NULL);
    assert_non_null(strstr(text, "@prefix nkg:"));
    free(text);
    parsed p = parse_back(path, "turtle");
    assert_int_equal(p.n, 4); /* each block once: nothing re-emitted */
    assert_true(p.saw_name);
    assert_true(p.saw_count);

    tu_path(path, sizeof path, dir, "graph.rdf");
    w = nk_writer_open(path, NK_FMT_RDFXML, err, sizeof err);
    assert_non_null(w);
    write_sample(w);
    assert_true(nk_writer_close(w, err, sizeof err));
    p = parse_back(path, "rdfxml");
    assert_int_equal(p.n, 4);
    assert_true(p.saw_name);
    assert_true(p.saw_count);
}

static void existing_graph_replaced_only_on_close(void **state)
{
    const char *dir = *state;
    char path[512], err[512] = "";
    tu_path(path, sizeof path, dir, "graph.nt");
    tu_write(path, "old graph\n", 10);
    nk_writer *w = nk_writer_open(path, NK_FMT_NTRIPLES, err, sizeof err);
    assert_non_null(w);
    write_sample(w);
    char *text = tu_read(path, NULL);
    assert_string_equal(text, "old graph\n");
    free(text);
    assert_int_equal(entries(dir), 2); /* the graph and the temporary file */
    assert_true(nk_writer_close(w, err, sizeof err));
    assert_int_equal(parse_back(path, "ntriples").n, 4);
    assert_int_equal(entries(dir), 1);
}

static void abort_leaves_old_graph(void **state)
{
    const char *dir = *state;
    char path[512], err[512] = "";
    tu_path(path, sizeof path, dir, "graph.nt");
    tu_write(path, "old graph\n", 10);
    /* interrupted before any triple */
    nk_writer *w = nk_writer_open(path, NK_FMT_NTRIPLES, err, sizeof err);
    assert_non_null(w);
    assert_int_equal(entries(dir), 2);
    nk_writer_abort(w);
    char *text = tu_read(path, NULL);
    assert_string_equal(text, "old graph\n");
    free(text);
    assert_int_equal(entries(dir), 1);
    nk_writer_abort(NULL);
}

static void abort_after_writing(void **state)
{
    const char *dir = *state;
    char path[512], err[512] = "";
    tu_path(path, sizeof path, dir, "graph.ttl");
    tu_write(path, "old graph\n", 10);
    nk_writer *w = nk_writer_open(path, NK_FMT_TURTLE, err, sizeof err);
    assert_non_null(w);
    write_sample(w);
    nk_writer_abort(w);
    char *text = tu_read(path, NULL);
    assert_string_equal(text, "old graph\n");
    free(text);
    assert_int_equal(entries(dir), 1);
}

static void unwritable_path_fails_with_message(void **state)
{
    const char *dir = *state;
    char path[512], err[512] = "";
    tu_path(path, sizeof path, dir, "missing-folder/graph.nt");
    nk_writer *w = nk_writer_open(path, NK_FMT_NTRIPLES, err, sizeof err);
    assert_null(w);
    if (!strstr(err, path))
        fail_msg("message does not name the path: %s", err);
    assert_non_null(strstr(err, "No such file or directory"));
    assert_int_equal(entries(dir), 0);
}

static void document_graph_through_writer(void **state)
{
    const char *dir = *state;
    char path[512], err[512] = "";
    tu_path(path, sizeof path, dir, "doc.nq");
    nk_doc d;
    tu_doc(&d,
           "Ukrainian Foreign Minister Dmytro Kuleba met his counterpart in Warsaw on Monday. "
           "\xE2\x80\x9CWe call on Russia to stop,\xE2\x80\x9D Kuleba said.",
           2022, 3, 9);
    nk_writer *w = nk_writer_open(path, NK_FMT_NQUADS, err, sizeof err);
    assert_non_null(w);
    nk_entities *table = nk_entities_new();
    nk_writer_block(w);
    nk_graph_doc(&d, tu_kb(), NK_DEFAULT_BASE, table, nk_writer_sink, w);
    nk_writer_block(w);
    assert_true(nk_graph_entities(table, tu_kb(), NK_DEFAULT_BASE, nk_writer_sink, w, NULL, err, sizeof err));
    nk_entities_free(table);
    assert_true(nk_writer_close(w, err, sizeof err));
    parsed p = parse_back(path, "nquads");
    assert_true(p.n > 50);
    assert_int_equal(p.with_graph, p.n);
    char *text = tu_read(path, NULL);
    char want[200];
    snprintf(want, sizeof want, "<%sdoc/%s>", NK_DEFAULT_BASE, d.id);
    assert_non_null(strstr(text, want));
    assert_non_null(strstr(text, "<" NK_DEFAULT_BASE "person/kuleba> <" NK_NKG_NS "role> \"Foreign Minister\""));
    free(text);
    nk_doc_free(&d);
}

/* ------------------------------------------------------------ same bytes as raptor */

/* What raptor's serializer for syntax writes for these statements. */
static char *raptor_writes(const char *syntax, const nk_term *terms, size_t n_statements, const char *graph)
{
    raptor_world *world = raptor_new_world();
    raptor_world_open(world);
    raptor_serializer *ser = raptor_new_serializer(world, syntax);
    void *out = NULL;
    size_t len = 0;
    raptor_iostream *io = raptor_new_iostream_to_string(world, &out, &len, malloc);
    raptor_serializer_start_to_iostream(ser, NULL, io);
    for (size_t i = 0; i < n_statements; i++) {
        raptor_statement st;
        raptor_statement_init(&st, world);
        raptor_term **slot[3] = {&st.subject, &st.predicate, &st.object};
        for (int k = 0; k < 3; k++) {
            const nk_term *t = &terms[3 * i + k];
            if (t->kind == NK_TERM_IRI) {
                *slot[k] = raptor_new_term_from_counted_uri_string(world, (const unsigned char *)t->value, t->len);
            } else {
                raptor_uri *dt = t->datatype ? raptor_new_uri(world, (const unsigned char *)t->datatype) : NULL;
                *slot[k] = raptor_new_term_from_counted_literal(world, (const unsigned char *)t->value, t->len, dt,
                                                               (const unsigned char *)t->lang,
                                                               t->lang ? (unsigned char)strlen(t->lang) : 0);
                if (dt)
                    raptor_free_uri(dt);
            }
        }
        if (graph)
            st.graph = raptor_new_term_from_uri_string(world, (const unsigned char *)graph);
        raptor_serializer_serialize_statement(ser, &st);
        raptor_statement_clear(&st);
    }
    raptor_serializer_serialize_end(ser);
    raptor_free_serializer(ser);
    raptor_free_iostream(io);
    raptor_free_world(world);
    return out ? out : strdup("");
}

/* What newskg's writer writes for them. */
static char *newskg_writes(nk_format fmt, const nk_term *terms, size_t n_statements, const char *graph)
{
    FILE *f = tmpfile();
    assert_non_null(f);
    nk_writer *w = nk_writer_open_stream(f, fmt);
    nk_writer_block(w);
    for (size_t i = 0; i < n_statements; i++)
        nk_writer_sink(w, &terms[3 * i], &terms[3 * i + 1], &terms[3 * i + 2], graph);
    char err[256];
    assert_true(nk_writer_close(w, err, sizeof err));
    long n = ftell(f);
    char *text = calloc(1, (size_t)n + 1);
    rewind(f);
    assert_int_equal(fread(text, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    return text;
}

static void same_as_raptor(const nk_term *terms, size_t n_statements, const char *graph)
{
    static const struct { nk_format fmt; const char *syntax; } formats[] = {
        {NK_FMT_NTRIPLES, "ntriples"}, {NK_FMT_NQUADS, "nquads"}};
    for (size_t f = 0; f < 2; f++) {
        char *want = raptor_writes(formats[f].syntax, terms, n_statements, graph);
        char *got = newskg_writes(formats[f].fmt, terms, n_statements, graph);
        if (strcmp(want, got) != 0)
            fail_msg("%s differs from raptor's:\n%s\nraptor:\n%s", formats[f].syntax, got, want);
        free(want);
        free(got);
    }
}

/* Every byte value, alone and between others, in an IRI, a plain literal,
 * a literal with a language and one with a datatype. */
static void every_byte_escaped_as_raptor_does(void **state)
{
    (void)state;
    for (int b = 1; b < 256; b++) {
        char s[8], u[32];
        snprintf(s, sizeof s, "a%cz", b);
        snprintf(u, sizeof u, EX "x%cy", b);
        nk_term terms[] = {
            iri(u), iri(EX "p"), lit(s, NULL, NULL),
            iri(EX "s"), iri(u), lit(s, NULL, "en"),
            iri(EX "s"), iri(EX "p"), lit(s, NK_NS_XSD "string", NULL),
            iri(EX "s"), iri(EX "p"), iri(u),
        };
        same_as_raptor(terms, 4, u);
    }
}

/* Random strings: ASCII, well-formed UTF-8 of every length, and the broken
 * sequences raptor stops at (stray continuation bytes, cut-short, overlong,
 * U+FFFE, 5- and 6-byte forms), with a NUL now and then; and a literal
 * longer than the writer's buffer. */
static void random_strings_escaped_as_raptor_does(void **state)
{
    (void)state;
    static const char *pieces[] = {
        "a", "Z", " ", "\"", "\\", "<", ">", "{", "`", "\t", "\n", "\r", "\x7f", "\x01",
        "\xC3\xA9", "\xE2\x80\x9C", "\xF0\x9F\x98\x80", "\xEF\xBF\xBD", "\xD5\x80", "\xED\xA0\x80",
        "\x80", "\xBF", "\xC3", "\xE2\x80", "\xC0\xAF", "\xE0\x80\x80", "\xEF\xBF\xBE", "\xEF\xBF\xBF", "\xF4\x90\x80\x80",
        "\xF8\x80\x80\x80\x80", "\xFC\x80\x80\x80\x80\x80", "\xFE", "\xFF", "\xC3" "A",
    };
    const size_t npieces = sizeof pieces / sizeof *pieces;
    uint64_t seed = 42;
    for (int round = 0; round < 2000; round++) {
        char s[128] = "", u[160];
        size_t len = 0;
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        int n = (int)(seed >> 60);
        for (int i = 0; i < n; i++) {
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            const char *piece = pieces[(seed >> 33) % npieces];
            memcpy(s + len, piece, strlen(piece));
            len += strlen(piece);
        }
        if (round % 50 == 7 && len > 2)
            s[len / 2] = '\0'; /* counted strings with a NUL inside */
        snprintf(u, sizeof u, EX "%s", s);
        nk_term terms[] = {
            iri(u), iri(EX "p"), (nk_term){NK_TERM_LITERAL, s, len, NULL, NULL},
            iri(EX "s"), iri(EX "p"), (nk_term){NK_TERM_LITERAL, s, len, NULL, "en"},
        };
        same_as_raptor(terms, 2, EX "g");
    }
    size_t big = 200000;
    char *text = malloc(big + 1);
    for (size_t i = 0; i < big; i++)
        text[i] = "ab\"c\n\xC3\xA9"[i % 7];
    text[big - 1] = 'x'; /* no sequence cut at the end */
    text[big] = '\0';
    nk_term terms[] = {iri(EX "s"), iri(EX "p"), (nk_term){NK_TERM_LITERAL, text, big, NULL, NULL}};
    same_as_raptor(terms, 1, NULL);
    free(text);
}

/* A Turtle block too large to lay out in memory (the entities of a big
 * corpus) is checked, then streamed: the same bytes as raptor's. */
static void large_turtle_block_same_as_raptor(void **state)
{
    (void)state;
    const size_t n = 40000;
    nk_term *terms = calloc(3 * n, sizeof *terms);
    char (*subj)[64] = calloc(n, sizeof *subj), (*text)[160] = calloc(n, sizeof *text);
    for (size_t i = 0; i < n; i++) {
        snprintf(subj[i], sizeof subj[i], EX "entity/%zu", (i * 7919) % (n / 2));
        snprintf(text[i], sizeof text[i], "name %zu, a label long enough to make the block large: %0100zu", i, i);
        terms[3 * i] = iri(subj[i]);
        terms[3 * i + 1] = iri(i % 2 ? NK_NS_SKOS "altLabel" : NK_NS_RDFS "label");
        terms[3 * i + 2] = lit(text[i], NULL, "en");
    }
    /* raptor's text, as output.c's stream into raptor wrote it */
    raptor_world *world = raptor_new_world();
    raptor_world_open(world);
    raptor_serializer *ser = raptor_new_serializer(world, "turtle");
    static const struct { const char *prefix, *uri; } ns[] = {
        {"nkg", NK_NKG_NS},       {"nif", NK_NS_NIF},       {"itsrdf", NK_NS_ITS},  {"prov", NK_NS_PROV},
        {"dcterms", NK_NS_DCT},   {"skos", NK_NS_SKOS},     {"schema", NK_NS_SCHEMA}, {"rdf", NK_NS_RDF},
        {"rdfs", NK_NS_RDFS},     {"xsd", NK_NS_XSD},
    };
    for (size_t i = 0; i < sizeof ns / sizeof *ns; i++) {
        raptor_uri *u = raptor_new_uri(world, (const unsigned char *)ns[i].uri);
        raptor_serializer_set_namespace(ser, u, (const unsigned char *)ns[i].prefix);
        raptor_free_uri(u);
    }
    void *want = NULL;
    size_t want_len = 0;
    raptor_iostream *io = raptor_new_iostream_to_string(world, &want, &want_len, malloc);
    raptor_serializer_start_to_iostream(ser, NULL, io);
    for (size_t i = 0; i < n; i++) {
        raptor_statement st;
        raptor_statement_init(&st, world);
        st.subject = raptor_new_term_from_uri_string(world, (const unsigned char *)subj[i]);
        st.predicate = raptor_new_term_from_uri_string(world, (const unsigned char *)terms[3 * i + 1].value);
        st.object = raptor_new_term_from_literal(world, (const unsigned char *)text[i], NULL, (const unsigned char *)"en");
        raptor_serializer_serialize_statement(ser, &st);
        raptor_statement_clear(&st);
    }
    raptor_serializer_serialize_end(ser);
    raptor_free_serializer(ser);
    raptor_free_iostream(io);
    raptor_free_world(world);

    FILE *f = tmpfile();
    nk_writer *w = nk_writer_open_stream(f, NK_FMT_TURTLE);
    nk_writer_block(w);
    for (size_t i = 0; i < n; i++)
        nk_writer_sink(w, &terms[3 * i], &terms[3 * i + 1], &terms[3 * i + 2], NULL);
    char err[256];
    assert_true(nk_writer_close(w, err, sizeof err));
    long got_len = ftell(f);
    assert_true(got_len > (long)(4u << 20)); /* past the size output.c streams from */
    assert_int_equal((size_t)got_len, want_len);
    char *got = malloc((size_t)got_len);
    rewind(f);
    assert_int_equal(fread(got, 1, (size_t)got_len, f), (size_t)got_len);
    fclose(f);
    assert_memory_equal(got, want, want_len);
    free(got);
    free(want);
    free(terms), free(subj), free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(format_names),
        TU_DIR_TEST(ntriples_file_appears_only_on_close),
        TU_DIR_TEST(nquads_keep_the_graph),
        TU_DIR_TEST(turtle_blocks_and_rdfxml_parse_back),
        TU_DIR_TEST(existing_graph_replaced_only_on_close),
        TU_DIR_TEST(abort_leaves_old_graph),
        TU_DIR_TEST(abort_after_writing),
        TU_DIR_TEST(unwritable_path_fails_with_message),
        TU_DIR_TEST(document_graph_through_writer),
        cmocka_unit_test(every_byte_escaped_as_raptor_does),
        cmocka_unit_test(random_strings_escaped_as_raptor_does),
        cmocka_unit_test(large_turtle_block_same_as_raptor),
    };
    return cmocka_run_group_tests_name("output", tests, NULL, NULL);
}
