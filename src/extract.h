/* extract.h — reads what was said and done: events (the eleven classes of
 * the graph model, triggered by the lexicon's words), their roles, topics
 * and dates, who reported them, and incident facts (casualties).  Reads
 * the mentions and entities; fills d->events and adds facts. */
#ifndef NK_EXTRACT_H
#define NK_EXTRACT_H

#include "doc.h"
#include "kb.h"

void nk_extract_events(nk_doc *d, const nk_kb *kb);

#endif
