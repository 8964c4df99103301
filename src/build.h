/* build.h — analyzing a list of inputs into a writer, one document block
 * after another in input order, by this process alone or by several.
 *
 * In a parallel build every process takes the next document from a shared
 * counter, lays its block out in memory, and, when every earlier block
 * has been given its place, gets the next place in the output and writes
 * there with pwrite.  So the output is the serial one's byte for byte, no
 * process copies another's bytes, and a slow document holds up nobody but
 * the blocks queued behind it (a bounded amount of memory). */
#ifndef NK_BUILD_H
#define NK_BUILD_H

#include <stdbool.h>
#include "entities.h"
#include "ingest.h"
#include "inputs.h"
#include "kb.h"
#include "output.h"

/* Entity records a process keeps in memory before it spills them to a
 * sorted run (entities.h): with the rest of a build, well under 256 MB. */
#define NK_ENTITY_MEMORY ((size_t)48 << 20)
/* That, or the bytes in NEWSKG_TEST_ENTITY_MEMORY (tests make tables spill
 * with small corpora). */
size_t nk_build_entity_memory(void);

typedef struct {
    const nk_kb *kb;
    const char *base;
    nk_ingest_limits lim;
    size_t max_sentence;
    bool quiet;
    bool progress; /* a "[i/n] path" line on stderr */
} nk_build_opts;

/* Writes the documents of in (not the entities: they are in table, ready
 * for nk_graph_entities) to w with jobs processes (1: this one alone; the
 * workers' entities are added to table as runs).  Returns 0 when every
 * input was read, 1 when some were skipped (each named on stderr), 2 when
 * the output cannot be trusted (a worker failed, a write failed). */
int nk_build_docs(const nk_build_opts *o, const nk_inputs *in, size_t jobs, nk_format fmt, nk_entities *table,
                  nk_writer *w);

#endif
