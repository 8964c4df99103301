/* cite.c — see cite.h.  Walks the graph through librdf's indexed lookups
 * (targets of subject+predicate, sources of predicate+object), so citing
 * costs the same in a store of a million triples as in one article. */
#include "cite.h"
#include "graph.h"
#include "kb.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    librdf_world *world;
    librdf_model *model;
} graph;

static librdf_node *iri_node(const graph *g, const char *iri)
{
    return librdf_new_node_from_uri_string(g->world, (const unsigned char *)iri);
}

/* The node's IRI or literal text, copied; NULL for none. */
static char *node_text(librdf_node *n)
{
    if (!n)
        return NULL;
    if (librdf_node_is_resource(n))
        return nk_strdup((const char *)librdf_uri_as_string(librdf_node_get_uri(n)));
    if (librdf_node_is_literal(n)) {
        size_t len = 0;
        const unsigned char *v = librdf_node_get_literal_value_as_counted_string(n, &len);
        return v ? nk_strndup((const char *)v, len) : NULL;
    }
    return NULL;
}

/* One value of subject's predicate (the smallest, so the answer does not
 * depend on the storage's order), copied; NULL when none. */
static char *value_of(const graph *g, const char *subject, const char *predicate)
{
    librdf_node *s = iri_node(g, subject), *p = iri_node(g, predicate);
    librdf_iterator *it = librdf_model_get_targets(g->model, s, p);
    char *best = NULL;
    for (; it && !librdf_iterator_end(it); librdf_iterator_next(it)) {
        char *v = node_text(librdf_iterator_get_object(it));
        if (v && (!best || strcmp(v, best) < 0)) {
            free(best);
            best = v;
        } else {
            free(v);
        }
    }
    if (it)
        librdf_free_iterator(it);
    librdf_free_node(s), librdf_free_node(p);
    return best;
}

static long number_of(const graph *g, const char *subject, const char *predicate)
{
    char *v = value_of(g, subject, predicate);
    long n = v ? strtol(v, NULL, 10) : -1;
    free(v);
    return n;
}

typedef NK_VEC(char *) str_vec;

/* Every object of subject+predicate (or subject of predicate+object when
 * reverse), as IRIs or texts. */
static void all_of(const graph *g, const char *node, const char *predicate, bool reverse, str_vec *out)
{
    librdf_node *n = iri_node(g, node), *p = iri_node(g, predicate);
    librdf_iterator *it = reverse ? librdf_model_get_sources(g->model, p, n) : librdf_model_get_targets(g->model, n, p);
    for (; it && !librdf_iterator_end(it); librdf_iterator_next(it)) {
        char *v = node_text(librdf_iterator_get_object(it));
        if (v)
            NK_PUSH(*out, v);
    }
    if (it)
        librdf_free_iterator(it);
    librdf_free_node(n), librdf_free_node(p);
}

static bool has_type(const graph *g, const char *iri, const char *type)
{
    str_vec types = {0};
    all_of(g, iri, NK_NS_RDF "type", false, &types);
    bool found = false;
    for (size_t i = 0; i < types.len; i++) {
        found |= strcmp(types.items[i], type) == 0;
        free(types.items[i]);
    }
    free(types.items);
    return found;
}

static void free_strs(str_vec *v)
{
    for (size_t i = 0; i < v->len; i++)
        free(v->items[i]);
    free(v->items);
}

static void add_sentence(const graph *g, const char *sentence, nk_citations *out, const char *mention)
{
    nk_citation c = {0};
    c.sentence = nk_strdup(sentence);
    c.text = value_of(g, sentence, NK_NS_NIF "anchorOf");
    c.begin = number_of(g, sentence, NK_NS_NIF "beginIndex");
    c.end = number_of(g, sentence, NK_NS_NIF "endIndex");
    c.doc = value_of(g, sentence, NK_NS_NIF "referenceContext");
    if (c.doc) {
        c.source = value_of(g, c.doc, NK_NS_DCT "source");
        c.url = value_of(g, c.doc, NK_NS_SCHEMA "url");
        c.publisher = value_of(g, c.doc, NK_NS_DCT "publisher");
        c.date = value_of(g, c.doc, NK_NS_DCT "date");
        c.title = value_of(g, c.doc, NK_NS_DCT "title");
    }
    if (mention) {
        c.mention = nk_strdup(mention);
        c.mention_text = value_of(g, mention, NK_NS_NIF "anchorOf");
        c.mention_begin = number_of(g, mention, NK_NS_NIF "beginIndex");
        c.mention_end = number_of(g, mention, NK_NS_NIF "endIndex");
    }
    NK_PUSH(out->items, c);
}

static int cmp_opt(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "");
}

static int cmp_citation(const void *x, const void *y)
{
    const nk_citation *a = x, *b = y;
    int c = cmp_opt(a->date, b->date);
    if (!c)
        c = cmp_opt(a->source, b->source);
    if (!c)
        c = a->begin < b->begin ? -1 : a->begin > b->begin;
    if (!c)
        c = a->mention_begin < b->mention_begin ? -1 : a->mention_begin > b->mention_begin;
    if (!c)
        c = cmp_opt(a->sentence, b->sentence);
    return c;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* The class an event or entity has in newskg's ontology, if any. */
static char *nkg_type(const graph *g, const char *iri)
{
    str_vec types = {0};
    all_of(g, iri, NK_NS_RDF "type", false, &types);
    if (types.len > 1)
        qsort(types.items, types.len, sizeof *types.items, cmp_str);
    char *found = NULL;
    for (size_t i = 0; i < types.len && !found; i++)
        if (strncmp(types.items[i], NK_NKG_NS, strlen(NK_NKG_NS)) == 0)
            found = nk_strdup(types.items[i]);
    free_strs(&types);
    return found;
}

bool nk_cite(librdf_world *world, librdf_model *model, const char *iri, nk_citations *out, char *err, size_t errlen)
{
    graph g = {world, model};
    memset(out, 0, sizeof *out);
    str_vec refs = {0};
    if (has_type(&g, iri, NK_NS_RDF "Statement")) {
        out->kind = nk_strdup("fact");
        char *s = value_of(&g, iri, NK_NS_RDF "subject"), *p = value_of(&g, iri, NK_NS_RDF "predicate"),
             *o = value_of(&g, iri, NK_NS_RDF "object");
        nk_buf b = {0};
        nk_buf_addf(&b, "%s %s %s", s ? s : "?", p ? p : "?", o ? o : "?");
        out->label = nk_buf_steal(&b);
        free(s), free(p), free(o);
        all_of(&g, iri, NK_NS_PROV "wasDerivedFrom", false, &refs);
    } else {
        all_of(&g, iri, NK_NS_PROV "wasDerivedFrom", false, &refs);
        if (refs.len)
            out->kind = nk_strdup("event");
    }
    if (out->kind) {
        for (size_t i = 0; i < refs.len; i++) {
            if (has_type(&g, refs.items[i], NK_NS_NIF "Sentence"))
                add_sentence(&g, refs.items[i], out, NULL);
            else
                NK_PUSH(out->data, nk_strdup(refs.items[i]));
        }
    } else {
        /* an entity: each phrase that names it, in its sentence */
        all_of(&g, iri, NK_NS_ITS "taIdentRef", true, &refs);
        if (refs.len)
            out->kind = nk_strdup("entity");
        for (size_t i = 0; i < refs.len; i++) {
            char *sentence = value_of(&g, refs.items[i], NK_NS_NIF "sentence");
            if (sentence)
                add_sentence(&g, sentence, out, refs.items[i]);
            free(sentence);
        }
    }
    free_strs(&refs);
    if (!out->kind) {
        snprintf(err, errlen, "%s: no event, entity or entity fact of this IRI in the graph", iri);
        return false;
    }
    out->type = nkg_type(&g, iri);
    if (!out->label)
        out->label = value_of(&g, iri, NK_NS_RDFS "label");
    /* (qsort must not be given the NULL of an empty list) */
    if (out->items.len > 1)
        qsort(out->items.items, out->items.len, sizeof *out->items.items, cmp_citation);
    if (out->data.len > 1)
        qsort(out->data.items, out->data.len, sizeof *out->data.items, cmp_str);
    return true;
}

/* ------------------------------------------------------------ printing */

static void json_string(FILE *f, const char *s)
{
    if (!s) {
        fputs("null", f);
        return;
    }
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(f, "\\%c", *p);
        else if (*p == '\n')
            fputs("\\n", f);
        else if (*p == '\r')
            fputs("\\r", f);
        else if (*p == '\t')
            fputs("\\t", f);
        else if (*p < 0x20 || *p == 0x7F)
            fprintf(f, "\\u%04x", *p);
        else
            fputc(*p, f);
    }
    fputc('"', f);
}

static void json_field(FILE *f, const char *name, const char *value, bool comma)
{
    fprintf(f, "%s\"%s\": ", comma ? ", " : "", name);
    json_string(f, value);
}

static void print_json(const nk_citations *c, const char *iri, FILE *f)
{
    fputs("{", f);
    json_field(f, "iri", iri, false);
    json_field(f, "kind", c->kind, true);
    json_field(f, "type", c->type, true);
    json_field(f, "label", c->label, true);
    fputs(", \"citations\": [", f);
    for (size_t i = 0; i < c->items.len; i++) {
        const nk_citation *x = &c->items.items[i];
        fputs(i ? ",\n  {" : "\n  {", f);
        json_field(f, "text", x->text, false);
        fprintf(f, ", \"begin\": %ld, \"end\": %ld", x->begin, x->end);
        json_field(f, "sentence", x->sentence, true);
        json_field(f, "document", x->doc, true);
        json_field(f, "source", x->source, true);
        json_field(f, "url", x->url, true);
        json_field(f, "publisher", x->publisher, true);
        json_field(f, "date", x->date, true);
        json_field(f, "title", x->title, true);
        if (x->mention) {
            fputs(", \"mention\": {", f);
            json_field(f, "iri", x->mention, false);
            json_field(f, "text", x->mention_text, true);
            fprintf(f, ", \"begin\": %ld, \"end\": %ld}", x->mention_begin, x->mention_end);
        }
        fputs("}", f);
    }
    fputs(c->items.len ? "\n], \"data\": [" : "], \"data\": [", f);
    for (size_t i = 0; i < c->data.len; i++) {
        if (i)
            fputs(", ", f);
        json_string(f, c->data.items[i]);
    }
    fputs("]}\n", f);
}

static const char *local_name(const char *iri)
{
    const char *h = iri ? strrchr(iri, '#') : NULL;
    return h ? h + 1 : iri;
}

static void print_text(const nk_citations *c, const char *iri, FILE *f)
{
    fprintf(f, "%s\n  %s", iri, c->kind);
    if (c->type)
        fprintf(f, " (%s)", local_name(c->type));
    if (c->label)
        fprintf(f, ": %s", c->label);
    fprintf(f, "\n  %zu citation%s\n", c->items.len, c->items.len == 1 ? "" : "s");
    for (size_t i = 0; i < c->items.len; i++) {
        const nk_citation *x = &c->items.items[i];
        fprintf(f, "\n[%zu] \"%s\"\n", i + 1, x->text ? x->text : "");
        if (x->publisher || x->date)
            fprintf(f, "    %s%s%s\n", x->publisher ? x->publisher : "", x->publisher && x->date ? ", " : "",
                    x->date ? x->date : "");
        if (x->title)
            fprintf(f, "    \"%s\"\n", x->title);
        fprintf(f, "    source: %s\n", x->source ? x->source : "(unknown)");
        if (x->url)
            fprintf(f, "    url: %s\n", x->url);
        fprintf(f, "    sentence: characters %ld-%ld of %s\n", x->begin, x->end, x->doc ? x->doc : "?");
        if (x->mention)
            fprintf(f, "    mention: \"%s\", characters %ld-%ld\n", x->mention_text ? x->mention_text : "",
                    x->mention_begin, x->mention_end);
    }
    for (size_t i = 0; i < c->data.len; i++)
        fprintf(f, "%s  from shipped data: %s\n", i ? "" : "\n", c->data.items[i]);
}

void nk_citations_print(const nk_citations *c, const char *iri, bool json, FILE *out)
{
    if (json)
        print_json(c, iri, out);
    else
        print_text(c, iri, out);
}

void nk_citations_free(nk_citations *c)
{
    for (size_t i = 0; i < c->items.len; i++) {
        nk_citation *x = &c->items.items[i];
        free(x->sentence), free(x->text), free(x->doc), free(x->source), free(x->url);
        free(x->publisher), free(x->date), free(x->title), free(x->mention), free(x->mention_text);
    }
    free(c->items.items);
    for (size_t i = 0; i < c->data.len; i++)
        free(c->data.items[i]);
    free(c->data.items);
    free(c->kind), free(c->type), free(c->label);
    memset(c, 0, sizeof *c);
}
