/* query.h — SPARQL over a graph file or a store, with the engine embedded
 * in librdf (rasqal 0.9.33 here).
 *
 * rasqal is SPARQL 1.0 with parts of 1.1: aggregates, BIND, subqueries.
 * Property paths and FILTER (NOT) EXISTS are syntax errors to it, MINUS
 * fails at run time and VALUES gave wrong rows in a test, so a query using
 * any of these is refused with a message naming the construct, before it
 * runs — a clear error rather than a wrong answer. */
#ifndef NK_QUERY_H
#define NK_QUERY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <redland.h>

/* A graph to ask: a file loaded in memory (librdf hashes in memory, linear
 * in its size) or a store's model (borrowed). */
typedef struct {
    librdf_world *world;
    librdf_storage *storage; /* owned when loaded from a file */
    librdf_model *model;
    bool owned;
    char log[512];           /* first error librdf reported */
} nk_graph_source;

/* Loads an RDF file (Turtle, N-Triples, N-Quads, RDF/XML: by extension, or
 * guessed); false with the reason in err. */
bool nk_source_load_file(nk_graph_source *src, const char *path, char *err, size_t errlen);
/* Frees what nk_source_load_file made. */
void nk_source_free(nk_graph_source *src);
/* Routes librdf's messages into src->log instead of stderr. */
void nk_source_capture_log(nk_graph_source *src);

/* The SPARQL construct in text the embedded engine cannot run correctly
 * ("MINUS", "FILTER EXISTS", "VALUES", "property path", "SERVICE"), or
 * NULL.  Strings, IRIs and comments are skipped. */
const char *nk_query_unsupported(const char *text);

/* text with PREFIX lines for the project's namespaces (nkg, nif, itsrdf,
 * prov, dcterms, skos, schema, rdf, rdfs, xsd, owl) that it does not
 * declare itself, all on one first line.  Caller frees. */
char *nk_query_with_prefixes(const char *text);

/* Result formats: table, csv, tsv, json, xml for SELECT and ASK; turtle
 * or ntriples for CONSTRUCT and DESCRIBE (table means turtle there). */
bool nk_query_format_ok(const char *name);

/* Runs a query over src and writes its results to out.  False with the
 * reason in err (syntax error with its line, an unsupported construct, a
 * failed evaluation); nothing is written then. */
bool nk_query_run(nk_graph_source *src, const char *text, const char *format, FILE *out, char *err, size_t errlen);

#endif
