/* test_entities.c — the corpus-wide entity table: records merged by one
 * rule whatever their order, the same result held in memory, spilled to
 * runs or read back from saved files, and damaged runs named. */
#include "testutil.h"

#include "entities.h"

/* The merged table as text, one line per entity: key, class, entry,
 * named, names sorted. */
typedef struct {
    nk_buf text;
    size_t n;
    char *prev; /* the key before: keys must come in strcmp order, once */
} dump;

static int cmp_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static bool dump_one(void *ctx, const nk_entity_record *r)
{
    dump *d = ctx;
    if (d->prev)
        assert_true(strcmp(d->prev, r->key) < 0);
    free(d->prev);
    d->prev = nk_strdup(r->key);
    char **names = nk_alloc((r->nforms + 1) * sizeof *names);
    memcpy(names, r->forms, r->nforms * sizeof *names);
    qsort(names, r->nforms, sizeof *names, cmp_name);
    nk_buf_addf(&d->text, "%s %d %zu %d", r->key, (int)r->cls, r->gaz, r->mentioned ? 1 : 0);
    for (size_t i = 0; i < r->nforms; i++)
        nk_buf_addf(&d->text, " [%s]", names[i]);
    nk_buf_addc(&d->text, '\n');
    free(names);
    d->n++;
    return true;
}

static char *dump_of(nk_entities *t, size_t *n)
{
    dump d = {0};
    char err[256] = "";
    assert_true(nk_entities_each(t, dump_one, &d, err, sizeof err));
    free(d.prev);
    if (n)
        *n = d.n;
    return d.text.data ? nk_buf_steal(&d.text) : nk_strdup("");
}

/* A deterministic stream of records over few keys, so keys repeat with
 * other classes, entries, names. */
static void put_records(nk_entities *t, unsigned seed, size_t n, bool reverse)
{
    static const nk_class classes[] = {NK_PERSON, NK_OFFICIAL, NK_STATE, NK_ORGANIZATION};
    for (size_t j = 0; j < n; j++) {
        size_t i = reverse ? n - 1 - j : j;
        unsigned x = (unsigned)i * 2654435761u ^ seed;
        char key[48], name[48], odd[48];
        snprintf(key, sizeof key, "person/k%03u", x % 97);
        snprintf(name, sizeof name, "Name %u", (x >> 8) % 5);
        snprintf(odd, sizeof odd, "tab\there\\ and\nline %u", (x >> 12) % 3);
        char *forms[] = {name, odd};
        nk_entity_record r = {key, classes[(x >> 4) % 4], (x >> 6) % 3, (x >> 10) % 2 == 0, forms, (x >> 3) % 3};
        nk_entities_put(t, &r);
    }
}

static void order_and_spilling_do_not_matter(void **state)
{
    (void)state;
    nk_entities *a = nk_entities_new(), *b = nk_entities_new(), *c = nk_entities_new();
    put_records(a, 7, 2000, false);
    put_records(b, 7, 2000, true);
    nk_entities_limit(c, 2000); /* a few records per run: many runs */
    put_records(c, 7, 2000, false);
    assert_true(nk_entities_len(c) < 40);
    size_t n;
    char *da = dump_of(a, &n), *db = dump_of(b, NULL), *dc = dump_of(c, NULL);
    assert_string_equal(da, db);
    assert_string_equal(da, dc);
    assert_int_equal(n, 97); /* every key once, in order (dump_one checks) */
    free(da), free(db), free(dc);
    nk_entities_free(a), nk_entities_free(b), nk_entities_free(c);
}

static void merge_rule(void **state)
{
    (void)state;
    nk_entities *t = nk_entities_new();
    char *f1[] = {"Ann Lee"}, *f2[] = {"Lee", "Ann Lee"};
    nk_entities_put(t, &(nk_entity_record){"person/lee", NK_PERSON, 0, false, f1, 1});
    nk_entities_put(t, &(nk_entity_record){"person/lee", NK_OFFICIAL, 9, true, f2, 2});
    nk_entities_put(t, &(nk_entity_record){"person/lee", NK_PERSON, 4, false, NULL, 0});
    char *d = dump_of(t, NULL);
    /* the lowest class (official), the lowest entry, named once named, names once */
    char want[128];
    snprintf(want, sizeof want, "person/lee %d 4 1 [Ann Lee] [Lee]\n", (int)NK_OFFICIAL);
    assert_string_equal(d, want);
    free(d);
    nk_entities_free(t);
}

/* Saved tables added as runs give what one table given every record gives
 * (a parallel build's workers, a cluster's shards). */
static void saved_tables_as_runs(void **state)
{
    (void)state;
    nk_entities *whole = nk_entities_new(), *merged = nk_entities_new();
    put_records(whole, 3, 1500, false);
    put_records(whole, 11, 1500, false);
    put_records(merged, 5, 10, false); /* and some of its own */
    put_records(whole, 5, 10, false);
    char err[256] = "";
    for (unsigned seed = 3; seed <= 11; seed += 8) {
        nk_entities *part = nk_entities_new();
        nk_entities_limit(part, seed == 3 ? 5000 : 0);
        put_records(part, seed, 1500, false);
        FILE *f = tmpfile();
        assert_non_null(f);
        assert_true(nk_entities_save(part, f, err, sizeof err));
        rewind(f);
        nk_entities_add_run(merged, f, "part");
        nk_entities_free(part);
    }
    char *dw = dump_of(whole, NULL), *dm = dump_of(merged, NULL);
    assert_string_equal(dw, dm);
    free(dw), free(dm);
    nk_entities_free(whole), nk_entities_free(merged);
}

static void bad_runs_are_named(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "E\tperson/b\t2\t0\t1\nE\tperson/a\t2\t0\t1\n", /* out of order */
        "E\tperson/a\t2\t0\t1\nX\tjunk\n",              /* not a record */
        "E\tperson/a\t999\t0\t1\n",                     /* no such class */
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        nk_entities *t = nk_entities_new();
        FILE *f = tmpfile();
        fputs(bad[i], f);
        rewind(f);
        nk_entities_add_run(t, f, "shard-7.nt.entities");
        dump d = {0};
        char err[256] = "";
        assert_false(nk_entities_each(t, dump_one, &d, err, sizeof err));
        assert_non_null(strstr(err, "shard-7.nt.entities"));
        nk_buf_free(&d.text);
        free(d.prev);
        nk_entities_free(t);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(order_and_spilling_do_not_matter),
        cmocka_unit_test(merge_rule),
        cmocka_unit_test(saved_tables_as_runs),
        cmocka_unit_test(bad_runs_are_named),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    tu_kb_free();
    return rc;
}
