/* graph.h — the RDF of the graph model, as plain triples handed to a sink.
 *
 * One document's triples (document, sentences, mentions, events, entity
 * facts with their reified citations) come out of nk_graph_doc in a fixed
 * order.  What needs the whole corpus — an entity's one canonical label and
 * all its other names — is gathered in an nk_entities table (entities.h)
 * as documents pass and written once at the end by nk_graph_entities. */
#ifndef NK_GRAPH_H
#define NK_GRAPH_H

#include <stdbool.h>
#include <stdio.h>
#include "doc.h"
#include "entities.h"
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

/* Emits the triples of d and records its entities in table.  Each
 * document stands alone (an entity fact cited by two documents is written
 * by both), so a parallel build's output is the serial one's byte for byte. */
void nk_graph_doc(const nk_doc *d, const nk_kb *kb, const char *base, nk_entities *table, nk_sink sink, void *ctx);

/* Emits every entity of the table (type, label, other names) in key
 * order; calls next_block (if not NULL) between every NK_ENTITIES_PER_BLOCK
 * entities, so a Turtle writer can end a block there and its memory stays
 * bounded.  False, with the reason in err, when the table's runs cannot be
 * read; reads them, so call it once. */
#define NK_ENTITIES_PER_BLOCK 4096
bool nk_graph_entities(nk_entities *table, const nk_kb *kb, const char *base, nk_sink sink, void *ctx,
                       void (*next_block)(void *ctx), char *err, size_t errlen);

/* Named graph of the entity descriptions. */
void nk_graph_entities_iri(const char *base, nk_buf *out);

#endif
