/* test_store.c — a store: adding, re-adding, replacing, abandoning an add,
 * entity labels recomputed from the names that remain. */
#include "testutil.h"
#include "graph.h"
#include "store.h"

static void stage_text(nk_store *s, const char *source, const char *text, nk_article_change want)
{
    nk_doc d;
    tu_doc(&d, text, 2023, 5, 4);
    free(d.source);
    d.source = nk_strdup(source);
    assert_int_equal(nk_store_stage(s, &d), want);
    nk_doc_free(&d);
}

static void commit(nk_store *s)
{
    char err[1024];
    if (!nk_store_commit(s, err, sizeof err))
        fail_msg("commit: %s", err);
}

static nk_store *open_store(const char *dir, nk_store_mode mode)
{
    char err[1024];
    nk_store *s = nk_store_open(dir, mode, NK_DEFAULT_BASE, tu_kb(), err, sizeof err);
    if (!s)
        fail_msg("open: %s", err);
    return s;
}

/* Does the store hold a triple with this subject IRI, predicate IRI and
 * literal object? */
static bool has_literal(nk_store *s, const char *subject, const char *predicate, const char *value)
{
    librdf_world *w = nk_store_world(s);
    librdf_node *sn = librdf_new_node_from_uri_string(w, (const unsigned char *)subject);
    librdf_node *pn = librdf_new_node_from_uri_string(w, (const unsigned char *)predicate);
    librdf_iterator *it = librdf_model_get_targets(nk_store_model(s), sn, pn);
    bool found = false;
    for (; it && !librdf_iterator_end(it); librdf_iterator_next(it)) {
        librdf_node *o = librdf_iterator_get_object(it);
        const char *v = (const char *)librdf_node_get_literal_value(o);
        found |= v && strcmp(v, value) == 0;
    }
    if (it)
        librdf_free_iterator(it);
    librdf_free_node(sn), librdf_free_node(pn);
    return found;
}

#define KOSOVO "Serbia and Kosovo agreed on Monday to implement the deal, EU envoy Miroslav Lajcak said.\n"
#define KOSOVO2 "Serbia and Kosovo agreed on Tuesday to implement the plan, the EU said.\n"
#define UKRAINE "Ukraine called on Russia to release all prisoners of war.\n"

static void adds_replaces_and_keeps_shared_triples(void **state)
{
    char dir[512];
    tu_path(dir, sizeof dir, *state, "s");
    nk_store *s = open_store(dir, NK_STORE_CREATE);
    stage_text(s, "a.txt", KOSOVO, NK_ARTICLE_ADDED);
    stage_text(s, "b.txt", UKRAINE, NK_ARTICLE_ADDED);
    stage_text(s, "a.txt", KOSOVO, NK_ARTICLE_REPEATED);
    commit(s);
    size_t both = nk_store_size(s);
    assert_true(both > 20);
    const char *lajcak = NK_DEFAULT_BASE "person/ljck"; /* family-name skeleton */
    assert_true(has_literal(s, lajcak, NK_NS_RDFS "label", "Miroslav Lajcak"));
    nk_store_close(s);

    /* the same again: nothing changes */
    s = open_store(dir, NK_STORE_WRITE);
    stage_text(s, "a.txt", KOSOVO, NK_ARTICLE_UNCHANGED);
    stage_text(s, "b.txt", UKRAINE, NK_ARTICLE_UNCHANGED);
    commit(s);
    assert_int_equal(nk_store_size(s), both);

    /* a new version of a.txt: Lajcak and its old document are gone, the
     * states both articles name stay described */
    stage_text(s, "a.txt", KOSOVO2, NK_ARTICLE_REPLACED);
    commit(s);
    assert_false(has_literal(s, lajcak, NK_NS_RDFS "label", "Miroslav Lajcak"));
    assert_true(has_literal(s, NK_DEFAULT_BASE "state/SRB", NK_NS_RDFS "label", "Serbia"));
    assert_true(has_literal(s, NK_DEFAULT_BASE "state/UKR", NK_NS_RDFS "label", "Ukraine"));
    assert_true(has_literal(s, NK_DEFAULT_BASE "state/XKX", NK_NS_RDFS "label", "Kosovo"));
    nk_store_close(s);
}

static void an_add_not_committed_changes_nothing(void **state)
{
    char dir[512];
    tu_path(dir, sizeof dir, *state, "s");
    nk_store *s = open_store(dir, NK_STORE_CREATE);
    stage_text(s, "b.txt", UKRAINE, NK_ARTICLE_ADDED);
    commit(s);
    size_t before = nk_store_size(s);
    stage_text(s, "a.txt", KOSOVO, NK_ARTICLE_ADDED);
    nk_store_close(s); /* without commit */
    s = open_store(dir, NK_STORE_READ);
    assert_int_equal(nk_store_size(s), before);
    nk_store_close(s);
    s = open_store(dir, NK_STORE_WRITE); /* a.txt is new again */
    stage_text(s, "a.txt", KOSOVO, NK_ARTICLE_ADDED);
    commit(s);
    assert_true(nk_store_size(s) > before);
    nk_store_close(s);
}

static void refuses_what_is_not_a_store(void **state)
{
    char dir[512], file[512], err[1024];
    tu_path(dir, sizeof dir, *state, "plain");
    mkdir(dir, 0777);
    tu_path(file, sizeof file, dir, "x.txt");
    tu_write(file, "x", 1);
    assert_null(nk_store_open(dir, NK_STORE_READ, NULL, tu_kb(), err, sizeof err));
    assert_non_null(strstr(err, "not a newskg store"));
    assert_null(nk_store_open(dir, NK_STORE_CREATE, NK_DEFAULT_BASE, tu_kb(), err, sizeof err));
    assert_non_null(strstr(err, "not empty"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        TU_DIR_TEST(adds_replaces_and_keeps_shared_triples),
        TU_DIR_TEST(an_add_not_committed_changes_nothing),
        TU_DIR_TEST(refuses_what_is_not_a_store),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
