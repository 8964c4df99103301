/* token.h — words, numbers and punctuation of each sentence, as byte spans
 * with case flags.  A hyphen is a token of its own, so "Nagorno-Karabakh"
 * and "Nagorno Karabakh" meet; letters joined by periods stay one token
 * ("U.S."); a possessive "’s" is split off. */
#ifndef NK_TOKEN_H
#define NK_TOKEN_H

#include "doc.h"

/* Fills d->tokens from d->text and d->sentences. */
void nk_token_split(nk_doc *d);

/* True when the token's text equals w exactly (ASCII compare). */
bool nk_token_is(const nk_doc *d, size_t tok, const char *w);
/* ... ignoring ASCII case. */
bool nk_token_is_ci(const nk_doc *d, size_t tok, const char *w);

#endif
