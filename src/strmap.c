/* strmap.c — open addressing with linear probing; grows at 50% load so a
 * probe stays short.  Sized for gazetteers of ~10^5 labels. */
#include "strmap.h"
#include "buf.h"

#include <stdlib.h>
#include <stdint.h>
#include <string.h>

typedef struct {
    char *key;
    size_t klen, value;
    uint64_t hash;
} slot;

struct nk_strmap {
    slot *slots;
    size_t cap, count;
};

nk_strmap *nk_strmap_new(void)
{
    nk_strmap *m = nk_alloc(sizeof *m);
    m->cap = 64;
    m->slots = nk_alloc(m->cap * sizeof *m->slots);
    return m;
}

void nk_strmap_free(nk_strmap *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->cap; i++)
        free(m->slots[i].key);
    free(m->slots);
    free(m);
}

/* The table's own hash, eight bytes a step (nk_hash64 goes byte by byte
 * and was a twentieth of a build in lookups alone); it never leaves this
 * file, so unlike nk_hash64 it need not be stable across versions. */
static uint64_t map_hash(const char *k, size_t n)
{
    uint64_t h = 0x9E3779B97F4A7C15ULL ^ n, w;
    for (; n >= 8; k += 8, n -= 8) {
        memcpy(&w, k, 8);
        h = (h ^ w) * 0xBF58476D1CE4E5B9ULL;
        h ^= h >> 31;
    }
    w = 0;
    memcpy(&w, k, n);
    h = (h ^ w) * 0xBF58476D1CE4E5B9ULL;
    h ^= h >> 29;
    h *= 0x94D049BB133111EBULL;
    return h ^ (h >> 32);
}

static slot *find(const nk_strmap *m, const char *key, size_t klen, uint64_t h)
{
    size_t i = h & (m->cap - 1);
    for (;;) {
        slot *s = &m->slots[i];
        if (!s->key || (s->hash == h && s->klen == klen && memcmp(s->key, key, klen) == 0))
            return s;
        i = (i + 1) & (m->cap - 1);
    }
}

static void grow(nk_strmap *m)
{
    slot *old = m->slots;
    size_t oldcap = m->cap;
    m->cap *= 2;
    m->slots = nk_alloc(m->cap * sizeof *m->slots);
    for (size_t i = 0; i < oldcap; i++)
        if (old[i].key)
            *find(m, old[i].key, old[i].klen, old[i].hash) = old[i];
    free(old);
}

void nk_strmap_put(nk_strmap *m, const char *key, size_t klen, size_t value)
{
    if (2 * (m->count + 1) > m->cap)
        grow(m);
    uint64_t h = map_hash(key, klen);
    slot *s = find(m, key, klen, h);
    if (!s->key) {
        s->key = nk_strndup(key, klen);
        s->klen = klen;
        s->hash = h;
        m->count++;
    }
    s->value = value;
}

bool nk_strmap_get(const nk_strmap *m, const char *key, size_t klen, size_t *value)
{
    slot *s = find(m, key, klen, map_hash(key, klen));
    if (!s->key)
        return false;
    if (value)
        *value = s->value;
    return true;
}

size_t nk_strmap_count(const nk_strmap *m) { return m->count; }
