/* test_utf8.c — UTF-8 repair (the spec's "Input" section) and code point
 * offsets (what every nif:beginIndex counts). */
#include "testutil.h"

#include "utf8.h"

#define FFFD "\xEF\xBF\xBD"

/* Repairs n bytes of in; checks the result and the three counts. */
static void check_repair(const char *in, size_t n, const char *want, size_t invalid, size_t controls,
                         size_t mojibake)
{
    nk_buf out = {0};
    nk_repair r = {0};
    nk_utf8_repair(in, n, &out, &r);
    assert_non_null(out.data);
    if (out.len != strlen(want) || memcmp(out.data, want, out.len) != 0) {
        print_error("repair gave \"%s\" (%zu bytes), want \"%s\"\n", out.data, out.len, want);
        nk_buf_free(&out);
        fail();
    }
    assert_int_equal(r.invalid, invalid);
    assert_int_equal(r.controls, controls);
    assert_int_equal(r.mojibake, mojibake);
    nk_buf_free(&out);
}
#define CHECK(lit, want, inv, ctl, moj) check_repair(lit, sizeof(lit) - 1, want, inv, ctl, moj)

static void valid_text_is_untouched(void **state)
{
    (void)state;
    CHECK("Plain ASCII, nothing to do.", "Plain ASCII, nothing to do.", 0, 0, 0);
    /* real accented text is never taken for mojibake */
    CHECK("Caf\xC3\xA9 \xC3\x89lys\xC3\xA9" "e, na\xC3\xAFve, Erdo\xC4\x9F" "an",
          "Caf\xC3\xA9 \xC3\x89lys\xC3\xA9" "e, na\xC3\xAFve, Erdo\xC4\x9F" "an", 0, 0, 0);
    CHECK("Armenia\xE2\x80\x99s \xE2\x80\x9Cpeace\xE2\x80\x9D \xF0\x9F\x98\x80",
          "Armenia\xE2\x80\x99s \xE2\x80\x9Cpeace\xE2\x80\x9D \xF0\x9F\x98\x80", 0, 0, 0);
    CHECK("", "", 0, 0, 0);
}

static void overlong_sequence_replaced(void **state)
{
    (void)state;
    /* C0 80 is an overlong NUL: never well-formed */
    CHECK("a\xC0\x80z", "a" FFFD "z", 1, 0, 0);
    /* E0 80 AF: an overlong three-byte '/' */
    CHECK("a\xE0\x80\xAFz", "a" FFFD "z", 1, 0, 0);
}

static void lone_continuation_bytes_replaced(void **state)
{
    (void)state;
    CHECK("a\x80z", "a" FFFD "z", 1, 0, 0);
    CHECK("x\xBFy\x9Fz", "x" FFFD "y" FFFD "z", 2, 0, 0);
    /* a continuation byte before a valid character does not swallow it */
    CHECK("\x80\xC3\xA9", FFFD "\xC3\xA9", 1, 0, 0);
}

static void surrogates_replaced(void **state)
{
    (void)state;
    /* ED A0 80 would be U+D800, a surrogate */
    CHECK("a\xED\xA0\x80z", "a" FFFD "z", 1, 0, 0);
    /* ED 9F BF is U+D7FF, the last code point before them: valid */
    CHECK("a\xED\x9F\xBFz", "a\xED\x9F\xBFz", 0, 0, 0);
}

static void beyond_unicode_replaced(void **state)
{
    (void)state;
    /* F5 never starts a sequence; F4 90 .. is past U+10FFFF */
    CHECK("a\xF5z", "a" FFFD "z", 1, 0, 0);
    nk_buf out = {0};
    nk_repair r = {0};
    nk_utf8_repair("a\xF4\x90\x80\x80z", 6, &out, &r);
    assert_true(r.invalid >= 1);
    assert_int_equal(out.data[0], 'a');
    assert_int_equal(out.data[out.len - 1], 'z');
    assert_non_null(strstr(out.data, FFFD));
    nk_buf_free(&out);
}

static void truncated_sequence_at_end_replaced(void **state)
{
    (void)state;
    CHECK("abc\xE2\x80", "abc" FFFD, 1, 0, 0);
    CHECK("abc\xF0\x9F\x98", "abc" FFFD, 1, 0, 0);
    CHECK("abc\xC3", "abc" FFFD, 1, 0, 0);
    /* truncated in the middle: the next ASCII character survives */
    CHECK("\xE2\x80(ok)", FFFD "(ok)", 1, 0, 0);
}

static void nul_and_controls_replaced(void **state)
{
    (void)state;
    CHECK("a\0b", "a" FFFD "b", 0, 1, 0);
    CHECK("bell\x07 esc\x1B" "del\x7F" "x\x01", "bell" FFFD " esc" FFFD "del" FFFD "x" FFFD, 0, 4, 0);
    CHECK("form\x0C" "feed\x0B", "form" FFFD "feed" FFFD, 0, 2, 0);
}

static void noncharacters_fffe_ffff_replaced(void **state)
{
    (void)state;
    CHECK("a\xEF\xBF\xBE" "b\xEF\xBF\xBF" "c", "a" FFFD "b" FFFD "c", 0, 2, 0);
    /* U+FFFD itself is kept and not counted */
    CHECK("a" FFFD "b", "a" FFFD "b", 0, 0, 0);
}

static void tab_lf_cr_kept(void **state)
{
    (void)state;
    CHECK("a\tb\nc\r\nd", "a\tb\nc\r\nd", 0, 0, 0);
}

static void counts_add_up(void **state)
{
    (void)state;
    CHECK("\0x\xC0\x80y\x7F" "It\xC3\xA2\xE2\x82\xAC\xE2\x84\xA2s",
          FFFD "x" FFFD "y" FFFD "It\xE2\x80\x99s", 1, 2, 1);
}

static void mojibake_repaired(void **state)
{
    (void)state;
    /* "â€™" is ’ (E2 80 99) read as Windows-1252 and encoded again */
    CHECK("Armenia\xC3\xA2\xE2\x82\xAC\xE2\x84\xA2s position", "Armenia\xE2\x80\x99s position", 0, 0, 1);
    /* "â–³" is △ (E2 96 B3) */
    CHECK("\xC3\xA2\xE2\x80\x93\xC2\xB3 marks", "\xE2\x96\xB3 marks", 0, 0, 1);
    /* quotes on both sides: â€œ … â€\x9D (0x9D is undefined in 1252 and survives as U+009D) */
    CHECK("\xC3\xA2\xE2\x82\xAC\xC5\x93peace\xC3\xA2\xE2\x82\xAC\xC2\x9D",
          "\xE2\x80\x9Cpeace\xE2\x80\x9D", 0, 0, 2);
}

static void mojibake_of_latin1_letters_left_alone(void **state)
{
    (void)state;
    /* "Ã©" may be é twice encoded, but "Ã" + Latin-1 is real text often
     * enough that only characters beyond Latin-1 are repaired */
    CHECK("caf\xC3\x83\xC2\xA9", "caf\xC3\x83\xC2\xA9", 0, 0, 0);
    /* "â" followed by plain text is just "â" */
    CHECK("ch\xC3\xA2teau", "ch\xC3\xA2teau", 0, 0, 0);
}

static void next_and_prev_decode(void **state)
{
    (void)state;
    const char *s = "a\xC3\xA9\xE2\x80\x99\xF0\x9F\x98\x80";
    size_t n = strlen(s), i = 0;
    assert_int_equal(nk_utf8_next(s, n, &i), 'a');
    assert_int_equal(i, 1);
    assert_int_equal(nk_utf8_next(s, n, &i), 0xE9);
    assert_int_equal(i, 3);
    assert_int_equal(nk_utf8_next(s, n, &i), 0x2019);
    assert_int_equal(i, 6);
    assert_int_equal(nk_utf8_next(s, n, &i), 0x1F600);
    assert_int_equal(i, 10);
    size_t k = n;
    assert_int_equal(nk_utf8_prev(s, &k), 0x1F600);
    assert_int_equal(k, 6);
    assert_int_equal(nk_utf8_prev(s, &k), 0x2019);
    assert_int_equal(k, 3);
    assert_int_equal(nk_utf8_prev(s, &k), 0xE9);
    assert_int_equal(k, 1);
    assert_int_equal(nk_utf8_prev(s, &k), 'a');
    assert_int_equal(k, 0);
    assert_int_equal(nk_utf8_prev(s, &k), 0);
    assert_int_equal(k, 0);
}

/* Code points before byte off, counted the slow way. */
static size_t naive_cps(const char *s, size_t off)
{
    size_t n = 0;
    for (size_t i = 0; i < off; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

static void cpindex_counts_code_points(void **state)
{
    (void)state;
    const char *s = "Erdo\xC4\x9F" "an \xE2\x80\x9CYes\xE2\x80\x9D \xF0\x9F\x98\x80!";
    nk_cpindex ix;
    nk_cpindex_init(&ix, s, strlen(s));
    assert_int_equal(nk_cpindex_at(&ix, 0), 0);
    assert_int_equal(nk_cpindex_at(&ix, 4), 4);   /* before ğ */
    assert_int_equal(nk_cpindex_at(&ix, 6), 5);   /* after ğ (2 bytes) */
    assert_int_equal(nk_cpindex_at(&ix, 9), 8);   /* before “ */
    assert_int_equal(nk_cpindex_at(&ix, 12), 9);  /* after “ (3 bytes) */
    assert_int_equal(nk_cpindex_at(&ix, 19), 14); /* before 😀 */
    assert_int_equal(nk_cpindex_at(&ix, 23), 15); /* after 😀 (4 bytes) */
    assert_int_equal(nk_cpindex_at(&ix, strlen(s)), 16);
    /* past the end: clamped to the end */
    assert_int_equal(nk_cpindex_at(&ix, strlen(s) + 100), 16);
    nk_cpindex_free(&ix);
    assert_null(ix.marks);
}

static void cpindex_beyond_checkpoints(void **state)
{
    (void)state;
    /* 100 "é" (200 bytes), then 50 "’" (150 bytes), then 30 "😀" (120
     * bytes), then ASCII: characters straddle the 64-byte checkpoints */
    nk_buf b = {0};
    for (int i = 0; i < 100; i++)
        nk_buf_adds(&b, "\xC3\xA9");
    for (int i = 0; i < 50; i++)
        nk_buf_adds(&b, "\xE2\x80\x99");
    for (int i = 0; i < 30; i++)
        nk_buf_adds(&b, "\xF0\x9F\x98\x80");
    nk_buf_adds(&b, "tail");
    assert_int_equal(b.len, 474);
    nk_cpindex ix;
    nk_cpindex_init(&ix, b.data, b.len);
    assert_int_equal(nk_cpindex_at(&ix, 64), 32);
    assert_int_equal(nk_cpindex_at(&ix, 128), 64);
    assert_int_equal(nk_cpindex_at(&ix, 200), 100);
    assert_int_equal(nk_cpindex_at(&ix, 203), 101);
    assert_int_equal(nk_cpindex_at(&ix, 350), 150);
    assert_int_equal(nk_cpindex_at(&ix, 470), 180);
    assert_int_equal(nk_cpindex_at(&ix, 474), 184);
    /* every byte offset agrees with a plain count */
    for (size_t off = 0; off <= b.len; off++)
        assert_int_equal(nk_cpindex_at(&ix, off), naive_cps(b.data, off));
    nk_cpindex_free(&ix);
    nk_buf_free(&b);
}

static void cpindex_empty_text(void **state)
{
    (void)state;
    nk_cpindex ix;
    nk_cpindex_init(&ix, "", 0);
    assert_int_equal(nk_cpindex_at(&ix, 0), 0);
    nk_cpindex_free(&ix);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(valid_text_is_untouched),
        cmocka_unit_test(overlong_sequence_replaced),
        cmocka_unit_test(lone_continuation_bytes_replaced),
        cmocka_unit_test(surrogates_replaced),
        cmocka_unit_test(beyond_unicode_replaced),
        cmocka_unit_test(truncated_sequence_at_end_replaced),
        cmocka_unit_test(nul_and_controls_replaced),
        cmocka_unit_test(noncharacters_fffe_ffff_replaced),
        cmocka_unit_test(tab_lf_cr_kept),
        cmocka_unit_test(counts_add_up),
        cmocka_unit_test(mojibake_repaired),
        cmocka_unit_test(mojibake_of_latin1_letters_left_alone),
        cmocka_unit_test(next_and_prev_decode),
        cmocka_unit_test(cpindex_counts_code_points),
        cmocka_unit_test(cpindex_beyond_checkpoints),
        cmocka_unit_test(cpindex_empty_text),
    };
    return cmocka_run_group_tests_name("utf8", tests, NULL, NULL);
}
