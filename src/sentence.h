/* sentence.h — splits a document's text into sentences (byte spans, white
 * space trimmed).  Robust to abbreviations ("U.S.", "Dec.", "Gen.",
 * initials), closing quotes, and headlines and datelines without a full
 * stop: every line break ends a sentence. */
#ifndef NK_SENTENCE_H
#define NK_SENTENCE_H

#include "doc.h"

/* Fills d->sentences from d->text (replacing what was there). */
void nk_sentence_split(nk_doc *d);

#endif
