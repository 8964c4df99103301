/* cli_store.c — the commands that use a built graph: query, cite, and
 * add (and build --store), which keep a store. */
#include "cite.h"
#include "cli.h"
#include "inputs.h"
#include "pipeline.h"
#include "query.h"
#include "store.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char query_usage[] =
    "usage: newskg query (--store DIR | --graph FILE) [--results FORMAT] (QUERY | --file Q.rq)\n"
    "\n"
    "Runs a SPARQL SELECT, ASK, CONSTRUCT or DESCRIBE over a store or a graph file\n"
    "(Turtle, N-Triples, N-Quads, RDF/XML).  The prefixes nkg, nif, itsrdf, prov,\n"
    "dcterms, skos, schema, rdf, rdfs, xsd and owl are declared.  FORMAT: table\n"
    "(default), csv, tsv, json, xml; turtle or ntriples for graph results.\n"
    "The embedded engine (rasqal) refuses MINUS, FILTER (NOT) EXISTS, VALUES,\n"
    "SERVICE and property paths: run those on a SPARQL server (see README).\n";

static const char cite_usage[] =
    "usage: newskg cite (--store DIR | --graph FILE) [--json] IRI\n"
    "\n"
    "Prints every citation of an event, an entity or an entity fact (fact/ IRI):\n"
    "the sentence with its offsets, and its document's source, URL, publisher,\n"
    "date and title.\n";

static const char add_usage[] =
    "usage: newskg add --store DIR [--ontology DIR] [--max-file-size BYTES]\n"
    "                  [--max-sentence-length BYTES] [-q] PATH...\n"
    "\n"
    "Adds articles to a store made by `newskg build --store DIR`: a new article is\n"
    "added, a changed one replaces its earlier version's facts, an unchanged one\n"
    "changes nothing.  All or nothing: an interrupted add is undone or finished\n"
    "by the next command that opens the store.\n";

/* Opens what --store or --graph names, for reading.  A store may have
 * to finish an interrupted add first, which needs the knowledge files. */
static bool open_source(const char *store_dir, const char *graph_file, nk_store **store, nk_kb **kb,
                        nk_graph_source *src)
{
    char err[1024];
    memset(src, 0, sizeof *src);
    if (store_dir) {
        *kb = nk_cli_load_kb(NULL);
        if (!*kb)
            return false;
        *store = nk_store_open(store_dir, NK_STORE_READ, NULL, *kb, err, sizeof err);
        if (!*store) {
            fprintf(stderr, "newskg: %s\n", err);
            return false;
        }
        src->world = nk_store_world(*store);
        src->model = nk_store_model(*store);
        nk_source_capture_log(src);
        return true;
    }
    if (!nk_source_load_file(src, graph_file, err, sizeof err)) {
        fprintf(stderr, "newskg: %s\n", err);
        return false;
    }
    return true;
}

static char *read_all(const char *path)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f)
        return NULL;
    nk_buf b = {0};
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        nk_buf_add(&b, chunk, n);
    bool ok = !ferror(f);
    if (f != stdin)
        fclose(f);
    nk_buf_adds(&b, "");
    if (!ok) {
        nk_buf_free(&b);
        return NULL;
    }
    return nk_buf_steal(&b);
}

/* --store and --graph: exactly one. */
static bool one_source(const char *store_dir, const char *graph_file, const char *usage)
{
    if (!!store_dir == !!graph_file) {
        fprintf(stderr, "newskg: give either --store DIR or --graph FILE\n%s", usage);
        return false;
    }
    return true;
}

int nk_cmd_query(int argc, char **argv)
{
    static const struct option opts[] = {
        {"store", required_argument, NULL, 's'}, {"graph", required_argument, NULL, 'g'},
        {"file", required_argument, NULL, 'F'},  {"results", required_argument, NULL, 'r'},
        {"help", no_argument, NULL, 'h'},        {NULL, 0, NULL, 0},
    };
    const char *store_dir = NULL, *graph_file = NULL, *query_file = NULL, *format = "table";
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "s:g:F:r:h", opts, NULL)) != -1) {
        switch (c) {
        case 's': store_dir = optarg; break;
        case 'g': graph_file = optarg; break;
        case 'F': query_file = optarg; break;
        case 'r':
            if (!nk_query_format_ok(optarg)) {
                fprintf(stderr, "newskg: unknown results format '%s' (table, csv, tsv, json, xml; turtle, ntriples)\n",
                        optarg);
                return 2;
            }
            format = optarg;
            break;
        case 'h': fputs(query_usage, stdout); return 0;
        default: fputs(query_usage, stderr); return 2;
        }
    }
    if (!one_source(store_dir, graph_file, query_usage))
        return 2;
    if (!!query_file == (optind < argc) || optind + (query_file ? 0 : 1) < argc) {
        fprintf(stderr, "newskg: give one query, as an argument or with --file\n%s", query_usage);
        return 2;
    }
    char *text = query_file ? read_all(query_file) : nk_strdup(argv[optind]);
    if (!text) {
        fprintf(stderr, "newskg: %s: %s\n", query_file, strerror(errno));
        return 2;
    }
    nk_store *store = NULL;
    nk_kb *kb = NULL;
    nk_graph_source src;
    if (!open_source(store_dir, graph_file, &store, &kb, &src)) {
        free(text);
        nk_kb_free(kb);
        return 2;
    }
    char err[1024];
    bool ok = nk_query_run(&src, text, format, stdout, err, sizeof err);
    if (!ok)
        fprintf(stderr, "newskg: %s%s%s\n", query_file ? query_file : "query", ": ", err);
    ok &= fflush(stdout) == 0;
    free(text);
    nk_source_free(&src);
    nk_store_close(store);
    nk_kb_free(kb);
    return ok ? 0 : 1;
}

int nk_cmd_cite(int argc, char **argv)
{
    static const struct option opts[] = {
        {"store", required_argument, NULL, 's'}, {"graph", required_argument, NULL, 'g'},
        {"json", no_argument, NULL, 'J'},        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *store_dir = NULL, *graph_file = NULL;
    bool json = false;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "s:g:h", opts, NULL)) != -1) {
        switch (c) {
        case 's': store_dir = optarg; break;
        case 'g': graph_file = optarg; break;
        case 'J': json = true; break;
        case 'h': fputs(cite_usage, stdout); return 0;
        default: fputs(cite_usage, stderr); return 2;
        }
    }
    if (!one_source(store_dir, graph_file, cite_usage))
        return 2;
    if (optind + 1 != argc) {
        fprintf(stderr, "newskg: cite needs one IRI\n%s", cite_usage);
        return 2;
    }
    /* <IRI> as written in Turtle is accepted too */
    char *iri = nk_strdup(argv[optind]);
    size_t n = strlen(iri);
    if (n >= 2 && iri[0] == '<' && iri[n - 1] == '>') {
        memmove(iri, iri + 1, n - 2);
        iri[n - 2] = '\0';
    }
    nk_store *store = NULL;
    nk_kb *kb = NULL;
    nk_graph_source src;
    if (!open_source(store_dir, graph_file, &store, &kb, &src)) {
        free(iri);
        nk_kb_free(kb);
        return 2;
    }
    nk_citations cites;
    char err[1024];
    bool ok = nk_cite(src.world, src.model, iri, &cites, err, sizeof err);
    if (ok) {
        nk_citations_print(&cites, iri, json, stdout);
        nk_citations_free(&cites);
    } else {
        fprintf(stderr, "newskg: %s\n", err);
    }
    ok &= fflush(stdout) == 0;
    free(iri);
    nk_source_free(&src);
    nk_store_close(store);
    nk_kb_free(kb);
    return ok ? 0 : 1;
}

/* Stages every input in the store and commits: 0, or 1 when some inputs
 * were skipped, 2 when the add failed (the store is then unchanged). */
static int add_inputs(nk_store *store, const nk_kb *kb, const nk_ingest_limits *lim, size_t max_sentence, bool quiet,
                      char **paths, int npaths)
{
    nk_inputs in = {0};
    for (int i = 0; i < npaths; i++)
        nk_inputs_add(&in, paths[i]);
    nk_inputs_sort(&in);
    int status = 0;
    for (size_t i = 0; i < in.errors.len; i++) {
        fprintf(stderr, "newskg: %s: skipped: %s\n", in.errors.items[i].path, in.errors.items[i].reason);
        status = 1;
    }
    size_t counts[4] = {0};
    for (size_t i = 0; i < in.files.len; i++) {
        nk_doc d = {0};
        if (!nk_cli_analyze(in.files.items[i], kb, lim, max_sentence, quiet, &d)) {
            status = 1;
            continue;
        }
        nk_article_change change = nk_store_stage(store, &d);
        if (change == NK_ARTICLE_REPEATED)
            fprintf(stderr, "newskg: %s: skipped: the same article (source or URL) is already in this add\n",
                    in.files.items[i]);
        counts[change]++;
        nk_doc_free(&d);
    }
    nk_inputs_free(&in);
    char err[1024];
    if (!nk_store_commit(store, err, sizeof err)) {
        fprintf(stderr, "newskg: %s\n", err);
        return 2;
    }
    if (!quiet)
        fprintf(stderr, "newskg: %zu article(s) added, %zu replaced, %zu unchanged\n", counts[NK_ARTICLE_ADDED],
                counts[NK_ARTICLE_REPLACED], counts[NK_ARTICLE_UNCHANGED]);
    return status;
}

int nk_build_store(const char *dir, const char *base, const nk_kb *kb, const nk_ingest_limits *lim,
                   size_t max_sentence, bool quiet, char **paths, int npaths)
{
    /* built beside, then renamed into place: a failed build leaves nothing */
    struct stat st;
    if (stat(dir, &st) == 0 && !(S_ISDIR(st.st_mode) && rmdir(dir) == 0)) {
        fprintf(stderr, "newskg: %s: exists; build --store makes a new store (use add to extend one)\n", dir);
        return 2;
    }
    nk_buf temp = {0};
    nk_buf_addf(&temp, "%s.tmp.%ld", dir, (long)getpid());
    char err[1024];
    nk_store *store = nk_store_open(temp.data, NK_STORE_CREATE, base, kb, err, sizeof err);
    if (!store) {
        fprintf(stderr, "newskg: %s\n", err);
        nk_buf_free(&temp);
        return 2;
    }
    int status = add_inputs(store, kb, lim, max_sentence, quiet, paths, npaths);
    nk_store_close(store);
    if (status < 2 && rename(temp.data, dir) != 0) {
        fprintf(stderr, "newskg: %s: %s\n", dir, strerror(errno));
        status = 2;
    }
    if (status == 2)
        fprintf(stderr, "newskg: the unfinished store is left in %s\n", temp.data);
    nk_buf_free(&temp);
    return status;
}

int nk_cmd_add(int argc, char **argv)
{
    static const struct option opts[] = {
        {"store", required_argument, NULL, 's'},       {"ontology", required_argument, NULL, 'O'},
        {"max-file-size", required_argument, NULL, 'M'},
        {"max-sentence-length", required_argument, NULL, 'S'},
        {"quiet", no_argument, NULL, 'q'},             {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *store_dir = NULL;
    char *ontology = NULL;
    nk_ingest_limits lim = {NK_DEFAULT_MAX_FILE_BYTES};
    size_t max_sentence = NK_DEFAULT_MAX_SENTENCE_BYTES;
    bool quiet = false;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "s:qh", opts, NULL)) != -1) {
        switch (c) {
        case 's': store_dir = optarg; break;
        case 'O': free(ontology); ontology = nk_strdup(optarg); break;
        case 'M':
        case 'S':
            if (!nk_cli_parse_size(optarg, c == 'M' ? &lim.max_file_bytes : &max_sentence)) {
                fprintf(stderr, "newskg: %s needs a positive number of bytes\n", argv[optind - 1]);
                free(ontology);
                return 2;
            }
            break;
        case 'q': quiet = true; break;
        case 'h': fputs(add_usage, stdout); free(ontology); return 0;
        default: fputs(add_usage, stderr); free(ontology); return 2;
        }
    }
    if (!store_dir || optind >= argc) {
        fprintf(stderr, "newskg: add needs --store DIR and at least one file or folder\n%s", add_usage);
        free(ontology);
        return 2;
    }
    nk_kb *kb = nk_cli_load_kb(ontology);
    if (!kb)
        return 2;
    char err[1024];
    nk_store *store = nk_store_open(store_dir, NK_STORE_WRITE, NULL, kb, err, sizeof err);
    if (!store) {
        fprintf(stderr, "newskg: %s\n", err);
        nk_kb_free(kb);
        return 2;
    }
    int status = add_inputs(store, kb, &lim, max_sentence, quiet, argv + optind, argc - optind);
    nk_store_close(store);
    nk_kb_free(kb);
    return status;
}
