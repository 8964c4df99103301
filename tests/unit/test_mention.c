/* test_mention.c — names and the entities they name, on small invented
 * texts about other conflicts than the corpus's. */
#include "testutil.h"

#include "mention.h"

/* Entity of the mention with text s, failing (with a dump) if none. */
static size_t ent(const nk_doc *d, const char *s)
{
    size_t e = tu_entity_of(d, s);
    if (e == TU_NO) {
        tu_dump(d);
        fail_msg("no mention \"%s\"", s);
    }
    return e;
}

static void assert_key(const nk_doc *d, size_t e, const char *key)
{
    if (strcmp(d->entities.items[e].key, key) != 0) {
        tu_dump(d);
        fail_msg("entity key %s, want %s", d->entities.items[e].key, key);
    }
}

static bool has_form(const nk_entity *e, const char *form)
{
    for (size_t i = 0; i < e->forms.len; i++)
        if (strcmp(e->forms.items[i], form) == 0)
            return true;
    return false;
}

static void official_from_title_gazetteer_person(void **state)
{
    (void)state;
    nk_doc d;
    tu_doc(&d,
           "Ukrainian Foreign Minister Dmytro Kuleba met his counterpart in Warsaw on Monday. "
           "Kuleba said the talks were useful. Later, Kulbea thanked Poland.",
           2022, 3, 9);
    size_t k = ent(&d, "Dmytro Kuleba");
    assert_int_equal(d.entities.items[k].cls, NK_OFFICIAL);
    assert_true(d.entities.items[k].gaz > 0);
    assert_true(tu_has_fact_string(&d, k, "role", "Foreign Minister"));
    size_t ukr = ent(&d, "Ukrainian");
    assert_key(&d, ukr, "state/UKR");
    assert_true(tu_has_fact_entity(&d, k, "represents", ukr));
    /* the family name alone, and a misspelling with one letter swapped */
    assert_int_equal(d.mentions.items[tu_mention_nth(&d, "Kuleba", 1)].entity, k);
    assert_int_equal(ent(&d, "Kulbea"), k);
    assert_true(has_form(&d.entities.items[k], "Kulbea"));
    assert_true(has_form(&d.entities.items[k], "Dmytro Kuleba"));
    nk_doc_free(&d);
}

static void official_from_title_unknown_person(void **state)
{
    (void)state;
    nk_doc d;
    tu_doc(&d,
           "Moldovan Foreign Minister Ion Vartanescu met reporters in Chisinau. "
           "Vartanescu said the border was calm. Later, Vartaenscu left. Vartanesku returned.",
           2023, 1, 10);
    size_t p = ent(&d, "Ion Vartanescu");
    assert_int_equal(d.entities.items[p].cls, NK_OFFICIAL);
    assert_int_equal(d.entities.items[p].gaz, 0);
    /* keyed by the family name's skeleton, not by position or order */
    assert_key(&d, p, "person/vrtnsc");
    assert_true(tu_has_fact_string(&d, p, "role", "Foreign Minister"));
    size_t mda = ent(&d, "Moldovan");
    assert_key(&d, mda, "state/MDA");
    assert_true(tu_has_fact_entity(&d, p, "represents", mda));
    /* the role fact cites the first sentence */
    for (size_t i = 0; i < d.facts.len; i++)
        if (d.facts.items[i].subject == p && strcmp(d.facts.items[i].pred, "role") == 0) {
            assert_int_equal(d.facts.items[i].sentences.len, 1);
            assert_int_equal(d.facts.items[i].sentences.items[0], 0);
        }
    assert_int_equal(ent(&d, "Vartanescu"), p);
    assert_int_equal(ent(&d, "Vartaenscu"), p); /* a vowel and a consonant swapped */
    assert_int_equal(ent(&d, "Vartanesku"), p); /* one letter wrong */
    nk_doc_free(&d);
}

static void misspelling_with_consonants_swapped(void **state)
{
    (void)state;
    nk_doc d;
    tu_doc(&d, "Moldovan Foreign Minister Ion Vartanescu met reporters. Later, Vartanecsu left.", 2023, 1, 10);
    size_t p = ent(&d, "Ion Vartanescu");
    size_t m = tu_entity_of(&d, "Vartanecsu");
    nk_doc_free(&d);
    if (m != p) {
        fail();
    }
}

static void acronym_defined_in_parentheses(void **state)
{
    (void)state;
    nk_doc d;
    tu_doc(&d,
           "Fighting between the army and the Rapid Support Forces (RSF) continued in Khartoum. "
           "The RSF said it controlled the airport.",
           2023, 4, 20);
    size_t rsf = ent(&d, "Rapid Support Forces");
    assert_int_equal(d.entities.items[rsf].cls, NK_ORGANIZATION);
    assert_int_equal(ent(&d, "RSF"), rsf);
    assert_int_equal(d.mentions.items[tu_mention_nth(&d, "RSF", 1)].entity, rsf);
    nk_doc_free(&d);

    /* the same for a body no gazetteer knows */
    tu_doc(&d,
           "Fighters of the Northern Liberation Front (NLF) attacked a convoy. The NLF denied it.",
           2023, 4, 20);
    size_t nlf = ent(&d, "Northern Liberation Front");
    assert_int_equal(d.entities.items[nlf].cls, NK_ORGANIZATION);
    assert_key(&d, nlf, "org/northern-liberation-front");
    size_t first = tu_mention_nth(&d, "NLF", 0), second = tu_mention_nth(&d, "NLF", 1);
    assert_true(first != TU_NO && second != TU_NO);
    assert_int_equal(d.mentions.items[first].entity, nlf);
    assert_int_equal(d.mentions.items[second].entity, nlf);
    assert_int_equal(d.mentions.items[second].sentence, 1);
    nk_doc_free(&d);
}

static void border_between_two_states(void **state)
{
    (void)state;
    nk_doc d;
    tu_doc(&d,
           "Tensions rose along the Serbia-Kosovo border on Sunday. "
           "Police patrolled the border between Kosovo and Serbia.",
           2023, 5, 30);
    size_t b = ent(&d, "Serbia-Kosovo border");
    assert_int_equal(d.entities.items[b].cls, NK_LOCATION);
    assert_key(&d, b, "location/border-SRB-XKX");
    /* either order, either wording: one border */
    assert_int_equal(ent(&d, "border between Kosovo and Serbia"), b);
    /* the states inside are mentions of their own */
    assert_key(&d, ent(&d, "Serbia"), "state/SRB");
    assert_key(&d, ent(&d, "Kosovo"), "state/XKX");
    nk_doc_free(&d);
}

static void gazetteer_state_by_name(void **state)
{
    (void)state;
    nk_doc d;
    tu_doc(&d, "Poland and the Republic of Moldova signed a treaty.", 2023, 1, 10);
    size_t pol = ent(&d, "Poland");
    assert_key(&d, pol, "state/POL");
    assert_int_equal(d.entities.items[pol].cls, NK_STATE);
    size_t entry;
    assert_true(nk_kb_find_id(tu_kb(), "POL", &entry));
    assert_int_equal(d.entities.items[pol].gaz, entry + 1);
    /* an alternative label names the same state */
    assert_key(&d, ent(&d, "Republic of Moldova"), "state/MDA");
    char *key = nk_mention_gaz_key(nk_kb_entry(tu_kb(), entry));
    assert_string_equal(key, "state/POL");
    free(key);
    nk_doc_free(&d);
}

static void implied_state_by_demonym(void **state)
{
    (void)state;
    nk_doc d;
    tu_doc(&d, "The French Minister spoke to reporters.", 2023, 1, 10);
    size_t fra = ent(&d, "French");
    assert_key(&d, fra, "state/FRA");
    assert_int_equal(d.entities.items[fra].cls, NK_STATE);
    nk_doc_free(&d);
}

static void nested_names_are_mentions(void **state)
{
    (void)state;
    nk_doc d;
    tu_doc(&d, "The OSCE Minsk Group said it was ready.", 2020, 12, 1);
    size_t outer = tu_mention(&d, "OSCE Minsk Group");
    assert_true(outer != TU_NO);
    assert_key(&d, d.mentions.items[outer].entity, "org/osce-minsk-group");
    size_t inner = tu_mention(&d, "OSCE");
    assert_true(inner != TU_NO);
    assert_key(&d, d.mentions.items[inner].entity, "org/osce");
    /* "OSCE" lies inside "OSCE Minsk Group", and starts where it does */
    assert_int_equal(d.mentions.items[inner].span.b, d.mentions.items[outer].span.b);
    assert_true(d.mentions.items[inner].span.e < d.mentions.items[outer].span.e);
    /* the outer mention sorts first at a shared start */
    assert_true(outer < inner);
    /* "Minsk" inside an organization's name is not the city */
    assert_int_equal(tu_mention(&d, "Minsk"), TU_NO);
    nk_doc_free(&d);
}

static void mentions_sorted_and_inside_sentences(void **state)
{
    (void)state;
    nk_doc d;
    tu_doc(&d,
           "Serbia and Kosovo met in Brussels. The European Union welcomed the talks. "
           "Ukrainian Foreign Minister Dmytro Kuleba was not there.",
           2023, 5, 30);
    assert_true(d.mentions.len >= 6);
    for (size_t i = 0; i < d.mentions.len; i++) {
        const nk_mention *m = &d.mentions.items[i];
        nk_span s = d.sentences.items[m->sentence];
        assert_true(m->span.b >= s.b && m->span.e <= s.e);
        assert_true(m->tok_b < m->tok_e && m->tok_e <= d.tokens.len);
        assert_int_equal(d.tokens.items[m->tok_b].span.b, m->span.b);
        assert_int_equal(d.tokens.items[m->tok_e - 1].span.e, m->span.e);
        assert_true(m->entity < d.entities.len);
        if (i > 0)
            assert_true(d.mentions.items[i - 1].span.b <= m->span.b);
    }
    /* every entity has a first mention, and it is its earliest */
    for (size_t e = 0; e < d.entities.len; e++) {
        size_t fm = d.entities.items[e].first_mention;
        if (fm == TU_NO)
            continue;
        assert_int_equal(d.mentions.items[fm].entity, e);
        for (size_t i = 0; i < fm; i++)
            assert_true(d.mentions.items[i].entity != e);
    }
    nk_doc_free(&d);
}

/* The key of the entity mentioned as s in a document of text. */
static char *key_in(const char *text, const char *s)
{
    nk_doc d;
    tu_doc(&d, text, 2023, 1, 10);
    char *key = nk_strdup(d.entities.items[ent(&d, s)].key);
    nk_doc_free(&d);
    return key;
}

static void keys_independent_of_document_order(void **state)
{
    (void)state;
    const char *a = "Moldovan Foreign Minister Ion Vartanescu met the Northern Liberation Front (NLF) in Chisinau.";
    const char *b = "The Northern Liberation Front said in Serbia that President Ion Vartanescu had lied.";
    char *a1 = key_in(a, "Ion Vartanescu"), *b1 = key_in(b, "Ion Vartanescu");
    char *a2 = key_in(a, "Northern Liberation Front"), *b2 = key_in(b, "Northern Liberation Front");
    /* the other order, after other documents */
    char *b3 = key_in(b, "Ion Vartanescu"), *a3 = key_in(a, "Ion Vartanescu");
    assert_string_equal(a1, b1);
    assert_string_equal(a1, a3);
    assert_string_equal(b1, b3);
    assert_string_equal(a2, b2);
    assert_string_equal(a2, "org/northern-liberation-front");
    free(a1), free(b1), free(a2), free(b2), free(a3), free(b3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(official_from_title_gazetteer_person),
        cmocka_unit_test(official_from_title_unknown_person),
        cmocka_unit_test(misspelling_with_consonants_swapped),
        cmocka_unit_test(acronym_defined_in_parentheses),
        cmocka_unit_test(border_between_two_states),
        cmocka_unit_test(gazetteer_state_by_name),
        cmocka_unit_test(implied_state_by_demonym),
        cmocka_unit_test(nested_names_are_mentions),
        cmocka_unit_test(mentions_sorted_and_inside_sentences),
        cmocka_unit_test(keys_independent_of_document_order),
    };
    return cmocka_run_group_tests_name("mention", tests, NULL, NULL);
}
