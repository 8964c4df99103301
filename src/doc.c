/* doc.c — see doc.h. */
#include "doc.h"

#include <stdlib.h>
#include <string.h>

static const char *class_names[NK_CLASS_COUNT] = {
    "", "State", "Official", "Person", "Organization", "Agreement", "Incident", "Location",
};
static const char *evclass_names[NK_EV_COUNT] = {
    "Appeal", "Support", "Concern", "Criticism", "Meeting", "Signing",
    "Commitment", "Violation", "Detention", "Release", "Withdrawal",
};

const char *nk_class_name(nk_class c) { return class_names[c]; }
const char *nk_evclass_name(nk_evclass c) { return evclass_names[c]; }

nk_class nk_class_from_name(const char *s)
{
    for (int c = 1; c < NK_CLASS_COUNT; c++)
        if (strcmp(s, class_names[c]) == 0)
            return (nk_class)c;
    return NK_NONE;
}

int nk_evclass_from_name(const char *s)
{
    for (int c = 0; c < NK_EV_COUNT; c++)
        if (strcmp(s, evclass_names[c]) == 0)
            return c;
    return -1;
}

void nk_doc_set_text(nk_doc *d, char *text, size_t len)
{
    free(d->text);
    nk_cpindex_free(&d->cp);
    d->text = text;
    d->len = len;
    nk_hash_hex(text, len, d->id);
    nk_cpindex_init(&d->cp, d->text, d->len);
}

void nk_doc_free(nk_doc *d)
{
    free(d->source);
    free(d->text);
    free(d->title);
    free(d->url);
    free(d->publisher);
    nk_cpindex_free(&d->cp);
    free(d->sentences.items);
    if (d->keys)
        for (size_t i = 0; i < d->tokens.len; i++)
            free(d->keys[i]);
    free(d->keys);
    free(d->tokens.items);
    free(d->mentions.items);
    for (size_t i = 0; i < d->entities.len; i++) {
        nk_entity *e = &d->entities.items[i];
        free(e->key);
        for (size_t j = 0; j < e->forms.len; j++)
            free(e->forms.items[j]);
        free(e->forms.items);
    }
    free(d->entities.items);
    for (size_t i = 0; i < d->events.len; i++)
        free(d->events.items[i].roles.items);
    free(d->events.items);
    for (size_t i = 0; i < d->facts.len; i++) {
        free(d->facts.items[i].text);
        free(d->facts.items[i].sentences.items);
    }
    free(d->facts.items);
    memset(d, 0, sizeof *d);
}

size_t nk_doc_entity(nk_doc *d, const char *key, nk_class cls, size_t gaz)
{
    /* Documents hold tens of entities: a scan is cheaper than a map. */
    for (size_t i = 0; i < d->entities.len; i++)
        if (strcmp(d->entities.items[i].key, key) == 0) {
            nk_entity *e = &d->entities.items[i];
            /* an Official is a Person who holds an office: keep the finer class */
            if (e->cls == NK_PERSON && cls == NK_OFFICIAL)
                e->cls = NK_OFFICIAL;
            return i;
        }
    nk_entity e = {0};
    e.key = nk_strdup(key);
    e.cls = cls;
    e.gaz = gaz;
    e.first_mention = (size_t)-1;
    NK_PUSH(d->entities, e);
    return d->entities.len - 1;
}

void nk_entity_add_form(nk_entity *e, const char *s, size_t n)
{
    for (size_t i = 0; i < e->forms.len; i++)
        if (strlen(e->forms.items[i]) == n && memcmp(e->forms.items[i], s, n) == 0)
            return;
    NK_PUSH(e->forms, nk_strndup(s, n));
}

static void cite(nk_fact *f, size_t sentence)
{
    if (sentence == (size_t)-1)
        return;
    for (size_t i = 0; i < f->sentences.len; i++)
        if (f->sentences.items[i] == sentence)
            return;
    NK_PUSH(f->sentences, sentence);
}

static size_t add_fact(nk_doc *d, nk_fact *proto, size_t sentence)
{
    for (size_t i = 0; i < d->facts.len; i++) {
        nk_fact *f = &d->facts.items[i];
        if (f->subject != proto->subject || strcmp(f->pred, proto->pred) != 0 || f->kind != proto->kind)
            continue;
        bool same = false;
        switch (f->kind) {
        case NK_OBJ_ENTITY: same = f->entity == proto->entity; break;
        case NK_OBJ_STRING: same = strcmp(f->text, proto->text) == 0; break;
        case NK_OBJ_DATE: same = memcmp(&f->date, &proto->date, sizeof f->date) == 0; break;
        case NK_OBJ_INT: same = f->num == proto->num; break;
        }
        if (same) {
            free(proto->text);
            cite(f, sentence);
            return i;
        }
    }
    NK_PUSH(d->facts, *proto);
    cite(&d->facts.items[d->facts.len - 1], sentence);
    return d->facts.len - 1;
}

size_t nk_doc_fact_entity(nk_doc *d, size_t subj, const char *pred, size_t obj, size_t sentence)
{
    nk_fact f = {.subject = subj, .pred = pred, .kind = NK_OBJ_ENTITY, .entity = obj};
    return add_fact(d, &f, sentence);
}

size_t nk_doc_fact_string(nk_doc *d, size_t subj, const char *pred, const char *s, size_t n, size_t sentence)
{
    nk_fact f = {.subject = subj, .pred = pred, .kind = NK_OBJ_STRING, .text = nk_strndup(s, n)};
    return add_fact(d, &f, sentence);
}

size_t nk_doc_fact_date(nk_doc *d, size_t subj, const char *pred, nk_date dt, size_t sentence)
{
    nk_fact f = {.subject = subj, .pred = pred, .kind = NK_OBJ_DATE, .date = dt};
    return add_fact(d, &f, sentence);
}

size_t nk_doc_fact_int(nk_doc *d, size_t subj, const char *pred, long v, size_t sentence)
{
    nk_fact f = {.subject = subj, .pred = pred, .kind = NK_OBJ_INT, .num = v};
    return add_fact(d, &f, sentence);
}

size_t nk_doc_sentence_at(const nk_doc *d, size_t off)
{
    size_t lo = 0, hi = d->sentences.len;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (d->sentences.items[mid].e <= off)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < d->sentences.len ? lo : d->sentences.len - 1;
}

static int cmp_mention(const void *a, const void *b)
{
    const nk_mention *x = a, *y = b;
    if (x->span.b != y->span.b)
        return x->span.b < y->span.b ? -1 : 1;
    if (x->span.e != y->span.e)
        return x->span.e > y->span.e ? -1 : 1;
    return x->entity < y->entity ? -1 : x->entity > y->entity;
}

void nk_doc_sort_mentions(nk_doc *d)
{
    if (d->mentions.len)
        qsort(d->mentions.items, d->mentions.len, sizeof *d->mentions.items, cmp_mention);
    for (size_t e = 0; e < d->entities.len; e++)
        d->entities.items[e].first_mention = (size_t)-1;
    for (size_t m = 0; m < d->mentions.len; m++) {
        nk_entity *ent = &d->entities.items[d->mentions.items[m].entity];
        if (ent->first_mention == (size_t)-1)
            ent->first_mention = m;
    }
}
