/* output.c — see output.h.
 *
 * N-Triples and N-Quads are written here directly, not through raptor.
 * Measured on 14 MB of articles (one core, 836 MB of N-Triples): raptor's
 * term objects (a copy of every string, each IRI interned into the world's
 * AVL tree) and its byte-at-a-time escaper through an iostream were ~40% of
 * a build's instructions.  The two line formats are simple enough to write
 * with one table-driven escaper that copies runs of plain bytes at once.
 * Its output is byte for byte what raptor 2.0.15 writes (the same escapes,
 * the same upper-case \u00XX / \UXXXXXXXX, the same stop at a NUL or at
 * the first byte it cannot decode), so graphs do not change with the
 * writer; tests/unit/test_output.c compares the two on every byte value
 * and on random strings.
 *
 * Turtle blocks are laid out by turtle.c exactly as raptor's Turtle
 * serializer lays them out (it spent two thirds of a Turtle build on
 * namespace lookups and term trees); a block turtle.c declines is handed
 * to raptor.  RDF/XML still goes through raptor's serializer. */
#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <sys/stat.h>
#include <raptor2.h>
#include "turtle.h"
#include "utf8.h"

struct nk_writer {
    nk_format fmt;
    bool direct;             /* N-Triples/N-Quads: written here, no raptor */
    bool borrowed_fh;        /* the caller's file: flushed, never closed */
    raptor_world *world;
    raptor_serializer *ser;  /* current serializer */
    nk_ttl *ttl;             /* Turtle: the open block's statements */
    bool ttl_open;           /* Turtle: a block is open (as ser would be) */
    nk_buf ttl_text;         /* Turtle: a block's text, reused */
    raptor_iostream *io;     /* its stream, into buf */
    char buf[65536];         /* bytes not yet handed to fh */
    size_t buf_len;
    FILE *fh;
    char *target;            /* final path, NULL for stdout */
    char *temp;              /* temporary path, NULL for stdout */
    off_t handed, hinted;    /* bytes handed to fh; of those, sent to disk early */
    off_t dropped;           /* of those, dropped from the page cache */
    bool in_memory;          /* no file: bytes collect in mem (nk_writer_take) */
    nk_buf mem;
    bool failed;
    char reason[256];
};

static const struct { const char *prefix, *ns; } prefixes[] = {
    {"nkg", NK_NKG_NS},       {"nif", NK_NS_NIF},       {"itsrdf", NK_NS_ITS},
    {"prov", NK_NS_PROV},     {"dcterms", NK_NS_DCT},   {"skos", NK_NS_SKOS},
    {"schema", NK_NS_SCHEMA}, {"rdf", NK_NS_RDF},       {"rdfs", NK_NS_RDFS},
    {"xsd", NK_NS_XSD},
};

bool nk_format_parse(const char *s, nk_format *out)
{
    static const struct { const char *name; nk_format f; } names[] = {
        {"turtle", NK_FMT_TURTLE},   {"ttl", NK_FMT_TURTLE},   {"ntriples", NK_FMT_NTRIPLES},
        {"nt", NK_FMT_NTRIPLES},     {"nquads", NK_FMT_NQUADS}, {"nq", NK_FMT_NQUADS},
        {"rdfxml", NK_FMT_RDFXML},   {"xml", NK_FMT_RDFXML},    {"rdf", NK_FMT_RDFXML},
    };
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcasecmp(s, names[i].name) == 0) {
            *out = names[i].f;
            return true;
        }
    return false;
}

bool nk_format_from_path(const char *path, nk_format *out)
{
    const char *dot = strrchr(path, '.');
    return dot && nk_format_parse(dot + 1, out);
}

static const char *raptor_name(nk_format f)
{
    switch (f) {
    case NK_FMT_TURTLE: return "turtle";
    case NK_FMT_NTRIPLES: return "ntriples";
    case NK_FMT_NQUADS: return "nquads";
    case NK_FMT_RDFXML: return "rdfxml";
    }
    return "ntriples";
}

static void on_log(void *ud, raptor_log_message *m)
{
    nk_writer *w = ud;
    if (m->level >= RAPTOR_LOG_LEVEL_ERROR && !w->failed) {
        w->failed = true;
        snprintf(w->reason, sizeof w->reason, "serializer: %s", m->text ? m->text : "error");
    }
}

static void write_failed(nk_writer *w)
{
    if (!w->failed) {
        w->failed = true;
        snprintf(w->reason, sizeof w->reason, "write error: %s", strerror(errno));
    }
}

void nk_file_drop_written(int fd, off_t off, off_t len)
{
    if (len <= 0)
        return;
    sync_file_range(fd, off, len, SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE | SYNC_FILE_RANGE_WAIT_AFTER);
    posix_fadvise(fd, off, len, POSIX_FADV_DONTNEED);
}

/* The output is fsync'ed before it is renamed into place, and a graph of
 * many gigabytes left in the page cache makes the kernel reclaim memory
 * while newskg writes (measured: 100,000 articles, 15 GB of N-Triples,
 * 13.7 times the time of 10,000).  So every 32 MiB the kernel is asked to
 * start writing the new bytes, and the bytes before those, written by
 * then, leave the cache. */
static void hint_writeback(nk_writer *w)
{
    enum { HINT_EVERY = 32 << 20 };
    if (w->temp && w->handed - w->hinted >= HINT_EVERY) {
        int fd = fileno(w->fh);
        sync_file_range(fd, w->hinted, w->handed - w->hinted, SYNC_FILE_RANGE_WRITE);
        nk_file_drop_written(fd, w->dropped, w->hinted - w->dropped);
        w->dropped = w->hinted;
        w->hinted = w->handed;
    }
}

/* raptor's file-handle stream writes every byte with fputc (a quarter of a
 * build's time, measured with perf on 1,000 articles); this stream collects
 * bytes in a buffer and hands the file 64 KiB at a time. */
static void flush_buffer(nk_writer *w)
{
    if (w->in_memory)
        nk_buf_add(&w->mem, w->buf, w->buf_len);
    else if (w->buf_len && fwrite(w->buf, 1, w->buf_len, w->fh) != w->buf_len)
        write_failed(w);
    w->handed += (off_t)w->buf_len;
    w->buf_len = 0;
    hint_writeback(w);
}

static inline void put_bytes(nk_writer *w, const void *ptr, size_t n)
{
    const char *p = ptr;
    if (n <= sizeof w->buf - w->buf_len) { /* the common case: it fits */
        memcpy(w->buf + w->buf_len, p, n);
        w->buf_len += n;
        return;
    }
    while (n) {
        if (w->buf_len == sizeof w->buf)
            flush_buffer(w);
        size_t k = sizeof w->buf - w->buf_len < n ? sizeof w->buf - w->buf_len : n;
        memcpy(w->buf + w->buf_len, p, k);
        w->buf_len += k;
        p += k;
        n -= k;
    }
}

/* raptor 2.0.15's Turtle writer puts a literal with a CR but no LF in a
 * short "…" string with the CR raw, which Turtle forbids; a raw CR can only
 * stand inside a literal in its output, where the escape \r means the same
 * in short and long strings alike. */
static void put_byte(nk_writer *w, char b)
{
    if (b == '\r' && w->fmt == NK_FMT_TURTLE) {
        put_byte(w, '\\');
        b = 'r';
    }
    if (w->buf_len == sizeof w->buf)
        flush_buffer(w);
    w->buf[w->buf_len++] = b;
}

static int io_write_byte(void *ctx, const int byte)
{
    put_byte(ctx, (char)byte);
    return 0;
}

static int io_write_bytes(void *ctx, const void *ptr, size_t size, size_t nmemb)
{
    nk_writer *w = ctx;
    const char *p = ptr;
    size_t n = size * nmemb;
    if (w->fmt == NK_FMT_TURTLE && memchr(p, '\r', n)) {
        for (size_t i = 0; i < n; i++)
            put_byte(w, p[i]);
        return (int)nmemb;
    }
    put_bytes(w, p, n);
    return (int)nmemb;
}

/* ------------------------------------------------------------ N-Triples */

/* Bytes written as they are: in a literal, printable ASCII but " and \;
 * in an IRI, printable ASCII but <>"{}|^`\ (raptor's escapes for both). */
static unsigned char plain_literal[256], plain_iri[256];

static void init_plain_tables(void)
{
    if (plain_literal['a'])
        return;
    for (int c = 0x20; c < 0x7f; c++) {
        plain_literal[c] = c != '"' && c != '\\';
        plain_iri[c] = c != ' ' && !strchr("<>\"{}|^`\\", c);
    }
}

static void put_hex(nk_writer *w, char u, uint32_t v, int digits)
{
    static const char hex[] = "0123456789ABCDEF";
    char e[10] = {'\\', u};
    for (int i = 0; i < digits; i++)
        e[2 + i] = hex[(v >> (4 * (digits - 1 - i))) & 15];
    put_bytes(w, e, (size_t)digits + 2);
}

/* The body of a literal (in_iri false) or an IRI, escaped as raptor's
 * N-Triples serializer does: \" \\ \t \n \r in literals, \\ in IRIs,
 * every other byte outside the plain set as \u00XX, every non-ASCII
 * character as \uXXXX or \UXXXXXXXX.  Like raptor it stops at a NUL
 * byte or at a sequence it cannot decode. */
static void put_escaped(nk_writer *w, const char *s, size_t n, bool in_iri)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    const unsigned char *plain = in_iri ? plain_iri : plain_literal;
    while (p < end) {
        const unsigned char *run = p;
        /* eight at a time while all are plain: most bytes are */
        while (end - p >= 8 && (plain[p[0]] & plain[p[1]] & plain[p[2]] & plain[p[3]] & plain[p[4]] & plain[p[5]] &
                                plain[p[6]] & plain[p[7]]))
            p += 8;
        while (p < end && plain[*p])
            p++;
        if (p > run)
            put_bytes(w, run, (size_t)(p - run));
        if (p == end || *p == 0)
            return;
        unsigned char c = *p;
        if (c == '\\' || (c == '"' && !in_iri)) {
            char e[2] = {'\\', (char)c};
            put_bytes(w, e, 2);
        } else if (!in_iri && (c == '\t' || c == '\n' || c == '\r')) {
            char e[2] = {'\\', c == '\t' ? 't' : c == '\n' ? 'n' : 'r'};
            put_bytes(w, e, 2);
        } else if (c < 0x80) {
            put_hex(w, 'u', c, 4);
        } else {
            uint32_t cp;
            size_t k = nk_utf8_decode_raptor(p, (size_t)(end - p), &cp);
            if (!k)
                return;
            put_hex(w, cp < 0x10000 ? 'u' : 'U', cp, cp < 0x10000 ? 4 : 8);
            p += k;
            continue;
        }
        p++;
    }
}

static void put_iri(nk_writer *w, const char *s, size_t n)
{
    put_bytes(w, "<", 1);
    put_escaped(w, s, n, true);
    put_bytes(w, ">", 1);
}

static void put_term(nk_writer *w, const nk_term *t)
{
    if (t->kind == NK_TERM_IRI) {
        put_iri(w, t->value, t->len);
        return;
    }
    put_bytes(w, "\"", 1);
    put_escaped(w, t->value, t->len, false);
    put_bytes(w, "\"", 1);
    if (t->lang && *t->lang) {
        /* raptor writes a language tag's '_' as '-' */
        put_bytes(w, "@", 1);
        for (const char *l = t->lang; *l; l++)
            put_bytes(w, *l == '_' ? "-" : l, 1);
    } else if (t->datatype) {
        put_bytes(w, "^^", 2);
        put_iri(w, t->datatype, strlen(t->datatype));
    }
}

static void put_statement(nk_writer *w, const nk_term *s, const nk_term *p, const nk_term *o, const char *graph)
{
    put_term(w, s);
    put_bytes(w, " ", 1);
    put_term(w, p);
    put_bytes(w, " ", 1);
    put_term(w, o);
    if (w->fmt == NK_FMT_NQUADS && graph) {
        put_bytes(w, " ", 1);
        put_iri(w, graph, strlen(graph));
    }
    put_bytes(w, " .\n", 3);
}

/* ------------------------------------------------------------ raptor */

static const raptor_iostream_handler buffered_handler = {
    .version = 2, /* raptor counts write functions only from version 2 */
    .write_byte = io_write_byte,
    .write_bytes = io_write_bytes,
};

static void start_raptor(nk_writer *w);
static void serialize_with_raptor(nk_writer *w, const nk_term *s, const nk_term *p, const nk_term *o,
                                  const char *graph);

static void put_chunk(void *ctx, const char *bytes, size_t n) { put_bytes(ctx, bytes, n); }

/* Ends an open Turtle block: written by turtle.c, or, when it declines,
 * by raptor from the same statements. */
static void end_turtle_block(nk_writer *w)
{
    w->ttl_open = false;
    nk_buf_clear(&w->ttl_text);
    /* a document's block is laid out in memory and written; a large one
     * (the entities) is checked in a first pass and streamed in a second,
     * so its text never stands in memory whole */
    bool large = nk_ttl_size(w->ttl) > (4u << 20);
    bool ok = large ? nk_ttl_write(w->ttl, &w->ttl_text, nk_ttl_discard, NULL) &&
                          nk_ttl_write(w->ttl, &w->ttl_text, put_chunk, w)
                    : nk_ttl_write(w->ttl, &w->ttl_text, NULL, NULL);
    if (ok) {
        put_bytes(w, w->ttl_text.data, w->ttl_text.len);
    } else {
        start_raptor(w);
        for (size_t i = 0; i < nk_ttl_count(w->ttl); i++) {
            nk_term s, p, o;
            nk_ttl_get(w->ttl, i, &s, &p, &o);
            serialize_with_raptor(w, &s, &p, &o, NULL);
        }
        raptor_serializer_serialize_end(w->ser);
        raptor_free_serializer(w->ser);
        raptor_free_iostream(w->io);
        w->ser = NULL;
        w->io = NULL;
    }
    nk_ttl_clear(w->ttl);
    flush_buffer(w);
}

static void end_serializer(nk_writer *w)
{
    if (w->ttl_open) {
        end_turtle_block(w);
        return;
    }
    if (!w->ser)
        return;
    raptor_serializer_serialize_end(w->ser);
    raptor_free_serializer(w->ser);
    raptor_free_iostream(w->io);
    w->ser = NULL;
    w->io = NULL;
    flush_buffer(w);
}

static void start_serializer(nk_writer *w)
{
    if (w->ttl)
        w->ttl_open = true;
    else
        start_raptor(w);
}

static void start_raptor(nk_writer *w)
{
    w->ser = raptor_new_serializer(w->world, raptor_name(w->fmt));
    if (w->fmt == NK_FMT_TURTLE || w->fmt == NK_FMT_RDFXML)
        for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes; i++) {
            raptor_uri *u = raptor_new_uri(w->world, (const unsigned char *)prefixes[i].ns);
            raptor_serializer_set_namespace(w->ser, u, (const unsigned char *)prefixes[i].prefix);
            raptor_free_uri(u);
        }
    w->io = raptor_new_iostream_from_handler(w->world, w, &buffered_handler);
    raptor_serializer_start_to_iostream(w->ser, NULL, w->io);
}

static void open_world(nk_writer *w)
{
    w->direct = w->fmt == NK_FMT_NTRIPLES || w->fmt == NK_FMT_NQUADS;
    if (w->direct) {
        init_plain_tables();
        return;
    }
    w->world = raptor_new_world();
    raptor_world_set_log_handler(w->world, w, on_log);
    raptor_world_open(w->world);
    if (w->fmt == NK_FMT_TURTLE) {
        nk_ttl_ns ns[sizeof prefixes / sizeof *prefixes];
        for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes; i++)
            ns[i] = (nk_ttl_ns){prefixes[i].prefix, prefixes[i].ns};
        w->ttl = nk_ttl_new(ns, sizeof prefixes / sizeof *prefixes);
    }
}

nk_writer *nk_writer_open(const char *path, nk_format fmt, char *err, size_t errlen)
{
    nk_writer *w = nk_alloc(sizeof *w);
    w->fmt = fmt;
    if (!path || strcmp(path, "-") == 0) {
        w->fh = stdout;
    } else {
        w->target = nk_strdup(path);
        nk_buf t = {0};
        nk_buf_addf(&t, "%s.tmp.XXXXXX", path);
        int fd = mkstemp(t.data);
        if (fd < 0) {
            snprintf(err, errlen, "%s: cannot write there: %s", path, strerror(errno));
            nk_buf_free(&t);
            free(w->target);
            free(w);
            return NULL;
        }
        /* mkstemp creates the file 0600; the graph gets the mode any new
         * file would (0666 less the umask) */
        mode_t mask = umask(0);
        umask(mask);
        fchmod(fd, 0666 & ~mask);
        w->temp = nk_buf_steal(&t);
        w->fh = fdopen(fd, "wb");
    }
    open_world(w);
    return w;
}

nk_writer *nk_writer_open_stream(FILE *fh, nk_format fmt)
{
    nk_writer *w = nk_alloc(sizeof *w);
    w->fmt = fmt;
    w->fh = fh;
    w->borrowed_fh = true;
    open_world(w);
    return w;
}

/* Copies [off, end) of fd to out through buf (the writer's own, empty at
 * that moment): from the page cache at some 3 GB/s here, where
 * copy_file_range managed 0.45 GB/s.  False on an error (errno set). */
static bool copy_range(int fd, off_t off, off_t end, int out, char *buf, size_t cap)
{
    while (off < end) {
        ssize_t n = pread(fd, buf, end - off < (off_t)cap ? (size_t)(end - off) : cap, off);
        if (n == 0)
            errno = EIO; /* the file ended early */
        if (n <= 0)
            return false;
        for (ssize_t done = 0, k; done < n; done += k)
            if ((k = write(out, buf + done, (size_t)(n - done))) <= 0)
                return false;
        off += n;
    }
    return true;
}

nk_writer *nk_writer_open_memory(nk_format fmt)
{
    nk_writer *w = nk_alloc(sizeof *w);
    w->fmt = fmt;
    w->in_memory = true;
    open_world(w);
    return w;
}

void nk_writer_take(nk_writer *w, nk_buf *out)
{
    if (w->fmt == NK_FMT_TURTLE)
        end_serializer(w);
    flush_buffer(w);
    *out = w->mem;
    w->mem = (nk_buf){0};
}

/* Everything so far handed to the file, stdio's buffer included. */
static bool settle(nk_writer *w)
{
    if (w->fmt == NK_FMT_TURTLE)
        end_serializer(w);
    flush_buffer(w);
    if (fflush(w->fh) != 0) {
        write_failed(w);
        return false;
    }
    return !w->failed;
}

int nk_writer_fd(nk_writer *w, off_t *end)
{
    struct stat st;
    if (w->in_memory || !settle(w) || fstat(fileno(w->fh), &st) != 0 || !S_ISREG(st.st_mode))
        return -1;
    *end = w->handed;
    return fileno(w->fh);
}

bool nk_writer_advance(nk_writer *w, off_t len)
{
    if (!settle(w))
        return false;
    if (fseeko(w->fh, len, SEEK_CUR) != 0) {
        write_failed(w);
        return false;
    }
    w->handed += len;
    hint_writeback(w);
    return true;
}

bool nk_writer_append(nk_writer *w, int fd, off_t off, off_t len)
{
    if (!settle(w))
        return false;
    int out = fileno(w->fh);
    bool ok = copy_range(fd, off, off + len, out, w->buf, sizeof w->buf);
    if (!ok)
        write_failed(w);
    /* the bytes went past stdio: tell it where the file now ends */
    off_t pos = lseek(out, 0, SEEK_CUR);
    if (pos >= 0 && fseeko(w->fh, pos, SEEK_SET) != 0)
        write_failed(w);
    w->handed += len;
    hint_writeback(w);
    return ok;
}

void nk_writer_block(nk_writer *w)
{
    if (w->direct)
        return;
    if (w->fmt == NK_FMT_TURTLE)
        end_serializer(w);
    if (!w->ser)
        start_serializer(w);
}

static raptor_term *make_term(raptor_world *world, const nk_term *t)
{
    if (t->kind == NK_TERM_IRI)
        return raptor_new_term_from_counted_uri_string(world, (const unsigned char *)t->value, t->len);
    raptor_uri *dt = t->datatype ? raptor_new_uri(world, (const unsigned char *)t->datatype) : NULL;
    raptor_term *r = raptor_new_term_from_counted_literal(
        world, (const unsigned char *)t->value, t->len, dt, (const unsigned char *)t->lang,
        t->lang ? (unsigned char)strlen(t->lang) : 0);
    if (dt)
        raptor_free_uri(dt);
    return r;
}

void nk_writer_sink(void *writer, const nk_term *s, const nk_term *p, const nk_term *o, const char *graph)
{
    nk_writer *w = writer;
    if (w->direct) {
        put_statement(w, s, p, o, graph);
        return;
    }
    if (w->ttl) {
        if (!w->ttl_open)
            start_serializer(w);
        nk_ttl_add(w->ttl, s, p, o);
        return;
    }
    if (!w->ser)
        start_serializer(w);
    serialize_with_raptor(w, s, p, o, graph);
}

static void serialize_with_raptor(nk_writer *w, const nk_term *s, const nk_term *p, const nk_term *o,
                                  const char *graph)
{
    raptor_statement st;
    raptor_statement_init(&st, w->world);
    st.subject = make_term(w->world, s);
    st.predicate = make_term(w->world, p);
    st.object = make_term(w->world, o);
    if (w->fmt == NK_FMT_NQUADS && graph)
        st.graph = raptor_new_term_from_uri_string(w->world, (const unsigned char *)graph);
    raptor_serializer_serialize_statement(w->ser, &st);
    raptor_statement_clear(&st);
    if (w->fh && ferror(w->fh) && !w->failed) {
        w->failed = true;
        snprintf(w->reason, sizeof w->reason, "write error: %s", strerror(errno));
    }
}

static void release(nk_writer *w)
{
    nk_ttl_free(w->ttl);
    nk_buf_free(&w->ttl_text);
    nk_buf_free(&w->mem);
    if (w->world)
        raptor_free_world(w->world);
    free(w->target);
    free(w->temp);
    free(w);
}

bool nk_writer_close(nk_writer *w, char *err, size_t errlen)
{
    end_serializer(w);
    flush_buffer(w);
    bool ok = !w->failed;
    if (w->in_memory) {
        release(w);
        return ok;
    }
    if (fflush(w->fh) != 0 || ferror(w->fh)) {
        if (ok)
            snprintf(w->reason, sizeof w->reason, "write error: %s", strerror(errno));
        ok = false;
    }
    if (w->temp) {
        if (ok && fsync(fileno(w->fh)) != 0) {
            snprintf(w->reason, sizeof w->reason, "write error: %s", strerror(errno));
            ok = false;
        }
        if (fclose(w->fh) != 0 && ok) {
            snprintf(w->reason, sizeof w->reason, "write error: %s", strerror(errno));
            ok = false;
        }
        if (ok && rename(w->temp, w->target) != 0) {
            snprintf(w->reason, sizeof w->reason, "cannot rename into place: %s", strerror(errno));
            ok = false;
        }
        if (!ok)
            unlink(w->temp);
    }
    if (!ok)
        snprintf(err, errlen, "%s: %s", w->target ? w->target : "standard output", w->reason);
    release(w);
    return ok;
}

void nk_writer_abort(nk_writer *w)
{
    if (!w)
        return;
    end_serializer(w);
    if (w->temp && !w->in_memory) {
        fclose(w->fh);
        unlink(w->temp);
    }
    release(w);
}

const char *nk_writer_temp_path(const nk_writer *w) { return w ? w->temp : NULL; }
