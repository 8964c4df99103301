/* output.h — writes triples to a temporary file renamed over the target
 * only when everything was written, so a failed or interrupted run never
 * leaves a half-written graph.  The bytes are raptor 2.0.15's serializers'
 * (output.c says which are written without raptor, and why).
 *
 * N-Triples and N-Quads stream statement by statement.  raptor 2.0.15's
 * Turtle serializer holds every statement until it ends (1M triples: 6 s,
 * 246 MB here) and re-emits earlier ones when reused, so Turtle is written
 * a block at a time (nk_writer_block), each laid out as a fresh serializer
 * would.  RDF/XML needs one root element, so it uses one serializer for
 * the run. */
#ifndef NK_OUTPUT_H
#define NK_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>
#include "graph.h"

typedef enum { NK_FMT_TURTLE, NK_FMT_NTRIPLES, NK_FMT_NQUADS, NK_FMT_RDFXML } nk_format;

/* Parses a format name ("turtle", "ttl", "ntriples", "nt", "nquads",
 * "nq", "rdfxml", "xml"); false when unknown. */
bool nk_format_parse(const char *s, nk_format *out);
/* The format a file name's extension implies; false when none. */
bool nk_format_from_path(const char *path, nk_format *out);

typedef struct nk_writer nk_writer;

/* Opens path for writing (NULL or "-": standard output, written directly).
 * NULL on failure with the reason in err. */
nk_writer *nk_writer_open(const char *path, nk_format fmt, char *err, size_t errlen);
/* Writes into fh, which the caller owns (a parallel build's worker writes
 * its documents into a file this way); nk_writer_close flushes it. */
nk_writer *nk_writer_open_stream(FILE *fh, nk_format fmt);
/* A writer into memory: each document's block is taken with
 * nk_writer_take and placed in the output by a parallel build. */
nk_writer *nk_writer_open_memory(nk_format fmt);
/* Ends the current block and moves every byte written since the last take
 * into out (which the caller then owns). */
void nk_writer_take(nk_writer *w, nk_buf *out);
/* The output's file descriptor when it is a regular file that others may
 * pwrite into past *end (where this writer's bytes end); -1 otherwise. */
int nk_writer_fd(nk_writer *w, off_t *end);
/* After others wrote len bytes at the end of the output with pwrite, moves
 * past them; false after a write error. */
bool nk_writer_advance(nk_writer *w, off_t len);
/* Appends len bytes of the file fd from off (written by another writer of
 * the same format: a parallel build's worker, a shard) between blocks;
 * false, and the output marked failed, on a read or write error. */
bool nk_writer_append(nk_writer *w, int fd, off_t off, off_t len);

/* Starts a block: one document, or the entities (Turtle: one serializer each). */
void nk_writer_block(nk_writer *w);
/* The sink to give nk_graph_doc / nk_graph_entities. */
void nk_writer_sink(void *writer, const nk_term *s, const nk_term *p, const nk_term *o, const char *graph);
/* Finishes: true when every byte reached the file and it was renamed into
 * place; false (and the temporary file removed) otherwise, reason in err.
 * Frees w either way. */
bool nk_writer_close(nk_writer *w, char *err, size_t errlen);
/* Drops the output (used on interrupt): removes the temporary file. */
void nk_writer_abort(nk_writer *w);

/* Waits until [off, off+len) of fd is on disk, then drops it from the page
 * cache: a graph of gigabytes written once should not push everything else
 * out of memory, nor make the kernel reclaim while newskg writes. */
void nk_file_drop_written(int fd, off_t off, off_t len);

/* The temporary file in use, for a signal handler to unlink; NULL if none. */
const char *nk_writer_temp_path(const nk_writer *w);

#endif
