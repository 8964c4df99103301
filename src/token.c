/* token.c — see token.h. */
#include "token.h"
#include "utf8.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unicode/uchar.h>

static bool is_word_char(uint32_t c)
{
    return u_isalnum((UChar32)c) || u_getIntPropertyValue((UChar32)c, UCHAR_GENERAL_CATEGORY) == U_NON_SPACING_MARK;
}

static bool is_apostrophe(uint32_t c) { return c == '\'' || c == 0x2019; }

static bool is_quote(uint32_t c)
{
    return c == '"' || c == 0x201C || c == 0x201D || c == 0xAB || c == 0xBB || c == 0x2018 || c == 0x2019 || c == '\'';
}

static void add(nk_doc *d, size_t b, size_t e, size_t sent, unsigned flags)
{
    nk_token t = {{b, e}, sent, flags};
    NK_PUSH(d->tokens, t);
}

static unsigned word_flags(const char *t, size_t b, size_t e)
{
    unsigned f = NK_TOK_WORD;
    size_t i = b, letters = 0, upper = 0, digits = 0;
    bool first = true;
    while (i < e) {
        uint32_t c = nk_utf8_next(t, e, &i);
        if (u_isalpha((UChar32)c)) {
            letters++;
            if (u_isupper((UChar32)c) || u_istitle((UChar32)c)) {
                upper++;
                if (first)
                    f |= NK_TOK_UPPER;
            }
        } else if (u_isdigit((UChar32)c)) {
            digits++;
        }
        if (c != '.')
            first = false;
    }
    if (letters >= 2 && upper == letters)
        f |= NK_TOK_ALLCAPS;
    if (digits && !letters)
        f |= NK_TOK_NUMBER;
    return f;
}

/* "U.S." / "U.N." / "e.g.": single letters each followed by a period, two
 * or more of them; returns the end (after the last period) or i. */
static size_t scan_dotted(const char *t, size_t i, size_t end)
{
    size_t k = i, pairs = 0;
    while (k < end) {
        size_t j = k;
        uint32_t c = nk_utf8_next(t, end, &j);
        if (!u_isalpha((UChar32)c) || j >= end || t[j] != '.')
            break;
        size_t m = j + 1;
        if (m < end && is_word_char(nk_utf8_next(t, end, &(size_t){m})) &&
            !(m + 1 < end && t[m + 1] == '.'))
            break; /* "A.Smith": the letter after is a word, not part of the acronym */
        k = j + 1;
        pairs++;
    }
    return pairs >= 2 ? k : i;
}

/* Token starting at i inside [i, end): returns its end. */
static size_t scan_word(const char *t, size_t i, size_t end)
{
    size_t dotted = scan_dotted(t, i, end);
    if (dotted > i)
        return dotted;
    size_t k = i;
    while (k < end) {
        size_t j = k;
        uint32_t c = nk_utf8_next(t, end, &j);
        if (is_word_char(c)) {
            k = j;
            continue;
        }
        /* inner apostrophe: O'Brien, d'Ivoire — but not a possessive 's */
        if (is_apostrophe(c) && j < end && k > i) {
            size_t m = j;
            uint32_t next = nk_utf8_next(t, end, &m);
            bool possessive = (next == 's' || next == 'S') &&
                              (m >= end || !is_word_char(nk_utf8_next(t, end, &(size_t){m})));
            if (is_word_char(next) && !possessive) {
                k = j;
                continue;
            }
        }
        break;
    }
    return k;
}

void nk_token_split(nk_doc *d)
{
    if (d->keys) { /* keys of the old tokens are stale */
        for (size_t i = 0; i < d->tokens.len; i++)
            free(d->keys[i]);
        free(d->keys);
        d->keys = NULL;
    }
    d->tokens.len = 0;
    const char *t = d->text;
    for (size_t s = 0; s < d->sentences.len; s++) {
        size_t i = d->sentences.items[s].b, end = d->sentences.items[s].e;
        while (i < end) {
            size_t j = i;
            uint32_t c = nk_utf8_next(t, end, &j);
            if (u_isspace((UChar32)c) || c == 0xA0) {
                i = j;
                continue;
            }
            if (is_word_char(c)) {
                size_t k = scan_word(t, i, end);
                unsigned f = word_flags(t, i, k);
                /* a number with separators: 1,000 / 3.5 */
                if ((f & NK_TOK_NUMBER) && !(f & ~(unsigned)(NK_TOK_WORD | NK_TOK_NUMBER))) {
                    while (k + 1 < end && (t[k] == ',' || t[k] == '.') && t[k + 1] >= '0' && t[k + 1] <= '9') {
                        k++;
                        while (k < end && t[k] >= '0' && t[k] <= '9')
                            k++;
                    }
                }
                add(d, i, k, s, f);
                i = k;
                continue;
            }
            if (is_apostrophe(c) && j < end && (t[j] == 's' || t[j] == 'S') &&
                (j + 1 >= end || !is_word_char(nk_utf8_next(t, end, &(size_t){j + 1})))) {
                add(d, i, j + 1, s, NK_TOK_PUNCT); /* possessive 's */
                i = j + 1;
                continue;
            }
            add(d, i, j, s, NK_TOK_PUNCT | (is_quote(c) ? NK_TOK_QUOTE : 0));
            i = j;
        }
    }
}

bool nk_token_is(const nk_doc *d, size_t tok, const char *w)
{
    const nk_token *t = &d->tokens.items[tok];
    size_t n = t->span.e - t->span.b;
    return strlen(w) == n && memcmp(d->text + t->span.b, w, n) == 0;
}

bool nk_token_is_ci(const nk_doc *d, size_t tok, const char *w)
{
    const nk_token *t = &d->tokens.items[tok];
    size_t n = t->span.e - t->span.b;
    return strlen(w) == n && strncasecmp(d->text + t->span.b, w, n) == 0;
}
