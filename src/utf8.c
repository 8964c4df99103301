/* utf8.c — see utf8.h.  The repair follows the spec's "Input" section:
 * raptor 2.0.15 cuts literals at NUL/U+FFFE/U+FFFF and its RDF/XML writer
 * drops C0 controls and DEL, so they must never reach the serializers. */
#include "utf8.h"

#include <stdlib.h>
#include <string.h>

uint32_t nk_utf8_next(const char *s, size_t len, size_t *i)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t k = *i;
    uint32_t c = u[k];
    int n = c < 0x80 ? 0 : c < 0xE0 ? 1 : c < 0xF0 ? 2 : 3;
    if (n == 0) {
        *i = k + 1;
        return c;
    }
    c &= 0x3F >> n;
    for (int j = 1; j <= n && k + (size_t)j < len; j++)
        c = (c << 6) | (u[k + (size_t)j] & 0x3F);
    *i = k + 1 + (size_t)n > len ? len : k + 1 + (size_t)n;
    return c;
}

uint32_t nk_utf8_prev(const char *s, size_t *i)
{
    size_t k = *i;
    if (k == 0)
        return 0;
    do
        k--;
    while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80);
    size_t j = k;
    uint32_t c = nk_utf8_next(s, *i, &j);
    *i = k;
    return c;
}

/* Length of the well-formed sequence at u[0..n), 0 when ill-formed
 * (Unicode Table 3-7: no overlongs, no surrogates, nothing past U+10FFFF). */
static size_t well_formed(const unsigned char *u, size_t n, uint32_t *cp)
{
    unsigned char b = u[0];
    if (b < 0x80) {
        *cp = b;
        return 1;
    }
    size_t need;
    unsigned char lo = 0x80, hi = 0xBF;
    if (b >= 0xC2 && b <= 0xDF) need = 1;
    else if (b == 0xE0) { need = 2; lo = 0xA0; }
    else if (b >= 0xE1 && b <= 0xEC) need = 2;
    else if (b == 0xED) { need = 2; hi = 0x9F; }
    else if (b >= 0xEE && b <= 0xEF) need = 2;
    else if (b == 0xF0) { need = 3; lo = 0x90; }
    else if (b >= 0xF1 && b <= 0xF3) need = 3;
    else if (b == 0xF4) { need = 3; hi = 0x8F; }
    else return 0;
    if (n < need + 1 || u[1] < lo || u[1] > hi)
        return 0;
    uint32_t c = b & (0x3F >> need);
    c = (c << 6) | (u[1] & 0x3F);
    for (size_t j = 2; j <= need; j++) {
        if ((u[j] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (u[j] & 0x3F);
    }
    *cp = c;
    return need + 1;
}

static bool is_forbidden(uint32_t c)
{
    return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F ||
           c == 0xFFFE || c == 0xFFFF;
}

/* Windows-1252 bytes 0x80-0x9F as decoded characters; 0 where undefined
 * (those bytes decode to the C1 control of the same value). */
static const uint16_t cp1252_high[32] = {
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
    0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0,
};

/* The byte a Windows-1252 decoder turned into c, or -1. */
static int cp1252_byte(uint32_t c)
{
    if (c < 0x80)
        return -1;
    if (c >= 0xA0 && c <= 0xFF)
        return (int)c;
    if (c >= 0x80 && c <= 0x9F)
        return cp1252_high[c - 0x80] ? -1 : (int)c;
    for (int k = 0; k < 32; k++)
        if (cp1252_high[k] == c)
            return 0x80 + k;
    return -1;
}

/* At text[i], a lead character (Â..ô) followed by continuation characters
 * that together were one UTF-8 sequence before a Windows-1252 round trip:
 * returns the bytes consumed and sets *cp, or 0. */
static size_t mojibake_at(const char *t, size_t len, size_t i, uint32_t *cp)
{
    unsigned char bytes[4];
    size_t pos = i;
    int lead = cp1252_byte(nk_utf8_next(t, len, &pos));
    if (lead < 0xC2 || lead > 0xF4)
        return 0;
    size_t need = lead < 0xE0 ? 1 : lead < 0xF0 ? 2 : 3;
    bytes[0] = (unsigned char)lead;
    for (size_t j = 1; j <= need; j++) {
        if (pos >= len)
            return 0;
        int b = cp1252_byte(nk_utf8_next(t, len, &pos));
        if (b < 0x80 || b > 0xBF)
            return 0;
        bytes[j] = (unsigned char)b;
    }
    if (well_formed(bytes, need + 1, cp) != need + 1)
        return 0;
    if (is_forbidden(*cp))
        return 0; /* "ï¿¿" would become U+FFFF, which raptor cuts literals at: leave it */
    /* "Â" + NBSP etc. is real Latin-1 text often enough; insist on a
     * character outside Latin-1, the mark of a genuine round trip. */
    if (need == 1 && *cp < 0x100)
        return 0;
    return pos - i;
}

void nk_utf8_repair(const char *in, size_t n, nk_buf *out, nk_repair *r)
{
    const unsigned char *u = (const unsigned char *)in;
    nk_buf valid = {0};
    for (size_t i = 0; i < n;) {
        /* plain ASCII, most of any text, is copied a run at a time */
        size_t run = i;
        while (run < n && ((u[run] >= 0x20 && u[run] < 0x7F) || u[run] == '\n' || u[run] == '\r' || u[run] == '\t'))
            run++;
        if (run > i) {
            nk_buf_add(&valid, in + i, run - i);
            i = run;
            continue;
        }
        uint32_t c;
        size_t k = well_formed(u + i, n - i, &c);
        if (k == 0) {
            r->invalid++;
            nk_buf_add_utf8(&valid, NK_REPLACEMENT);
            /* skip the maximal ill-formed prefix: one lead plus its
             * continuation bytes, as WHATWG and Unicode recommend */
            i++;
            while (i < n && (u[i] & 0xC0) == 0x80 && k++ < 2)
                i++;
            continue;
        }
        if (is_forbidden(c)) {
            r->controls++;
            nk_buf_add_utf8(&valid, NK_REPLACEMENT);
        } else {
            nk_buf_add(&valid, in + i, k);
        }
        i += k;
    }
    for (size_t i = 0; i < valid.len;) {
        /* mojibake starts with a non-ASCII character */
        size_t run = i;
        while (run < valid.len && (unsigned char)valid.data[run] < 0x80)
            run++;
        if (run > i) {
            nk_buf_add(out, valid.data + i, run - i);
            i = run;
            continue;
        }
        uint32_t c;
        size_t k = mojibake_at(valid.data, valid.len, i, &c);
        if (k) {
            r->mojibake++;
            nk_buf_add_utf8(out, c);
            i += k;
        } else {
            size_t j = i;
            nk_utf8_next(valid.data, valid.len, &j);
            nk_buf_add(out, valid.data + i, j - i);
            i = j;
        }
    }
    if (!out->data)
        nk_buf_add(out, "", 0);
    nk_buf_free(&valid);
}

/* See utf8.h; mirrors raptor_unicode_utf8_string_get_char. */
size_t nk_utf8_decode_raptor(const unsigned char *p, size_t avail, uint32_t *cp)
{
    unsigned char b = p[0];
    size_t size;
    uint32_t c;
    if ((b & 0xe0) == 0xc0)
        size = 2, c = b & 0x1f;
    else if ((b & 0xf0) == 0xe0)
        size = 3, c = b & 0x0f;
    else if ((b & 0xf8) == 0xf0)
        size = 4, c = b & 0x07;
    else if ((b & 0xfc) == 0xf8)
        size = 5, c = b & 0x03;
    else if ((b & 0xfe) == 0xfc)
        size = 6, c = b & 0x01;
    else
        return 0;
    if (avail < size)
        return 0;
    for (size_t i = 1; i < size; i++)
        c = (c << 6) | (p[i] & 0x3f);
    if ((size == 2 && c < 0x80) || (size == 3 && c < 0x800) || (size == 4 && c < 0x10000))
        return 0;
    if (c == 0xFFFE || c == 0xFFFF || c > 0x10FFFF)
        return 0;
    *cp = c;
    return size;
}

void nk_cpindex_init(nk_cpindex *ix, const char *text, size_t len)
{
    ix->text = text;
    ix->len = len;
    ix->marks = nk_alloc((len / 64 + 1) * sizeof *ix->marks);
    uint32_t cps = 0;
    for (size_t i = 0; i < len; i++) {
        if (i % 64 == 0)
            ix->marks[i / 64] = cps;
        if (((unsigned char)text[i] & 0xC0) != 0x80)
            cps++;
    }
    if (len % 64 == 0)
        ix->marks[len / 64] = cps; /* the end of a text of 64k bytes is a checkpoint too */
}

size_t nk_cpindex_at(const nk_cpindex *ix, size_t off)
{
    if (off > ix->len)
        off = ix->len;
    size_t cps = ix->marks[off / 64];
    for (size_t i = off / 64 * 64; i < off; i++)
        if (((unsigned char)ix->text[i] & 0xC0) != 0x80)
            cps++;
    return cps;
}

void nk_cpindex_free(nk_cpindex *ix)
{
    free(ix->marks);
    ix->marks = NULL;
}
