/* buf.h — growable byte buffers and arrays, the one allocator of newskg.
 *
 * Every allocation goes through nk_alloc/nk_realloc so that tests can make
 * them fail (nk_alloc_fail_after).  Out of memory is fatal: a half-built
 * graph is worse than a clear exit, and main's temp-file output keeps the
 * previous graph intact. */
#ifndef NK_BUF_H
#define NK_BUF_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

void *nk_alloc(size_t n);                 /* never NULL; zeroed */
/* Called (async-signal-safe work only) before exiting on out of memory:
 * main removes its temporary output file there. */
void nk_set_oom_hook(void (*hook)(void));
void *nk_realloc(void *p, size_t n);      /* never NULL */
char *nk_strndup(const char *s, size_t n);/* NUL-terminated copy; caller frees */
char *nk_strdup(const char *s);

/* Growable bytes, always NUL-terminated after len.  Owner frees with nk_buf_free. */
typedef struct {
    char *data;
    size_t len, cap;
} nk_buf;

void nk_buf_add(nk_buf *b, const void *p, size_t n);
void nk_buf_addc(nk_buf *b, char c);
void nk_buf_adds(nk_buf *b, const char *s);
void nk_buf_addf(nk_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void nk_buf_add_utf8(nk_buf *b, uint32_t cp);
void nk_buf_addu(nk_buf *b, size_t v);     /* decimal, as "%zu" writes it */
void nk_buf_clear(nk_buf *b);
void nk_buf_free(nk_buf *b);
char *nk_buf_steal(nk_buf *b);            /* hands data to the caller, empties b */

/* Typed growable array: NK_VEC(int) v = {0}; NK_PUSH(v, 3); free(v.items). */
#define NK_VEC(T) struct { T *items; size_t len, cap; }
#define NK_GROW(v)                                                            \
    do {                                                                      \
        if ((v).len == (v).cap) {                                             \
            (v).cap = (v).cap ? (v).cap * 2 : 8;                              \
            (v).items = nk_realloc((v).items, (v).cap * sizeof *(v).items);   \
        }                                                                     \
    } while (0)
#define NK_PUSH(v, x) do { NK_GROW(v); (v).items[(v).len++] = (x); } while (0)

/* 64-bit content hash (FNV-1a with a final avalanche): stable across
 * machines and runs, used for IRIs and hash tables. */
uint64_t nk_hash64(const void *p, size_t n, uint64_t seed);

/* 128-bit content id as 32 lower-case hex digits + NUL into out[33]. */
void nk_hash_hex(const void *p, size_t n, char out[33]);

/* One-line fields of newskg's own record files (entity tables, the
 * store's books): tab, newline, CR and backslash escaped as \t \n \r \\. */
void nk_buf_add_field(nk_buf *b, const char *s);
/* The text of an escaped field of n bytes (caller frees). */
char *nk_field_unescape(const char *s, size_t n);

#endif
