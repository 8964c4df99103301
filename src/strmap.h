/* strmap.h — string-keyed hash map to small integers (indexes into arrays).
 *
 * Lookups only: never iterate a map to produce output (iteration order is
 * not content order).  Keys are copied; the map owns them. */
#ifndef NK_STRMAP_H
#define NK_STRMAP_H

#include <stddef.h>
#include <stdbool.h>

typedef struct nk_strmap nk_strmap;

nk_strmap *nk_strmap_new(void);
void nk_strmap_free(nk_strmap *m);
/* Sets key -> value, replacing any earlier value. */
void nk_strmap_put(nk_strmap *m, const char *key, size_t klen, size_t value);
/* True and *value set when key is present; false ("not found") otherwise. */
bool nk_strmap_get(const nk_strmap *m, const char *key, size_t klen, size_t *value);
size_t nk_strmap_count(const nk_strmap *m);

#endif
