/* entities.h — the corpus-wide table of entities: for each entity key, its
 * class, gazetteer entry, whether a text names it, and every name it was
 * written with.  The graph's entity descriptions (one canonical label, the
 * other names) need all of them, so the table gathers them as documents
 * pass and hands them out, merged and sorted by key, at the end.
 *
 * Memory stays flat: with a limit set, records beyond it are written,
 * sorted, to an unlinked temporary file (a run) and the table starts
 * afresh; the end merges the runs (a heap over their heads), so a key
 * recorded in several runs comes out once.  A parallel build's workers and
 * a cluster's shards save their tables the same way, sorted, and the
 * parent adds those files as runs instead of reading them into memory.
 *
 * Merging is a union: the lowest class (an official over a person), the
 * lowest gazetteer entry, "named" if any record was, every name once — so
 * the result does not depend on the order records arrive in. */
#ifndef NK_ENTITIES_H
#define NK_ENTITIES_H

#include <stdbool.h>
#include <stdio.h>
#include "doc.h"

typedef struct nk_entities nk_entities;

/* One entity: key, class, gazetteer entry (0: none, else entry index + 1),
 * whether a text names it, and its names (borrowed). */
typedef struct {
    const char *key;
    nk_class cls;
    size_t gaz;
    bool mentioned;
    char *const *forms;
    size_t nforms;
} nk_entity_record;

nk_entities *nk_entities_new(void);
void nk_entities_free(nk_entities *t);

/* Keep about this many bytes of records in memory, spilling the rest to
 * runs (0, the default: no limit). */
void nk_entities_limit(nk_entities *t, size_t bytes);

/* Merges one record into the table. */
void nk_entities_put(nk_entities *t, const nk_entity_record *r);

/* Adds a file nk_entities_save wrote, read from its current position when
 * the table is merged; the table owns f from now on (closes it).  name
 * says which file it is in error messages. */
void nk_entities_add_run(nk_entities *t, FILE *f, const char *name);

/* Calls fn with every entity, merged, in key order (strcmp); stops when fn
 * returns false.  False, with the reason in err, when a run is damaged or
 * out of order (fn's false is not an error). */
typedef bool (*nk_entity_fn)(void *ctx, const nk_entity_record *r);
bool nk_entities_each(nk_entities *t, nk_entity_fn fn, void *ctx, char *err, size_t errlen);

/* Writes every entity, merged and sorted, to f: a run for another table. */
bool nk_entities_save(nk_entities *t, FILE *f, char *err, size_t errlen);

/* The records held in memory, in the order first recorded (the store keeps
 * small tables with no limit and no runs). */
size_t nk_entities_len(const nk_entities *t);
nk_entity_record nk_entities_at(const nk_entities *t, size_t i);

#endif
