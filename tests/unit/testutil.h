/* testutil.h — small helpers shared by the unit tests (one test program
 * per module; each includes this once, so everything here is static).
 *
 * - tu_kb(): the real knowledge base, loaded once per test program from
 *   $NEWSKG_ONTOLOGY (`make unit` sets it), freed at exit.
 * - tu_doc(): an nk_doc from a string and a publication date, run through
 *   the whole pipeline (sentences → tokens → mentions → events).
 * - lookups of sentences, mentions, entities, facts and events by text.
 * - temporary folders (mkdtemp) and files, removed again with tu_rm_rf. */
#ifndef NK_TESTUTIL_H
#define NK_TESTUTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "doc.h"
#include "kb.h"
#include "pipeline.h"

#define TU_NO ((size_t)-1)
#define TU_UNUSED __attribute__((unused))

/* ------------------------------------------------------------ knowledge base */

static nk_kb *tu_kb_loaded;

static void tu_kb_free(void)
{
    nk_kb_free(tu_kb_loaded);
    tu_kb_loaded = NULL;
}

/* The shipped knowledge base, loaded on first use.  Fails the test (with
 * the loader's message) when it cannot be loaded. */
static TU_UNUSED const nk_kb *tu_kb(void)
{
    if (!tu_kb_loaded) {
        const char *dir = getenv("NEWSKG_ONTOLOGY");
        if (!dir || !*dir)
            dir = "ontology";
        char err[1024] = "";
        tu_kb_loaded = nk_kb_load(dir, err, sizeof err);
        if (!tu_kb_loaded)
            fail_msg("cannot load the knowledge base from %s: %s", dir, err);
        atexit(tu_kb_free);
    }
    return tu_kb_loaded;
}

/* ------------------------------------------------------------ documents */

/* Fills d (zeroed here) with text as its nif:isString, without running
 * any stage: for tests of a single stage. */
static TU_UNUSED void tu_doc_text(nk_doc *d, const char *text)
{
    memset(d, 0, sizeof *d);
    d->source = nk_strdup("test.txt");
    nk_doc_set_text(d, nk_strdup(text), strlen(text));
}

/* d from text with publication date (y, m, dd) (y == 0: unknown), run
 * through the pipeline with the real knowledge base. */
static TU_UNUSED void tu_doc(nk_doc *d, const char *text, int y, int m, int dd)
{
    tu_doc_text(d, text);
    d->date = (nk_date){y, m, dd};
    char reason[256] = "";
    if (!nk_pipeline_run(d, tu_kb(), NK_DEFAULT_MAX_SENTENCE_BYTES, reason, sizeof reason))
        fail_msg("pipeline refused the document: %s", reason);
}

/* Is the text of span sp exactly s? */
static TU_UNUSED bool tu_span_is(const nk_doc *d, nk_span sp, const char *s)
{
    return sp.e >= sp.b && strlen(s) == sp.e - sp.b && memcmp(d->text + sp.b, s, sp.e - sp.b) == 0;
}

/* A copy of the text of span sp (caller frees). */
static TU_UNUSED char *tu_span_dup(const nk_doc *d, nk_span sp) { return nk_strndup(d->text + sp.b, sp.e - sp.b); }

/* Asserts that sentence i of d reads s (with a readable message if not). */
#define tu_assert_sentence(d, i, s)                                                                \
    do {                                                                                           \
        assert_true((i) < (d)->sentences.len);                                                     \
        char *got_ = tu_span_dup((d), (d)->sentences.items[(i)]);                                  \
        if (strcmp(got_, (s)) != 0) {                                                              \
            print_error("sentence %zu: got \"%s\", want \"%s\"\n", (size_t)(i), got_, (s));      \
            free(got_);                                                                            \
            fail();                                                                                \
        }                                                                                          \
        free(got_);                                                                                \
    } while (0)

/* Index of the first mention whose text is exactly s, else TU_NO. */
static TU_UNUSED size_t tu_mention(const nk_doc *d, const char *s)
{
    for (size_t i = 0; i < d->mentions.len; i++)
        if (tu_span_is(d, d->mentions.items[i].span, s))
            return i;
    return TU_NO;
}

/* Index of the nth (0-based) mention whose text is exactly s, else TU_NO. */
static TU_UNUSED size_t tu_mention_nth(const nk_doc *d, const char *s, size_t nth)
{
    for (size_t i = 0; i < d->mentions.len; i++)
        if (tu_span_is(d, d->mentions.items[i].span, s) && nth-- == 0)
            return i;
    return TU_NO;
}

/* Entity of the first mention whose text is exactly s, else TU_NO. */
static TU_UNUSED size_t tu_entity_of(const nk_doc *d, const char *s)
{
    size_t m = tu_mention(d, s);
    return m == TU_NO ? TU_NO : d->mentions.items[m].entity;
}

/* Entity whose key is exactly key, else TU_NO. */
static TU_UNUSED size_t tu_entity_key(const nk_doc *d, const char *key)
{
    for (size_t i = 0; i < d->entities.len; i++)
        if (strcmp(d->entities.items[i].key, key) == 0)
            return i;
    return TU_NO;
}

/* Is there a fact (subj pred "s") / (subj pred obj) cited by a sentence? */
static TU_UNUSED bool tu_has_fact_string(const nk_doc *d, size_t subj, const char *pred, const char *s)
{
    for (size_t i = 0; i < d->facts.len; i++) {
        const nk_fact *f = &d->facts.items[i];
        if (f->subject == subj && strcmp(f->pred, pred) == 0 && f->kind == NK_OBJ_STRING &&
            strcmp(f->text, s) == 0 && f->sentences.len > 0)
            return true;
    }
    return false;
}

static TU_UNUSED bool tu_has_fact_entity(const nk_doc *d, size_t subj, const char *pred, size_t obj)
{
    for (size_t i = 0; i < d->facts.len; i++) {
        const nk_fact *f = &d->facts.items[i];
        if (f->subject == subj && strcmp(f->pred, pred) == 0 && f->kind == NK_OBJ_ENTITY && f->entity == obj &&
            f->sentences.len > 0)
            return true;
    }
    return false;
}

/* Events of class cls in d. */
static TU_UNUSED size_t tu_count_events(const nk_doc *d, nk_evclass cls)
{
    size_t n = 0;
    for (size_t i = 0; i < d->events.len; i++)
        n += d->events.items[i].cls == cls;
    return n;
}

/* The first event of class cls, else TU_NO. */
static TU_UNUSED size_t tu_event(const nk_doc *d, nk_evclass cls)
{
    for (size_t i = 0; i < d->events.len; i++)
        if (d->events.items[i].cls == cls)
            return i;
    return TU_NO;
}

/* Does event ev have entity e in role? */
static TU_UNUSED bool tu_has_role(const nk_doc *d, size_t ev, const char *role, size_t e)
{
    const nk_event *x = &d->events.items[ev];
    for (size_t i = 0; i < x->roles.len; i++)
        if (x->roles.items[i].entity == e && strcmp(x->roles.items[i].role, role) == 0)
            return true;
    return false;
}

/* How many roles named role does event ev have? */
static TU_UNUSED size_t tu_count_role(const nk_doc *d, size_t ev, const char *role)
{
    const nk_event *x = &d->events.items[ev];
    size_t n = 0;
    for (size_t i = 0; i < x->roles.len; i++)
        n += strcmp(x->roles.items[i].role, role) == 0;
    return n;
}

/* Prints what the pipeline found: for a failing test's log. */
static TU_UNUSED void tu_dump(const nk_doc *d)
{
    for (size_t i = 0; i < d->mentions.len; i++) {
        const nk_mention *m = &d->mentions.items[i];
        const nk_entity *e = &d->entities.items[m->entity];
        print_message("mention \"%.*s\" -> %s (%s)\n", (int)(m->span.e - m->span.b), d->text + m->span.b, e->key,
                      nk_class_name(e->cls));
    }
    for (size_t i = 0; i < d->events.len; i++) {
        const nk_event *x = &d->events.items[i];
        print_message("event %s \"%.*s\"", nk_evclass_name(x->cls), (int)(x->trigger.e - x->trigger.b),
                      d->text + x->trigger.b);
        for (size_t r = 0; r < x->roles.len; r++)
            print_message(" %s=%s", x->roles.items[r].role, d->entities.items[x->roles.items[r].entity].key);
        print_message("\n");
    }
    for (size_t i = 0; i < d->facts.len; i++) {
        const nk_fact *f = &d->facts.items[i];
        print_message("fact %s %s ", d->entities.items[f->subject].key, f->pred);
        if (f->kind == NK_OBJ_ENTITY)
            print_message("%s\n", d->entities.items[f->entity].key);
        else if (f->kind == NK_OBJ_STRING)
            print_message("\"%s\"\n", f->text);
        else
            print_message("(date/int)\n");
    }
}

/* ------------------------------------------------------------ files */

/* A fresh temporary folder: its path into buf (at least 64 bytes). */
static TU_UNUSED void tu_tempdir(char *buf, size_t n)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(buf, n, "%s/newskg-unit-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(buf))
        fail_msg("mkdtemp: %s", strerror(errno));
}

static void tu_rm_rf(const char *path);

/* A fixture for tests that need a folder: *state is a fresh temporary
 * folder's path, removed with all it holds after the test, even a failed
 * one.  Use with cmocka_unit_test_setup_teardown(test, tu_dir_setup,
 * tu_dir_teardown). */
static TU_UNUSED int tu_dir_setup(void **state)
{
    char *dir = nk_alloc(256);
    tu_tempdir(dir, 256);
    *state = dir;
    return 0;
}

static TU_UNUSED int tu_dir_teardown(void **state)
{
    tu_rm_rf(*state);
    free(*state);
    return 0;
}
#define TU_DIR_TEST(f) cmocka_unit_test_setup_teardown(f, tu_dir_setup, tu_dir_teardown)

/* Writes n bytes to path (creating or truncating it). */
static TU_UNUSED void tu_write(const char *path, const void *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        fail_msg("cannot write %s: %s", path, strerror(errno));
    assert_int_equal(fwrite(data, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
}

/* Reads a whole file (caller frees); NULL when it cannot be opened. */
static TU_UNUSED char *tu_read(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    nk_buf b = {0};
    char chunk[4096];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
        nk_buf_add(&b, chunk, got);
    fclose(f);
    if (len)
        *len = b.len;
    return nk_buf_steal(&b);
}

static int tu_rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)ftw;
    return flag == FTW_DP ? rmdir(path) : unlink(path);
}

/* Removes a folder tree (symbolic links are removed, never followed). */
static void tu_rm_rf(const char *path)
{
    nftw(path, tu_rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* Joins a folder and a name into buf. */
static TU_UNUSED const char *tu_path(char *buf, size_t n, const char *dir, const char *name)
{
    snprintf(buf, n, "%s/%s", dir, name);
    return buf;
}

#endif
