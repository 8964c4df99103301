/* cite.h — every citation of an event, an entity or one entity fact
 * (its fact/ IRI): the sentence, its offsets, and the document it is in
 * (source path, URL, publisher, date, title).  What a journalist pastes
 * under a claim; `newskg cite` prints it for people or as JSON. */
#ifndef NK_CITE_H
#define NK_CITE_H

#include <stdbool.h>
#include <stdio.h>
#include <redland.h>
#include "buf.h"

typedef struct {
    char *sentence, *text;           /* the sentence's IRI and text */
    long begin, end;                 /* its code-point offsets in the document */
    char *doc, *source, *url, *publisher, *date, *title;
    char *mention, *mention_text;    /* an entity's phrase there, else NULL */
    long mention_begin, mention_end;
} nk_citation;

typedef struct {
    char *kind;                      /* "event", "entity", "fact" */
    char *type;                      /* class IRI or NULL */
    char *label;                     /* rdfs:label, or the fact's triple */
    NK_VEC(nk_citation) items;       /* sorted: date, source, offset */
    NK_VEC(char *) data;             /* shipped data cited instead of a text */
} nk_citations;

/* Fills out for iri; false with the reason in err when the graph has no
 * event, entity or fact of that IRI. */
bool nk_cite(librdf_world *world, librdf_model *model, const char *iri, nk_citations *out, char *err, size_t errlen);
void nk_citations_print(const nk_citations *c, const char *iri, bool json, FILE *out);
void nk_citations_free(nk_citations *c);

#endif
