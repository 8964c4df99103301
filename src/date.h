/* date.h — reading dates in text and resolving them against the
 * document's date ("on January 11", "on the 3rd", "Monday"). */
#ifndef NK_DATE_H
#define NK_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include "doc.h"

/* A date expression found in text.  y == 0 in value: the year could not
 * be told (no year written and no reference date). */
typedef struct {
    nk_span span;
    nk_date value;
    bool has_year;    /* the text wrote the year */
    bool has_day;
    bool weekday_only;/* "Monday": resolved to the last such day on or before ref */
    bool has_time;    /* followed by a clock time "12:32" */
} nk_datexp;

/* Parses a date expression starting exactly at byte i of s (len bytes);
 * true and *out set when one starts there.  ref may be unknown (y == 0). */
bool nk_date_parse_at(const char *s, size_t len, size_t i, nk_date ref, nk_datexp *out);

/* Finds date expressions in s[b, e) one after another: call with *pos = b
 * and repeat while it returns true. */
bool nk_date_next(const char *s, size_t e, size_t *pos, nk_date ref, nk_datexp *out);

bool nk_date_valid(nk_date d);
int nk_date_cmp(nk_date a, nk_date b);
/* Days since 1970-01-01 (proleptic Gregorian). */
long nk_date_days(nk_date d);
nk_date nk_date_from_days(long days);
/* "04/12/2023": a slashed date at byte i that reads as two valid days
 * (4 December or April 12).  True with both readings and its span; false
 * when none starts there or the order is plain ("25/12/2023"). */
bool nk_date_ambiguous_at(const char *s, size_t len, size_t i, nk_date *day_first, nk_date *month_first,
                          nk_span *span);

/* Days in month m of year y (1..12). */
int nk_date_days_in_month(int y, int m);
/* Month number 1..12 of the capitalized month name or abbreviation at
 * s[i] ("March", "Sept."), 0 if none; *n its length with the period. */
int nk_date_month_at(const char *s, size_t len, size_t i, size_t *n);
/* "YYYY-MM-DD" into out[11]. */
void nk_date_format(nk_date d, char out[11]);

#endif
