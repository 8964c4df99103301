/* test_kb.c — the knowledge base read from ontology/ (the real one from
 * $NEWSKG_ONTOLOGY, and small ones written to a temporary folder). */
#include "testutil.h"

#include "kb.h"

/* Entry index of a gazetteer id; fails when missing. */
static size_t entry(const nk_kb *kb, const char *id)
{
    size_t e;
    if (!nk_kb_find_id(kb, id, &e))
        fail_msg("no gazetteer entry %s", id);
    return e;
}

/* Does the label key give entry e among its hits? */
static bool label_has(const nk_kb *kb, const char *key, size_t e)
{
    const size_t *hits = NULL;
    size_t n = nk_kb_lookup_label(kb, key, &hits);
    for (size_t i = 0; i < n; i++)
        if (hits[i] == e)
            return true;
    return false;
}

static void real_ontology_loads(void **state)
{
    (void)state;
    const nk_kb *kb = tu_kb();
    assert_true(nk_kb_count(kb) > 250); /* every state and more */
    assert_true(nk_kb_max_label_tokens(kb) >= 3);
    assert_true(nk_kb_max_trigger_tokens(kb) >= 2);
}

static void state_by_id(void **state)
{
    (void)state;
    const nk_kb *kb = tu_kb();
    const nk_gaz *g = nk_kb_entry(kb, entry(kb, "ARM"));
    assert_int_equal(g->cls, NK_STATE);
    assert_string_equal(g->id, "ARM");
    assert_string_equal(g->iri, NK_GAZ_NS "ARM");
    assert_non_null(g->iso);
    assert_string_equal(g->iso, "ARM");
    assert_string_equal(g->label, "Armenia");
    assert_true(g->capital > 0);
    assert_string_equal(nk_kb_entry(kb, g->capital - 1)->label, "Yerevan");
    size_t e;
    assert_false(nk_kb_find_id(kb, "NO-SUCH-ID", &e));
    assert_false(nk_kb_find_id(kb, "arm", &e)); /* ids are case-sensitive */
}

static void labels_folded_and_exact(void **state)
{
    (void)state;
    const nk_kb *kb = tu_kb();
    size_t arm = entry(kb, "ARM"), osce = entry(kb, "osce");
    assert_true(label_has(kb, "armenia", arm));
    assert_true(label_has(kb, "republic of armenia", arm));
    /* an acronym label is kept exact, behind "=" */
    assert_true(label_has(kb, "=OSCE", osce));
    assert_false(label_has(kb, "osce", osce));
    assert_true(label_has(kb, "organization for security and co operation in europe", osce));
    const size_t *hits;
    assert_int_equal(nk_kb_lookup_label(kb, "no such place anywhere", &hits), 0);
    /* a multi-word label announces its prefixes */
    assert_true(nk_kb_label_prefix(kb, "nagorno"));
    assert_true(nk_kb_label_prefix(kb, "=OSCE"));
    assert_false(nk_kb_label_prefix(kb, "zzzz"));
}

static void nested_organization_data(void **state)
{
    (void)state;
    const nk_kb *kb = tu_kb();
    size_t mg = entry(kb, "osce-minsk-group"), osce = entry(kb, "osce");
    const nk_gaz *g = nk_kb_entry(kb, mg);
    assert_int_equal(g->cls, NK_ORGANIZATION);
    assert_int_equal(g->part_of.len, 1);
    assert_int_equal(g->part_of.items[0], osce);
    assert_true(label_has(kb, "minsk group", mg));
}

static void demonyms(void **state)
{
    (void)state;
    const nk_kb *kb = tu_kb();
    size_t e;
    assert_true(nk_kb_demonym(kb, "armenian", &e));
    assert_int_equal(e, entry(kb, "ARM"));
    assert_true(nk_kb_demonym(kb, "ukrainian", &e));
    assert_int_equal(e, entry(kb, "UKR"));
    assert_true(nk_kb_demonym(kb, "serbian", &e));
    assert_int_equal(e, entry(kb, "SRB"));
    assert_false(nk_kb_demonym(kb, "Armenian", &e)); /* keys are folded */
    assert_false(nk_kb_demonym(kb, "martian", &e));
}

static void triggers(void **state)
{
    (void)state;
    const nk_kb *kb = tu_kb();
    const nk_trigger *t = nk_kb_trigger(kb, "call on");
    assert_non_null(t);
    assert_int_equal(t->cls, NK_EV_APPEAL);
    assert_non_null(t->cameo);
    assert_string_equal(t->cameo, "020");
    assert_non_null(t->role_after);
    assert_string_equal(t->role_after, "on");
    assert_ptr_equal(nk_kb_trigger(kb, "called on"), t);
    assert_true(nk_kb_trigger_prefix(kb, "call"));
    assert_null(nk_kb_trigger(kb, "call"));
    assert_null(nk_kb_trigger(kb, "xyzzy"));
    const nk_trigger *c = nk_kb_class_trigger(kb, NK_EV_CONCERN);
    assert_non_null(c);
    assert_int_equal(c->cls, NK_EV_CONCERN);
    assert_non_null(c->cameo);
}

static void title_and_pattern_words(void **state)
{
    (void)state;
    const nk_kb *kb = tu_kb();
    unsigned k = nk_kb_word(kb, "minister");
    assert_true(NK_IS(k, NK_WORD_TITLE_HEAD));
    assert_true(NK_IS(nk_kb_word(kb, "president"), NK_WORD_TITLE_HEAD));
    assert_true(NK_IS(nk_kb_word(kb, "deputy"), NK_WORD_TITLE_MOD));
    assert_false(NK_IS(nk_kb_word(kb, "deputy"), NK_WORD_TITLE_HEAD));
    assert_true(NK_IS(nk_kb_word(kb, "foreign"), NK_WORD_PORTFOLIO));
    assert_true(NK_IS(nk_kb_word(kb, "ministry"), NK_WORD_ORG_HEAD));
    assert_true(NK_IS(nk_kb_word(kb, "ceasefire"), NK_WORD_AGREEMENT_HEAD));
    assert_true(NK_IS(nk_kb_word(kb, "clashes"), NK_WORD_INCIDENT_HEAD));
    assert_true(NK_IS(nk_kb_word(kb, "region"), NK_WORD_LOCATION_HEAD));
    assert_true(NK_IS(nk_kb_word(kb, "soldier"), NK_WORD_PERSON_NOUN));
    assert_true(NK_IS(nk_kb_word(kb, "sides"), NK_WORD_GROUP));
    assert_int_equal(nk_kb_word(kb, "banana"), 0);
    assert_int_equal(nk_kb_word(kb, "Minister"), 0); /* keys are folded */
}

static void person_skeletons(void **state)
{
    (void)state;
    const nk_kb *kb = tu_kb();
    size_t e;
    assert_true(nk_kb_person_skeleton(kb, "lvrv", &e));
    assert_int_equal(e, entry(kb, "lavrov"));
    const nk_gaz *g = nk_kb_entry(kb, e);
    assert_int_equal(g->cls, NK_OFFICIAL);
    assert_string_equal(g->role, "Minister of Foreign Affairs");
    assert_int_equal(g->represents.len, 1);
    assert_int_equal(g->represents.items[0], entry(kb, "RUS"));
    assert_false(nk_kb_person_skeleton(kb, "qqqq", &e));
}

/* ------------------------------------------------------------ small ontologies */

static const char small_ttl[] =
    "@prefix nkg: <https://w3id.org/newskg/ontology#> .\n"
    "@prefix gaz: <https://w3id.org/newskg/gazetteer/> .\n"
    "@prefix lex: <https://w3id.org/newskg/lexicon/> .\n"
    "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
    "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
    "gaz:ZZA a nkg:State ; skos:prefLabel \"Zedland\"@en ; nkg:isoCode \"ZZA\" ;\n"
    "    nkg:demonym \"Zedlandic\"@en ; nkg:capital gaz:zed-city .\n"
    "gaz:zed-city a nkg:Location ; skos:prefLabel \"Zed City\"@en ; nkg:locatedIn gaz:ZZA .\n"
    "gaz:zorro a nkg:Person , nkg:Official ; skos:prefLabel \"Diego Zorro\"@en ; nkg:role \"Fox\" ;\n"
    "    nkg:represents gaz:ZZA .\n"
    "gaz:zz-accord a nkg:Agreement ; skos:prefLabel \"Zed Accord\"@en ; nkg:date \"2001-02-03\"^^xsd:date .\n"
    "lex:zap a nkg:Trigger ; nkg:eventClass nkg:Criticism ; nkg:cameoCode \"111\" ;\n"
    "    nkg:form \"zap\" , \"zapped at\" .\n"
    "lex:zhead a nkg:TitleWord ; nkg:form \"Grand Zed Marshal\" .\n";

static void small_ontology_in_temp_folder(void **state)
{
    const char *dir = *state;
    char path[1024], sub[512];
    snprintf(sub, sizeof sub, "%s/nested", dir);
    assert_int_equal(mkdir(sub, 0700), 0);
    tu_write(tu_path(path, sizeof path, sub, "small.ttl"), small_ttl, sizeof small_ttl - 1);
    tu_write(tu_path(path, sizeof path, dir, "notes.txt"), "not turtle {", 12); /* not *.ttl: ignored */
    char err[512] = "";
    nk_kb *kb = nk_kb_load(dir, err, sizeof err);
    if (!kb)
        fail_msg("load failed: %s", err);
    size_t z, zc, zo, za;
    assert_true(nk_kb_find_id(kb, "ZZA", &z));
    assert_true(nk_kb_find_id(kb, "zed-city", &zc));
    assert_true(nk_kb_find_id(kb, "zorro", &zo));
    assert_true(nk_kb_find_id(kb, "zz-accord", &za));
    const nk_gaz *g = nk_kb_entry(kb, z);
    assert_int_equal(g->cls, NK_STATE);
    assert_string_equal(g->iso, "ZZA");
    assert_int_equal(g->capital, zc + 1);
    assert_int_equal(nk_kb_entry(kb, zc)->located_in.items[0], z);
    /* typed both Person and Official: the finer class wins */
    assert_int_equal(nk_kb_entry(kb, zo)->cls, NK_OFFICIAL);
    assert_string_equal(nk_kb_entry(kb, zo)->role, "Fox");
    assert_int_equal(nk_kb_entry(kb, za)->date.y, 2001);
    assert_int_equal(nk_kb_entry(kb, za)->date.m, 2);
    assert_int_equal(nk_kb_entry(kb, za)->date.d, 3);
    size_t e;
    assert_true(nk_kb_demonym(kb, "zedlandic", &e));
    assert_int_equal(e, z);
    assert_true(nk_kb_person_skeleton(kb, "zr", &e)); /* "Zorro" */
    assert_int_equal(e, zo);
    const nk_trigger *t = nk_kb_trigger(kb, "zapped at");
    assert_non_null(t);
    assert_int_equal(t->cls, NK_EV_CRITICISM);
    assert_string_equal(t->cameo, "111");
    assert_ptr_equal(nk_kb_trigger(kb, "zap"), t);
    /* a compound title: its last word a head, the others modifiers */
    assert_true(NK_IS(nk_kb_word(kb, "marshal"), NK_WORD_TITLE_HEAD));
    assert_true(NK_IS(nk_kb_word(kb, "grand"), NK_WORD_TITLE_MOD));
    assert_true(NK_IS(nk_kb_word(kb, "zed"), NK_WORD_TITLE_MOD));
    nk_kb_free(kb);
}

static void broken_turtle_names_the_file(void **state)
{
    const char *dir = *state;
    char path[512];
    tu_write(tu_path(path, sizeof path, dir, "a-good.ttl"), small_ttl, sizeof small_ttl - 1);
    const char *bad = "@prefix x: <http://example.org/> .\nx:a x:b x:c .\nx:d x:e \"unterminated .\n";
    tu_write(tu_path(path, sizeof path, dir, "b-broken.ttl"), bad, strlen(bad));
    char err[512] = "";
    nk_kb *kb = nk_kb_load(dir, err, sizeof err);
    assert_null(kb);
    if (!strstr(err, "b-broken.ttl"))
        fail_msg("error does not name the file: %s", err);
}

static void folder_without_turtle(void **state)
{
    const char *dir = *state;
    char path[512], err[512] = "";
    tu_write(tu_path(path, sizeof path, dir, "readme.txt"), "x", 1);
    assert_null(nk_kb_load(dir, err, sizeof err));
    assert_non_null(strstr(err, dir));
    assert_non_null(strstr(err, "no ontology files"));
    err[0] = '\0';
    assert_null(nk_kb_load("/nonexistent/newskg-ontology", err, sizeof err));
    assert_non_null(strstr(err, "/nonexistent/newskg-ontology"));
    nk_kb_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(real_ontology_loads),
        cmocka_unit_test(state_by_id),
        cmocka_unit_test(labels_folded_and_exact),
        cmocka_unit_test(nested_organization_data),
        cmocka_unit_test(demonyms),
        cmocka_unit_test(triggers),
        cmocka_unit_test(title_and_pattern_words),
        cmocka_unit_test(person_skeletons),
        TU_DIR_TEST(small_ontology_in_temp_folder),
        TU_DIR_TEST(broken_turtle_names_the_file),
        TU_DIR_TEST(folder_without_turtle),
    };
    return cmocka_run_group_tests_name("kb", tests, NULL, NULL);
}
