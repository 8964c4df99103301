/* cli.c — see cli.h. */
#include "cli.h"
#include "buf.h"
#include "pipeline.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ontology/ beside the executable, then the working directory's. */
char *nk_cli_default_ontology(void)
{
    const char *env = getenv("NEWSKG_ONTOLOGY");
    if (env && *env)
        return nk_strdup(env);
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            nk_buf p = {0};
            nk_buf_addf(&p, "%s/ontology", exe);
            struct stat st;
            if (stat(p.data, &st) == 0 && S_ISDIR(st.st_mode))
                return nk_buf_steal(&p);
            nk_buf_free(&p);
        }
    }
    return nk_strdup("ontology");
}

bool nk_cli_parse_size(const char *s, size_t *out)
{
    if (*s < '0' || *s > '9')
        return false; /* strtoull would take "-5" as 2^64-5 */
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || *end || v == 0)
        return false;
    *out = (size_t)v;
    return true;
}

nk_kb *nk_cli_load_kb(char *ontology)
{
    if (!ontology)
        ontology = nk_cli_default_ontology();
    char err[1024];
    nk_kb *kb = nk_kb_load(ontology, err, sizeof err);
    free(ontology);
    if (!kb)
        fprintf(stderr, "newskg: cannot load the ontology: %s\n", err);
    return kb;
}

bool nk_cli_analyze(const char *path, const nk_kb *kb, const nk_ingest_limits *lim, size_t max_sentence, bool quiet,
                    nk_doc *d)
{
    char reason[512];
    if (nk_ingest_file(path, path, lim, d, reason, sizeof reason) != NK_INGEST_OK ||
        !nk_pipeline_run(d, kb, max_sentence, reason, sizeof reason)) {
        fprintf(stderr, "newskg: %s: skipped: %s\n", path, reason);
        nk_doc_free(d);
        return false;
    }
    if (!quiet && (d->repair.invalid || d->repair.controls || d->repair.mojibake))
        fprintf(stderr,
                "newskg: %s: warning: repaired %zu invalid UTF-8 sequence(s), %zu control character(s), "
                "%zu mis-decoded character(s)\n",
                path, d->repair.invalid, d->repair.controls, d->repair.mojibake);
    return true;
}
