/* test_sentence.c — sentence splitting: abbreviations, initials, quotes,
 * headlines, numbers, ellipses; sentences are trimmed byte spans. */
#include "testutil.h"

#include "sentence.h"

/* Splits text and checks the sentences, given as a NULL-terminated list. */
static void check_split(const char *text, const char *const *want)
{
    nk_doc d;
    tu_doc_text(&d, text);
    nk_sentence_split(&d);
    size_t n = 0;
    while (want[n])
        n++;
    if (d.sentences.len != n) {
        print_error("\"%s\": %zu sentences, want %zu\n", text, d.sentences.len, n);
        for (size_t i = 0; i < d.sentences.len; i++)
            print_error("  [%zu] \"%.*s\"\n", i, (int)(d.sentences.items[i].e - d.sentences.items[i].b),
                        d.text + d.sentences.items[i].b);
        nk_doc_free(&d);
        fail();
    }
    for (size_t i = 0; i < n; i++)
        tu_assert_sentence(&d, i, want[i]);
    nk_doc_free(&d);
}
#define SPLIT(text, ...) check_split(text, (const char *const[]){__VA_ARGS__, NULL})

static void abbreviation_us_before_title(void **state)
{
    (void)state;
    SPLIT("U.S. Secretary of State Antony Blinken said. Next one.",
          "U.S. Secretary of State Antony Blinken said.", "Next one.");
    SPLIT("The U.N. Security Council met. It adjourned.", "The U.N. Security Council met.", "It adjourned.");
}

static void title_and_month_abbreviations(void **state)
{
    (void)state;
    SPLIT("Gen. Smith arrived in the capital. He spoke.", "Gen. Smith arrived in the capital.", "He spoke.");
    SPLIT("The talks on Dec. 3 ended. Both sides left.", "The talks on Dec. 3 ended.", "Both sides left.");
    SPLIT("Mr. Kuleba and Dr. Jones met. They talked.", "Mr. Kuleba and Dr. Jones met.", "They talked.");
}

static void initials(void **state)
{
    (void)state;
    SPLIT("J. R. Smith spoke to reporters. Then he left.", "J. R. Smith spoke to reporters.", "Then he left.");
}

static void closing_quotes(void **state)
{
    (void)state;
    SPLIT("\xE2\x80\x9CThe war is over,\xE2\x80\x9D said Aliyev. The sides agreed.",
          "\xE2\x80\x9CThe war is over,\xE2\x80\x9D said Aliyev.", "The sides agreed.");
    /* the closing mark after a full stop belongs to the sentence it closes */
    SPLIT("\xE2\x80\x9CThe war is over.\xE2\x80\x9D The sides agreed.",
          "\xE2\x80\x9CThe war is over.\xE2\x80\x9D", "The sides agreed.");
    SPLIT("He said \"enough.\" Then he left.", "He said \"enough.\"", "Then he left.");
    SPLIT("(It ended.) Next.", "(It ended.)", "Next.");
}

static void abbreviation_before_quotation(void **state)
{
    (void)state;
    /* an abbreviation ends a sentence when a quotation opens after it */
    SPLIT("He lives in the U.S. \xE2\x80\x9CIt is fine,\xE2\x80\x9D he said.", "He lives in the U.S.",
          "\xE2\x80\x9CIt is fine,\xE2\x80\x9D he said.");
}

static void headline_line_without_full_stop(void **state)
{
    (void)state;
    SPLIT("Ministers meet in Brussels\nThe ministers met on Monday. They agreed.", "Ministers meet in Brussels",
          "The ministers met on Monday.", "They agreed.");
    SPLIT("KHARTOUM, 13 January 2022 12:32\r\n\r\nFighting resumed.", "KHARTOUM, 13 January 2022 12:32",
          "Fighting resumed.");
}

static void numbers_and_addresses_not_split(void **state)
{
    (void)state;
    SPLIT("Losses reached 3.5 million dollars. Next.", "Losses reached 3.5 million dollars.", "Next.");
    SPLIT("See example.com for details. Done.", "See example.com for details.", "Done.");
    SPLIT("The U.S.-led talks began. Done.", "The U.S.-led talks began.", "Done.");
    /* a lower-case word after a period continues the sentence */
    SPLIT("It was approx. five hours. Done.", "It was approx. five hours.", "Done.");
}

static void ellipsis_before_capital(void **state)
{
    (void)state;
    SPLIT("He paused... Then he spoke.", "He paused...", "Then he spoke.");
    SPLIT("He paused\xE2\x80\xA6 Then he spoke.", "He paused\xE2\x80\xA6", "Then he spoke.");
    SPLIT("He paused... and went on.", "He paused... and went on.");
    SPLIT("He paused\xE2\x80\xA6 and went on.", "He paused\xE2\x80\xA6 and went on.");
}

static void question_and_exclamation(void **state)
{
    (void)state;
    SPLIT("Is it over? Yes! It is.", "Is it over?", "Yes!", "It is.");
    SPLIT("Really?! Yes.", "Really?!", "Yes.");
}

static void sentences_trimmed(void **state)
{
    (void)state;
    SPLIT("   Leading spaces.    Next one.  \n\n\n  ", "Leading spaces.", "Next one.");
    /* no-break and other Unicode spaces are trimmed too */
    SPLIT("\xC2\xA0\xE2\x80\x83Spaced out.\xC2\xA0", "Spaced out.");
    SPLIT("\t Tabbed line \t\nSecond", "Tabbed line", "Second");
}

static void empty_and_blank_text(void **state)
{
    (void)state;
    nk_doc d;
    tu_doc_text(&d, "");
    nk_sentence_split(&d);
    assert_int_equal(d.sentences.len, 0);
    nk_doc_free(&d);
    tu_doc_text(&d, " \n \n\t\n");
    nk_sentence_split(&d);
    assert_int_equal(d.sentences.len, 0);
    nk_doc_free(&d);
}

static void spans_are_byte_offsets_in_order(void **state)
{
    (void)state;
    nk_doc d;
    tu_doc_text(&d, "Erdo\xC4\x9F" "an spoke. \xC3\x89lys\xC3\xA9" "e answered.");
    nk_sentence_split(&d);
    assert_int_equal(d.sentences.len, 2);
    assert_int_equal(d.sentences.items[0].b, 0);
    assert_int_equal(d.sentences.items[0].e, 15);
    assert_int_equal(d.sentences.items[1].b, 16);
    assert_int_equal(d.sentences.items[1].e, d.len);
    /* splitting again replaces, never appends */
    nk_sentence_split(&d);
    assert_int_equal(d.sentences.len, 2);
    /* and sentence lookup by offset */
    assert_int_equal(nk_doc_sentence_at(&d, 0), 0);
    assert_int_equal(nk_doc_sentence_at(&d, 14), 0);
    assert_int_equal(nk_doc_sentence_at(&d, 16), 1);
    assert_int_equal(nk_doc_sentence_at(&d, d.len - 1), 1);
    nk_doc_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(abbreviation_us_before_title),
        cmocka_unit_test(title_and_month_abbreviations),
        cmocka_unit_test(initials),
        cmocka_unit_test(closing_quotes),
        cmocka_unit_test(abbreviation_before_quotation),
        cmocka_unit_test(headline_line_without_full_stop),
        cmocka_unit_test(numbers_and_addresses_not_split),
        cmocka_unit_test(ellipsis_before_capital),
        cmocka_unit_test(question_and_exclamation),
        cmocka_unit_test(sentences_trimmed),
        cmocka_unit_test(empty_and_blank_text),
        cmocka_unit_test(spans_are_byte_offsets_in_order),
    };
    return cmocka_run_group_tests_name("sentence", tests, NULL, NULL);
}
