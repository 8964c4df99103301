/* test_strmap.c — the string map behind every lookup table. */
#include "testutil.h"

#include "strmap.h"

static void put_get_and_not_found(void **state)
{
    (void)state;
    nk_strmap *m = nk_strmap_new();
    assert_int_equal(nk_strmap_count(m), 0);
    nk_strmap_put(m, "armenia", 7, 1);
    nk_strmap_put(m, "azerbaijan", 10, 2);
    size_t v = 99;
    assert_true(nk_strmap_get(m, "armenia", 7, &v));
    assert_int_equal(v, 1);
    assert_true(nk_strmap_get(m, "azerbaijan", 10, &v));
    assert_int_equal(v, 2);
    v = 99;
    assert_false(nk_strmap_get(m, "georgia", 7, &v));
    assert_int_equal(v, 99); /* untouched when not found */
    assert_false(nk_strmap_get(m, "", 0, &v));
    /* a value pointer is optional */
    assert_true(nk_strmap_get(m, "armenia", 7, NULL));
    assert_int_equal(nk_strmap_count(m), 2);
    nk_strmap_free(m);
}

static void keys_are_counted_bytes(void **state)
{
    (void)state;
    nk_strmap *m = nk_strmap_new();
    /* a prefix of a key is another key; the length decides */
    nk_strmap_put(m, "armenian", 7, 5); /* "armenia" */
    size_t v;
    assert_true(nk_strmap_get(m, "armenia", 7, &v));
    assert_int_equal(v, 5);
    assert_false(nk_strmap_get(m, "armenian", 8, &v));
    /* keys may hold NUL and non-ASCII bytes */
    nk_strmap_put(m, "a\0b", 3, 7);
    assert_true(nk_strmap_get(m, "a\0b", 3, &v));
    assert_int_equal(v, 7);
    assert_false(nk_strmap_get(m, "a", 1, &v));
    nk_strmap_put(m, "erdo\xC4\x9F" "an", 8, 8);
    assert_true(nk_strmap_get(m, "erdo\xC4\x9F" "an", 8, &v));
    assert_int_equal(v, 8);
    /* the empty key is a key */
    nk_strmap_put(m, "", 0, 9);
    assert_true(nk_strmap_get(m, "", 0, &v));
    assert_int_equal(v, 9);
    assert_int_equal(nk_strmap_count(m), 4);
    nk_strmap_free(m);
}

static void put_replaces_value(void **state)
{
    (void)state;
    nk_strmap *m = nk_strmap_new();
    nk_strmap_put(m, "osce", 4, 1);
    nk_strmap_put(m, "osce", 4, 42);
    size_t v;
    assert_true(nk_strmap_get(m, "osce", 4, &v));
    assert_int_equal(v, 42);
    assert_int_equal(nk_strmap_count(m), 1);
    nk_strmap_free(m);
}

static void keys_are_copied(void **state)
{
    (void)state;
    nk_strmap *m = nk_strmap_new();
    char key[16];
    strcpy(key, "minsk");
    nk_strmap_put(m, key, 5, 3);
    strcpy(key, "xxxxx"); /* the caller's buffer changes; the map's copy must not */
    size_t v;
    assert_true(nk_strmap_get(m, "minsk", 5, &v));
    assert_int_equal(v, 3);
    assert_false(nk_strmap_get(m, "xxxxx", 5, &v));
    nk_strmap_free(m);
}

static void grows_to_ten_thousand_keys(void **state)
{
    (void)state;
    nk_strmap *m = nk_strmap_new();
    char key[32];
    for (size_t i = 0; i < 10000; i++) {
        int n = snprintf(key, sizeof key, "key-%zu", i);
        nk_strmap_put(m, key, (size_t)n, i * 7);
    }
    assert_int_equal(nk_strmap_count(m), 10000);
    for (size_t i = 0; i < 10000; i++) {
        int n = snprintf(key, sizeof key, "key-%zu", i);
        size_t v = 0;
        assert_true(nk_strmap_get(m, key, (size_t)n, &v));
        assert_int_equal(v, i * 7);
    }
    /* replacing after growth keeps the count */
    nk_strmap_put(m, "key-5000", 8, 1);
    size_t v;
    assert_true(nk_strmap_get(m, "key-5000", 8, &v));
    assert_int_equal(v, 1);
    assert_int_equal(nk_strmap_count(m), 10000);
    assert_false(nk_strmap_get(m, "key-10000", 9, &v));
    assert_false(nk_strmap_get(m, "key-", 4, &v));
    nk_strmap_free(m);
}

static void free_null_is_harmless(void **state)
{
    (void)state;
    nk_strmap_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(put_get_and_not_found),
        cmocka_unit_test(keys_are_counted_bytes),
        cmocka_unit_test(put_replaces_value),
        cmocka_unit_test(keys_are_copied),
        cmocka_unit_test(grows_to_ten_thousand_keys),
        cmocka_unit_test(free_null_is_harmless),
    };
    return cmocka_run_group_tests_name("strmap", tests, NULL, NULL);
}
