/* ingest.h — from a file on disk to a document's text and metadata, as the
 * spec's "Input" section says: the date header, the dateline date, UTF-8
 * repair, mojibake repair, HTML pages. */
#ifndef NK_INGEST_H
#define NK_INGEST_H

#include <stddef.h>
#include "doc.h"

typedef struct {
    size_t max_file_bytes;   /* larger inputs are skipped */
} nk_ingest_limits;

#define NK_DEFAULT_MAX_FILE_BYTES ((size_t)16 << 20)

typedef enum {
    NK_INGEST_OK = 0,        /* read (d->repair says whether it was repaired) */
    NK_INGEST_SKIPPED,       /* not usable: reason says why */
} nk_ingest_status;

/* Reads path into d (zeroed by the caller).  d->source becomes display
 * (the path as it goes into dcterms:source).  On NK_INGEST_SKIPPED, reason
 * holds a one-line explanation and d holds nothing to free but source. */
nk_ingest_status nk_ingest_file(const char *path, const char *display, const nk_ingest_limits *lim,
                                nk_doc *d, char *reason, size_t reason_len);

/* The same from bytes in memory (used by the fuzzer and unit tests). */
nk_ingest_status nk_ingest_bytes(const char *data, size_t len, const char *display, nk_doc *d,
                                 char *reason, size_t reason_len);

/* The publication date told by a dateline near the top of text, or y == 0.
 * A page date standing alone above the headline ("Saturday June 22 2024")
 * is not the article's date. */
nk_date nk_ingest_dateline(const char *text, size_t len);

/* The date a text signs off with, when it has none at the top: one of its
 * last three lines holds only a full date, or a place of at most four
 * words, a comma and a full date ("Kinshasa, 9 February 2024"), as press
 * releases and statements are signed.  y == 0 when none.  The latest date
 * in the text is never taken: a release of 9 February may well have been
 * issued later. */
nk_date nk_ingest_signoff(const char *text, size_t len);

#endif
