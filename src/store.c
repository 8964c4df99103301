/* store.c — see store.h.
 *
 * Layout of a store folder:
 *   newskg-store        "newskg-store 1" and the base IRI
 *   lock                flock(2): shared for readers, exclusive for a writer
 *   data-*.db           the graph (librdf hashes on Berkeley DB)
 *   books-*.db          bookkeeping, as triples in a second storage:
 *                         <urn:x-newskg:triple:H> supportedBy <urn:x-newskg:article:A>
 *                         <urn:x-newskg:entity:K> record "counts and names"
 *   articles/AB/A       per article: its key, document id, triples and
 *                       entity records, to know what to take back when a
 *                       new version replaces it
 *   journal.tmp/        an add being prepared (rolled back by the next open)
 *   journal/            an add committed but maybe not applied (rolled forward)
 *
 * A triple is identified in the books by a hash of its N-Triples line;
 * the lines are written here, canonically, from the terms. */
#include "store.h"
#include "buf.h"
#include "graph.h"
#include "lookup.h"
#include "strmap.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define META_MAGIC "newskg-store 1"
#define ARTICLE_MAGIC "newskg-article 1"
#define URN "urn:x-newskg:"
#define SUPPORTED_BY URN "supportedBy"
#define RECORD URN "record"
#define ENTITIES_SUPPORT URN "article:entities"

typedef NK_VEC(char *) line_vec;

/* An entity's bookkeeping: how many articles recorded it, named it, gave
 * it each class, gazetteer entry and name. */
typedef struct {
    char *name;
    long n;
} counted;
typedef NK_VEC(counted) counted_vec;

typedef struct {
    char *key;
    char *stored;   /* its record as it was in the store, NULL if new */
    long present, mentioned;
    long cls[NK_CLASS_COUNT];
    counted_vec gaz;   /* by gazetteer id */
    counted_vec forms;
} entity_books;

/* Files of the journal being written. */
enum { J_SUPPORT_DEL, J_SUPPORT_ADD, J_RECORD_DEL, J_RECORD_ADD, J_DATA_ADD, J_DATA_CHECK, J_ARTICLES, J_COUNT };
static const char *const journal_file[J_COUNT] = {
    "support-del.nt", "support-add.nt", "record-del.nt", "record-add.nt", "data-add.nt", "data-check.txt", "articles.txt",
};

struct nk_store {
    char *dir;
    char *base;
    const nk_kb *kb;
    int lock_fd;
    librdf_world *world;
    librdf_storage *data_st, *books_st;
    librdf_model *data, *books;
    librdf_node *supported_by, *record;
    char log[512];
    /* the add being prepared */
    FILE *journal[J_COUNT];
    nk_strmap *staged;            /* article keys staged in this add */
    nk_strmap *entity_index;      /* entity key -> index in entities */
    NK_VEC(entity_books) entities;
    bool journal_failed;
};

/* ------------------------------------------------------------ helpers */

static int on_log(void *ud, librdf_log_message *m)
{
    nk_store *s = ud;
    if (librdf_log_message_level(m) >= LIBRDF_LOG_ERROR && !s->log[0])
        snprintf(s->log, sizeof s->log, "%s", librdf_log_message_message(m) ? librdf_log_message_message(m) : "error");
    return 1;
}

static void path_in(const nk_store *s, const char *name, nk_buf *out)
{
    nk_buf_clear(out);
    nk_buf_addf(out, "%s/%s", s->dir, name);
}

static bool mkdir_p(const char *path)
{
    nk_buf p = {0};
    nk_buf_adds(&p, path);
    for (char *c = p.data + 1; *c; c++)
        if (*c == '/') {
            *c = '\0';
            if (mkdir(p.data, 0777) != 0 && errno != EEXIST) {
                nk_buf_free(&p);
                return false;
            }
            *c = '/';
        }
    bool ok = mkdir(p.data, 0777) == 0 || errno == EEXIST;
    nk_buf_free(&p);
    return ok;
}

static bool fsync_path(const char *path)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return false;
    bool ok = fsync(fd) == 0;
    close(fd);
    return ok;
}

static void remove_tree(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    nk_buf p = {0};
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        nk_buf_clear(&p);
        nk_buf_addf(&p, "%s/%s", dir, e->d_name);
        unlink(p.data);
    }
    closedir(d);
    nk_buf_free(&p);
    rmdir(dir);
}

/* N-Triples line of a term, canonical: the same term gives the same bytes. */
static void nt_string(nk_buf *b, const char *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)v[i];
        switch (c) {
        case '\\': nk_buf_adds(b, "\\\\"); break;
        case '"': nk_buf_adds(b, "\\\""); break;
        case '\n': nk_buf_adds(b, "\\n"); break;
        case '\r': nk_buf_adds(b, "\\r"); break;
        case '\t': nk_buf_adds(b, "\\t"); break;
        default:
            if (c < 0x20 || c == 0x7F)
                nk_buf_addf(b, "\\u%04X", c);
            else
                nk_buf_addc(b, (char)c);
        }
    }
}

static void nt_iri(nk_buf *b, const char *v, size_t n)
{
    nk_buf_addc(b, '<');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)v[i];
        if (c <= 0x20 || strchr("<>\"{}|^`\\", c))
            nk_buf_addf(b, "\\u%04X", c);
        else
            nk_buf_addc(b, (char)c);
    }
    nk_buf_addc(b, '>');
}

static void nt_term(nk_buf *b, const nk_term *t)
{
    if (t->kind == NK_TERM_IRI) {
        nt_iri(b, t->value, t->len);
        return;
    }
    nk_buf_addc(b, '"');
    nt_string(b, t->value, t->len);
    nk_buf_addc(b, '"');
    if (t->lang)
        nk_buf_addf(b, "@%s", t->lang);
    else if (t->datatype) {
        nk_buf_adds(b, "^^");
        nt_iri(b, t->datatype, strlen(t->datatype));
    }
}

/* Collects a document's or an entity's triples as N-Triples lines. */
static void collect_line(void *ctx, const nk_term *s, const nk_term *p, const nk_term *o, const char *graph)
{
    (void)graph;
    line_vec *v = ctx;
    nk_buf b = {0};
    nt_term(&b, s);
    nk_buf_addc(&b, ' ');
    nt_term(&b, p);
    nk_buf_addc(&b, ' ');
    nt_term(&b, o);
    nk_buf_adds(&b, " .");
    NK_PUSH(*v, nk_buf_steal(&b));
}

static int cmp_line(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void sort_unique(line_vec *v)
{
    if (!v->len)
        return;
    qsort(v->items, v->len, sizeof *v->items, cmp_line);
    size_t k = 1;
    for (size_t i = 1; i < v->len; i++) {
        if (strcmp(v->items[i], v->items[k - 1]) == 0)
            free(v->items[i]);
        else
            v->items[k++] = v->items[i];
    }
    v->len = k;
}

static void free_lines(line_vec *v)
{
    for (size_t i = 0; i < v->len; i++)
        free(v->items[i]);
    free(v->items);
    v->items = NULL;
    v->len = v->cap = 0;
}

static void hash_urn(nk_buf *b, const char *kind, const char *text)
{
    char hex[33];
    nk_hash_hex(text, strlen(text), hex);
    nk_buf_clear(b);
    nk_buf_addf(b, URN "%s:%s", kind, hex);
}

/* ------------------------------------------------------------ open */

static librdf_storage *open_storage(nk_store *s, const char *name, bool create, bool write)
{
    nk_buf opts = {0};
    nk_buf_addf(&opts, "hash-type='bdb',dir='%s',contexts='no',new='%s',write='%s'", s->dir, create ? "yes" : "no",
                write ? "yes" : "no");
    librdf_storage *st = librdf_new_storage(s->world, NK_LOOKUP_STORAGE, name, opts.data);
    nk_buf_free(&opts);
    return st;
}

static bool read_meta(nk_store *s, char *err, size_t errlen)
{
    nk_buf p = {0};
    path_in(s, "newskg-store", &p);
    FILE *f = fopen(p.data, "r");
    nk_buf_free(&p);
    if (!f) {
        snprintf(err, errlen, "%s: not a newskg store (no newskg-store file)", s->dir);
        return false;
    }
    char *line = NULL;
    size_t cap = 0;
    bool ok = getline(&line, &cap, f) > 0 && strncmp(line, META_MAGIC "\n", sizeof META_MAGIC) == 0;
    ssize_t n = ok ? getline(&line, &cap, f) : -1;
    ok = n > 5 && strncmp(line, "base ", 5) == 0;
    if (ok) {
        if (line[n - 1] == '\n')
            line[n - 1] = '\0';
        s->base = nk_strdup(line + 5);
    } else {
        snprintf(err, errlen, "%s: damaged newskg-store file", s->dir);
    }
    free(line);
    fclose(f);
    return ok;
}

static bool write_meta(nk_store *s, const char *base, char *err, size_t errlen)
{
    nk_buf p = {0};
    path_in(s, "newskg-store", &p);
    FILE *f = fopen(p.data, "w");
    bool ok = f && fprintf(f, META_MAGIC "\nbase %s\n", base) > 0;
    if (f && fclose(f) != 0)
        ok = false;
    if (!ok)
        snprintf(err, errlen, "%s: %s", p.data, strerror(errno));
    nk_buf_free(&p);
    s->base = nk_strdup(base);
    return ok;
}

static bool folder_empty(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return errno == ENOENT;
    struct dirent *e;
    bool empty = true;
    while (empty && (e = readdir(d)) != NULL)
        empty = strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0;
    closedir(d);
    return empty;
}

static bool recover(nk_store *s, char *err, size_t errlen);

static bool open_models(nk_store *s, bool create, bool write)
{
    s->data_st = open_storage(s, "data", create, write);
    s->books_st = s->data_st ? open_storage(s, "books", create, write) : NULL;
    s->data = s->books_st ? librdf_new_model(s->world, s->data_st, NULL) : NULL;
    s->books = s->data ? librdf_new_model(s->world, s->books_st, NULL) : NULL;
    return s->books != NULL;
}

static void close_models(nk_store *s)
{
    if (s->books)
        librdf_free_model(s->books);
    if (s->data)
        librdf_free_model(s->data);
    if (s->books_st)
        librdf_free_storage(s->books_st);
    if (s->data_st)
        librdf_free_storage(s->data_st);
    s->books = s->data = NULL;
    s->books_st = s->data_st = NULL;
}

nk_store *nk_store_open(const char *dir, nk_store_mode mode, const char *base, const nk_kb *kb, char *err,
                        size_t errlen)
{
    nk_store *s = nk_alloc(sizeof *s);
    s->dir = nk_strdup(dir);
    s->kb = kb;
    s->lock_fd = -1;
    bool create = mode == NK_STORE_CREATE, write = mode != NK_STORE_READ;
    nk_buf p = {0};
    if (create) {
        if (!folder_empty(dir)) {
            snprintf(err, errlen, "%s: exists and is not empty; a new store needs an empty folder", dir);
            goto fail;
        }
        if (!mkdir_p(dir)) {
            snprintf(err, errlen, "%s: %s", dir, strerror(errno));
            goto fail;
        }
    }
    path_in(s, "lock", &p);
    s->lock_fd = open(p.data, write ? O_RDWR | O_CREAT : O_RDONLY, 0666);
    if (s->lock_fd < 0 && !write && errno == ENOENT) {
        snprintf(err, errlen, "%s: not a newskg store", dir);
        goto fail;
    }
    if (s->lock_fd < 0 || flock(s->lock_fd, write ? LOCK_EX : LOCK_SH) != 0) {
        snprintf(err, errlen, "%s: cannot lock: %s", p.data, strerror(errno));
        goto fail;
    }
    if (create ? !write_meta(s, base, err, errlen) : !read_meta(s, err, errlen))
        goto fail;

    /* a reader that finds a committed journal finishes it first */
    path_in(s, "journal", &p);
    struct stat st;
    bool pending = !create && stat(p.data, &st) == 0;
    path_in(s, "journal.tmp", &p);
    pending |= !create && stat(p.data, &st) == 0;
    if (pending && !write) {
        if (flock(s->lock_fd, LOCK_UN) != 0 || flock(s->lock_fd, LOCK_EX) != 0) {
            snprintf(err, errlen, "%s: cannot lock: %s", dir, strerror(errno));
            goto fail;
        }
        write = true;
    }

    s->world = librdf_new_world();
    librdf_world_open(s->world);
    librdf_world_set_logger(s->world, s, on_log);
    nk_lookup_register(s->world);
    if (!open_models(s, create, write)) {
        snprintf(err, errlen, "%s: cannot open the databases: %s", dir, s->log[0] ? s->log : "librdf failed");
        goto fail;
    }
    s->supported_by = librdf_new_node_from_uri_string(s->world, (const unsigned char *)SUPPORTED_BY);
    s->record = librdf_new_node_from_uri_string(s->world, (const unsigned char *)RECORD);
    if (pending && !recover(s, err, errlen))
        goto fail;
    if (pending && mode == NK_STORE_READ)
        flock(s->lock_fd, LOCK_SH);
    nk_buf_free(&p);
    return s;
fail:
    nk_buf_free(&p);
    nk_store_close(s);
    return NULL;
}

static void drop_pending(nk_store *s);

void nk_store_close(nk_store *s)
{
    if (!s)
        return;
    drop_pending(s);
    if (s->supported_by)
        librdf_free_node(s->supported_by);
    if (s->record)
        librdf_free_node(s->record);
    close_models(s);
    if (s->world)
        librdf_free_world(s->world);
    if (s->lock_fd >= 0)
        close(s->lock_fd);
    free(s->dir);
    free(s->base);
    free(s);
}

librdf_world *nk_store_world(nk_store *s) { return s->world; }
librdf_model *nk_store_model(nk_store *s) { return s->data; }
const char *nk_store_base(const nk_store *s) { return s->base; }

size_t nk_store_size(nk_store *s)
{
    librdf_stream *st = librdf_model_as_stream(s->data);
    size_t n = 0;
    for (; st && !librdf_stream_end(st); librdf_stream_next(st))
        n++;
    if (st)
        librdf_free_stream(st);
    return n;
}

/* ------------------------------------------------------------ entity books */

static void count_name(counted_vec *v, const char *name, long delta)
{
    for (size_t i = 0; i < v->len; i++)
        if (strcmp(v->items[i].name, name) == 0) {
            v->items[i].n += delta;
            return;
        }
    counted c = {nk_strdup(name), delta};
    NK_PUSH(*v, c);
}

/* The stored record: one line per count, names escaped. */
static char *encode_books(const entity_books *e)
{
    nk_buf b = {0};
    nk_buf_addf(&b, "P %ld\nM %ld\n", e->present, e->mentioned);
    for (int c = 0; c < NK_CLASS_COUNT; c++)
        if (e->cls[c] > 0)
            nk_buf_addf(&b, "C %d %ld\n", c, e->cls[c]);
    for (size_t i = 0; i < e->gaz.len; i++)
        if (e->gaz.items[i].n > 0) {
            nk_buf_addf(&b, "G %ld ", e->gaz.items[i].n);
            nk_buf_add_field(&b, e->gaz.items[i].name);
            nk_buf_addc(&b, '\n');
        }
    for (size_t i = 0; i < e->forms.len; i++)
        if (e->forms.items[i].n > 0) {
            nk_buf_addf(&b, "F %ld ", e->forms.items[i].n);
            nk_buf_add_field(&b, e->forms.items[i].name);
            nk_buf_addc(&b, '\n');
        }
    return nk_buf_steal(&b);
}

static void decode_books(entity_books *e, const char *text)
{
    for (const char *line = text; *line;) {
        const char *end = strchr(line, '\n');
        size_t n = end ? (size_t)(end - line) : strlen(line);
        long v = 0;
        int c = 0, used = 0;
        if (line[0] == 'P')
            sscanf(line, "P %ld", &e->present);
        else if (line[0] == 'M')
            sscanf(line, "M %ld", &e->mentioned);
        else if (line[0] == 'C' && sscanf(line, "C %d %ld", &c, &v) == 2 && c > 0 && c < NK_CLASS_COUNT)
            e->cls[c] = v;
        else if ((line[0] == 'G' || line[0] == 'F') && sscanf(line + 1, " %ld %n", &v, &used) == 1 && used > 0 &&
                 (size_t)used + 1 <= n) {
            char *name = nk_field_unescape(line + 1 + used, n - 1 - (size_t)used);
            count_name(line[0] == 'G' ? &e->gaz : &e->forms, name, v);
            free(name);
        }
        line += n + (end ? 1 : 0);
    }
}

static void free_books(entity_books *e)
{
    free(e->key);
    free(e->stored);
    for (size_t i = 0; i < e->gaz.len; i++)
        free(e->gaz.items[i].name);
    for (size_t i = 0; i < e->forms.len; i++)
        free(e->forms.items[i].name);
    free(e->gaz.items);
    free(e->forms.items);
}

static char *node_literal(librdf_node *n)
{
    size_t len = 0;
    const unsigned char *v = n ? librdf_node_get_literal_value_as_counted_string(n, &len) : NULL;
    if (!v)
        return NULL;
    char *out = nk_alloc(len + 1);
    memcpy(out, v, len);
    out[len] = '\0';
    return out;
}

/* The books of an entity in this add: loaded from the store on first use. */
static entity_books *books_for(nk_store *s, const char *key)
{
    size_t i;
    if (nk_strmap_get(s->entity_index, key, strlen(key), &i))
        return &s->entities.items[i];
    entity_books e = {0};
    e.key = nk_strdup(key);
    nk_buf urn = {0};
    hash_urn(&urn, "entity", key);
    librdf_node *subject = librdf_new_node_from_uri_string(s->world, (const unsigned char *)urn.data);
    librdf_node *rec = librdf_model_get_target(s->books, subject, s->record);
    e.stored = node_literal(rec);
    if (e.stored)
        decode_books(&e, e.stored);
    if (rec)
        librdf_free_node(rec);
    librdf_free_node(subject);
    nk_buf_free(&urn);
    NK_PUSH(s->entities, e);
    nk_strmap_put(s->entity_index, key, strlen(key), s->entities.len - 1);
    return &s->entities.items[s->entities.len - 1];
}

/* One article's record of an entity, added (delta 1) or taken back (-1). */
static void count_record(nk_store *s, const nk_entity_record *r, long delta)
{
    entity_books *e = books_for(s, r->key);
    e->present += delta;
    e->mentioned += r->mentioned ? delta : 0;
    e->cls[r->cls] += delta;
    if (r->gaz)
        count_name(&e->gaz, nk_kb_entry(s->kb, r->gaz - 1)->id, delta);
    for (size_t f = 0; f < r->nforms; f++)
        count_name(&e->forms, r->forms[f], delta);
}

/* The description triples (type, labels, …) of an entity with these books:
 * what a build writes for the same names, via the same code. */
static void describe(nk_store *s, const char *key, const char *books_text, line_vec *out)
{
    if (!books_text)
        return;
    entity_books e = {0};
    decode_books(&e, books_text);
    if (e.present > 0) {
        nk_entity_record r = {key, NK_NONE, 0, e.mentioned > 0, NULL, 0};
        for (int c = 1; c < NK_CLASS_COUNT && r.cls == NK_NONE; c++)
            if (e.cls[c] > 0)
                r.cls = (nk_class)c;
        for (size_t i = 0; i < e.gaz.len; i++) {
            size_t entry;
            if (e.gaz.items[i].n > 0 && nk_kb_find_id(s->kb, e.gaz.items[i].name, &entry) &&
                (!r.gaz || entry + 1 < r.gaz))
                r.gaz = entry + 1;
        }
        char **forms = nk_alloc((e.forms.len + 1) * sizeof *forms);
        for (size_t i = 0; i < e.forms.len; i++)
            if (e.forms.items[i].n > 0)
                forms[r.nforms++] = e.forms.items[i].name;
        r.forms = forms;
        if (r.cls != NK_NONE) {
            nk_entities *t = nk_entities_new();
            nk_entities_put(t, &r);
            char err[64]; /* a table without runs cannot fail */
            nk_graph_entities(t, s->kb, s->base, collect_line, out, NULL, err, sizeof err);
            nk_entities_free(t);
        }
        free(forms);
    }
    free_books(&e);
    sort_unique(out);
}

/* ------------------------------------------------------------ the journal */

static bool journal_open(nk_store *s)
{
    if (s->journal[0])
        return true;
    nk_buf p = {0};
    path_in(s, "journal.tmp", &p);
    bool ok = mkdir(p.data, 0777) == 0;
    for (int j = 0; j < J_COUNT && ok; j++) {
        nk_buf_clear(&p);
        nk_buf_addf(&p, "%s/journal.tmp/%s", s->dir, journal_file[j]);
        s->journal[j] = fopen(p.data, "w");
        ok = s->journal[j] != NULL;
    }
    nk_buf_free(&p);
    if (!s->staged)
        s->staged = nk_strmap_new();
    if (!s->entity_index)
        s->entity_index = nk_strmap_new();
    if (!ok)
        s->journal_failed = true;
    return ok;
}

static void support_line(nk_store *s, int file, const char *line, const char *supporter)
{
    nk_buf urn = {0};
    hash_urn(&urn, "triple", line);
    fprintf(s->journal[file], "<%s> <" SUPPORTED_BY "> <%s> .\n", urn.data, supporter);
    nk_buf_free(&urn);
}

/* Journals the difference between two sorted sets of triples one
 * supporter gives: support taken back and given, triples to add, triples
 * to remove if nothing supports them any more once the add is applied. */
static void journal_diff(nk_store *s, const line_vec *before, const line_vec *after, const char *supporter)
{
    size_t i = 0, k = 0;
    while (i < before->len || k < after->len) {
        int c = i == before->len ? 1 : k == after->len ? -1 : strcmp(before->items[i], after->items[k]);
        if (c == 0) {
            i++, k++;
        } else if (c < 0) {
            support_line(s, J_SUPPORT_DEL, before->items[i], supporter);
            char hex[33];
            nk_hash_hex(before->items[i], strlen(before->items[i]), hex);
            fprintf(s->journal[J_DATA_CHECK], "%s\t%s\n", hex, before->items[i]);
            i++;
        } else {
            support_line(s, J_SUPPORT_ADD, after->items[k], supporter);
            fprintf(s->journal[J_DATA_ADD], "%s\n", after->items[k]);
            k++;
        }
    }
}

/* ------------------------------------------------------------ articles */

typedef struct {
    char *doc_id;
    line_vec triples;
    nk_entities *entities;
} article;

static void article_path(const nk_store *s, const char *hex, const char *suffix, nk_buf *out)
{
    nk_buf_clear(out);
    nk_buf_addf(out, "%s/articles/%.2s/%s%s", s->dir, hex, hex, suffix);
}

typedef NK_VEC(char *) name_vec;

/* Adds the entity record being read (key and names) to t. */
static void flush_record(nk_entities *t, nk_entity_record *r, char **key, name_vec *forms)
{
    if (*key) {
        r->key = *key, r->forms = forms->items, r->nforms = forms->len;
        nk_entities_put(t, r);
    }
    free(*key);
    *key = NULL;
    for (size_t i = 0; i < forms->len; i++)
        free(forms->items[i]);
    forms->len = 0;
}

/* Reads an article file; false when absent or unreadable (then a new one). */
static bool read_article(const nk_store *s, const char *path, article *a)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return false;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    bool ok = getline(&line, &cap, f) > 0 && strncmp(line, ARTICLE_MAGIC "\n", sizeof ARTICLE_MAGIC) == 0;
    a->entities = nk_entities_new();
    nk_entity_record r = {0};
    char *key = NULL;
    name_vec forms = {0};
    while (ok && (n = getline(&line, &cap, f)) > 0) {
        if (line[n - 1] == '\n')
            line[--n] = '\0';
        if (strncmp(line, "D\t", 2) == 0) {
            free(a->doc_id);
            a->doc_id = nk_strdup(line + 2);
        } else if (strncmp(line, "T\t", 2) == 0) {
            NK_PUSH(a->triples, nk_strdup(line + 2));
        } else if (strncmp(line, "F\t", 2) == 0 && key) {
            NK_PUSH(forms, nk_field_unescape(line + 2, (size_t)n - 2));
        } else if (strncmp(line, "E\t", 2) == 0) {
            flush_record(a->entities, &r, &key, &forms);
            /* E key class gazetteer-id mentioned */
            char *t1 = strchr(line + 2, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL,
                 *t3 = t2 ? strchr(t2 + 1, '\t') : NULL;
            int cls = t1 ? atoi(t1 + 1) : 0;
            ok = t3 && cls > 0 && cls < NK_CLASS_COUNT;
            if (!ok)
                break;
            key = nk_field_unescape(line + 2, (size_t)(t1 - line - 2));
            *t3 = '\0';
            size_t entry = 0;
            r.gaz = strcmp(t2 + 1, "-") != 0 && nk_kb_find_id(s->kb, t2 + 1, &entry) ? entry + 1 : 0;
            r.cls = (nk_class)cls;
            r.mentioned = t3[1] == '1';
        } else if (strncmp(line, "K\t", 2) != 0) {
            ok = false;
        }
    }
    flush_record(a->entities, &r, &key, &forms);
    free(forms.items);
    free(line);
    fclose(f);
    return ok && a->doc_id;
}

static void free_article(article *a)
{
    free(a->doc_id);
    free_lines(&a->triples);
    nk_entities_free(a->entities);
}

static bool write_article(const nk_store *s, const char *path, const char *key, const article *a)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return false;
    nk_buf b = {0};
    nk_buf_adds(&b, ARTICLE_MAGIC "\nK\t");
    nk_buf_add_field(&b, key);
    nk_buf_addf(&b, "\nD\t%s\n", a->doc_id);
    fwrite(b.data, 1, b.len, f);
    for (size_t i = 0; i < a->triples.len; i++)
        fprintf(f, "T\t%s\n", a->triples.items[i]);
    for (size_t i = 0; i < nk_entities_len(a->entities); i++) {
        nk_entity_record r = nk_entities_at(a->entities, i);
        nk_buf_clear(&b);
        nk_buf_adds(&b, "E\t");
        nk_buf_add_field(&b, r.key);
        nk_buf_addf(&b, "\t%d\t%s\t%d\n", (int)r.cls, r.gaz ? nk_kb_entry(s->kb, r.gaz - 1)->id : "-",
                    r.mentioned ? 1 : 0);
        for (size_t k = 0; k < r.nforms; k++) {
            nk_buf_adds(&b, "F\t");
            nk_buf_add_field(&b, r.forms[k]);
            nk_buf_addc(&b, '\n');
        }
        fwrite(b.data, 1, b.len, f);
    }
    nk_buf_free(&b);
    bool ok = fflush(f) == 0 && !ferror(f) && fsync(fileno(f)) == 0;
    return fclose(f) == 0 && ok;
}

static const char *article_key(const nk_doc *d)
{
    return d->url && *d->url ? d->url : d->source;
}

nk_article_change nk_store_stage(nk_store *s, const nk_doc *d)
{
    if (!journal_open(s))
        return NK_ARTICLE_UNCHANGED;
    const char *key = article_key(d);
    if (nk_strmap_get(s->staged, key, strlen(key), NULL))
        return NK_ARTICLE_REPEATED;
    nk_strmap_put(s->staged, key, strlen(key), 0);

    char hex[33];
    nk_hash_hex(key, strlen(key), hex);
    nk_buf path = {0}, urn = {0};
    article_path(s, hex, "", &path);
    article old = {0}, now = {0};
    bool had = read_article(s, path.data, &old);
    if (had && strcmp(old.doc_id, d->id) == 0) {
        free_article(&old);
        nk_buf_free(&path);
        return NK_ARTICLE_UNCHANGED;
    }
    now.doc_id = nk_strdup(d->id);
    now.entities = nk_entities_new();
    nk_graph_doc(d, s->kb, s->base, now.entities, collect_line, &now.triples);
    sort_unique(&now.triples);

    nk_buf_clear(&urn);
    nk_buf_addf(&urn, URN "article:%s", hex);
    journal_diff(s, &old.triples, &now.triples, urn.data);
    if (had)
        for (size_t i = 0; i < nk_entities_len(old.entities); i++) {
            nk_entity_record r = nk_entities_at(old.entities, i);
            count_record(s, &r, -1);
        }
    for (size_t i = 0; i < nk_entities_len(now.entities); i++) {
        nk_entity_record r = nk_entities_at(now.entities, i);
        count_record(s, &r, 1);
    }
    /* the new version waits beside the old one until the add is applied */
    nk_buf_clear(&urn);
    nk_buf_addf(&urn, "%s/articles/%.2s", s->dir, hex);
    fprintf(s->journal[J_ARTICLES], "%s\n", hex);
    if (fflush(s->journal[J_ARTICLES]) != 0 || !mkdir_p(urn.data))
        s->journal_failed = true;
    article_path(s, hex, ".new", &path);
    if (!s->journal_failed && !write_article(s, path.data, key, &now))
        s->journal_failed = true;
    free_article(&old);
    free_article(&now);
    nk_buf_free(&path), nk_buf_free(&urn);
    return had ? NK_ARTICLE_REPLACED : NK_ARTICLE_ADDED;
}

/* Journals the entities this add touched: new descriptions and books. */
static void journal_entities(nk_store *s)
{
    nk_buf urn = {0};
    for (size_t i = 0; i < s->entities.len; i++) {
        entity_books *e = &s->entities.items[i];
        char *now = e->present > 0 ? encode_books(e) : NULL;
        if (e->stored && now && strcmp(e->stored, now) == 0) {
            free(now);
            continue;
        }
        line_vec before = {0}, after = {0};
        describe(s, e->key, e->stored, &before);
        describe(s, e->key, now, &after);
        journal_diff(s, &before, &after, ENTITIES_SUPPORT);
        free_lines(&before), free_lines(&after);
        hash_urn(&urn, "entity", e->key);
        nk_buf line = {0};
        if (e->stored) {
            nk_buf_addf(&line, "<%s> <" RECORD "> \"", urn.data);
            nt_string(&line, e->stored, strlen(e->stored));
            nk_buf_adds(&line, "\" .\n");
            fputs(line.data, s->journal[J_RECORD_DEL]);
        }
        if (now) {
            nk_buf_clear(&line);
            nk_buf_addf(&line, "<%s> <" RECORD "> \"", urn.data);
            nt_string(&line, now, strlen(now));
            nk_buf_adds(&line, "\" .\n");
            fputs(line.data, s->journal[J_RECORD_ADD]);
        }
        nk_buf_free(&line);
        free(now);
    }
    nk_buf_free(&urn);
}

/* ------------------------------------------------------------ applying */

/* librdf_model_contains_statement answers -1 when the statement is there
 * (an exact key and value lookup in one index), 0 when not, 1 for an
 * incomplete statement.  (find_statements would scan.) */
static bool holds(librdf_model *m, librdf_statement *t)
{
    return librdf_model_contains_statement(m, t) < 0;
}

/* Adds (or removes) every statement of an N-Triples file; each statement
 * is checked first. */
static bool apply_file(nk_store *s, librdf_model *m, const char *path, bool add)
{
    struct stat st;
    if (stat(path, &st) != 0 || st.st_size == 0)
        return stat(path, &st) == 0;
    librdf_parser *parser = librdf_new_parser(s->world, "ntriples", NULL, NULL);
    librdf_uri *uri = librdf_new_uri_from_filename(s->world, path);
    librdf_stream *stream = parser && uri ? librdf_parser_parse_as_stream(parser, uri, NULL) : NULL;
    bool ok = stream != NULL;
    for (; stream && !librdf_stream_end(stream); librdf_stream_next(stream)) {
        librdf_statement *t = librdf_stream_get_object(stream);
        bool present = holds(m, t);
        if (add && !present)
            ok &= librdf_model_add_statement(m, t) == 0;
        else if (!add && present)
            ok &= librdf_model_remove_statement(m, t) == 0;
    }
    if (stream)
        librdf_free_stream(stream);
    if (uri)
        librdf_free_uri(uri);
    if (parser)
        librdf_free_parser(parser);
    return ok;
}

/* Removes the triples of data-check.txt that nothing supports any more. */
static bool apply_checks(nk_store *s, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return false;
    nk_buf gone = {0}, urn = {0};
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, f)) > 34) {
        line[32] = '\0';
        nk_buf_clear(&urn);
        nk_buf_addf(&urn, URN "triple:%s", line);
        librdf_node *t = librdf_new_node_from_uri_string(s->world, (const unsigned char *)urn.data);
        librdf_node *any = librdf_model_get_target(s->books, t, s->supported_by);
        if (any)
            librdf_free_node(any);
        else
            nk_buf_add(&gone, line + 33, (size_t)n - 33);
        librdf_free_node(t);
    }
    free(line);
    fclose(f);
    bool ok = true;
    if (gone.len) {
        librdf_parser *parser = librdf_new_parser(s->world, "ntriples", NULL, NULL);
        librdf_uri *base = librdf_new_uri(s->world, (const unsigned char *)URN "journal");
        librdf_stream *stream = librdf_parser_parse_string_as_stream(parser, (const unsigned char *)gone.data, base);
        ok = stream != NULL;
        for (; stream && !librdf_stream_end(stream); librdf_stream_next(stream))
            if (holds(s->data, librdf_stream_get_object(stream)))
                ok &= librdf_model_remove_statement(s->data, librdf_stream_get_object(stream)) == 0;
        if (stream)
            librdf_free_stream(stream);
        librdf_free_uri(base);
        librdf_free_parser(parser);
    }
    nk_buf_free(&gone), nk_buf_free(&urn);
    return ok;
}

static bool apply_articles(nk_store *s, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return false;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    nk_buf from = {0}, to = {0};
    bool ok = true;
    while ((n = getline(&line, &cap, f)) > 0) {
        if (line[n - 1] == '\n')
            line[--n] = '\0';
        article_path(s, line, ".new", &from);
        article_path(s, line, "", &to);
        struct stat st;
        if (stat(from.data, &st) == 0)
            ok &= rename(from.data, to.data) == 0;
    }
    free(line);
    fclose(f);
    nk_buf_free(&from), nk_buf_free(&to);
    return ok;
}

/* Applies a journal folder (name: "journal", or "journal.tmp" in a
 * rebuild) and removes it. */
static bool apply_journal(nk_store *s, const char *name)
{
    nk_buf p = {0};
    bool ok = true;
    for (int j = 0; j < J_COUNT && ok; j++) {
        nk_buf_clear(&p);
        nk_buf_addf(&p, "%s/%s/%s", s->dir, name, journal_file[j]);
        switch (j) {
        case J_SUPPORT_DEL: ok = apply_file(s, s->books, p.data, false); break;
        case J_SUPPORT_ADD: ok = apply_file(s, s->books, p.data, true); break;
        case J_RECORD_DEL: ok = apply_file(s, s->books, p.data, false); break;
        case J_RECORD_ADD: ok = apply_file(s, s->books, p.data, true); break;
        case J_DATA_ADD: ok = apply_file(s, s->data, p.data, true); break;
        case J_DATA_CHECK: ok = apply_checks(s, p.data); break;
        case J_ARTICLES: ok = apply_articles(s, p.data); break;
        }
        if (getenv("NEWSKG_TEST_STOP_APPLY") && j == atoi(getenv("NEWSKG_TEST_STOP_APPLY")) &&
            strcmp(name, "journal") == 0)
            _exit(99); /* tests: an add interrupted while applying */
    }
    ok = ok && librdf_model_sync(s->data) == 0 && librdf_model_sync(s->books) == 0;
    if (ok) {
        path_in(s, name, &p);
        remove_tree(p.data);
        fsync_path(s->dir);
    }
    nk_buf_free(&p);
    return ok;
}

/* Deletes what an uncommitted add left: its journal and new article files. */
static void roll_back(nk_store *s)
{
    nk_buf p = {0}, a = {0};
    nk_buf_addf(&p, "%s/journal.tmp/%s", s->dir, journal_file[J_ARTICLES]);
    FILE *f = fopen(p.data, "r");
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while (f && (n = getline(&line, &cap, f)) > 0) {
        if (line[n - 1] == '\n')
            line[--n] = '\0';
        article_path(s, line, ".new", &a);
        unlink(a.data);
    }
    free(line);
    if (f)
        fclose(f);
    path_in(s, "journal.tmp", &p);
    remove_tree(p.data);
    nk_buf_free(&p), nk_buf_free(&a);
}

static bool open_models(nk_store *s, bool create, bool write);
static void close_models(nk_store *s);

/* Stages every article file again, as one add into empty databases. */
static bool stage_all_articles(nk_store *s)
{
    nk_buf p = {0}, urn = {0};
    path_in(s, "articles", &p);
    DIR *top = opendir(p.data);
    bool ok = journal_open(s);
    struct dirent *e, *f;
    while (ok && top && (e = readdir(top)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        nk_buf_clear(&p);
        nk_buf_addf(&p, "%s/articles/%s", s->dir, e->d_name);
        DIR *sub = opendir(p.data);
        while (ok && sub && (f = readdir(sub)) != NULL) {
            if (f->d_name[0] == '.' || strlen(f->d_name) != 32)
                continue;
            nk_buf path = {0};
            nk_buf_addf(&path, "%s/%s", p.data, f->d_name);
            article a = {0}, none = {0};
            ok = read_article(s, path.data, &a);
            nk_buf_clear(&urn);
            nk_buf_addf(&urn, URN "article:%s", f->d_name);
            if (ok) {
                journal_diff(s, &none.triples, &a.triples, urn.data);
                for (size_t i = 0; i < nk_entities_len(a.entities); i++) {
                    nk_entity_record r = nk_entities_at(a.entities, i);
                    count_record(s, &r, 1);
                }
            }
            free_article(&a);
            nk_buf_free(&path);
        }
        if (sub)
            closedir(sub);
    }
    if (top)
        closedir(top);
    journal_entities(s);
    for (int j = 0; j < J_COUNT; j++) {
        ok &= fclose(s->journal[j]) == 0;
        s->journal[j] = NULL;
    }
    nk_buf_free(&p), nk_buf_free(&urn);
    return ok && !s->journal_failed;
}

/* A kill while an add was applied may leave part of it in some of the
 * storage's indexes only: librdf's Berkeley DB files have no transactions.
 * The article files hold every committed article's triples and entity
 * records, so the databases are made again from them — linear in the
 * store, but only after such a crash.  The committed journal stays until
 * this is done, so a crash here is recovered the same way. */
static bool rebuild(nk_store *s)
{
    nk_buf p = {0};
    nk_buf_addf(&p, "%s/journal/%s", s->dir, journal_file[J_ARTICLES]);
    bool ok = apply_articles(s, p.data);
    close_models(s);
    DIR *d = opendir(s->dir);
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);
        if ((strncmp(e->d_name, "data-", 5) == 0 || strncmp(e->d_name, "books-", 6) == 0) && n > 3 &&
            strcmp(e->d_name + n - 3, ".db") == 0) {
            path_in(s, e->d_name, &p);
            unlink(p.data);
        }
    }
    if (d)
        closedir(d);
    ok = ok && open_models(s, true, true) && stage_all_articles(s) && apply_journal(s, "journal.tmp");
    drop_pending(s);
    if (ok) {
        path_in(s, "journal", &p);
        remove_tree(p.data);
        fsync_path(s->dir);
    }
    nk_buf_free(&p);
    return ok;
}

static bool recover(nk_store *s, char *err, size_t errlen)
{
    nk_buf p = {0};
    struct stat st;
    path_in(s, "journal.tmp", &p);
    if (stat(p.data, &st) == 0)
        roll_back(s);
    path_in(s, "journal", &p);
    bool ok = stat(p.data, &st) != 0 || rebuild(s);
    if (!ok)
        snprintf(err, errlen, "%s: cannot finish an interrupted add: %s", s->dir, s->log[0] ? s->log : "write failed");
    nk_buf_free(&p);
    return ok;
}

static void drop_pending(nk_store *s)
{
    bool had = s->journal[0] != NULL;
    for (int j = 0; j < J_COUNT; j++)
        if (s->journal[j]) {
            fclose(s->journal[j]);
            s->journal[j] = NULL;
        }
    if (had)
        roll_back(s);
    for (size_t i = 0; i < s->entities.len; i++)
        free_books(&s->entities.items[i]);
    free(s->entities.items);
    s->entities.items = NULL;
    s->entities.len = s->entities.cap = 0;
    nk_strmap_free(s->staged);
    nk_strmap_free(s->entity_index);
    s->staged = s->entity_index = NULL;
    s->journal_failed = false;
}

bool nk_store_commit(nk_store *s, char *err, size_t errlen)
{
    if (!s->journal[0]) /* nothing staged */
        return true;
    journal_entities(s);
    bool ok = !s->journal_failed;
    for (int j = 0; j < J_COUNT; j++) {
        ok &= fflush(s->journal[j]) == 0 && !ferror(s->journal[j]) && fsync(fileno(s->journal[j])) == 0;
        ok &= fclose(s->journal[j]) == 0;
        s->journal[j] = NULL;
    }
    nk_buf from = {0}, to = {0};
    path_in(s, "journal.tmp", &from);
    path_in(s, "journal", &to);
    if (getenv("NEWSKG_TEST_STOP_COMMIT"))
        _exit(99); /* tests: an add interrupted before its commit point */
    /* the commit point */
    ok = ok && fsync_path(from.data) && rename(from.data, to.data) == 0 && fsync_path(s->dir);
    if (!ok) {
        snprintf(err, errlen, "%s: cannot write the journal: %s", s->dir, strerror(errno));
        roll_back(s);
        drop_pending(s);
        nk_buf_free(&from), nk_buf_free(&to);
        return false;
    }
    nk_buf_free(&from), nk_buf_free(&to);
    drop_pending(s);
    /* Ctrl-C or a kill waits until the databases are consistent again */
    sigset_t block, saved;
    sigemptyset(&block);
    sigaddset(&block, SIGINT), sigaddset(&block, SIGTERM), sigaddset(&block, SIGHUP);
    sigprocmask(SIG_BLOCK, &block, &saved);
    ok = apply_journal(s, "journal");
    sigprocmask(SIG_SETMASK, &saved, NULL);
    if (!ok) {
        snprintf(err, errlen, "%s: the add was committed but not fully applied (%s); the next open finishes it",
                 s->dir, s->log[0] ? s->log : "write failed");
        return false;
    }
    return true;
}
