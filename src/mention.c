/* mention.c — see mention.h.
 *
 * The passes run in a fixed order, each marking the tokens it claimed so a
 * later, weaker pattern does not claim them again: gazetteer, demonyms,
 * officials, people, organizations, places, agreements and incidents,
 * aliases, then short references.  Identity keys are built here from the
 * gazetteer id or from the name itself (never from the order of the run),
 * so documents processed apart give the same keys. */
#include "mention.h"
#include "date.h"
#include "norm.h"
#include "strmap.h"
#include "token.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define NO ((size_t)-1)

typedef struct {
    nk_doc *d;
    const nk_kb *kb;
    char **keys;        /* folded key of each token */
    size_t n;           /* tokens */
    size_t *gaz_entry;  /* per token: gazetteer entry of the top-level match covering it, or NO */
    size_t *gaz_end;    /* per token: end token of that match */
    size_t *claimed;    /* per token: entity of the top-level mention covering it, or NO */
    size_t *demonym;    /* per token: state entry of a demonym, or NO */
    NK_VEC(char *) alias_keys;
    NK_VEC(size_t) alias_entities;
    nk_strmap *seen_mentions;
    unsigned *word_kinds;  /* per token: nk_kb_word of its key (looked up once) */
    unsigned char *function_word; /* per token: 0 not yet known, 1 no, 2 yes */
} ctx;

/* ------------------------------------------------------------ tokens */

static const nk_token *tok(const ctx *c, size_t i) { return &c->d->tokens.items[i]; }
static bool is_word(const ctx *c, size_t i) { return i < c->n && (tok(c, i)->flags & NK_TOK_WORD); }
static bool is_cap(const ctx *c, size_t i) { return i < c->n && (tok(c, i)->flags & NK_TOK_UPPER); }
static bool same_sentence(const ctx *c, size_t i, size_t j)
{
    return i < c->n && j < c->n && tok(c, i)->sentence == tok(c, j)->sentence;
}
static bool key_is(const ctx *c, size_t i, const char *w) { return i < c->n && strcmp(c->keys[i], w) == 0; }
static unsigned kinds(const ctx *c, size_t i) { return i < c->n ? c->word_kinds[i] : 0; }
static bool is_hyphen(const ctx *c, size_t i)
{
    return i < c->n && (key_is(c, i, "-") || key_is(c, i, "\xE2\x80\x90") || key_is(c, i, "\xE2\x80\x91"));
}
static bool is_possessive(const ctx *c, size_t i) { return key_is(c, i, "'s"); }

/* Function words that never begin or continue a name. */
static bool is_function_word(const ctx *c, size_t i)
{
    if (i < c->n && c->function_word[i])
        return c->function_word[i] == 2;
    static const char *words[] = {
        "the", "a", "an", "in", "on", "at", "for", "and", "of", "by", "with", "from", "to", "this",
        "that", "these", "those", "today", "meanwhile", "also", "but", "as", "after", "before",
        "during", "while", "when", "where", "it", "its", "their", "his", "her", "our", "we", "they",
        "he", "she", "i", "you", "there", "here", "according", "yesterday", "tomorrow", "however",
        "both", "all", "some", "many", "several", "such", "if", "or", "nor", "not", "no", "yes",
        "since", "until", "under", "over", "about", "against", "between", "through", "into", "upon",
        "shortly", "certainly", "now", "then", "quite", "last", "next", "first", "new", "said",
    };
    bool yes = false;
    for (size_t k = 0; k < sizeof words / sizeof *words && !yes; k++)
        yes = key_is(c, i, words[k]);
    if (i < c->n)
        c->function_word[i] = yes ? 2 : 1;
    return yes;
}

/* ------------------------------------------------------------ entities */

char *nk_mention_gaz_key(const nk_gaz *g)
{
    static const char *prefix[NK_CLASS_COUNT] = {
        "thing", "state", "person", "person", "org", "agreement", "incident", "location",
    };
    nk_buf b = {0};
    nk_buf_adds(&b, prefix[g->cls]);
    nk_buf_addc(&b, '/');
    nk_buf_adds(&b, g->id);
    return nk_buf_steal(&b);
}

static size_t gaz_entity(ctx *c, size_t entry)
{
    const nk_gaz *g = nk_kb_entry(c->kb, entry);
    char *key = nk_mention_gaz_key(g);
    size_t e = nk_doc_entity(c->d, key, g->cls, entry + 1);
    free(key);
    return e;
}

static size_t pattern_entity(ctx *c, const char *prefix, const char *slug, nk_class cls)
{
    nk_buf key = {0};
    nk_buf_adds(&key, prefix);
    nk_buf_addc(&key, '/');
    nk_buf_adds(&key, slug);
    size_t e = nk_doc_entity(c->d, key.data, cls, 0);
    nk_buf_free(&key);
    return e;
}

/* Records tokens [tb, te) as a mention of entity e; top marks a name that
 * is not nested in another, whose tokens later passes leave alone. */
static void add_mention(ctx *c, size_t tb, size_t te, size_t e, bool top)
{
    nk_doc *d = c->d;
    nk_span span = {tok(c, tb)->span.b, tok(c, te - 1)->span.e};
    /* one mention per span and entity, found in a map: a long document has
     * tens of thousands; the key is the three numbers' bytes */
    size_t key[3] = {span.b, span.e, e};
    if (nk_strmap_get(c->seen_mentions, (const char *)key, sizeof key, NULL))
        return;
    nk_strmap_put(c->seen_mentions, (const char *)key, sizeof key, 1);
    nk_mention m = {span, tb, te, tok(c, tb)->sentence, e};
    NK_PUSH(d->mentions, m);
    nk_entity *ent = &d->entities.items[e];
    nk_entity_add_form(ent, d->text + span.b, span.e - span.b);
    if (ent->first_mention == NO || span.b < d->mentions.items[ent->first_mention].span.b)
        ent->first_mention = d->mentions.len - 1;
    if (top)
        for (size_t i = tb; i < te; i++)
            if (c->claimed[i] == NO)
                c->claimed[i] = e;
}

/* Text of tokens [tb, te) as written (a new string). */
static char *text_of(const ctx *c, size_t tb, size_t te)
{
    size_t b = tok(c, tb)->span.b, e = tok(c, te - 1)->span.e;
    return nk_strndup(c->d->text + b, e - b);
}

/* The state a demonym at token i names, as an entity with the demonym as
 * its mention (the spec: "French" in "the French Minister"). */
static size_t demonym_entity(ctx *c, size_t i)
{
    size_t e = gaz_entity(c, c->demonym[i]);
    add_mention(c, i, i + 1, e, true);
    return e;
}

/* Entity named at token i by a gazetteer match of a state or organization,
 * or by a demonym; NO otherwise.  *end receives the token after it. */
static size_t actor_at(ctx *c, size_t i, size_t *end)
{
    if (i >= c->n)
        return NO;
    if (c->gaz_entry[i] != NO) {
        nk_class cls = nk_kb_entry(c->kb, c->gaz_entry[i])->cls;
        if (cls == NK_STATE || cls == NK_ORGANIZATION) {
            *end = c->gaz_end[i];
            return gaz_entity(c, c->gaz_entry[i]);
        }
        return NO;
    }
    if (c->demonym[i] != NO) {
        *end = i + 1;
        return demonym_entity(c, i);
    }
    if (c->claimed[i] != NO && c->d->entities.items[c->claimed[i]].cls == NK_ORGANIZATION) {
        size_t k = i;
        while (k < c->n && c->claimed[k] == c->claimed[i])
            k++;
        *end = k;
        return c->claimed[i];
    }
    return NO;
}

/* ------------------------------------------------------------ gazetteer */

/* Longest gazetteer label starting at token i and ending by te; returns its
 * end token (i when none) and the chosen entry. */
static size_t longest_label(ctx *c, size_t i, size_t te, size_t max_len, size_t *entry)
{
    if (!is_word(c, i))
        return i;
    nk_buf folded = {0}, exact = {0};
    nk_buf_addc(&exact, '=');
    size_t best = i, words = 0;
    for (size_t j = i; j < te && j < c->n && same_sentence(c, i, j) && words < nk_kb_max_label_tokens(c->kb); j++) {
        if (is_hyphen(c, j) && j > i)
            continue;
        if (folded.len) {
            nk_buf_addc(&folded, ' ');
            nk_buf_addc(&exact, ' ');
        }
        nk_buf_adds(&folded, c->keys[j]);
        nk_buf_add(&exact, c->d->text + tok(c, j)->span.b, tok(c, j)->span.e - tok(c, j)->span.b);
        words++;
        if (j + 1 - i > max_len)
            break;
        const size_t *hits;
        size_t nh = nk_kb_lookup_label(c->kb, exact.data, &hits);
        if (!nh)
            nh = nk_kb_lookup_label(c->kb, folded.data, &hits);
        if (nh) {
            /* a lower-case word matches a name only when it is long and
             * rare enough not to be an ordinary word ("karabakh", not "turkey") */
            bool lower = !is_cap(c, i) && !(tok(c, i)->flags & NK_TOK_NUMBER);
            if (!lower || strlen(c->keys[i]) >= 7) {
                /* several entries share the label: the most specific class wins,
                 * then the smallest id, so the choice never depends on file order */
                static const int rank[NK_CLASS_COUNT] = {9, 0, 2, 3, 1, 5, 6, 4};
                size_t pick = hits[0];
                for (size_t k = 1; k < nh; k++) {
                    const nk_gaz *a = nk_kb_entry(c->kb, hits[k]), *b = nk_kb_entry(c->kb, pick);
                    if (rank[a->cls] < rank[b->cls] || (rank[a->cls] == rank[b->cls] && strcmp(a->id, b->id) < 0))
                        pick = hits[k];
                }
                best = j + 1;
                *entry = pick;
            }
        }
        bool more = nk_kb_label_prefix(c->kb, folded.data) || nk_kb_label_prefix(c->kb, exact.data);
        if (!more)
            break;
    }
    nk_buf_free(&folded);
    nk_buf_free(&exact);
    return best;
}

/* Matches labels in [tb, te); nested matches are mentions too ("OSCE" in
 * "OSCE Minsk Group"). */
static void match_gazetteer(ctx *c, size_t tb, size_t te, bool top, nk_class outer_cls)
{
    for (size_t i = tb; i < te;) {
        size_t entry = NO;
        size_t end = longest_label(c, i, te, top ? (size_t)-1 : te - tb - 1, &entry);
        if (end == i) {
            i++;
            continue;
        }
        /* a place inside an organization's or a place's name is not a
         * mention of that place ("Minsk" in "Minsk Group", "Caucasus" in
         * "South Caucasus"); inside an incident's or agreement's it is */
        if (!top && nk_kb_entry(c->kb, entry)->cls == NK_LOCATION && outer_cls != NK_INCIDENT &&
            outer_cls != NK_AGREEMENT) {
            i = end;
            continue;
        }
        size_t e = gaz_entity(c, entry);
        add_mention(c, i, end, e, top);
        if (top)
            for (size_t k = i; k < end; k++) {
                c->gaz_entry[k] = entry;
                c->gaz_end[k] = end;
            }
        if (end - i > 1)
            match_gazetteer(c, i, end, false, nk_kb_entry(c->kb, entry)->cls);
        i = end;
    }
}

static void find_demonyms(ctx *c)
{
    for (size_t i = 0; i < c->n; i++) {
        size_t entry;
        if (c->gaz_entry[i] == NO && is_cap(c, i) && nk_kb_demonym(c->kb, c->keys[i], &entry))
            c->demonym[i] = entry;
    }
}

/* ------------------------------------------------------------ people */

static bool is_particle_word(const ctx *c, size_t i)
{
    static const char *p[] = {"le", "la", "de", "del", "di", "da", "du", "van", "von", "der", "bin", "al", "ibn"};
    for (size_t k = 0; k < sizeof p / sizeof *p; k++)
        if (key_is(c, i, p[k]))
            return true;
    return false;
}

/* A personal name at token i: capitalized words (with particles and
 * hyphens inside), no title words, no other names; returns its end. */
static size_t name_run(ctx *c, size_t i)
{
    size_t k = i, words = 0;
    while (k < c->n && same_sentence(c, i, k) && words < 5) {
        if (is_cap(c, k) && !(tok(c, k)->flags & NK_TOK_ALLCAPS && strlen(c->keys[k]) > 4) &&
            !NK_IS(kinds(c, k), NK_WORD_TITLE_HEAD) && !(k == i && NK_IS(kinds(c, k), NK_WORD_TITLE_MOD)) &&
            !is_function_word(c, k) &&
            c->demonym[k] == NO && (c->gaz_entry[k] == NO || nk_kb_entry(c->kb, c->gaz_entry[k])->cls == NK_OFFICIAL ||
                                    nk_kb_entry(c->kb, c->gaz_entry[k])->cls == NK_PERSON)) {
            k++;
            words++;
        } else if ((is_particle_word(c, k) || is_hyphen(c, k)) && k > i && is_cap(c, k + 1) && same_sentence(c, k, k + 1)) {
            k++;
        } else if (is_particle_word(c, k) && k > i && is_hyphen(c, k + 1) && is_cap(c, k + 2)) {
            k += 2; /* "Majed al-Ansari" */
        } else {
            break;
        }
    }
    return k;
}

/* "Rashad Huseynov" is not Zakir Hasanov though their family names sound
 * alike: when the text gives a first name, it must fit the gazetteer's. */
static bool given_names_agree(const ctx *c, size_t nb, size_t ne, size_t entry)
{
    const nk_gaz *g = nk_kb_entry(c->kb, entry);
    if (ne - nb < 2 || !g->label || !strchr(g->label, ' '))
        return true;
    char *text_given = nk_norm_skeleton(c->keys[nb], strlen(c->keys[nb]));
    size_t gl = (size_t)(strchr(g->label, ' ') - g->label);
    char *gaz_given = nk_norm_skeleton(g->label, gl);
    bool ok = strcmp(text_given, gaz_given) == 0 || text_given[0] == '\0';
    free(text_given);
    free(gaz_given);
    return ok;
}

/* The entity of the person named by tokens [nb, ne). */
static size_t person_entity(ctx *c, size_t nb, size_t ne, nk_class cls)
{
    if (c->gaz_entry[nb] != NO && c->gaz_end[nb] >= ne)
        return gaz_entity(c, c->gaz_entry[nb]);
    char *name = text_of(c, nb, ne);
    char *sk = nk_norm_family_skeleton(name, strlen(name));
    size_t entry, e;
    if (*sk && nk_kb_person_skeleton(c->kb, sk, &entry) && given_names_agree(c, nb, ne, entry)) {
        e = gaz_entity(c, entry);
    } else {
        char *slug = *sk ? NULL : nk_norm_slug(name, strlen(name));
        e = pattern_entity(c, "person", *sk ? sk : slug, cls);
        free(slug);
    }
    free(sk);
    free(name);
    return e;
}

static void appositive_owner(ctx *c, size_t name, size_t person, size_t s);

/* The title around a title head word at h: returns its tokens [*tb, *te). */
static void title_span(ctx *c, size_t h, size_t *tb, size_t *te)
{
    size_t b = h;
    bool lower = !is_cap(c, h);
    while (b > 0 && same_sentence(c, b - 1, h) && (is_cap(c, b - 1) || (lower && is_word(c, b - 1))) &&
           c->gaz_entry[b - 1] == NO &&
           c->demonym[b - 1] == NO && c->claimed[b - 1] == NO &&
           (kinds(c, b - 1) & ((1u << NK_WORD_TITLE_HEAD) | (1u << NK_WORD_TITLE_MOD) | (1u << NK_WORD_PORTFOLIO))))
        b--;
    size_t e = h + 1;
    for (;;) {
        if (is_cap(c, e) && same_sentence(c, e, h) && c->gaz_entry[e] == NO &&
            (kinds(c, e) & ((1u << NK_WORD_TITLE_HEAD) | (1u << NK_WORD_TITLE_MOD)))) {
            e++; /* "Secretary General", "Minister" after "Prime" */
            continue;
        }
        if (is_hyphen(c, e) && is_cap(c, e + 1) && NK_IS(kinds(c, e + 1), NK_WORD_TITLE_HEAD)) {
            e += 2; /* "Secretary-General" */
            continue;
        }
        /* "of Foreign Affairs", "for Europe and Foreign Affairs", "of State" */
        if ((key_is(c, e, "of") || key_is(c, e, "for")) && same_sentence(c, e, h)) {
            size_t k = e + 1;
            if (key_is(c, k, "the"))
                k++;
            size_t last = NO;
            while (k < c->n && same_sentence(c, k, h)) {
                if (is_cap(c, k) && c->gaz_entry[k] == NO && NK_IS(kinds(c, k), NK_WORD_PORTFOLIO))
                    last = k++;
                else if (key_is(c, k, "and") && last != NO)
                    k++;
                else
                    break;
            }
            if (last != NO) {
                e = last + 1;
                continue;
            }
        }
        break;
    }
    *tb = b;
    *te = e;
}

static void find_officials(ctx *c)
{
    for (size_t h = 0; h < c->n; h++) {
        if (!NK_IS(kinds(c, h), NK_WORD_TITLE_HEAD) || c->gaz_entry[h] != NO || c->claimed[h] != NO)
            continue;
        /* a title in lower case counts only right before a full name */
        if (!is_cap(c, h) && !(is_word(c, h) && name_run(c, h + 1) >= h + 3))
            continue;
        size_t tb, te;
        title_span(c, h, &tb, &te);
        size_t s = tok(c, h)->sentence;
        /* whom the office holder acts for: before the title ... */
        size_t owner = NO, end;
        size_t k = tb;
        if (k > 0 && same_sentence(c, k - 1, h)) {
            size_t j = k - 1;
            /* "Turkey’s dictatorial President": skip an adjective or two */
            for (int adj = 0; adj < 2 && j > 0 && is_word(c, j) && !is_cap(c, j) && !is_function_word(c, j); adj++)
                j--;
            if (is_possessive(c, j) && j > 0)
                j--;
            /* walk back to the start of the actor's name */
            size_t start = j;
            if (c->gaz_entry[j] != NO)
                while (start > 0 && c->gaz_entry[start - 1] == c->gaz_entry[j] && c->gaz_end[start - 1] == c->gaz_end[j])
                    start--;
            else if (c->claimed[j] != NO)
                while (start > 0 && c->claimed[start - 1] == c->claimed[j])
                    start--;
            if (same_sentence(c, start, h))
                owner = actor_at(c, start, &end);
        }
        /* "President of the Republic": an office of a body not named */
        if (key_is(c, te, "of") && key_is(c, te + 1, "the") && is_cap(c, te + 2) && c->gaz_entry[te + 2] == NO &&
            c->claimed[te + 2] == NO && key_is(c, te + 3, ","))
            te += 3;
        /* ... or after it: "Minister of Foreign Affairs of the Russian Federation" */
        size_t after = te;
        if (key_is(c, after, "of") || key_is(c, after, "for")) {
            size_t j = after + 1;
            if (key_is(c, j, "the"))
                j++;
            size_t o = actor_at(c, j, &end);
            if (o != NO) {
                if (owner == NO)
                    owner = o;
                after = end;
            }
        }
        /* the name that follows, if any (after a comma in apposition: "Saudi
         * Arabia's Foreign Minister, Prince Faisal bin Farhan,"); a title alone
         * is no entity */
        size_t nb = after;
        if (key_is(c, nb, ",") && is_cap(c, nb + 1) && same_sentence(c, nb, h))
            nb++;
        while (nb < c->n && is_cap(c, nb) && NK_IS(kinds(c, nb), NK_WORD_TITLE_HEAD) && c->gaz_entry[nb] == NO &&
               is_cap(c, nb + 1) && !NK_IS(kinds(c, nb + 1), NK_WORD_TITLE_HEAD))
            nb++; /* an honorific before the name: "Prince", "Sheikh" */
        size_t ne = name_run(c, nb);
        if (ne == nb)
            continue;
        size_t p = person_entity(c, nb, ne, NK_OFFICIAL);
        if (c->d->entities.items[p].cls == NK_PERSON)
            c->d->entities.items[p].cls = NK_OFFICIAL;
        add_mention(c, nb, ne, p, true);
        for (size_t i = tb; i < te; i++)
            if (c->claimed[i] == NO)
                c->claimed[i] = p; /* the title belongs to this person now */
        char *role = text_of(c, tb, te);
        nk_doc_fact_string(c->d, p, "role", role, strlen(role), s);
        free(role);
        if (owner != NO)
            nk_doc_fact_entity(c->d, p, "represents", owner, s);
        else if (tb > 0 && key_is(c, tb - 1, ","))
            appositive_owner(c, tb, p, s); /* "The Houthis' military spokesman, Brigadier General Yahya Saree," */
        h = ne - 1;
    }
}

static bool is_speech_word(const ctx *c, size_t i)
{
    static const char *w[] = {"said", "says", "told", "added", "warned", "wrote", "stated", "tweeted",
                              "insisted", "urged", "called", "noted", "stressed", "declared", "announced"};
    for (size_t k = 0; k < sizeof w / sizeof *w; k++)
        if (key_is(c, i, w[k]))
            return true;
    return false;
}

static bool is_role_word(const ctx *c, size_t i)
{
    unsigned k = kinds(c, i);
    return is_word(c, i) && !is_cap(c, i) && (NK_IS(k, NK_WORD_TITLE_HEAD) || NK_IS(k, NK_WORD_PERSON_NOUN));
}

/* "Qatar's Foreign Ministry spokesman, Majed al-Ansari," / "The Houthis'
 * military spokesman, …": whom the role before the comma serves. */
static void appositive_owner(ctx *c, size_t name, size_t person, size_t s)
{
    size_t k = name - 1; /* the comma */
    while (k > 0 && same_sentence(c, k - 1, name) && name - k < 8) {
        k--;
        if (key_is(c, k, "'s") || key_is(c, k, "'") || key_is(c, k, "\xE2\x80\x99")) {
            if (k == 0)
                return;
            size_t o = k - 1, end;
            while (c->gaz_entry[o] != NO && o > 0 && c->gaz_entry[o - 1] == c->gaz_entry[k - 1] &&
                   c->gaz_end[o - 1] == c->gaz_end[k - 1])
                o--;
            size_t owner = actor_at(c, o, &end);
            if (owner == NO && c->claimed[k - 1] != NO)
                owner = c->claimed[k - 1];
            if (owner != NO && owner != person)
                nk_doc_fact_entity(c->d, person, "represents", owner, s);
            return;
        }
        if (key_is(c, k, ","))
            return;
    }
}

/* A full name that only its context marks as a person: after a role noun
 * ("chief negotiator Mohammed Abdulsalam"), in apposition to one ("the UN
 * envoy for Yemen, Hans Grundberg,"), or speaking ("Tsega Gebremedhin
 * said").  Two to four capitalized words, none of them a known name. */
static void find_named_people(ctx *c)
{
    for (size_t i = 0; i < c->n; i++) {
        if (!is_cap(c, i) || c->claimed[i] != NO || c->gaz_entry[i] != NO || is_function_word(c, i) ||
            c->demonym[i] != NO || (i > 0 && is_cap(c, i - 1) && same_sentence(c, i - 1, i) && !is_function_word(c, i - 1)))
            continue;
        size_t e = name_run(c, i);
        if (e - i < 2 || e - i > 4)
            continue;
        bool named_thing = false;
        for (size_t k = i; k < e; k++)
            named_thing |= (kinds(c, k) & ((1u << NK_WORD_ORG_HEAD) | (1u << NK_WORD_AGREEMENT_HEAD) |
                                           (1u << NK_WORD_INCIDENT_HEAD) | (1u << NK_WORD_LOCATION_HEAD) |
                                           (1u << NK_WORD_PORTFOLIO))) != 0 ||
                           c->claimed[k] != NO || (tok(c, k)->flags & NK_TOK_ALLCAPS);
        if (named_thing)
            continue;
        nk_datexp x;
        if (nk_date_parse_at(c->d->text, c->d->len, tok(c, i)->span.b, (nk_date){0}, &x))
            continue; /* "Monday", "March 18" */
        bool role_before = i > 0 && same_sentence(c, i - 1, i) && is_role_word(c, i - 1);
        bool apposition = false;
        if (i > 1 && key_is(c, i - 1, ","))
            for (size_t k = i - 1; k-- > 0 && k + 8 > i && same_sentence(c, k, i);)
                if (is_role_word(c, k)) {
                    apposition = true;
                    break;
                }
        bool speaks = is_speech_word(c, e) || (key_is(c, e, ",") && e + 1 < c->n && is_speech_word(c, e + 1)) ||
                      (i > 0 && is_speech_word(c, i - 1) && same_sentence(c, i - 1, i));
        /* "Tsega Gebremedhin, coordinator of …", "Mawaddah Osman, a coordinator at …" */
        size_t r = e + 1;
        if (key_is(c, r, "a") || key_is(c, r, "an") || key_is(c, r, "the"))
            r++;
        while (r < c->n && r < e + 5 && is_word(c, r) && !is_role_word(c, r) && !is_function_word(c, r) &&
               !is_cap(c, r))
            r++;
        bool described = key_is(c, e, ",") && r < c->n && is_role_word(c, r) && same_sentence(c, e, r);
        /* "detained Zurab Kapanadze", "released Nodar Kvlividze" */
        const nk_trigger *tr = i > 0 && same_sentence(c, i - 1, i) ? nk_kb_trigger(c->kb, c->keys[i - 1]) : NULL;
        bool held = tr && (tr->cls == NK_EV_DETENTION || tr->cls == NK_EV_RELEASE);
        if (!role_before && !apposition && !speaks && !described && !held)
            continue;
        bool office = (role_before && NK_IS(kinds(c, i - 1), NK_WORD_TITLE_HEAD)) || apposition;
        size_t p = person_entity(c, i, e, office ? NK_OFFICIAL : NK_PERSON);
        add_mention(c, i, e, p, true);
        size_t s = tok(c, i)->sentence;
        if (apposition && !role_before)
            appositive_owner(c, i, p, s);
        if (role_before) {
            /* "Houthi chief negotiator X": the actor before the role words */
            size_t k = i - 1;
            while (k > 0 && is_word(c, k - 1) && !is_cap(c, k - 1) && !is_function_word(c, k - 1) && k + 4 > i)
                k--;
            size_t end, owner = NO;
            if (k > 0) {
                size_t st = k - 1;
                while (c->gaz_entry[st] != NO && st > 0 && c->gaz_entry[st - 1] == c->gaz_entry[k - 1] &&
                       c->gaz_end[st - 1] == c->gaz_end[k - 1])
                    st--;
                owner = actor_at(c, st, &end);
            }
            if (owner != NO)
                nk_doc_fact_entity(c->d, p, "represents", owner, s);
            if (office) {
                char *role = text_of(c, k, i);
                nk_doc_fact_string(c->d, p, "role", role, strlen(role), s);
                free(role);
            }
        }
        i = e - 1;
    }
}

/* "Azerbaijani soldier Ayaz Nazarov", "By Sabina Mammadli". */
static void find_people(ctx *c)
{
    for (size_t i = 0; i + 1 < c->n; i++) {
        if (!NK_IS(kinds(c, i), NK_WORD_PERSON_NOUN) || c->claimed[i + 1] != NO)
            continue;
        bool byline = key_is(c, i, "by") && is_cap(c, i) && (i == 0 || tok(c, i - 1)->sentence != tok(c, i)->sentence);
        if (is_cap(c, i) && !byline)
            continue; /* "General" as a title is the officials' pass */
        if (!byline && !is_word(c, i))
            continue;
        size_t nb = i + 1, ne = name_run(c, nb);
        if (ne - nb < 2 && !(ne - nb == 1 && byline))
            continue; /* one capitalized word after "soldier" is too weak */
        size_t p = person_entity(c, nb, ne, NK_PERSON);
        add_mention(c, nb, ne, p, true);
        if (i > 0 && c->demonym[i - 1] != NO)
            nk_doc_fact_entity(c->d, p, "represents", gaz_entity(c, c->demonym[i - 1]), tok(c, i)->sentence);
        i = ne - 1;
    }
}

/* ------------------------------------------------------------ organizations */

/* A body named by tokens [b, e), found by a pattern: its entity, keyed by
 * the name, with the name as a mention that claims its tokens (the longer
 * name wins over a known name inside it). */
static size_t claim_named_body(ctx *c, size_t b, size_t e)
{
    char *name = text_of(c, b, e);
    char *slug = nk_norm_slug(name, strlen(name));
    size_t o = pattern_entity(c, "org", slug, NK_ORGANIZATION);
    free(slug);
    free(name);
    add_mention(c, b, e, o, true);
    for (size_t k = b; k < e; k++)
        c->claimed[k] = o;
    return o;
}

static void find_organizations(ctx *c)
{
    for (size_t h = 0; h < c->n; h++) {
        if (!is_cap(c, h) || !NK_IS(kinds(c, h), NK_WORD_ORG_HEAD) || c->gaz_entry[h] != NO || c->claimed[h] != NO)
            continue;
        /* left: capitalized words (joined by hyphens too), a leading demonym */
        size_t b = h, based = NO, based_gaz = NO;
        while (b > 0 && same_sentence(c, b - 1, h) &&
               ((is_cap(c, b - 1) && c->gaz_entry[b - 1] == NO && c->claimed[b - 1] == NO &&
                 !is_function_word(c, b - 1) && !NK_IS(kinds(c, b - 1), NK_WORD_TITLE_HEAD)) ||
                (is_hyphen(c, b - 1) && b >= 2 && is_cap(c, b - 2) && c->gaz_entry[b - 2] == NO))) {
            b--;
            if (c->demonym[b] != NO) {
                based = c->demonym[b];
                break;
            }
        }
        /* a known body or state may lead the name: "United Nations Interim
         * Security Force", "EU Monitoring Mission", "US Central Command" */
        if (based == NO && b > 0 && same_sentence(c, b - 1, h) && c->gaz_entry[b - 1] != NO) {
            const nk_gaz *lead = nk_kb_entry(c->kb, c->gaz_entry[b - 1]);
            if (lead->cls == NK_ORGANIZATION || lead->cls == NK_STATE) {
                size_t start = b - 1;
                while (start > 0 && c->gaz_entry[start - 1] == c->gaz_entry[b - 1] && c->gaz_end[start - 1] == c->gaz_end[b - 1])
                    start--;
                if (lead->cls == NK_STATE)
                    based_gaz = c->gaz_entry[b - 1];
                b = start;
            }
        }
        /* right: "of America", "of Foreign Affairs", "for Security and Cooperation in Europe" */
        size_t e = h + 1, based_state_tok = NO;
        while ((key_is(c, e, "of") || key_is(c, e, "for") || key_is(c, e, "on") || key_is(c, e, "and") ||
                (key_is(c, e, "in") && c->gaz_entry[e + 1 + key_is(c, e + 1, "the")] != NO)) &&
               same_sentence(c, e, h)) {
            size_t k = e + 1;
            if (key_is(c, k, "the"))
                k++;
            if (c->gaz_entry[k] == NO && (!is_cap(c, k) || NK_IS(kinds(c, k), NK_WORD_TITLE_HEAD) || c->claimed[k] != NO))
                break;
            if (c->gaz_entry[k] != NO) {
                if ((nk_kb_entry(c->kb, c->gaz_entry[k])->cls == NK_STATE || key_is(c, e, "in")) && !key_is(c, e, "and")) {
                    based_state_tok = k;
                    e = c->gaz_end[k];
                }
                break;
            }
            while (is_cap(c, k) && c->gaz_entry[k] == NO && c->claimed[k] == NO && same_sentence(c, k, h))
                k++;
            e = k;
        }
        if (e - b < 2)
            continue; /* "Assembly" alone names nothing by itself */

        /* a title inside means an office, not a body */
        bool title = false;
        for (size_t k = b; k < e; k++)
            title |= NK_IS(kinds(c, k), NK_WORD_TITLE_HEAD) && c->gaz_entry[k] == NO;
        if (title)
            continue;
        size_t o = claim_named_body(c, b, e);
        size_t s = tok(c, h)->sentence;
        if (based_gaz != NO)
            nk_doc_fact_entity(c->d, o, "basedIn", gaz_entity(c, based_gaz), s);
        if (based != NO) {
            add_mention(c, b, b + 1, gaz_entity(c, based), false);
            nk_doc_fact_entity(c->d, o, "basedIn", gaz_entity(c, based), s);
        } else if (based_state_tok != NO) {
            nk_doc_fact_entity(c->d, o, "basedIn", gaz_entity(c, c->gaz_entry[based_state_tok]), s);
        }
        h = e - 1;
    }
}

/* ------------------------------------------------------------ places */

/* ISO code of the state named at token i (gazetteer or demonym), or NULL. */
static const nk_gaz *state_at(const ctx *c, size_t i)
{
    if (i >= c->n)
        return NULL;
    size_t entry = c->gaz_entry[i] != NO ? c->gaz_entry[i] : c->demonym[i];
    if (entry == NO)
        return NULL;
    const nk_gaz *g = nk_kb_entry(c->kb, entry);
    return g->cls == NK_STATE ? g : NULL;
}

static size_t state_start(const ctx *c, size_t last)
{
    size_t b = last;
    if (c->gaz_entry[last] != NO)
        while (b > 0 && c->gaz_end[b - 1] == c->gaz_end[last] && c->gaz_entry[b - 1] == c->gaz_entry[last])
            b--;
    return b;
}

static size_t border_entity(ctx *c, const nk_gaz *a, const nk_gaz *b)
{
    if (strcmp(a->id, b->id) > 0) {
        const nk_gaz *t = a;
        a = b;
        b = t;
    }
    /* a border the gazetteer knows ("Armenia-Azerbaijan border") keeps its id */
    for (int order = 0; order < 2; order++) {
        const nk_gaz *x = order ? b : a, *y = order ? a : b;
        nk_buf label = {0};
        nk_buf_addf(&label, "%s %s border", x->label ? x->label : x->id, y->label ? y->label : y->id);
        char *key = nk_norm_name_key(label.data, label.len, false);
        const size_t *hits;
        size_t nh = nk_kb_lookup_label(c->kb, key, &hits);
        free(key);
        nk_buf_free(&label);
        for (size_t k = 0; k < nh; k++)
            if (nk_kb_entry(c->kb, hits[k])->cls == NK_LOCATION)
                return gaz_entity(c, hits[k]);
    }
    nk_buf slug = {0};
    nk_buf_addf(&slug, "border-%s-%s", a->id, b->id);
    size_t e = pattern_entity(c, "location", slug.data, NK_LOCATION);
    nk_buf_free(&slug);
    return e;
}

/* "the Armenia-Azerbaijan border", "Azerbaijani-Armenian state border",
 * "the border between Armenia and Azerbaijan". */
static void find_borders(ctx *c)
{
    for (size_t i = 0; i < c->n; i++) {
        if (!key_is(c, i, "border") && !key_is(c, i, "frontier"))
            continue;
        size_t k = i;
        if (k > 0 && key_is(c, k - 1, "state"))
            k--;
        if (k >= 3) {
            size_t bstart = state_start(c, k - 1);
            const nk_gaz *b = state_at(c, k - 1);
            if (b && bstart >= 2 && is_hyphen(c, bstart - 1)) {
                size_t a_last = bstart - 2, astart = state_start(c, a_last);
                const nk_gaz *a = state_at(c, a_last);
                if (a && a != b && same_sentence(c, astart, i)) {
                    add_mention(c, astart, i + 1, border_entity(c, a, b), true);
                    continue;
                }
            }
        }
        if (key_is(c, i + 1, "between")) {
            size_t j = i + 2;
            if (key_is(c, j, "the"))
                j++;
            const nk_gaz *a = state_at(c, j);
            if (!a)
                continue;
            size_t aend = c->gaz_entry[j] != NO ? c->gaz_end[j] : j + 1;
            if (!key_is(c, aend, "and"))
                continue;
            const nk_gaz *b = state_at(c, aend + 1);
            if (!b || a == b)
                continue;
            size_t bend = c->gaz_entry[aend + 1] != NO ? c->gaz_end[aend + 1] : aend + 2;
            size_t from = i;
            if (from > 0 && key_is(c, from - 1, "international"))
                add_mention(c, from - 1, bend, border_entity(c, a, b), false);
            add_mention(c, from, bend, border_entity(c, a, b), true);
        }
    }
}

static bool looks_like_verb(const ctx *c, size_t i)
{
    static const char *w[] = {"is", "was", "were", "are", "has", "have", "had", "will", "would", "said", "says"};
    for (size_t k = 0; k < sizeof w / sizeof *w; k++)
        if (key_is(c, i, w[k]))
            return true;
    size_t n = strlen(c->keys[i]);
    return n > 3 && strcmp(c->keys[i] + n - 2, "ed") == 0;
}

/* A place no gazetteer knows, by its context: "the village of Muhongozi",
 * "near Dzirulkhevi", "in Pryvilne" — one to three capitalized words
 * that are no other kind of name. */
static void find_places_by_context(ctx *c)
{
    for (size_t i = 1; i < c->n; i++) {
        bool of_place = key_is(c, i - 1, "of") && i >= 2 && NK_IS(kinds(c, i - 2), NK_WORD_LOCATION_HEAD) &&
                        !is_cap(c, i - 2);
        /* "Residents of Dhanna Kotli, a village of some 300 households" */
        size_t r = i;
        while (r < c->n && r < i + 3 && is_cap(c, r))
            r++;
        if (key_is(c, r, ",") && (key_is(c, r + 1, "a") || key_is(c, r + 1, "the")) &&
            NK_IS(kinds(c, r + 2), NK_WORD_LOCATION_HEAD) && !is_cap(c, r + 2))
            of_place = true;
        bool near = key_is(c, i - 1, "near") || key_is(c, i - 1, "outside") || key_is(c, i - 1, "in");
        if ((!of_place && !near) || !is_cap(c, i) || c->claimed[i] != NO || c->gaz_entry[i] != NO ||
            c->demonym[i] != NO || is_function_word(c, i) || !same_sentence(c, i - 1, i))
            continue;
        size_t e = i;
        while (e < c->n && e < i + 3 && same_sentence(c, i, e) && is_cap(c, e) && c->claimed[e] == NO &&
               c->gaz_entry[e] == NO && c->demonym[e] == NO && !is_function_word(c, e) &&
               !(tok(c, e)->flags & NK_TOK_ALLCAPS) && kinds(c, e) == 0)
            e++;
        if (e == i || (e < c->n && (is_cap(c, e) || is_hyphen(c, e) || key_is(c, e, "'s") || key_is(c, e, "("))))
            continue; /* part of a longer name, or followed by one */
        if (!of_place && e < c->n && same_sentence(c, i, e) && is_word(c, e) && !is_function_word(c, e) &&
            !looks_like_verb(c, e))
            continue; /* "in Indigenous communities": an adjective, not a place; "in Kraljevo ordered" is one */
        nk_datexp x;
        if (nk_date_parse_at(c->d->text, c->d->len, tok(c, i)->span.b, (nk_date){0}, &x))
            continue; /* "in March" */
        char *name = text_of(c, i, e);
        char *slug = nk_norm_slug(name, strlen(name));
        add_mention(c, i, e, pattern_entity(c, "location", slug, NK_LOCATION), true);
        free(slug);
        free(name);
        i = e;
    }
}

/* "the Kalbajar region": a capitalized word before a place head word. */
static void find_regions(ctx *c)
{
    for (size_t i = 1; i < c->n; i++) {
        if (!NK_IS(kinds(c, i), NK_WORD_LOCATION_HEAD) || key_is(c, i, "border"))
            continue;
        if (is_cap(c, i)) { /* "the Danube River", "the Blue Line": the head is part of the name */
            if (c->claimed[i] != NO || c->gaz_entry[i] != NO || !is_cap(c, i - 1) || is_function_word(c, i - 1) ||
                c->claimed[i - 1] != NO || c->demonym[i - 1] != NO || !same_sentence(c, i - 1, i) ||
                (c->gaz_entry[i - 1] != NO && nk_kb_entry(c->kb, c->gaz_entry[i - 1])->cls != NK_LOCATION))
                continue;
            size_t b = i - 1;
            if (c->gaz_entry[b] != NO)
                while (b > 0 && c->gaz_entry[b - 1] == c->gaz_entry[i - 1])
                    b--;
            char *name = text_of(c, b, i + 1);
            char *slug = nk_norm_slug(name, strlen(name));
            size_t e = pattern_entity(c, "location", slug, NK_LOCATION);
            add_mention(c, b, i + 1, e, true);
            for (size_t k = b; k <= i; k++)
                c->claimed[k] = e;
            free(slug);
            free(name);
            continue;
        }
        size_t b = i;
        while (b > 0 && is_cap(c, b - 1) && c->gaz_entry[b - 1] == NO && c->claimed[b - 1] == NO &&
               c->demonym[b - 1] == NO && !is_function_word(c, b - 1) && same_sentence(c, b - 1, i))
            b--;
        if (b == i || (b > 0 && is_cap(c, b - 1) && !is_function_word(c, b - 1) && c->gaz_entry[b - 1] == NO))
            continue;
        char *name = text_of(c, b, i);
        char *slug = nk_norm_slug(name, strlen(name));
        add_mention(c, b, i, pattern_entity(c, "location", slug, NK_LOCATION), true);
        free(slug);
        free(name);
    }
}

/* ------------------------------------------------------------ agreements, incidents */

static bool is_weak_agreement_head(const ctx *c, size_t i)
{
    return key_is(c, i, "statement") || key_is(c, i, "declaration") || key_is(c, i, "resolution") ||
           key_is(c, i, "memorandum") || key_is(c, i, "communique") || key_is(c, i, "communiqué") ||
           key_is(c, i, "protocol") || key_is(c, i, "convention") || key_is(c, i, "charter");
}

/* Adjectives that describe rather than single out ("a similar statement"). */
static bool is_vague_modifier(const ctx *c, size_t i)
{
    static const char *w[] = {"similar", "separate", "brief", "short", "written", "official", "public",
                              "previous", "recent", "latest", "earlier", "other", "another", "same",
                              "any", "every", "each", "further", "additional", "detailed", "strong",
                              "statement", "press", "video", "said", "his", "her", "its", "their"};
    for (size_t k = 0; k < sizeof w / sizeof *w; k++)
        if (key_is(c, i, w[k]))
            return true;
    return false;
}

/* The noun phrase ending in head word h: its first token. */
static size_t np_start(ctx *c, size_t h)
{
    size_t b = h;
    while (b > 0 && same_sentence(c, b - 1, h)) {
        size_t k = b - 1;
        if (is_hyphen(c, k) && k > 0) {
            b = k - 1; /* "44-day", "Armenian-initiated", "newly-signed" */
            continue;
        }
        if (!is_word(c, k) || is_function_word(c, k) || c->claimed[k] != NO)
            break;
        /* a verb or adverb ends the phrase: cheap test by ending */
        size_t n = strlen(c->keys[k]);
        bool adverb = n > 2 && strcmp(c->keys[k] + n - 2, "ly") == 0;
        bool participle = n > 4 && strcmp(c->keys[k] + n - 3, "ing") == 0 && !NK_IS(kinds(c, k), NK_WORD_INCIDENT_HEAD);
        if (!is_cap(c, k) && (adverb || participle) && !is_hyphen(c, k + 1))
            break;
        b = k;
    }
    /* a name inside ("Nagorno-Karabakh conflict") may lead the phrase */
    while (b < h && (is_hyphen(c, b) || !is_word(c, b)))
        b++;
    return b;
}

/* A date that dates the phrase [b, h]: written inside it, or right after
 * its head ("of November 9", "on November 10, 2020"), or in the same
 * sentence after "signed"/"on" within a few words. */
static bool phrase_date(ctx *c, size_t b, size_t h, size_t window, nk_datexp *out)
{
    const nk_doc *d = c->d;
    size_t from = tok(c, b)->span.b;
    size_t sent = tok(c, h)->sentence;
    size_t last = h + window;
    while (last >= c->n || (last > h && tok(c, last)->sentence != sent))
        last--;
    /* a date of a later phrase is that phrase's ("clause 9 of the November 2020 statement") */
    for (size_t k = h + 1; k <= last; k++)
        if (NK_IS(kinds(c, k), NK_WORD_AGREEMENT_HEAD) || NK_IS(kinds(c, k), NK_WORD_INCIDENT_HEAD)) {
            size_t nb = np_start(c, k);
            last = nb > h + 1 ? nb - 1 : h;
            break;
        }
    size_t to = tok(c, last)->span.e;
    size_t p = from;
    return nk_date_next(d->text, to, &p, d->date, out) && out->value.m;
}

/* "On January 11, …" opening the sentence of token h dates what it tells. */
static bool opening_date(const ctx *c, size_t h, nk_datexp *out)
{
    size_t first = h;
    while (first > 0 && tok(c, first - 1)->sentence == tok(c, h)->sentence)
        first--;
    size_t at = key_is(c, first, "on") ? first + 1 : first;
    return at < h && nk_date_parse_at(c->d->text, c->d->len, tok(c, at)->span.b, c->d->date, out) &&
           out->value.m && out->value.d && !out->weekday_only;
}

/* A gazetteer entry of class cls dated d (a day either side, or the same
 * month when only the month is known, or the same day and month when the
 * year is not); unique, else NO. */
static size_t gaz_by_date(const ctx *c, nk_class cls, const nk_datexp *x)
{
    size_t found = NO, count = 0;
    for (size_t i = 0; i < nk_kb_count(c->kb); i++) {
        const nk_gaz *g = nk_kb_entry(c->kb, i);
        if (g->cls != cls || !g->date.y)
            continue;
        bool hit;
        if (!x->value.y)
            hit = g->date.m == x->value.m && g->date.d == x->value.d;
        else if (!x->value.d)
            hit = g->date.y == x->value.y && g->date.m == x->value.m;
        else
            hit = labs(nk_date_days(g->date) - nk_date_days(x->value)) <= 1;
        if (hit) {
            found = i;
            count++;
        }
    }
    return count == 1 ? found : NO;
}

/* The most recent entity of class cls mentioned before token t (NO if none). */
static size_t recent_entity(const ctx *c, nk_class cls, size_t t)
{
    size_t best = NO, best_b = 0;
    size_t at = tok(c, t)->span.b;
    for (size_t i = 0; i < c->d->mentions.len; i++) {
        const nk_mention *m = &c->d->mentions.items[i];
        if (c->d->entities.items[m->entity].cls == cls && m->span.b < at && (best == NO || m->span.b >= best_b)) {
            best = m->entity;
            best_b = m->span.b;
        }
    }
    return best;
}

static size_t dated_entity(ctx *c, const char *prefix, nk_class cls, const nk_datexp *x, size_t sentence)
{
    size_t g = gaz_by_date(c, cls, x);
    if (g != NO)
        return gaz_entity(c, g);
    if (!x->value.y || !x->value.d)
        return NO;
    char ds[11];
    nk_date_format(x->value, ds);
    size_t e = pattern_entity(c, prefix, ds, cls);
    nk_doc_fact_date(c->d, e, "date", x->value, sentence);
    return e;
}

static size_t local_entity(ctx *c, const char *prefix, nk_class cls, size_t b, size_t e)
{
    char *name = text_of(c, b, e);
    char *slug = nk_norm_slug(name, strlen(name));
    nk_buf s = {0};
    nk_buf_addf(&s, "%.8s-%s", c->d->id, slug); /* named only here: the key is this document's */
    size_t ent = pattern_entity(c, prefix, s.data, cls);
    nk_buf_free(&s);
    free(slug);
    free(name);
    return ent;
}

static bool sentence_has_signing(const ctx *c, size_t h)
{
    size_t s = tok(c, h)->sentence;
    for (size_t i = h > 6 ? h - 6 : 0; i < c->n && i <= h + 6; i++)
        if (tok(c, i)->sentence == s && strncmp(c->keys[i], "sign", 4) == 0)
            return true;
    return false;
}

/* The year a sentence opens with ("In 1994, …"), 0 when none. */
static int sentence_year(const ctx *c, size_t s)
{
    size_t first = 0, hi = c->n; /* tokens are in sentence order: binary search */
    while (first < hi) {
        size_t mid = (first + hi) / 2;
        if (tok(c, mid)->sentence < s)
            first = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = first; i < c->n && i < first + 3; i++) {
        if (tok(c, i)->sentence != s || !(tok(c, i)->flags & NK_TOK_NUMBER) || strlen(c->keys[i]) != 4)
            continue;
        int y = atoi(c->keys[i]);
        if (y >= 1900 && y < 2100)
            return y;
    }
    return 0;
}

static int entity_year(const ctx *c, size_t e)
{
    size_t g = c->d->entities.items[e].gaz;
    if (g)
        return nk_kb_entry(c->kb, g - 1)->date.y;
    const char *k = strchr(c->d->entities.items[e].key, '/');
    return k && strlen(k) > 5 && isdigit((unsigned char)k[1]) ? atoi(k + 1) : 0;
}

/* "the Algiers Agreement", "the Luanda Roadmap of 23 November 2022",
 * "the Jeddah Declaration": a capitalized name ending in an agreement word. */
static void find_named_agreements(ctx *c)
{
    for (size_t h = 1; h < c->n; h++) {
        if (!is_cap(c, h) || !NK_IS(kinds(c, h), NK_WORD_AGREEMENT_HEAD) || c->claimed[h] != NO || !is_cap(c, h - 1) ||
            is_function_word(c, h - 1) || !same_sentence(c, h - 1, h) ||
            (c->claimed[h - 1] != NO && c->d->entities.items[c->claimed[h - 1]].cls != NK_LOCATION))
            continue;
        size_t b = h - 1;
        while (b > 0 && is_cap(c, b - 1) && !is_function_word(c, b - 1) && same_sentence(c, b - 1, h) &&
               (c->claimed[b - 1] == NO || c->claimed[b - 1] == c->claimed[h - 1]))
            b--;
        size_t e = h + 1;
        nk_datexp x;
        size_t s = tok(c, h)->sentence;
        size_t ent = NO;
        if (key_is(c, e, "of") && e + 1 < c->n &&
            nk_date_parse_at(c->d->text, c->d->len, tok(c, e + 1)->span.b, c->d->date, &x) && x.has_day) {
            while (e < c->n && tok(c, e)->span.b < x.span.e)
                e++;
            ent = dated_entity(c, "agreement", NK_AGREEMENT, &x, s);
        }
        if (ent == NO) {
            char *name = text_of(c, b, h + 1);
            char *slug = nk_norm_slug(name, strlen(name));
            ent = pattern_entity(c, "agreement", slug, NK_AGREEMENT);
            free(slug);
            free(name);
        }
        add_mention(c, b, e, ent, true);
        for (size_t k = b; k < e; k++)
            c->claimed[k] = ent;
    }
}

static void find_agreements(ctx *c)
{
    for (size_t h = 0; h < c->n; h++) {
        if (!NK_IS(kinds(c, h), NK_WORD_AGREEMENT_HEAD) || c->claimed[h] != NO || is_cap(c, h))
            continue;
        if (h + 1 < c->n && NK_IS(kinds(c, h + 1), NK_WORD_AGREEMENT_HEAD) && !is_cap(c, h + 1))
            continue; /* "ceasefire agreement", "ceasefire understanding": the head is the next word */
        size_t b = np_start(c, h);
        bool modified = false, vague = false;
        for (size_t k = b; k < h; k++) {
            if (is_word(c, k) && !is_vague_modifier(c, k))
                modified = true;
            if (is_vague_modifier(c, k))
                vague = true;
        }
        if (is_weak_agreement_head(c, h) && (!modified || vague) && !sentence_has_signing(c, h))
            continue; /* "in a statement", "a similar statement" */
        if (!modified && !(is_weak_agreement_head(c, h) && sentence_has_signing(c, h)))
            continue; /* "request a ceasefire": no particular one */
        if (h > 0 && is_hyphen(c, h - 1))
            continue;
        size_t s = tok(c, h)->sentence;
        nk_datexp x;
        size_t e = NO;
        if (phrase_date(c, b, h, 14, &x) || opening_date(c, h, &x))
            e = dated_entity(c, "agreement", NK_AGREEMENT, &x, s);
        if (e == NO) {
            e = recent_entity(c, NK_AGREEMENT, b);
            /* "In 1994, the two sides reached an agreement": another year, another agreement */
            int year = sentence_year(c, s);
            if (e != NO && year && entity_year(c, e) && entity_year(c, e) != year)
                e = NO;
        }
        if (e == NO)
            e = local_entity(c, "agreement", NK_AGREEMENT, b, h + 1);
        add_mention(c, b, h + 1, e, true);
    }
}

static bool is_long_running_head(const ctx *c, size_t h)
{
    return key_is(c, h, "war") || key_is(c, h, "conflict") || key_is(c, h, "aggression") ||
           key_is(c, h, "invasion") || key_is(c, h, "occupation") || key_is(c, h, "insurgency");
}

/* Does a gazetteer incident's name say it is of this kind ("war" for a
 * war, an aggression or an invasion; "conflict" for a conflict)? */
static bool label_has_kind(const nk_gaz *g, const char *head)
{
    const char *want = strcmp(head, "conflict") == 0 ? "conflict" : strcmp(head, "offensive") == 0 ? "offensive" : "war";
    return g->label && strcasestr(g->label, want) != NULL;
}

/* A war or conflict tied to a place the gazetteer knows: "the Artsakh
 * war", "the three-decade conflict over Azerbaijan's Karabakh region",
 * "the Azerbaijani aggression against the people of Artsakh" — the
 * latest such incident there up to the document's date. */
static size_t long_running(ctx *c, size_t b, size_t h)
{
    if (!is_long_running_head(c, h) && !key_is(c, h, "offensive"))
        return NO;
    size_t places[8], np = 0;
    for (size_t k = b; k < h && np < 8; k++)
        if (c->gaz_entry[k] != NO && nk_kb_entry(c->kb, c->gaz_entry[k])->cls == NK_LOCATION)
            places[np++] = c->gaz_entry[k];
    for (size_t k = h + 1; k < c->n && k < h + 9 && np < 8 && same_sentence(c, k, h); k++) {
        if (key_is(c, k, ",") || key_is(c, k, "which") || key_is(c, k, "that"))
            break;
        if (c->gaz_entry[k] != NO && nk_kb_entry(c->kb, c->gaz_entry[k])->cls == NK_LOCATION)
            places[np++] = c->gaz_entry[k];
    }
    size_t best = NO;
    for (size_t p = 0; p < np; p++)
        for (size_t g = 0; g < nk_kb_count(c->kb); g++) {
            const nk_gaz *w = nk_kb_entry(c->kb, g);
            if (w->cls != NK_INCIDENT || !label_has_kind(w, c->keys[h]) ||
                (c->d->date.y && w->date.y && nk_date_cmp(w->date, c->d->date) > 0))
                continue;
            for (size_t l = 0; l < w->location.len; l++)
                if (w->location.items[l] == places[p] &&
                    (best == NO || nk_date_cmp(w->date, nk_kb_entry(c->kb, best)->date) > 0))
                    best = g;
        }
    return best != NO ? gaz_entity(c, best) : NO;
}

/* "renewed clashes" told before the dated "Armenian-initiated provocation
 * on January 11" is that incident: an undated clash of this document joins
 * the nearest dated one (the one before, else the one after). */
static void merge_undated_incidents(ctx *c)
{
    nk_doc *d = c->d;
    nk_buf local = {0};
    nk_buf_addf(&local, "incident/%.8s-", d->id);
    for (size_t m = 0; m < d->mentions.len; m++) {
        nk_mention *mm = &d->mentions.items[m];
        nk_entity *e = &d->entities.items[mm->entity];
        if (e->cls != NK_INCIDENT || strncmp(e->key, local.data, local.len) != 0)
            continue;
        if (is_long_running_head(c, mm->tok_e - 1))
            continue;
        size_t before = NO, after = NO;
        for (size_t k = 0; k < d->mentions.len; k++) {
            const nk_mention *o = &d->mentions.items[k];
            const nk_entity *oe = &d->entities.items[o->entity];
            if (oe->cls != NK_INCIDENT || oe->gaz || strncmp(oe->key, local.data, local.len) == 0)
                continue;
            if (o->span.b < mm->span.b)
                before = o->entity;
            else if (after == NO)
                after = o->entity;
        }
        size_t to = before != NO ? before : after;
        if (to != NO) {
            mm->entity = to;
            nk_entity_add_form(&d->entities.items[to], d->text + mm->span.b, mm->span.e - mm->span.b);
        }
    }
    nk_buf_free(&local);
}

static void find_incidents(ctx *c)
{
    for (size_t h = 0; h < c->n; h++) {
        if (!NK_IS(kinds(c, h), NK_WORD_INCIDENT_HEAD) || c->claimed[h] != NO || is_cap(c, h))
            continue;
        if (NK_IS(kinds(c, h + 1), NK_WORD_INCIDENT_HEAD) && !is_cap(c, h + 1))
            continue;
        /* "de-escalation", "conflict-affected": a compound, not a name */
        if ((h > 0 && is_hyphen(c, h - 1)) || is_hyphen(c, h + 1))
            continue;
        size_t b = np_start(c, h), e_tok = h + 1;
        /* "escalation of tension", "detention of several Armenian soldiers" */
        if (key_is(c, h + 1, "of") && h + 2 < c->n && same_sentence(c, h, h + 2)) {
            size_t k = h + 2;
            while (k < c->n && same_sentence(c, k, h) && is_word(c, k) && !key_is(c, k, "by") &&
                   !key_is(c, k, "in") && !key_is(c, k, "on") && !key_is(c, k, "was") && !key_is(c, k, "were") &&
                   !key_is(c, k, "that") && !key_is(c, k, "and") && k < h + 6)
                k++;
            if (k > h + 2)
                e_tok = k;
        }
        /* "the attack on Izmail", "the shelling near Kharkiv": a place makes it one */
        if (e_tok == h + 1 && (key_is(c, h + 1, "on") || key_is(c, h + 1, "in") || key_is(c, h + 1, "near") ||
                               key_is(c, h + 1, "against"))) {
            size_t k = h + 2 + key_is(c, h + 2, "the");
            if (k < c->n && same_sentence(c, h, k) && c->gaz_entry[k] != NO &&
                nk_kb_entry(c->kb, c->gaz_entry[k])->cls == NK_LOCATION)
                e_tok = c->gaz_end[k];
            else if (k < c->n && same_sentence(c, h, k) && c->claimed[k] != NO &&
                     c->d->entities.items[c->claimed[k]].cls == NK_LOCATION) {
                e_tok = k;
                while (e_tok < c->n && c->claimed[e_tok] == c->claimed[k])
                    e_tok++;
            }
        }
        bool modified = false;
        for (size_t k = b; k < h; k++)
            modified |= is_word(c, k) && !is_vague_modifier(c, k);
        nk_datexp dated;
        bool has_date = phrase_date(c, b, h, 24, &dated) && dated.value.d;
        if (!modified && e_tok == h + 1 && !(has_date && !is_long_running_head(c, h)))
            continue; /* "the war", "the conflict": too vague to single one out; "the attack … on 19 November" is not */
        size_t s = tok(c, h)->sentence;
        size_t ent = long_running(c, b, h);
        nk_datexp x;
        if (ent == NO && phrase_date(c, b, h, 24, &x))
            ent = dated_entity(c, "incident", NK_INCIDENT, &x, s);
        nk_datexp y;
        if (ent == NO && opening_date(c, h, &y))
            ent = dated_entity(c, "incident", NK_INCIDENT, &y, s);
        /* a clash told again ("the border escalation") is the last one told;
         * a war or conflict is not a clash */
        if (ent == NO && !is_long_running_head(c, h)) {
            size_t prev = recent_entity(c, NK_INCIDENT, b);
            ent = prev != NO && c->d->entities.items[prev].gaz == 0 ? prev : NO;
        }
        if (ent == NO)
            ent = local_entity(c, "incident", NK_INCIDENT, b, e_tok);
        add_mention(c, b, e_tok, ent, true);
    }
    merge_undated_incidents(c);
}

/* A mention of a gazetteer agreement by its date alone: "the commitments
 * they undertook on 9 November 2020" names the statement of that day. */
static void find_dated_agreements(ctx *c)
{
    const nk_doc *d = c->d;
    size_t first = 0;
    for (size_t s = 0; s < d->sentences.len; s++) {
        nk_span sp = d->sentences.items[s];
        bool agreement_talk = false;
        size_t last = first;
        while (last < c->n && tok(c, last)->sentence == s)
            last++;
        for (size_t i = first; i < last; i++)
            if (NK_IS(kinds(c, i), NK_WORD_AGREEMENT_HEAD) || strncmp(c->keys[i], "commitment", 10) == 0 ||
                strncmp(c->keys[i], "sign", 4) == 0 || strncmp(c->keys[i], "undert", 6) == 0)
                agreement_talk = true;
        size_t tb0 = first;
        first = last;
        if (!agreement_talk)
            continue;
        size_t p = sp.b;
        nk_datexp x;
        while (nk_date_next(d->text, sp.e, &p, d->date, &x)) {
            if (!x.has_day || !x.value.y)
                continue;
            size_t g = NO;
            for (size_t i = 0; i < nk_kb_count(c->kb); i++) {
                const nk_gaz *a = nk_kb_entry(c->kb, i);
                if (a->cls == NK_AGREEMENT && nk_date_cmp(a->date, x.value) == 0)
                    g = i;
            }
            if (g == NO)
                continue;
            size_t tb = NO, te = NO;
            for (size_t i = tb0; i < last; i++) {
                if (tok(c, i)->span.b >= x.span.b && tok(c, i)->span.e <= x.span.e) {
                    if (tb == NO)
                        tb = i;
                    te = i + 1;
                }
            }
            bool free_span = tb != NO;
            for (size_t i = tb; free_span && i < te; i++)
                free_span = c->claimed[i] == NO;
            if (free_span)
                add_mention(c, tb, te, gaz_entity(c, g), true);
        }
    }
}

/* ------------------------------------------------------------ aliases, references */

static size_t edit_distance_le1(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > lb + 1 || lb > la + 1)
        return 2;
    size_t i = 0;
    while (i < la && i < lb && a[i] == b[i])
        i++;
    if (i == la && i == lb)
        return 0;
    if (la == lb) {
        if (strcmp(a + i + 1, b + i + 1) == 0)
            return 1;
        /* two letters swapped: "Vartanecsu" for "Vartanescu" */
        return i + 1 < la && a[i] == b[i + 1] && a[i + 1] == b[i] && strcmp(a + i + 2, b + i + 2) == 0 ? 1 : 2;
    }
    return strcmp(la > lb ? a + i + 1 : a + i, la > lb ? b + i : b + i + 1) == 0 ? 1 : 2;
}

/* Initials of tokens [b, e): capitalized words give their first letter, an
 * acronym all its letters; function words, hyphens and lower-case words
 * give nothing.  With compounds, "High-Level" gives "HL". */
static void initials(const ctx *c, size_t b, size_t e, nk_buf *out)
{
    nk_buf_clear(out);
    for (size_t k = b; k < e; k++) {
        if (!is_cap(c, k))
            continue;
        const char *w = c->d->text + tok(c, k)->span.b;
        if (tok(c, k)->flags & NK_TOK_ALLCAPS) {
            for (size_t j = 0; j < tok(c, k)->span.e - tok(c, k)->span.b; j++)
                if (isupper((unsigned char)w[j]))
                    nk_buf_addc(out, w[j]);
        } else if (isupper((unsigned char)w[0])) {
            nk_buf_addc(out, w[0]);
        }
    }
}

/* "Inter-Services Public Relations (ISPR)", "United Nations Military
 * Observer Group in India and Pakistan (UNMOGIP)": a capitalized name
 * whose initials spell the acronym after it is a body's name, however
 * it is built. */
static void find_acronym_definitions(ctx *c)
{
    nk_buf ini = {0};
    for (size_t i = 2; i + 2 < c->n; i++) {
        if (!key_is(c, i, "(") || !key_is(c, i + 2, ")") || !(tok(c, i + 1)->flags & NK_TOK_ALLCAPS))
            continue;
        const char *acr = c->d->text + tok(c, i + 1)->span.b;
        size_t alen = tok(c, i + 1)->span.e - tok(c, i + 1)->span.b;
        if (alen < 3)
            continue;
        size_t found = NO;
        for (size_t b = i; b-- > 0 && i - b <= 12 && same_sentence(c, b, i);) {
            if (!is_cap(c, b) || is_function_word(c, b))
                continue;
            initials(c, b, i, &ini);
            if (ini.len == alen && strncmp(ini.data, acr, alen) == 0) {
                found = b;
                break;
            }
            if (ini.len > alen)
                break;
        }
        if (found == NO)
            continue;
        /* already one name of one thing: only the alias is new (find_aliases) */
        size_t e0 = c->claimed[found];
        bool one = e0 != NO;
        for (size_t k = found; k < i && one; k++)
            one = c->claimed[k] == e0;
        if (one)
            continue;
        claim_named_body(c, found, i);
    }
    nk_buf_free(&ini);
}

/* Points every mention of entity from at entity to. */
static void merge_entity(ctx *c, size_t from, size_t to)
{
    for (size_t m = 0; m < c->d->mentions.len; m++) {
        nk_mention *mm = &c->d->mentions.items[m];
        if (mm->entity == from) {
            mm->entity = to;
            nk_entity_add_form(&c->d->entities.items[to], c->d->text + mm->span.b, mm->span.e - mm->span.b);
        }
    }
    for (size_t k = 0; k < c->n; k++)
        if (c->claimed[k] == from)
            c->claimed[k] = to;
    for (size_t f = 0; f < c->d->facts.len; f++) {
        nk_fact *fa = &c->d->facts.items[f];
        if (fa->subject == from)
            fa->subject = to;
        if (fa->kind == NK_OBJ_ENTITY && fa->entity == from)
            fa->entity = to;
    }
    c->d->entities.items[from].first_mention = NO;
}

/* "X (Y)": Y is another name of what X names. */
static void find_aliases(ctx *c)
{
    for (size_t i = 1; i + 2 < c->n; i++) {
        if (!key_is(c, i, "(") || c->claimed[i - 1] == NO || !is_cap(c, i + 1))
            continue;
        size_t k = i + 1;
        while (k < c->n && is_word(c, k) && k < i + 5)
            k++;
        if (!key_is(c, k, ")") || !same_sentence(c, i, k))
            continue;
        size_t e = c->claimed[i - 1];
        nk_class pc = c->d->entities.items[e].cls;
        if ((pc == NK_OFFICIAL || pc == NK_PERSON) && c->gaz_entry[i + 1] != NO && c->gaz_end[i + 1] == k &&
            nk_kb_entry(c->kb, c->gaz_entry[i + 1])->cls == NK_STATE) {
            /* "Council President Zhang Jun (China)": the state the person speaks for */
            nk_doc_fact_entity(c->d, e, "represents", gaz_entity(c, c->gaz_entry[i + 1]), tok(c, i)->sentence);
            continue;
        }
        if (c->gaz_entry[i + 1] != NO && c->gaz_end[i + 1] == k && gaz_entity(c, c->gaz_entry[i + 1]) != e) {
            /* "EU Monitoring Mission (EUMM)": a name found by pattern whose
             * acronym the gazetteer knows is that known thing */
            size_t g = gaz_entity(c, c->gaz_entry[i + 1]);
            if (!c->d->entities.items[e].gaz && c->d->entities.items[e].cls == c->d->entities.items[g].cls)
                merge_entity(c, e, g);
            continue; /* otherwise "(OSCE)" after something else names the OSCE */
        }
        add_mention(c, i + 1, k, e, true);
        if (k == i + 2) {
            NK_PUSH(c->alias_keys, nk_strdup(c->keys[i + 1]));
            NK_PUSH(c->alias_entities, e);
        }
    }
}

/* The person of this document whose family name this token is, exactly
 * ("Gil" for Yván Gil) or but for one letter when it is long enough
 * ("Sarea" for Yahya Saree); NO when none or more than one. */
static size_t family_name_match(ctx *c, size_t i)
{
    size_t hit = NO;
    nk_buf fam = {0};
    for (size_t e = 0; e < c->d->entities.len; e++) {
        const nk_entity *ent = &c->d->entities.items[e];
        if (ent->cls != NK_OFFICIAL && ent->cls != NK_PERSON)
            continue;
        for (size_t f = 0; f < ent->forms.len; f++) {
            const char *form = ent->forms.items[f];
            if (!strchr(form, ' '))
                continue;
            size_t b = nk_norm_family_start(form, strlen(form));
            nk_buf_clear(&fam);
            nk_norm_fold(form + b, strlen(form) - b, &fam);
            bool exact = strcmp(fam.data, c->keys[i]) == 0;
            bool near = strlen(c->keys[i]) >= 5 && fam.data[0] == c->keys[i][0] &&
                        edit_distance_le1(fam.data, c->keys[i]) <= 1;
            if (exact || near) {
                if (hit != NO && hit != e) {
                    nk_buf_free(&fam);
                    return NO;
                }
                hit = e;
            }
        }
    }
    nk_buf_free(&fam);
    return hit;
}

/* Later references: an alias again ("the Assembly"), a near spelling of
 * an alias ("Naqqa"), a person's family name or a misspelling of it. */
static void find_references(ctx *c)
{
    nk_doc *d = c->d;
    /* family-name skeletons of the people this document names */
    NK_VEC(char *) skel = {0};
    NK_VEC(size_t) skel_ent = {0};
    for (size_t e = 0; e < d->entities.len; e++) {
        nk_entity *ent = &d->entities.items[e];
        if (ent->cls != NK_OFFICIAL && ent->cls != NK_PERSON)
            continue;
        for (size_t f = 0; f < ent->forms.len; f++) {
            const char *form = ent->forms.items[f];
            const char *space = strchr(form, ' ');
            if (!space)
                continue;
            NK_PUSH(skel, nk_norm_family_skeleton(form, strlen(form)));
            NK_PUSH(skel_ent, e);
            /* "Getachew" for Getachew Reda: many naming traditions refer by given name */
            NK_PUSH(skel, nk_norm_skeleton(form, (size_t)(space - form)));
            NK_PUSH(skel_ent, e);
        }
    }
    for (size_t i = 0; i < c->n; i++) {
        if (c->claimed[i] != NO || !is_cap(c, i) || c->demonym[i] != NO || is_function_word(c, i))
            continue;
        size_t hit = NO;
        for (size_t a = 0; a < c->alias_keys.len && hit == NO; a++) {
            const char *ak = c->alias_keys.items[a];
            if (strcmp(ak, c->keys[i]) == 0 || (strlen(ak) >= 5 && ak[0] == c->keys[i][0] &&
                                                edit_distance_le1(ak, c->keys[i]) <= 1))
                hit = c->alias_entities.items[a];
        }
        if (hit == NO && !NK_IS(kinds(c, i), NK_WORD_TITLE_HEAD))
            hit = family_name_match(c, i);
        if (hit == NO && strlen(c->keys[i]) >= 4 && !NK_IS(kinds(c, i), NK_WORD_TITLE_HEAD)) {
            char *sk = nk_norm_skeleton(c->keys[i], strlen(c->keys[i]));
            /* a name that fits two people of this document names neither */
            for (size_t s = 0; s < skel.len; s++)
                if (strlen(sk) >= 3 && strcmp(sk, skel.items[s]) == 0) {
                    if (hit != NO && hit != skel_ent.items[s]) {
                        hit = NO;
                        break;
                    }
                    hit = skel_ent.items[s];
                }
            free(sk);
        }
        if (hit != NO)
            add_mention(c, i, i + 1, hit, true);
    }
    for (size_t s = 0; s < skel.len; s++)
        free(skel.items[s]);
    free(skel.items);
    free(skel_ent.items);
}

/* Facts the shipped data states of an entity the document names: they
 * cite the data entry, not a sentence. */
static void data_facts(ctx *c)
{
    nk_doc *d = c->d;
    size_t n = d->entities.len; /* entities added below are objects only */
    for (size_t e = 0; e < n; e++) {
        if (!d->entities.items[e].gaz)
            continue;
        const nk_gaz *g = nk_kb_entry(c->kb, d->entities.items[e].gaz - 1);
        const struct { const char *pred; const nk_idvec *v; } rel[] = {
            {"partOf", &g->part_of}, {"basedIn", &g->based_in}, {"locatedIn", &g->located_in},
            {"represents", &g->represents}, {"signatory", &g->signatory}, {"location", &g->location},
        };
        for (size_t r = 0; r < sizeof rel / sizeof *rel; r++)
            for (size_t k = 0; k < rel[r].v->len; k++) {
                size_t o = gaz_entity(c, rel[r].v->items[k]);
                size_t f = nk_doc_fact_entity(d, e, rel[r].pred, o, NO);
                d->facts.items[f].data_source = g->iri;
            }
        if (g->role) {
            size_t f = nk_doc_fact_string(d, e, "role", g->role, strlen(g->role), NO);
            d->facts.items[f].data_source = g->iri;
        }
        if (g->date.y && (g->cls == NK_AGREEMENT || g->cls == NK_INCIDENT)) {
            size_t f = nk_doc_fact_date(d, e, "date", g->date, NO);
            d->facts.items[f].data_source = g->iri;
        }
    }
}

void nk_mention_find(nk_doc *d, const nk_kb *kb)
{
    ctx c = {0};
    c.d = d;
    c.kb = kb;
    c.n = d->tokens.len;
    c.keys = nk_norm_doc_keys(d);
    c.gaz_entry = nk_alloc((c.n + 1) * sizeof(size_t));
    c.gaz_end = nk_alloc((c.n + 1) * sizeof(size_t));
    c.claimed = nk_alloc((c.n + 1) * sizeof(size_t));
    c.demonym = nk_alloc((c.n + 1) * sizeof(size_t));
    for (size_t i = 0; i <= c.n; i++)
        c.gaz_entry[i] = c.claimed[i] = c.demonym[i] = NO;
    c.seen_mentions = nk_strmap_new();
    c.word_kinds = nk_alloc((c.n + 1) * sizeof *c.word_kinds);
    c.function_word = nk_alloc(c.n + 1);
    for (size_t i = 0; i < c.n; i++)
        c.word_kinds[i] = nk_kb_word(kb, c.keys[i]);

    match_gazetteer(&c, 0, c.n, true, NK_NONE);
    find_demonyms(&c);
    find_borders(&c);
    find_officials(&c);
    find_people(&c);
    find_organizations(&c);
    find_named_people(&c);
    find_acronym_definitions(&c);
    find_aliases(&c);
    find_references(&c);
    find_regions(&c);
    find_places_by_context(&c);
    find_dated_agreements(&c);
    find_named_agreements(&c);
    find_agreements(&c);
    find_incidents(&c);
    data_facts(&c);

    nk_doc_sort_mentions(d);

    for (size_t i = 0; i < c.alias_keys.len; i++)
        free(c.alias_keys.items[i]);
    free(c.alias_keys.items);
    free(c.alias_entities.items);
    nk_strmap_free(c.seen_mentions);
    free(c.gaz_entry);
    free(c.gaz_end);
    free(c.claimed);
    free(c.demonym);
    free(c.word_kinds);
    free(c.function_word);
}
