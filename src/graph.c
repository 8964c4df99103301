/* graph.c — see graph.h.  IRIs are minted from content only: the document
 * from a hash of its text, sentences and mentions from offsets, events from
 * document + trigger + class, facts from subject + predicate + object,
 * entities from their keys.  No counter over the run ever reaches an IRI. */
#include "graph.h"
#include "date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NKG NK_NKG_NS
#define NO ((size_t)-1)

static void record_entity(nk_entities *t, const nk_entity *e, bool mentioned)
{
    nk_entity_record r = {e->key, e->cls, e->gaz, mentioned, e->forms.items, e->forms.len};
    nk_entities_put(t, &r);
}

/* ------------------------------------------------------------ terms */

typedef struct {
    nk_sink sink;
    void *ctx;
    const char *graph;
} out;

static nk_term iri(const char *s) { return (nk_term){NK_TERM_IRI, s, strlen(s), NULL, NULL}; }

static nk_term lit(const char *s, size_t n, const char *dt, const char *lang)
{
    return (nk_term){NK_TERM_LITERAL, s, n, dt, lang};
}

static void emit(out *o, nk_term s, const char *p, nk_term obj)
{
    nk_term pt = iri(p);
    o->sink(o->ctx, &s, &pt, &obj, o->graph);
}

static void emit_iri(out *o, const char *s, const char *p, const char *obj) { emit(o, iri(s), p, iri(obj)); }

static void emit_str(out *o, const char *s, const char *p, const char *v, size_t n, const char *lang)
{
    emit(o, iri(s), p, lit(v, n, NULL, lang));
}

static void emit_uint(out *o, const char *s, const char *p, size_t v, const char *dt)
{
    char num[24];
    size_t i = sizeof num;
    do
        num[--i] = (char)('0' + v % 10);
    while (v /= 10);
    emit(o, iri(s), p, lit(num + i, sizeof num - i, dt, NULL));
}

static void emit_date(out *o, const char *s, const char *p, nk_date d)
{
    char ds[11];
    nk_date_format(d, ds);
    emit(o, iri(s), p, lit(ds, 10, NK_NS_XSD "date", NULL));
}

/* Appends key to b, percent-encoding what an IRI path may not hold. */
static void add_iri_part(nk_buf *b, const char *key)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)key; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr("-._~/", *p))
            nk_buf_addc(b, (char)*p);
        else {
            nk_buf_addc(b, '%');
            nk_buf_addc(b, hex[*p >> 4]);
            nk_buf_addc(b, hex[*p & 15]);
        }
    }
}

static void entity_iri(const char *base, const char *key, nk_buf *b)
{
    nk_buf_clear(b);
    nk_buf_adds(b, base);
    add_iri_part(b, key);
}

void nk_graph_entities_iri(const char *base, nk_buf *b)
{
    nk_buf_clear(b);
    nk_buf_adds(b, base);
    nk_buf_adds(b, "graph/entities");
}

/* An IRI newskg may write as schema:url: absolute, with no character that
 * N-Triples or Turtle forbid in an IRI. */
static bool safe_url(const char *u)
{
    if (strncmp(u, "http://", 7) != 0 && strncmp(u, "https://", 8) != 0)
        return false;
    for (const unsigned char *p = (const unsigned char *)u; *p; p++)
        if (*p <= 0x20 || strchr("<>\"{}|^`\\", *p))
            return false;
    return true;
}

/* ------------------------------------------------------------ document */

static void span_iri(const nk_doc *d, const char *doc_iri, nk_span sp, nk_buf *b)
{
    nk_buf_clear(b);
    nk_buf_adds(b, doc_iri);
    nk_buf_add(b, "#char=", 6);
    nk_buf_addu(b, nk_cpindex_at(&d->cp, sp.b));
    nk_buf_addc(b, ',');
    nk_buf_addu(b, nk_cpindex_at(&d->cp, sp.e));
}

/* The four NIF properties every string (sentence, phrase) has. */
static void nif_string(out *o, const nk_doc *d, const char *doc_iri, const char *s_iri, nk_span sp)
{
    emit_uint(o, s_iri, NK_NS_NIF "beginIndex", nk_cpindex_at(&d->cp, sp.b), NK_NS_XSD "nonNegativeInteger");
    emit_uint(o, s_iri, NK_NS_NIF "endIndex", nk_cpindex_at(&d->cp, sp.e), NK_NS_XSD "nonNegativeInteger");
    emit_str(o, s_iri, NK_NS_NIF "anchorOf", d->text + sp.b, sp.e - sp.b, NULL);
    emit_iri(o, s_iri, NK_NS_NIF "referenceContext", doc_iri);
}

static void fact_object(const nk_doc *d, const nk_fact *f, const char *base, nk_buf *obj_iri, nk_buf *repr)
{
    nk_buf_clear(repr);
    switch (f->kind) {
    case NK_OBJ_ENTITY:
        entity_iri(base, d->entities.items[f->entity].key, obj_iri);
        nk_buf_addf(repr, "<%s>", obj_iri->data);
        break;
    case NK_OBJ_STRING:
        nk_buf_addf(repr, "\"%s\"", f->text);
        break;
    case NK_OBJ_DATE: {
        char ds[11];
        nk_date_format(f->date, ds);
        nk_buf_addf(repr, "\"%s\"^^<%sdate>", ds, NK_NS_XSD);
        break;
    }
    case NK_OBJ_INT:
        nk_buf_addf(repr, "\"%ld\"^^<%sinteger>", f->num, NK_NS_XSD);
        break;
    }
}

static nk_term fact_term(const nk_fact *f, const nk_buf *obj_iri, char *scratch, size_t scratch_len)
{
    switch (f->kind) {
    case NK_OBJ_ENTITY:
        return iri(obj_iri->data);
    case NK_OBJ_STRING:
        return lit(f->text, strlen(f->text), NULL, NULL);
    case NK_OBJ_DATE:
        nk_date_format(f->date, scratch);
        return lit(scratch, 10, NK_NS_XSD "date", NULL);
    case NK_OBJ_INT:
        snprintf(scratch, scratch_len, "%ld", f->num);
        return lit(scratch, strlen(scratch), NK_NS_XSD "integer", NULL);
    }
    return iri("");
}

static void emit_facts(out *o, const nk_doc *d, const char *base, const char *doc_iri)
{
    nk_buf subj = {0}, obj = {0}, repr = {0}, pred = {0}, firi = {0}, sent = {0}, content = {0};
    for (size_t i = 0; i < d->facts.len; i++) {
        const nk_fact *f = &d->facts.items[i];
        if (f->sentences.len == 0 && !f->data_source)
            continue;
        entity_iri(base, d->entities.items[f->subject].key, &subj);
        nk_buf_clear(&pred);
        nk_buf_adds(&pred, NKG);
        nk_buf_adds(&pred, f->pred);
        fact_object(d, f, base, &obj, &repr);
        nk_buf_clear(&content);
        nk_buf_addc(&content, '<');
        nk_buf_add(&content, subj.data, subj.len);
        nk_buf_add(&content, "> <", 3);
        nk_buf_add(&content, pred.data, pred.len);
        nk_buf_add(&content, "> ", 2);
        nk_buf_add(&content, repr.data, repr.len);
        char h[33];
        nk_hash_hex(content.data, content.len, h);
        nk_buf_clear(&firi);
        nk_buf_adds(&firi, base);
        nk_buf_add(&firi, "fact/", 5);
        nk_buf_add(&firi, h, 32);
        char scratch[32];
        nk_term ot = fact_term(f, &obj, scratch, sizeof scratch);
        emit(o, iri(subj.data), pred.data, ot);
        emit_iri(o, firi.data, NK_NS_RDF "type", NK_NS_RDF "Statement");
        emit_iri(o, firi.data, NK_NS_RDF "subject", subj.data);
        emit_iri(o, firi.data, NK_NS_RDF "predicate", pred.data);
        emit(o, iri(firi.data), NK_NS_RDF "object", ot);
        for (size_t s = 0; s < f->sentences.len; s++) {
            span_iri(d, doc_iri, d->sentences.items[f->sentences.items[s]], &sent);
            emit_iri(o, firi.data, NK_NS_PROV "wasDerivedFrom", sent.data);
        }
        if (f->data_source)
            emit_iri(o, firi.data, NK_NS_PROV "wasDerivedFrom", f->data_source);
    }
    nk_buf_free(&subj), nk_buf_free(&obj), nk_buf_free(&repr), nk_buf_free(&pred);
    nk_buf_free(&firi), nk_buf_free(&sent), nk_buf_free(&content);
}

static void emit_events(out *o, const nk_doc *d, const char *base, const char *doc_iri)
{
    nk_buf ev = {0}, tmp = {0}, ent = {0}, sent = {0};
    for (size_t i = 0; i < d->events.len; i++) {
        const nk_event *e = &d->events.items[i];
        nk_buf_clear(&tmp);
        nk_buf_addf(&tmp, "%s|%zu|%zu|%s", d->id, e->trigger.b, e->trigger.e, nk_evclass_name(e->cls));
        char h[33];
        nk_hash_hex(tmp.data, tmp.len, h);
        nk_buf_clear(&ev);
        nk_buf_adds(&ev, base);
        nk_buf_add(&ev, "event/", 6);
        nk_buf_add(&ev, h, 32);
        nk_buf_clear(&tmp);
        nk_buf_adds(&tmp, NKG);
        nk_buf_adds(&tmp, nk_evclass_name(e->cls));
        emit_iri(o, ev.data, NK_NS_RDF "type", NKG "Event");
        emit_iri(o, ev.data, NK_NS_RDF "type", tmp.data);
        for (size_t r = 0; r < e->roles.len; r++) {
            entity_iri(base, d->entities.items[e->roles.items[r].entity].key, &ent);
            nk_buf_clear(&tmp);
            nk_buf_adds(&tmp, NKG);
            nk_buf_adds(&tmp, e->roles.items[r].role);
            emit_iri(o, ev.data, tmp.data, ent.data);
        }
        if (e->topic.e > e->topic.b)
            emit_str(o, ev.data, NKG "topic", d->text + e->topic.b, e->topic.e - e->topic.b, NULL);
        if (nk_date_valid(e->date))
            emit_date(o, ev.data, NKG "date", e->date);
        if (nk_date_valid(e->earliest) && nk_date_valid(e->latest)) {
            emit_date(o, ev.data, NKG "earliestDate", e->earliest);
            emit_date(o, ev.data, NKG "latestDate", e->latest);
        }
        if (e->cameo)
            emit_str(o, ev.data, NKG "cameoCode", e->cameo, strlen(e->cameo), NULL);
        if (e->reported_by) {
            entity_iri(base, d->entities.items[e->reported_by - 1].key, &ent);
            emit_iri(o, ev.data, NKG "reportedBy", ent.data);
        }
        emit_str(o, ev.data, NKG "trigger", d->text + e->trigger.b, e->trigger.e - e->trigger.b, NULL);
        span_iri(d, doc_iri, d->sentences.items[e->sentence], &sent);
        emit_iri(o, ev.data, NK_NS_PROV "wasDerivedFrom", sent.data);
    }
    nk_buf_free(&ev), nk_buf_free(&tmp), nk_buf_free(&ent), nk_buf_free(&sent);
}

void nk_graph_doc(const nk_doc *d, const nk_kb *kb, const char *base, nk_entities *table, nk_sink sink, void *ctx)
{
    (void)kb;
    nk_buf doc = {0}, b = {0}, sent = {0}, ent = {0};
    nk_buf_addf(&doc, "%sdoc/%s", base, d->id);
    out o = {sink, ctx, doc.data};

    emit_iri(&o, doc.data, NK_NS_RDF "type", NK_NS_NIF "Context");
    emit_iri(&o, doc.data, NK_NS_RDF "type", NKG "Document");
    emit_str(&o, doc.data, NK_NS_NIF "isString", d->text, d->len, NULL);
    emit_uint(&o, doc.data, NK_NS_NIF "beginIndex", 0, NK_NS_XSD "nonNegativeInteger");
    emit_uint(&o, doc.data, NK_NS_NIF "endIndex", nk_cpindex_at(&d->cp, d->len), NK_NS_XSD "nonNegativeInteger");
    emit_str(&o, doc.data, NK_NS_DCT "source", d->source, strlen(d->source), NULL);
    if (nk_date_valid(d->date))
        emit_date(&o, doc.data, NK_NS_DCT "date", d->date);
    static const char *const basis[] = {NULL, NKG "DateLineHeader", NKG "PageMetadata", NKG "Dateline", NKG "SignOff"};
    if (nk_date_valid(d->date) && d->date_basis > NK_DATE_UNKNOWN && d->date_basis <= NK_DATE_SIGNOFF)
        emit_iri(&o, doc.data, NKG "dateBasis", basis[d->date_basis]);
    if (d->title)
        emit_str(&o, doc.data, NK_NS_DCT "title", d->title, strlen(d->title), NULL);
    if (d->publisher)
        emit_str(&o, doc.data, NK_NS_DCT "publisher", d->publisher, strlen(d->publisher), NULL);
    if (d->url && safe_url(d->url))
        emit_iri(&o, doc.data, NK_NS_SCHEMA "url", d->url);

    for (size_t s = 0; s < d->sentences.len; s++) {
        span_iri(d, doc.data, d->sentences.items[s], &sent);
        emit_iri(&o, sent.data, NK_NS_RDF "type", NK_NS_NIF "Sentence");
        nif_string(&o, d, doc.data, sent.data, d->sentences.items[s]);
    }
    for (size_t m = 0; m < d->mentions.len; m++) {
        const nk_mention *mm = &d->mentions.items[m];
        span_iri(d, doc.data, mm->span, &b);
        emit_iri(&o, b.data, NK_NS_RDF "type", NK_NS_NIF "Phrase");
        nif_string(&o, d, doc.data, b.data, mm->span);
        span_iri(d, doc.data, d->sentences.items[mm->sentence], &sent);
        emit_iri(&o, b.data, NK_NS_NIF "sentence", sent.data);
        entity_iri(base, d->entities.items[mm->entity].key, &ent);
        emit_iri(&o, b.data, NK_NS_ITS "taIdentRef", ent.data);
    }
    emit_events(&o, d, base, doc.data);
    emit_facts(&o, d, base, doc.data);
    /* entities named here; and things the shipped data relates them to
     * (Brussels locatedIn Belgium), which get a label but no class until a
     * text names them */
    for (size_t e = 0; e < d->entities.len; e++)
        if (d->entities.items[e].first_mention != NO || d->entities.items[e].gaz)
            record_entity(table, &d->entities.items[e], d->entities.items[e].first_mention != NO);
    nk_buf_free(&doc), nk_buf_free(&b), nk_buf_free(&sent), nk_buf_free(&ent);
}

/* ------------------------------------------------------------ entities */

static size_t count_words(const char *s)
{
    size_t n = 1;
    for (; *s; s++)
        n += *s == ' ';
    return n;
}

/* The canonical label among an entity's names: the fullest (most words,
 * then longest), ties by code point order — a function of the set of
 * names alone, so shards merged later pick the same one. */
static const char *choose_label(char *const *forms, size_t n)
{
    const char *best = NULL;
    for (size_t i = 0; i < n; i++) {
        const char *f = forms[i];
        if (!best) {
            best = f;
            continue;
        }
        size_t wf = count_words(f), wb = count_words(best), lf = strlen(f), lb = strlen(best);
        if (wf > wb || (wf == wb && (lf > lb || (lf == lb && strcmp(f, best) < 0))))
            best = f;
    }
    return best;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

typedef struct {
    out o;
    const nk_kb *kb;
    const char *base;
    nk_buf iri, cls;
    NK_VEC(const char *) names;
    size_t done;
    void (*next_block)(void *ctx);
} entity_writer;

static bool write_entity(void *ctx, const nk_entity_record *r)
{
    entity_writer *w = ctx;
    if (w->next_block && w->done && w->done % NK_ENTITIES_PER_BLOCK == 0)
        w->next_block(w->o.ctx);
    w->done++;
    out *o = &w->o;
    entity_iri(w->base, r->key, &w->iri);
    const char *e = w->iri.data;
    const nk_gaz *g = r->gaz ? nk_kb_entry(w->kb, r->gaz - 1) : NULL;
    if (!r->mentioned) {
        if (g && g->label)
            emit_str(o, e, NK_NS_RDFS "label", g->label, strlen(g->label), "en");
        if (g)
            emit_iri(o, e, NK_NS_RDFS "seeAlso", g->iri);
        return true;
    }
    nk_buf_clear(&w->cls);
    nk_buf_addf(&w->cls, "%s%s", NKG, nk_class_name(r->cls));
    emit_iri(o, e, NK_NS_RDF "type", w->cls.data);
    const char *label = g && g->label ? g->label : choose_label(r->forms, r->nforms);
    if (label)
        emit_str(o, e, NK_NS_RDFS "label", label, strlen(label), "en");
    w->names.len = 0;
    for (size_t f = 0; f < r->nforms; f++)
        NK_PUSH(w->names, r->forms[f]);
    if (w->names.len)
        qsort(w->names.items, w->names.len, sizeof *w->names.items, cmp_str);
    for (size_t f = 0; f < w->names.len; f++)
        if (!label || strcmp(w->names.items[f], label) != 0)
            emit_str(o, e, NK_NS_SKOS "altLabel", w->names.items[f], strlen(w->names.items[f]), "en");
    if (g && g->iso && r->cls == NK_STATE)
        emit_str(o, e, NKG "isoCode", g->iso, strlen(g->iso), NULL);
    if (g)
        emit_iri(o, e, NK_NS_RDFS "seeAlso", g->iri);
    return true;
}

bool nk_graph_entities(nk_entities *t, const nk_kb *kb, const char *base, nk_sink sink, void *ctx,
                       void (*next_block)(void *ctx), char *err, size_t errlen)
{
    entity_writer w = {.kb = kb, .base = base, .next_block = next_block};
    nk_buf graph = {0};
    nk_graph_entities_iri(base, &graph);
    w.o = (out){sink, ctx, graph.data};
    bool ok = nk_entities_each(t, write_entity, &w, err, errlen);
    nk_buf_free(&graph), nk_buf_free(&w.iri), nk_buf_free(&w.cls);
    free(w.names.items);
    return ok;
}
