/* test_extract.c — events: class, roles, topic, date and who reported
 * them, on small invented texts. */
#include "testutil.h"

#include "date.h"

#include "extract.h"

#include <malloc.h>

/* The entity with this key, failing (with a dump) if the document has none. */
static size_t key(const nk_doc *d, const char *k)
{
    size_t e = tu_entity_key(d, k);
    if (e == TU_NO) {
        tu_dump(d);
        fail_msg("no entity %s", k);
    }
    return e;
}

/* The only event of class cls, failing if there is not exactly one. */
static size_t only_event(const nk_doc *d, nk_evclass cls)
{
    if (tu_count_events(d, cls) != 1) {
        tu_dump(d);
        fail_msg("%zu %s events, want 1", tu_count_events(d, cls), nk_evclass_name(cls));
    }
    return tu_event(d, cls);
}

static void assert_event_date(const nk_doc *d, size_t ev, int y, int m, int dd)
{
    nk_date dt = d->events.items[ev].date;
    if (dt.y != y || dt.m != m || dt.d != dd)
        fail_msg("event date %04d-%02d-%02d, want %04d-%02d-%02d", dt.y, dt.m, dt.d, y, m, dd);
}

static void appeal_with_agent_and_addressees(void **state)
{
    (void)state;
    nk_doc d;
    tu_doc(&d, "The European Union called on Serbia and Kosovo to de-escalate.", 2023, 5, 30);
    assert_int_equal(d.events.len, 1);
    size_t ev = only_event(&d, NK_EV_APPEAL);
    const nk_event *e = &d.events.items[ev];
    size_t eu = key(&d, "org/eu"), srb = key(&d, "state/SRB"), xkx = key(&d, "state/XKX");
    assert_true(tu_has_role(&d, ev, "agent", eu));
    assert_int_equal(tu_count_role(&d, ev, "agent"), 1);
    assert_true(tu_has_role(&d, ev, "addressee", srb));
    assert_true(tu_has_role(&d, ev, "addressee", xkx));
    assert_int_equal(tu_count_role(&d, ev, "addressee"), 2);
    assert_true(tu_span_is(&d, e->trigger, "called on"));
    assert_true(tu_span_is(&d, e->topic, "to de-escalate"));
    assert_non_null(e->cameo);
    assert_string_equal(e->cameo, "020");
    assert_int_equal(e->sentence, 0);
    assert_int_equal(e->reported_by, 0);
    /* no date in the sentence: the document's */
    assert_event_date(&d, ev, 2023, 5, 30);
    nk_doc_free(&d);
}

static void welcome_is_support(void **state)
{
    (void)state;
    nk_doc d;
    tu_doc(&d, "Germany welcomed Serbia's decision to lift the ban.", 2023, 3, 20);
    size_t ev = only_event(&d, NK_EV_SUPPORT);
    assert_true(tu_has_role(&d, ev, "agent", key(&d, "state/DEU")));
    assert_true(tu_has_role(&d, ev, "target", key(&d, "state/SRB")));
    assert_int_equal(tu_count_role(&d, ev, "addressee"), 0);
    assert_string_equal(d.events.items[ev].cameo, "051");
    nk_doc_free(&d);
}

static void deep_concern_is_concern(void **state)
{
    (void)state;
    nk_doc d;
    tu_doc(&d, "The United Nations expressed deep concern over the fighting in Khartoum.", 2023, 4, 20);
    size_t ev = only_event(&d, NK_EV_CONCERN);
    assert_true(tu_has_role(&d, ev, "agent", key(&d, "org/un")));
    /* a concern has an agent and a topic, no target */
    assert_int_equal(d.events.items[ev].roles.len, 1);
    char *topic = tu_span_dup(&d, d.events.items[ev].topic);
    assert_non_null(strstr(topic, "fighting in Khartoum"));
    free(topic);
    nk_doc_free(&d);
}

/* "The X mission, NAME, did": the name the description stands beside
 * acts, not the body named inside the description; a person named first
 * keeps acting when the apposition describes them */
static void description_then_name_apposition(void **state)
{
    (void)state;
    nk_doc d;
    tu_doc(&d, "The UN peacekeeping mission, MONUSCO, expressed deep concern about the fighting near Sake.", 2024, 2, 10);
    size_t ev = only_event(&d, NK_EV_CONCERN);
    assert_true(tu_has_role(&d, ev, "agent", key(&d, "org/monusco")));
    assert_false(tu_has_role(&d, ev, "agent", key(&d, "org/un")));
    nk_doc_free(&d);
    tu_doc(&d, "Lavrov, the Russian foreign minister, called on Kyiv to resume talks.", 2022, 3, 1);
    ev = only_event(&d, NK_EV_APPEAL);
    assert_true(tu_has_role(&d, ev, "agent", key(&d, "person/lavrov")));
    nk_doc_free(&d);
}

/* "“…,” she said, calling on X": the reporting clause between the commas
 * is no apposition; its speaker makes the appeal */
static void participle_after_reporting_clause(void **state)
{
    (void)state;
    nk_doc d;
    tu_doc(&d,
           "Amina Yusuf, a nurse in Maiduguri, said on Friday that the clinic had closed.\n\n"
           "\u201cThe clinic has no medicine left,\u201d she said, calling on the government to reopen the road.",
           2024, 3, 1);
    size_t ev = only_event(&d, NK_EV_APPEAL);
    size_t who = tu_entity_of(&d, "Amina Yusuf");
    assert_int_not_equal(who, TU_NO);
    assert_true(tu_has_role(&d, ev, "agent", who));
    nk_doc_free(&d);
}

/* "A (X) and the B (Y) signed": both named bodies sign, past their
 * acronyms and the adjective before the second */
static void coordination_across_acronyms(void **state)
{
    (void)state;
    nk_doc d;
    tu_doc(&d,
           "Delegates of the Congolese Armed Forces (FARDC) and the rebel March 23 Movement (M23) signed the "
           "Luanda Accord in Angola on Tuesday.",
           2024, 3, 5);
    size_t ev = only_event(&d, NK_EV_SIGNING);
    size_t fardc = tu_entity_of(&d, "FARDC"), m23 = tu_entity_of(&d, "M23");
    assert_int_not_equal(fardc, TU_NO);
    assert_int_not_equal(m23, TU_NO);
    assert_true(tu_has_role(&d, ev, "signatory", fardc));
    assert_true(tu_has_role(&d, ev, "signatory", m23));
    nk_doc_free(&d);
}

/* "the sides" are the pair named together, even with an adjective before
 * the second ("the army and the rebel M23"), not the states named most */
static void the_sides_named_with_an_adjective(void **state)
{
    (void)state;
    nk_doc d;
    tu_doc(&d,
           "Delegates of the Congolese Armed Forces (FARDC) and the rebel March 23 Movement (M23) met in Angola. "
           "Angola and Rwanda hosted the talks. Angolan President Joao Lourenco urged both sides to respect the truce.",
           2024, 3, 5);
    size_t ev = only_event(&d, NK_EV_APPEAL);
    assert_true(tu_has_role(&d, ev, "addressee", tu_entity_of(&d, "FARDC")));
    assert_true(tu_has_role(&d, ev, "addressee", tu_entity_of(&d, "M23")));
    assert_int_equal(tu_count_role(&d, ev, "addressee"), 2);
    nk_doc_free(&d);
}

static void condemned_is_criticism(void **state)
{
    (void)state;
    nk_doc d;
    tu_doc(&d, "Ukraine condemned Russia for the shelling of Kharkiv.", 2022, 3, 9);
    size_t ev = only_event(&d, NK_EV_CRITICISM);
    assert_true(tu_has_role(&d, ev, "agent", key(&d, "state/UKR")));
    assert_true(tu_has_role(&d, ev, "target", key(&d, "state/RUS")));
    assert_false(tu_has_role(&d, ev, "agent", key(&d, "state/RUS")));
    assert_string_equal(d.events.items[ev].cameo, "111");
    nk_doc_free(&d);
}

static void requested_withdrawal_is_no_withdrawal(void **state)
{
    (void)state;
    nk_doc d;
    tu_doc(&d, "The African Union called for the withdrawal of troops from the border.", 2023, 4, 20);
    assert_int_equal(tu_count_events(&d, NK_EV_WITHDRAWAL), 0);
    size_t ev = only_event(&d, NK_EV_APPEAL);
    char *topic = tu_span_dup(&d, d.events.items[ev].topic);
    assert_non_null(strstr(topic, "withdrawal of troops"));
    free(topic);
    nk_doc_free(&d);
    /* nor is one that was only called for with "to" */
    tu_doc(&d, "Kenya called on Sudan to withdraw its forces.", 2023, 5, 10);
    assert_int_equal(tu_count_events(&d, NK_EV_WITHDRAWAL), 0);
    assert_int_equal(tu_count_events(&d, NK_EV_APPEAL), 1);
    nk_doc_free(&d);
}

static void withdrawal_done_is_withdrawal(void **state)
{
    (void)state;
    nk_doc d;
    tu_doc(&d, "Russia withdrew its troops from Kherson.", 2022, 11, 11);
    size_t ev = only_event(&d, NK_EV_WITHDRAWAL);
    assert_true(tu_has_role(&d, ev, "agent", key(&d, "state/RUS")));
    assert_true(tu_has_role(&d, ev, "location", key(&d, "location/kherson")));
    nk_doc_free(&d);
}

static void assert_event_period(const nk_doc *d, size_t ev, const char *first, const char *last)
{
    char a[11], b[11];
    nk_date_format(d->events.items[ev].earliest, a);
    nk_date_format(d->events.items[ev].latest, b);
    if (strcmp(a, first) != 0 || strcmp(b, last) != 0)
        fail_msg("event period %s..%s, want %s..%s", a, b, first, last);
    assert_int_equal(d->events.items[ev].date.y, 0); /* a period, not a day */
}

static void period_dates_event_without_a_day(void **state)
{
    (void)state;
    nk_doc d;
    tu_doc(&d, "Russia withdrew its troops from Kherson last Fall.", 2023, 2, 10);
    assert_event_period(&d, only_event(&d, NK_EV_WITHDRAWAL), "2022-09-01", "2022-11-30");
    nk_doc_free(&d);
    tu_doc(&d, "In late 2021, Russia withdrew its troops from Kherson.", 2023, 2, 10);
    assert_event_period(&d, only_event(&d, NK_EV_WITHDRAWAL), "2021-09-01", "2021-12-31");
    nk_doc_free(&d);
    /* a day in the sentence wins over the period */
    tu_doc(&d, "On Monday, Russia withdrew its troops from Kherson, deployed last year.", 2023, 2, 10);
    assert_event_date(&d, only_event(&d, NK_EV_WITHDRAWAL), 2023, 2, 6);
    nk_doc_free(&d);
    /* a limit is no date of the event; nor is a period of what was asked */
    tu_doc(&d, "Russia withdrew its troops from Kherson by late 2021.", 2023, 2, 10);
    assert_int_equal(d.events.items[only_event(&d, NK_EV_WITHDRAWAL)].earliest.y, 0);
    nk_doc_free(&d);
    tu_doc(&d, "The European Union called on Serbia to release the three police officers detained last month.", 2023,
           7, 5);
    assert_int_equal(d.events.items[only_event(&d, NK_EV_APPEAL)].earliest.y, 0);
    nk_doc_free(&d);
    /* a statement is dated by a period before its verb */
    tu_doc(&d, "Last month, the European Union called on Serbia to release the police officers.", 2023, 7, 5);
    assert_event_period(&d, only_event(&d, NK_EV_APPEAL), "2023-06-01", "2023-06-30");
    nk_doc_free(&d);
}

static void weekday_date_resolved_against_document(void **state)
{
    (void)state;
    nk_doc d;
    /* 2023-05-31 was a Wednesday: "on Monday" is 2023-05-29 */
    tu_doc(&d, "The European Union called on Serbia and Kosovo on Monday to de-escalate.", 2023, 5, 31);
    size_t ev = only_event(&d, NK_EV_APPEAL);
    assert_event_date(&d, ev, 2023, 5, 29);
    nk_doc_free(&d);
    tu_doc(&d, "Egypt urged calm on the 3rd.", 2023, 5, 10);
    assert_event_date(&d, only_event(&d, NK_EV_APPEAL), 2023, 5, 3);
    nk_doc_free(&d);
    tu_doc(&d, "Serbia and Kosovo met in Brussels on June 2.", 2023, 6, 5);
    assert_event_date(&d, only_event(&d, NK_EV_MEETING), 2023, 6, 2);
    nk_doc_free(&d);
    /* no document date and none in the text: no date */
    tu_doc(&d, "Serbia and Kosovo met in Brussels.", 0, 0, 0);
    assert_int_equal(d.events.items[only_event(&d, NK_EV_MEETING)].date.y, 0);
    nk_doc_free(&d);
}

/* A wire dateline's date is the day the story was filed: the weekday in
 * the sentence dates what it tells; alone, the dateline gives the story's. */
static void dateline_date_does_not_date_the_event(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        int y, m, d;
    } cases[] = {
        /* 2024-03-12 was a Tuesday: "on Monday" is 2024-03-11 */
        {"BOGOTA, March 12 (Reuters) - Colombia and Venezuela met in Caracas on Monday.", 2024, 3, 11},
        {"Moscow, 12 March 2024 \xe2\x80\x94 Russia and China met in Beijing on Monday.", 2024, 3, 11},
        {"MOSCOW, March 12. /TASS/. Russia and China met in Beijing.", 2024, 3, 12},
        {"March 5 - Russia and China met in Beijing on Monday.", 2024, 3, 11},
        /* a date that opens a sentence of its own is no dateline */
        {"On March 5, Russia and China met in Beijing.", 2024, 3, 5},
        {"Talks ended. March 5 - Russia and China met in Beijing on Monday.", 2024, 3, 5},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        nk_doc d;
        tu_doc(&d, cases[i].text, 2024, 3, 12);
        assert_event_date(&d, only_event(&d, NK_EV_MEETING), cases[i].y, cases[i].m, cases[i].d);
        nk_doc_free(&d);
    }
    /* a period in the sentence dates the event, not the dateline's day */
    nk_doc d;
    tu_doc(&d, "Moscow, 12 March 2024 \xe2\x80\x94 Russia and China met in Beijing last week.", 2024, 3, 12);
    size_t ev = only_event(&d, NK_EV_MEETING);
    char a[16], b[16];
    nk_date_format(d.events.items[ev].earliest, a);
    nk_date_format(d.events.items[ev].latest, b);
    assert_string_equal(a, "2024-03-04");
    assert_string_equal(b, "2024-03-10");
    nk_doc_free(&d);
}

/* A statement in the present tense is made on the day it is published,
 * also when its trigger is a noun or participle governed by a present verb;
 * the dates in its sentence are those of what it speaks about. */
static void present_statement_dated_by_publication(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        nk_evclass cls;
        int d;
    } cases[] = {
        {"The European Union reiterates its call on Serbia and Kosovo to respect the agreement of 2 March.",
         NK_EV_APPEAL, 21},
        {"The European Union conveys its deepest condolences to Serbia for the dead of 14 March.", NK_EV_CONCERN,
         21},
        {"The European Union is deeply alarmed by the fighting in Kosovo on 14 March.",
         NK_EV_CONCERN, 21},
        {"Serbia remains committed to the agreement reached on 2 March.", NK_EV_COMMITMENT, 21},
        /* a date deep in what was asked is not the day of the asking */
        {"The European Union called on Serbia and Kosovo to agree a deal before the talks end on 30 March.",
         NK_EV_APPEAL, 21},
        {"The European Union called on Serbia and Kosovo on 19 March to agree a deal.", NK_EV_APPEAL, 19},
        /* past: the date in the sentence */
        {"The European Union reiterated its call on Serbia and Kosovo on 2 March to de-escalate.", NK_EV_APPEAL, 2},
        {"The European Union was deeply alarmed on 14 March by the fighting in Kosovo.", NK_EV_CONCERN, 14},
        /* what a statement speaks of is not dated by its date */
        {"The European Union condemned the attack on the port of Izmail on 14 March.", NK_EV_CRITICISM, 21},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        nk_doc d;
        tu_doc(&d, cases[i].text, 2024, 3, 21);
        assert_event_date(&d, only_event(&d, cases[i].cls), 2024, 3, cases[i].d);
        nk_doc_free(&d);
    }
    /* a statement without a day of its own is dated by the story so far,
     * not by a date its own sentence gave something else */
    nk_doc d;
    tu_doc(&d,
           "Serbia and Kosovo met in Brussels on 19 March. The European Union welcomed the release of three officers "
           "by Serbia and called on both sides to agree a deal before the talks end on 30 March.",
           2024, 3, 21);
    assert_event_date(&d, only_event(&d, NK_EV_APPEAL), 2024, 3, 19);
    nk_doc_free(&d);
}

/* "by X" names the doer of the trigger, not of a participle further on;
 * but what a criticism's object was done by is still named. */
static void by_phrase_belongs_to_the_nearest_verb(void **state)
{
    (void)state;
    nk_doc d;
    tu_doc(&d, "Israel frees 40 Palestinian prisoners under a truce brokered by Qatar.", 2024, 5, 2);
    size_t ev = only_event(&d, NK_EV_RELEASE), isr = key(&d, "state/ISR");
    assert_true(tu_has_role(&d, ev, "agent", isr));
    assert_int_equal(tu_count_role(&d, ev, "agent"), 1);
    nk_doc_free(&d);
    tu_doc(&d, "The prisoners were freed by Hamas after talks in Cairo.", 2024, 5, 2);
    ev = only_event(&d, NK_EV_RELEASE);
    assert_true(tu_has_role(&d, ev, "agent", key(&d, "org/hamas")));
    nk_doc_free(&d);
    tu_doc(&d, "Armenia condemned the barbaric acts committed against civilians by Azerbaijan.", 2024, 5, 2);
    ev = only_event(&d, NK_EV_CRITICISM);
    assert_true(tu_has_role(&d, ev, "agent", key(&d, "state/ARM")));
    assert_false(tu_has_role(&d, ev, "agent", key(&d, "state/AZE")));
    assert_true(tu_count_role(&d, ev, "target") + tu_count_role(&d, ev, "other") >= 1);
    nk_doc_free(&d);
}

/* A thing done named as a noun after what someone said of it was not done
 * by the sayer: no event without "by X"; with it, X did it. */
static void sayer_is_not_the_doer(void **state)
{
    (void)state;
    nk_doc d;
    tu_doc(&d, "Antonio Guterres welcomed the releases and called on both sides to agree a ceasefire.", 2024, 3, 12);
    assert_int_equal(tu_count_events(&d, NK_EV_RELEASE), 0);
    assert_int_equal(tu_count_events(&d, NK_EV_SUPPORT), 1);
    nk_doc_free(&d);
    tu_doc(&d, "Colombia said the releases showed that the peace process was working.", 2024, 3, 12);
    assert_int_equal(tu_count_events(&d, NK_EV_RELEASE), 0);
    nk_doc_free(&d);
    tu_doc(&d, "Antonio Guterres welcomed the release by Hamas of 13 hostages.", 2024, 3, 12);
    size_t ev = only_event(&d, NK_EV_RELEASE);
    assert_true(tu_has_role(&d, ev, "agent", key(&d, "org/hamas")));
    assert_int_equal(tu_count_role(&d, ev, "agent"), 1);
    nk_doc_free(&d);
    /* a doer who announces it still did it */
    tu_doc(&d, "Russia completed the withdrawal of its troops from Kherson.", 2024, 3, 12);
    assert_true(tu_has_role(&d, only_event(&d, NK_EV_WITHDRAWAL), "agent", key(&d, "state/RUS")));
    nk_doc_free(&d);
}

/* The place of a wire dateline is where the story was filed: a participle
 * after the main clause has the clause's subject, not the dateline's city. */
static void dateline_place_is_no_subject(void **state)
{
    (void)state;
    nk_doc d;
    tu_doc(&d, "JERUSALEM, May 2 (AP) - Israel released 40 prisoners, freeing them hours after Hamas freed 13 hostages.",
           2024, 5, 2);
    for (size_t i = 0; i < d.events.len; i++) {
        assert_int_equal(tu_count_role(&d, i, "agent"), 1);
        assert_false(tu_has_role(&d, i, "agent", key(&d, "location/jerusalem")));
    }
    assert_true(tu_count_events(&d, NK_EV_RELEASE) >= 2); /* "released …, freeing them" may be one */
    nk_doc_free(&d);
    /* a hyphen inside a word is no dateline dash */
    tu_doc(&d, "Congolese President Felix Tshisekedi, who seeks re-election, again accused Rwanda of backing the M23.",
           2024, 5, 2);
    assert_int_equal(tu_count_role(&d, only_event(&d, NK_EV_CRITICISM), "agent"), 2);
    nk_doc_free(&d);
}

static void meeting_participants_and_place(void **state)
{
    (void)state;
    nk_doc d;
    tu_doc(&d, "Serbia and Kosovo met in Brussels.", 2023, 6, 5);
    size_t ev = only_event(&d, NK_EV_MEETING);
    assert_true(tu_has_role(&d, ev, "participant", key(&d, "state/SRB")));
    assert_true(tu_has_role(&d, ev, "participant", key(&d, "state/XKX")));
    assert_true(tu_has_role(&d, ev, "location", key(&d, "location/brussels")));
    assert_int_equal(tu_count_role(&d, ev, "agent"), 0);
    nk_doc_free(&d);
}

static void quoted_appeal_reported_by_speaker(void **state)
{
    (void)state;
    nk_doc d;
    tu_doc(&d, "\xE2\x80\x9CWe urge Serbia to show restraint,\xE2\x80\x9D the Kenyan President said.", 2023, 5, 31);
    size_t ev = only_event(&d, NK_EV_APPEAL);
    size_t ken = key(&d, "state/KEN");
    assert_true(tu_has_role(&d, ev, "agent", ken));
    assert_true(tu_has_role(&d, ev, "addressee", key(&d, "state/SRB")));
    assert_int_equal(d.events.items[ev].reported_by, ken + 1);
    nk_doc_free(&d);
    /* "X must ..." in a quotation: an appeal by the speaker to X */
    tu_doc(&d, "\xE2\x80\x9CSerbia must withdraw its police,\xE2\x80\x9D said Josep Borrell.", 2023, 5, 31);
    ev = only_event(&d, NK_EV_APPEAL);
    size_t borrell = tu_entity_of(&d, "Josep Borrell");
    assert_true(borrell != TU_NO);
    assert_true(tu_has_role(&d, ev, "agent", borrell));
    assert_true(tu_has_role(&d, ev, "addressee", key(&d, "state/SRB")));
    assert_int_equal(d.events.items[ev].reported_by, borrell + 1);
    assert_int_equal(tu_count_events(&d, NK_EV_WITHDRAWAL), 0);
    nk_doc_free(&d);
}

static void pronoun_continues_the_agents(void **state)
{
    (void)state;
    nk_doc d;
    tu_doc(&d, "Kenya and Egypt called on Sudan to stop the fighting. They also condemned the attack.", 2023, 5, 31);
    size_t ev = only_event(&d, NK_EV_CRITICISM);
    assert_int_equal(d.events.items[ev].sentence, 1);
    assert_true(tu_has_role(&d, ev, "agent", key(&d, "state/KEN")));
    assert_true(tu_has_role(&d, ev, "agent", key(&d, "state/EGY")));
    assert_false(tu_has_role(&d, ev, "agent", key(&d, "state/SDN")));
    nk_doc_free(&d);
}

static void no_actor_no_event(void **state)
{
    (void)state;
    nk_doc d;
    tu_doc(&d, "The decision was welcomed.", 2023, 6, 5);
    assert_int_equal(d.events.len, 0);
    nk_doc_free(&d);
    tu_doc(&d, "Calls for calm grew louder.", 2023, 6, 5);
    assert_int_equal(d.events.len, 0);
    nk_doc_free(&d);
}

static void demonym_outside_any_mention(void **state)
{
    (void)state;
    nk_doc d;
    tu_doc(&d, "Ukrainian Foreign Minister Dmytro Kuleba met his Polish counterpart in Warsaw.", 2022, 3, 9);
    size_t ev = only_event(&d, NK_EV_MEETING);
    assert_true(tu_has_role(&d, ev, "participant", key(&d, "person/kuleba")));
    nk_doc_free(&d);
}

static void pipeline_frees_what_it_allocates(void **state)
{
    (void)state;
    const char *text = "Kenya and Egypt called on Sudan to stop the fighting. They also condemned the attack.";
    nk_doc d;
    tu_doc(&d, text, 2023, 5, 31); /* warm up: the knowledge base, ICU's tables */
    nk_doc_free(&d);
    tu_doc(&d, text, 2023, 5, 31);
    nk_doc_free(&d);
    size_t before = mallinfo2().uordblks;
    for (int i = 0; i < 20; i++) {
        tu_doc(&d, text, 2023, 5, 31);
        nk_doc_free(&d);
    }
    size_t after = mallinfo2().uordblks;
    if (after > before) {
        print_message("%zu bytes still allocated after 20 documents\n", after - before);
        fail();
    }
}

static void class_names_round_trip(void **state)
{
    (void)state;
    for (int c = 0; c < NK_EV_COUNT; c++)
        assert_int_equal(nk_evclass_from_name(nk_evclass_name((nk_evclass)c)), c);
    assert_string_equal(nk_evclass_name(NK_EV_APPEAL), "Appeal");
    assert_string_equal(nk_evclass_name(NK_EV_WITHDRAWAL), "Withdrawal");
    assert_int_equal(nk_evclass_from_name("Nonsense"), -1);
    for (int c = 1; c < NK_CLASS_COUNT; c++)
        assert_int_equal(nk_class_from_name(nk_class_name((nk_class)c)), c);
    assert_int_equal(nk_class_from_name("Event"), NK_NONE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(appeal_with_agent_and_addressees),
        cmocka_unit_test(welcome_is_support),
        cmocka_unit_test(deep_concern_is_concern),
        cmocka_unit_test(description_then_name_apposition),
        cmocka_unit_test(participle_after_reporting_clause),
        cmocka_unit_test(coordination_across_acronyms),
        cmocka_unit_test(the_sides_named_with_an_adjective),
        cmocka_unit_test(condemned_is_criticism),
        cmocka_unit_test(requested_withdrawal_is_no_withdrawal),
        cmocka_unit_test(withdrawal_done_is_withdrawal),
        cmocka_unit_test(weekday_date_resolved_against_document),
        cmocka_unit_test(dateline_date_does_not_date_the_event),
        cmocka_unit_test(present_statement_dated_by_publication),
        cmocka_unit_test(by_phrase_belongs_to_the_nearest_verb),
        cmocka_unit_test(dateline_place_is_no_subject),
        cmocka_unit_test(sayer_is_not_the_doer),
        cmocka_unit_test(meeting_participants_and_place),
        cmocka_unit_test(quoted_appeal_reported_by_speaker),
        cmocka_unit_test(pronoun_continues_the_agents),
        cmocka_unit_test(no_actor_no_event),
        cmocka_unit_test(demonym_outside_any_mention),
        cmocka_unit_test(pipeline_frees_what_it_allocates),
        cmocka_unit_test(class_names_round_trip),
        cmocka_unit_test(period_dates_event_without_a_day),
    };
    return cmocka_run_group_tests_name("extract", tests, NULL, NULL);
}
