/* extract.c — see extract.h.
 *
 * Shallow and rule-based, by design: a trigger word from the lexicon, the
 * actors named before it in its clause (its agents: coordinated names, a
 * pronoun resolved to what it stands for, the speaker of a quotation), the
 * actors after it (addressee, target, participants), an agreement named in
 * the sentence, and a date.  Requested actions are not events of their
 * own class: "call for the withdrawal of troops" is one Appeal. */
#include "extract.h"
#include "date.h"
#include "period.h"
#include "mention.h"
#include "norm.h"
#include "buf.h"
#include "token.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define NO ((size_t)-1)

typedef NK_VEC(size_t) idlist;

typedef struct {
    nk_doc *d;
    const nk_kb *kb;
    char **keys;
    size_t n;
    size_t *ent;       /* per token: entity of the outermost mention covering it, or NO */
    size_t *ment_b;    /* per token: first token of that mention */
    size_t *speaker;   /* per token: entity speaking when the token is quoted, or NO */
    bool *quoted;
    size_t *dem;       /* per token: state entry of a demonym not inside a mention, or NO */
    idlist last_group;  /* the latest coordinated actors, for "they" in object position */
    idlist last_agents; /* the latest agents, for "they" as a subject */
    size_t last_agent_sentence;
    idlist sides;      /* "the sides", once found */
    bool sides_known;
    size_t last_person, last_actor;
    size_t last_subject, last_subject_sentence; /* the person who last opened a sentence */
    nk_date narrative; /* the date the story has reached */
    nk_date narrative_before; /* …before narrative_sentence moved it */
    size_t narrative_sentence;
    unsigned *word_kinds; /* per token: nk_kb_word of its key (looked up once) */
} ctx;

static const nk_token *tok(const ctx *c, size_t i) { return &c->d->tokens.items[i]; }
static bool key_is(const ctx *c, size_t i, const char *w) { return i < c->n && strcmp(c->keys[i], w) == 0; }
static bool same_sentence(const ctx *c, size_t i, size_t j)
{
    return i < c->n && j < c->n && tok(c, i)->sentence == tok(c, j)->sentence;
}

static bool is_any(const ctx *c, size_t i, const char *const *words, size_t nw)
{
    for (size_t k = 0; k < nw; k++)
        if (key_is(c, i, words[k]))
            return true;
    return false;
}
#define IS_ANY(c, i, ...) is_any(c, i, (const char *const[]){__VA_ARGS__}, sizeof((const char *const[]){__VA_ARGS__}) / sizeof(char *))

static nk_class cls_of(const ctx *c, size_t e) { return c->d->entities.items[e].cls; }
static bool is_actor(const ctx *c, size_t e)
{
    nk_class k = cls_of(c, e);
    if (k == NK_LOCATION) { /* "praised Bucharest", "urged Moscow": a capital speaks for its government */
        size_t g = c->d->entities.items[e].gaz;
        return g && nk_kb_entry(c->kb, g - 1)->is_capital;
    }
    return k == NK_STATE || k == NK_OFFICIAL || k == NK_PERSON || k == NK_ORGANIZATION;
}
static unsigned kinds(const ctx *c, size_t i);

static bool is_actor_at(const ctx *c, size_t i)
{
    if (i >= c->n)
        return false;
    if (c->ent[i] != NO && cls_of(c, c->ent[i]) == NK_LOCATION && is_actor(c, c->ent[i])) {
        /* a capital is a place "in Moscow", a modifier in "the Brussels
         * meeting", and its government only as a subject or an object */
        size_t b = c->ment_b[i], e = i;
        while (e < c->n && c->ent[e] == c->ent[i] && c->ment_b[e] == b)
            e++;
        if (b > 0 && IS_ANY(c, b - 1, "in", "at", "from", "to", "near", "into", "outside", "across", "via", "through",
                            "around", "of"))
            return false;
        if (e < c->n && (nk_kb_trigger(c->kb, c->keys[e]) || kinds(c, e)))
            return false;
        return true;
    }
    return (c->ent[i] != NO && is_actor(c, c->ent[i])) || c->dem[i] != NO;
}

static bool is_mention_actor(const ctx *c, size_t i) { return c->ent[i] != NO && is_actor(c, c->ent[i]); }

/* The entity an actor token stands for; a demonym becomes its state, with
 * the demonym as a mention when the state had none ("the Azerbaijani,
 * Russian and Armenian leaders"). */
static size_t actor_entity(ctx *c, size_t i)
{
    if (is_mention_actor(c, i))
        return c->ent[i];
    const nk_gaz *g = nk_kb_entry(c->kb, c->dem[i]);
    char *key = nk_mention_gaz_key(g);
    size_t e = nk_doc_entity(c->d, key, g->cls, c->dem[i] + 1);
    free(key);
    nk_entity *ent = &c->d->entities.items[e];
    if (ent->first_mention == NO) {
        const nk_token *t = &c->d->tokens.items[i];
        nk_mention m = {t->span, i, i + 1, t->sentence, e};
        NK_PUSH(c->d->mentions, m);
        nk_entity_add_form(ent, c->d->text + t->span.b, t->span.e - t->span.b);
        ent->first_mention = c->d->mentions.len - 1;
    }
    return e;
}

/* End token of the actor mention at i (a demonym is one token). */
static size_t actor_end(const ctx *c, size_t i, size_t limit)
{
    if (!is_mention_actor(c, i))
        return i + 1;
    size_t e = c->ent[i], b = c->ment_b[i], k = i;
    while (k < limit && c->ent[k] == e && c->ment_b[k] == b)
        k++;
    return k;
}


static unsigned kinds(const ctx *c, size_t i) { return i < c->n ? c->word_kinds[i] : 0; }

static bool is_word(const ctx *c, size_t i) { return i < c->n && (c->d->tokens.items[i].flags & NK_TOK_WORD); }

static bool is_title_word(const ctx *c, size_t i)
{
    return i < c->n && (c->d->tokens.items[i].flags & NK_TOK_UPPER) && c->ent[i] == NO &&
           (kinds(c, i) & ((1u << NK_WORD_TITLE_HEAD) | (1u << NK_WORD_TITLE_MOD) | (1u << NK_WORD_PORTFOLIO)));
}

/* An office holder without a name stands for whom the office serves:
 * "the Prime Minister of Armenia", "the Azerbaijani President".  Returns
 * the actor token and sets *end after the phrase, or NO. */
static size_t office_holder_at(const ctx *c, size_t i, size_t limit, size_t *end)
{
    size_t k = i;
    if (key_is(c, k, "the"))
        k++;
    if (k < limit && is_actor_at(c, k) && is_title_word(c, actor_end(c, k, limit))) {
        size_t j = actor_end(c, k, limit);
        while (j < limit && is_title_word(c, j))
            j++;
        *end = j;
        return k;
    }
    if (!is_title_word(c, k) && !(NK_IS(kinds(c, k), NK_WORD_LEADER) && key_is(c, k + 1, "of")))
        return NO;
    while (k < limit && (is_title_word(c, k) || NK_IS(kinds(c, k), NK_WORD_LEADER)))
        k++;
    if (!key_is(c, k, "of"))
        return NO;
    k++;
    if (key_is(c, k, "the"))
        k++;
    if (k < limit && is_actor_at(c, k)) {
        *end = actor_end(c, k, limit);
        return k;
    }
    return NO;
}

/* ------------------------------------------------------------ setup */

static void map_mentions(ctx *c)
{
    /* mentions are sorted by start, longest first: the first to cover a token is the outermost */
    for (size_t m = 0; m < c->d->mentions.len; m++) {
        const nk_mention *mm = &c->d->mentions.items[m];
        for (size_t i = mm->tok_b; i < mm->tok_e && i < c->n; i++)
            if (c->ent[i] == NO) {
                c->ent[i] = mm->entity;
                c->ment_b[i] = mm->tok_b;
            }
    }
}

static bool is_open_quote(const ctx *c, size_t i)
{
    return key_is(c, i, "\xE2\x80\x9C") || key_is(c, i, "\xC2\xAB");
}
static bool is_close_quote(const ctx *c, size_t i)
{
    return key_is(c, i, "\xE2\x80\x9D") || key_is(c, i, "\xC2\xBB");
}
static bool is_speech_verb(const ctx *c, size_t i)
{
    return IS_ANY(c, i, "said", "says", "say", "added", "adds", "warned", "stated", "states", "noted", "told",
                  "stressed", "emphasized", "emphasised", "declared", "wrote", "tweeted", "reiterated",
                  "explained", "insisted", "announced", "continued", "concluded");
}

/* The latest person named before token t, for "he said". */
static size_t person_before(const ctx *c, size_t t)
{
    for (size_t k = t; k-- > 0;)
        if (c->ent[k] != NO && (cls_of(c, c->ent[k]) == NK_OFFICIAL || cls_of(c, c->ent[k]) == NK_PERSON))
            return c->ent[k];
    return NO;
}

static size_t attribution_back(ctx *c, size_t v)
{
    for (size_t k = v; k-- > 0 && k + 10 > v && same_sentence(c, k, v);)
        if (is_actor_at(c, k))
            return actor_entity(c, k);
        else if (IS_ANY(c, k, "he", "she"))
            return person_before(c, k);
    return NO;
}

/* The actor a speech verb at v attributes words to: "…,” said X",
 * "X said", "X reiterated that …", "he added". */
static size_t attribution(ctx *c, size_t v)
{
    bool clause_follows = IS_ANY(c, v + 1, "that", ":", ",", "\xE2\x80\x9C", "\"");
    if (!clause_follows)
        for (size_t k = v + 1; k < c->n && k < v + 7 && same_sentence(c, k, v); k++) {
            if (is_actor_at(c, k))
                return actor_entity(c, k);
            if (IS_ANY(c, k, "he", "she"))
                return person_before(c, k);
            /* "said during his meeting X": X is not the speaker */
            if (IS_ANY(c, k, ".", ",", "that", "during", "in", "at", "on", "after", "before", "with", "to", "while"))
                break;
        }
    return attribution_back(c, v);
}

/* Marks quoted tokens with their speaker, found after the closing mark in
 * the same sentence (",” said X"), before the opening mark ("X said: “"),
 * or else the speaker of the quote just before (a statement in parts). */
static void find_quotes(ctx *c)
{
    size_t open = NO, prev_speaker = NO, prev_close = NO;
    bool straight_open = false;
    for (size_t i = 0; i < c->n; i++) {
        bool straight = key_is(c, i, "\"");
        bool opens = is_open_quote(c, i) || (straight && !straight_open);
        bool closes = is_close_quote(c, i) || (straight && straight_open);
        if (opens && open == NO) {
            open = i;
            straight_open = straight;
        } else if (closes && open != NO) {
            size_t sp = NO;
            for (size_t k = i + 1; k < c->n && k < i + 6 && sp == NO && same_sentence(c, k, i); k++)
                if (is_speech_verb(c, k))
                    sp = attribution(c, k);
            for (size_t k = open; k-- > 0 && k + 6 > open && sp == NO && same_sentence(c, k, open);)
                if (is_speech_verb(c, k))
                    sp = attribution(c, k);
            if (sp == NO && prev_close != NO && tok(c, open)->sentence <= tok(c, prev_close)->sentence + 2)
                sp = prev_speaker;
            for (size_t k = open; k <= i; k++) {
                c->quoted[k] = true;
                c->speaker[k] = sp;
            }
            prev_speaker = sp;
            prev_close = i;
            open = NO;
            straight_open = false;
        }
    }
}

/* ------------------------------------------------------------ actors */


static bool contains(const idlist *v, size_t e);

static void add_id(idlist *v, size_t e)
{
    for (size_t i = 0; i < v->len; i++)
        if (v->items[i] == e)
            return;
    NK_PUSH(*v, e);
}

static size_t collect_forward(ctx *c, size_t i, size_t limit, idlist *out, const idlist *exclude);
static size_t sentence_end(const ctx *c, size_t i);

/* The parties an article is about: the first pair it names "between A and
 * B" (talks between the government and the rebels), else its two states
 * most often named on their own, leaving out who acts. */
static bool is_function_word_x(const ctx *c, size_t i);

static void the_sides(ctx *c, idlist *out, const idlist *exclude)
{
    if (!c->sides_known) {
        /* the pair of actors the article names together most often ("the SAF
         * and the RSF", "between Armenia and Azerbaijan"), first met first */
        c->sides_known = true;
        size_t best_a = NO, best_b = NO, best_n = 0;
        NK_VEC(size_t) pa = {0}, pb = {0};
        for (size_t i = 0; i + 2 < c->n; i++) {
            if (!is_mention_actor(c, i) || (i > 0 && c->ent[i - 1] == c->ent[i]))
                continue;
            size_t e = actor_end(c, i, c->n), j = e;
            if (key_is(c, j, "(") && j + 2 < c->n && key_is(c, j + 2, ")"))
                j += 3; /* "the Sudanese Armed Forces (SAF) and the RSF" */
            if (!key_is(c, j, "and"))
                continue;
            j++;
            if (key_is(c, j, "the"))
                j++;
            /* "and the paramilitary RSF": an adjective or two */
            for (int adj = 0; adj < 2 && j < c->n && is_word(c, j) && !is_mention_actor(c, j) &&
                              !(c->d->tokens.items[j].flags & NK_TOK_UPPER) && !is_function_word_x(c, j);
                 adj++)
                j++;
            if (j >= c->n || !is_mention_actor(c, j) || c->ent[j] == c->ent[i])
                continue;
            size_t a = c->ent[i] < c->ent[j] ? c->ent[i] : c->ent[j], b = c->ent[i] < c->ent[j] ? c->ent[j] : c->ent[i];
            /* two states, or two named "between", are parties; two bodies
             * side by side are as often co-authors */
            /* parties are named as objects ("call on A and B", "between A and
             * B"); mediators and co-authors as subjects */
            size_t before = i > 0 && key_is(c, i - 1, "the") ? i - 1 : i;
            bool object = before > 0 && same_sentence(c, before - 1, i) &&
                          (IS_ANY(c, before - 1, "between", "on", "upon", "of", "with", "to", "urged", "urges", "urge",
                                  "for", "and") || nk_kb_trigger(c->kb, c->keys[before - 1]));
            size_t weight = object ? 2 : 1;
            for (size_t w = 0; w < weight; w++) {
                NK_PUSH(pa, a);
                NK_PUSH(pb, b);
            }
        }
        for (size_t x = 0; x < pa.len; x++) {
            size_t n = 0;
            for (size_t y = 0; y < pa.len; y++)
                n += pa.items[y] == pa.items[x] && pb.items[y] == pb.items[x];
            if (n > best_n) {
                best_n = n;
                best_a = pa.items[x];
                best_b = pb.items[x];
            }
        }
        free(pa.items);
        free(pb.items);
        if (best_n) {
            NK_PUSH(c->sides, best_a);
            NK_PUSH(c->sides, best_b);
        }
    }
    if (c->sides.len == 2) {
        for (size_t k = 0; k < 2; k++)
            if (!exclude || !contains(exclude, c->sides.items[k]))
                add_id(out, c->sides.items[k]);
        if (out->len)
            return;
    }
    size_t best[2] = {NO, NO}, count[2] = {0, 0};
    for (size_t e = 0; e < c->d->entities.len; e++) {
        if (cls_of(c, e) != NK_STATE)
            continue;
        bool excluded = false;
        for (size_t x = 0; exclude && x < exclude->len; x++)
            excluded |= exclude->items[x] == e;
        if (excluded)
            continue;
        size_t n = 0;
        for (size_t i = 0; i < c->n; i++)
            n += c->ent[i] == e && c->ment_b[i] == i;
        if (n > count[0]) {
            best[1] = best[0], count[1] = count[0];
            best[0] = e, count[0] = n;
        } else if (n > count[1]) {
            best[1] = e, count[1] = n;
        }
    }
    for (int k = 0; k < 2; k++)
        if (best[k] != NO)
            add_id(out, best[k]);
}

/* An actor's members, when it is a group ("the Co-Chair countries"). */
static void add_with_members(ctx *c, idlist *out, size_t e)
{
    add_id(out, e);
    /* a government acts for its state ("the Government of Sudan") */
    const char *key0 = c->d->entities.items[e].key;
    if (strncmp(key0, "org/government-of-", 18) == 0 ||
        (strlen(key0) > 11 && strcmp(key0 + strlen(key0) - 11, "-government") == 0))
        for (size_t f = 0; f < c->d->facts.len; f++)
            if (c->d->facts.items[f].subject == e && strcmp(c->d->facts.items[f].pred, "basedIn") == 0)
                add_id(out, c->d->facts.items[f].entity);
    size_t g = c->d->entities.items[e].gaz;
    if (!g)
        return;
    const nk_gaz *gz = nk_kb_entry(c->kb, g - 1);
    /* a handful of states acting together (co-chairs, a troika) act as
     * those states; a large body (the EU, the OSCE) acts as itself */
    if (gz->member.len > 5)
        return;
    for (size_t k = 0; k < gz->member.len; k++) {
        char *key = nk_mention_gaz_key(nk_kb_entry(c->kb, gz->member.items[k]));
        size_t m = nk_doc_entity(c->d, key, nk_kb_entry(c->kb, gz->member.items[k])->cls, gz->member.items[k] + 1);
        free(key);
        add_id(out, m);
    }
}

static bool is_pronoun_plural(const ctx *c, size_t i) { return IS_ANY(c, i, "they", "their", "them", "we", "our"); }
static bool is_pronoun_single(const ctx *c, size_t i) { return IS_ANY(c, i, "he", "she", "his", "her", "i", "who"); }

static bool opens_sentence(const ctx *c, size_t i)
{
    size_t k = i;
    while (k > 0 && same_sentence(c, k - 1, i) && IS_ANY(c, k - 1, "also", "and", "but", "both", "\xE2\x80\x9C", "\""))
        k--;
    return k == 0 || !same_sentence(c, k - 1, i);
}

static void copy_ids(idlist *out, const idlist *from)
{
    for (size_t k = 0; k < from->len; k++)
        add_id(out, from->items[k]);
}

/* Does the entity's role (a fact of this document) or one of its names
 * contain the word w (folded)? */
static bool entity_has_word(const ctx *c, size_t e, const char *w)
{
    nk_buf f = {0};
    bool hit = false;
    for (size_t i = 0; i < c->d->facts.len && !hit; i++) {
        const nk_fact *fa = &c->d->facts.items[i];
        if (fa->subject != e || fa->kind != NK_OBJ_STRING || strcmp(fa->pred, "role") != 0)
            continue;
        nk_buf_clear(&f);
        nk_norm_fold(fa->text, strlen(fa->text), &f);
        hit = strstr(f.data, w) != NULL;
    }
    const nk_entity *ent = &c->d->entities.items[e];
    for (size_t i = 0; i < ent->forms.len && !hit; i++) {
        nk_buf_clear(&f);
        nk_norm_fold(ent->forms.items[i], strlen(ent->forms.items[i]), &f);
        hit = strstr(f.data, w) != NULL;
    }
    nk_buf_free(&f);
    return hit;
}

/* "The Secretary-General", "the minister", "The Government", "the
 * Ministry": a definite description standing for an actor named before —
 * the latest person whose title has that word, the latest body whose name
 * has it, or for a government the state of the latest "Government of X". */
static size_t definite_reference(ctx *c, size_t k)
{
    size_t b = k;
    while (b >= 2 && key_is(c, b - 1, "-") && is_word(c, b - 2))
        b -= 2; /* "The Secretary-General" */
    if (b == 0 || !IS_ANY(c, b - 1, "the") || is_actor_at(c, k) || key_is(c, k + 1, "of"))
        return NO;
    unsigned kd = kinds(c, k);
    bool title = NK_IS(kd, NK_WORD_TITLE_HEAD), body = NK_IS(kd, NK_WORD_ORG_HEAD) || NK_IS(kd, NK_WORD_LEADER);
    if (!title && !body)
        return NO;
    const char *w = c->keys[k];
    if (strcmp(w, "government") == 0 || strcmp(w, "authorities") == 0) {
        for (size_t j = k; j-- > 0;)
            if (IS_ANY(c, j, "government", "authorities") && key_is(c, j + 1, "of")) {
                size_t a = j + 2 + key_is(c, j + 2, "the");
                if (a < c->n && is_actor_at(c, a))
                    return actor_entity(c, a);
            }
    }
    size_t best = NO;
    /* within the last few hundred words: a description stands for someone
     * named nearby, and a long document must not make this quadratic */
    for (size_t j = k > 600 ? k - 600 : 0; j < k; j++) {
        if (c->ent[j] == NO || (j > 0 && c->ent[j - 1] == c->ent[j]))
            continue;
        nk_class cls = cls_of(c, c->ent[j]);
        bool fits = title ? (cls == NK_OFFICIAL || cls == NK_PERSON) : (cls == NK_ORGANIZATION);
        if (fits && entity_has_word(c, c->ent[j], w))
            best = c->ent[j];
    }
    return best;
}

/* Resolves a pronoun or group word at i; true when it named someone.
 * exclude: who acts, never "the sides" they address. */
static bool resolve_reference(ctx *c, size_t i, idlist *out, const idlist *exclude)
{
    if (c->quoted[i] && IS_ANY(c, i, "we", "i", "our", "us") && c->speaker[i] != NO) {
        add_with_members(c, out, c->speaker[i]);
        return true;
    }
    bool numbered = i > 0 && IS_ANY(c, i - 1, "two", "three", "four", "five", "both", "these", "all");
    if (IS_ANY(c, i, "sides", "parties") || (IS_ANY(c, i, "countries", "states", "nations") && numbered)) {
        if (IS_ANY(c, i - 1, "three", "four", "five", "these") && c->last_agents.len > 1) {
            copy_ids(out, &c->last_agents);
            return true;
        }
        the_sides(c, out, exclude);
        return out->len > 0;
    }
    if (is_pronoun_plural(c, i)) {
        /* a subject "they" continues the last actors; elsewhere it is the
         * last group named ("call on A and B to keep the commitments they undertook") */
        const idlist *from = opens_sentence(c, i) ? &c->last_agents : &c->last_group;
        if (from->len == 0)
            from = &c->last_agents;
        if (from->len) {
            copy_ids(out, from);
            return true;
        }
        return false;
    }
    if (is_pronoun_single(c, i) && (c->last_subject != NO || c->last_person != NO)) {
        /* "he" continues the person the story follows (the last one who
         * opened a sentence), not whoever was named last */
        bool recent = c->last_subject != NO && c->last_subject_sentence + 3 >= c->d->tokens.items[i].sentence;
        add_id(out, recent ? c->last_subject : c->last_person);
        return true;
    }
    if (key_is(c, i, "it") && c->last_actor != NO) {
        add_id(out, c->last_actor);
        return true;
    }
    return false;
}

/* Collects coordinated actors ending at token i going backward
 * ("A, B and C"); returns the token before the first. */
static size_t collect_back(ctx *c, size_t i, size_t floor, idlist *out)
{
    size_t k = i;
    for (;;) {
        if (k == NO || k < floor)
            return k;
        /* "… (SAF) and …": the acronym closing a name, reached from after */
        if (key_is(c, k, ")") && k >= floor + 2 && key_is(c, k - 2, "(") && is_actor_at(c, k - 1))
            k--;
        if (is_actor_at(c, k)) {
            add_with_members(c, out, actor_entity(c, k));
            k = is_mention_actor(c, k) ? c->ment_b[k] : k;
            if (k == 0)
                return NO;
            k--;
            /* "Rapid Support Forces (RSF)" reached at its acronym: on to
             * before the name it abbreviates */
            if (k > floor && key_is(c, k, "(") && is_actor_at(c, k - 1) && c->ent[k - 1] == c->ent[k + 1]) {
                k = c->ment_b[k - 1];
                if (k == 0)
                    return NO;
                k--;
            }
            /* the title before a name ("French Foreign Minister Ludrian") */
            while (k > floor && is_title_word(c, k))
                k--;
            /* "the Sudanese Armed Forces (SAF) and the paramilitary Rapid Support Forces (RSF)" */
            for (int adj = 0; adj < 2 && k > floor && is_word(c, k) && !(c->d->tokens.items[k].flags & NK_TOK_UPPER) &&
                              !IS_ANY(c, k, "and", "the", "of", "by", "with", "to", "for") && !is_actor_at(c, k);
                 adj++)
                k--;
            if (k > floor && key_is(c, k, "the") && (key_is(c, k - 1, "and") || key_is(c, k - 1, ",")))
                k--; /* "the SAF and the RSF" */
            if (k > floor && key_is(c, k, ")") && k >= 3 && key_is(c, k - 2, "(") && is_actor_at(c, k - 1) &&
                is_actor_at(c, k - 3) && c->ent[k - 1] == c->ent[k - 3]) {
                k = c->ment_b[k - 3]; /* jump over "Name (ACRONYM)" to before the name */
                if (k == 0)
                    return NO;
                k--;
                if (k > floor && key_is(c, k, "the"))
                    k--;
            }
            if (is_actor_at(c, k) && is_title_word(c, k + 1))
                continue; /* its owner, "French" */
        } else if ((NK_IS(kinds(c, k), NK_WORD_LEADER) || is_title_word(c, k)) && k > 0 &&
                   (is_actor_at(c, k - 1) || is_title_word(c, k - 1))) {
            k--; /* "Armenian leaders", "the Azerbaijani side", "the Azerbaijani President" */
            continue;
        } else {
            return k;
        }
        if (k != NO && k >= floor && (key_is(c, k, ",") || key_is(c, k, "and")) && k > 0 &&
            (is_actor_at(c, k - 1) || key_is(c, k - 1, ",") || NK_IS(kinds(c, k - 1), NK_WORD_LEADER) ||
             (key_is(c, k - 1, ")") && k >= 3 && key_is(c, k - 3, "(") && is_actor_at(c, k - 2)))) {
            k--;
            if (key_is(c, k, ",") && k > 0)
                k--;
            continue;
        }
        return k;
    }
}

/* Coordinated actors starting at token i going forward; returns the token after. */
static size_t collect_forward(ctx *c, size_t i, size_t limit, idlist *out, const idlist *exclude)
{
    size_t k = i;
    while (k < limit) {
        size_t end, at = office_holder_at(c, k, limit, &end);
        if (at != NO) {
            add_with_members(c, out, actor_entity(c, at));
            k = end;
        } else if (is_actor_at(c, k)) {
            size_t e = actor_end(c, k, limit), j = e;
            /* "Organization of American States (OAS) Secretary General …" */
            if (key_is(c, j, "(") && j + 2 < limit && c->ent[j + 1] == c->ent[k] && key_is(c, j + 2, ")"))
                j += 3;
            /* "EU foreign policy chief Josep Borrell": the person, not the owner */
            while (j < limit && c->ent[j] == NO && is_word(c, j) &&
                   (kinds(c, j) & ((1u << NK_WORD_TITLE_HEAD) | (1u << NK_WORD_TITLE_MOD) | (1u << NK_WORD_PORTFOLIO))))
                j++;
            if (j > e && j < limit && c->ent[j] != NO &&
                (cls_of(c, c->ent[j]) == NK_OFFICIAL || cls_of(c, c->ent[j]) == NK_PERSON)) {
                add_id(out, c->ent[j]);
                k = actor_end(c, j, limit);
            } else {
                add_with_members(c, out, actor_entity(c, k));
                k = e;
            }
            if (k < limit && NK_IS(kinds(c, k), NK_WORD_LEADER))
                k++;
        } else if (resolve_reference(c, k, out, exclude)) {
            k++;
        } else {
            break;
        }
        if (k < limit && (key_is(c, k, ",") || key_is(c, k, "and") || key_is(c, k, "-")) && k + 1 < limit) {
            size_t j = k + 1;
            if (key_is(c, j, "and"))
                j++;
            if (key_is(c, j, "the"))
                j++;
            if (is_actor_at(c, j) || office_holder_at(c, j, limit, &end) != NO) {
                k = j;
                continue;
            }
        }
        break;
    }
    return k;
}

static size_t sentence_first(const ctx *c, size_t i)
{
    while (i > 0 && same_sentence(c, i - 1, i))
        i--;
    return i;
}

/* Where the body of sentence si starts after a wire dateline opening it
 * ("BOGOTA, March 12 (Reuters) -", "JERUSALEM (AP) —", "Moscow, 12 March
 * 2024 —", "MOSCOW, March 12. /TASS/."): the byte after its separator, or
 * the sentence's start when it has none.  The dateline names where and
 * when the story was filed, not an actor or a day of what it tells. */
static size_t dateline_end(const ctx *c, size_t si)
{
    const char *t = c->d->text;
    nk_span s = c->d->sentences.items[si];
    if ((s.b > 0 && t[s.b - 1] != '\n') || !isupper((unsigned char)t[s.b]))
        return s.b;
    size_t lim = s.b + 60 < s.e ? s.b + 60 : s.e;
    bool filed = false; /* a comma, parenthesis or date before the separator: no headline's dash */
    for (size_t p = s.b + 1; p < lim; p++) {
        size_t sep = 0;
        if (t[p] == ',' || t[p] == '(' || isdigit((unsigned char)t[p]))
            filed = true;
        else if (t[p] == '-' && t[p - 1] == ' ' && p + 1 < lim && t[p + 1] == ' ')
            sep = p + 1; /* a spaced hyphen, not "re-election" */
        else if (p + 2 < lim && (unsigned char)t[p] == 0xE2 && (unsigned char)t[p + 1] == 0x80 &&
                 ((unsigned char)t[p + 2] == 0x93 || (unsigned char)t[p + 2] == 0x94))
            sep = p + 3; /* – or — */
        else if (t[p] == '/' && t[p - 1] == ' ') { /* "/TASS/" */
            size_t k = p + 1;
            while (k < lim && isupper((unsigned char)t[k]))
                k++;
            if (k < lim && t[k] == '/' && k > p + 1)
                sep = k + 1;
        }
        if (sep)
            return filed ? sep : s.b;
    }
    return s.b;
}

/* A date at b in sentence si belongs to its dateline (dateline_end). */
static bool in_dateline(const ctx *c, size_t si, size_t b) { return b < dateline_end(c, si); }

static size_t sentence_end(const ctx *c, size_t i)
{
    if (i >= c->n)
        return c->n;
    while (i + 1 < c->n && same_sentence(c, i + 1, i))
        i++;
    return i + 1;
}

static bool is_function_word_x(const ctx *c, size_t i)
{
    return IS_ANY(c, i, "the", "a", "an", "of", "and", "in", "on", "to", "by", "for", "with", "that", "which");
}

/* Actors in a "by X" phrase shortly after the trigger ("signed by X",
 * "detention … by Azerbaijani forces") — not one that belongs to a later
 * participle or clause ("freed 40 prisoners under the truce brokered by
 * Qatar"), unless what is wanted is the doer of the trigger's object
 * ("condemned the acts committed by X"). */
static bool opens_later_clause(const ctx *c, size_t k)
{
    size_t n = strlen(c->keys[k]);
    return IS_ANY(c, k, "which", "that", "who", "after", "before", "following", "under", "amid") ||
           (!(tok(c, k)->flags & NK_TOK_UPPER) && n > 3 && strcmp(c->keys[k] + n - 2, "ed") == 0);
}

static void by_phrase(ctx *c, size_t te, bool doer_of_object, idlist *out)
{
    size_t end = sentence_end(c, te);
    for (size_t k = te; k < end && k < te + 10; k++) {
        if (key_is(c, k, ";") || (k > te && is_speech_verb(c, k)))
            break;
        if (k > te && !doer_of_object && opens_later_clause(c, k))
            break;
        if (key_is(c, k, "by") && k + 1 < end) {
            collect_forward(c, k + 1 + key_is(c, k + 1, "the"), end, out, NULL);
            return;
        }
    }
}

/* The agents of a trigger at [tb, te). */
static void find_agents(ctx *c, size_t tb, idlist *out)
{
    size_t first = sentence_first(c, tb), body = dateline_end(c, tok(c, tb)->sentence);
    while (first < tb && tok(c, first)->span.b < body)
        first++;
    size_t from = tb;
    /* "Angolan President João Lourenço, the African Union's mediator, urged":
     * the apposition between commas is not the subject */
    /* the comma closing an apposition may be a few words before the trigger
     * ("…, expressed deep concern" when the trigger is "deep concern") */
    size_t comma = tb;
    while (comma > first && tb - comma < 3 && is_word(c, comma - 1) &&
           !(c->d->tokens.items[comma - 1].flags & NK_TOK_UPPER) && !is_function_word_x(c, comma - 1))
        comma--;
    if (comma > first && key_is(c, comma - 1, ",")) {
        size_t t0 = comma;
        for (size_t k = t0 - 1; k-- > first && t0 - k < 24;)
            if (key_is(c, k, ",")) {
                /* "Saudi Arabia's Foreign Minister, Prince Faisal bin Farhan,
                 * welcomed": an apposition that is a name is the subject */
                for (size_t j = k + 1; j < t0 - 1; j++)
                    if (c->ent[j] != NO && (cls_of(c, c->ent[j]) == NK_OFFICIAL || cls_of(c, c->ent[j]) == NK_PERSON)) {
                        add_id(out, c->ent[j]);
                        return;
                    }
                /* "The UN peacekeeping mission, MONUSCO, expressed": a
                 * description ending in a common noun, then the one name
                 * it describes */
                bool one_name = k + 1 < t0 - 1 && c->ent[k + 1] != NO;
                for (size_t j = k + 1; j < t0 - 1 && one_name; j++)
                    one_name = c->ent[j] == c->ent[k + 1];
                if (one_name && k > first && is_word(c, k - 1) && c->ent[k - 1] == NO &&
                    !(c->d->tokens.items[k - 1].flags & NK_TOK_UPPER) && !is_function_word_x(c, k - 1)) {
                    add_id(out, c->ent[k + 1]);
                    return;
                }
                /* "“…,” she said, calling on": a reporting clause, not an
                 * apposition; its speaker is found below */
                bool reports = false;
                for (size_t j = k + 1; j < t0 - 1 && !reports; j++)
                    reports = is_speech_verb(c, j);
                if (!reports)
                    from = k;
                break;
            }
    }
    /* "…, calling on the RSF to release him": a participle after a comma
     * has the subject of the sentence */
    if (tb > first && key_is(c, tb - 1, ",") && strlen(c->keys[tb]) > 4 &&
        strcmp(c->keys[tb] + strlen(c->keys[tb]) - 3, "ing") == 0) {
        for (size_t k = first; k < tb && k < first + 4; k++)
            if (is_mention_actor(c, k)) {
                collect_forward(c, k, tb, out, NULL);
                return;
            }
    }
    /* back over the clause to the nearest actor or pronoun */
    for (size_t k = from; k-- > first;) {
        /* "South Ossetia's de facto authorities released": a place acting through its authorities */
        if (NK_IS(kinds(c, k), NK_WORD_LEADER) && !is_actor_at(c, k)) {
            size_t j = k;
            while (j > first && is_word(c, j - 1) && !(c->d->tokens.items[j - 1].flags & NK_TOK_UPPER) &&
                   !is_function_word_x(c, j - 1) && k - j < 3)
                j--;
            if (j > first + 1 && key_is(c, j - 1, "'s") && c->ent[j - 2] != NO &&
                cls_of(c, c->ent[j - 2]) == NK_LOCATION) {
                add_id(out, c->ent[j - 2]);
                break;
            }
        }
        if (IS_ANY(c, k, ";", "that", "which"))
            break; /* the subject of what follows "that" comes after it */
        if (office_holder_at(c, k, tb, &(size_t){0}) != NO && !is_actor_at(c, k)) {
            size_t end, at = office_holder_at(c, k, tb, &end);
            add_with_members(c, out, actor_entity(c, at));
            break;
        }
        if (is_actor_at(c, k)) {
            /* "X of the Y (Z) did": the head X acts, not the Y it belongs to */
            size_t b = is_mention_actor(c, k) ? c->ment_b[k] : k;
            while (b > first + 1) {
                size_t j = b - 1;
                if (key_is(c, j, "(") && j > first && c->ent[j - 1] == c->ent[k]) {
                    b = c->ment_b[j - 1];
                    continue;
                }
                if (key_is(c, j, "the"))
                    j--;
                if (key_is(c, j, "of") && j > first && is_actor_at(c, j - 1) && !is_title_word(c, j - 1)) {
                    k = j - 1;
                    b = is_mention_actor(c, k) ? c->ment_b[k] : k;
                    continue;
                }
                break;
            }
            collect_back(c, k, first, out);
            break;
        }
        if (IS_ANY(c, k, "their", "his", "her", "its", "our", "my"))
            continue; /* a possessive before the trigger is not its subject */
        size_t def = definite_reference(c, k);
        if (def != NO) {
            add_with_members(c, out, def);
            break;
        }
        if (NK_IS(kinds(c, k), NK_WORD_GROUP) || is_pronoun_plural(c, k) || is_pronoun_single(c, k) ||
            IS_ANY(c, k, "countries", "states", "nations") || (c->quoted[k] && IS_ANY(c, k, "we", "i"))) {
            if (resolve_reference(c, k, out, NULL))
                break;
        }
        if (tb - k > 30)
            break;
    }
    /* quoted words belong to their speaker */
    if (out->len == 0 && c->quoted[tb] && c->speaker[tb] != NO)
        add_with_members(c, out, c->speaker[tb]);
}

/* ------------------------------------------------------------ events */

static nk_event *new_event(ctx *c, const nk_trigger *tr, size_t tb, size_t te)
{
    nk_event ev = {0};
    ev.cls = tr->cls;
    ev.cameo = tr->cameo;
    ev.sentence = tok(c, tb)->sentence;
    ev.trigger = (nk_span){tok(c, tb)->span.b, tok(c, te - 1)->span.e};
    NK_PUSH(c->d->events, ev);
    return &c->d->events.items[c->d->events.len - 1];
}

static void add_role(nk_event *ev, const char *role, size_t e)
{
    for (size_t i = 0; i < ev->roles.len; i++)
        if (ev->roles.items[i].entity == e && strcmp(ev->roles.items[i].role, role) == 0)
            return;
    nk_role r = {role, e};
    NK_PUSH(ev->roles, r);
}

/* The nearest agreement named in the sentence, after the trigger first. */
static size_t sentence_agreement(ctx *c, size_t tb)
{
    size_t first = sentence_first(c, tb), end = sentence_end(c, tb);
    for (size_t k = tb; k < end; k++)
        if (c->ent[k] != NO && cls_of(c, c->ent[k]) == NK_AGREEMENT)
            return c->ent[k];
    for (size_t k = tb; k-- > first;)
        if (c->ent[k] != NO && cls_of(c, c->ent[k]) == NK_AGREEMENT)
            return c->ent[k];
    return NO;
}

/* Is this trigger the content of a request or an intention rather than a
 * thing done ("to withdraw", "call for the release", "should release",
 * "must be done in the framework of a negotiation")? */
static bool is_requested(ctx *c, size_t tb, const bool *appeal_before)
{
    if (tb > 0 && IS_ANY(c, tb - 1, "to", "should", "must", "ought"))
        return true;
    if (tb > 1 && IS_ANY(c, tb - 2, "to", "should", "must") && !is_actor_at(c, tb - 1))
        return true;
    for (size_t k = tb; k-- > 0 && same_sentence(c, k, tb) && tb - k < 10;) {
        if (IS_ANY(c, k, ",", ";", "\xE2\x80\x9C", ":") || NK_IS(kinds(c, k), NK_WORD_AGREEMENT_HEAD))
            break; /* "… the joint statement signed by …": a signing told, not asked */
        if (IS_ANY(c, k, "must", "should", "need", "needs", "would", "could") && !key_is(c, k + 1, "like"))
            return true;
    }
    return appeal_before[tok(c, tb)->sentence];
}

/* A trigger used as a word about something else: an adjective before an
 * agreement ("the newly-signed statement"), a participle after one ("the
 * statement released on"), "its signing", "signs of", a capitalized word
 * inside a name ("Freedom Support Act"). */
static bool is_descriptive(ctx *c, size_t tb, size_t te, bool tr_is_signing)
{
    if ((tok(c, tb)->flags & NK_TOK_UPPER) && c->ent[tb] != NO)
        return true;
    if (te < c->n && NK_IS(kinds(c, te), NK_WORD_AGREEMENT_HEAD))
        return true;
    /* "the statement released on …" describes the statement; "the deal
     * signed by X" tells who signed it */
    if (tb > 0 && NK_IS(kinds(c, tb - 1), NK_WORD_AGREEMENT_HEAD) && strlen(c->keys[tb]) > 2 &&
        strcmp(c->keys[tb] + strlen(c->keys[tb]) - 2, "ed") == 0 && !(tr_is_signing && key_is(c, te, "by")))
        return true;
    if (tr_is_signing && tb > 0 && IS_ANY(c, tb - 1, "its", "their", "no", "any"))
        return true; /* "since its signing" refers back to it */
    return key_is(c, te, "of") && IS_ANY(c, tb, "signs", "sign");
}

/* "conveys his deepest condolences", "reiterates its call", "remains
 * committed", "is deeply alarmed": a trigger that is a noun or a
 * participle takes its tense from the verb just before it (possessives,
 * articles and intensifiers between). */
static bool governed_by_present_verb(const ctx *c, size_t tb)
{
    for (size_t k = tb; k-- > 0 && same_sentence(c, k, tb) && tb - k <= 4;) {
        if (IS_ANY(c, k, "his", "her", "its", "their", "our", "the", "a", "an", "deep", "deepest", "deeply", "strong",
                   "strongest", "full", "firm", "renewed", "sincere", "sincerest", "profound", "grave", "serious"))
            continue;
        return IS_ANY(c, k, "conveys", "expresses", "extends", "reiterates", "renews", "voices", "offers", "sends",
                      "reaffirms", "repeats", "remains", "stands", "is", "are") ||
               (k > 0 && IS_ANY(c, k - 1, "we", "they", "i") &&
                IS_ANY(c, k, "convey", "express", "extend", "reiterate", "renew", "voice", "offer", "send", "reaffirm",
                       "repeat", "remain", "stand"));
    }
    return false;
}

/* "condemns", "calls on", "express support", "is deeply alarmed": a trigger
 * in the present tense (its first word not a past form), said of a third
 * person or plural subject. */
static bool present_tense(const ctx *c, size_t tb, size_t te)
{
    (void)te;
    if (governed_by_present_verb(c, tb))
        return true;
    const char *w = c->keys[tb];
    size_t n = strlen(w);
    if (n > 2 && strcmp(w + n - 2, "ed") == 0)
        return false;
    static const char *noun_endings[] = {"ness", "ment", "ments", "tion", "tions", "sion", "sions", "ance", "ence",
                                         "ences", "ity", "ss", "ship"};
    for (size_t k = 0; k < sizeof noun_endings / sizeof *noun_endings; k++) {
        size_t m = strlen(noun_endings[k]);
        if (n > m && strcmp(w + n - m, noun_endings[k]) == 0)
            return false; /* "the EU's readiness", "condolences": a noun, no tense */
    }
    static const char *past[] = {"met", "held", "made", "took", "gave", "said", "told", "undertook", "withdrew",
                                 "signed", "sought", "spoke", "wrote", "reaffirmed", "agreed"};
    for (size_t k = 0; k < sizeof past / sizeof *past; k++)
        if (strcmp(w, past[k]) == 0)
            return false;
    /* a past auxiliary right before: "was concerned", "had called", "were alarmed" */
    if (tb > 0 && IS_ANY(c, tb - 1, "was", "were", "had", "did"))
        return false;
    if (tb > 1 && IS_ANY(c, tb - 2, "was", "were", "had") )
        return false;
    /* present forms: "condemns", "calls", "urge", "is alarmed", "are concerned" */
    return (n > 1 && w[n - 1] == 's') || (tb > 0 && IS_ANY(c, tb - 1, "is", "are", "also", "strongly", "deeply", "firmly")) ||
           (tb > 0 && IS_ANY(c, tb - 1, "countries", "they", "we", "i"));
}

/* Classes of things done, as opposed to things said. */
static bool done_thing(nk_evclass k)
{
    return k != NK_EV_APPEAL && k != NK_EV_SUPPORT && k != NK_EV_CONCERN && k != NK_EV_CRITICISM &&
           k != NK_EV_COMMITMENT;
}

/* A speech verb earlier in the sentence: "Aivazyan said that …". */
static bool speech_before(ctx *c, size_t tb)
{
    for (size_t k = tb; k-- > 0 && same_sentence(c, k, tb);)
        if (is_speech_verb(c, k) || IS_ANY(c, k, "emphasizing", "emphasising", "stressing", "accusing", "saying",
                                           "highlighted", "underlined", "underscored", "pointed", "claimed"))
            return true;
    return false;
}

/* Index of the first mention in sentence s (mentions are in text order). */
static size_t first_mention_in(const nk_doc *d, size_t s)
{
    size_t lo = 0, hi = d->mentions.len;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (d->mentions.items[mid].sentence < s)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static bool sentence_dated(const ctx *c, size_t tb)
{
    nk_span sp = c->d->sentences.items[tok(c, tb)->sentence];
    size_t p = sp.b;
    nk_datexp x;
    while (nk_date_next(c->d->text, sp.e, &p, c->d->date, &x))
        if (x.value.y && x.value.d && !x.weekday_only && !in_dateline(c, tok(c, tb)->sentence, x.span.b))
            return true;
    return false;
}

/* The event's date: a date written in its sentence (the nearest after the
 * trigger, else before), unless that date only qualifies a named agreement
 * ("the November 9, 2020 ceasefire statement"), or lies deep in what a
 * statement says, its topic ("called on both sides to agree a ceasefire
 * before the talks end on March 30"); else the date the story has reached
 * before this sentence, else the story's date. */
static nk_date event_date(ctx *c, size_t tb, nk_span topic)
{
    nk_doc *d = c->d;
    nk_span s = d->sentences.items[tok(c, tb)->sentence];
    size_t at = tok(c, tb)->span.b;
    nk_date before = {0}, after = {0};
    size_t p = s.b;
    nk_datexp x;
    while (nk_date_next(d->text, s.e, &p, d->date, &x)) {
        if (!x.value.y || !x.value.d || in_dateline(c, tok(c, tb)->sentence, x.span.b))
            continue;
        bool modifier = false;
        for (size_t m = first_mention_in(d, tok(c, tb)->sentence); m < d->mentions.len &&
                                                               d->mentions.items[m].sentence == tok(c, tb)->sentence;
             m++) {
            const nk_mention *mm = &d->mentions.items[m];
            nk_class k = d->entities.items[mm->entity].cls;
            if ((k == NK_AGREEMENT || k == NK_INCIDENT) && mm->span.b <= x.span.b && mm->span.e >= x.span.e &&
                (mm->span.e - mm->span.b) > (x.span.e - x.span.b) + 2)
                modifier = true;
        }
        if (modifier)
            continue;
        if (x.span.b >= topic.b && x.span.e <= topic.e) {
            /* at the head of the topic, "called on X on Monday to …",
             * "expressed concern on Monday over …" date the statement;
             * further in, "… to agree before the talks end on March 30" is
             * what was asked, "condemned the attack on the port on 14 June"
             * what it speaks of */
            bool asked = false;
            size_t words = 0;
            for (size_t k = tb; k < c->n && same_sentence(c, k, tb) && tok(c, k)->span.b < x.span.b; k++)
                if (tok(c, k)->span.b >= topic.b) {
                    asked |= IS_ANY(c, k, "to", "that", "for");
                    words++;
                }
            if (asked || words > 3)
                continue;
        }
        if (x.span.b >= at && !after.y)
            after = x.value;
        else if (x.span.b < at)
            before = x.value;
    }
    nk_date dt = after.y ? after : before;
    if (after.y && before.y) {
        /* "On December 14, 2021, during … the sides reaffirmed": a sentence-opening date
         * governs; a date right after the trigger ("undertook on 9 November") beats it */
        size_t gap = 0;
        for (size_t k = tb; k < c->n && same_sentence(c, k, tb) && tok(c, k)->span.b < d->sentences.items[tok(c, tb)->sentence].e; k++) {
            nk_datexp y;
            if (nk_date_parse_at(d->text, s.e, tok(c, k)->span.b, d->date, &y) && y.value.y)
                break;
            gap++;
        }
        dt = gap <= 3 ? after : before;
    }
    size_t si = tok(c, tb)->sentence;
    if (dt.y) {
        if (c->narrative_sentence != si) {
            c->narrative_before = c->narrative;
            c->narrative_sentence = si;
        }
        c->narrative = dt;
        return dt;
    }
    nk_date story = c->narrative_sentence == si ? c->narrative_before : c->narrative;
    return story.y ? story : d->date;
}

/* True when [b, e) lies inside a longer name of an agreement or incident
 * in sentence si ("the November 2022 Luanda ceasefire"): it names the thing. */
static bool inside_dated_name(const nk_doc *d, size_t si, size_t b, size_t e)
{
    for (size_t m = first_mention_in(d, si); m < d->mentions.len && d->mentions.items[m].sentence == si; m++) {
        const nk_mention *mm = &d->mentions.items[m];
        nk_class k = d->entities.items[mm->entity].cls;
        if ((k == NK_AGREEMENT || k == NK_INCIDENT) && mm->span.b <= b && mm->span.e >= e &&
            (mm->span.e - mm->span.b) > (e - b) + 2)
            return true;
    }
    return false;
}

/* "since assuming the post last month": a period in a clause led by a
 * limit word a few words before it bounds that clause, not the event. */
static bool limited_clause(const ctx *c, size_t si, size_t at)
{
    size_t k = 0, hi = c->n; /* the first token ending after at */
    while (k < hi) {
        size_t mid = (k + hi) / 2;
        if (tok(c, mid)->span.e <= at)
            k = mid + 1;
        else
            hi = mid;
    }
    for (size_t back = 0; back < 4 && k-- > 0 && tok(c, k)->sentence == si;)
        if (IS_ANY(c, k, "since", "after", "before", "until", "by"))
            return true;
        else if (tok(c, k)->flags & NK_TOK_WORD)
            back++;
    return false;
}

/* "the February 2021 ceasefire", "its 2018 deal": a period after a
 * determiner and before a word modifies that noun. */
static bool attributive(const ctx *c, size_t si, nk_span at)
{
    size_t k = 0, hi = c->n; /* the first token ending after at.b */
    while (k < hi) {
        size_t mid = (k + hi) / 2;
        if (tok(c, mid)->span.e <= at.b)
            k = mid + 1;
        else
            hi = mid;
    }
    const char *t = c->d->text;
    if (k < c->n && tok(c, k)->span.b == at.b && IS_ANY(c, k, "the") && k + 1 < c->n)
        k++; /* the period's own "the" */
    else if (k == 0 || tok(c, k - 1)->sentence != si ||
             !IS_ANY(c, k - 1, "the", "a", "an", "its", "their", "his", "her", "this", "that", "these", "those"))
        return false;
    if (k >= c->n || !(isupper((unsigned char)t[tok(c, k)->span.b]) || isdigit((unsigned char)t[tok(c, k)->span.b])))
        return false; /* "the end of last year" is no modifier; "the February 2021" may be */
    size_t e = at.e;
    while (e < c->d->len && t[e] == ' ')
        e++;
    return e < c->d->len && e > at.e && isalpha((unsigned char)t[e]);
}

/* A day in the sentence, a weekday too ("On Friday"): it dates the event. */
static bool sentence_has_day(const ctx *c, size_t tb)
{
    nk_span sp = c->d->sentences.items[tok(c, tb)->sentence];
    size_t p = sp.b;
    nk_datexp x;
    while (nk_date_next(c->d->text, sp.e, &p, c->d->date, &x))
        if (x.value.y && x.value.d && !in_dateline(c, tok(c, tb)->sentence, x.span.b))
            return true;
    return false;
}

/* A sentence without a day may give a period: "Azerbaijan detained them
 * last Fall".  A thing done is dated by any period of its sentence; a
 * statement only by one before its trigger or at most two words after it
 * ("said last month"), since a later one belongs to what was said
 * ("expressed concern about the detentions last autumn").  Limits ("by", "since") never date an event.
 * Sets the event's period and clears its day; false when none applies. */
static bool event_period(ctx *c, size_t tb, nk_event *ev, bool done)
{
    nk_doc *d = c->d;
    size_t si = tok(c, tb)->sentence;
    nk_span s = d->sentences.items[si];
    size_t at = tok(c, tb)->span.b, p = s.b;
    nk_period x, best = {0};
    bool found = false;
    while (nk_period_next(d->text, s.e, &p, d->date, &x)) {
        if (x.limit || !x.first.y || in_dateline(c, si, x.span.b) ||
            inside_dated_name(d, si, x.span.b, x.span.e) || limited_clause(c, si, x.span.b) ||
            attributive(c, si, x.span))
            continue;
        if (!done && x.span.b > at) {
            size_t gap = 0;
            for (size_t k = tb + 1; k < c->n && same_sentence(c, k, tb) && tok(c, k)->span.b < x.span.b; k++)
                gap++;
            if (gap > 2)
                continue; /* "said last month", "called on Armenia last week" */
        }
        if (!found || x.span.b < at) {
            best = x;
            found = true;
        }
    }
    if (!found)
        return false;
    ev->date = (nk_date){0};
    ev->earliest = best.first;
    ev->latest = best.last;
    return true;
}

/* The topic: what was asked, supported or regretted, as text from after
 * the trigger (and its addressee) to the end of the clause. */
static nk_span topic_after(ctx *c, size_t k)
{
    if (k >= c->n)
        return (nk_span){0, 0}; /* the trigger ends the document */
    size_t end = sentence_end(c, k);
    if (k >= end)
        return (nk_span){0, 0};
    size_t last = k;
    for (size_t j = k; j < end && j < k + 40; j++) {
        if (key_is(c, j, ";") || (c->quoted[j] != c->quoted[k]))
            break;
        last = j;
    }
    while (last > k && (tok(c, last)->flags & NK_TOK_PUNCT))
        last--;
    if (tok(c, k)->flags & NK_TOK_PUNCT && last == k)
        return (nk_span){0, 0};
    return (nk_span){tok(c, k)->span.b, tok(c, last)->span.e};
}

static void remember(idlist *dst, const idlist *src)
{
    if (src->len == 0)
        return;
    dst->len = 0;
    for (size_t i = 0; i < src->len; i++)
        NK_PUSH(*dst, src->items[i]);
}

/* "We will exchange …": a first-person subject right before the trigger. */
static bool quoted_subject(const ctx *c, size_t tb)
{
    for (size_t k = tb; k-- > 0 && tb - k < 4 && same_sentence(c, k, tb);)
        if (IS_ANY(c, k, "we", "i"))
            return true;
    return false;
}

static bool contains(const idlist *v, size_t e)
{
    for (size_t i = 0; i < v->len; i++)
        if (v->items[i] == e)
            return true;
    return false;
}

/* Do two events have the same actors in role? */
static bool same_roles(const nk_event *a, const nk_event *b, const char *role)
{
    size_t na = 0, nb = 0;
    for (size_t i = 0; i < a->roles.len; i++) {
        if (strcmp(a->roles.items[i].role, role) != 0)
            continue;
        na++;
        bool found = false;
        for (size_t j = 0; j < b->roles.len && !found; j++)
            found = strcmp(b->roles.items[j].role, role) == 0 && b->roles.items[j].entity == a->roles.items[i].entity;
        if (!found)
            return false;
    }
    for (size_t j = 0; j < b->roles.len; j++)
        nb += strcmp(b->roles.items[j].role, role) == 0;
    return na == nb && na > 0;
}

/* Is the word before the trigger (adverbs aside) "and"? */
static bool and_before(const ctx *c, size_t tb)
{
    size_t k = tb;
    while (k > 0 && same_sentence(c, k - 1, tb) && IS_ANY(c, k - 1, "also", "then", "further", "jointly", "strongly"))
        k--;
    return k > 0 && key_is(c, k - 1, "and");
}

/* Is the trigger at tb the second verb of "X did A and did B"? Then it
 * shares the agents of the event before it in the sentence. */
static const nk_event *coordinated_with(const ctx *c, size_t tb)
{
    size_t k = tb;
    while (k > 0 && same_sentence(c, k - 1, tb) && IS_ANY(c, k - 1, "also", "then", "further", "jointly"))
        k--;
    if (k == 0 || !key_is(c, k - 1, "and") || c->d->events.len == 0)
        return NULL;
    const nk_event *prev = &c->d->events.items[c->d->events.len - 1];
    return prev->sentence == tok(c, tb)->sentence ? prev : NULL;
}

/* "Guterres welcomed the releases", "Petro said the releases showed": a
 * thing done, named as a noun after what someone said of it.  The sayer
 * did not do it; only "by X" (or "X's") can tell who did. */
static bool named_by_a_sayer(const ctx *c, const nk_trigger *tr, size_t tb)
{
    if (!done_thing(tr->cls) || tb < 2 || !same_sentence(c, tb - 2, tb) ||
        !IS_ANY(c, tb - 1, "the", "these", "those", "this", "that"))
        return false;
    size_t v = tb - 2;
    if (is_speech_verb(c, v))
        return true;
    const nk_trigger *said = nk_kb_trigger(c->kb, c->keys[v]);
    return said && !done_thing(said->cls);
}

static void build_event(ctx *c, const nk_trigger *tr, size_t tb, size_t te)
{
    idlist agents = {0}, others = {0}, by = {0};
    size_t end = sentence_end(c, tb);
    const nk_event *prev = coordinated_with(c, tb);
    if (prev) {
        for (size_t r = 0; r < prev->roles.len; r++)
            if (strcmp(prev->roles.items[r].role, "agent") == 0 || strcmp(prev->roles.items[r].role, "participant") == 0 ||
                strcmp(prev->roles.items[r].role, "signatory") == 0)
                add_id(&agents, prev->roles.items[r].entity);
    }
    if (agents.len == 0)
        find_agents(c, tb, &agents);
    /* "X also remind A and B of … and urge the sides": a second verb after
     * "and" shares the subject of the first, which opens the clause */
    if (!prev && and_before(c, tb)) {
        size_t first = sentence_first(c, tb);
        for (size_t k = first; k < tb && k < first + 6; k++)
            if (is_mention_actor(c, k)) {
                agents.len = 0;
                collect_forward(c, k, tb, &agents, NULL);
                break;
            }
    }
    by_phrase(c, te, tr->cls == NK_EV_CRITICISM, &by);
    if (tr->cls == NK_EV_CRITICISM) {
        /* "the barbaric acts … by Azerbaijan": whoever did it is criticized,
         * and in a quotation the speaker criticizes */
        for (size_t i = 0; i < by.len; i++)
            add_id(&others, by.items[i]);
        if (c->quoted[tb] && c->speaker[tb] != NO && !contains(&agents, c->speaker[tb])) {
            for (size_t i = 0; i < agents.len; i++)
                add_id(&others, agents.items[i]);
            agents.len = 0;
            add_with_members(c, &agents, c->speaker[tb]);
        }
    } else if (by.len && tr->cls != NK_EV_APPEAL && tr->cls != NK_EV_SUPPORT && tr->cls != NK_EV_CONCERN) {
        agents.len = 0; /* "signed by X", "detention … by X": X did it */
        for (size_t i = 0; i < by.len; i++)
            add_id(&agents, by.items[i]);
    } else if (!prev && named_by_a_sayer(c, tr, tb)) {
        agents.len = 0;
    }
    /* no one named in the sentence: the actors of the story so far — for
     * things said; a thing done needs its doer in the sentence */
    if (done_thing(tr->cls)) {
        if (!prev && by.len == 0 && c->quoted[tb] && agents.len == 1 && agents.items[0] == c->speaker[tb] &&
            !quoted_subject(c, tb))
            agents.len = 0;
    } else if (agents.len == 0 && c->last_agents.len && c->last_agent_sentence + 2 >= tok(c, tb)->sentence) {
        copy_ids(&agents, &c->last_agents);
    }

    size_t k = te;
    while (k < end && IS_ANY(c, k, "on", "upon", "for", "to", "the", "with", "between", "of", "all", "both",
                               "several", "many", "some"))
        k++;
    size_t after_roles = collect_forward(c, k, end, &others, &agents);
    if (others.len == 0 && tr->cls != NK_EV_CONCERN) {
        /* a little further: "called for the de-escalation between Armenia and
         * Azerbaijan", "condemned what he called the interference of the United States" */
        size_t reach = tr->cls == NK_EV_CRITICISM || tr->cls == NK_EV_SUPPORT ? 12 : 6;
        for (size_t j = k; j < end && j < k + reach && others.len == 0; j++) {
            /* "welcomes the call by X": X; "the statement signed by X": not the supported one */
            bool by_of_noun = key_is(c, j, "by") && tr->cls == NK_EV_SUPPORT && j > 0 &&
                              !(strlen(c->keys[j - 1]) > 2 && strcmp(c->keys[j - 1] + strlen(c->keys[j - 1]) - 2, "ed") == 0);
            if ((key_is(c, j, "by") && !by_of_noun) || key_is(c, j, ";"))
                break;
            if (c->ent[j] != NO && cls_of(c, c->ent[j]) == NK_AGREEMENT)
                break; /* an agreement named first is what is supported */
            if (is_actor_at(c, j))
                after_roles = collect_forward(c, j, end, &others, &agents);
        }
    }
    nk_event *ev = new_event(c, tr, tb, te);
    size_t ei = c->d->events.len - 1;
    const char *agent_role = "agent", *other_role = "addressee";
    switch (tr->cls) {
    case NK_EV_SUPPORT: case NK_EV_CRITICISM: case NK_EV_DETENTION: case NK_EV_RELEASE:
        other_role = "target"; break;
    case NK_EV_MEETING:
        agent_role = other_role = "participant"; break;
    case NK_EV_SIGNING:
        agent_role = other_role = "signatory"; break;
    case NK_EV_CONCERN: case NK_EV_COMMITMENT: case NK_EV_VIOLATION: case NK_EV_WITHDRAWAL:
        other_role = NULL; break;
    default: break;
    }
    for (size_t i = 0; i < agents.len; i++)
        add_role(ev, agent_role, agents.items[i]);
    for (size_t i = 0; i < others.len && other_role; i++) {
        if (cls_of(c, others.items[i]) == NK_LOCATION && !is_actor(c, others.items[i]))
            continue;
        if (!contains(&agents, others.items[i]) || tr->cls == NK_EV_MEETING)
            add_role(ev, other_role, others.items[i]);
    }
    /* "condemned the attack on Izmail", "welcomes the release": what is
     * condemned or welcomed is a target too */
    if (tr->cls == NK_EV_CRITICISM || tr->cls == NK_EV_SUPPORT) {
        for (size_t j = te; j < end && j < te + 8; j++)
            if (c->ent[j] != NO && cls_of(c, c->ent[j]) == NK_INCIDENT) {
                add_role(ev, "target", c->ent[j]);
                break;
            }
    }
    size_t agreement = NO;
    if (tr->cls == NK_EV_SIGNING || tr->cls == NK_EV_COMMITMENT || tr->cls == NK_EV_VIOLATION ||
        tr->cls == NK_EV_SUPPORT) {
        agreement = sentence_agreement(c, tb);
        if (agreement != NO && (tr->cls != NK_EV_SUPPORT || others.len == 0))
            add_role(ev, tr->cls == NK_EV_SUPPORT ? "target" : "agreement", agreement);
    }
    if (tr->cls == NK_EV_MEETING || tr->cls == NK_EV_WITHDRAWAL) {
        for (size_t j = te; j < end; j++)
            if (c->ent[j] != NO && cls_of(c, c->ent[j]) == NK_LOCATION && c->ment_b[j] > 0 &&
                IS_ANY(c, c->ment_b[j] - 1, "in", "from", "to", "out")) {
                add_role(ev, "location", c->ent[j]);
                break;
            }
    }
    if (tr->cls == NK_EV_APPEAL || tr->cls == NK_EV_SUPPORT || tr->cls == NK_EV_CONCERN ||
        tr->cls == NK_EV_COMMITMENT || tr->cls == NK_EV_CRITICISM)
        ev->topic = topic_after(c, after_roles > te ? after_roles : te);
    ev->date = event_date(c, tb, ev->topic);
    if (!sentence_has_day(c, tb))
        event_period(c, tb, ev, done_thing(tr->cls));
    /* "The Secretary-General condemns … welcomes the release on 6 June":
     * a statement in the present tense is made on the day it is published;
     * dates in its sentence are those of what it speaks about */
    if (!done_thing(tr->cls) && present_tense(c, tb, te) && nk_date_valid(c->d->date) && !c->quoted[tb]) {
        ev->date = c->d->date;
        ev->earliest = ev->latest = (nk_date){0};
    }
    /* a signing undated in its sentence happened when the agreement was signed */
    if (tr->cls == NK_EV_SIGNING && agreement != NO && !sentence_dated(c, tb)) {
        size_t g = c->d->entities.items[agreement].gaz;
        if (g && nk_kb_entry(c->kb, g - 1)->date.y) {
            ev->date = nk_kb_entry(c->kb, g - 1)->date;
            ev->earliest = ev->latest = (nk_date){0};
        }
    }
    if (c->quoted[tb] && c->speaker[tb] != NO)
        ev->reported_by = c->speaker[tb] + 1;
    /* "reaffirm their commitment", "the commitments they undertook": one statement */
    if (ei > 0) {
        const nk_event *p = &c->d->events.items[ei - 1];
        if (p->cls == ev->cls && p->sentence == ev->sentence && ev->trigger.b - p->trigger.e < 40 &&
            same_roles(p, ev, agent_role)) {
            free(ev->roles.items);
            c->d->events.len = ei;
            free(agents.items);
            free(others.items);
            free(by.items);
            return;
        }
    }
    bool has_agent = false;
    for (size_t r = 0; r < ev->roles.len; r++)
        has_agent |= strcmp(ev->roles.items[r].role, agent_role) == 0 || tr->cls == NK_EV_MEETING;
    /* an event no one does is no event: drop it */
    if (ev->roles.len == 0 || !has_agent) {
        free(ev->roles.items);
        c->d->events.len = ei;
    } else {
        remember(&c->last_agents, &agents);
        c->last_agent_sentence = tok(c, tb)->sentence;
        remember(&c->last_group, tr->cls == NK_EV_APPEAL || tr->cls == NK_EV_MEETING ? &others : &agents);
    }
    free(agents.items);
    free(others.items);
    free(by.items);
}

/* Longest trigger starting at token i; returns its end (i when none). */
static size_t trigger_at(ctx *c, size_t i, const nk_trigger **out)
{
    nk_buf key = {0};
    size_t best = i;
    for (size_t j = i; j < c->n && same_sentence(c, i, j) && j - i < nk_kb_max_trigger_tokens(c->kb); j++) {
        if (key.len)
            nk_buf_addc(&key, ' ');
        nk_buf_adds(&key, c->keys[j]);
        const nk_trigger *t = nk_kb_trigger(c->kb, key.data);
        if (t) {
            best = j + 1;
            *out = t;
        }
        if (!nk_kb_trigger_prefix(c->kb, key.data))
            break;
    }
    nk_buf_free(&key);
    return best;
}

/* "X should release", "it was imperative for X to withdraw": an Appeal by
 * the speaker or the reporting subject, addressed to X. */
static void modal_appeals(ctx *c, const nk_trigger *appeal)
{
    for (size_t i = 1; i + 1 < c->n; i++) {
        bool modal = IS_ANY(c, i, "should", "must");
        bool imperative = key_is(c, i, "imperative") && key_is(c, i + 1, "for");
        if (!modal && !imperative)
            continue;
        size_t subj = NO;
        if (modal && is_actor_at(c, i - 1))
            subj = actor_entity(c, i - 1);
        else if (modal && i >= 2 && NK_IS(kinds(c, i - 1), NK_WORD_LEADER) && is_actor_at(c, i - 2))
            subj = actor_entity(c, i - 2); /* "The Armenian side must stop" */
        else if (modal && i >= 2 && key_is(c, i - 1, "immediately") && is_actor_at(c, i - 2))
            subj = c->ent[i - 2];
        else if (imperative && is_actor_at(c, i + 2))
            subj = c->ent[i + 2];
        if (subj == NO)
            continue;
        /* who says so: a reporting verb's subject, or the quote's speaker */
        idlist agents = {0};
        size_t first = sentence_first(c, i);
        for (size_t k = i; k-- > first;)
            if (is_speech_verb(c, k) || IS_ANY(c, k, "reiterated", "insisted", "argued")) {
                size_t a = attribution(c, k);
                if (a != NO && a != subj)
                    add_with_members(c, &agents, a);
                break;
            }
        if (agents.len == 0 && c->quoted[i] && c->speaker[i] != NO)
            add_with_members(c, &agents, c->speaker[i]);
        if (agents.len == 0) {
            free(agents.items);
            continue;
        }
        nk_event *ev = new_event(c, appeal, i, i + 1);
        for (size_t a = 0; a < agents.len; a++)
            add_role(ev, "agent", agents.items[a]);
        add_role(ev, "addressee", subj);
        ev->topic = topic_after(c, i + 1);
        ev->date = event_date(c, i, ev->topic);
        if (!sentence_has_day(c, i))
            event_period(c, i, ev, false);
        if (c->quoted[i] && c->speaker[i] != NO)
            ev->reported_by = c->speaker[i] + 1;
        free(agents.items);
    }
}

static void track_actors(ctx *c, size_t i)
{
    if (!is_mention_actor(c, i))
        return;
    size_t e = c->ent[i];
    if (cls_of(c, e) == NK_OFFICIAL || cls_of(c, e) == NK_PERSON)
        c->last_person = e;
    else
        c->last_actor = e;
}

/* The person a sentence starting at token i opens with ("The
 * Secretary-General recalls", "Kuleba said"), for the "he" that follows. */
static void note_subject(ctx *c, size_t i)
{
    for (size_t k = i; k < c->n && k < i + 4 && same_sentence(c, k, i); k++) {
        size_t e = is_mention_actor(c, k) ? c->ent[k] : definite_reference(c, k);
        if (e == NO)
            continue;
        if (cls_of(c, e) == NK_OFFICIAL || cls_of(c, e) == NK_PERSON) {
            c->last_subject = e;
            c->last_subject_sentence = c->d->tokens.items[i].sentence;
        }
        return;
    }
}

void nk_extract_events(nk_doc *d, const nk_kb *kb)
{
    ctx c = {0};
    c.d = d;
    c.kb = kb;
    c.n = d->tokens.len;
    c.keys = nk_norm_doc_keys(d);
    c.ent = nk_alloc((c.n + 1) * sizeof(size_t));
    c.ment_b = nk_alloc((c.n + 1) * sizeof(size_t));
    c.speaker = nk_alloc((c.n + 1) * sizeof(size_t));
    c.quoted = nk_alloc((c.n + 1) * sizeof(bool));
    c.dem = nk_alloc((c.n + 1) * sizeof(size_t));
    c.word_kinds = nk_alloc((c.n + 1) * sizeof *c.word_kinds);
    for (size_t i = 0; i < c.n; i++)
        c.word_kinds[i] = nk_kb_word(kb, c.keys[i]);
    for (size_t i = 0; i <= c.n; i++)
        c.ent[i] = c.ment_b[i] = c.speaker[i] = c.dem[i] = NO;
    c.last_person = c.last_actor = c.last_subject = NO;
    c.narrative_sentence = NO;
    map_mentions(&c);
    for (size_t i = 0; i < c.n; i++) {
        size_t entry;
        if (!is_mention_actor(&c, i) && (tok(&c, i)->flags & NK_TOK_UPPER) && nk_kb_demonym(kb, c.keys[i], &entry))
            c.dem[i] = entry;
    }
    /* speakers are resolved with pronouns, so track people as we go */
    for (size_t i = 0; i < c.n; i++)
        track_actors(&c, i);
    c.last_person = c.last_actor = c.last_subject = NO;
    find_quotes(&c);

    bool *appeal_before = nk_alloc((d->sentences.len + 1) * sizeof(bool));
    const nk_trigger *appeal = NULL;
    for (size_t i = 0; i < c.n;) {
        if (i == 0 || !same_sentence(&c, i - 1, i))
            note_subject(&c, i);
        if (i > 0 && !same_sentence(&c, i - 1, i))
            memset(appeal_before, 0, (d->sentences.len + 1) * sizeof(bool));
        const nk_trigger *tr = NULL;
        size_t end = trigger_at(&c, i, &tr);
        if (end == i || (c.ent[i] != NO && cls_of(&c, c.ent[i]) != NK_INCIDENT && cls_of(&c, c.ent[i]) != NK_AGREEMENT)) {
            track_actors(&c, i);
            i++;
            continue;
        }
        bool skip = is_descriptive(&c, i, end, tr->cls == NK_EV_SIGNING);
        if (done_thing(tr->cls))
            skip |= is_requested(&c, i, appeal_before);
        else /* "encourage the sides to welcome": the welcome is what was asked */
            skip |= i > 0 && key_is(&c, i - 1, "to") && appeal_before[tok(&c, i)->sentence];
        /* an evaluation ("barbaric", "provocation") is a criticism only when someone says it */
        if (tr->needs_speaker && !(c.quoted[i] && c.speaker[i] != NO) && !speech_before(&c, i))
            skip = true;
        if (!skip)
            build_event(&c, tr, i, end);
        if (tr->cls == NK_EV_APPEAL) {
            appeal_before[tok(&c, i)->sentence] = true;
            appeal = tr;
        }
        i = end;
    }
    if (!appeal)
        appeal = nk_kb_class_trigger(kb, NK_EV_APPEAL);
    if (appeal)
        modal_appeals(&c, appeal);
    free(appeal_before);
    free(c.last_group.items);
    free(c.last_agents.items);
    free(c.sides.items);
    free(c.dem);
    free(c.ent);
    free(c.ment_b);
    free(c.speaker);
    free(c.quoted);
    free(c.word_kinds);
    nk_doc_sort_mentions(d); /* demonyms may have become mentions */
}
