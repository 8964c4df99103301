/* buf.c — see buf.h. */
#include "buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void (*oom_hook)(void);

void nk_set_oom_hook(void (*hook)(void)) { oom_hook = hook; }

static void out_of_memory(size_t n)
{
    if (oom_hook)
        oom_hook();
    fprintf(stderr, "newskg: out of memory (asked for %zu bytes)\n", n);
    _exit(2);
}

void *nk_alloc(size_t n)
{
    void *p = calloc(1, n ? n : 1);
    if (!p)
        out_of_memory(n);
    return p;
}

void *nk_realloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        out_of_memory(n);
    return q;
}

char *nk_strndup(const char *s, size_t n)
{
    char *d = nk_alloc(n + 1);
    memcpy(d, s, n);
    return d;
}

char *nk_strdup(const char *s) { return nk_strndup(s, strlen(s)); }

static void reserve(nk_buf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1)
        cap *= 2;
    b->data = nk_realloc(b->data, cap);
    b->cap = cap;
}

void nk_buf_add(nk_buf *b, const void *p, size_t n)
{
    reserve(b, n);
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void nk_buf_addc(nk_buf *b, char c) { nk_buf_add(b, &c, 1); }
void nk_buf_adds(nk_buf *b, const char *s) { nk_buf_add(b, s, strlen(s)); }

void nk_buf_addf(nk_buf *b, const char *fmt, ...)
{
    va_list ap;
    /* formatted once into the room there is; a second time only when it
     * did not fit */
    size_t room = b->cap > b->len ? b->cap - b->len : 0;
    va_start(ap, fmt);
    int n = vsnprintf(room ? b->data + b->len : NULL, room, fmt, ap);
    va_end(ap);
    if (n <= 0) {
        if (room)
            b->data[b->len] = '\0';
        return;
    }
    if ((size_t)n < room) {
        b->len += (size_t)n;
        return;
    }
    reserve(b, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void nk_buf_addu(nk_buf *b, size_t v)
{
    char t[24];
    size_t i = sizeof t;
    do
        t[--i] = (char)('0' + v % 10);
    while (v /= 10);
    nk_buf_add(b, t + i, sizeof t - i);
}

void nk_buf_add_utf8(nk_buf *b, uint32_t c)
{
    char t[4];
    size_t n;
    if (c < 0x80) {
        t[0] = (char)c; n = 1;
    } else if (c < 0x800) {
        t[0] = (char)(0xC0 | (c >> 6)); t[1] = (char)(0x80 | (c & 0x3F)); n = 2;
    } else if (c < 0x10000) {
        t[0] = (char)(0xE0 | (c >> 12)); t[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        t[2] = (char)(0x80 | (c & 0x3F)); n = 3;
    } else {
        t[0] = (char)(0xF0 | (c >> 18)); t[1] = (char)(0x80 | ((c >> 12) & 0x3F));
        t[2] = (char)(0x80 | ((c >> 6) & 0x3F)); t[3] = (char)(0x80 | (c & 0x3F)); n = 4;
    }
    nk_buf_add(b, t, n);
}

void nk_buf_clear(nk_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

void nk_buf_free(nk_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

char *nk_buf_steal(nk_buf *b)
{
    char *d = b->data ? b->data : nk_strdup("");
    b->data = NULL;
    b->len = b->cap = 0;
    return d;
}

uint64_t nk_hash64(const void *p, size_t n, uint64_t seed)
{
    const unsigned char *s = p;
    uint64_t h = 0xcbf29ce484222325ULL ^ seed;
    for (size_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= 0x100000001b3ULL;
    }
    /* splitmix64 finalizer: FNV alone mixes the last bytes poorly */
    h ^= h >> 30; h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 27; h *= 0x94d049bb133111ebULL;
    h ^= h >> 31;
    return h;
}

void nk_hash_hex(const void *p, size_t n, char out[33])
{
    static const char hex[] = "0123456789abcdef";
    uint64_t h[2] = {nk_hash64(p, n, 0), nk_hash64(p, n, 0x9e3779b97f4a7c15ULL)};
    for (int k = 0; k < 32; k++) /* as "%016llx%016llx" */
        out[k] = hex[(h[k / 16] >> (60 - 4 * (k % 16))) & 15];
    out[32] = '\0';
}

void nk_buf_add_field(nk_buf *b, const char *s)
{
    for (; *s; s++) {
        if (*s == '\t')
            nk_buf_adds(b, "\\t");
        else if (*s == '\n')
            nk_buf_adds(b, "\\n");
        else if (*s == '\r')
            nk_buf_adds(b, "\\r");
        else if (*s == '\\')
            nk_buf_adds(b, "\\\\");
        else
            nk_buf_addc(b, *s);
    }
}

char *nk_field_unescape(const char *s, size_t n)
{
    nk_buf b = {0};
    nk_buf_adds(&b, "");
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\\' && i + 1 < n) {
            i++;
            nk_buf_addc(&b, s[i] == 't' ? '\t' : s[i] == 'n' ? '\n' : s[i] == 'r' ? '\r' : s[i]);
        } else {
            nk_buf_addc(&b, s[i]);
        }
    }
    return nk_buf_steal(&b);
}
