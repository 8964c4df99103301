/* mention.h — finds the names in a document and the entities they name:
 * gazetteer labels (longest match, nested names too), officials from
 * titles ("Russian Foreign Minister Lavrov"), people from role nouns and
 * bylines, organizations, borders, regions, agreements and incidents from
 * their head words, aliases the text defines ("Nagorno-Karabakh
 * (Naqqaq)"), and later short or misspelled references to a person
 * ("Lavorv").  Reads d->tokens; fills d->mentions, d->entities and the
 * entity facts read along the way (role, represents, basedIn). */
#ifndef NK_MENTION_H
#define NK_MENTION_H

#include "doc.h"
#include "kb.h"

void nk_mention_find(nk_doc *d, const nk_kb *kb);

/* Key of the entity a gazetteer entry is ("state/ARM", "org/osce"). */
char *nk_mention_gaz_key(const nk_gaz *g);

#endif
