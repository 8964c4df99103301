/* test_ingest.c — from bytes and files to a document: the date header,
 * datelines, binary and empty inputs, repair, HTML pages. */
#include "testutil.h"

#include "ingest.h"

#define FFFD "\xEF\xBF\xBD"

/* Ingests a string as if read from a file called display. */
static nk_ingest_status ingest(nk_doc *d, const char *data, size_t n, const char *display, char *reason,
                               size_t rlen)
{
    memset(d, 0, sizeof *d);
    reason[0] = '\0';
    return nk_ingest_bytes(data, n, display, d, reason, rlen);
}

static void date_header_sets_date_and_is_removed(void **state)
{
    (void)state;
    const char *s = " date 2021-12-08 YEREVAN, December 8. Armenia said so.";
    nk_doc d;
    char reason[256];
    assert_int_equal(ingest(&d, s, strlen(s), "a.txt", reason, sizeof reason), NK_INGEST_OK);
    assert_string_equal(d.text, "YEREVAN, December 8. Armenia said so.");
    assert_int_equal(d.len, strlen(d.text));
    assert_int_equal(d.date.y, 2021);
    assert_int_equal(d.date.m, 12);
    assert_int_equal(d.date.d, 8);
    assert_string_equal(d.source, "a.txt");
    /* the id is the hash of the text as it enters nif:isString */
    char id[33];
    nk_hash_hex(d.text, d.len, id);
    assert_string_equal(d.id, id);
    nk_doc_free(&d);

    /* followed by a newline (CRLF too), without the leading space */
    s = "date 2020-11-10\r\nBody text here.";
    assert_int_equal(ingest(&d, s, strlen(s), "b.txt", reason, sizeof reason), NK_INGEST_OK);
    assert_string_equal(d.text, "Body text here.");
    assert_int_equal(d.date.y, 2020);
    assert_int_equal(d.date.m, 11);
    assert_int_equal(d.date.d, 10);
    nk_doc_free(&d);

    /* after a byte order mark */
    s = "\xEF\xBB\xBF date 2020-11-10\nBody.";
    assert_int_equal(ingest(&d, s, strlen(s), "c.txt", reason, sizeof reason), NK_INGEST_OK);
    assert_string_equal(d.text, "Body.");
    assert_int_equal(d.date.d, 10);
    nk_doc_free(&d);
}

static void date_header_must_be_exact(void **state)
{
    (void)state;
    nk_doc d;
    char reason[256];
    /* glued to the next word: not a header, the text is kept as is */
    const char *s = " date 2021-12-08YEREVAN text.";
    assert_int_equal(ingest(&d, s, strlen(s), "a.txt", reason, sizeof reason), NK_INGEST_OK);
    assert_string_equal(d.text, s);
    nk_doc_free(&d);
    /* an impossible date is no header */
    s = " date 2021-02-30 Text.";
    assert_int_equal(ingest(&d, s, strlen(s), "a.txt", reason, sizeof reason), NK_INGEST_OK);
    assert_string_equal(d.text, s);
    assert_int_equal(d.date.y, 0);
    nk_doc_free(&d);
    /* "date" later in the text is words */
    s = "The date 2021-12-08 was chosen.";
    assert_int_equal(ingest(&d, s, strlen(s), "a.txt", reason, sizeof reason), NK_INGEST_OK);
    assert_string_equal(d.text, s);
    nk_doc_free(&d);
}

static void dateline_after_page_date(void **state)
{
    (void)state;
    const char *s = "Saturday June 22 2024\n"
                    "\n"
                    "Ministers meet in Brussels\n"
                    "13 January 2022 12:32\n"
                    "The ministers of Serbia and Kosovo met on Thursday.\n";
    nk_date dt = nk_ingest_dateline(s, strlen(s));
    assert_int_equal(dt.y, 2022);
    assert_int_equal(dt.m, 1);
    assert_int_equal(dt.d, 13);
    nk_doc d;
    char reason[256];
    assert_int_equal(ingest(&d, s, strlen(s), "a.txt", reason, sizeof reason), NK_INGEST_OK);
    assert_int_equal(d.date.y, 2022);
    assert_int_equal(d.date.m, 1);
    assert_int_equal(d.date.d, 13);
    /* the page date stays in the text: only the header line is metadata */
    assert_memory_equal(d.text, "Saturday June 22 2024", 21);
    nk_doc_free(&d);
}

static void dateline_forms(void **state)
{
    (void)state;
    /* a dateline opening the first paragraph */
    const char *s = "BAKU, November 10, 2020 - The leaders signed a statement.";
    nk_date dt = nk_ingest_dateline(s, strlen(s));
    assert_int_equal(dt.y, 2020);
    assert_int_equal(dt.m, 11);
    assert_int_equal(dt.d, 10);
    /* a page date with a time is the article's */
    s = "Saturday June 22 2024 10:15\nText.";
    dt = nk_ingest_dateline(s, strlen(s));
    assert_int_equal(dt.y, 2024);
    assert_int_equal(dt.d, 22);
    /* a weekday date on a later line is a dateline */
    s = "Headline\nSaturday June 22 2024\nText.";
    dt = nk_ingest_dateline(s, strlen(s));
    assert_int_equal(dt.y, 2024);
    /* a date without a year is no dateline */
    s = "On November 10 the leaders met.";
    dt = nk_ingest_dateline(s, strlen(s));
    assert_int_equal(dt.y, 0);
}

static void ambiguous_slashed_dateline_settled_by_text(void **state)
{
    (void)state;
    /* 4 December or April 12: the text speaks of December */
    const char *s = "Headline\n\nIssued on: 04/12/2023 - 16:20\n\nThe vote is on December 20.\n";
    nk_date dt = nk_ingest_dateline(s, strlen(s));
    assert_int_equal(dt.y, 2023);
    assert_int_equal(dt.m, 12);
    assert_int_equal(dt.d, 4);
    s = "Issued on: 04/12/2023 - 16:20\n\nTalks resume in April.\n";
    dt = nk_ingest_dateline(s, strlen(s));
    assert_int_equal(dt.m, 4);
    assert_int_equal(dt.d, 12);
    /* nothing settles it: no date */
    s = "Issued on: 04/12/2023 - 16:20\n\nTalks resumed.\n";
    assert_int_equal(nk_ingest_dateline(s, strlen(s)).y, 0);
}

static void signoff_dates_an_undated_release(void **state)
{
    (void)state;
    const char *s = "PRESS RELEASE\n\nThe Ministry of Foreign Affairs strongly condemns the shelling of the "
                    "border villages by the separatist forces on 2 February 2024.\n\nChisinau, 14 March 2024\n";
    nk_doc d;
    char reason[256];
    assert_int_equal(ingest(&d, s, strlen(s), "a.txt", reason, sizeof reason), NK_INGEST_OK);
    assert_int_equal(d.date.y, 2024);
    assert_int_equal(d.date.m, 3);
    assert_int_equal(d.date.d, 14);
    assert_int_equal(d.date_basis, NK_DATE_SIGNOFF);
    nk_doc_free(&d);
    /* a date only in the text is not the release's: it stays undated */
    s = "PRESS RELEASE\n\nThe Ministry of Foreign Affairs strongly condemns the shelling of the border villages "
        "by the separatist forces on 2 February 2024.\n\nJohn Smith\nSpokesperson\n";
    assert_int_equal(ingest(&d, s, strlen(s), "a.txt", reason, sizeof reason), NK_INGEST_OK);
    assert_int_equal(d.date.y, 0);
    assert_int_equal(d.date_basis, NK_DATE_UNKNOWN);
    nk_doc_free(&d);
    /* a closing sentence with a date is no sign-off */
    s = "PRESS RELEASE\n\nThe talks resume on 14 March 2024.\n";
    assert_int_equal(nk_ingest_signoff(s, strlen(s)).y, 0);
    s = "The Ministry of Foreign Affairs strongly condemns the shelling of the border villages.\n\n9 February 2024\n";
    assert_int_equal(nk_ingest_signoff(s, strlen(s)).d, 9);
}

static void no_date_gives_year_zero(void **state)
{
    (void)state;
    const char *s = "The ministers met and talked.\nNothing dates this text.\n";
    nk_doc d;
    char reason[256];
    assert_int_equal(ingest(&d, s, strlen(s), "a.txt", reason, sizeof reason), NK_INGEST_OK);
    assert_int_equal(d.date.y, 0);
    nk_doc_free(&d);
    /* only a page date: still no publication date */
    s = "Saturday June 22 2024\nThe ministers met.\n";
    assert_int_equal(ingest(&d, s, strlen(s), "a.txt", reason, sizeof reason), NK_INGEST_OK);
    assert_int_equal(d.date.y, 0);
    nk_doc_free(&d);
}

static void binary_inputs_skipped(void **state)
{
    (void)state;
    nk_doc d;
    char reason[256];
    static const char png[] = "\x89PNG\r\n\x1A\n\0\0\0\rIHDR plus some more bytes";
    assert_int_equal(ingest(&d, png, sizeof png - 1, "image.txt", reason, sizeof reason), NK_INGEST_SKIPPED);
    assert_non_null(strstr(reason, "PNG"));
    assert_null(d.text);
    nk_doc_free(&d);

    static const char gz[] = "\x1F\x8B\x08\0\0\0\0\0\0\x03 compressed";
    assert_int_equal(ingest(&d, gz, sizeof gz - 1, "notes.txt", reason, sizeof reason), NK_INGEST_SKIPPED);
    assert_non_null(strstr(reason, "gzip"));
    nk_doc_free(&d);

    /* no magic, but mostly control and invalid bytes */
    char noise[512];
    for (size_t i = 0; i < sizeof noise; i++)
        noise[i] = (char)(i % 3 == 0 ? 0x01 + i % 7 : i % 3 == 1 ? 0xF8 : 'a');
    assert_int_equal(ingest(&d, noise, sizeof noise, "noise.txt", reason, sizeof reason), NK_INGEST_SKIPPED);
    assert_non_null(strstr(reason, "binary"));
    nk_doc_free(&d);
}

static void empty_and_blank_inputs_skipped(void **state)
{
    (void)state;
    nk_doc d;
    char reason[256];
    assert_int_equal(ingest(&d, "", 0, "empty.txt", reason, sizeof reason), NK_INGEST_SKIPPED);
    assert_non_null(strstr(reason, "no text"));
    nk_doc_free(&d);
    const char *s = "  \n\t\r\n   \n";
    assert_int_equal(ingest(&d, s, strlen(s), "blank.txt", reason, sizeof reason), NK_INGEST_SKIPPED);
    assert_non_null(strstr(reason, "no text"));
    nk_doc_free(&d);
    /* a header and nothing else */
    s = " date 2021-12-08 \n";
    assert_int_equal(ingest(&d, s, strlen(s), "header.txt", reason, sizeof reason), NK_INGEST_SKIPPED);
    nk_doc_free(&d);
    /* an HTML page without text */
    s = "<html><head><title>Nothing</title></head><body><nav>Menu</nav></body></html>";
    assert_int_equal(ingest(&d, s, strlen(s), "page.html", reason, sizeof reason), NK_INGEST_SKIPPED);
    nk_doc_free(&d);
}

static void nul_bytes_replaced_and_counted(void **state)
{
    (void)state;
    static const char s[] = "The ministers met in Brussels\0 on Monday and agreed\0 to talk again.";
    nk_doc d;
    char reason[256];
    assert_int_equal(ingest(&d, s, sizeof s - 1, "nul.txt", reason, sizeof reason), NK_INGEST_OK);
    assert_int_equal(d.repair.controls, 2);
    assert_int_equal(d.repair.invalid, 0);
    assert_int_equal(strlen(d.text), d.len); /* no NUL left inside */
    assert_string_equal(d.text, "The ministers met in Brussels" FFFD " on Monday and agreed" FFFD " to talk again.");
    nk_doc_free(&d);
}

static void invalid_utf8_and_mojibake_repaired(void **state)
{
    (void)state;
    static const char s[] = "Serbia\xC3\xA2\xE2\x82\xAC\xE2\x84\xA2s envoy \xC0\x80said so.";
    nk_doc d;
    char reason[256];
    assert_int_equal(ingest(&d, s, sizeof s - 1, "m.txt", reason, sizeof reason), NK_INGEST_OK);
    assert_string_equal(d.text, "Serbia\xE2\x80\x99s envoy " FFFD "said so.");
    assert_int_equal(d.repair.mojibake, 1);
    assert_int_equal(d.repair.invalid, 1);
    nk_doc_free(&d);
}

static const char page[] =
    "<!DOCTYPE html>\n"
    "<html><head>\n"
    "<title>Ceasefire holds | Example News</title>\n"
    "<meta property=\"og:url\" content=\"https://news.example.org/og-url\">\n"
    "<link rel=\"canonical\" href=\"https://news.example.org/2022/01/ceasefire-holds\">\n"
    "<meta property=\"article:published_time\" content=\"2022-01-13T12:32:00+04:00\">\n"
    "<meta property=\"og:site_name\" content=\"Example News\">\n"
    "<style>.x { content: 'STYLE-TEXT'; }</style>\n"
    "<script>var t = 'SCRIPT-TEXT';</script>\n"
    "</head><body>\n"
    "<nav><a href=\"/\">NAV-TEXT Home</a></nav>\n"
    "<div class=\"cookie-banner\">COOKIE-TEXT We use cookies.</div>\n"
    "<article>\n"
    "<h1>Ceasefire holds</h1>\n"
    "<p>The ministers of Serbia &amp; Kosovo met in Brussels.</p>\n"
    "<div class=\"ad-slot\">AD-TEXT Buy now</div>\n"
    "<aside>ASIDE-TEXT Related stories</aside>\n"
    "<p>Talks   will\n continue &ldquo;next week&rdquo;.</p>\n"
    "<script>var u = 'INLINE-SCRIPT';</script>\n"
    "</article>\n"
    "<footer>FOOTER-TEXT</footer>\n"
    "</body></html>\n";

static void html_page_text_and_metadata(void **state)
{
    (void)state;
    nk_doc d;
    char reason[256];
    assert_int_equal(ingest(&d, page, sizeof page - 1, "site/article.html", reason, sizeof reason), NK_INGEST_OK);
    assert_string_equal(d.source, "site/article.html");
    assert_non_null(d.title);
    assert_string_equal(d.title, "Ceasefire holds | Example News");
    assert_non_null(d.url);
    assert_string_equal(d.url, "https://news.example.org/2022/01/ceasefire-holds");
    assert_non_null(d.publisher);
    assert_string_equal(d.publisher, "Example News");
    assert_int_equal(d.date.y, 2022);
    assert_int_equal(d.date.m, 1);
    assert_int_equal(d.date.d, 13);
    /* paragraphs present, entities decoded, white space folded */
    assert_non_null(strstr(d.text, "Ceasefire holds"));
    assert_non_null(strstr(d.text, "The ministers of Serbia & Kosovo met in Brussels."));
    assert_non_null(strstr(d.text, "Talks will continue \xE2\x80\x9Cnext week\xE2\x80\x9D."));
    assert_null(strstr(d.text, "&amp;"));
    /* page furniture absent */
    static const char *absent[] = {"NAV-TEXT", "SCRIPT-TEXT", "STYLE-TEXT", "COOKIE-TEXT", "AD-TEXT",
                                   "ASIDE-TEXT", "FOOTER-TEXT", "INLINE-SCRIPT", "<p>", "DOCTYPE"};
    for (size_t i = 0; i < sizeof absent / sizeof *absent; i++)
        if (strstr(d.text, absent[i]))
            fail_msg("\"%s\" found in the text: %s", absent[i], d.text);
    /* paragraphs are separated by line breaks, so they are sentences of their own */
    assert_non_null(strstr(d.text, "Ceasefire holds\n"));
    nk_doc_free(&d);
}

static void html_json_ld_metadata(void **state)
{
    (void)state;
    static const char s[] =
        "<html><head>"
        "<script type=\"application/ld+json\">{\"@context\": \"https://schema.org\", \"@type\": \"NewsArticle\","
        " \"headline\": \"Talks in Jeddah\", \"datePublished\": \"2023-05-06T08:00:00Z\","
        " \"publisher\": {\"@type\": \"Organization\", \"name\": \"Sudan Wire\"}}</script>"
        "</head><body><main><p>The talks in Jeddah resumed.</p></main></body></html>";
    nk_doc d;
    char reason[256];
    assert_int_equal(ingest(&d, s, sizeof s - 1, "x/page.htm", reason, sizeof reason), NK_INGEST_OK);
    assert_string_equal(d.text, "The talks in Jeddah resumed.");
    assert_int_equal(d.date.y, 2023);
    assert_int_equal(d.date.m, 5);
    assert_int_equal(d.date.d, 6);
    assert_non_null(d.publisher);
    assert_string_equal(d.publisher, "Sudan Wire");
    assert_non_null(d.title);
    assert_string_equal(d.title, "Talks in Jeddah");
    assert_null(d.url);
    nk_doc_free(&d);
}

static void html_meta_date_name(void **state)
{
    (void)state;
    static const char s[] = "<html><head><meta name=\"date\" content=\"2021-03-04\"></head>"
                            "<body><p>Body text.</p></body></html>";
    nk_doc d;
    char reason[256];
    assert_int_equal(ingest(&d, s, sizeof s - 1, "p.html", reason, sizeof reason), NK_INGEST_OK);
    assert_int_equal(d.date.y, 2021);
    assert_int_equal(d.date.m, 3);
    assert_int_equal(d.date.d, 4);
    assert_string_equal(d.text, "Body text.");
    nk_doc_free(&d);
}

static void html_invalid_byte_replaced(void **state)
{
    (void)state;
    /* a UTF-8 page (declared so) with one stray byte in its second paragraph */
    static const char s[] = "<html><head><meta charset=\"utf-8\"></head><body>"
                            "<p>Caf\xC3\xA9 Erdo\xC4\x9F" "an.</p><p>Bad \xFF byte.</p><p>Caf\xC3\xA9 again.</p>"
                            "</body></html>";
    nk_doc d;
    char reason[256];
    assert_int_equal(ingest(&d, s, sizeof s - 1, "p.html", reason, sizeof reason), NK_INGEST_OK);
    /* the text before the stray byte is intact either way */
    assert_non_null(strstr(d.text, "Caf\xC3\xA9 Erdo\xC4\x9F" "an."));
    bool ok = strstr(d.text, "Bad " FFFD " byte.") && strstr(d.text, "Caf\xC3\xA9 again.") && d.repair.invalid == 1;
    if (!ok)
        print_message("text: %s\n", d.text);
    nk_doc_free(&d);
    if (!ok) {
        fail();
    }
}

static void ingest_file_reads_and_limits(void **state)
{
    const char *dir = *state;
    char path[512];
    const char *s = " date 2020-12-03 The co-chairs met.\n";
    tu_write(tu_path(path, sizeof path, dir, "a.txt"), s, strlen(s));
    nk_ingest_limits lim = {NK_DEFAULT_MAX_FILE_BYTES};
    nk_doc d = {0};
    char reason[256] = "";
    assert_int_equal(nk_ingest_file(path, "shown/a.txt", &lim, &d, reason, sizeof reason), NK_INGEST_OK);
    assert_string_equal(d.source, "shown/a.txt");
    assert_string_equal(d.text, "The co-chairs met.\n");
    assert_int_equal(d.date.d, 3);
    nk_doc_free(&d);

    /* over the size limit */
    lim.max_file_bytes = 10;
    memset(&d, 0, sizeof d);
    assert_int_equal(nk_ingest_file(path, "a.txt", &lim, &d, reason, sizeof reason), NK_INGEST_SKIPPED);
    assert_non_null(strstr(reason, "too large"));
    nk_doc_free(&d);

    /* missing file, and a folder */
    lim.max_file_bytes = NK_DEFAULT_MAX_FILE_BYTES;
    memset(&d, 0, sizeof d);
    assert_int_equal(nk_ingest_file(tu_path(path, sizeof path, dir, "missing.txt"), "missing.txt", &lim, &d,
                                    reason, sizeof reason),
                     NK_INGEST_SKIPPED);
    assert_non_null(strstr(reason, "cannot open"));
    nk_doc_free(&d);
    memset(&d, 0, sizeof d);
    assert_int_equal(nk_ingest_file(dir, "dir", &lim, &d, reason, sizeof reason), NK_INGEST_SKIPPED);
    assert_non_null(strstr(reason, "not a regular file"));
    nk_doc_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(date_header_sets_date_and_is_removed),
        cmocka_unit_test(date_header_must_be_exact),
        cmocka_unit_test(dateline_after_page_date),
        cmocka_unit_test(dateline_forms),
        cmocka_unit_test(no_date_gives_year_zero),
        cmocka_unit_test(binary_inputs_skipped),
        cmocka_unit_test(empty_and_blank_inputs_skipped),
        cmocka_unit_test(nul_bytes_replaced_and_counted),
        cmocka_unit_test(invalid_utf8_and_mojibake_repaired),
        cmocka_unit_test(html_page_text_and_metadata),
        cmocka_unit_test(html_json_ld_metadata),
        cmocka_unit_test(html_meta_date_name),
        cmocka_unit_test(html_invalid_byte_replaced),
        cmocka_unit_test(ambiguous_slashed_dateline_settled_by_text),
        cmocka_unit_test(signoff_dates_an_undated_release),
        TU_DIR_TEST(ingest_file_reads_and_limits),
    };
    return cmocka_run_group_tests_name("ingest", tests, NULL, NULL);
}
