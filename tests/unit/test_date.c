/* test_date.c — dates in text and their resolution against the
 * document's date. */
#include "testutil.h"

#include "date.h"

static const nk_date NO_REF = {0, 0, 0};

/* Parses s from its first byte; fails the test when no date starts there. */
static nk_datexp parse(const char *s, nk_date ref)
{
    nk_datexp x;
    if (!nk_date_parse_at(s, strlen(s), 0, ref, &x))
        fail_msg("no date read in \"%s\"", s);
    return x;
}

static void assert_date(nk_date d, int y, int m, int dd)
{
    if (d.y != y || d.m != m || d.d != dd)
        fail_msg("got %04d-%02d-%02d, want %04d-%02d-%02d", d.y, d.m, d.d, y, m, dd);
}

static void day_month_year(void **state)
{
    (void)state;
    nk_datexp x = parse("9 November 2020 in Moscow", NO_REF);
    assert_date(x.value, 2020, 11, 9);
    assert_true(x.has_year);
    assert_true(x.has_day);
    assert_false(x.weekday_only);
    assert_false(x.has_time);
    assert_int_equal(x.span.b, 0);
    assert_int_equal(x.span.e, strlen("9 November 2020"));
    x = parse("3rd of December 2020", NO_REF);
    assert_date(x.value, 2020, 12, 3);
}

static void month_day_comma_year(void **state)
{
    (void)state;
    nk_datexp x = parse("November 9, 2020, the leaders", NO_REF);
    assert_date(x.value, 2020, 11, 9);
    assert_true(x.has_year);
    assert_int_equal(x.span.e, strlen("November 9, 2020"));
    x = parse("May 9, 2021", NO_REF);
    assert_date(x.value, 2021, 5, 9);
}

static void abbreviated_month_without_year(void **state)
{
    (void)state;
    nk_date ref = {2020, 11, 15};
    nk_datexp x = parse("Nov. 9 talks", ref);
    assert_date(x.value, 2020, 11, 9);
    assert_false(x.has_year);
    assert_true(x.has_day);
    assert_int_equal(x.span.e, strlen("Nov. 9"));
    x = parse("Sept. 27", ref);
    assert_date(x.value, 2020, 9, 27);
    /* without a reference the year stays unknown */
    x = parse("Nov. 9", NO_REF);
    assert_int_equal(x.value.y, 0);
    assert_int_equal(x.value.m, 11);
    assert_int_equal(x.value.d, 9);
}

static void month_year_and_bare_month(void **state)
{
    (void)state;
    nk_datexp x = parse("November 2020", NO_REF);
    assert_date(x.value, 2020, 11, 0);
    assert_true(x.has_year);
    assert_false(x.has_day);
    /* "in September", told in December 2020 and in March 2021 */
    x = parse("September", (nk_date){2020, 12, 7});
    assert_date(x.value, 2020, 9, 0);
    x = parse("September", (nk_date){2021, 3, 1});
    assert_date(x.value, 2020, 9, 0);
}

static void ordinal_day_of_reference_month(void **state)
{
    (void)state;
    nk_date ref = {2020, 12, 7};
    nk_datexp x = parse("the 3rd of", ref);
    assert_date(x.value, 2020, 12, 3);
    assert_true(x.has_day);
    assert_false(x.has_year);
    assert_int_equal(x.span.e, strlen("the 3rd"));
    /* a day far past the reference is last month's */
    x = parse("the 28th", ref);
    assert_date(x.value, 2020, 11, 28);
    /* ... across a year */
    x = parse("the 30th", (nk_date){2021, 1, 2});
    assert_date(x.value, 2020, 12, 30);
    /* a bare number after "the" is no date */
    nk_datexp y;
    assert_false(nk_date_parse_at("the 44 soldiers", 15, 0, ref, &y));
    assert_false(nk_date_parse_at("the 3 sides", 11, 0, ref, &y));
}

static void weekday_resolved_on_or_before_reference(void **state)
{
    (void)state;
    /* 2020-12-07 was a Monday */
    nk_datexp x = parse("Monday", (nk_date){2020, 12, 9});
    assert_true(x.weekday_only);
    assert_true(x.has_day);
    assert_date(x.value, 2020, 12, 7);
    x = parse("Monday", (nk_date){2020, 12, 7});
    assert_date(x.value, 2020, 12, 7);
    x = parse("Sunday", (nk_date){2020, 12, 7});
    assert_date(x.value, 2020, 12, 6);
    x = parse("Tuesday", (nk_date){2020, 12, 7});
    assert_date(x.value, 2020, 12, 1);
    x = parse("Saturday", (nk_date){2021, 1, 1}); /* across a year */
    assert_date(x.value, 2020, 12, 26);
    /* no reference: a weekday, but no date */
    x = parse("Monday", NO_REF);
    assert_true(x.weekday_only);
    assert_int_equal(x.value.y, 0);
    /* lower case is not a weekday */
    nk_datexp y;
    assert_false(nk_date_parse_at("monday", 6, 0, (nk_date){2020, 12, 9}, &y));
}

static void weekday_then_date(void **state)
{
    (void)state;
    nk_datexp x = parse("Saturday June 22 2024", NO_REF);
    assert_date(x.value, 2024, 6, 22);
    assert_false(x.weekday_only);
    assert_true(x.has_year);
    assert_int_equal(x.span.b, 0);
    assert_int_equal(x.span.e, strlen("Saturday June 22 2024"));
    x = parse("Monday, 7 December 2020", NO_REF);
    assert_date(x.value, 2020, 12, 7);
}

static void year_inferred_from_reference(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        nk_date ref, want;
    } cases[] = {
        /* December, told in January: last year's */
        {"December 20", {2021, 1, 5}, {2020, 12, 20}},
        /* up to 90 days after the reference: this year (announced dates) */
        {"January 10", {2021, 1, 5}, {2021, 1, 10}},
        {"12 January", {2021, 1, 5}, {2021, 1, 12}},
        {"20 March", {2021, 1, 5}, {2021, 3, 20}},
        {"April 5", {2021, 1, 5}, {2021, 4, 5}},
        /* more than 90 days after: the previous year */
        {"April 6", {2021, 1, 5}, {2020, 4, 6}},
        {"20 May", {2021, 1, 5}, {2020, 5, 20}},
        /* early January, told in late December: next year's */
        {"January 2", {2020, 12, 30}, {2021, 1, 2}},
        {"December 29", {2020, 12, 30}, {2020, 12, 29}},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        nk_datexp x = parse(cases[i].text, cases[i].ref);
        assert_date(x.value, cases[i].want.y, cases[i].want.m, cases[i].want.d);
        assert_false(x.has_year);
    }
}

static void iso_dates(void **state)
{
    (void)state;
    nk_datexp x = parse("2021-12-08 YEREVAN", NO_REF);
    assert_date(x.value, 2021, 12, 8);
    assert_true(x.has_year);
    assert_true(x.has_day);
    assert_false(x.has_time);
    assert_int_equal(x.span.e, 10);
    x = parse("2022-01-13T12:32:00+04:00", NO_REF);
    assert_date(x.value, 2022, 1, 13);
    assert_true(x.has_time);
    nk_datexp y;
    assert_false(nk_date_parse_at("2021-02-30", 10, 0, NO_REF, &y));
    assert_false(nk_date_parse_at("2021-13-01", 10, 0, NO_REF, &y));
}

static void clock_time_after_date(void **state)
{
    (void)state;
    nk_datexp x = parse("13 January 2022 12:32", NO_REF);
    assert_date(x.value, 2022, 1, 13);
    assert_true(x.has_time);
    x = parse("13 January 2022, Baku", NO_REF);
    assert_false(x.has_time);
    x = parse("January 13, 2022 9:05", NO_REF);
    assert_true(x.has_time);
    /* "November 12:30" is a month and a time, not the 12th */
    x = parse("November 12:30", (nk_date){2020, 11, 20});
    assert_false(x.has_day);
}

static void invalid_dates_rejected(void **state)
{
    (void)state;
    nk_datexp x;
    assert_false(nk_date_parse_at("31 February 2021", 16, 0, NO_REF, &x));
    assert_false(nk_date_parse_at("29 February 2021", 16, 0, NO_REF, &x));
    assert_true(nk_date_parse_at("29 February 2020", 16, 0, NO_REF, &x)); /* a leap year */
    assert_false(nk_date_parse_at("April 31, 2020", 14, 0, NO_REF, &x));
    assert_false(nk_date_parse_at("31 February", 11, 0, (nk_date){2021, 3, 1}, &x));
    assert_false(nk_date_parse_at("0 November 2020", 15, 0, NO_REF, &x));
    /* a number glued to a word is not a day */
    assert_false(nk_date_parse_at("A9 November", 11, 1, NO_REF, &x));
    /* "may" is a verb unless capitalized */
    assert_false(nk_date_parse_at("may 9", 5, 0, NO_REF, &x));
    assert_false(nk_date_parse_at("", 0, 0, NO_REF, &x));
}

static void next_finds_dates_in_order(void **state)
{
    (void)state;
    const char *s = "Signed on 9 November 2020, it was reaffirmed on December 3 and again on Monday.";
    nk_date ref = {2020, 12, 9};
    size_t pos = 0;
    nk_datexp x;
    assert_true(nk_date_next(s, strlen(s), &pos, ref, &x));
    assert_date(x.value, 2020, 11, 9);
    assert_int_equal(x.span.b, strlen("Signed on "));
    assert_true(nk_date_next(s, strlen(s), &pos, ref, &x));
    assert_date(x.value, 2020, 12, 3);
    assert_true(nk_date_next(s, strlen(s), &pos, ref, &x));
    assert_date(x.value, 2020, 12, 7);
    assert_true(x.weekday_only);
    assert_false(nk_date_next(s, strlen(s), &pos, ref, &x));
    assert_int_equal(pos, strlen(s));
}

static void days_round_trip(void **state)
{
    (void)state;
    assert_int_equal(nk_date_days((nk_date){1970, 1, 1}), 0);
    assert_int_equal(nk_date_days((nk_date){1969, 12, 31}), -1);
    assert_int_equal(nk_date_days((nk_date){2000, 2, 29}), 11016);
    assert_int_equal(nk_date_days((nk_date){2020, 12, 7}), 18603);
    assert_date(nk_date_from_days(18603), 2020, 12, 7);
    assert_date(nk_date_from_days(-1), 1969, 12, 31);
    for (long day = -800000; day <= 400000; day += 37) {
        nk_date d = nk_date_from_days(day);
        assert_int_equal(nk_date_days(d), day);
    }
    /* every day of two years, one a leap year, in order */
    nk_date prev = nk_date_from_days(nk_date_days((nk_date){2019, 12, 31}));
    for (long day = nk_date_days((nk_date){2020, 1, 1}); day <= nk_date_days((nk_date){2021, 12, 31}); day++) {
        nk_date d = nk_date_from_days(day);
        assert_true(nk_date_valid(d));
        assert_int_equal(nk_date_cmp(prev, d), -1);
        prev = d;
    }
    assert_int_equal(nk_date_days((nk_date){2021, 12, 31}) - nk_date_days((nk_date){2020, 1, 1}), 365 + 365);
}

static void valid_cmp_and_format(void **state)
{
    (void)state;
    assert_true(nk_date_valid((nk_date){2000, 2, 29}));
    assert_false(nk_date_valid((nk_date){1900, 2, 29}));
    assert_false(nk_date_valid((nk_date){0, 0, 0}));
    assert_false(nk_date_valid((nk_date){2020, 11, 0}));
    assert_int_equal(nk_date_cmp((nk_date){2020, 11, 9}, (nk_date){2020, 11, 9}), 0);
    assert_int_equal(nk_date_cmp((nk_date){2020, 11, 9}, (nk_date){2020, 12, 1}), -1);
    assert_int_equal(nk_date_cmp((nk_date){2021, 1, 1}, (nk_date){2020, 12, 31}), 1);
    char out[11];
    nk_date_format((nk_date){2020, 1, 5}, out);
    assert_string_equal(out, "2020-01-05");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(day_month_year),
        cmocka_unit_test(month_day_comma_year),
        cmocka_unit_test(abbreviated_month_without_year),
        cmocka_unit_test(month_year_and_bare_month),
        cmocka_unit_test(ordinal_day_of_reference_month),
        cmocka_unit_test(weekday_resolved_on_or_before_reference),
        cmocka_unit_test(weekday_then_date),
        cmocka_unit_test(year_inferred_from_reference),
        cmocka_unit_test(iso_dates),
        cmocka_unit_test(clock_time_after_date),
        cmocka_unit_test(invalid_dates_rejected),
        cmocka_unit_test(next_finds_dates_in_order),
        cmocka_unit_test(days_round_trip),
        cmocka_unit_test(valid_cmp_and_format),
    };
    return cmocka_run_group_tests_name("date", tests, NULL, NULL);
}
