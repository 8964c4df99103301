/* period.h — spans of days the text gives instead of a day: "last Fall",
 * "this year", "late 2021", "mid-March", "in the first half of 2020",
 * "at the end of last year", "November 2022".  A period is resolved
 * against the document's date to its first and last day, never to a day
 * the text does not give (nkg:earliestDate / nkg:latestDate in the graph).
 *
 * How parts are read (written down so a reader of the graph knows):
 *   year:  early = Jan–Apr, mid = May–Aug, late = Sep–Dec,
 *          beginning/start = Jan–Feb, end = Nov–Dec, first/second half,
 *          first…fourth quarter;
 *   month: early and beginning/start = days 1–10, mid/middle = 11–20,
 *          late and end = 21 to the last day, first/second half = 1–15 / 16–end;
 *   seasons (northern hemisphere, meteorological): spring Mar–May, summer
 *          Jun–Aug, fall/autumn Sep–Nov, winter Dec–Feb (named by the year
 *          it begins in); "last fall" is the latest fall over before the
 *          reference date, "this fall" the one of the reference year;
 *   a month without a year is the last such month up to the reference, or
 *          the coming one when it is at most three months ahead;
 *   "earlier this year" ends, "later this year" starts, at the reference. */
#ifndef NK_PERIOD_H
#define NK_PERIOD_H

#include <stdbool.h>
#include <stddef.h>
#include "doc.h"

typedef struct {
    nk_span span;
    nk_date first, last; /* inclusive; first.y == 0: relative and no reference date */
    bool limit;          /* led by "by", "until", "before", "since", "after":
                          * a bound of something else, not when it happened */
} nk_period;

/* Parses a period starting exactly at byte i of s (len bytes); true and
 * *out set when one starts there.  A day-precise date ("March 3") is not a
 * period.  ref may be unknown (y == 0). */
bool nk_period_parse_at(const char *s, size_t len, size_t i, nk_date ref, nk_period *out);

/* Finds periods in s[b, e) one after another, stepping over day-precise
 * dates: call with *pos = b and repeat while it returns true. */
bool nk_period_next(const char *s, size_t e, size_t *pos, nk_date ref, nk_period *out);

#endif
