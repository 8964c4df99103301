/* date.c — see date.h.  English month and weekday names only: the input
 * languages of newskg are English news and machine translations into it. */
#include "date.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char *months[12][3] = {
    {"january", "jan", NULL}, {"february", "feb", NULL}, {"march", "mar", NULL},
    {"april", "apr", NULL},   {"may", NULL, NULL},       {"june", "jun", NULL},
    {"july", "jul", NULL},    {"august", "aug", NULL},   {"september", "sept", "sep"},
    {"october", "oct", NULL}, {"november", "nov", NULL}, {"december", "dec", NULL},
};
static const char *weekdays[7] = {
    "sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
};

bool nk_date_valid(nk_date d)
{
    static const int mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return d.y >= 1000 && d.y <= 2999 && d.m >= 1 && d.m <= 12 && d.d >= 1 && d.d <= mdays[d.m - 1] &&
           !(d.m == 2 && d.d == 29 && !((d.y % 4 == 0 && d.y % 100 != 0) || d.y % 400 == 0));
}

int nk_date_cmp(nk_date a, nk_date b)
{
    if (a.y != b.y) return a.y < b.y ? -1 : 1;
    if (a.m != b.m) return a.m < b.m ? -1 : 1;
    if (a.d != b.d) return a.d < b.d ? -1 : 1;
    return 0;
}

long nk_date_days(nk_date dt)
{
    /* Howard Hinnant's days_from_civil */
    long y = dt.y - (dt.m <= 2);
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (dt.m + (dt.m > 2 ? -3 : 9)) + 2) / 5 + dt.d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

nk_date nk_date_from_days(long z)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp + (mp < 10 ? 3 : -9);
    return (nk_date){(int)(y + (m <= 2)), (int)m, (int)d};
}

void nk_date_format(nk_date d, char out[11])
{
    unsigned y = (unsigned)d.y % 10000u, m = (unsigned)d.m % 100u, dd = (unsigned)d.d % 100u;
    snprintf(out, 11, "%04u-%02u-%02u", y, m, dd);
}

static bool is_alpha(char c) { return isalpha((unsigned char)c); }
static bool is_digit(char c) { return isdigit((unsigned char)c); }

/* Length of the word at s[i] (ASCII letters). */
static size_t word_len(const char *s, size_t len, size_t i)
{
    size_t k = i;
    while (k < len && is_alpha(s[k]))
        k++;
    return k - i;
}

/* Month number 1..12 of the word at s[i], 0 if none; *n its length with an
 * abbreviation's period. */
static int month_at(const char *s, size_t len, size_t i, size_t *n)
{
    size_t w = word_len(s, len, i);
    if (w < 3 || w > 9)
        return 0;
    char first = (char)tolower((unsigned char)s[i]);
    for (int m = 0; m < 12; m++)
        for (int k = 0; k < 3 && months[m][k]; k++)
            if (months[m][k][0] == first && strlen(months[m][k]) == w && strncasecmp(s + i, months[m][k], w) == 0) {
                /* "May" and "March" are also words: insist on a capital */
                if (!isupper((unsigned char)s[i]))
                    return 0;
                *n = w + (k > 0 && i + w < len && s[i + w] == '.');
                return m + 1;
            }
    return 0;
}

int nk_date_month_at(const char *s, size_t len, size_t i, size_t *n)
{
    return i < len ? month_at(s, len, i, n) : 0;
}

int nk_date_days_in_month(int y, int m)
{
    static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12)
        return 0;
    return mdays[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
}

static int weekday_at(const char *s, size_t len, size_t i, size_t *n)
{
    size_t w = word_len(s, len, i);
    char first = (char)tolower((unsigned char)s[i]);
    for (int k = 0; k < 7; k++)
        if (weekdays[k][0] == first && strlen(weekdays[k]) == w && strncasecmp(s + i, weekdays[k], w) == 0 &&
            isupper((unsigned char)s[i])) {
            *n = w;
            return k;
        }
    return -1;
}

/* Digits at s[i] (at most max of them); value or -1, *n digits read. */
static int number_at(const char *s, size_t len, size_t i, int max, size_t *n)
{
    size_t k = i;
    int v = 0;
    while (k < len && is_digit(s[k]) && (int)(k - i) < max)
        v = v * 10 + (s[k++] - '0');
    if (k == i || (k < len && is_digit(s[k])))
        return -1;
    *n = k - i;
    return v;
}

static size_t skip_ordinal(const char *s, size_t len, size_t i)
{
    static const char *suf[] = {"st", "nd", "rd", "th"};
    for (int k = 0; k < 4; k++)
        if (i + 2 <= len && strncasecmp(s + i, suf[k], 2) == 0 && (i + 2 == len || !is_alpha(s[i + 2])))
            return i + 2;
    return i;
}

static size_t skip_spaces(const char *s, size_t len, size_t i)
{
    while (i < len && (s[i] == ' ' || s[i] == '\t'))
        i++;
    return i;
}

/* A year of 4 digits at s[i] (optionally after ", "), else 0. */
static int year_at(const char *s, size_t len, size_t *i)
{
    size_t k = *i;
    if (k < len && s[k] == ',')
        k++;
    k = skip_spaces(s, len, k);
    size_t n;
    int y = number_at(s, len, k, 4, &n);
    if (n == 4 && y >= 1000 && y < 3000) {
        *i = k + 4;
        return y;
    }
    return 0;
}

/* Year for a day and month written without one: the latest such date at
 * most 90 days after ref.  News reports the past and announces what comes
 * ("the talks end on March 30"); a date most of a year back is written
 * with its year. */
static int infer_year(int m, int d, nk_date ref)
{
    if (ref.y == 0)
        return 0;
    for (int y = ref.y + 1; y > ref.y - 1; y--)
        if (nk_date_days((nk_date){y, m, d}) <= nk_date_days(ref) + 90)
            return y;
    return ref.y - 1;
}

static bool has_time_at(const char *s, size_t len, size_t i)
{
    i = skip_spaces(s, len, i);
    size_t n;
    if (number_at(s, len, i, 2, &n) < 0)
        return false;
    return i + n < len && s[i + n] == ':' && i + n + 1 < len && is_digit(s[i + n + 1]);
}

static bool boundary_before(const char *s, size_t i)
{
    return i == 0 || !isalnum((unsigned char)s[i - 1]);
}

bool nk_date_parse_at(const char *s, size_t len, size_t i, nk_date ref, nk_datexp *out)
{
    memset(out, 0, sizeof *out);
    if (i >= len || !boundary_before(s, i))
        return false;
    /* every date that starts with a letter starts with a month, a weekday,
     * "today", "tonight", "tomorrow", "yesterday", "last night" or "the":
     * most words are none of these (a third of a build's date parsing) */
    if (is_alpha(s[i]) && !strchr("adfjlmnostwy", tolower((unsigned char)s[i])))
        return false;
    size_t n, k;
    int m, d, y;
    /* ISO 2021-12-08 */
    if ((y = number_at(s, len, i, 4, &n)) >= 1000 && n == 4 && i + 10 <= len && s[i + 4] == '-' &&
        is_digit(s[i + 5]) && is_digit(s[i + 6]) && s[i + 7] == '-' && is_digit(s[i + 8]) &&
        is_digit(s[i + 9]) && (i + 10 == len || !is_digit(s[i + 10]))) {
        out->value = (nk_date){y, (s[i + 5] - '0') * 10 + s[i + 6] - '0', (s[i + 8] - '0') * 10 + s[i + 9] - '0'};
        out->has_year = out->has_day = true;
        out->span = (nk_span){i, i + 10};
        out->has_time = s[i + 10] == 'T' || has_time_at(s, len, i + 10);
        return nk_date_valid(out->value);
    }
    /* 15.06.2023 (day first, as dotted dates are written); 15/06/2023 and
     * 06/15/2023 only when the order is unambiguous */
    if ((d = number_at(s, len, i, 2, &n)) >= 1 && d <= 31 && i + n < len && (s[i + n] == '.' || s[i + n] == '/')) {
        char sep = s[i + n];
        size_t n2, n3;
        int b = number_at(s, len, i + n + 1, 2, &n2);
        k = i + n + 1 + n2;
        if (b >= 1 && k < len && s[k] == sep && (y = number_at(s, len, k + 1, 4, &n3)) >= 1000 && n3 == 4) {
            int day = d, mon = b;
            if (sep == '/' && d <= 12 && b <= 12 && d != b)
                return false; /* 04/12/2023: April 12 or 4 December? */
            if (sep == '/' && d <= 12 && b > 12)
                day = b, mon = d;
            out->value = (nk_date){y, mon, day};
            out->has_year = out->has_day = true;
            out->span = (nk_span){i, k + 5};
            out->has_time = has_time_at(s, len, k + 5) || (k + 6 < len && s[k + 6] == '[');
            return nk_date_valid(out->value);
        }
    }
    /* 9 November 2020 / 3rd December */
    if ((d = number_at(s, len, i, 2, &n)) >= 1 && d <= 31) {
        k = skip_spaces(s, len, skip_ordinal(s, len, i + n));
        if (k + 7 < len && strncmp(s + k, "of ", 3) == 0)
            k += 3;
        size_t mn;
        if ((m = month_at(s, len, k, &mn))) {
            k += mn;
            out->has_day = true;
            if ((y = year_at(s, len, &k)))
                out->has_year = true;
            else
                y = infer_year(m, d, ref);
            out->value = (nk_date){y, m, d};
            out->span = (nk_span){i, k};
            out->has_time = has_time_at(s, len, k);
            return y == 0 || nk_date_valid(out->value);
        }
        return false;
    }
    /* "today", "yesterday", "tomorrow", "last night": a day counted from the reference */
    static const struct { const char *w; int offset; } relative[] = {
        {"today", 0}, {"tonight", 0}, {"yesterday", -1}, {"tomorrow", 1}, {"last night", -1},
    };
    for (size_t r = 0; r < sizeof relative / sizeof *relative; r++) {
        if (relative[r].w[0] != tolower((unsigned char)s[i]))
            continue;
        size_t wl = strlen(relative[r].w);
        if (i + wl <= len && strncasecmp(s + i, relative[r].w, wl) == 0 && (i + wl == len || !is_alpha(s[i + wl]))) {
            out->span = (nk_span){i, i + wl};
            out->weekday_only = true; /* relative, like a weekday: never a document's own date */
            out->has_day = true;
            if (ref.y)
                out->value = nk_date_from_days(nk_date_days(ref) + relative[r].offset);
            return true;
        }
    }
    /* Weekday, optionally followed by a date: "Saturday June 22 2024" */
    int wd;
    if ((wd = weekday_at(s, len, i, &n)) >= 0) {
        k = i + n;
        if (k < len && s[k] == ',')
            k++;
        k = skip_spaces(s, len, k);
        nk_datexp inner;
        if (nk_date_parse_at(s, len, k, ref, &inner) && inner.has_day) {
            *out = inner;
            out->span.b = i;
            return true;
        }
        out->weekday_only = true;
        out->span = (nk_span){i, i + n};
        if (ref.y) {
            long r = nk_date_days(ref);
            long rwd = ((r % 7) + 7 + 4) % 7; /* 1970-01-01 was a Thursday */
            long back = (rwd - wd + 7) % 7;
            out->value = nk_date_from_days(r - back);
        }
        out->has_day = true;
        return true;
    }
    /* November 9, 2020 / Nov. 9 / November 2020 */
    if ((m = month_at(s, len, i, &n))) {
        k = skip_spaces(s, len, i + n);
        size_t dn;
        if ((d = number_at(s, len, k, 2, &dn)) >= 1 && d <= 31 && !(k + dn < len && s[k + dn] == ':')) {
            k = skip_ordinal(s, len, k + dn);
            out->has_day = true;
            if ((y = year_at(s, len, &k)))
                out->has_year = true;
            else
                y = infer_year(m, d, ref);
            out->value = (nk_date){y, m, d};
            out->span = (nk_span){i, k};
            out->has_time = has_time_at(s, len, k);
            return y == 0 || nk_date_valid(out->value);
        }
        k = i + n;
        if ((y = year_at(s, len, &k))) {
            out->has_year = true;
            out->value = (nk_date){y, m, 0};
            out->span = (nk_span){i, k};
            return true;
        }
        /* a bare month ("in September"): the last such month up to ref */
        out->value = (nk_date){0, m, 0};
        if (ref.y)
            out->value.y = m > ref.m ? ref.y - 1 : ref.y;
        out->span = (nk_span){i, i + n};
        return true;
    }
    /* "the 3rd" / "the 10th": a day of the reference month */
    if (i + 4 < len && strncasecmp(s + i, "the ", 4) == 0 && (d = number_at(s, len, i + 4, 2, &n)) >= 1 && d <= 31) {
        k = skip_ordinal(s, len, i + 4 + n);
        if (k == i + 4 + n)
            return false; /* "the 44" is no date */
        size_t mn;
        if (month_at(s, len, skip_spaces(s, len, k), &mn) || (k < len && is_alpha(s[k])))
            return false;
        out->has_day = true;
        if (ref.y) {
            out->value = (nk_date){ref.y, ref.m, d};
            if (d > ref.d + 7) { /* last month's */
                out->value.m = ref.m == 1 ? 12 : ref.m - 1;
                out->value.y = ref.m == 1 ? ref.y - 1 : ref.y;
            }
        }
        out->span = (nk_span){i, k};
        return true;
    }
    return false;
}

bool nk_date_ambiguous_at(const char *s, size_t len, size_t i, nk_date *day_first, nk_date *month_first,
                          nk_span *span)
{
    size_t n, n2, n3;
    if (i >= len || !boundary_before(s, i))
        return false;
    int a = number_at(s, len, i, 2, &n);
    if (a < 1 || a > 12 || i + n >= len || s[i + n] != '/')
        return false;
    int b = number_at(s, len, i + n + 1, 2, &n2);
    size_t k = i + n + 1 + n2;
    int y;
    if (b < 1 || b > 12 || a == b || k >= len || s[k] != '/' || (y = number_at(s, len, k + 1, 4, &n3)) < 1000 || n3 != 4)
        return false;
    *day_first = (nk_date){y, b, a};
    *month_first = (nk_date){y, a, b};
    *span = (nk_span){i, k + 5};
    return true;
}

bool nk_date_next(const char *s, size_t e, size_t *pos, nk_date ref, nk_datexp *out)
{
    for (size_t i = *pos; i < e; i++) {
        if (!boundary_before(s, i) || !isalnum((unsigned char)s[i]))
            continue;
        if (nk_date_parse_at(s, e, i, ref, out)) {
            *pos = out->span.e > i ? out->span.e : i + 1;
            return true;
        }
    }
    *pos = e;
    return false;
}
