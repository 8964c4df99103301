/* html.c — see html.h.  Readability in miniature: the <article> (else
 * <main>, else <body>) minus navigation, scripts, styles, ads, cookie
 * banners and related-links boxes, recognized by element name and by
 * class/id words. */
#include "html.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/globals.h>

bool nk_html_sniff(const char *data, size_t len, const char *path)
{
    const char *dot = strrchr(path, '.');
    if (dot && (strcasecmp(dot, ".html") == 0 || strcasecmp(dot, ".htm") == 0 ||
                strcasecmp(dot, ".xhtml") == 0))
        return true;
    size_t i = 0;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < len && isspace((unsigned char)data[i]))
        i++;
    static const char *starts[] = {"<!doctype html", "<html", "<!--", "<head"};
    for (size_t k = 0; k < sizeof starts / sizeof *starts; k++) {
        size_t n = strlen(starts[k]);
        if (len - i >= n && strncasecmp(data + i, starts[k], n) == 0)
            return k != 2 || memmem(data, len < 4096 ? len : 4096, "<html", 5) != NULL;
    }
    return false;
}

static bool name_is(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && n->name && strcasecmp((const char *)n->name, name) == 0;
}

static char *attr(const xmlNode *n, const char *name)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    if (!v)
        return NULL;
    char *s = nk_strdup((const char *)v);
    xmlFree(v);
    return s;
}

/* Elements that are never article text. */
static bool skipped_element(const xmlNode *n)
{
    static const char *names[] = {"script", "style", "noscript", "nav", "aside", "footer", "header",
                                  "form", "iframe", "svg", "button", "template", "select", "figure",
                                  "figcaption", "menu", "object", "embed", "canvas", "audio", "video"};
    for (size_t k = 0; k < sizeof names / sizeof *names; k++)
        if (name_is(n, names[k]))
            return true;
    /* class/id words of page furniture */
    static const char *words[] = {"ad", "ads", "advert", "advertisement", "banner", "cookie", "cookies",
                                  "related", "share", "social", "newsletter", "promo", "menu", "nav",
                                  "sidebar", "comments", "comment", "subscribe", "breadcrumb", "footer",
                                  "header", "popup", "modal", "consent", "sponsored", "recommended",
                                  "more-stories", "read-more", "tags", "byline-social"};
    const char *keys[] = {"class", "id", "role"};
    bool hit = false;
    for (size_t a = 0; a < 3 && !hit; a++) {
        char *v = attr(n, keys[a]);
        if (!v)
            continue;
        for (char *tok = strtok(v, " \t\n_"); tok && !hit; tok = strtok(NULL, " \t\n_"))
            for (size_t k = 0; k < sizeof words / sizeof *words; k++) {
                size_t wl = strlen(words[k]);
                /* whole word or a dash-separated part: "ad", "ad-slot", "related-links" */
                if (strncasecmp(tok, words[k], wl) == 0 && (tok[wl] == '\0' || tok[wl] == '-')) {
                    hit = true;
                    break;
                }
            }
        free(v);
    }
    return hit;
}

static bool block_element(const xmlNode *n)
{
    static const char *names[] = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "br", "section",
                                  "article", "blockquote", "tr", "table", "ul", "ol", "pre", "main",
                                  "dd", "dt", "hr"};
    for (size_t k = 0; k < sizeof names / sizeof *names; k++)
        if (name_is(n, names[k]))
            return true;
    return false;
}

/* Appends text, folding runs of white space to one space. */
static void add_text(nk_buf *b, const char *s)
{
    for (; *s; s++) {
        if (isspace((unsigned char)*s)) {
            if (b->len && !isspace((unsigned char)b->data[b->len - 1]))
                nk_buf_addc(b, ' ');
        } else {
            nk_buf_addc(b, *s);
        }
    }
}

static void paragraph_break(nk_buf *b)
{
    while (b->len && (b->data[b->len - 1] == ' '))
        b->len--;
    if (b->len)
        b->data[b->len] = '\0';
    if (b->len == 0 || (b->len >= 2 && b->data[b->len - 1] == '\n' && b->data[b->len - 2] == '\n'))
        return;
    nk_buf_adds(b, b->data[b->len - 1] == '\n' ? "\n" : "\n\n");
}

/* Appends the text under root, depth first without recursion: a hostile
 * page may nest elements thousands deep. */
static void walk(const xmlNode *root, nk_buf *b)
{
    const xmlNode *n = root->children;
    while (n) {
        bool descend = false;
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            if (n->content)
                add_text(b, (const char *)n->content);
        } else if (n->type == XML_ELEMENT_NODE && !skipped_element(n)) {
            if (block_element(n))
                paragraph_break(b);
            descend = n->children != NULL;
        }
        if (descend) {
            n = n->children;
            continue;
        }
        /* leave elements until one has a next sibling */
        while (n && n != root && !n->next) {
            n = n->parent;
            if (n && n != root && block_element(n))
                paragraph_break(b);
        }
        if (!n || n == root)
            break;
        n = n->next;
    }
}

static const xmlNode *find_element(const xmlNode *n, const char *name, int depth)
{
    for (; n && depth < 256; n = n->next) {
        if (name_is(n, name))
            return n;
        const xmlNode *f = find_element(n->children, name, depth + 1);
        if (f)
            return f;
    }
    return NULL;
}

static void set_once(char **dst, char *v)
{
    if (!*dst && v && *v)
        *dst = v;
    else
        free(v);
}

/* The string value of "key": "..." in a JSON-LD block (first one). */
static char *json_string(const char *json, const char *key)
{
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\"", key);
    const char *p = strstr(json, pat);
    if (!p)
        return NULL;
    p += strlen(pat);
    while (*p && isspace((unsigned char)*p))
        p++;
    if (*p != ':')
        return NULL;
    p++;
    while (*p && isspace((unsigned char)*p))
        p++;
    if (*p == '{') { /* "publisher": {"@type": …, "logo": {…}, "name": "…"} */
        const char *end = p;
        int depth = 0;
        bool in_string = false;
        for (; *end; end++) {
            if (in_string) {
                if (*end == '\\' && end[1])
                    end++;
                else if (*end == '"')
                    in_string = false;
            } else if (*end == '"') {
                in_string = true;
            } else if (*end == '{') {
                depth++;
            } else if (*end == '}' && --depth == 0) {
                break;
            }
        }
        if (!*end)
            return NULL;
        char *obj = nk_strndup(p, (size_t)(end - p));
        char *v = json_string(obj, "name");
        free(obj);
        return v;
    }
    if (*p != '"')
        return NULL;
    nk_buf b = {0};
    for (p++; *p && *p != '"'; p++) {
        if (*p == '\\' && p[1])
            p++;
        nk_buf_addc(&b, *p);
    }
    return nk_buf_steal(&b);
}

static void read_head(const xmlNode *n, nk_html *h, int depth)
{
    for (; n && depth < 256; n = n->next) {
        if (name_is(n, "meta")) {
            char *prop = attr(n, "property"), *name = attr(n, "name"), *ip = attr(n, "itemprop");
            const char *key = prop ? prop : name ? name : ip ? ip : "";
            if (strcasecmp(key, "article:published_time") == 0 || strcasecmp(key, "date") == 0 ||
                strcasecmp(key, "datePublished") == 0 || strcasecmp(key, "pubdate") == 0 ||
                strcasecmp(key, "publish-date") == 0 || strcasecmp(key, "dc.date") == 0)
                set_once(&h->published, attr(n, "content"));
            else if (strcasecmp(key, "og:title") == 0)
                set_once(&h->title, attr(n, "content"));
            else if (strcasecmp(key, "og:site_name") == 0)
                set_once(&h->publisher, attr(n, "content"));
            else if (strcasecmp(key, "og:url") == 0 && !h->url)
                set_once(&h->url, attr(n, "content"));
            free(prop), free(name), free(ip);
        } else if (name_is(n, "link")) {
            char *rel = attr(n, "rel");
            if (rel && strcasecmp(rel, "canonical") == 0) {
                free(h->url); /* canonical beats og:url */
                h->url = NULL;
                set_once(&h->url, attr(n, "href"));
            }
            free(rel);
        } else if (name_is(n, "script")) {
            char *type = attr(n, "type");
            if (type && strcasecmp(type, "application/ld+json") == 0) {
                xmlChar *c = xmlNodeGetContent(n);
                if (c) {
                    set_once(&h->published, json_string((const char *)c, "datePublished"));
                    set_once(&h->publisher, json_string((const char *)c, "publisher"));
                    set_once(&h->title, json_string((const char *)c, "headline"));
                    xmlFree(c);
                }
            }
            free(type);
        } else if (name_is(n, "title") && !h->title) {
            xmlChar *c = xmlNodeGetContent(n);
            if (c) {
                nk_buf b = {0};
                add_text(&b, (const char *)c);
                set_once(&h->title, nk_buf_steal(&b));
                xmlFree(c);
            }
        }
        if (n->type == XML_ELEMENT_NODE)
            read_head(n->children, h, depth + 1);
    }
}

static void ignore_structured(void *ctx, xmlErrorPtr err) { (void)ctx, (void)err; }

static void ignore_generic(void *ctx, const char *msg, ...) { (void)ctx, (void)msg; }

char *nk_html_declared_charset(const char *data, size_t len)
{
    size_t n = len < 4096 ? len : 4096;
    for (size_t i = 0; i + 8 < n; i++) {
        if (strncasecmp(data + i, "charset=", 8) != 0)
            continue;
        size_t b = i + 8;
        while (b < n && (data[b] == '"' || data[b] == '\'' || data[b] == ' '))
            b++;
        size_t e = b;
        while (e < n && (isalnum((unsigned char)data[e]) || data[e] == '-' || data[e] == '_'))
            e++;
        return e > b ? nk_strndup(data + b, e - b) : NULL;
    }
    return NULL;
}

bool nk_html_extract(const char *data, size_t len, const char *encoding, nk_html *out)
{
    memset(out, 0, sizeof *out);
    if (len > (size_t)INT32_MAX)
        return false;
    /* raptor installs libxml2's global error handlers when its world opens,
     * so a broken page's parse errors would reach raptor's log and fail the
     * output: a forgiving parse of a web page reports nothing.  HUGE lifts
     * libxml2's limit of 256 nested elements (a page nested deeper lost its
     * text); the input's size is already capped by --max-file-size. */
    xmlStructuredErrorFunc saved_structured = xmlStructuredError;
    void *saved_structured_ctx = xmlStructuredErrorContext;
    xmlGenericErrorFunc saved_generic = xmlGenericError;
    void *saved_generic_ctx = xmlGenericErrorContext;
    xmlSetStructuredErrorFunc(NULL, ignore_structured);
    xmlSetGenericErrorFunc(NULL, ignore_generic);
    htmlDocPtr doc = htmlReadMemory(data, (int)len, NULL, encoding,
                                    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                        HTML_PARSE_NONET | HTML_PARSE_COMPACT | XML_PARSE_HUGE);
    xmlSetStructuredErrorFunc(saved_structured_ctx, saved_structured);
    xmlSetGenericErrorFunc(saved_generic_ctx, saved_generic);
    if (!doc)
        return false;
    const xmlNode *root = xmlDocGetRootElement(doc);
    read_head(root, out, 0);
    const xmlNode *body = find_element(root, "article", 0);
    if (!body)
        body = find_element(root, "main", 0);
    if (!body)
        body = find_element(root, "body", 0);
    if (body) {
        /* the article element itself may carry furniture-like classes: walk its children */
        walk(body, &out->text);
    }
    while (out->text.len && isspace((unsigned char)out->text.data[out->text.len - 1]))
        out->text.data[--out->text.len] = '\0';
    if (!out->text.data)
        nk_buf_add(&out->text, "", 0);
    xmlFreeDoc(doc);
    return true;
}

void nk_html_free(nk_html *h)
{
    nk_buf_free(&h->text);
    free(h->title);
    free(h->url);
    free(h->published);
    free(h->publisher);
    memset(h, 0, sizeof *h);
}
