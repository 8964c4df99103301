/* lookup.h — a librdf storage, "newskg-hashes", that is librdf's "hashes"
 * storage answering a fully bound triple pattern by a lookup.
 *
 * librdf's hashes storage answers (s p ?), (s ? o) and (? p o) from its
 * indexes, but any other pattern, a fully bound one included, by reading
 * every statement; and rasqal, through librdf, asks a fully bound pattern
 * for each row of a join (?e a nkg:Appeal ; nkg:agent <ARM>): a query took
 * 30 s on 70,000 triples.  This storage forwards everything to an inner
 * hashes storage made with the same options, except that: a fully bound
 * pattern is a contains-lookup. */
#ifndef NK_LOOKUP_H
#define NK_LOOKUP_H

#include <redland.h>

#define NK_LOOKUP_STORAGE "newskg-hashes"

/* Registers the storage with world (once per world). */
void nk_lookup_register(librdf_world *world);

#endif
