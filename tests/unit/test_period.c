/* test_period.c — periods ("last Fall", "late 2021", "this year")
 * resolved against the document's date to their first and last day. */
#include "testutil.h"

#include "date.h"
#include "period.h"

static const nk_date NO_REF = {0, 0, 0};
static const nk_date FEB_2022 = {2022, 2, 4}; /* a Friday */

/* The period read from the first byte of s; fails when none starts there. */
static nk_period period(const char *s, nk_date ref)
{
    nk_period p;
    if (!nk_period_parse_at(s, strlen(s), 0, ref, &p))
        fail_msg("no period read in \"%s\"", s);
    return p;
}

static void assert_span(const char *s, nk_date ref, const char *first, const char *last)
{
    nk_period p = period(s, ref);
    char a[11], b[11];
    nk_date_format(p.first, a);
    nk_date_format(p.last, b);
    if (strcmp(a, first) != 0 || strcmp(b, last) != 0)
        fail_msg("\"%s\": got %s..%s, want %s..%s", s, a, b, first, last);
}

static void assert_none(const char *s, nk_date ref)
{
    nk_period p;
    if (nk_period_parse_at(s, strlen(s), 0, ref, &p))
        fail_msg("\"%s\" read as a period", s);
}

static void relative_years_and_months(void **state)
{
    (void)state;
    assert_span("this year", FEB_2022, "2022-01-01", "2022-12-31");
    assert_span("last year", FEB_2022, "2021-01-01", "2021-12-31");
    assert_span("next year", FEB_2022, "2023-01-01", "2023-12-31");
    assert_span("last month", FEB_2022, "2022-01-01", "2022-01-31");
    assert_span("this month", FEB_2022, "2022-02-01", "2022-02-28");
    assert_span("last month", (nk_date){2022, 1, 10}, "2021-12-01", "2021-12-31");
    assert_span("earlier this year", FEB_2022, "2022-01-01", "2022-02-04");
    assert_span("later this month", FEB_2022, "2022-02-04", "2022-02-28");
    /* the week before the one of the reference, Monday to Sunday */
    assert_span("last week", FEB_2022, "2022-01-24", "2022-01-30");
}

static void seasons(void **state)
{
    (void)state;
    assert_span("last Fall", FEB_2022, "2021-09-01", "2021-11-30");
    assert_span("last autumn", (nk_date){2021, 10, 15}, "2020-09-01", "2020-11-30");
    assert_span("this spring", FEB_2022, "2022-03-01", "2022-05-31");
    assert_span("last winter", (nk_date){2022, 2, 4}, "2020-12-01", "2021-02-28");
    assert_span("this winter", (nk_date){2022, 2, 4}, "2021-12-01", "2022-02-28");
    assert_span("spring 2021", NO_REF, "2021-03-01", "2021-05-31");
    assert_span("the autumn of 2020", NO_REF, "2020-09-01", "2020-11-30");
    assert_none("the fall of Kabul", FEB_2022);
    assert_none("Arab Spring", FEB_2022);
}

static void parts_of_years(void **state)
{
    (void)state;
    assert_span("late 2021", NO_REF, "2021-09-01", "2021-12-31");
    assert_span("early 2022", NO_REF, "2022-01-01", "2022-04-30");
    assert_span("mid-2020", NO_REF, "2020-05-01", "2020-08-31");
    assert_span("in the first half of 2020", NO_REF, "2020-01-01", "2020-06-30");
    assert_span("the third quarter of 2023", NO_REF, "2023-07-01", "2023-09-30");
    assert_span("the end of last year", FEB_2022, "2021-11-01", "2021-12-31");
    assert_span("late last year", FEB_2022, "2021-09-01", "2021-12-31");
    assert_span("the end of the year", FEB_2022, "2022-11-01", "2022-12-31");
    assert_span("in 2021", NO_REF, "2021-01-01", "2021-12-31");
    /* a bare number is a year only after "in", a limit or a part */
    assert_none("2021 talks", NO_REF);
    assert_none("in 1200 cases", NO_REF);
}

static void months(void **state)
{
    (void)state;
    assert_span("November 2022", NO_REF, "2022-11-01", "2022-11-30");
    assert_span("in February 2024", NO_REF, "2024-02-01", "2024-02-29");
    assert_span("mid-March", FEB_2022, "2022-03-11", "2022-03-20"); /* coming */
    assert_span("in December", (nk_date){2023, 11, 7}, "2023-12-01", "2023-12-31");
    assert_span("in January", (nk_date){2023, 11, 7}, "2024-01-01", "2024-01-31");
    assert_span("in July", (nk_date){2023, 11, 7}, "2023-07-01", "2023-07-31");
    assert_span("early January", FEB_2022, "2022-01-01", "2022-01-10");
    assert_span("the end of January 2021", NO_REF, "2021-01-21", "2021-01-31");
    assert_span("in September", FEB_2022, "2021-09-01", "2021-09-30");
    assert_none("March 3", FEB_2022);   /* a day */
    assert_none("March 23 Movement", FEB_2022);
    assert_none("September", FEB_2022); /* a bare month only after "in" or a part */
}

static void limits_are_marked(void **state)
{
    (void)state;
    nk_period p = period("by late 2021", NO_REF);
    assert_true(p.limit);
    assert_int_equal(p.span.e, strlen("by late 2021"));
    assert_span("by late 2021", NO_REF, "2021-09-01", "2021-12-31");
    assert_true(period("since last year", FEB_2022).limit);
    assert_false(period("in 2021", NO_REF).limit);
    assert_false(period("last Fall", FEB_2022).limit);
}

static void relative_without_reference_is_unresolved(void **state)
{
    (void)state;
    nk_period p = period("last Fall", NO_REF);
    assert_int_equal(p.first.y, 0);
    assert_int_equal(p.last.y, 0);
    assert_int_equal(p.span.e, strlen("last Fall"));
}

static void next_steps_over_days(void **state)
{
    (void)state;
    const char *s = "On March 3, 2022 the army, deployed in late 2021, said that last month talks failed.";
    size_t pos = 0;
    nk_period p;
    assert_true(nk_period_next(s, strlen(s), &pos, FEB_2022, &p));
    assert_int_equal(p.span.b, strstr(s, "in late 2021") - s);
    assert_true(nk_period_next(s, strlen(s), &pos, FEB_2022, &p));
    assert_int_equal(p.span.b, strstr(s, "last month") - s);
    assert_false(nk_period_next(s, strlen(s), &pos, FEB_2022, &p));
    assert_none("the late president", FEB_2022);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(relative_years_and_months),
        cmocka_unit_test(seasons),
        cmocka_unit_test(parts_of_years),
        cmocka_unit_test(months),
        cmocka_unit_test(limits_are_marked),
        cmocka_unit_test(relative_without_reference_is_unresolved),
        cmocka_unit_test(next_steps_over_days),
    };
    return cmocka_run_group_tests_name("period", tests, NULL, NULL);
}
