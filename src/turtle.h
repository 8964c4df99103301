/* turtle.h — one block of Turtle, laid out byte for byte as raptor 2.0.15's
 * Turtle serializer lays it out, without raptor.
 *
 * raptor's serializer looks every IRI up against its namespaces by walking
 * all 1,024 buckets of its namespace table (a third of a Turtle build, with
 * its term and tree objects another third).  This writer keeps a block's
 * statements in one arena, sorts them as raptor's trees order them and
 * writes the same text.  It reproduces the shapes newskg writes (IRI
 * subjects, IRI or literal objects); for anything else — a local name raptor
 * might or might not abbreviate, a string raptor would cut short, a datatype
 * it writes specially — nk_ttl_write declines and the caller hands the
 * block's statements (nk_ttl_get) to raptor instead. */
#ifndef NK_TURTLE_H
#define NK_TURTLE_H

#include <stdbool.h>
#include <stddef.h>
#include "buf.h"
#include "graph.h"

typedef struct nk_ttl nk_ttl;

/* A namespace to abbreviate with, in the order the serializer declared it. */
typedef struct {
    const char *prefix, *uri;
} nk_ttl_ns;

/* ns: the namespaces given to raptor (borrowed for the life of the block
 * writer); raptor's own rdf: comes first, repeats are dropped as raptor does. */
nk_ttl *nk_ttl_new(const nk_ttl_ns *ns, size_t n_ns);
void nk_ttl_free(nk_ttl *t);

/* Adds a statement to the block (the strings are copied). */
void nk_ttl_add(nk_ttl *t, const nk_term *s, const nk_term *p, const nk_term *o);
/* Appends the block's Turtle (prefixes, then subjects) to out and returns
 * true; false, with out unchanged, when the block holds something only
 * raptor should write.  With a sink, out is handed to it and emptied
 * whenever it holds 64 KiB (at a subject's end), so a large block never
 * stands in memory as text; what was handed over before a decline cannot
 * be taken back, so a caller that must not write a declined block first
 * runs it with nk_ttl_discard as the sink. */
typedef void (*nk_ttl_sink)(void *ctx, const char *bytes, size_t n);
bool nk_ttl_write(nk_ttl *t, nk_buf *out, nk_ttl_sink sink, void *ctx);
void nk_ttl_discard(void *ctx, const char *bytes, size_t n);
/* Bytes kept for the block's statements (to choose between one pass and two). */
size_t nk_ttl_size(const nk_ttl *t);
/* The statements added, in the order added; the terms point into t and
 * stay valid until the next nk_ttl_add or nk_ttl_clear. */
size_t nk_ttl_count(const nk_ttl *t);
void nk_ttl_get(const nk_ttl *t, size_t i, nk_term *s, nk_term *p, nk_term *o);
/* Empties the block for the next one. */
void nk_ttl_clear(nk_ttl *t);

#endif
