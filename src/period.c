/* period.c — see period.h.  English only, like date.c. */
#include "period.h"
#include "date.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

typedef enum { PART_NONE, PART_EARLY, PART_MID, PART_LATE, PART_BEGIN, PART_END, PART_H1, PART_H2, PART_Q1 } part;

/* The word w (case-insensitive) at s[i], then a word boundary: its length, else 0. */
static size_t word_is(const char *s, size_t len, size_t i, const char *w)
{
    size_t n = strlen(w);
    if (i + n > len || strncasecmp(s + i, w, n) != 0 || (i + n < len && isalnum((unsigned char)s[i + n])))
        return 0;
    return n;
}

/* w then one space: the position after the space, else 0. */
static size_t word_sp(const char *s, size_t len, size_t i, const char *w)
{
    size_t n = word_is(s, len, i, w);
    return n && i + n < len && s[i + n] == ' ' ? i + n + 1 : 0;
}

static nk_date first_of(int y, int m) { return (nk_date){y, m, 1}; }
static nk_date last_of(int y, int m) { return (nk_date){y, m, nk_date_days_in_month(y, m)}; }

/* Four digits 1900..2099 at s[i] standing alone (not "2021-12-08", "20210"). */
static int year_word(const char *s, size_t len, size_t i)
{
    if (i + 4 > len)
        return 0;
    for (size_t k = 0; k < 4; k++)
        if (!isdigit((unsigned char)s[i + k]))
            return 0;
    if (i + 4 < len && (isalnum((unsigned char)s[i + 4]) || (s[i + 4] == '-' && i + 5 < len && isdigit((unsigned char)s[i + 5]))))
        return 0;
    int y = (s[i] - '0') * 1000 + (s[i + 1] - '0') * 100 + (s[i + 2] - '0') * 10 + (s[i + 3] - '0');
    return y >= 1900 && y <= 2099 ? y : 0;
}

/* Season at s[i]: first month (3, 6, 9, 12), 0 if none. */
static int season_at(const char *s, size_t len, size_t i, size_t *n)
{
    static const struct { const char *w; int m; } seasons[] = {
        {"spring", 3}, {"summer", 6}, {"fall", 9}, {"autumn", 9}, {"winter", 12}};
    for (size_t k = 0; k < sizeof seasons / sizeof *seasons; k++)
        if ((*n = word_is(s, len, i, seasons[k].w)))
            return seasons[k].m;
    return 0;
}

/* Season starting in month m of year y. */
static void season_of(int y, int m, nk_period *out)
{
    out->first = first_of(y, m);
    out->last = m == 12 ? last_of(y + 1, 2) : last_of(y, m + 2);
}

/* "last"/"this"/"next" season m against ref. */
static void relative_season(int rel, int m, nk_date ref, nk_period *out)
{
    int y = ref.y;
    if (m == 12 && ref.m <= 6)
        y--; /* this winter, said up to June, began last December */
    season_of(y, m, out);
    if (rel < 0) {
        while (nk_date_cmp(out->last, ref) >= 0)
            season_of(--y, m, out);
    } else if (rel > 0) {
        while (nk_date_cmp(out->first, ref) <= 0)
            season_of(++y, m, out);
    }
}

/* Narrows [first, last] of a whole year or month to the part named. */
static bool apply_part(part p, bool whole_year, nk_period *out)
{
    int y = out->first.y;
    if (p == PART_NONE)
        return true;
    if (whole_year) {
        static const int span[][2] = {{0, 0}, {1, 4}, {5, 8}, {9, 12}, {1, 2}, {11, 12}, {1, 6}, {7, 12}};
        int a, b;
        if (p >= PART_Q1) {
            a = 1 + 3 * (int)(p - PART_Q1), b = a + 2;
        } else {
            a = span[p][0], b = span[p][1];
        }
        out->first = first_of(y, a);
        out->last = last_of(y, b);
        return true;
    }
    int m = out->first.m, end = nk_date_days_in_month(y, m);
    switch (p) {
    case PART_EARLY: case PART_BEGIN: out->first.d = 1, out->last.d = 10; break;
    case PART_MID: out->first.d = 11, out->last.d = 20; break;
    case PART_LATE: case PART_END: out->first.d = 21, out->last.d = end; break;
    case PART_H1: out->first.d = 1, out->last.d = 15; break;
    case PART_H2: out->first.d = 16, out->last.d = end; break;
    default: return false; /* no quarters of a month */
    }
    return true;
}

/* "early"/"mid"/"late" (then a space or hyphen) or "beginning of" … "fourth
 * quarter of" (then "the" optionally): the part, *k moved past it. */
static part part_at(const char *s, size_t len, size_t *k)
{
    static const struct { const char *w; part p; } adj[] = {
        {"early", PART_EARLY}, {"mid", PART_MID}, {"late", PART_LATE}};
    for (size_t a = 0; a < sizeof adj / sizeof *adj; a++) {
        size_t n = word_is(s, len, *k, adj[a].w);
        if (n && *k + n < len && (s[*k + n] == ' ' || s[*k + n] == '-')) {
            *k += n + 1;
            return adj[a].p;
        }
    }
    static const struct { const char *w; part p; } of[] = {
        {"beginning of ", PART_BEGIN}, {"start of ", PART_BEGIN}, {"end of ", PART_END},
        {"middle of ", PART_MID},      {"first half of ", PART_H1}, {"second half of ", PART_H2},
        {"first quarter of ", PART_Q1}, {"second quarter of ", PART_Q1 + 1},
        {"third quarter of ", PART_Q1 + 2}, {"fourth quarter of ", PART_Q1 + 3}};
    for (size_t a = 0; a < sizeof of / sizeof *of; a++) {
        size_t n = strlen(of[a].w);
        if (*k + n <= len && strncasecmp(s + *k, of[a].w, n) == 0) {
            *k += n;
            size_t t = word_sp(s, len, *k, "the");
            if (t)
                *k = t;
            return of[a].p;
        }
    }
    return PART_NONE;
}

/* The unit after "this"/"last"/"next"/"the": year, month, week or a season. */
static bool relative_unit(const char *s, size_t len, size_t *k, int rel, bool the, nk_date ref, bool *whole_year,
                          bool *is_month, nk_period *out)
{
    size_t n;
    bool known = ref.y != 0;
    if ((n = word_is(s, len, *k, "year"))) {
        *k += n;
        *whole_year = true;
        if (known)
            out->first = first_of(ref.y + rel, 1), out->last = last_of(ref.y + rel, 12);
        return true;
    }
    if ((n = word_is(s, len, *k, "month"))) {
        *k += n;
        *is_month = true;
        if (known) {
            int m = ref.m + rel, y = ref.y;
            if (m < 1) m += 12, y--;
            if (m > 12) m -= 12, y++;
            out->first = first_of(y, m), out->last = last_of(y, m);
        }
        return true;
    }
    if (the)
        return false; /* "the week", "the fall of Kabul": no period */
    if ((n = word_is(s, len, *k, "week"))) {
        *k += n;
        if (known) { /* weeks run Monday to Sunday */
            long r = nk_date_days(ref);
            long monday = r - ((r % 7 + 7 + 3) % 7) + 7L * rel; /* 1970-01-01 was a Thursday */
            out->first = nk_date_from_days(monday), out->last = nk_date_from_days(monday + 6);
        }
        return true;
    }
    int m;
    if ((m = season_at(s, len, *k, &n))) {
        *k += n;
        if (known)
            relative_season(rel, m, ref, out);
        return true;
    }
    return false;
}

bool nk_period_parse_at(const char *s, size_t len, size_t i, nk_date ref, nk_period *out)
{
    memset(out, 0, sizeof *out);
    if (i >= len || (i > 0 && isalnum((unsigned char)s[i - 1])))
        return false;
    size_t k = i, t;
    bool lead = false; /* "in", "during": a bare year or month may follow */
    static const char *limits[] = {"by", "until", "till", "before", "since", "after"};
    for (size_t a = 0; a < sizeof limits / sizeof *limits && !out->limit; a++)
        if ((t = word_sp(s, len, k, limits[a])))
            k = t, out->limit = lead = true;
    static const char *leads[] = {"in", "during", "throughout", "from"};
    for (size_t a = 0; a < sizeof leads / sizeof *leads && !lead; a++)
        if ((t = word_sp(s, len, k, leads[a])))
            k = t, lead = true;
    bool the = false;
    if ((t = word_sp(s, len, k, "the")))
        k = t, the = true;
    part p = part_at(s, len, &k);
    bool whole_year = false, is_month = false;
    size_t n;
    int y, m, rel = 2;
    if (p == PART_NONE && ((t = word_sp(s, len, k, "earlier")) || (t = word_sp(s, len, k, "later")))) {
        /* "earlier this year": from its start up to the reference */
        bool earlier = s[k] == 'e' || s[k] == 'E';
        size_t u = word_sp(s, len, t, "this");
        if (!u || !relative_unit(s, len, &u, 0, true, ref, &whole_year, &is_month, out))
            return false;
        if (ref.y) {
            if (earlier)
                out->last = ref;
            else
                out->first = ref;
        }
        out->span = (nk_span){i, u};
        return true;
    }
    if ((t = word_sp(s, len, k, "this")))
        rel = 0;
    else if ((t = word_sp(s, len, k, "last")) || (t = word_sp(s, len, k, "past")))
        rel = -1;
    else if ((t = word_sp(s, len, k, "next")))
        rel = 1;
    if (rel != 2) {
        k = t;
        if (!relative_unit(s, len, &k, rel, false, ref, &whole_year, &is_month, out))
            return false;
    } else if (p != PART_NONE && the && (n = word_is(s, len, k, "year"))) {
        k += n, whole_year = true; /* "the end of the year": this year */
        if (ref.y)
            out->first = first_of(ref.y, 1), out->last = last_of(ref.y, 12);
    } else if ((m = season_at(s, len, k, &n)) && (p == PART_NONE)) {
        /* "spring 2021", "the autumn of 2021" */
        size_t u = k + n + 1;
        if (k + n >= len || s[k + n] != ' ')
            return false;
        if ((t = word_sp(s, len, u, "of")))
            u = t;
        if (!(y = year_word(s, len, u)))
            return false;
        k = u + 4;
        season_of(y, m, out);
    } else if ((m = nk_date_month_at(s, len, k, &n))) {
        size_t u = k + n;
        if (u + 1 < len && s[u] == ' ' && isdigit((unsigned char)s[u + 1]) && !year_word(s, len, u + 1))
            return false; /* "March 3": a day, not a period */
        is_month = true;
        if (u + 1 < len && (s[u] == ' ' || s[u] == ',') && (y = year_word(s, len, u + 1 + (s[u] == ',' && s[u + 1] == ' ')))) {
            k = u + 5 + (s[u] == ',' && s[u + 1] == ' ');
        } else if (lead || p != PART_NONE) {
            /* "in September", "mid-March": the last such month up to ref,
             * or the coming one when it is at most three months ahead
             * ("talks in December", said in November) */
            k = u;
            y = ref.y ? (m > ref.m + 3 ? ref.y - 1 : m + 12 <= ref.m + 3 ? ref.y + 1 : ref.y) : 0;
        } else {
            return false;
        }
        if (y)
            out->first = first_of(y, m), out->last = last_of(y, m);
    } else if ((lead || p != PART_NONE) && (y = year_word(s, len, k))) {
        k += 4;
        whole_year = true;
        out->first = first_of(y, 1), out->last = last_of(y, 12);
    } else {
        return false;
    }
    if (p != PART_NONE && !whole_year && !is_month)
        return false; /* "late last fall": parts of years and months only */
    if (out->first.y && !apply_part(p, whole_year, out))
        return false;
    if (!out->first.y)
        out->last = (nk_date){0, 0, 0};
    out->span = (nk_span){i, k};
    return true;
}

/* Can a period start with the word at i?  Every branch of
 * nk_period_parse_at begins with one of these words or a month name, so
 * the others are passed over without parsing (a sixth of a build's
 * instructions went to trying every word). */
static bool may_start_period(const char *s, size_t len, size_t i)
{
    static const char *const first[] = {
        "by", "until", "till", "before", "since", "after", "in", "during", "throughout", "from", "the",
        "early", "mid", "late", "beginning", "start", "end", "middle", "first", "second", "third", "fourth",
        "earlier", "later", "this", "last", "past", "next", "spring", "summer", "fall", "autumn", "winter"};
    char w[12];
    size_t n = 0;
    while (i + n < len && isalpha((unsigned char)s[i + n]) && n < sizeof w - 1) {
        w[n] = (char)tolower((unsigned char)s[i + n]);
        n++;
    }
    if (n == 0)
        return false;
    w[n] = '\0';
    for (size_t k = 0; k < sizeof first / sizeof *first; k++)
        if (strcmp(w, first[k]) == 0)
            return true;
    size_t m;
    return nk_date_month_at(s, len, i, &m) != 0;
}

bool nk_period_next(const char *s, size_t e, size_t *pos, nk_date ref, nk_period *out)
{
    for (size_t i = *pos; i < e; i++) {
        if ((i > 0 && isalnum((unsigned char)s[i - 1])) || !isalnum((unsigned char)s[i]))
            continue;
        nk_datexp x;
        if (nk_date_parse_at(s, e, i, ref, &x) && x.has_day) {
            i = x.span.e > i ? x.span.e - 1 : i; /* a day, not a period */
            continue;
        }
        if (may_start_period(s, e, i) && nk_period_parse_at(s, e, i, ref, out)) {
            *pos = out->span.e > i ? out->span.e : i + 1;
            return true;
        }
    }
    *pos = e;
    return false;
}
