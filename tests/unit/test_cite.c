/* test_cite.c — citations of an event, an entity and a fact, read from a
 * small graph in the shape newskg writes. */
#include "testutil.h"
#include "cite.h"
#include "query.h"

static const char graph_ttl[] =
    "@prefix nkg: <https://w3id.org/newskg/ontology#> .\n"
    "@prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .\n"
    "@prefix itsrdf: <http://www.w3.org/2005/11/its/rdf#> .\n"
    "@prefix prov: <http://www.w3.org/ns/prov#> .\n"
    "@prefix dcterms: <http://purl.org/dc/terms/> .\n"
    "@prefix schema: <https://schema.org/> .\n"
    "@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
    "<http://ex.org/doc/b> dcterms:source \"b.txt\" ; dcterms:date \"2023-05-02\"^^xsd:date ;\n"
    "  dcterms:publisher \"Wire \\\"B\\\"\" ; schema:url <https://news.example/b> .\n"
    "<http://ex.org/doc/a> dcterms:source \"a.txt\" ; dcterms:date \"2023-05-01\"^^xsd:date .\n"
    "<http://ex.org/doc/a#char=0,20> a nif:Sentence ; nif:anchorOf \"Kyiv called on Rus.\" ;\n"
    "  nif:beginIndex \"0\"^^xsd:nonNegativeInteger ; nif:endIndex \"20\"^^xsd:nonNegativeInteger ;\n"
    "  nif:referenceContext <http://ex.org/doc/a> .\n"
    "<http://ex.org/doc/b#char=5,30> a nif:Sentence ; nif:anchorOf \"Kyiv urged talks.\" ;\n"
    "  nif:beginIndex \"5\"^^xsd:nonNegativeInteger ; nif:endIndex \"30\"^^xsd:nonNegativeInteger ;\n"
    "  nif:referenceContext <http://ex.org/doc/b> .\n"
    "<http://ex.org/doc/b#char=5,9> a nif:Phrase ; nif:anchorOf \"Kyiv\" ; nif:sentence <http://ex.org/doc/b#char=5,30> ;\n"
    "  nif:beginIndex \"5\"^^xsd:nonNegativeInteger ; nif:endIndex \"9\"^^xsd:nonNegativeInteger ;\n"
    "  itsrdf:taIdentRef <http://ex.org/state/UKR> .\n"
    "<http://ex.org/doc/a#char=0,4> a nif:Phrase ; nif:anchorOf \"Kyiv\" ; nif:sentence <http://ex.org/doc/a#char=0,20> ;\n"
    "  nif:beginIndex \"0\"^^xsd:nonNegativeInteger ; nif:endIndex \"4\"^^xsd:nonNegativeInteger ;\n"
    "  itsrdf:taIdentRef <http://ex.org/state/UKR> .\n"
    "<http://ex.org/state/UKR> a nkg:State ; rdfs:label \"Ukraine\"@en .\n"
    "<http://ex.org/event/1> a nkg:Appeal, nkg:Event ; prov:wasDerivedFrom <http://ex.org/doc/b#char=5,30>, <http://ex.org/doc/a#char=0,20> .\n"
    "<http://ex.org/fact/1> a rdf:Statement ; rdf:subject <http://ex.org/state/UKR> ; rdf:predicate nkg:capital ;\n"
    "  rdf:object <http://ex.org/location/kyiv> ; prov:wasDerivedFrom <http://ex.org/gazetteer/UKR> .\n";

static nk_graph_source src;

static int load(void **state)
{
    char dir[256], path[512], err[1024];
    tu_tempdir(dir, sizeof dir);
    tu_path(path, sizeof path, dir, "g.ttl");
    tu_write(path, graph_ttl, strlen(graph_ttl));
    bool ok = nk_source_load_file(&src, path, err, sizeof err);
    tu_rm_rf(dir);
    if (!ok)
        fail_msg("%s", err);
    *state = &src;
    return 0;
}

static int unload(void **state)
{
    (void)state;
    nk_source_free(&src);
    return 0;
}

static void event_cites_each_sentence_in_date_order(void **state)
{
    (void)state;
    nk_citations c;
    char err[512];
    assert_true(nk_cite(src.world, src.model, "http://ex.org/event/1", &c, err, sizeof err));
    assert_string_equal(c.kind, "event");
    assert_string_equal(c.type, "https://w3id.org/newskg/ontology#Appeal");
    assert_int_equal(c.items.len, 2);
    assert_string_equal(c.items.items[0].source, "a.txt"); /* 1 May before 2 May */
    assert_string_equal(c.items.items[0].text, "Kyiv called on Rus.");
    assert_int_equal(c.items.items[1].begin, 5);
    assert_int_equal(c.items.items[1].end, 30);
    assert_string_equal(c.items.items[1].url, "https://news.example/b");
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    nk_citations_print(&c, "http://ex.org/event/1", true, f);
    fclose(f);
    assert_non_null(strstr(out, "\"publisher\": \"Wire \\\"B\\\"\""));
    free(out);
    nk_citations_free(&c);
}

static void entity_cites_its_mentions(void **state)
{
    (void)state;
    nk_citations c;
    char err[512];
    assert_true(nk_cite(src.world, src.model, "http://ex.org/state/UKR", &c, err, sizeof err));
    assert_string_equal(c.kind, "entity");
    assert_string_equal(c.label, "Ukraine");
    assert_int_equal(c.items.len, 2);
    assert_string_equal(c.items.items[1].mention_text, "Kyiv");
    assert_int_equal(c.items.items[1].mention_begin, 5);
    nk_citations_free(&c);
}

static void fact_from_data_names_its_source(void **state)
{
    (void)state;
    nk_citations c;
    char err[512];
    assert_true(nk_cite(src.world, src.model, "http://ex.org/fact/1", &c, err, sizeof err));
    assert_string_equal(c.kind, "fact");
    assert_int_equal(c.items.len, 0);
    assert_int_equal(c.data.len, 1);
    assert_string_equal(c.data.items[0], "http://ex.org/gazetteer/UKR");
    nk_citations_free(&c);
    assert_false(nk_cite(src.world, src.model, "http://ex.org/nothing", &c, err, sizeof err));
    assert_non_null(strstr(err, "http://ex.org/nothing"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(event_cites_each_sentence_in_date_order),
        cmocka_unit_test(entity_cites_its_mentions),
        cmocka_unit_test(fact_from_data_names_its_source),
    };
    return cmocka_run_group_tests(tests, load, unload);
}
