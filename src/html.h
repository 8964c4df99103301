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
/* Parses data; false only when libxml2 gives no document at all. */
bool nk_html_extract(const char *data, size_t len, nk_html *out);
void nk_html_free(nk_html *h);

#endif
