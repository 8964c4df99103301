/* ingest.c — see ingest.h. */
#include "ingest.h"
#include "date.h"
#include "html.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* Formats that are surely not articles, by their first bytes. */
static const char *binary_magic(const unsigned char *u, size_t n)
{
    static const struct { const char *magic; size_t len; const char *what; } m[] = {
        {"\x89PNG", 4, "a PNG image"},        {"\xFF\xD8\xFF", 3, "a JPEG image"},
        {"GIF8", 4, "a GIF image"},           {"%PDF", 4, "a PDF file"},
        {"PK\x03\x04", 4, "a ZIP archive"},   {"\x1F\x8B", 2, "a gzip archive"},
        {"\x7F" "ELF", 4, "an executable"},   {"BZh", 3, "a bzip2 archive"},
        {"\xFD" "7zXZ", 5, "an xz archive"},  {"7z\xBC\xAF", 4, "a 7z archive"},
        {"RIFF", 4, "a RIFF media file"},     {"\x00\x00\x01\x00", 4, "an icon"},
        {"OggS", 4, "an Ogg media file"},     {"ID3", 3, "an MP3 file"},
        {"\x28\xB5\x2F\xFD", 4, "a zstd archive"},
    };
    for (size_t k = 0; k < sizeof m / sizeof *m; k++)
        if (n >= m[k].len && memcmp(u, m[k].magic, m[k].len) == 0)
            return m[k].what;
    if (n > 262 && memcmp(u + 257, "ustar", 5) == 0)
        return "a tar archive";
    return NULL;
}

/* Share of bytes in the first 64 KiB that no text has: NUL, C0 controls
 * other than white space, bytes that start no UTF-8 sequence. */
static bool looks_binary(const unsigned char *u, size_t n)
{
    size_t lim = n < 65536 ? n : 65536, bad = 0;
    for (size_t i = 0; i < lim; i++)
        if ((u[i] < 0x20 && u[i] != '\t' && u[i] != '\n' && u[i] != '\r' && u[i] != '\f') ||
            u[i] == 0xC0 || u[i] == 0xC1 || u[i] >= 0xF5)
            bad++;
    return lim > 0 && bad * 10 > lim; /* over 10% */
}

/* " date YYYY-MM-DD" then a space or newline: returns bytes to drop, 0 if none. */
static size_t date_header(const char *s, size_t n, nk_date *out)
{
    size_t i = 0;
    if (i < n && s[i] == ' ')
        i++;
    if (n - i < 16 || strncmp(s + i, "date ", 5) != 0)
        return 0;
    i += 5;
    nk_datexp x;
    if (!nk_date_parse_at(s, n, i, (nk_date){0}, &x) || !x.has_year || x.span.e != i + 10)
        return 0;
    i += 10;
    if (i < n && s[i] != ' ' && s[i] != '\n' && s[i] != '\r')
        return 0;
    *out = x.value;
    if (i < n && s[i] == '\r')
        i++;
    return i < n ? i + 1 : i;
}

static bool starts_with_weekday(const char *s)
{
    static const char *days[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
    for (size_t k = 0; k < 7; k++)
        if (strncmp(s, days[k], strlen(days[k])) == 0)
            return true;
    return false;
}

/* Whether month m is named anywhere in the text ("December 20", "in December"). */
static bool month_named(const char *s, size_t n, int m)
{
    for (size_t i = 0; i < n; i++) {
        size_t len;
        if ((i == 0 || !isalpha((unsigned char)s[i - 1])) && isupper((unsigned char)s[i]) &&
            nk_date_month_at(s, n, i, &len) == m)
            return true;
    }
    return false;
}

/* "Issued on: 04/12/2023": the text settles the order when it names the
 * month of one reading and not the other's (an article of 4 December
 * speaks of December).  y == 0 when it does not. */
static nk_date settle_slashed(const char *s, size_t n, nk_date day_first, nk_date month_first)
{
    bool a = month_named(s, n, day_first.m), b = month_named(s, n, month_first.m);
    if (a != b)
        return a ? day_first : month_first;
    return (nk_date){0};
}

nk_date nk_ingest_dateline(const char *s, size_t n)
{
    /* look at the first lines, where datelines and bylines stand */
    size_t pos = 0;
    int line_no = 0;
    while (pos < n && line_no < 8) {
        size_t eol = pos;
        while (eol < n && s[eol] != '\n')
            eol++;
        size_t b = pos;
        while (b < eol && isspace((unsigned char)s[b]))
            b++;
        if (b < eol) {
            bool first_line = line_no == 0;
            line_no++;
            size_t p = b;
            nk_datexp x;
            /* in a long line only the opening words are its dateline */
            size_t scan_end = eol - b > 160 ? b + 80 : eol;
            while (nk_date_next(s, scan_end, &p, (nk_date){0}, &x)) {
                /* a dateline opens its line ("BAKU, November 10, 2020 -");
                 * a date deep in a sentence is what the sentence tells */
                if (!x.has_year || !x.has_day || (x.span.b - b > 40 && eol - b > 80))
                    continue;
                size_t rest = x.span.e;
                while (rest < eol && isspace((unsigned char)s[rest]))
                    rest++;
                bool alone = x.span.b == b && rest == eol;
                /* a date standing alone on the very first line, led by a
                 * weekday and with no time, is the page's print date */
                bool page_date = first_line && alone && !x.has_time && starts_with_weekday(s + x.span.b);
                if (!page_date)
                    return x.value;
            }
            for (size_t i = b; i < scan_end; i++) {
                nk_date df, mf;
                nk_span sp;
                if (isdigit((unsigned char)s[i]) && nk_date_ambiguous_at(s, scan_end, i, &df, &mf, &sp)) {
                    nk_date dt = settle_slashed(s, n, df, mf);
                    if (dt.y)
                        return dt;
                    i = sp.e;
                }
            }
            if (eol - b > 160)
                break; /* past the first paragraph: a date further down is no dateline */
        }
        pos = eol + 1;
    }
    return (nk_date){0};
}

nk_date nk_ingest_signoff(const char *s, size_t n)
{
    /* the last three lines with text, from the end */
    size_t eol = n;
    for (int line = 0; line < 3 && eol > 0; line++) {
        while (eol > 0 && isspace((unsigned char)s[eol - 1]))
            eol--;
        size_t b = eol;
        while (b > 0 && s[b - 1] != '\n')
            b--;
        /* below the body: a line of 80 bytes or more stands before it */
        bool below_body = false;
        for (size_t q = 0, start = 0; q < b && !below_body; q++)
            if (s[q] == '\n')
                below_body = q - start >= 80, start = q + 1;
        if (eol - b <= 60 && below_body) {
            /* the line is a date, or a place of at most four words, a comma, a date */
            size_t p = b, words = 0;
            while (p < eol && s[p] != ',' && !isdigit((unsigned char)s[p])) {
                if (p == b || (s[p - 1] == ' ' && s[p] != ' '))
                    words++;
                p++;
            }
            size_t at = p == eol ? b : p < eol && s[p] == ',' ? p + 1 : b;
            while (at < eol && s[at] == ' ')
                at++;
            nk_datexp x;
            if (words <= 4 && (at == b || words > 0) && nk_date_parse_at(s, eol, at, (nk_date){0}, &x) &&
                x.has_year && x.has_day) {
                size_t rest = x.span.e;
                while (rest < eol && (s[rest] == ' ' || s[rest] == '.'))
                    rest++;
                if (rest == eol)
                    return x.value;
            }
        }
        eol = b;
    }
    return (nk_date){0};
}

/* A file name becomes dcterms:source: repaired like text, since raptor
 * cuts literals at a bad byte and its RDF/XML writer rejects controls. */
static char *repaired_name(const char *name)
{
    nk_buf b = {0};
    nk_repair ignored = {0};
    nk_utf8_repair(name, strlen(name), &b, &ignored);
    return nk_buf_steal(&b);
}

static void set_reason(char *reason, size_t len, const char *msg)
{
    snprintf(reason, len, "%s", msg);
}

static char *trimmed_dup(const char *s)
{
    if (!s)
        return NULL;
    while (isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    return n ? nk_strndup(s, n) : NULL;
}

/* Repairs raw text into d and reads its date. */
static void finish_text(nk_doc *d, const char *raw, size_t n, bool allow_header)
{
    nk_buf fixed = {0};
    nk_utf8_repair(raw, n, &fixed, &d->repair);
    size_t skip = 0;
    if (fixed.len >= 3 && memcmp(fixed.data, "\xEF\xBB\xBF", 3) == 0)
        skip = 3;
    nk_date hdr = {0};
    size_t h = allow_header ? date_header(fixed.data + skip, fixed.len - skip, &hdr) : 0;
    if (h) {
        skip += h;
        d->date = hdr;
        d->date_basis = NK_DATE_HEADER;
    }
    char *text = nk_strndup(fixed.data + skip, fixed.len - skip);
    nk_doc_set_text(d, text, fixed.len - skip);
    nk_buf_free(&fixed);
    if (!d->date.y) {
        /* in a short text the top lines reach its sign-off: the same date
         * found both ways is the sign-off's */
        nk_date top = nk_ingest_dateline(d->text, d->len), end = nk_ingest_signoff(d->text, d->len);
        if (top.y && !(end.y && nk_date_cmp(top, end) == 0))
            d->date = top, d->date_basis = NK_DATE_DATELINE;
        else if (end.y)
            d->date = end, d->date_basis = NK_DATE_SIGNOFF;
    }
}

nk_ingest_status nk_ingest_bytes(const char *data, size_t len, const char *display, nk_doc *d,
                                 char *reason, size_t reason_len)
{
    if (!d->source)
        d->source = repaired_name(display);
    const char *what = binary_magic((const unsigned char *)data, len);
    if (what) {
        snprintf(reason, reason_len, "not an article: %s", what);
        return NK_INGEST_SKIPPED;
    }
    if (looks_binary((const unsigned char *)data, len)) {
        set_reason(reason, reason_len, "not an article: binary data (over 10% control or invalid bytes)");
        return NK_INGEST_SKIPPED;
    }
    if (nk_html_sniff(data, len, display)) {
        /* A page is UTF-8 unless it declares otherwise.  libxml2 falls back
         * to Latin-1 for the rest of a page at its first invalid byte, so
         * UTF-8 pages are repaired (and the repair counted) before parsing. */
        char *charset = nk_html_declared_charset(data, len);
        bool utf8 = !charset || strcasecmp(charset, "utf-8") == 0 || strcasecmp(charset, "utf8") == 0;
        free(charset);
        nk_buf repaired = {0};
        if (utf8)
            nk_utf8_repair(data, len, &repaired, &d->repair);
        nk_html h;
        bool parsed = utf8 ? nk_html_extract(repaired.data, repaired.len, "UTF-8", &h)
                           : nk_html_extract(data, len, NULL, &h);
        nk_buf_free(&repaired);
        if (!parsed) {
            set_reason(reason, reason_len, "HTML page could not be parsed");
            return NK_INGEST_SKIPPED;
        }
        finish_text(d, h.text.data, h.text.len, false);
        nk_buf t = {0};
        nk_repair ignored = {0};
        if (h.title) {
            nk_utf8_repair(h.title, strlen(h.title), &t, &ignored);
            d->title = trimmed_dup(t.data);
            nk_buf_free(&t);
        }
        if (h.publisher) {
            nk_utf8_repair(h.publisher, strlen(h.publisher), &t, &ignored);
            d->publisher = trimmed_dup(t.data);
            nk_buf_free(&t);
        }
        if (h.url) {
            nk_utf8_repair(h.url, strlen(h.url), &t, &ignored);
            d->url = trimmed_dup(t.data);
            nk_buf_free(&t);
        }
        if (h.published) {
            nk_datexp x;
            size_t p = 0, n = strlen(h.published);
            if (nk_date_next(h.published, n, &p, (nk_date){0}, &x) && x.has_year && x.has_day) {
                d->date = x.value;
                d->date_basis = NK_DATE_PAGE;
            }
        }
        nk_html_free(&h);
    } else {
        finish_text(d, data, len, true);
    }
    bool blank = true;
    for (size_t i = 0; i < d->len && blank; i++)
        blank = isspace((unsigned char)d->text[i]);
    if (blank) {
        set_reason(reason, reason_len, "no text in it (empty file or page)");
        return NK_INGEST_SKIPPED;
    }
    return NK_INGEST_OK;
}

nk_ingest_status nk_ingest_file(const char *path, const char *display, const nk_ingest_limits *lim,
                                nk_doc *d, char *reason, size_t reason_len)
{
    d->source = repaired_name(display);
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(reason, reason_len, "cannot open: %s", strerror(errno));
        return NK_INGEST_SKIPPED;
    }
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        fclose(f);
        set_reason(reason, reason_len, "not a regular file");
        return NK_INGEST_SKIPPED;
    }
    if ((size_t)st.st_size > lim->max_file_bytes) {
        fclose(f);
        snprintf(reason, reason_len, "too large: %lld bytes, over the limit of %zu (--max-file-size)",
                 (long long)st.st_size, lim->max_file_bytes);
        return NK_INGEST_SKIPPED;
    }
    size_t cap = (size_t)st.st_size + 1, n = 0;
    char *data = nk_alloc(cap);
    for (;;) {
        size_t got = fread(data + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
        if (n == cap) { /* the file grew while we read it */
            if (cap > lim->max_file_bytes)
                break;
            cap *= 2;
            data = nk_realloc(data, cap);
        }
    }
    bool failed = ferror(f);
    int err = errno;
    fclose(f);
    if (failed) {
        free(data);
        snprintf(reason, reason_len, "read error: %s", strerror(err));
        return NK_INGEST_SKIPPED;
    }
    if (n > lim->max_file_bytes) {
        free(data);
        snprintf(reason, reason_len, "too large: over the limit of %zu bytes (--max-file-size)", lim->max_file_bytes);
        return NK_INGEST_SKIPPED;
    }
    nk_ingest_status s = nk_ingest_bytes(data, n, display, d, reason, reason_len);
    free(data);
    return s;
}
