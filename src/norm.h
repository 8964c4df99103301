/* norm.h — keys under which names meet: case folded, accents removed,
 * compatibility forms unified (ICU), so "Erdoğan" and "Erdogan",
 * "LAVROV" and "Lavrov" give one key. */
#ifndef NK_NORM_H
#define NK_NORM_H

#include <stddef.h>
#include "buf.h"
#include "doc.h"

/* Appends the folded form of s[0..n) to out. */
void nk_norm_fold(const char *s, size_t n, nk_buf *out);

/* Folded key of each token of d: keys[i] is owned by the caller's array,
 * free with nk_norm_free_keys. */
char **nk_norm_token_keys(const nk_doc *d);
void nk_norm_free_keys(char **keys, size_t n);

/* The document's token keys, made on first use and kept in d->keys (freed
 * with the document); the stages share them instead of folding each token
 * three times. */
char **nk_norm_doc_keys(nk_doc *d);

/* The key of a whole name: its tokens folded and joined by single spaces,
 * hyphens dropped ("Nagorno-Karabakh" -> "nagorno karabakh").  When exact,
 * the tokens are kept as written (for acronyms, matched by case). */
char *nk_norm_name_key(const char *s, size_t n, bool exact);

/* A consonant skeleton of a family name, the key under which spelling and
 * transliteration variants of one person meet: vowels and y dropped after
 * the first letter, doubled letters once, h after a consonant dropped
 * ("Lavrov"/"Lavorv" -> "lvrv", "Aivazyan"/"Ayvazyan" -> "avzn",
 * "Le Drian"/"Ludrian" -> "ldrn"). */
char *nk_norm_skeleton(const char *s, size_t n);

/* The skeleton of the family name of a full name: its last word with the
 * particles before it ("Jean-Yves Le Drian" -> skeleton of "Le Drian"). */
char *nk_norm_family_skeleton(const char *s, size_t n);
/* Bytes where the family name starts in s[0..n). */
size_t nk_norm_family_start(const char *s, size_t n);

/* Lower-case ASCII slug for IRIs: letters and digits, '-' between words. */
char *nk_norm_slug(const char *s, size_t n);

#endif
