/* entities.c — see entities.h.  A run is lines: "E\tKEY\tCLASS\tGAZ\tNAMED"
 * then one "F\tNAME" per name, fields with tab, newline, CR and backslash
 * escaped; records in strictly increasing key order. */
#include "entities.h"
#include "buf.h"
#include "strmap.h"

#include <stdlib.h>
#include <string.h>

typedef NK_VEC(char *) name_list;

typedef struct {
    char *key;
    nk_class cls;
    size_t gaz;
    bool mentioned;
    name_list forms;
} record;

typedef struct {
    FILE *f;
    char *name;
} run;

struct nk_entities {
    nk_strmap *index;
    NK_VEC(record) recs;
    NK_VEC(run) runs;
    size_t bytes, limit;
};

/* What a record costs in memory, roughly: the record, the map's slots
 * (it grows at half load) and key copy, each string with malloc's
 * overhead.  Only used to decide when to spill. */
enum { RECORD_COST = sizeof(record) + 128 + 2 * 16, NAME_COST = sizeof(char *) + 16 };

nk_entities *nk_entities_new(void)
{
    nk_entities *t = nk_alloc(sizeof *t);
    t->index = nk_strmap_new();
    return t;
}

static void free_names(name_list *l)
{
    for (size_t i = 0; i < l->len; i++)
        free(l->items[i]);
    free(l->items);
    *l = (name_list){0};
}

static void clear_records(nk_entities *t)
{
    for (size_t i = 0; i < t->recs.len; i++) {
        free(t->recs.items[i].key);
        free_names(&t->recs.items[i].forms);
    }
    t->recs.len = 0;
    nk_strmap_free(t->index);
    t->index = nk_strmap_new();
    t->bytes = 0;
}

void nk_entities_free(nk_entities *t)
{
    if (!t)
        return;
    clear_records(t);
    free(t->recs.items);
    nk_strmap_free(t->index);
    for (size_t i = 0; i < t->runs.len; i++) {
        fclose(t->runs.items[i].f);
        free(t->runs.items[i].name);
    }
    free(t->runs.items);
    free(t);
}

void nk_entities_limit(nk_entities *t, size_t bytes) { t->limit = bytes; }

/* The merge rule of entities.h, for one more record of the same key. */
static void merge_into(nk_class *cls, size_t *gaz, bool *mentioned, nk_class c, size_t g, bool m)
{
    if (c < *cls)
        *cls = c;
    if (g && (!*gaz || g < *gaz))
        *gaz = g;
    *mentioned |= m;
}

static bool add_name(name_list *l, const char *form)
{
    for (size_t k = 0; k < l->len; k++)
        if (strcmp(l->items[k], form) == 0)
            return false;
    NK_PUSH(*l, nk_strdup(form));
    return true;
}

size_t nk_entities_len(const nk_entities *t) { return t->recs.len; }

nk_entity_record nk_entities_at(const nk_entities *t, size_t i)
{
    const record *r = &t->recs.items[i];
    return (nk_entity_record){r->key, r->cls, r->gaz, r->mentioned, r->forms.items, r->forms.len};
}

/* ------------------------------------------------------------ run files */

static void write_record(FILE *f, const nk_entity_record *r)
{
    nk_buf line = {0};
    nk_buf_adds(&line, "E\t");
    nk_buf_add_field(&line, r->key);
    nk_buf_addf(&line, "\t%d\t%zu\t%d\n", (int)r->cls, r->gaz, r->mentioned ? 1 : 0);
    for (size_t k = 0; k < r->nforms; k++) {
        nk_buf_adds(&line, "F\t");
        nk_buf_add_field(&line, r->forms[k]);
        nk_buf_addc(&line, '\n');
    }
    fwrite(line.data, 1, line.len, f);
    nk_buf_free(&line);
}

/* Reads a run one record at a time; the line after a record (the next
 * record's E line) is read ahead. */
typedef struct {
    FILE *f;
    const char *name;
    char *line;
    size_t cap;
    ssize_t len; /* of line; <= 0: the end */
    size_t lineno;
    record cur;
    bool has;    /* cur holds a record */
    bool failed;
} reader;

static void next_line(reader *r)
{
    r->len = getline(&r->line, &r->cap, r->f);
    r->lineno++;
    if (r->len > 0 && r->line[r->len - 1] == '\n')
        r->line[--r->len] = '\0';
}

static bool reader_fail(reader *r, const char *why, char *err, size_t errlen)
{
    snprintf(err, errlen, "%s: line %zu: %s", r->name, r->lineno, why);
    r->failed = true;
    r->has = false;
    return false;
}

/* Moves to the next record; false at the end or on damage (r->failed). */
static bool reader_next(reader *r, char *err, size_t errlen)
{
    char *prev = r->has ? r->cur.key : NULL;
    free_names(&r->cur.forms);
    r->has = false;
    if (r->len <= 0) {
        free(prev);
        r->cur.key = NULL;
        if (ferror(r->f))
            return reader_fail(r, "read error", err, errlen);
        return false;
    }
    char *tab = r->len > 2 && r->line[0] == 'E' && r->line[1] == '\t' ? strchr(r->line + 2, '\t') : NULL;
    int cls = 0, mentioned = 0;
    size_t gaz = 0;
    if (!tab || sscanf(tab + 1, "%d\t%zu\t%d", &cls, &gaz, &mentioned) != 3 || cls <= 0 || cls >= NK_CLASS_COUNT) {
        free(prev);
        r->cur.key = NULL;
        return reader_fail(r, "not an entity record", err, errlen);
    }
    r->cur.key = nk_field_unescape(r->line + 2, (size_t)(tab - r->line - 2));
    r->cur.cls = (nk_class)cls;
    r->cur.gaz = gaz;
    r->cur.mentioned = mentioned != 0;
    bool ordered = !prev || strcmp(prev, r->cur.key) < 0;
    free(prev);
    if (!ordered)
        return reader_fail(r, "entities out of order (written by an older newskg?)", err, errlen);
    for (next_line(r); r->len >= 2 && r->line[0] == 'F' && r->line[1] == '\t'; next_line(r)) {
        char *form = nk_field_unescape(r->line + 2, (size_t)r->len - 2);
        add_name(&r->cur.forms, form);
        free(form);
    }
    r->has = true;
    return true;
}

/* ------------------------------------------------------------ recording */

static int cmp_record(const void *a, const void *b)
{
    return strcmp(((const record *)a)->key, ((const record *)b)->key);
}

/* Sorts the records in memory and writes them out as a run. */
static void spill(nk_entities *t)
{
    FILE *f = tmpfile();
    if (!f)
        return; /* no temporary file: keep growing rather than fail */
    qsort(t->recs.items, t->recs.len, sizeof *t->recs.items, cmp_record);
    for (size_t i = 0; i < t->recs.len; i++)
        write_record(f, &(nk_entity_record){t->recs.items[i].key, t->recs.items[i].cls, t->recs.items[i].gaz,
                                             t->recs.items[i].mentioned, t->recs.items[i].forms.items,
                                             t->recs.items[i].forms.len});
    if (fflush(f) != 0 || ferror(f) || fseek(f, 0, SEEK_SET) != 0) {
        fclose(f);
        return;
    }
    nk_entities_add_run(t, f, "a temporary entity file");
    clear_records(t);
}

void nk_entities_put(nk_entities *t, const nk_entity_record *in)
{
    size_t i, klen = strlen(in->key);
    if (!nk_strmap_get(t->index, in->key, klen, &i)) {
        record r = {0};
        r.key = nk_strdup(in->key);
        r.cls = in->cls;
        r.gaz = in->gaz;
        NK_PUSH(t->recs, r);
        i = t->recs.len - 1;
        nk_strmap_put(t->index, in->key, klen, i);
        t->bytes += RECORD_COST + 2 * klen;
    }
    record *r = &t->recs.items[i];
    merge_into(&r->cls, &r->gaz, &r->mentioned, in->cls, in->gaz, in->mentioned);
    for (size_t f = 0; f < in->nforms; f++)
        if (add_name(&r->forms, in->forms[f]))
            t->bytes += NAME_COST + strlen(in->forms[f]);
    if (t->limit && t->bytes > t->limit)
        spill(t);
}

void nk_entities_add_run(nk_entities *t, FILE *f, const char *name)
{
    NK_PUSH(t->runs, ((run){f, nk_strdup(name)}));
}

/* ------------------------------------------------------------ merging */

static int cmp_record_ptr(const void *a, const void *b)
{
    return strcmp((*(record *const *)a)->key, (*(record *const *)b)->key);
}

static bool each_in_memory(nk_entities *t, nk_entity_fn fn, void *ctx)
{
    record **order = nk_alloc((t->recs.len + 1) * sizeof *order);
    for (size_t i = 0; i < t->recs.len; i++)
        order[i] = &t->recs.items[i];
    qsort(order, t->recs.len, sizeof *order, cmp_record_ptr);
    for (size_t i = 0; i < t->recs.len; i++) {
        const record *r = order[i];
        if (!fn(ctx, &(nk_entity_record){r->key, r->cls, r->gaz, r->mentioned, r->forms.items, r->forms.len}))
            break;
    }
    free(order);
    return true;
}

/* A binary min-heap of readers by their current key. */
static bool heap_less(reader *const *h, size_t a, size_t b) { return strcmp(h[a]->cur.key, h[b]->cur.key) < 0; }

static void heap_down(reader **h, size_t n, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, m = i;
        if (l < n && heap_less(h, l, m))
            m = l;
        if (l + 1 < n && heap_less(h, l + 1, m))
            m = l + 1;
        if (m == i)
            return;
        reader *x = h[i];
        h[i] = h[m], h[m] = x;
        i = m;
    }
}

bool nk_entities_each(nk_entities *t, nk_entity_fn fn, void *ctx, char *err, size_t errlen)
{
    if (t->runs.len == 0)
        return each_in_memory(t, fn, ctx);
    if (t->recs.len)
        spill(t);
    if (t->recs.len) { /* could not spill: no temporary file */
        snprintf(err, errlen, "cannot create a temporary file for the entities");
        return false;
    }
    size_t n = t->runs.len;
    reader *rd = nk_alloc(n * sizeof *rd);
    reader **heap = nk_alloc(n * sizeof *heap);
    size_t live = 0;
    bool ok = true;
    for (size_t i = 0; i < n && ok; i++) {
        rd[i].f = t->runs.items[i].f;
        rd[i].name = t->runs.items[i].name;
        next_line(&rd[i]);
        if (reader_next(&rd[i], err, errlen))
            heap[live++] = &rd[i];
        ok = !rd[i].failed;
    }
    for (size_t i = live / 2; i-- > 0;)
        heap_down(heap, live, i);
    record acc = {0};
    bool more = true;
    while (ok && more && live) {
        /* every run's record of the smallest key, merged */
        acc.key = nk_strdup(heap[0]->cur.key);
        acc.cls = heap[0]->cur.cls, acc.gaz = heap[0]->cur.gaz, acc.mentioned = heap[0]->cur.mentioned;
        while (ok && live && strcmp(heap[0]->cur.key, acc.key) == 0) {
            reader *top = heap[0];
            merge_into(&acc.cls, &acc.gaz, &acc.mentioned, top->cur.cls, top->cur.gaz, top->cur.mentioned);
            for (size_t k = 0; k < top->cur.forms.len; k++)
                add_name(&acc.forms, top->cur.forms.items[k]);
            if (!reader_next(top, err, errlen)) {
                ok = !top->failed;
                heap[0] = heap[--live];
            }
            heap_down(heap, live, 0);
        }
        if (ok)
            more = fn(ctx, &(nk_entity_record){acc.key, acc.cls, acc.gaz, acc.mentioned, acc.forms.items,
                                               acc.forms.len});
        free(acc.key);
        free_names(&acc.forms);
    }
    for (size_t i = 0; i < n; i++) {
        free(rd[i].line);
        free(rd[i].cur.key);
        free_names(&rd[i].cur.forms);
    }
    free(rd);
    free(heap);
    return ok;
}

static bool save_one(void *ctx, const nk_entity_record *r)
{
    write_record(ctx, r);
    return true;
}

bool nk_entities_save(nk_entities *t, FILE *f, char *err, size_t errlen)
{
    if (!nk_entities_each(t, save_one, f, err, errlen))
        return false;
    if (fflush(f) != 0 || ferror(f)) {
        snprintf(err, errlen, "cannot write the entities");
        return false;
    }
    return true;
}
