/* test_incident.c — casualties, victims, places and blame of incidents,
 * on small invented texts about other conflicts. */
#include "testutil.h"

#include "incident.h"

/* The value of the integer fact pred of entity e, or -1. */
static long int_fact(const nk_doc *d, size_t e, const char *pred)
{
    for (size_t i = 0; i < d->facts.len; i++) {
        const nk_fact *f = &d->facts.items[i];
        if (f->subject == e && f->kind == NK_OBJ_INT && strcmp(f->pred, pred) == 0)
            return f->num;
    }
    return -1;
}

/* The incident entity mentioned by the text s. */
static size_t incident(const nk_doc *d, const char *s)
{
    size_t e = tu_entity_of(d, s);
    if (e == TU_NO || d->entities.items[e].cls != NK_INCIDENT) {
        tu_dump(d);
        fail_msg("no incident named '%s'", s);
    }
    return e;
}

static void number_words_and_digits(void **state)
{
    (void)state;
    assert_int_equal(nk_number_value("seven", 5), 7);
    assert_int_equal(nk_number_value("Twelve", 6), 12);
    assert_int_equal(nk_number_value("1,200", 5), 1200);
    assert_int_equal(nk_number_value("10", 2), 10);
    assert_int_equal(nk_number_value("dozens", 6), -1);
    assert_int_equal(nk_number_value("", 0), -1);
    assert_int_equal(nk_number_value("3a", 2), -1);
}

static void exact_figures_and_victim_state(void **state)
{
    (void)state;
    nk_doc d;
    tu_doc(&d,
           "The shelling of Kramatorsk on March 4, 2023 was the worst in weeks. "
           "Five Ukrainian civilians were killed and 12 were wounded, officials said.",
           2023, 3, 5);
    size_t inc = incident(&d, "shelling of Kramatorsk");
    assert_int_equal(int_fact(&d, inc, "killed"), 5);
    assert_int_equal(int_fact(&d, inc, "wounded"), 12);
    assert_true(tu_has_fact_entity(&d, inc, "victimState", tu_entity_key(&d, "state/UKR")));
    nk_doc_free(&d);
}

static void ranges_in_words(void **state)
{
    (void)state;
    nk_doc d;
    tu_doc(&d, "Officials said between six and eight soldiers were killed in the renewed clashes near Goma.", 2023, 12, 4);
    size_t inc = incident(&d, "renewed clashes near Goma");
    assert_int_equal(int_fact(&d, inc, "killedMin"), 6);
    assert_int_equal(int_fact(&d, inc, "killedMax"), 8);
    assert_int_equal(int_fact(&d, inc, "killed"), -1);
    nk_doc_free(&d);
}

static void casualties_before_the_incident_is_named(void **state)
{
    (void)state;
    nk_doc d;
    tu_doc(&d,
           "Three soldiers were killed and seven wounded on Wednesday night.\n"
           "The Battal firing was the deadliest incident in Kashmir this year.",
           2023, 11, 9);
    size_t inc = incident(&d, "Battal firing");
    assert_int_equal(int_fact(&d, inc, "killed"), 3);
    assert_int_equal(int_fact(&d, inc, "wounded"), 7);
    nk_doc_free(&d);
}

static void blame_and_place(void **state)
{
    (void)state;
    nk_doc d;
    tu_doc(&d, "On January 11, a Serbian-initiated provocation in the village of Banjska killed one police officer.",
           2023, 9, 25);
    size_t inc = incident(&d, "Serbian-initiated provocation");
    assert_true(tu_has_fact_entity(&d, inc, "blamedOn", tu_entity_key(&d, "state/SRB")));
    size_t place = tu_entity_of(&d, "Banjska");
    assert_true(place != TU_NO);
    assert_true(tu_has_fact_entity(&d, inc, "location", place));
    assert_int_equal(int_fact(&d, inc, "killed"), 1);
    nk_doc_free(&d);
}

static void no_number_no_figure(void **state)
{
    (void)state;
    nk_doc d;
    tu_doc(&d, "A soldier was killed in the border clashes near Lachin on May 2, 2023.", 2023, 5, 3);
    size_t inc = incident(&d, "border clashes near Lachin");
    assert_int_equal(int_fact(&d, inc, "killed"), -1);
    nk_doc_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(number_words_and_digits),
        cmocka_unit_test(exact_figures_and_victim_state),
        cmocka_unit_test(ranges_in_words),
        cmocka_unit_test(casualties_before_the_incident_is_named),
        cmocka_unit_test(blame_and_place),
        cmocka_unit_test(no_number_no_figure),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    tu_kb_free();
    return rc;
}
