/* incident.c — see incident.h.  Facts attach to the incident named in the
 * sentence, or else to the one named in the sentence or two before ("The
 * worst escalation … was registered on November 16. As a result, seven
 * servicemen were killed"). */
#include "incident.h"
#include "mention.h"
#include "norm.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define NO ((size_t)-1)

typedef struct {
    nk_doc *d;
    const nk_kb *kb;
    char **keys;
    size_t n;
    size_t *ent;   /* outermost mention's entity per token */
    size_t *last_inc, *first_inc; /* per sentence: the last and first incident named in it */
} ctx;

static bool key_is(const ctx *c, size_t i, const char *w) { return i < c->n && strcmp(c->keys[i], w) == 0; }

long nk_number_value(const char *s, size_t n)
{
    static const char *words[] = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
                                  "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen",
                                  "sixteen", "seventeen", "eighteen", "nineteen", "twenty"};
    static const struct { const char *w; long v; } tens[] = {
        {"thirty", 30}, {"forty", 40}, {"fifty", 50}, {"sixty", 60}, {"seventy", 70}, {"eighty", 80},
        {"ninety", 90}, {"hundred", 100}, {"dozen", 12}};
    if (n == 0 || n > 24)
        return -1;
    if (isdigit((unsigned char)s[0])) {
        long v = 0;
        for (size_t i = 0; i < n; i++) {
            if (s[i] == ',')
                continue;
            if (!isdigit((unsigned char)s[i]) || v > 100000000)
                return -1;
            v = v * 10 + (s[i] - '0');
        }
        return v;
    }
    for (size_t k = 0; k < sizeof words / sizeof *words; k++)
        if (strlen(words[k]) == n && strncasecmp(s, words[k], n) == 0)
            return (long)k;
    for (size_t k = 0; k < sizeof tens / sizeof *tens; k++)
        if (strlen(tens[k].w) == n && strncasecmp(s, tens[k].w, n) == 0)
            return tens[k].v;
    return -1;
}

static long number_at(const ctx *c, size_t i)
{
    if (i >= c->n)
        return -1;
    const nk_token *t = &c->d->tokens.items[i];
    return nk_number_value(c->d->text + t->span.b, t->span.e - t->span.b);
}

/* The incident a fact in sentence s is about: named in s, else in the three
 * sentences before (a headline above a dateline and a byline), else in the next one ("Three soldiers were killed …
 * The Battal firing was the deadliest incident …"). */
static size_t incident_for(const ctx *c, size_t s)
{
    /* c->last_inc[s]: the last incident named in sentence s; first_inc[s]: the first */
    for (size_t k = s + 1; k-- > 0 && k + 3 >= s;)
        if (c->last_inc[k] != NO)
            return c->last_inc[k];
    return s + 1 < c->d->sentences.len ? c->first_inc[s + 1] : NO;
}

static size_t state_entity(ctx *c, size_t entry, size_t tok_i)
{
    const nk_gaz *g = nk_kb_entry(c->kb, entry);
    char *key = nk_mention_gaz_key(g);
    size_t e = nk_doc_entity(c->d, key, g->cls, entry + 1);
    free(key);
    nk_entity *ent = &c->d->entities.items[e];
    if (ent->first_mention == NO) { /* the demonym names the state here */
        const nk_token *t = &c->d->tokens.items[tok_i];
        nk_mention m = {t->span, tok_i, tok_i + 1, t->sentence, e};
        NK_PUSH(c->d->mentions, m);
        nk_entity_add_form(ent, c->d->text + t->span.b, t->span.e - t->span.b);
        ent->first_mention = c->d->mentions.len - 1;
    }
    return e;
}

/* The state a token names by a demonym or by name, or NO. */
static size_t state_at(ctx *c, size_t i)
{
    if (i >= c->n)
        return NO;
    if (c->ent[i] != NO && c->d->entities.items[c->ent[i]].cls == NK_STATE)
        return c->ent[i];
    size_t entry;
    if ((c->d->tokens.items[i].flags & NK_TOK_UPPER) && nk_kb_demonym(c->kb, c->keys[i], &entry))
        return state_entity(c, entry, i);
    return NO;
}

static bool is_casualty_noun(const ctx *c, size_t i)
{
    static const char *w[] = {"soldiers", "soldier", "servicemen", "serviceman", "troops", "people", "civilians",
                              "civilian", "persons", "fighters", "militants", "police", "officers", "children",
                              "women", "men", "residents", "peacekeepers", "members", "personnel",
                              "servicemembers", "others", "more", "enemy", "guards", "border", "workers",
                              "peacekeeper", "person", "child", "woman", "man", "policeman", "fighter",
                              "militant", "officer", "guard", "worker", "journalist", "journalists"};
    for (size_t k = 0; k < sizeof w / sizeof *w; k++)
        if (key_is(c, i, w[k]))
            return true;
    return false;
}

typedef enum { NONE, KILLED, WOUNDED } toll;

static toll toll_word(const ctx *c, size_t i)
{
    if (key_is(c, i, "killed") || key_is(c, i, "dead") || key_is(c, i, "died") || key_is(c, i, "perished") ||
        key_is(c, i, "killing"))
        return KILLED;
    if (key_is(c, i, "wounded") || key_is(c, i, "injured") || key_is(c, i, "hurt") || key_is(c, i, "wounding") ||
        key_is(c, i, "injuring"))
        return WOUNDED;
    return NONE;
}

static void add_toll(ctx *c, size_t inc, toll t, long lo, long hi, size_t s)
{
    const char *base = t == KILLED ? "killed" : "wounded";
    if (lo == hi) {
        nk_doc_fact_int(c->d, inc, base, lo, s);
    } else {
        nk_doc_fact_int(c->d, inc, t == KILLED ? "killedMin" : "woundedMin", lo, s);
        nk_doc_fact_int(c->d, inc, t == KILLED ? "killedMax" : "woundedMax", hi, s);
    }
}

/* "six to eight [Armenian] troops were killed", "10 were wounded",
 * "killed 3 soldiers", "between six and eight" — for sentence s. */
static void casualties(ctx *c, size_t inc, size_t b, size_t e, size_t s)
{
    for (size_t i = b; i < e; i++) {
        long lo = number_at(c, i);
        if (lo < 0 || (i > b && key_is(c, i - 1, "clause")))
            continue;
        long hi = lo;
        size_t k = i + 1;
        if ((key_is(c, k, "to") || key_is(c, k, "or") || key_is(c, k, "-")) && number_at(c, k + 1) >= lo) {
            hi = number_at(c, k + 1);
            k += 2;
        } else if (i > b && key_is(c, i - 1, "between") && key_is(c, k, "and") && number_at(c, k + 1) >= lo) {
            hi = number_at(c, k + 1);
            k += 2;
        }
        /* the people counted, then "were killed" / "killed" within a few words */
        size_t victims_state = NO;
        size_t j = k;
        for (; j < e && j < k + 4; j++) {
            if (toll_word(c, j) != NONE)
                break; /* "and seven wounded" */
            size_t st = state_at(c, j);
            if (st != NO)
                victims_state = st;
            else if (!is_casualty_noun(c, j) && !(c->d->tokens.items[j].flags & NK_TOK_WORD && j == k &&
                                                  !(c->d->tokens.items[j].flags & NK_TOK_UPPER)))
                break;
        }
        /* "one peacekeeper from Ghana was killed" */
        if ((key_is(c, j, "from") || key_is(c, j, "of")) && j + 1 < e &&
            (c->d->tokens.items[j + 1].flags & NK_TOK_UPPER)) {
            j += 2;
            while (j < e && (c->d->tokens.items[j].flags & NK_TOK_UPPER))
                j++;
        }
        if (key_is(c, j, "were") || key_is(c, j, "was") || key_is(c, j, "have") || key_is(c, j, "had"))
            j++;
        if (key_is(c, j, "been"))
            j++;
        toll t = toll_word(c, j);
        /* "killed 3 soldiers", "killing between six and eight people", "killed at least 12" */
        size_t q = i;
        while (q > b && (key_is(c, q - 1, "between") || key_is(c, q - 1, "about") || key_is(c, q - 1, "some") ||
                         key_is(c, q - 1, "nearly") || key_is(c, q - 1, "least") || key_is(c, q - 1, "at") ||
                         key_is(c, q - 1, "almost") || key_is(c, q - 1, "around")) && i - q < 3)
            q--;
        if (t == NONE && q > b && toll_word(c, q - 1) != NONE)
            t = toll_word(c, q - 1);
        if (t == NONE)
            continue;
        add_toll(c, inc, t, lo, hi, s);
        if (victims_state != NO)
            nk_doc_fact_entity(c->d, inc, "victimState", victims_state, s);
        /* "… killed and 10 were wounded" */
        i = j;
    }
}

/* "Azerbaijani soldier Ayaz Nazarov was killed", "detention of several
 * Armenian soldiers": the state whose people were hit. */
static void victims(ctx *c, size_t inc, size_t b, size_t e, size_t s)
{
    for (size_t i = b; i + 1 < e; i++) {
        size_t st = state_at(c, i);
        if (st == NO || !is_casualty_noun(c, i + 1))
            continue;
        bool hit = false;
        for (size_t k = i + 2; k < e && k < i + 8; k++)
            if (toll_word(c, k) != NONE || key_is(c, k, "detained") || key_is(c, k, "captured"))
                hit = true;
        if (i >= 2 && (key_is(c, i - 1, "several") || key_is(c, i - 1, "the")) && key_is(c, i - 2, "of"))
            hit = true; /* "detention of several Armenian soldiers" */
        if (hit)
            nk_doc_fact_entity(c->d, inc, "victimState", st, s);
    }
}

/* Blame: "Armenian-initiated", "by Azerbaijani forces" after the incident,
 * "at the direction of X". */
static void blame(ctx *c, size_t inc, size_t b, size_t e, size_t s)
{
    for (size_t i = b; i < e; i++) {
        size_t st = state_at(c, i);
        if (st != NO && i + 2 < e && key_is(c, i + 1, "-") &&
            (key_is(c, i + 2, "initiated") || key_is(c, i + 2, "led") || key_is(c, i + 2, "backed") ||
             key_is(c, i + 2, "instigated") || key_is(c, i + 2, "provoked")))
            nk_doc_fact_entity(c->d, inc, "blamedOn", st, s);
        /* "the detention of several Armenian soldiers by Azerbaijani forces" */
        if (key_is(c, i, "by") && i > b && c->ent[i - 1] == inc) {
            size_t k = i + 1 + key_is(c, i + 1, "the");
            size_t st2 = state_at(c, k);
            if (st2 != NO)
                nk_doc_fact_entity(c->d, inc, "blamedOn", st2, s);
        }
        /* "the Azerbaijani aggression": the demonym names the aggressor */
        if (st != NO && c->ent[i] == NO && i + 1 < e && c->ent[i + 1] == inc &&
            (key_is(c, i + 1, "aggression") || key_is(c, i + 1, "invasion") || key_is(c, i + 1, "offensive") ||
             key_is(c, i + 1, "attack") || key_is(c, i + 1, "attacks") || key_is(c, i + 1, "shelling")))
            nk_doc_fact_entity(c->d, inc, "blamedOn", st, s);
        if (key_is(c, i, "direction") && i + 2 < e && key_is(c, i + 1, "of")) {
            for (size_t k = i + 2; k < e && k < i + 10; k++) {
                if (c->ent[k] != NO && (c->d->entities.items[c->ent[k]].cls == NK_STATE ||
                                        c->d->entities.items[c->ent[k]].cls == NK_OFFICIAL)) {
                    nk_doc_fact_entity(c->d, inc, "blamedOn", c->ent[k], s);
                    size_t st2 = c->ent[k];
                    while (k < e && c->ent[k] == st2)
                        k++;
                    if (k >= e || !(c->ent[k] != NO || key_is(c, k, "'s") || (c->d->tokens.items[k].flags & NK_TOK_UPPER) ||
                                    !(c->d->tokens.items[k].flags & NK_TOK_WORD)))
                        break;
                }
            }
        }
    }
}

/* Places named after "in", "near", "along", "on" in the incident's sentence. */
static void places(ctx *c, size_t inc, size_t b, size_t e, size_t s)
{
    for (size_t i = b + 1; i < e; i++) {
        size_t en = c->ent[i];
        if (en == NO || c->d->entities.items[en].cls != NK_LOCATION || (i > 0 && c->ent[i - 1] == en))
            continue;
        size_t k = i - 1;
        if (key_is(c, k, "the"))
            k--;
        if (k < c->n && (key_is(c, k, "in") || key_is(c, k, "near") || key_is(c, k, "along") ||
                         key_is(c, k, "on") || key_is(c, k, "at") || key_is(c, k, "of") || key_is(c, k, "and")))
            nk_doc_fact_entity(c->d, inc, "location", en, s);
    }
}

void nk_incident_facts(nk_doc *d, const nk_kb *kb)
{
    ctx c = {d, kb, nk_norm_doc_keys(d), d->tokens.len, NULL, NULL, NULL};
    c.ent = nk_alloc((c.n + 1) * sizeof(size_t));
    for (size_t i = 0; i <= c.n; i++)
        c.ent[i] = NO;
    for (size_t m = 0; m < d->mentions.len; m++)
        for (size_t i = d->mentions.items[m].tok_b; i < d->mentions.items[m].tok_e && i < c.n; i++)
            if (c.ent[i] == NO)
                c.ent[i] = d->mentions.items[m].entity;
    c.last_inc = nk_alloc((d->sentences.len + 1) * sizeof(size_t));
    c.first_inc = nk_alloc((d->sentences.len + 1) * sizeof(size_t));
    for (size_t s = 0; s <= d->sentences.len; s++)
        c.last_inc[s] = c.first_inc[s] = NO;
    for (size_t m = 0; m < d->mentions.len; m++) { /* mentions are in text order */
        const nk_mention *mm = &d->mentions.items[m];
        if (d->entities.items[mm->entity].cls != NK_INCIDENT || mm->sentence >= d->sentences.len)
            continue;
        c.last_inc[mm->sentence] = mm->entity;
        if (c.first_inc[mm->sentence] == NO)
            c.first_inc[mm->sentence] = mm->entity;
    }
    size_t tb = 0;
    for (size_t s = 0; s < d->sentences.len; s++) {
        size_t te = tb;
        while (te < c.n && d->tokens.items[te].sentence == s)
            te++;
        size_t inc = incident_for(&c, s);
        if (inc != NO && d->entities.items[inc].gaz == 0) {
            casualties(&c, inc, tb, te, s);
            victims(&c, inc, tb, te, s);
            places(&c, inc, tb, te, s);
        }
        if (inc != NO)
            blame(&c, inc, tb, te, s);
        tb = te;
    }
    free(c.ent);
    free(c.last_inc);
    free(c.first_inc);
}
