/* cli.h — what the commands of the newskg program share: finding the
 * knowledge files, reading numbers, reading one input into an analyzed
 * document with its warnings.  These print to stderr; nothing else
 * outside the commands does. */
#ifndef NK_CLI_H
#define NK_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include "doc.h"
#include "ingest.h"
#include "kb.h"

/* ontology/ from $NEWSKG_ONTOLOGY, beside the executable, or in the
 * working directory.  Caller frees. */
char *nk_cli_default_ontology(void);
/* Loads the knowledge files from ontology (NULL: the default place), which
 * it frees; NULL after naming the reason on stderr. */
nk_kb *nk_cli_load_kb(char *ontology);
/* A positive decimal number; false otherwise ("-5", "0", "12x"). */
bool nk_cli_parse_size(const char *s, size_t *out);
/* Reads and analyzes path into d; false (the reason on stderr, d freed)
 * when the input is skipped. */
bool nk_cli_analyze(const char *path, const nk_kb *kb, const nk_ingest_limits *lim, size_t max_sentence, bool quiet,
                    nk_doc *d);

/* The commands besides build and merge (cli_store.c). */
int nk_cmd_query(int argc, char **argv);
int nk_cmd_cite(int argc, char **argv);
int nk_cmd_add(int argc, char **argv);
/* build --store DIR: a new store from the inputs (argv: the inputs). */
int nk_build_store(const char *dir, const char *base, const nk_kb *kb, const nk_ingest_limits *lim,
                   size_t max_sentence, bool quiet, char **paths, int npaths);

#endif
