/* html.h — an article's text and metadata from an HTML page (libxml2's
 * forgiving HTML parser). */
#ifndef NK_HTML_H
#define NK_HTML_H

#include <stdbool.h>
#include <stddef.h>
#include "buf.h"

typedef struct {
    nk_buf text;        /* paragraphs separated by blank lines; not yet repaired */
    char *title;        /* owned, NULL when none */
    char *url;          /* canonical URL, owned, NULL when none */
    char *published;    /* raw date string from meta/JSON-LD, owned, NULL */
    char *publisher;    /* owned, NULL */
} nk_html;

/* True when the bytes look like an HTML page rather than plain text. */
bool nk_html_sniff(const char *data, size_t len, const char *path);
/* The charset a page declares (meta charset, http-equiv), as an owned
 * string, or NULL when it declares none. */
char *nk_html_declared_charset(const char *data, size_t len);

/* Parses data, decoded as encoding (NULL: as the page declares); false
 * only when libxml2 gives no document at all. */
bool nk_html_extract(const char *data, size_t len, const char *encoding, nk_html *out);
void nk_html_free(nk_html *h);

#endif
