/* norm.c — see norm.h. */
#include "norm.h"
#include "token.h"
#include "utf8.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

void nk_norm_fold(const char *s, size_t n, nk_buf *out)
{
    if (n == 1 && s[0] == '&') { /* "Trinidad & Tobago" is "Trinidad and Tobago" */
        nk_buf_adds(out, "and");
        return;
    }
    /* most words are ASCII: fold them without a round trip through UTF-16 */
    bool ascii = true;
    for (size_t i = 0; i < n && ascii; i++)
        ascii = (unsigned char)s[i] < 0x80;
    if (ascii) {
        for (size_t i = 0; i < n; i++)
            nk_buf_addc(out, (char)((s[i] >= 'A' && s[i] <= 'Z') ? s[i] + 32 : s[i]));
        if (!out->data)
            nk_buf_add(out, "", 0);
        return;
    }
    UErrorCode err = U_ZERO_ERROR;
    const UNormalizer2 *nfkd = unorm2_getNFKDInstance(&err);
    if (U_FAILURE(err) || n > (1u << 24)) {
        nk_buf_add(out, s, n);
        return;
    }
    int32_t ulen = 0;
    UChar *u = nk_alloc((n + 1) * sizeof *u);
    u_strFromUTF8(u, (int32_t)n + 1, &ulen, s, (int32_t)n, &err);
    int32_t cap = ulen * 4 + 16;
    UChar *dec = nk_alloc((size_t)cap * sizeof *dec);
    int32_t dlen = U_SUCCESS(err) ? unorm2_normalize(nfkd, u, ulen, dec, cap, &err) : 0;
    UChar *fold = nk_alloc((size_t)cap * 2 * sizeof *fold);
    int32_t flen = U_SUCCESS(err) ? u_strFoldCase(fold, cap * 2, dec, dlen, U_FOLD_CASE_DEFAULT, &err) : 0;
    if (U_FAILURE(err)) {
        nk_buf_add(out, s, n);
    } else {
        for (int32_t i = 0; i < flen;) {
            UChar32 c;
            U16_NEXT(fold, i, flen, c);
            if (u_charType(c) == U_NON_SPACING_MARK)
                continue;
            if (c == 0x2019 || c == 0x2018 || c == 0x02BC || c == 0x0060 || c == 0x00B4)
                c = '\'';
            if (c == 0x0131) /* dotless i (Turkish) folds to i */
                c = 'i';
            nk_buf_add_utf8(out, (uint32_t)c);
        }
    }
    free(u);
    free(dec);
    free(fold);
}

char **nk_norm_token_keys(const nk_doc *d)
{
    char **keys = nk_alloc((d->tokens.len + 1) * sizeof *keys);
    nk_buf b = {0};
    for (size_t i = 0; i < d->tokens.len; i++) {
        const nk_token *t = &d->tokens.items[i];
        nk_buf_clear(&b);
        nk_norm_fold(d->text + t->span.b, t->span.e - t->span.b, &b);
        keys[i] = nk_strndup(b.data ? b.data : "", b.len);
    }
    nk_buf_free(&b);
    return keys;
}

char **nk_norm_doc_keys(nk_doc *d)
{
    if (!d->keys)
        d->keys = nk_norm_token_keys(d);
    return d->keys;
}

void nk_norm_free_keys(char **keys, size_t n)
{
    if (!keys)
        return;
    for (size_t i = 0; i < n; i++)
        free(keys[i]);
    free(keys);
}

static bool is_hyphen_token(const nk_doc *d, size_t i)
{
    const nk_token *t = &d->tokens.items[i];
    size_t n = t->span.e - t->span.b;
    const char *s = d->text + t->span.b;
    return (n == 1 && s[0] == '-') || (n == 3 && (memcmp(s, "\xE2\x80\x90", 3) == 0 || memcmp(s, "\xE2\x80\x91", 3) == 0 ||
                                                  memcmp(s, "\xE2\x80\x93", 3) == 0));
}

char *nk_norm_name_key(const char *s, size_t n, bool exact)
{
    nk_doc tmp = {0};
    nk_doc_set_text(&tmp, nk_strndup(s, n), n);
    NK_PUSH(tmp.sentences, ((nk_span){0, n}));
    nk_token_split(&tmp);
    nk_buf key = {0};
    for (size_t i = 0; i < tmp.tokens.len; i++) {
        if (is_hyphen_token(&tmp, i))
            continue;
        if (key.len)
            nk_buf_addc(&key, ' ');
        const nk_token *t = &tmp.tokens.items[i];
        if (exact)
            nk_buf_add(&key, tmp.text + t->span.b, t->span.e - t->span.b);
        else
            nk_norm_fold(tmp.text + t->span.b, t->span.e - t->span.b, &key);
    }
    nk_doc_free(&tmp);
    return nk_buf_steal(&key);
}

char *nk_norm_skeleton(const char *s, size_t n)
{
    nk_buf f = {0}, out = {0};
    nk_norm_fold(s, n, &f);
    char prev = 0;
    for (size_t i = 0; i < f.len; i++) {
        char c = f.data[i];
        if (!isalpha((unsigned char)c))
            continue; /* spaces, hyphens, apostrophes: "Le Drian" = "Ludrian" */
        bool vowel = strchr("aeiouy", c) != NULL;
        if (out.len == 0) {
            nk_buf_addc(&out, c);
            prev = c;
            continue;
        }
        if (vowel || c == prev || (c == 'h' && prev && !strchr("aeiouy", prev))) {
            if (vowel)
                prev = c;
            continue;
        }
        nk_buf_addc(&out, c);
        prev = c;
    }
    nk_buf_free(&f);
    return nk_buf_steal(&out);
}

char *nk_norm_slug(const char *s, size_t n)
{
    nk_buf f = {0}, out = {0};
    nk_norm_fold(s, n, &f);
    bool dash = false;
    for (size_t i = 0; i < f.len; i++) {
        unsigned char c = (unsigned char)f.data[i];
        if (isalnum(c) && c < 0x80) {
            if (dash && out.len)
                nk_buf_addc(&out, '-');
            nk_buf_addc(&out, (char)c);
            dash = false;
        } else if (c != '.' && c != '\'') {
            dash = true;
        }
    }
    nk_buf_free(&f);
    if (out.len == 0)
        nk_buf_adds(&out, "x");
    return nk_buf_steal(&out);
}

static bool is_particle(const char *w, size_t n)
{
    static const char *particles[] = {"le", "la", "de", "del", "della", "di", "da", "du", "dos", "das",
                                      "van", "von", "der", "den", "ter", "al", "el", "bin", "ibn", "abu"};
    for (size_t k = 0; k < sizeof particles / sizeof *particles; k++)
        if (strlen(particles[k]) == n && strncasecmp(w, particles[k], n) == 0)
            return true;
    return false;
}

size_t nk_norm_family_start(const char *s, size_t n)
{
    /* the last space-separated word, then any particles before it */
    size_t e = n;
    while (e > 0 && s[e - 1] == ' ')
        e--;
    size_t b = e;
    while (b > 0 && s[b - 1] != ' ')
        b--;
    for (;;) {
        size_t pe = b;
        while (pe > 0 && s[pe - 1] == ' ')
            pe--;
        size_t pb = pe;
        while (pb > 0 && s[pb - 1] != ' ')
            pb--;
        if (pb == pe || !is_particle(s + pb, pe - pb))
            break;
        b = pb;
    }
    return b;
}

char *nk_norm_family_skeleton(const char *s, size_t n)
{
    size_t b = nk_norm_family_start(s, n);
    return nk_norm_skeleton(s + b, n - b);
}
