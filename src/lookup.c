/* lookup.c — see lookup.h. */
#include "lookup.h"

#include <rdf_storage_module.h>
#include <stdlib.h>

static librdf_storage *inner(librdf_storage *s) { return librdf_storage_get_instance(s); }

static int init(librdf_storage *s, const char *name, librdf_hash *options)
{
    /* the inner storage copies the options; these are ours to free */
    librdf_storage *in = librdf_new_storage_with_options(librdf_storage_get_world(s), "hashes", name, options);
    if (options)
        librdf_free_hash(options);
    librdf_storage_set_instance(s, in);
    return in ? 0 : 1;
}

static void terminate(librdf_storage *s)
{
    if (inner(s))
        librdf_free_storage(inner(s));
}

static int open_(librdf_storage *s, librdf_model *m) { return librdf_storage_open(inner(s), m); }
static int close_(librdf_storage *s) { return librdf_storage_close(inner(s)); }
static int size(librdf_storage *s) { return librdf_storage_size(inner(s)); }
static int add(librdf_storage *s, librdf_statement *t) { return librdf_storage_add_statement(inner(s), t); }
static int add_all(librdf_storage *s, librdf_stream *st) { return librdf_storage_add_statements(inner(s), st); }
static int remove_(librdf_storage *s, librdf_statement *t) { return librdf_storage_remove_statement(inner(s), t); }
static int contains(librdf_storage *s, librdf_statement *t) { return librdf_storage_contains_statement(inner(s), t); }
static int arc_in(librdf_storage *s, librdf_node *n, librdf_node *p) { return librdf_storage_has_arc_in(inner(s), n, p); }
static int arc_out(librdf_storage *s, librdf_node *n, librdf_node *p) { return librdf_storage_has_arc_out(inner(s), n, p); }
static librdf_stream *serialise(librdf_storage *s) { return librdf_storage_serialise(inner(s)); }
static librdf_iterator *sources(librdf_storage *s, librdf_node *p, librdf_node *o) { return librdf_storage_get_sources(inner(s), p, o); }
static librdf_iterator *arcs(librdf_storage *s, librdf_node *a, librdf_node *o) { return librdf_storage_get_arcs(inner(s), a, o); }
static librdf_iterator *targets(librdf_storage *s, librdf_node *a, librdf_node *p) { return librdf_storage_get_targets(inner(s), a, p); }
static librdf_iterator *arcs_in(librdf_storage *s, librdf_node *n) { return librdf_storage_get_arcs_in(inner(s), n); }
static librdf_iterator *arcs_out(librdf_storage *s, librdf_node *n) { return librdf_storage_get_arcs_out(inner(s), n); }
static int sync_(librdf_storage *s) { return librdf_storage_sync(inner(s)); }

/* A stream of one statement. */
typedef struct {
    librdf_statement *t;
    int done;
} one;

static int one_end(void *c) { return ((one *)c)->done; }
static int one_next(void *c)
{
    ((one *)c)->done = 1;
    return 1;
}
static void *one_get(void *c, int flags) { return flags == LIBRDF_ITERATOR_GET_METHOD_GET_OBJECT ? ((one *)c)->t : NULL; }
static void one_free(void *c)
{
    librdf_free_statement(((one *)c)->t);
    free(c);
}

static librdf_stream *find(librdf_storage *s, librdf_statement *t)
{
    if (!librdf_statement_get_subject(t) || !librdf_statement_get_predicate(t) || !librdf_statement_get_object(t))
        return librdf_storage_find_statements(inner(s), t);
    librdf_world *w = librdf_storage_get_world(s);
    if (!librdf_storage_contains_statement(inner(s), t))
        return librdf_new_empty_stream(w);
    one *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->t = librdf_new_statement_from_statement(t);
    librdf_stream *st = c->t ? librdf_new_stream(w, c, one_end, one_next, one_get, one_free) : NULL;
    if (!st) {
        if (c->t)
            librdf_free_statement(c->t);
        free(c);
    }
    return st;
}

static void factory(librdf_storage_factory *f)
{
    f->version = LIBRDF_STORAGE_INTERFACE_VERSION;
    f->init = init;
    f->terminate = terminate;
    f->open = open_;
    f->close = close_;
    f->size = size;
    f->add_statement = add;
    f->add_statements = add_all;
    f->remove_statement = remove_;
    f->contains_statement = contains;
    f->has_arc_in = arc_in;
    f->has_arc_out = arc_out;
    f->serialise = serialise;
    f->find_statements = find;
    f->find_sources = sources;
    f->find_arcs = arcs;
    f->find_targets = targets;
    f->get_arcs_in = arcs_in;
    f->get_arcs_out = arcs_out;
    f->sync = sync_;
}

void nk_lookup_register(librdf_world *world)
{
    librdf_storage_register_factory(world, NK_LOOKUP_STORAGE, "hashes with lookups of bound patterns", factory);
}
