/* sentence.c — see sentence.h.  ICU's breaker (even en@ss=standard) splits
 * "U.S. | Secretary of State" and "Gen. | Smith", so the rules are ours. */
#include "sentence.h"
#include "utf8.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>
#include <unicode/uchar.h>

/* Words that end in a period without ending a sentence when a capital
 * follows: titles before names, months before days, and the like. */
static const char *abbreviations[] = {
    "Mr", "Mrs", "Ms", "Dr", "Prof", "Gen", "Lt", "Col", "Maj", "Capt", "Sgt", "Cmdr", "Adm",
    "Gov", "Sen", "Rep", "Rev", "Hon", "Pres", "Amb", "Brig", "Cpl", "Pvt", "Supt", "Insp",
    "St", "Mt", "Ft", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct",
    "Nov", "Dec", "No", "Nos", "Art", "Vol", "vs", "Inc", "Ltd", "Co", "Corp", "Jr", "Sr",
    "Dept", "Univ", "approx", "cf", "e.g", "i.e", "Fig", "Op", "Sec", "Gov't",
};

static bool is_abbreviation(const char *w, size_t n)
{
    for (size_t k = 0; k < sizeof abbreviations / sizeof *abbreviations; k++)
        if (strlen(abbreviations[k]) == n && strncmp(w, abbreviations[k], n) == 0)
            return true;
    /* an initial ("J.") or letters joined by periods ("U.S", "U.N", "e.g") */
    if (n == 1 && isupper((unsigned char)w[0]))
        return true;
    return n >= 3 && memchr(w, '.', n) && !memchr(w, ' ', n) && w[n - 2] == '.';
}

static bool is_closer(uint32_t c)
{
    return c == '"' || c == '\'' || c == ')' || c == ']' || c == 0x201D || c == 0x2019 || c == 0xBB;
}

static bool is_space(uint32_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0 || u_isspace((UChar32)c);
}

static void push(nk_doc *d, size_t b, size_t e)
{
    const char *t = d->text;
    /* trim white space (ASCII and Unicode) at both ends */
    while (b < e) {
        size_t k = b;
        if (!is_space(nk_utf8_next(t, e, &k)))
            break;
        b = k;
    }
    while (e > b) {
        size_t k = e;
        if (!is_space(nk_utf8_prev(t, &k)))
            break;
        e = k;
    }
    if (e > b)
        NK_PUSH(d->sentences, ((nk_span){b, e}));
}

/* Is the terminator at text[i] (one byte: . ! ?) the end of a sentence?
 * *after is set to the byte after the terminator and its closing quotes. */
static bool ends_sentence(const nk_doc *d, size_t i, size_t *after)
{
    const char *t = d->text;
    size_t n = d->len, k = i + 1;
    while (k < n && t[k] == t[i]) /* "..." and "?!" */
        k++;
    while (k < n) {
        size_t j = k;
        uint32_t c = nk_utf8_next(t, n, &j);
        if (!is_closer(c))
            break;
        k = j;
    }
    *after = k;
    if (k >= n)
        return true;
    size_t j = k;
    uint32_t c = nk_utf8_next(t, n, &j);
    if (!is_space(c))
        return false; /* "3.5", "U.S.-led", "example.com" */
    while (j < n) {   /* the next visible character */
        size_t m = j;
        c = nk_utf8_next(t, n, &m);
        if (!is_space(c))
            break;
        j = m;
    }
    if (j >= n)
        return true;
    if (u_islower((UChar32)c))
        return false;
    if (t[i] != '.')
        return true;
    if (k > i + 1) /* an ellipsis followed by a capital */
        return true;
    /* the word before the period */
    size_t w = i;
    while (w > 0 && !is_space((unsigned char)t[w - 1]) && t[w - 1] != '(' && t[w - 1] != '"')
        w--;
    if (is_abbreviation(t + w, i - w)) {
        /* "…to the U.S. The minister said" is rare next to "U.S. Secretary":
         * an abbreviation ends a sentence only before a quotation mark */
        return c == 0x201C || c == '"';
    }
    return true;
}

void nk_sentence_split(nk_doc *d)
{
    d->sentences.len = 0;
    size_t start = 0;
    const char *t = d->text;
    for (size_t i = 0; i < d->len; i++) {
        if (t[i] == '\n') {
            push(d, start, i);
            start = i + 1;
        } else if (t[i] == '.' || t[i] == '!' || t[i] == '?') {
            size_t after;
            if (ends_sentence(d, i, &after)) {
                push(d, start, after);
                start = after;
                i = after - 1;
            } else {
                while (i + 1 < d->len && t[i + 1] == t[i])
                    i++;
            }
        } else if ((unsigned char)t[i] == 0xE2 && i + 2 < d->len && (unsigned char)t[i + 1] == 0x80 &&
                   (unsigned char)t[i + 2] == 0xA6) {
            /* "…" U+2026 before a capital */
            size_t k = i + 3;
            while (k < d->len && t[k] == ' ')
                k++;
            if (k < d->len && k > i + 3 && isupper((unsigned char)t[k])) {
                push(d, start, i + 3);
                start = i + 3;
            }
        }
    }
    push(d, start, d->len);
}
