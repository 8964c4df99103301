/* pipeline.h — the stages after ingest, run on one document in order:
 * sentences → tokens → mentions → events.  One entry point, so the build
 * command, the fuzzer and the tests run the very same path. */
#ifndef NK_PIPELINE_H
#define NK_PIPELINE_H

#include <stdbool.h>
#include <stddef.h>
#include "doc.h"
#include "kb.h"

#define NK_DEFAULT_MAX_SENTENCE_BYTES ((size_t)20000)

/* Analyzes d in place.  False (and reason set) when a limit is exceeded:
 * a sentence longer than max_sentence_bytes. */
bool nk_pipeline_run(nk_doc *d, const nk_kb *kb, size_t max_sentence_bytes, char *reason, size_t reason_len);

#endif
