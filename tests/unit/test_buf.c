/* test_buf.c — nk_buf, NK_VEC and the content hash behind every IRI. */
#include "testutil.h"

#include "buf.h"

static void buf_add_keeps_nul_and_length(void **state)
{
    (void)state;
    nk_buf b = {0};
    nk_buf_adds(&b, "Yerevan");
    nk_buf_addc(&b, ',');
    nk_buf_add(&b, " Baku and more", 5);
    assert_int_equal(b.len, 13);
    assert_string_equal(b.data, "Yerevan, Baku");
    assert_int_equal(b.data[b.len], '\0');
    assert_true(b.cap > b.len);
    nk_buf_free(&b);
    assert_null(b.data);
    assert_int_equal(b.len, 0);
    assert_int_equal(b.cap, 0);
}

static void buf_add_zero_bytes_gives_empty_string(void **state)
{
    (void)state;
    nk_buf b = {0};
    nk_buf_add(&b, "", 0);
    assert_non_null(b.data);
    assert_string_equal(b.data, "");
    assert_int_equal(b.len, 0);
    nk_buf_free(&b);
}

static void buf_grows_past_many_doublings(void **state)
{
    (void)state;
    nk_buf b = {0};
    for (int i = 0; i < 10000; i++)
        nk_buf_addc(&b, (char)('a' + i % 26));
    assert_int_equal(b.len, 10000);
    assert_int_equal(strlen(b.data), 10000);
    assert_int_equal(b.data[0], 'a');
    assert_int_equal(b.data[9999], 'a' + 9999 % 26);
    nk_buf_free(&b);
}

static void buf_addf_formats_and_appends(void **state)
{
    (void)state;
    nk_buf b = {0};
    nk_buf_adds(&b, "doc/");
    nk_buf_addf(&b, "%s#char=%zu,%zu", "abc", (size_t)3, (size_t)17);
    assert_string_equal(b.data, "doc/abc#char=3,17");
    assert_int_equal(b.len, strlen("doc/abc#char=3,17"));
    /* a long formatted piece forces a reallocation inside addf */
    char big[300];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    nk_buf_addf(&b, "[%s]", big);
    assert_int_equal(b.len, 17 + 2 + 299);
    assert_int_equal(b.data[b.len - 1], ']');
    nk_buf_free(&b);
}

static void buf_add_utf8_encodes_each_length(void **state)
{
    (void)state;
    nk_buf b = {0};
    nk_buf_add_utf8(&b, 'A');      /* 1 byte */
    nk_buf_add_utf8(&b, 0xE9);     /* é, 2 bytes */
    nk_buf_add_utf8(&b, 0x2019);   /* ’, 3 bytes */
    nk_buf_add_utf8(&b, 0x1F600);  /* 😀, 4 bytes */
    nk_buf_add_utf8(&b, 0xFFFD);
    assert_int_equal(b.len, 1 + 2 + 3 + 4 + 3);
    assert_memory_equal(b.data, "A\xC3\xA9\xE2\x80\x99\xF0\x9F\x98\x80\xEF\xBF\xBD", b.len);
    nk_buf_free(&b);
}

static void buf_clear_and_steal(void **state)
{
    (void)state;
    nk_buf b = {0};
    nk_buf_adds(&b, "first");
    nk_buf_clear(&b);
    assert_int_equal(b.len, 0);
    assert_string_equal(b.data, "");
    nk_buf_adds(&b, "second");
    char *s = nk_buf_steal(&b);
    assert_string_equal(s, "second");
    assert_null(b.data);
    assert_int_equal(b.len, 0);
    free(s);
    /* stealing an empty buffer still gives a string */
    nk_buf e = {0};
    s = nk_buf_steal(&e);
    assert_non_null(s);
    assert_string_equal(s, "");
    free(s);
}

static void strndup_copies_exactly_n(void **state)
{
    (void)state;
    char *s = nk_strndup("Nagorno-Karabakh", 7);
    assert_string_equal(s, "Nagorno");
    free(s);
    s = nk_strdup("");
    assert_string_equal(s, "");
    free(s);
    unsigned char *z = nk_alloc(32);
    for (int i = 0; i < 32; i++)
        assert_int_equal(z[i], 0);
    free(z);
}

typedef struct {
    int id;
    const char *name;
} item;

static void vec_push_grows_and_keeps_order(void **state)
{
    (void)state;
    NK_VEC(int) v = {0};
    for (int i = 0; i < 1000; i++)
        NK_PUSH(v, i * 3);
    assert_int_equal(v.len, 1000);
    assert_true(v.cap >= 1000);
    for (int i = 0; i < 1000; i++)
        assert_int_equal(v.items[i], i * 3);
    free(v.items);

    NK_VEC(item) w = {0};
    NK_PUSH(w, ((item){1, "one"}));
    NK_PUSH(w, ((item){2, "two"}));
    assert_int_equal(w.len, 2);
    assert_int_equal(w.cap, 8); /* first growth allocates 8 */
    assert_string_equal(w.items[1].name, "two");
    free(w.items);
}

static void hash_hex_known_values(void **state)
{
    (void)state;
    /* FNV-1a 64 with a splitmix64 finalizer, seeds 0 and 0x9e3779b97f4a7c15:
     * IRIs are minted from these, so they must never change. */
    char h[33];
    nk_hash_hex("", 0, h);
    assert_string_equal(h, "f52a15e9a9b5e89be9d327596b869820");
    nk_hash_hex("newskg", 6, h);
    assert_string_equal(h, "e7c27a16a7f3aa8fc7085173823a627b");
    nk_hash_hex("Armenia", 7, h);
    assert_string_equal(h, "72aee350fcd3df270be345c5acaf6854");
    assert_int_equal(nk_hash64("abc", 3, 0), 0x0dd490490804b508ULL);
}

static void hash_hex_stable_and_sensitive(void **state)
{
    (void)state;
    char a[33], b[33], c[33];
    const char *text = "The European Union called on Serbia and Kosovo to de-escalate.";
    nk_hash_hex(text, strlen(text), a);
    char *copy = nk_strdup(text); /* same bytes elsewhere in memory */
    nk_hash_hex(copy, strlen(copy), b);
    assert_string_equal(a, b);
    copy[0] = 't';
    nk_hash_hex(copy, strlen(copy), c);
    assert_string_not_equal(a, c);
    free(copy);
    /* 32 lower-case hex digits */
    assert_int_equal(strlen(a), 32);
    for (int i = 0; i < 32; i++)
        assert_true((a[i] >= '0' && a[i] <= '9') || (a[i] >= 'a' && a[i] <= 'f'));
    /* the length is part of the input: "ab" and "ab\0" differ */
    nk_hash_hex("ab", 2, a);
    nk_hash_hex("ab", 3, b);
    assert_string_not_equal(a, b);
    /* the seed changes the hash */
    assert_true(nk_hash64("abc", 3, 0) != nk_hash64("abc", 3, 1));
}

static void fields_round_trip(void **state)
{
    (void)state;
    const char *s = "a\tb\nc\rd\\e\\tf";
    nk_buf b = {0};
    nk_buf_add_field(&b, s);
    assert_string_equal(b.data, "a\\tb\\nc\\rd\\\\e\\\\tf");
    assert_null(memchr(b.data, '\t', b.len));
    assert_null(memchr(b.data, '\n', b.len));
    char *back = nk_field_unescape(b.data, b.len);
    assert_string_equal(back, s);
    free(back);
    nk_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fields_round_trip),
        cmocka_unit_test(buf_add_keeps_nul_and_length),
        cmocka_unit_test(buf_add_zero_bytes_gives_empty_string),
        cmocka_unit_test(buf_grows_past_many_doublings),
        cmocka_unit_test(buf_addf_formats_and_appends),
        cmocka_unit_test(buf_add_utf8_encodes_each_length),
        cmocka_unit_test(buf_clear_and_steal),
        cmocka_unit_test(strndup_copies_exactly_n),
        cmocka_unit_test(vec_push_grows_and_keeps_order),
        cmocka_unit_test(hash_hex_known_values),
        cmocka_unit_test(hash_hex_stable_and_sensitive),
    };
    return cmocka_run_group_tests_name("buf", tests, NULL, NULL);
}
