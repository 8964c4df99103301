/* test_token.c — words, numbers and punctuation with case flags. */
#include "testutil.h"

#include "sentence.h"
#include "token.h"

static nk_doc tokenize(const char *text)
{
    nk_doc d;
    tu_doc_text(&d, text);
    nk_sentence_split(&d);
    nk_token_split(&d);
    return d;
}

/* Checks the tokens' texts, given as a NULL-terminated list. */
static void check_tokens(const char *text, const char *const *want)
{
    nk_doc d = tokenize(text);
    size_t n = 0;
    while (want[n])
        n++;
    bool ok = d.tokens.len == n;
    for (size_t i = 0; ok && i < n; i++)
        ok = tu_span_is(&d, d.tokens.items[i].span, want[i]);
    if (!ok) {
        print_error("\"%s\" gave %zu tokens (want %zu):", text, d.tokens.len, n);
        for (size_t i = 0; i < d.tokens.len; i++)
            print_error(" [%.*s]", (int)(d.tokens.items[i].span.e - d.tokens.items[i].span.b),
                        d.text + d.tokens.items[i].span.b);
        print_error("\n");
        nk_doc_free(&d);
        fail();
    }
    nk_doc_free(&d);
}
#define TOKENS(text, ...) check_tokens(text, (const char *const[]){__VA_ARGS__, NULL})

/* Flags of the only token of text. */
static unsigned flags_of(const char *text)
{
    nk_doc d = tokenize(text);
    assert_int_equal(d.tokens.len, 1);
    unsigned f = d.tokens.items[0].flags;
    nk_doc_free(&d);
    return f;
}

static void dotted_abbreviations_one_token(void **state)
{
    (void)state;
    TOKENS("U.S. officials", "U.S.", "officials");
    TOKENS("the U.N. said", "the", "U.N.", "said");
    TOKENS("e.g. this", "e.g.", "this");
    /* an initial glued to a name is not an acronym */
    TOKENS("A.Smith", "A", ".", "Smith");
}

static void hyphen_is_its_own_token(void **state)
{
    (void)state;
    TOKENS("Nagorno-Karabakh", "Nagorno", "-", "Karabakh");
    TOKENS("the Serbia-Kosovo border", "the", "Serbia", "-", "Kosovo", "border");
    nk_doc d = tokenize("Nagorno-Karabakh");
    assert_true(d.tokens.items[1].flags & NK_TOK_PUNCT);
    assert_false(d.tokens.items[1].flags & NK_TOK_WORD);
    nk_doc_free(&d);
}

static void possessive_split_off(void **state)
{
    (void)state;
    TOKENS("Azerbaijan\xE2\x80\x99s army", "Azerbaijan", "\xE2\x80\x99s", "army");
    TOKENS("Serbia's envoy", "Serbia", "'s", "envoy");
    TOKENS("the EU\xE2\x80\x99S line", "the", "EU", "\xE2\x80\x99S", "line");
    nk_doc d = tokenize("Azerbaijan\xE2\x80\x99s");
    assert_int_equal(d.tokens.len, 2);
    assert_true(d.tokens.items[1].flags & NK_TOK_PUNCT);
    nk_doc_free(&d);
}

static void inner_apostrophe_kept(void **state)
{
    (void)state;
    TOKENS("O'Brien spoke", "O'Brien", "spoke");
    TOKENS("C\xC3\xB4te d\xE2\x80\x99Ivoire", "C\xC3\xB4te", "d\xE2\x80\x99Ivoire");
    /* a closing quote after a word is punctuation */
    TOKENS("'peace' talks", "'", "peace", "'", "talks");
}

static void numbers_with_separators(void **state)
{
    (void)state;
    TOKENS("1,000 troops", "1,000", "troops");
    TOKENS("3.5 million", "3.5", "million");
    TOKENS("In 2020, 1,200,300 people.", "In", "2020", ",", "1,200,300", "people", ".");
    TOKENS("on 9 November", "on", "9", "November");
    assert_true(flags_of("1,000") & NK_TOK_NUMBER);
    assert_true(flags_of("1,000") & NK_TOK_WORD);
    /* a separator not followed by a digit ends the number */
    TOKENS("7,ok", "7", ",", "ok");
}

static void case_flags(void **state)
{
    (void)state;
    unsigned f = flags_of("NATO");
    assert_true(f & NK_TOK_WORD);
    assert_true(f & NK_TOK_UPPER);
    assert_true(f & NK_TOK_ALLCAPS);
    assert_false(f & NK_TOK_NUMBER);

    f = flags_of("Minister");
    assert_true(f & NK_TOK_UPPER);
    assert_false(f & NK_TOK_ALLCAPS);

    f = flags_of("minister");
    assert_int_equal(f, NK_TOK_WORD);

    f = flags_of("A"); /* one capital is not ALLCAPS */
    assert_true(f & NK_TOK_UPPER);
    assert_false(f & NK_TOK_ALLCAPS);

    f = flags_of("U.S.");
    assert_true(f & NK_TOK_UPPER);
    assert_true(f & NK_TOK_ALLCAPS);

    f = flags_of("\xC3\x89LYS\xC3\x89" "E"); /* ÉLYSÉE */
    assert_true(f & NK_TOK_UPPER);
    assert_true(f & NK_TOK_ALLCAPS);

    f = flags_of("Erdo\xC4\x9F" "an");
    assert_true(f & NK_TOK_UPPER);
    assert_false(f & NK_TOK_ALLCAPS);

    f = flags_of("2022");
    assert_int_equal(f, NK_TOK_WORD | NK_TOK_NUMBER);

    f = flags_of("F16"); /* letters and digits: a word, not a number */
    assert_true(f & NK_TOK_WORD);
    assert_false(f & NK_TOK_NUMBER);
}

static void quotes_and_punctuation(void **state)
{
    (void)state;
    nk_doc d = tokenize("\xE2\x80\x9CYes,\xE2\x80\x9D he said.");
    assert_int_equal(d.tokens.len, 7); /* “ Yes , ” he said . */
    assert_int_equal(d.tokens.items[0].flags, NK_TOK_PUNCT | NK_TOK_QUOTE);
    assert_int_equal(d.tokens.items[1].flags, NK_TOK_WORD | NK_TOK_UPPER);
    assert_int_equal(d.tokens.items[2].flags, NK_TOK_PUNCT);
    assert_int_equal(d.tokens.items[3].flags, NK_TOK_PUNCT | NK_TOK_QUOTE);
    assert_int_equal(d.tokens.items[6].flags, NK_TOK_PUNCT);
    assert_true(tu_span_is(&d, d.tokens.items[6].span, "."));
    nk_doc_free(&d);
}

static void tokens_know_their_sentence(void **state)
{
    (void)state;
    nk_doc d = tokenize("Serbia spoke.  Kosovo answered.\nDone");
    assert_int_equal(d.sentences.len, 3);
    assert_int_equal(d.tokens.len, 7);
    size_t want[] = {0, 0, 0, 1, 1, 1, 2};
    for (size_t i = 0; i < 7; i++) {
        assert_int_equal(d.tokens.items[i].sentence, want[i]);
        nk_span s = d.sentences.items[want[i]];
        assert_true(d.tokens.items[i].span.b >= s.b && d.tokens.items[i].span.e <= s.e);
    }
    /* white space is never a token, so spans are increasing and disjoint */
    for (size_t i = 1; i < d.tokens.len; i++)
        assert_true(d.tokens.items[i].span.b >= d.tokens.items[i - 1].span.e);
    nk_doc_free(&d);
}

static void token_is_compares_text(void **state)
{
    (void)state;
    nk_doc d = tokenize("The OSCE said");
    assert_true(nk_token_is(&d, 1, "OSCE"));
    assert_false(nk_token_is(&d, 1, "osce"));
    assert_true(nk_token_is_ci(&d, 1, "osce"));
    assert_false(nk_token_is_ci(&d, 1, "osc"));
    assert_false(nk_token_is(&d, 0, "Th"));
    assert_true(nk_token_is_ci(&d, 0, "THE"));
    nk_doc_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(dotted_abbreviations_one_token),
        cmocka_unit_test(hyphen_is_its_own_token),
        cmocka_unit_test(possessive_split_off),
        cmocka_unit_test(inner_apostrophe_kept),
        cmocka_unit_test(numbers_with_separators),
        cmocka_unit_test(case_flags),
        cmocka_unit_test(quotes_and_punctuation),
        cmocka_unit_test(tokens_know_their_sentence),
        cmocka_unit_test(token_is_compares_text),
    };
    return cmocka_run_group_tests_name("token", tests, NULL, NULL);
}
