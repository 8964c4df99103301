/* kb.h — the knowledge base: what newskg knows, read at run time from the
 * Turtle files under ontology/ (gazetteer, trigger lexicon, title and
 * pattern words) with raptor.  Read-only once loaded; shared by every
 * document of a run. */
#ifndef NK_KB_H
#define NK_KB_H

#include <stdbool.h>
#include <stddef.h>
#include "doc.h"

#define NK_GAZ_NS "https://w3id.org/newskg/gazetteer/"
#define NK_NKG_NS "https://w3id.org/newskg/ontology#"

typedef NK_VEC(size_t) nk_idvec;

/* A gazetteer entry: a thing the shipped data knows. */
typedef struct {
    char *iri;           /* the entry's IRI in ontology/ (a data source) */
    char *id;            /* local name: "ARM", "osce-minsk-group" */
    nk_class cls;
    char *label;         /* skos:prefLabel */
    char *iso;           /* nkg:isoCode, NULL unless a state */
    char *role;          /* nkg:role of an official, NULL */
    nk_date date;
    bool former;         /* a state that no longer exists */
    nk_idvec part_of, based_in, located_in, represents, signatory, location, member;
    size_t capital;      /* entry + 1, 0 none */
    bool is_capital;     /* a state's capital: can stand for its government ("Moscow said") */
} nk_gaz;

/* A trigger word of an event class. */
typedef struct {
    nk_evclass cls;
    char *cameo;
    char *role_after;    /* preposition introducing the addressee/target, or NULL */
    bool needs_speaker;  /* an evaluation: counts only when someone says it */
    size_t ntokens;
} nk_trigger;

typedef enum {
    NK_WORD_TITLE_HEAD = 1,   /* Minister, President */
    NK_WORD_TITLE_MOD,        /* Deputy, Vice, Foreign */
    NK_WORD_PERSON_NOUN,      /* soldier, journalist (lower case role nouns) */
    NK_WORD_ORG_HEAD,         /* Ministry, Department, Assembly */
    NK_WORD_AGREEMENT_HEAD,   /* agreement, statement, declaration */
    NK_WORD_INCIDENT_HEAD,    /* war, conflict, clashes */
    NK_WORD_LOCATION_HEAD,    /* region, province, border */
    NK_WORD_GROUP,            /* "the sides", "both sides", "the parties" */
    NK_WORD_LEADER,           /* leaders, leadership, government (a state acting) */
    NK_WORD_PORTFOLIO,        /* words of a title's portfolio: "Foreign", "Affairs", "State" */
} nk_wordkind;

typedef struct nk_kb nk_kb;

/* Loads every *.ttl under dir (sorted by path).  NULL on failure, with a
 * message naming the file and the reason in err. */
nk_kb *nk_kb_load(const char *dir, char *err, size_t errlen);
void nk_kb_free(nk_kb *kb);

size_t nk_kb_count(const nk_kb *kb);
const nk_gaz *nk_kb_entry(const nk_kb *kb, size_t i);
/* Entry by local id ("ARM"); false when none. */
bool nk_kb_find_id(const nk_kb *kb, const char *id, size_t *entry);

/* Entries whose label has this key (nk_norm_name_key, folded or exact);
 * returns the count and sets *first to an array of entry indexes owned by kb. */
size_t nk_kb_lookup_label(const nk_kb *kb, const char *key, const size_t **entries);
/* Is key the prefix (whole tokens) of some label?  Lets a matcher stop early. */
bool nk_kb_label_prefix(const nk_kb *kb, const char *key);
size_t nk_kb_max_label_tokens(const nk_kb *kb);

/* Person entry whose family name has this consonant skeleton
 * (nk_norm_skeleton); false when none. */
bool nk_kb_person_skeleton(const nk_kb *kb, const char *skeleton, size_t *entry);

/* State whose demonym has this folded key; false when none. */
bool nk_kb_demonym(const nk_kb *kb, const char *key, size_t *entry);

/* Trigger by folded key of its form; NULL when none. */
const nk_trigger *nk_kb_trigger(const nk_kb *kb, const char *key);
bool nk_kb_trigger_prefix(const nk_kb *kb, const char *key);
size_t nk_kb_max_trigger_tokens(const nk_kb *kb);
/* Some trigger of class cls (the first loaded), for its CAMEO code; NULL if none. */
const nk_trigger *nk_kb_class_trigger(const nk_kb *kb, nk_evclass cls);

/* Kinds of a single word (folded key) as a bit set of (1u << nk_wordkind),
 * 0 when none. */
unsigned nk_kb_word(const nk_kb *kb, const char *key);
#define NK_IS(kinds, k) (((kinds) >> (k)) & 1u)

#endif
