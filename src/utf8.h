/* utf8.h — decoding, repair and code-point offsets.
 *
 * Everything after ingest works on valid UTF-8 held in bytes; offsets in
 * the graph count Unicode code points (RFC 5147, NIF), so nk_cpindex maps
 * byte offsets to code point offsets. */
#ifndef NK_UTF8_H
#define NK_UTF8_H

#include <stddef.h>
#include <stdint.h>
#include "buf.h"

#define NK_REPLACEMENT 0xFFFDu

/* Decodes the code point at s[*i] (s valid UTF-8), advancing *i. */
uint32_t nk_utf8_next(const char *s, size_t len, size_t *i);
/* Decodes the code point ending just before s[i], moving *i back to its start. */
uint32_t nk_utf8_prev(const char *s, size_t *i);

/* What a repair changed, for the warning ingest prints. */
typedef struct {
    size_t invalid;   /* ill-formed sequences (overlong, surrogate, truncated…) */
    size_t controls;  /* NUL, C0 other than TAB/LF/CR, DEL, U+FFFE/U+FFFF */
    size_t mojibake;  /* UTF-8 read as Windows-1252 and encoded again, undone */
} nk_repair;

/* The code point of the UTF-8 sequence at p[0..avail) as raptor 2.0.15
 * decodes it (continuation bytes unchecked, 5- and 6-byte forms read) and
 * its length; 0 where raptor gives up: a stray or 0xFE/0xFF lead byte, a
 * sequence cut short, an overlong 2-4 byte form, U+FFFE, U+FFFF, or a
 * value past U+10FFFF.  The writers use it to escape exactly as raptor. */
size_t nk_utf8_decode_raptor(const unsigned char *p, size_t avail, uint32_t *cp);

/* Writes to out a copy of in[0..n) that is valid UTF-8 with the spec's
 * replacements (U+FFFD) and mojibake undone; counts into *r. */
void nk_utf8_repair(const char *in, size_t n, nk_buf *out, nk_repair *r);

/* Byte -> code point offsets for one text, with a checkpoint every 64 bytes
 * so it costs len/16 bytes rather than 4*len. */
typedef struct {
    const char *text;
    size_t len;
    uint32_t *marks;  /* code points before byte k*64 */
} nk_cpindex;

void nk_cpindex_init(nk_cpindex *ix, const char *text, size_t len);
size_t nk_cpindex_at(const nk_cpindex *ix, size_t byte_off);
void nk_cpindex_free(nk_cpindex *ix);

#endif
