/* main.c — the newskg command line: collects inputs, runs each document
 * through ingest and the pipeline, writes the graph.  The only place that
 * prints to the user or exits. */
#include "build.h"
#include "cli.h"
#include "graph.h"
#include "ingest.h"
#include "inputs.h"
#include "kb.h"
#include "output.h"
#include "pipeline.h"

#include <errno.h>
#include <fcntl.h>
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
    "                    [--max-sentence-length BYTES] [-j N] [--shard I/K] [-q] PATH...\n"
    "       newskg build --store DIR [--base IRI] [--ontology DIR] [-q] PATH...\n"
    "       newskg add --store DIR [-q] PATH...\n"
    "       newskg merge [-o FILE] [-f turtle|ntriples|nquads] [--ontology DIR] SHARD...\n"
    "       newskg query (--store DIR | --graph FILE) [--results FORMAT] (QUERY | --file Q.rq)\n"
    "       newskg cite (--store DIR | --graph FILE) [--json] IRI\n"
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
    "  -j, --jobs N             analyze with N processes; the output is the same\n"
    "                           as with one (RDF/XML is written by one process)\n"
    "      --shard I/K          read only the I-th of K equal slices of the sorted\n"
    "                           inputs (I from 0); needs -o FILE and writes the\n"
    "                           slice's entities to FILE.entities for merge\n"
    "      --store DIR          write a new store (a persistent graph that add\n"
    "                           extends and query and cite read) instead of a file\n"
    "  -q, --quiet              no warnings about repaired inputs\n"
    "\n"
    "merge writes the documents of shard outputs (given in shard order) and the\n"
    "entities of all of them: the graph a single build of the whole corpus writes,\n"
    "byte for byte.  Each command has its own --help.\n"
    "\n"
    "Exit status: 0 all inputs read; 1 some inputs skipped (each named on\n"
    "stderr with the reason); 2 usage error or the graph could not be written.\n";

static char temp_to_remove[PATH_MAX];

static void on_signal(int sig)
{
    /* only async-signal-safe calls: unlink and _exit */
    if (temp_to_remove[0])
        unlink(temp_to_remove);
    _exit(128 + sig);
}

static void remove_temp(void)
{
    if (temp_to_remove[0])
        unlink(temp_to_remove);
}

static void install_signals(void)
{
    nk_set_oom_hook(remove_temp);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
}

/* "I/K" with 0 <= I < K <= 100000. */
static bool parse_shard(const char *s, size_t *index, size_t *count)
{
    char *slash = strchr(s, '/');
    if (!slash || slash == s)
        return false;
    char head[32];
    size_t n = (size_t)(slash - s);
    if (n >= sizeof head)
        return false;
    memcpy(head, s, n);
    head[n] = '\0';
    size_t i;
    if (strcmp(head, "0") == 0)
        i = 0;
    else if (!nk_cli_parse_size(head, &i))
        return false;
    if (!nk_cli_parse_size(slash + 1, count) || *count > 100000 || i >= *count)
        return false;
    *index = i;
    return true;
}

/* Keeps the index-th of count contiguous, near-equal slices of the sorted
 * files: shards taken in order are the whole corpus in order, so merging
 * their outputs gives the single build's bytes. */
static void keep_shard(nk_inputs *in, size_t index, size_t count)
{
    size_t n = in->files.len, lo = n * index / count, hi = n * (index + 1) / count;
    for (size_t i = 0; i < n; i++)
        if (i < lo || i >= hi)
            free(in->files.items[i]);
    if (hi > lo)
        memmove(in->files.items, in->files.items + lo, (hi - lo) * sizeof *in->files.items);
    in->files.len = hi - lo;
}

/* 2: entities sorted by key, read as runs by the merge */
#define SHARD_MAGIC "newskg-shard-entities 2"

/* A shard's entities go beside its output as OUTPUT.entities: a header
 * naming the format and base IRI (merge refuses to mix shards built
 * differently), then the table.  Temporary file, then rename. */
static bool save_shard_entities(const char *output, nk_format fmt, const char *base, nk_entities *t)
{
    nk_buf path = {0}, temp = {0};
    nk_buf_addf(&path, "%s.entities", output);
    nk_buf_addf(&temp, "%s.entities.tmp.%ld", output, (long)getpid());
    FILE *f = fopen(temp.data, "w");
    char err[512];
    snprintf(err, sizeof err, "%s", "cannot write it");
    bool ok = f && fprintf(f, SHARD_MAGIC "\t%d\t%s\n", (int)fmt, base) > 0 && nk_entities_save(t, f, err, sizeof err);
    if (f && fclose(f) != 0)
        ok = false;
    if (ok && rename(temp.data, path.data) != 0)
        ok = false;
    if (!ok) {
        fprintf(stderr, "newskg: %s: %s (%s)\n", path.data, err, strerror(errno));
        unlink(temp.data);
    }
    nk_buf_free(&path), nk_buf_free(&temp);
    return ok;
}

static void next_block(void *w) { nk_writer_block(w); }

/* The entity descriptions, after the documents: one Turtle block per
 * NK_ENTITIES_PER_BLOCK entities, so the writer never holds them all. */
static bool write_entities(nk_entities *table, const nk_kb *kb, const char *base, nk_writer *w)
{
    char err[512];
    nk_writer_block(w);
    if (!nk_graph_entities(table, kb, base, nk_writer_sink, w, next_block, err, sizeof err)) {
        fprintf(stderr, "newskg: %s\n", err);
        return false;
    }
    return true;
}

static int cmd_build(int argc, char **argv)
{
    static const struct option opts[] = {
        {"output", required_argument, NULL, 'o'},  {"format", required_argument, NULL, 'f'},
        {"base", required_argument, NULL, 'b'},    {"ontology", required_argument, NULL, 'O'},
        {"max-file-size", required_argument, NULL, 'M'},
        {"max-sentence-length", required_argument, NULL, 'S'},
        {"quiet", no_argument, NULL, 'q'},          {"help", no_argument, NULL, 'h'},
        {"jobs", required_argument, NULL, 'j'},    {"shard", required_argument, NULL, 's'},
        {"store", required_argument, NULL, 'T'},
        {NULL, 0, NULL, 0},
    };
    const char *output = NULL, *base = NK_DEFAULT_BASE, *store_dir = NULL;
    char *ontology = NULL;
    bool have_format = false, quiet = false;
    nk_format fmt = NK_FMT_TURTLE;
    nk_ingest_limits lim = {NK_DEFAULT_MAX_FILE_BYTES};
    size_t max_sentence = NK_DEFAULT_MAX_SENTENCE_BYTES;
    int c;
    optind = 1;
    size_t jobs = 1, shard_index = 0, shard_count = 0;
    while ((c = getopt_long(argc, argv, "o:f:qhj:", opts, NULL)) != -1) {
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
            if (!nk_cli_parse_size(optarg, &lim.max_file_bytes)) {
                fprintf(stderr, "newskg: --max-file-size needs a positive number of bytes\n");
                free(ontology);
                return 2;
            }
            break;
        case 'S':
            if (!nk_cli_parse_size(optarg, &max_sentence)) {
                fprintf(stderr, "newskg: --max-sentence-length needs a positive number of bytes\n");
                free(ontology);
                return 2;
            }
            break;
        case 'q': quiet = true; break;
        case 'j':
            if (!nk_cli_parse_size(optarg, &jobs) || jobs > 256) {
                fprintf(stderr, "newskg: -j needs a number of processes from 1 to 256\n");
                free(ontology);
                return 2;
            }
            break;
        case 's':
            if (!parse_shard(optarg, &shard_index, &shard_count)) {
                fprintf(stderr, "newskg: --shard needs I/K, a slice I from 0 to K-1 of K\n");
                free(ontology);
                return 2;
            }
            break;
        case 'T': store_dir = optarg; break;
        case 'h': fputs(usage, stdout); free(ontology); return 0;
        default: fputs(usage, stderr); free(ontology); return 2;
        }
    }
    if (store_dir && (output || shard_count || have_format || jobs > 1)) {
        fprintf(stderr, "newskg: --store builds a store; -o, -f, -j and --shard are for files\n");
        free(ontology);
        return 2;
    }
    if (shard_count && (!output || strcmp(output, "-") == 0)) {
        fprintf(stderr, "newskg: --shard needs -o FILE (its entities go to FILE.entities)\n");
        free(ontology);
        return 2;
    }
    if (optind >= argc) {
        fprintf(stderr, "newskg: build needs at least one file or folder\n%s", usage);
        free(ontology);
        return 2;
    }
    bool base_ok = strncmp(base, "http://", 7) == 0 || strncmp(base, "https://", 8) == 0 || strncmp(base, "urn:", 4) == 0;
    for (const unsigned char *p = (const unsigned char *)base; *p && base_ok; p++)
        base_ok = *p > 0x20 && *p != 0x7F && !strchr("<>\"{}|^`\\", *p);
    if (!base_ok) {
        fprintf(stderr, "newskg: --base must be an absolute IRI (http://, https:// or urn:) without spaces, "
                        "controls or <>\"{}|^`\\\n");
        free(ontology);
        return 2;
    }
    if (!have_format && output && strcmp(output, "-") != 0)
        nk_format_from_path(output, &fmt);
    if (shard_count && fmt == NK_FMT_RDFXML) {
        fprintf(stderr, "newskg: --shard writes turtle, ntriples or nquads (RDF/XML has one root element)\n");
        free(ontology);
        return 2;
    }
    nk_kb *kb = nk_cli_load_kb(ontology);
    if (!kb)
        return 2;
    char err[1024];
    if (store_dir) {
        int st = nk_build_store(store_dir, base, kb, &lim, max_sentence, quiet, argv + optind, argc - optind);
        nk_kb_free(kb);
        return st;
    }

    int status = 0;
    nk_inputs in = {0};
    for (int i = optind; i < argc; i++)
        nk_inputs_add(&in, argv[i]);
    nk_inputs_sort(&in);
    if (shard_count)
        keep_shard(&in, shard_index, shard_count);
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
    nk_entities_limit(table, nk_build_entity_memory());
    nk_build_opts b = {kb, base, lim, max_sentence, quiet, isatty(2) && in.files.len > 20};
    int done = nk_build_docs(&b, &in, jobs, fmt, table, w);
    if (done > status)
        status = done;
    if (done == 2) { /* a worker failed: keep the previous output */
        nk_writer_abort(w);
        temp_to_remove[0] = '\0';
        nk_entities_free(table);
        nk_inputs_free(&in);
        nk_kb_free(kb);
        return 2;
    }
    bool ok = shard_count ? save_shard_entities(output, fmt, base, table) : write_entities(table, kb, base, w);
    nk_entities_free(table);
    if (!ok) {
        nk_writer_abort(w);
        temp_to_remove[0] = '\0';
        nk_inputs_free(&in);
        nk_kb_free(kb);
        return 2;
    }
    ok = nk_writer_close(w, err, sizeof err);
    temp_to_remove[0] = '\0';
    if (!ok) {
        fprintf(stderr, "newskg: %s\n", err);
        status = 2;
    }
    nk_inputs_free(&in);
    nk_kb_free(kb);
    return status;
}


/* Checks OUTPUT.entities and adds it to table as a run (read at the end);
 * the shard's base IRI goes to *base (the first shard's) or must equal it. */
static bool load_shard_entities(const char *output, nk_format fmt, char **base, nk_entities *table)
{
    nk_buf path = {0};
    nk_buf_addf(&path, "%s.entities", output);
    FILE *f = fopen(path.data, "r");
    char *line = NULL;
    size_t cap = 0;
    bool ok = false;
    if (!f) {
        fprintf(stderr, "newskg: %s: not a shard output: cannot read %s: %s\n", output, path.data, strerror(errno));
    } else if (getline(&line, &cap, f) <= 0 || strncmp(line, SHARD_MAGIC "\t", sizeof SHARD_MAGIC) != 0) {
        fprintf(stderr, "newskg: %s: not a shard's entity file\n", path.data);
    } else {
        char *fmt_field = line + sizeof SHARD_MAGIC, *tab = strchr(fmt_field, '\t');
        char *nl = tab ? strchr(tab + 1, '\n') : NULL;
        if (nl)
            *nl = '\0';
        if (!tab || atoi(fmt_field) != (int)fmt)
            fprintf(stderr, "newskg: %s: written in another format than the merge's\n", output);
        else if (*base && strcmp(*base, tab + 1) != 0)
            fprintf(stderr, "newskg: %s: built with --base %s, the first shard with %s\n", output, tab + 1, *base);
        else {
            if (!*base)
                *base = nk_strdup(tab + 1);
            nk_entities_add_run(table, f, path.data);
            f = NULL;
            ok = true;
        }
    }
    free(line);
    if (f)
        fclose(f);
    nk_buf_free(&path);
    return ok;
}

/* Appends a shard output's bytes, as written, to w. */
static bool copy_shard(const char *output, nk_writer *w)
{
    int fd = open(output, O_RDONLY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        fprintf(stderr, "newskg: %s: %s\n", output, strerror(errno));
        if (fd >= 0)
            close(fd);
        return false;
    }
    bool ok = nk_writer_append(w, fd, 0, st.st_size);
    if (!ok)
        fprintf(stderr, "newskg: %s: cannot copy it: %s\n", output, strerror(errno));
    close(fd);
    return ok;
}

/* newskg merge: the documents of the shards in the order given, then the
 * entities of all of them — what a single build writes. */
static int cmd_merge(int argc, char **argv)
{
    static const struct option opts[] = {
        {"output", required_argument, NULL, 'o'}, {"format", required_argument, NULL, 'f'},
        {"ontology", required_argument, NULL, 'O'}, {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *output = NULL;
    char *ontology = NULL, *base = NULL;
    bool have_format = false;
    nk_format fmt = NK_FMT_TURTLE;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:f:h", opts, NULL)) != -1) {
        switch (c) {
        case 'o': output = optarg; break;
        case 'f':
            if (!nk_format_parse(optarg, &fmt) || fmt == NK_FMT_RDFXML) {
                fprintf(stderr, "newskg: merge writes turtle, ntriples or nquads, not '%s'\n", optarg);
                free(ontology);
                return 2;
            }
            have_format = true;
            break;
        case 'O': free(ontology); ontology = nk_strdup(optarg); break;
        case 'h': fputs(usage, stdout); free(ontology); return 0;
        default: fputs(usage, stderr); free(ontology); return 2;
        }
    }
    if (optind >= argc) {
        fprintf(stderr, "newskg: merge needs the shard outputs\n%s", usage);
        free(ontology);
        return 2;
    }
    if (!have_format && !nk_format_from_path(output && strcmp(output, "-") != 0 ? output : argv[optind], &fmt))
        fmt = NK_FMT_TURTLE;
    if (fmt == NK_FMT_RDFXML) {
        fprintf(stderr, "newskg: merge writes turtle, ntriples or nquads\n");
        free(ontology);
        return 2;
    }
    nk_kb *kb = nk_cli_load_kb(ontology);
    if (!kb)
        return 2;
    char err[1024];
    /* every entity file is checked before anything is written; their
     * records are merged at the end (a damaged one still leaves the
     * previous output in place) */
    nk_entities *table = nk_entities_new();
    bool ok = true;
    for (int i = optind; i < argc && ok; i++)
        ok = load_shard_entities(argv[i], fmt, &base, table);
    nk_writer *w = ok ? nk_writer_open(output, fmt, err, sizeof err) : NULL;
    if (ok && !w) {
        fprintf(stderr, "newskg: %s\n", err);
        ok = false;
    }
    if (w && nk_writer_temp_path(w))
        snprintf(temp_to_remove, sizeof temp_to_remove, "%s", nk_writer_temp_path(w));
    install_signals();
    for (int i = optind; i < argc && ok; i++)
        ok = copy_shard(argv[i], w);
    if (ok && !write_entities(table, kb, base, w))
        ok = false, nk_writer_abort(w);
    else if (ok) {
        ok = nk_writer_close(w, err, sizeof err);
        if (!ok)
            fprintf(stderr, "newskg: %s\n", err);
    } else if (w) {
        nk_writer_abort(w);
    }
    temp_to_remove[0] = '\0';
    nk_entities_free(table);
    free(base);
    nk_kb_free(kb);
    return ok ? 0 : 2;
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
    if (strcmp(argv[1], "merge") == 0)
        return cmd_merge(argc - 1, argv + 1);
    if (strcmp(argv[1], "add") == 0)
        return nk_cmd_add(argc - 1, argv + 1);
    if (strcmp(argv[1], "query") == 0)
        return nk_cmd_query(argc - 1, argv + 1);
    if (strcmp(argv[1], "cite") == 0)
        return nk_cmd_cite(argc - 1, argv + 1);
    fprintf(stderr, "newskg: unknown command '%s'\n%s", argv[1], usage);
    return 2;
}
