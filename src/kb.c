/* kb.c — see kb.h.  Parsing is raptor's; this file turns triples into
 * lookup tables.  Tables are filled in file-then-statement order, and files
 * are read sorted by path, so a run never depends on directory order. */
#include "kb.h"
#include "norm.h"
#include "strmap.h"

#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <raptor2.h>

#define SKOS "http://www.w3.org/2004/02/skos/core#"
#define RDF_TYPE "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

typedef struct {
    char *s, *p, *o;     /* o: IRI or literal text */
    bool literal;
} triple;

typedef struct {
    char *key;
    size_t entry;
} label_row;

struct nk_kb {
    NK_VEC(nk_gaz) entries;
    nk_strmap *by_iri;
    nk_strmap *labels;      /* key -> index into label_sets */
    NK_VEC(nk_idvec) label_sets;
    nk_strmap *label_prefixes;
    size_t max_label_tokens;
    nk_strmap *demonyms;    /* folded key -> entry */
    NK_VEC(nk_trigger) triggers;
    nk_strmap *trigger_keys;
    nk_strmap *trigger_prefixes;
    size_t max_trigger_tokens;
    nk_strmap *words;       /* folded key -> kinds bit set */
    nk_strmap *skeletons;   /* family-name skeleton -> person entry */
};

typedef struct {
    NK_VEC(triple) triples;
    char *err;
    size_t errlen;
    bool failed;
    const char *file;
} load_ctx;

static char *term_string(raptor_term *t, bool *literal)
{
    *literal = false;
    switch (t->type) {
    case RAPTOR_TERM_TYPE_URI:
        return nk_strdup((const char *)raptor_uri_as_string(t->value.uri));
    case RAPTOR_TERM_TYPE_LITERAL:
        *literal = true;
        return nk_strndup((const char *)t->value.literal.string, t->value.literal.string_len);
    case RAPTOR_TERM_TYPE_BLANK:
        return nk_strndup((const char *)t->value.blank.string, t->value.blank.string_len);
    default:
        return nk_strdup("");
    }
}

static void on_statement(void *ud, raptor_statement *st)
{
    load_ctx *c = ud;
    triple t;
    bool lit;
    t.s = term_string(st->subject, &lit);
    t.p = term_string(st->predicate, &lit);
    t.o = term_string(st->object, &t.literal);
    NK_PUSH(c->triples, t);
}

static void on_log(void *ud, raptor_log_message *m)
{
    load_ctx *c = ud;
    if (m->level < RAPTOR_LOG_LEVEL_ERROR || c->failed)
        return;
    c->failed = true;
    int line = m->locator ? raptor_locator_line(m->locator) : -1;
    snprintf(c->err, c->errlen, "%s:%d: %s", c->file, line, m->text ? m->text : "parse error");
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

typedef NK_VEC(char *) path_list;

static void list_ttl(const char *dir, path_list *out, int depth)
{
    DIR *d = opendir(dir);
    if (!d || depth > 8) {
        if (d)
            closedir(d);
        return;
    }
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        nk_buf p = {0};
        nk_buf_addf(&p, "%s/%s", dir, e->d_name);
        struct stat st;
        size_t n = strlen(e->d_name);
        if (stat(p.data, &st) == 0 && S_ISDIR(st.st_mode)) {
            list_ttl(p.data, out, depth + 1);
            nk_buf_free(&p);
        } else if (n > 4 && strcmp(e->d_name + n - 4, ".ttl") == 0) {
            NK_PUSH(*out, nk_buf_steal(&p));
        } else {
            nk_buf_free(&p);
        }
    }
    closedir(d);
}

static bool parse_file(raptor_world *w, const char *path, load_ctx *c)
{
    raptor_parser *p = raptor_new_parser(w, "turtle");
    c->file = path;
    raptor_parser_set_statement_handler(p, c, on_statement);
    unsigned char *uri_str = raptor_uri_filename_to_uri_string(path);
    raptor_uri *uri = raptor_new_uri(w, uri_str);
    int rc = raptor_parser_parse_file(p, uri, uri);
    raptor_free_uri(uri);
    raptor_free_memory(uri_str);
    raptor_free_parser(p);
    if (rc && !c->failed) {
        c->failed = true;
        snprintf(c->err, c->errlen, "%s: cannot be read or parsed", path);
    }
    return !c->failed;
}

static const char *local_name(const char *iri, const char *ns)
{
    size_t n = strlen(ns);
    return strncmp(iri, ns, n) == 0 ? iri + n : NULL;
}

static void add_to_set(nk_kb *kb, nk_strmap *map, const char *key, size_t entry)
{
    size_t set;
    if (!nk_strmap_get(map, key, strlen(key), &set)) {
        nk_idvec v = {0};
        NK_PUSH(kb->label_sets, v);
        set = kb->label_sets.len - 1;
        nk_strmap_put(map, key, strlen(key), set);
    }
    nk_idvec *v = &kb->label_sets.items[set];
    for (size_t i = 0; i < v->len; i++)
        if (v->items[i] == entry)
            return;
    NK_PUSH(*v, entry);
}

static size_t count_tokens(const char *key)
{
    size_t n = 1;
    for (; *key; key++)
        n += *key == ' ';
    return n;
}

/* Registers every whole-token prefix of key in prefixes. */
static void add_prefixes(nk_strmap *prefixes, const char *key)
{
    for (const char *p = key; (p = strchr(p, ' ')); p++)
        nk_strmap_put(prefixes, key, (size_t)(p - key), 1);
}

/* A label whose every letter is a capital ("OSCE", "U.S.") is matched as
 * written, so "us" and "Us" do not become the United States. */
static bool is_acronym(const char *s)
{
    size_t letters = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p >= 'a' && *p <= 'z')
            return false;
        if (*p >= 'A' && *p <= 'Z')
            letters++;
    }
    return letters > 0 && strlen(s) <= 8;
}

static void add_label(nk_kb *kb, size_t entry, const char *label)
{
    bool exact = is_acronym(label);
    char *key = nk_norm_name_key(label, strlen(label), exact);
    if (*key) {
        nk_buf k = {0};
        if (exact)
            nk_buf_addc(&k, '=');
        nk_buf_adds(&k, key);
        add_to_set(kb, kb->labels, k.data, entry);
        add_prefixes(kb->label_prefixes, k.data);
        size_t nt = count_tokens(key);
        if (nt > kb->max_label_tokens)
            kb->max_label_tokens = nt;
        nk_buf_free(&k);
    }
    free(key);
}

static size_t entry_for(nk_kb *kb, const char *iri)
{
    size_t i;
    if (nk_strmap_get(kb->by_iri, iri, strlen(iri), &i))
        return i;
    nk_gaz g = {0};
    g.iri = nk_strdup(iri);
    const char *ln = local_name(iri, NK_GAZ_NS);
    g.id = nk_strdup(ln ? ln : iri);
    NK_PUSH(kb->entries, g);
    nk_strmap_put(kb->by_iri, iri, strlen(iri), kb->entries.len - 1);
    return kb->entries.len - 1;
}

static nk_wordkind word_kind(const char *s)
{
    static const struct { const char *name; nk_wordkind k; } kinds[] = {
        {"head", NK_WORD_TITLE_HEAD},          {"modifier", NK_WORD_TITLE_MOD},
        {"person", NK_WORD_PERSON_NOUN},       {"org-head", NK_WORD_ORG_HEAD},
        {"agreement-head", NK_WORD_AGREEMENT_HEAD}, {"incident-head", NK_WORD_INCIDENT_HEAD},
        {"location-head", NK_WORD_LOCATION_HEAD},   {"group", NK_WORD_GROUP},
        {"leader", NK_WORD_LEADER},            {"portfolio", NK_WORD_PORTFOLIO},
    };
    for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++)
        if (strcmp(s, kinds[k].name) == 0)
            return kinds[k].k;
    return 0;
}

static void add_word(nk_kb *kb, const char *key, nk_wordkind k)
{
    size_t old = 0;
    nk_strmap_get(kb->words, key, strlen(key), &old);
    nk_strmap_put(kb->words, key, strlen(key), old | (1u << k));
}

/* Builds the tables from the triples of all files, in two passes: first
 * what each subject is, then its properties (which may point forward). */
static void build(nk_kb *kb, load_ctx *c)
{
    nk_strmap *subject_kind = nk_strmap_new(); /* iri -> 1 gaz, 2 trigger, 3 word */
    nk_strmap *trigger_of = nk_strmap_new();   /* iri -> trigger index */
    for (size_t i = 0; i < c->triples.len; i++) {
        triple *t = &c->triples.items[i];
        if (strcmp(t->p, RDF_TYPE) != 0 || t->literal)
            continue;
        const char *cls = local_name(t->o, NK_NKG_NS);
        if (!cls)
            continue;
        nk_class ec = nk_class_from_name(cls);
        if (ec != NK_NONE && local_name(t->s, NK_GAZ_NS)) {
            size_t e = entry_for(kb, t->s);
            /* Official is finer than Person; a State stays a State */
            if (kb->entries.items[e].cls == NK_NONE || ec == NK_OFFICIAL)
                kb->entries.items[e].cls = ec;
            nk_strmap_put(subject_kind, t->s, strlen(t->s), 1);
        } else if (strcmp(cls, "Trigger") == 0) {
            nk_trigger tr = {0};
            NK_PUSH(kb->triggers, tr);
            nk_strmap_put(trigger_of, t->s, strlen(t->s), kb->triggers.len - 1);
            nk_strmap_put(subject_kind, t->s, strlen(t->s), 2);
        } else if (strcmp(cls, "TitleWord") == 0 || strcmp(cls, "PatternWord") == 0) {
            nk_strmap_put(subject_kind, t->s, strlen(t->s), 3);
        }
    }
    /* word kinds: a TitleWord without nkg:kind is a head */
    nk_strmap *kind_of = nk_strmap_new();
    for (size_t i = 0; i < c->triples.len; i++) {
        triple *t = &c->triples.items[i];
        if (t->literal && strcmp(t->p, NK_NKG_NS "kind") == 0)
            nk_strmap_put(kind_of, t->s, strlen(t->s), word_kind(t->o));
    }
    for (size_t i = 0; i < c->triples.len; i++) {
        triple *t = &c->triples.items[i];
        size_t kind;
        if (!nk_strmap_get(subject_kind, t->s, strlen(t->s), &kind))
            continue;
        const char *p = t->p;
        if (kind == 1) {
            nk_gaz *g = &kb->entries.items[entry_for(kb, t->s)];
            size_t e = (size_t)(g - kb->entries.items);
            if (t->literal && strcmp(p, SKOS "prefLabel") == 0) {
                if (!g->label || strcmp(t->o, g->label) < 0) { /* one label, whatever the order */
                    free(g->label);
                    g->label = nk_strdup(t->o);
                }
                add_label(kb, e, t->o);
            } else if (t->literal && (strcmp(p, SKOS "altLabel") == 0 || strcmp(p, SKOS "hiddenLabel") == 0)) {
                add_label(kb, e, t->o);
            } else if (t->literal && strcmp(p, NK_NKG_NS "isoCode") == 0) {
                free(g->iso);
                g->iso = nk_strdup(t->o);
            } else if (t->literal && strcmp(p, NK_NKG_NS "role") == 0) {
                free(g->role);
                g->role = nk_strdup(t->o);
            } else if (t->literal && strcmp(p, NK_NKG_NS "demonym") == 0) {
                nk_buf k = {0};
                nk_norm_fold(t->o, strlen(t->o), &k);
                if (k.len && !nk_strmap_get(kb->demonyms, k.data, k.len, NULL))
                    nk_strmap_put(kb->demonyms, k.data, k.len, e);
                nk_buf_free(&k);
            } else if (t->literal && strcmp(p, NK_NKG_NS "date") == 0) {
                int y, m, d;
                if (sscanf(t->o, "%4d-%2d-%2d", &y, &m, &d) == 3)
                    g->date = (nk_date){y, m, d};
            } else if (t->literal && strcmp(p, NK_NKG_NS "formerState") == 0) {
                g->former = strcmp(t->o, "true") == 0 || strcmp(t->o, "1") == 0;
            } else if (!t->literal && local_name(t->o, NK_GAZ_NS)) {
                size_t o = entry_for(kb, t->o);
                g = &kb->entries.items[e]; /* entry_for may have moved the array */
                nk_idvec *v = NULL;
                const char *ln = local_name(p, NK_NKG_NS);
                if (!ln) continue;
                if (strcmp(ln, "partOf") == 0) v = &g->part_of;
                else if (strcmp(ln, "basedIn") == 0) v = &g->based_in;
                else if (strcmp(ln, "locatedIn") == 0) v = &g->located_in;
                else if (strcmp(ln, "represents") == 0) v = &g->represents;
                else if (strcmp(ln, "signatory") == 0) v = &g->signatory;
                else if (strcmp(ln, "location") == 0) v = &g->location;
                else if (strcmp(ln, "member") == 0) v = &g->member;
                else if (strcmp(ln, "capital") == 0) g->capital = o + 1;
                if (v)
                    NK_PUSH(*v, o);
            }
        } else if (kind == 2) {
            size_t ti;
            nk_strmap_get(trigger_of, t->s, strlen(t->s), &ti);
            nk_trigger *tr = &kb->triggers.items[ti];
            if (strcmp(p, NK_NKG_NS "eventClass") == 0 && !t->literal) {
                const char *ln = local_name(t->o, NK_NKG_NS);
                int ec = ln ? nk_evclass_from_name(ln) : -1;
                if (ec >= 0)
                    tr->cls = (nk_evclass)ec;
            } else if (strcmp(p, NK_NKG_NS "cameoCode") == 0 && t->literal) {
                free(tr->cameo);
                tr->cameo = nk_strdup(t->o);
            } else if (strcmp(p, NK_NKG_NS "needsSpeaker") == 0 && t->literal) {
                tr->needs_speaker = strcmp(t->o, "true") == 0 || strcmp(t->o, "1") == 0;
            } else if (strcmp(p, NK_NKG_NS "roleAfter") == 0 && t->literal) {
                free(tr->role_after);
                tr->role_after = nk_strdup(t->o);
            }
        } else if (kind == 3 && t->literal && strcmp(p, NK_NKG_NS "form") == 0) {
            size_t k = NK_WORD_TITLE_HEAD;
            nk_strmap_get(kind_of, t->s, strlen(t->s), &k);
            /* a title of several words ("Foreign Minister") registers its
             * last word as a head and the words before as modifiers */
            char *key = nk_norm_name_key(t->o, strlen(t->o), false);
            char *last = strrchr(key, ' ');
            if (last && k == NK_WORD_TITLE_HEAD) {
                add_word(kb, last + 1, NK_WORD_TITLE_HEAD);
                for (char *w = strtok(key, " "); w && w < last; w = strtok(NULL, " "))
                    add_word(kb, w, NK_WORD_TITLE_MOD);
            } else if (k) {
                add_word(kb, key, (nk_wordkind)k);
            }
            free(key);
        }
    }
    /* trigger forms last: a form's class must be known first */
    for (size_t i = 0; i < c->triples.len; i++) {
        triple *t = &c->triples.items[i];
        size_t ti;
        if (!t->literal || strcmp(t->p, NK_NKG_NS "form") != 0 ||
            !nk_strmap_get(trigger_of, t->s, strlen(t->s), &ti))
            continue;
        char *key = nk_norm_name_key(t->o, strlen(t->o), false);
        if (*key && !nk_strmap_get(kb->trigger_keys, key, strlen(key), NULL)) {
            nk_strmap_put(kb->trigger_keys, key, strlen(key), ti);
            add_prefixes(kb->trigger_prefixes, key);
            size_t nt = count_tokens(key);
            if (nt > kb->max_trigger_tokens)
                kb->max_trigger_tokens = nt;
        }
        free(key);
    }
    for (size_t e = 0; e < kb->entries.len; e++)
        if (kb->entries.items[e].capital)
            kb->entries.items[kb->entries.items[e].capital - 1].is_capital = true;
    /* family names of people, for misspelled and transliterated mentions */
    for (size_t e = 0; e < kb->entries.len; e++) {
        nk_gaz *g = &kb->entries.items[e];
        if ((g->cls != NK_OFFICIAL && g->cls != NK_PERSON) || !g->label)
            continue;
        char *sk = nk_norm_family_skeleton(g->label, strlen(g->label));
        if (*sk && !nk_strmap_get(kb->skeletons, sk, strlen(sk), NULL))
            nk_strmap_put(kb->skeletons, sk, strlen(sk), e);
        free(sk);
    }
    nk_strmap_free(kind_of);
    nk_strmap_free(subject_kind);
    nk_strmap_free(trigger_of);
}

nk_kb *nk_kb_load(const char *dir, char *err, size_t errlen)
{
    path_list files = {0};
    list_ttl(dir, &files, 0);
    if (files.len == 0) {
        snprintf(err, errlen, "%s: no ontology files (*.ttl) found", dir);
        free(files.items);
        return NULL;
    }
    qsort(files.items, files.len, sizeof *files.items, cmp_str);
    raptor_world *w = raptor_new_world();
    load_ctx c = {.err = err, .errlen = errlen};
    raptor_world_set_log_handler(w, &c, on_log);
    raptor_world_open(w);
    for (size_t i = 0; i < files.len && !c.failed; i++)
        parse_file(w, files.items[i], &c);
    raptor_free_world(w);
    nk_kb *kb = NULL;
    if (!c.failed) {
        kb = nk_alloc(sizeof *kb);
        kb->by_iri = nk_strmap_new();
        kb->labels = nk_strmap_new();
        kb->label_prefixes = nk_strmap_new();
        kb->demonyms = nk_strmap_new();
        kb->trigger_keys = nk_strmap_new();
        kb->trigger_prefixes = nk_strmap_new();
        kb->words = nk_strmap_new();
        kb->skeletons = nk_strmap_new();
        build(kb, &c);
    }
    for (size_t i = 0; i < c.triples.len; i++) {
        free(c.triples.items[i].s);
        free(c.triples.items[i].p);
        free(c.triples.items[i].o);
    }
    free(c.triples.items);
    for (size_t i = 0; i < files.len; i++)
        free(files.items[i]);
    free(files.items);
    return kb;
}

void nk_kb_free(nk_kb *kb)
{
    if (!kb)
        return;
    for (size_t i = 0; i < kb->entries.len; i++) {
        nk_gaz *g = &kb->entries.items[i];
        free(g->iri), free(g->id), free(g->label), free(g->iso), free(g->role);
        free(g->part_of.items), free(g->based_in.items), free(g->located_in.items);
        free(g->represents.items), free(g->signatory.items), free(g->location.items);
        free(g->member.items);
    }
    free(kb->entries.items);
    for (size_t i = 0; i < kb->label_sets.len; i++)
        free(kb->label_sets.items[i].items);
    free(kb->label_sets.items);
    for (size_t i = 0; i < kb->triggers.len; i++) {
        free(kb->triggers.items[i].cameo);
        free(kb->triggers.items[i].role_after);
    }
    free(kb->triggers.items);
    nk_strmap_free(kb->by_iri);
    nk_strmap_free(kb->labels);
    nk_strmap_free(kb->label_prefixes);
    nk_strmap_free(kb->demonyms);
    nk_strmap_free(kb->trigger_keys);
    nk_strmap_free(kb->trigger_prefixes);
    nk_strmap_free(kb->words);
    nk_strmap_free(kb->skeletons);
    free(kb);
}

size_t nk_kb_count(const nk_kb *kb) { return kb->entries.len; }
const nk_gaz *nk_kb_entry(const nk_kb *kb, size_t i) { return &kb->entries.items[i]; }

bool nk_kb_find_id(const nk_kb *kb, const char *id, size_t *entry)
{
    nk_buf iri = {0};
    nk_buf_addf(&iri, "%s%s", NK_GAZ_NS, id);
    bool ok = nk_strmap_get(kb->by_iri, iri.data, iri.len, entry);
    nk_buf_free(&iri);
    return ok;
}

size_t nk_kb_lookup_label(const nk_kb *kb, const char *key, const size_t **entries)
{
    size_t set;
    if (!nk_strmap_get(kb->labels, key, strlen(key), &set))
        return 0;
    *entries = kb->label_sets.items[set].items;
    return kb->label_sets.items[set].len;
}

bool nk_kb_label_prefix(const nk_kb *kb, const char *key)
{
    return nk_strmap_get(kb->label_prefixes, key, strlen(key), NULL);
}

size_t nk_kb_max_label_tokens(const nk_kb *kb) { return kb->max_label_tokens; }

bool nk_kb_demonym(const nk_kb *kb, const char *key, size_t *entry)
{
    return nk_strmap_get(kb->demonyms, key, strlen(key), entry);
}

const nk_trigger *nk_kb_trigger(const nk_kb *kb, const char *key)
{
    size_t i;
    return nk_strmap_get(kb->trigger_keys, key, strlen(key), &i) ? &kb->triggers.items[i] : NULL;
}

bool nk_kb_trigger_prefix(const nk_kb *kb, const char *key)
{
    return nk_strmap_get(kb->trigger_prefixes, key, strlen(key), NULL);
}

size_t nk_kb_max_trigger_tokens(const nk_kb *kb) { return kb->max_trigger_tokens; }

unsigned nk_kb_word(const nk_kb *kb, const char *key)
{
    size_t k = 0;
    nk_strmap_get(kb->words, key, strlen(key), &k);
    return (unsigned)k;
}

bool nk_kb_person_skeleton(const nk_kb *kb, const char *skeleton, size_t *entry)
{
    return nk_strmap_get(kb->skeletons, skeleton, strlen(skeleton), entry);
}

const nk_trigger *nk_kb_class_trigger(const nk_kb *kb, nk_evclass cls)
{
    for (size_t i = 0; i < kb->triggers.len; i++)
        if (kb->triggers.items[i].cls == cls)
            return &kb->triggers.items[i];
    return NULL;
}
