/* pipeline.c — see pipeline.h. */
#include "pipeline.h"
#include "extract.h"
#include "incident.h"
#include "mention.h"
#include "sentence.h"
#include "token.h"

#include <stdio.h>

bool nk_pipeline_run(nk_doc *d, const nk_kb *kb, size_t max_sentence_bytes, char *reason, size_t reason_len)
{
    nk_sentence_split(d);
    for (size_t s = 0; s < d->sentences.len; s++) {
        size_t n = d->sentences.items[s].e - d->sentences.items[s].b;
        if (n > max_sentence_bytes) {
            snprintf(reason, reason_len,
                     "a sentence of %zu bytes exceeds the limit of %zu (--max-sentence-length)", n,
                     max_sentence_bytes);
            return false;
        }
    }
    nk_token_split(d);
    nk_mention_find(d, kb);
    nk_extract_events(d, kb);
    nk_incident_facts(d, kb);
    nk_doc_sort_mentions(d);
    return true;
}
