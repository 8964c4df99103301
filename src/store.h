/* store.h — a persistent graph on disk that articles are added to later
 * without rebuilding, queried through librdf.
 *
 * A store is a folder: the graph in librdf's "hashes" storage on Berkeley
 * DB without contexts (contexts made loading 300k triples take over ten
 * minutes here), and beside it newskg's own bookkeeping in a second such
 * storage: which articles support which triple, and each entity's names
 * with how many articles gave them.  An article is known by its canonical
 * URL or, without one, its source path as given; adding it again unchanged
 * changes nothing, adding a changed version replaces its triples only (a
 * triple another article supports stays).
 *
 * Every add is all or nothing: its changes are first written to a journal
 * folder, which is renamed into place (the commit point) before the
 * databases are touched.  The next open rolls an uncommitted journal back
 * (deletes it) and a committed one forward (applies it again; each step is
 * idempotent).  Costs grow with the size of the change, never with the
 * size of the store. */
#ifndef NK_STORE_H
#define NK_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <redland.h>
#include "doc.h"
#include "kb.h"

typedef struct nk_store nk_store;

typedef enum {
    NK_STORE_READ,   /* query and cite; shares the store with other readers */
    NK_STORE_WRITE,  /* add; one writer at a time (a lock file) */
    NK_STORE_CREATE, /* a new store in a folder that is absent or empty */
} nk_store_mode;

/* Opens the store in dir, finishing or undoing an interrupted add first.
 * base: the IRI base of a new store (CREATE); an existing store keeps its
 * own.  kb is needed to describe entities (WRITE, CREATE); NULL for READ.
 * NULL on failure with the reason in err. */
nk_store *nk_store_open(const char *dir, nk_store_mode mode, const char *base, const nk_kb *kb, char *err,
                        size_t errlen);
/* Closes and frees; everything committed is on disk. */
void nk_store_close(nk_store *s);

librdf_world *nk_store_world(nk_store *s);
/* The graph, for queries: every triple of every article in the store and
 * the descriptions of their entities. */
librdf_model *nk_store_model(nk_store *s);
const char *nk_store_base(const nk_store *s);

typedef enum { NK_ARTICLE_ADDED, NK_ARTICLE_REPLACED, NK_ARTICLE_UNCHANGED, NK_ARTICLE_REPEATED } nk_article_change;

/* Stages one analyzed document in the pending add (nothing in the store
 * changes until nk_store_commit).  NK_ARTICLE_REPEATED: the same article
 * was already staged in this add; the later one is ignored. */
nk_article_change nk_store_stage(nk_store *s, const nk_doc *d);
/* Applies everything staged, all or nothing.  False with the reason in err
 * (the store is then as it was before the add). */
bool nk_store_commit(nk_store *s, char *err, size_t errlen);

/* Number of triples in the graph (walks the data; for reports and tests). */
size_t nk_store_size(nk_store *s);

#endif
