/* test_html.c — telling HTML from text, and reading an article out of a
 * page (libxml2's forgiving parser). */
#include "testutil.h"

#include "html.h"

#define S(lit) lit, sizeof(lit) - 1

static void sniff_by_extension(void **state)
{
    (void)state;
    assert_true(nk_html_sniff(S("plain words"), "a/b/page.html"));
    assert_true(nk_html_sniff(S("plain words"), "PAGE.HTM"));
    assert_true(nk_html_sniff(S("plain words"), "page.xhtml"));
    assert_false(nk_html_sniff(S("plain words"), "page.txt"));
    assert_false(nk_html_sniff(S("plain words"), "html")); /* no extension */
    assert_false(nk_html_sniff(S("plain words"), "page.html.txt"));
}

static void sniff_by_content(void **state)
{
    (void)state;
    assert_true(nk_html_sniff(S("<!DOCTYPE html><html><body>x</body></html>"), "a.txt"));
    assert_true(nk_html_sniff(S("<!doctype HTML>\n<p>x"), "a"));
    assert_true(nk_html_sniff(S("\n\n   <html lang=\"en\">"), "a.txt"));
    assert_true(nk_html_sniff(S("\xEF\xBB\xBF<html>"), "a.txt"));
    assert_true(nk_html_sniff(S("<head><title>t</title></head>"), "a.txt"));
    assert_true(nk_html_sniff(S("<!-- saved page -->\n<html><body>x</body></html>"), "a.txt"));
    /* a comment alone does not make a page */
    assert_false(nk_html_sniff(S("<!-- a note --> and then plain text"), "a.txt"));
    assert_false(nk_html_sniff(S("The <b>bold</b> claim."), "a.txt"));
    assert_false(nk_html_sniff(S("YEREVAN, December 8. <html> is a word here."), "a.txt"));
    assert_false(nk_html_sniff(S("<"), "a.txt"));
    assert_false(nk_html_sniff("", 0, "a.txt"));
}

/* Extracts s; fails the test when the parser gives nothing. */
static void extract(const char *s, size_t n, nk_html *h)
{
    if (!nk_html_extract(s, n, NULL, h))
        fail_msg("no document from: %s", s);
    assert_non_null(h->text.data);
}

static void article_preferred_over_body(void **state)
{
    (void)state;
    nk_html h;
    extract(S("<html><body><p>OUTSIDE the article</p><article><p>Inside one.</p><p>Inside two.</p></article>"
              "<p>OUTSIDE after</p></body></html>"),
            &h);
    assert_string_equal(h.text.data, "Inside one.\n\nInside two.");
    nk_html_free(&h);
    assert_null(h.text.data);
    assert_null(h.title);

    extract(S("<html><body><div>OUTSIDE</div><main><p>Main text.</p></main></body></html>"), &h);
    assert_string_equal(h.text.data, "Main text.");
    nk_html_free(&h);

    extract(S("<html><body><p>Body text.</p></body></html>"), &h);
    assert_string_equal(h.text.data, "Body text.");
    nk_html_free(&h);
}

static void blocks_become_paragraphs(void **state)
{
    (void)state;
    nk_html h;
    extract(S("<body><h1>Title  line</h1><p>One <b>bold</b>\n  word.</p><ul><li>First</li><li>Second</li></ul>"
              "<p>Line<br>break</p>   </body>"),
            &h);
    assert_string_equal(h.text.data, "Title line\n\nOne bold word.\n\nFirst\n\nSecond\n\nLine\n\nbreak");
    nk_html_free(&h);
}

static void furniture_removed_by_element_and_class(void **state)
{
    (void)state;
    nk_html h;
    extract(S("<body><article>"
              "<p>Kept one.</p>"
              "<nav>NAV</nav><script>SCRIPT</script><style>STYLE</style><noscript>NOSCRIPT</noscript>"
              "<aside>ASIDE</aside><footer>FOOTER</footer><form>FORM</form><figure>FIGURE</figure>"
              "<div class=\"ad\">AD1</div><div class=\"x ad-slot\">AD2</div><div class=\"ad_box\">AD3</div>"
              "<div id=\"cookie-consent\">COOKIE</div><section class=\"related-links\">RELATED</section>"
              "<div class=\"share\">SHARE</div><div role=\"navigation menu\">MENU</div>"
              "<div class=\"adventure-story\">Kept two.</div>"
              "<div class=\"leadership\">Kept three.</div>"
              "</article></body>"),
            &h);
    assert_string_equal(h.text.data, "Kept one.\n\nKept two.\n\nKept three.");
    nk_html_free(&h);
}

static void entities_decoded(void **state)
{
    (void)state;
    nk_html h;
    extract(S("<body><p>Serbia &amp; Kosovo &ndash; &ldquo;talks&rdquo; &#8217;s &#x25B3; caf&eacute;</p></body>"),
            &h);
    assert_string_equal(h.text.data,
                        "Serbia & Kosovo \xE2\x80\x93 \xE2\x80\x9Ctalks\xE2\x80\x9D \xE2\x80\x99s "
                        "\xE2\x96\xB3 caf\xC3\xA9");
    nk_html_free(&h);
}

static void head_metadata(void **state)
{
    (void)state;
    nk_html h;
    extract(S("<html><head><title>Page title</title>"
              "<meta property=\"og:title\" content=\"OG title\">"
              "<link rel=\"canonical\" href=\"https://example.org/a\">"
              "<meta property=\"og:url\" content=\"https://example.org/og\">"
              "<meta itemprop=\"datePublished\" content=\"2021-06-01\">"
              "<meta property=\"og:site_name\" content=\"Example\">"
              "</head><body><p>x</p></body></html>"),
            &h);
    assert_string_equal(h.title, "Page title"); /* the first title found */
    assert_string_equal(h.url, "https://example.org/a");
    assert_string_equal(h.published, "2021-06-01");
    assert_string_equal(h.publisher, "Example");
    nk_html_free(&h);

    /* og:url when there is no canonical link; canonical wins over an earlier og:url */
    extract(S("<html><head><meta property=\"og:url\" content=\"https://example.org/og\"></head><body>x</body></html>"),
            &h);
    assert_string_equal(h.url, "https://example.org/og");
    nk_html_free(&h);
    extract(S("<html><head><meta property=\"og:url\" content=\"https://example.org/og\">"
              "<link rel=\"canonical\" href=\"https://example.org/canon\"></head><body>x</body></html>"),
            &h);
    assert_string_equal(h.url, "https://example.org/canon");
    nk_html_free(&h);

    /* nothing known: NULL, not empty strings */
    extract(S("<html><body><p>x</p></body></html>"), &h);
    assert_null(h.title);
    assert_null(h.url);
    assert_null(h.published);
    assert_null(h.publisher);
    nk_html_free(&h);
}

static void json_ld_metadata(void **state)
{
    (void)state;
    nk_html h;
    extract(S("<html><head><script type=\"application/ld+json\">"
              "{\"@type\": \"NewsArticle\", \"headline\": \"He said \\\"no\\\"\","
              " \"datePublished\" : \"2023-05-06T08:00:00Z\","
              " \"publisher\": {\"@type\": \"Organization\", \"name\": \"Sudan Wire\"}}"
              "</script></head><body><p>x</p></body></html>"),
            &h);
    assert_string_equal(h.title, "He said \"no\"");
    assert_string_equal(h.published, "2023-05-06T08:00:00Z");
    assert_string_equal(h.publisher, "Sudan Wire");
    nk_html_free(&h);
    /* a publisher given as a plain string */
    extract(S("<html><head><script type=\"application/ld+json\">{\"publisher\": \"Wire\"}</script></head>"
              "<body>x</body></html>"),
            &h);
    assert_string_equal(h.publisher, "Wire");
    nk_html_free(&h);
    /* JSON in a script of another type is not metadata */
    extract(S("<html><head><script>{\"datePublished\": \"2023-05-06\"}</script></head><body>x</body></html>"), &h);
    assert_null(h.published);
    nk_html_free(&h);
}

static void json_ld_publisher_with_nested_logo(void **state)
{
    (void)state;
    nk_html h;
    /* schema.org's usual publisher: an Organization with a logo object;
     * the name may follow the logo */
    extract(S("<html><head><script type=\"application/ld+json\">"
              "{\"@type\": \"NewsArticle\", \"publisher\": {\"@type\": \"Organization\","
              " \"logo\": {\"@type\": \"ImageObject\", \"url\": \"https://example.org/logo.png\"},"
              " \"name\": \"Sudan Wire\"}}"
              "</script></head><body><p>x</p></body></html>"),
            &h);
    if (!h.publisher || strcmp(h.publisher, "Sudan Wire") != 0) {
        nk_html_free(&h);
        fail();
    }
    nk_html_free(&h);
}

/* A page: a lead paragraph, then text inside depth nested divs. */
static void nested_page(nk_buf *b, int depth)
{
    nk_buf_adds(b, "<html><body><p>Lead paragraph.</p>");
    for (int i = 0; i < depth; i++)
        nk_buf_adds(b, "<div>");
    nk_buf_adds(b, "Deep text.");
    for (int i = 0; i < depth; i++)
        nk_buf_adds(b, "</div>");
    nk_buf_adds(b, "<p>Closing paragraph.</p></body></html>");
}

static void deeply_nested_divs_do_not_crash(void **state)
{
    (void)state;
    /* far deeper than libxml2's default limit of 256 levels: the text is read */
    nk_buf b = {0};
    nested_page(&b, 5000);
    nk_html h;
    assert_true(nk_html_extract(b.data, b.len, NULL, &h));
    assert_non_null(strstr(h.text.data, "Lead paragraph."));
    assert_non_null(strstr(h.text.data, "Deep text."));
    nk_html_free(&h);
    nk_buf_free(&b);
    /* hostile depth: no crash, the lead is kept */
    nested_page(&b, 100000);
    assert_true(nk_html_extract(b.data, b.len, NULL, &h));
    assert_non_null(strstr(h.text.data, "Lead paragraph."));
    nk_html_free(&h);
    nk_buf_free(&b);
}

static void broken_markup_recovered(void **state)
{
    (void)state;
    nk_html h;
    extract(S("<html><body><p>Unclosed <b>bold<p>Second para <i>x</body>"), &h);
    assert_non_null(strstr(h.text.data, "Unclosed bold"));
    assert_non_null(strstr(h.text.data, "Second para x"));
    nk_html_free(&h);
    /* not even a tag: the parser still gives a document */
    extract(S("just text"), &h);
    assert_string_equal(h.text.data, "just text");
    nk_html_free(&h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sniff_by_extension),
        cmocka_unit_test(sniff_by_content),
        cmocka_unit_test(article_preferred_over_body),
        cmocka_unit_test(blocks_become_paragraphs),
        cmocka_unit_test(furniture_removed_by_element_and_class),
        cmocka_unit_test(entities_decoded),
        cmocka_unit_test(head_metadata),
        cmocka_unit_test(json_ld_metadata),
        cmocka_unit_test(json_ld_publisher_with_nested_logo),
        cmocka_unit_test(deeply_nested_divs_do_not_crash),
        cmocka_unit_test(broken_markup_recovered),
    };
    return cmocka_run_group_tests_name("html", tests, NULL, NULL);
}
