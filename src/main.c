/* main.c — the newskg command line: collects inputs, runs each document
 * through ingest and the pipeline, writes the graph.  The only place that
 * prints to the user or exits. */
#include "graph.h"
#include "ingest.h"
#include "inputs.h"
#include "kb.h"
#include "output.h"
#include "pipeline.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define NEWSKG_VERSION "0.1.0"

static const char usage[] =
    "usage: newskg build [-o FILE] [-f turtle|ntriples|nquads|rdfxml] [--base IRI]\n"
    "                    [--ontology DIR] [--max-file-size BYTES]\n"
    "                    [--max-sentence-length BYTES] [-q] PATH...\n"
    "       newskg --help | --version\n"
    "\n"
    "Reads news articles (text or HTML files; folders are read recursively) and\n"
    "writes an RDF knowledge graph in which every fact cites its sentence.\n"
    "\n"
    "  -o, --output FILE        write here (default: standard output); written to\n"
    "                           a temporary file and renamed when complete\n"
    "  -f, --format FORMAT      turtle (default), ntriples, nquads, rdfxml;\n"
    "                           default from FILE's extension\n"
    "      --base IRI           base of minted IRIs (default " NK_DEFAULT_BASE ")\n"
    "      --ontology DIR       knowledge files (default: ontology/ beside the\n"
    "                           program, or $NEWSKG_ONTOLOGY)\n"
    "      --max-file-size N    skip inputs larger than N bytes (default 16777216)\n"
    "      --max-sentence-length N\n"
    "                           skip inputs with a sentence over N bytes (default 20000)\n"
    "  -q, --quiet              no warnings about repaired inputs\n"
    "\n"
    "Exit status: 0 all inputs read; 1 some inputs skipped (each named on\n"
    "stderr with the reason); 2 usage error or the graph could not be written.\n";

static volatile sig_atomic_t interrupted = 0;
static char temp_to_remove[PATH_MAX];

static void on_signal(int sig)
{
    /* only async-signal-safe calls: unlink and _exit */
    if (temp_to_remove[0])
        unlink(temp_to_remove);
    interrupted = 1;
    _exit(128 + sig);
}

static void install_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
}

/* ontology/ beside the executable, then the working directory's. */
static char *default_ontology(void)
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

static bool parse_size(const char *s, size_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || *end || v == 0)
        return false;
    *out = (size_t)v;
    return true;
}

static void progress(size_t i, size_t n, const char *path)
{
    fprintf(stderr, "\r\033[K[%zu/%zu] %.70s", i, n, path);
    if (i == n)
        fputc('\n', stderr);
}

static int cmd_build(int argc, char **argv)
{
    static const struct option opts[] = {
        {"output", required_argument, NULL, 'o'},  {"format", required_argument, NULL, 'f'},
        {"base", required_argument, NULL, 'b'},    {"ontology", required_argument, NULL, 'O'},
        {"max-file-size", required_argument, NULL, 'M'},
        {"max-sentence-length", required_argument, NULL, 'S'},
        {"quiet", no_argument, NULL, 'q'},          {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *output = NULL, *base = NK_DEFAULT_BASE;
    char *ontology = NULL;
    bool have_format = false, quiet = false;
    nk_format fmt = NK_FMT_TURTLE;
    nk_ingest_limits lim = {NK_DEFAULT_MAX_FILE_BYTES};
    size_t max_sentence = NK_DEFAULT_MAX_SENTENCE_BYTES;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:f:qh", opts, NULL)) != -1) {
        switch (c) {
        case 'o': output = optarg; break;
        case 'f':
            if (!nk_format_parse(optarg, &fmt)) {
                fprintf(stderr, "newskg: unknown format '%s' (turtle, ntriples, nquads, rdfxml)\n", optarg);
                free(ontology);
                return 2;
            }
            have_format = true;
            break;
        case 'b': base = optarg; break;
        case 'O': free(ontology); ontology = nk_strdup(optarg); break;
        case 'M':
            if (!parse_size(optarg, &lim.max_file_bytes)) {
                fprintf(stderr, "newskg: --max-file-size needs a positive number of bytes\n");
                free(ontology);
                return 2;
            }
            break;
        case 'S':
            if (!parse_size(optarg, &max_sentence)) {
                fprintf(stderr, "newskg: --max-sentence-length needs a positive number of bytes\n");
                free(ontology);
                return 2;
            }
            break;
        case 'q': quiet = true; break;
        case 'h': fputs(usage, stdout); free(ontology); return 0;
        default: fputs(usage, stderr); free(ontology); return 2;
        }
    }
    if (optind >= argc) {
        fprintf(stderr, "newskg: build needs at least one file or folder\n%s", usage);
        free(ontology);
        return 2;
    }
    if (strncmp(base, "http://", 7) != 0 && strncmp(base, "https://", 8) != 0 && strncmp(base, "urn:", 4) != 0) {
        fprintf(stderr, "newskg: --base must be an absolute IRI (http://, https:// or urn:)\n");
        free(ontology);
        return 2;
    }
    if (!have_format && output && strcmp(output, "-") != 0)
        nk_format_from_path(output, &fmt);
    if (!ontology)
        ontology = default_ontology();

    char err[1024];
    nk_kb *kb = nk_kb_load(ontology, err, sizeof err);
    if (!kb) {
        fprintf(stderr, "newskg: cannot load the ontology: %s\n", err);
        free(ontology);
        return 2;
    }
    free(ontology);

    int status = 0;
    nk_inputs in = {0};
    for (int i = optind; i < argc; i++)
        nk_inputs_add(&in, argv[i]);
    nk_inputs_sort(&in);
    for (size_t i = 0; i < in.errors.len; i++) {
        fprintf(stderr, "newskg: %s: skipped: %s\n", in.errors.items[i].path, in.errors.items[i].reason);
        status = 1;
    }

    nk_writer *w = nk_writer_open(output, fmt, err, sizeof err);
    if (!w) {
        fprintf(stderr, "newskg: %s\n", err);
        nk_inputs_free(&in);
        nk_kb_free(kb);
        return 2;
    }
    if (nk_writer_temp_path(w))
        snprintf(temp_to_remove, sizeof temp_to_remove, "%s", nk_writer_temp_path(w));
    install_signals();

    nk_entities *table = nk_entities_new();
    bool dedupe = fmt != NK_FMT_NQUADS;
    bool show_progress = isatty(2) && in.files.len > 20;
    for (size_t i = 0; i < in.files.len && !interrupted; i++) {
        const char *path = in.files.items[i];
        if (show_progress)
            progress(i + 1, in.files.len, path);
        nk_doc d = {0};
        char reason[512];
        if (nk_ingest_file(path, path, &lim, &d, reason, sizeof reason) != NK_INGEST_OK ||
            !nk_pipeline_run(&d, kb, max_sentence, reason, sizeof reason)) {
            fprintf(stderr, "newskg: %s: skipped: %s\n", path, reason);
            status = 1;
            nk_doc_free(&d);
            continue;
        }
        if (!quiet && (d.repair.invalid || d.repair.controls || d.repair.mojibake))
            fprintf(stderr,
                    "newskg: %s: warning: repaired %zu invalid UTF-8 sequence(s), %zu control character(s), "
                    "%zu mis-decoded character(s)\n",
                    path, d.repair.invalid, d.repair.controls, d.repair.mojibake);
        nk_writer_block(w);
        nk_graph_doc(&d, kb, base, table, dedupe, nk_writer_sink, w);
        nk_doc_free(&d);
    }
    nk_writer_block(w);
    nk_graph_entities(table, kb, base, nk_writer_sink, w);
    nk_entities_free(table);
    bool ok = nk_writer_close(w, err, sizeof err);
    temp_to_remove[0] = '\0';
    if (!ok) {
        fprintf(stderr, "newskg: %s\n", err);
        status = 2;
    }
    nk_inputs_free(&in);
    nk_kb_free(kb);
    return status;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage, stderr);
        return 2;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
        fputs(usage, stdout);
        return 0;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("newskg " NEWSKG_VERSION "\n");
        return 0;
    }
    if (strcmp(argv[1], "build") == 0)
        return cmd_build(argc - 1, argv + 1);
    fprintf(stderr, "newskg: unknown command '%s'\n%s", argv[1], usage);
    return 2;
}
