/* doc.h — one article as it flows through the pipeline.
 *
 * Stages fill it in one direction: ingest (text, metadata) → sentence
 * (sentences) → token (tokens) → mention (mentions, local entities) →
 * resolve (entity keys) → extract (events, facts) → graph.  Spans are byte
 * offsets into text, which never changes once ingest has set it; the graph
 * stage turns them into code point offsets.  Everything that grows is
 * referred to by index, never by pointer. */
#ifndef NK_DOC_H
#define NK_DOC_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include "buf.h"
#include "utf8.h"

typedef struct {
    int y, m, d; /* y == 0: unknown */
} nk_date;

/* Where a document's date was read (nkg:dateBasis). */
typedef enum {
    NK_DATE_UNKNOWN = 0,
    NK_DATE_HEADER,    /* the input's " date YYYY-MM-DD" line */
    NK_DATE_PAGE,      /* an HTML page's meta tags or JSON-LD */
    NK_DATE_DATELINE,  /* a dateline at the top of the text */
    NK_DATE_SIGNOFF,   /* a place and date closing the text, as press releases sign */
} nk_datebasis;

typedef struct {
    size_t b, e; /* bytes [b, e) of the document text */
} nk_span;

/* Entity classes, in the order of the spec's table. */
typedef enum {
    NK_NONE = 0,
    NK_STATE,
    NK_OFFICIAL,
    NK_PERSON,
    NK_ORGANIZATION,
    NK_AGREEMENT,
    NK_INCIDENT,
    NK_LOCATION,
    NK_CLASS_COUNT
} nk_class;

typedef enum {
    NK_EV_APPEAL, NK_EV_SUPPORT, NK_EV_CONCERN, NK_EV_CRITICISM, NK_EV_MEETING,
    NK_EV_SIGNING, NK_EV_COMMITMENT, NK_EV_VIOLATION, NK_EV_DETENTION,
    NK_EV_RELEASE, NK_EV_WITHDRAWAL, NK_EV_COUNT
} nk_evclass;

typedef struct {
    nk_span span;
    size_t sentence;
    unsigned flags;  /* NK_TOK_* */
} nk_token;

enum {
    NK_TOK_WORD = 1,      /* letters or digits */
    NK_TOK_UPPER = 2,     /* starts with an upper-case letter */
    NK_TOK_ALLCAPS = 4,   /* every letter upper case, at least two */
    NK_TOK_NUMBER = 8,
    NK_TOK_PUNCT = 16,
    NK_TOK_QUOTE = 32,    /* opening or closing quotation mark */
};

/* A name in the text pointing at a document-local entity. */
typedef struct {
    nk_span span;
    size_t tok_b, tok_e;  /* tokens [tok_b, tok_e) */
    size_t sentence;
    size_t entity;        /* index into doc->entities */
} nk_mention;

/* A fact about an entity (spec: "Entity facts"): subject predicate object,
 * object an entity or a literal, cited by sentences of this document. */
typedef enum { NK_OBJ_ENTITY, NK_OBJ_STRING, NK_OBJ_DATE, NK_OBJ_INT } nk_objkind;

typedef struct {
    size_t subject;      /* entity index */
    const char *pred;    /* local name in nkg:, static string */
    nk_objkind kind;
    size_t entity;       /* NK_OBJ_ENTITY */
    char *text;          /* NK_OBJ_STRING (owned) */
    nk_date date;        /* NK_OBJ_DATE */
    long num;            /* NK_OBJ_INT */
    NK_VEC(size_t) sentences;
    const char *data_source; /* gazetteer IRI when the fact comes from shipped data */
} nk_fact;

typedef struct {
    char *key;           /* identity key, e.g. "state/ARM", "person/lvrv" */
    nk_class cls;
    size_t gaz;          /* gazetteer entry + 1, 0 when found by a pattern */
    NK_VEC(char *) forms;/* surface forms as written (owned) */
    size_t first_mention;
    bool implied;        /* mentioned only through a demonym */
} nk_entity;

typedef struct {
    const char *role;    /* "agent", "addressee", ... (static) */
    size_t entity;
} nk_role;

typedef struct {
    nk_evclass cls;
    const char *cameo;   /* owned by the knowledge base */
    size_t sentence;
    nk_span trigger;
    NK_VEC(nk_role) roles;
    nk_span topic;       /* b == e: none */
    nk_date date;
    nk_date earliest, latest; /* a period the text gives instead of a day ("last Fall"); y == 0: none */
    size_t reported_by;  /* entity + 1, 0 when none */
} nk_event;

typedef struct nk_doc {
    char *source;        /* path as given (owned) */
    char *text;          /* valid UTF-8, the nif:isString (owned) */
    size_t len;
    char id[33];         /* hash of text */
    nk_date date;        /* publication date */
    nk_datebasis date_basis; /* how it was found */
    char *title, *url, *publisher; /* owned, may be NULL */
    nk_repair repair;
    nk_cpindex cp;
    NK_VEC(nk_span) sentences;
    NK_VEC(nk_token) tokens;
    char **keys;         /* folded key of each token, made once (nk_norm_doc_keys) */
    NK_VEC(nk_mention) mentions;
    NK_VEC(nk_entity) entities;
    NK_VEC(nk_event) events;
    NK_VEC(nk_fact) facts;
} nk_doc;

/* Sets text (taking ownership), computes id and the code point index. */
void nk_doc_set_text(nk_doc *d, char *text, size_t len);
void nk_doc_free(nk_doc *d);

const char *nk_class_name(nk_class c);      /* "State", ... */
const char *nk_evclass_name(nk_evclass c);  /* "Appeal", ... */
nk_class nk_class_from_name(const char *s); /* NK_NONE if unknown */
int nk_evclass_from_name(const char *s);    /* -1 if unknown */

/* Finds or adds the local entity with this key; returns its index. */
size_t nk_doc_entity(nk_doc *d, const char *key, nk_class cls, size_t gaz);
void nk_entity_add_form(nk_entity *e, const char *s, size_t n);

/* Adds (or finds) a fact and cites sentence; returns its index. */
size_t nk_doc_fact_entity(nk_doc *d, size_t subj, const char *pred, size_t obj, size_t sentence);
size_t nk_doc_fact_string(nk_doc *d, size_t subj, const char *pred, const char *s, size_t n, size_t sentence);
size_t nk_doc_fact_date(nk_doc *d, size_t subj, const char *pred, nk_date dt, size_t sentence);
size_t nk_doc_fact_int(nk_doc *d, size_t subj, const char *pred, long v, size_t sentence);

/* Sorts mentions by position (outermost first at one start) and resets
 * each entity's first_mention; stages that add mentions call it. */
void nk_doc_sort_mentions(nk_doc *d);

/* Index of the sentence holding byte offset off. */
size_t nk_doc_sentence_at(const nk_doc *d, size_t off);

#endif
