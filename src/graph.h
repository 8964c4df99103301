/* graph.h — the RDF of the graph model, as plain triples handed to a sink.
 *
 * One document's triples (document, sentences, mentions, events, entity
 * facts with their reified citations) come out of nk_graph_doc in a fixed
 * order.  What needs the whole corpus — an entity's one canonical label and
 * all its other names — is gathered in an nk_entities table as documents
 * pass and written once at the end by nk_graph_entities.  The table grows
 * with the number of distinct entities, not with documents. */
#ifndef NK_GRAPH_H
#define NK_GRAPH_H

#include <stdbool.h>
#include <stdio.h>
#include "doc.h"
#include "kb.h"

#define NK_NS_NIF "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
#define NK_NS_ITS "http://www.w3.org/2005/11/its/rdf#"
#define NK_NS_PROV "http://www.w3.org/ns/prov#"
#define NK_NS_DCT "http://purl.org/dc/terms/"
#define NK_NS_SKOS "http://www.w3.org/2004/02/skos/core#"
#define NK_NS_SCHEMA "https://schema.org/"
#define NK_NS_RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define NK_NS_RDFS "http://www.w3.org/2000/01/rdf-schema#"
#define NK_NS_XSD "http://www.w3.org/2001/XMLSchema#"
#define NK_NS_OWL "http://www.w3.org/2002/07/owl#"
#define NK_DEFAULT_BASE "https://w3id.org/newskg/id/"

typedef enum { NK_TERM_IRI, NK_TERM_LITERAL } nk_termkind;

/* A term; strings are borrowed for the duration of the sink call. */
typedef struct {
    nk_termkind kind;
    const char *value;
    size_t len;           /* bytes of value */
    const char *datatype; /* literal: datatype IRI or NULL */
    const char *lang;     /* literal: language tag or NULL */
} nk_term;

/* Receives triples; graph is the named graph (the document's IRI, or the
 * entities graph), for formats that keep it. */
typedef void (*nk_sink)(void *ctx, const nk_term *s, const nk_term *p, const nk_term *o, const char *graph);

typedef struct nk_entities nk_entities;

nk_entities *nk_entities_new(void);
void nk_entities_free(nk_entities *t);

/* Emits the triples of d and records its entities in table.  dedupe: skip
 * the structural triples of an entity fact already written by an earlier
 * document of this run.  The build passes false: each document then stands
 * alone, so a parallel build's output is the serial one's byte for byte. */
void nk_graph_doc(const nk_doc *d, const nk_kb *kb, const char *base, nk_entities *table, bool dedupe,
                  nk_sink sink, void *ctx);

/* Writes the table to f (a worker's share, for the parent of a parallel
 * build); nk_entities_load merges such a file into a table.  The merge is a
 * union of sets, so the order of loading does not matter. */
bool nk_entities_save(const nk_entities *t, FILE *f);
bool nk_entities_load(nk_entities *t, FILE *f);

/* The records of a table, for the store's own bookkeeping: key, class,
 * gazetteer entry (0: none, else entry index + 1), whether a text names it,
 * and its names (borrowed until the table changes). */
typedef struct {
    const char *key;
    nk_class cls;
    size_t gaz;
    bool mentioned;
    char *const *forms;
    size_t nforms;
} nk_entity_record;

size_t nk_entities_len(const nk_entities *t);
nk_entity_record nk_entities_at(const nk_entities *t, size_t i);
/* Merges one record into t, as if a document had recorded it. */
void nk_entities_put(nk_entities *t, const nk_entity_record *r);

/* Emits every recorded entity (type, label, other names), sorted by IRI. */
void nk_graph_entities(nk_entities *table, const nk_kb *kb, const char *base, nk_sink sink, void *ctx);

/* Named graph of the entity descriptions. */
void nk_graph_entities_iri(const char *base, nk_buf *out);

#endif
