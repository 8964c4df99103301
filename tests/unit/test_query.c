/* test_query.c — SPARQL over a graph file: refusals of what the embedded
 * engine gets wrong, predeclared prefixes, results, errors. */
#include "testutil.h"
#include "query.h"

static void refuses_what_rasqal_gets_wrong(void **state)
{
    (void)state;
    assert_string_equal(nk_query_unsupported("SELECT * { ?s ?p ?o MINUS { ?s a ?c } }"), "MINUS");
    assert_non_null(nk_query_unsupported("SELECT * { ?s ?p ?o FILTER NOT EXISTS { ?s a ?c } }"));
    assert_non_null(nk_query_unsupported("SELECT * { ?s ?p ?o FILTER EXISTS { ?s a ?c } }"));
    assert_string_equal(nk_query_unsupported("SELECT * { VALUES ?s { <a:b> } ?s ?p ?o }"), "VALUES");
    assert_string_equal(nk_query_unsupported("SELECT * { ?s nkg:agent/rdfs:label ?o }"), "property path");
    assert_string_equal(nk_query_unsupported("SELECT * { ?s <a:p>+ ?o }"), "property path");
    assert_string_equal(nk_query_unsupported("SELECT * { ?s ^nkg:agent ?o }"), "property path");
    assert_string_equal(nk_query_unsupported("SELECT * { ?s nkg:a|nkg:b ?o }"), "property path");
    assert_non_null(nk_query_unsupported("SELECT (COUNT(DISTINCT ?o) AS ?n) { ?s ?p ?o }"));
    assert_non_null(nk_query_unsupported("SELECT (count ( distinct ?o) AS ?n) { ?s ?p ?o }"));
    assert_non_null(nk_query_unsupported("SELECT ?s { ?s ?p ?o OPTIONAL { ?s a ?c } BIND(1 AS ?x) }"));
    assert_non_null(nk_query_unsupported("SELECT (COUNT(*) AS ?n) { ?s ?p ?o } GROUP BY (STR(?s))"));
}

static void accepts_plain_sparql(void **state)
{
    (void)state;
    /* keywords inside strings, IRIs, comments, variables and prefixed
     * names are not constructs; arithmetic and operators are not paths */
    assert_null(nk_query_unsupported("SELECT * { ?s rdfs:label \"MINUS | VALUES / x\" }"));
    assert_null(nk_query_unsupported("SELECT * { ?s <http://ex.org/a/b?c=d> ?o } # MINUS"));
    assert_null(nk_query_unsupported("SELECT ?values { ?s nkg:exists ?values }"));
    assert_null(nk_query_unsupported("SELECT * { ?s ?p ?o FILTER(?o < 5 || ?o > 7 && ?o != 6) }"));
    assert_null(nk_query_unsupported("SELECT (?a / ?b AS ?r) (COUNT(*) AS ?n) { ?s ?p ?o } GROUP BY ?s"));
    assert_null(nk_query_unsupported("SELECT * { ?s ?p ?o } ORDER BY DESC(?o) LIMIT 3"));
    assert_null(nk_query_unsupported("SELECT ?e (COUNT(?d) AS ?n) { { SELECT DISTINCT ?e ?d { ?e ?p ?d } } } GROUP BY ?e"));
    assert_null(nk_query_unsupported("ASK { ?s a nkg:Appeal OPTIONAL { ?s nkg:topic ?t } FILTER(!BOUND(?t)) }"));
}

static void prefixes_declared_unless_the_query_does(void **state)
{
    (void)state;
    char *q = nk_query_with_prefixes("PREFIX nkg: <http://example.org/mine#>\nSELECT * { ?s a nkg:X }");
    assert_null(strstr(q, "PREFIX nkg: <https://w3id.org"));
    assert_non_null(strstr(q, "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>"));
    /* one line in front, so line numbers move by one */
    const char *nl = strchr(q, '\n');
    assert_non_null(nl);
    assert_string_equal(nl + 1, "PREFIX nkg: <http://example.org/mine#>\nSELECT * { ?s a nkg:X }");
    free(q);
}

static const char graph_ttl[] =
    "@prefix nkg: <https://w3id.org/newskg/ontology#> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    "<http://ex.org/e1> a nkg:Appeal ; nkg:agent <http://ex.org/arm> .\n"
    "<http://ex.org/e2> a nkg:Appeal ; nkg:agent <http://ex.org/arm> .\n"
    "<http://ex.org/arm> a nkg:State ; rdfs:label \"Armenia\"@en .\n";

static char *run(nk_graph_source *src, const char *q, const char *fmt, bool *ok, char *err, size_t errlen)
{
    char *mem = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&mem, &len);
    *ok = nk_query_run(src, q, fmt, out, err, errlen);
    fclose(out);
    return mem;
}

static void runs_over_a_graph_file(void **state)
{
    char path[512], err[1024];
    tu_path(path, sizeof path, *state, "g.ttl");
    tu_write(path, graph_ttl, strlen(graph_ttl));
    nk_graph_source src;
    assert_true(nk_source_load_file(&src, path, err, sizeof err));
    bool ok;
    char *out = run(&src, "SELECT ?a (COUNT(?e) AS ?n) WHERE { ?e a nkg:Appeal ; nkg:agent ?a } GROUP BY ?a", "tsv",
                    &ok, err, sizeof err);
    assert_true(ok);
    assert_non_null(strstr(out, "<http://ex.org/arm>\t2"));
    free(out);
    out = run(&src, "SELECT ?l WHERE { ?s rdfs:label ?l }", "json", &ok, err, sizeof err);
    assert_true(ok);
    assert_non_null(strstr(out, "\"xml:lang\": \"en\""));
    free(out);
    /* a join that binds whole triples: answered by lookups (lookup.c) */
    out = run(&src, "SELECT ?e WHERE { ?e a nkg:Appeal ; nkg:agent <http://ex.org/arm> } ORDER BY ?e", "tsv", &ok,
              err, sizeof err);
    assert_true(ok);
    assert_string_equal(out, "?e\n<http://ex.org/e1>\n<http://ex.org/e2>\n");
    free(out);
    out = run(&src, "SELECT ?e WHERE { ?e a nkg:Appeal ; nkg:agent <http://ex.org/aze> }", "tsv", &ok, err, sizeof err);
    assert_true(ok);
    assert_null(strstr(out, "http://ex.org/e"));
    free(out);
    out = run(&src, "ASK { ?s a nkg:Meeting }", "table", &ok, err, sizeof err);
    assert_true(ok);
    assert_string_equal(out, "false\n");
    free(out);
    /* errors: nothing written, the reason given */
    out = run(&src, "SELECT ?s WHERE { ?s ?p }", "tsv", &ok, err, sizeof err);
    assert_false(ok);
    assert_string_equal(out, "");
    assert_non_null(strstr(err, "syntax error"));
    free(out);
    out = run(&src, "SELECT ?s WHERE { ?s ?p ?o MINUS { ?s a nkg:State } }", "tsv", &ok, err, sizeof err);
    assert_false(ok);
    assert_string_equal(out, "");
    assert_non_null(strstr(err, "MINUS"));
    free(out);
    out = run(&src, "SELECT ?s WHERE { ?s ?p ?o }", "turtle", &ok, err, sizeof err);
    assert_false(ok);
    free(out);
    nk_source_free(&src);
}

static void bad_graph_files_named(void **state)
{
    char path[512], err[1024];
    nk_graph_source src;
    tu_path(path, sizeof path, *state, "missing.nt");
    assert_false(nk_source_load_file(&src, path, err, sizeof err));
    assert_non_null(strstr(err, "missing.nt"));
    tu_path(path, sizeof path, *state, "broken.nt");
    tu_write(path, "<a:b> <c:d> \"unterminated .\n", 28);
    assert_false(nk_source_load_file(&src, path, err, sizeof err));
    assert_non_null(strstr(err, "broken.nt"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(refuses_what_rasqal_gets_wrong),
        cmocka_unit_test(accepts_plain_sparql),
        cmocka_unit_test(prefixes_declared_unless_the_query_does),
        TU_DIR_TEST(runs_over_a_graph_file),
        TU_DIR_TEST(bad_graph_files_named),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
