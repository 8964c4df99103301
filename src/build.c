/* build.c — see build.h. */
#include "build.h"
#include "cli.h"
#include "pipeline.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <sys/wait.h>

size_t nk_build_entity_memory(void)
{
    const char *v = getenv("NEWSKG_TEST_ENTITY_MEMORY");
    return v && *v ? strtoull(v, NULL, 10) : NK_ENTITY_MEMORY;
}

static void progress(size_t i, size_t n, const char *path)
{
    fprintf(stderr, "\r\033[K[%zu/%zu] %.70s", i, n, path);
    if (i == n)
        fputc('\n', stderr);
}

/* Reads, analyzes and writes one document as one block; false when it was
 * skipped (the reason is on stderr). */
static bool build_one(const nk_build_opts *o, const char *path, nk_entities *table, nk_writer *w)
{
    nk_doc d = {0};
    if (!nk_cli_analyze(path, o->kb, &o->lim, o->max_sentence, o->quiet, &d))
        return false;
    nk_writer_block(w);
    nk_graph_doc(&d, o->kb, o->base, table, nk_writer_sink, w);
    nk_doc_free(&d);
    return true;
}

static int build_serial(const nk_build_opts *o, const nk_inputs *in, nk_entities *table, nk_writer *w)
{
    int status = 0;
    for (size_t i = 0; i < in->files.len; i++) {
        if (o->progress)
            progress(i + 1, in->files.len, in->files.items[i]);
        if (!build_one(o, in->files.items[i], table, w))
            status = 1;
    }
    return status;
}

/* ------------------------------------------------------------ parallel */

/* Blocks a process may hold laid out but not yet placed before it waits
 * for the earlier ones (a document far slower than the rest). */
#define QUEUE_BYTES ((size_t)64 << 20)
/* Ask the kernel to start writing the output every so many bytes (the
 * fsync before the rename then has little left to wait for). */
#define WRITEBACK_EVERY ((off_t)32 << 20)

/* What the processes of a parallel build share (an anonymous shared
 * mapping), under its process-shared lock. */
typedef struct {
    pthread_mutex_t lock;
    pthread_cond_t placed; /* signalled when next_place moves */
    size_t next_take;      /* the next document to analyze */
    size_t next_place;     /* the next document to get a place */
    off_t end;             /* where that document's block goes */
    off_t dropped;         /* output before this is out of the page cache */
    bool failed;           /* a process failed: everyone stops */
} shared_state;

typedef struct {
    size_t doc;
    nk_buf bytes;
} block;

typedef struct {
    const nk_build_opts *o;
    const nk_inputs *in;
    shared_state *sh;
    pid_t parent;               /* for the workers: the build's first process */
    const pid_t *children;      /* for that process: its workers */
    size_t nchildren;
    int fd;                     /* the output (or a scratch file), for pwrite */
    nk_writer *mem;             /* lays out one block at a time */
    NK_VEC(block) queue;        /* laid out, waiting for a place; by doc */
    size_t head, queued;        /* first waiting block; bytes waiting */
    off_t written_since_hint;
    int status;
} worker;

/* The lock is robust: a process killed while holding it fails the build
 * instead of leaving the others waiting. */
static void lock(shared_state *sh)
{
    if (pthread_mutex_lock(&sh->lock) == EOWNERDEAD) {
        sh->failed = true;
        pthread_mutex_consistent(&sh->lock);
    }
}

static void fail_all(shared_state *sh)
{
    lock(sh);
    sh->failed = true;
    pthread_cond_broadcast(&sh->placed);
    pthread_mutex_unlock(&sh->lock);
}

static bool write_at(worker *k, const nk_buf *b, off_t at)
{
    for (size_t done = 0; done < b->len;) {
        ssize_t n = pwrite(k->fd, b->data + done, b->len - done, at + (off_t)done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            fprintf(stderr, "newskg: cannot write the output: %s\n", strerror(errno));
            return false;
        }
        done += (size_t)n;
    }
    k->written_since_hint += (off_t)b->len;
    if (k->written_since_hint >= WRITEBACK_EVERY) {
        /* start writing what is new; drop from the page cache what lies
         * well behind the blocks being placed (output.c says why) */
        k->written_since_hint = 0;
        shared_state *sh = k->sh;
        lock(sh);
        off_t from = sh->dropped, upto = sh->end - 2 * WRITEBACK_EVERY;
        if (upto > from)
            sh->dropped = upto;
        pthread_mutex_unlock(&sh->lock);
        sync_file_range(k->fd, 0, 0, SYNC_FILE_RANGE_WRITE);
        if (upto > from)
            nk_file_drop_written(k->fd, from, upto - from);
    }
    return true;
}

/* True when one of the first process's workers has ended badly (killed,
 * or failed) — it may have died holding the next document.  The child
 * stays waitable (WNOWAIT) for its exit status to be read later. */
static bool worker_died(const worker *k)
{
    for (size_t j = 0; j < k->nchildren; j++) {
        siginfo_t info = {0};
        if (k->children[j] > 0 && waitid(P_PID, (id_t)k->children[j], &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
            info.si_pid == k->children[j] && (info.si_code != CLD_EXITED || info.si_status > 1))
            return true;
    }
    return false;
}

/* Gives places to the queued blocks whose turn has come and writes them;
 * with wait, keeps at it until the queue is empty.  False when the build
 * failed (here or elsewhere). */
static bool place_blocks(worker *k, bool wait)
{
    shared_state *sh = k->sh;
    while (k->head < k->queue.len) {
        size_t first = k->head;
        off_t at = 0;
        bool failed;
        lock(sh);
        while (!sh->failed && wait && k->queue.items[k->head].doc != sh->next_place) {
            /* a timed wait: a process that died holding the next document
             * must not leave the others waiting for ever */
            struct timespec until;
            clock_gettime(CLOCK_REALTIME, &until);
            until.tv_sec += 1;
            if (pthread_cond_timedwait(&sh->placed, &sh->lock, &until) == EOWNERDEAD) {
                sh->failed = true;
                pthread_mutex_consistent(&sh->lock);
            }
            if ((k->parent && getppid() != k->parent) || worker_died(k))
                sh->failed = true;
        }
        if (!sh->failed && k->queue.items[k->head].doc == sh->next_place) {
            at = sh->end;
            for (; k->head < k->queue.len && k->queue.items[k->head].doc == sh->next_place; k->head++) {
                sh->end += (off_t)k->queue.items[k->head].bytes.len;
                sh->next_place++;
            }
            pthread_cond_broadcast(&sh->placed);
        }
        failed = sh->failed;
        pthread_mutex_unlock(&sh->lock);
        if (failed)
            return false;
        for (size_t i = first; i < k->head; i++) {
            block *b = &k->queue.items[i];
            if (!write_at(k, &b->bytes, at)) {
                fail_all(sh);
                return false;
            }
            at += (off_t)b->bytes.len;
            k->queued -= b->bytes.len;
            nk_buf_free(&b->bytes);
        }
        if (!wait && k->head == first)
            break;
    }
    /* the placed blocks leave the queue (so it never grows with the corpus) */
    if (k->head > 0 && k->head * 2 >= k->queue.len) {
        memmove(k->queue.items, k->queue.items + k->head, (k->queue.len - k->head) * sizeof *k->queue.items);
        k->queue.len -= k->head;
        k->head = 0;
    }
    return true;
}

/* One process's share: documents from the shared counter until none are
 * left.  Returns 0/1 (some skipped) or 2 (failed). */
static int work(worker *k, nk_entities *table, bool show_progress)
{
    shared_state *sh = k->sh;
    for (;;) {
        lock(sh);
        size_t i = sh->next_take++;
        bool failed = sh->failed;
        pthread_mutex_unlock(&sh->lock);
        if (failed)
            return 2;
        if (i >= k->in->files.len)
            break;
        if (k->parent && getenv("NEWSKG_TEST_KILL_WORKER"))
            raise(SIGKILL); /* tests: a worker dies holding a document */
        if (show_progress)
            progress(i + 1, k->in->files.len, k->in->files.items[i]);
        if (!build_one(k->o, k->in->files.items[i], table, k->mem))
            k->status = 1;
        block b = {i, {0}};
        nk_writer_take(k->mem, &b.bytes);
        k->queued += b.bytes.len;
        NK_PUSH(k->queue, b);
        if (!place_blocks(k, k->queued > QUEUE_BYTES))
            return 2;
    }
    return place_blocks(k, true) ? k->status : 2;
}

static void free_worker(worker *k)
{
    for (size_t i = k->head; i < k->queue.len; i++)
        nk_buf_free(&k->queue.items[i].bytes);
    free(k->queue.items);
    char err[64];
    nk_writer_close(k->mem, err, sizeof err);
}

/* A forked worker: its share, then its entity table, sorted, into ents
 * (a run for the parent's table). */
static int worker_process(worker *k, FILE *ents)
{
    nk_entities *table = nk_entities_new();
    nk_entities_limit(table, nk_build_entity_memory());
    int status = work(k, table, false);
    char err[512];
    if (status < 2 && !nk_entities_save(table, ents, err, sizeof err)) {
        fprintf(stderr, "newskg: a worker: %s\n", err);
        status = 2;
    }
    if (status == 2)
        fail_all(k->sh);
    nk_entities_free(table);
    free_worker(k);
    return status;
}

static shared_state *new_shared_state(off_t end)
{
    shared_state *sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (sh == MAP_FAILED)
        return NULL;
    memset(sh, 0, sizeof *sh);
    pthread_mutexattr_t ma;
    pthread_mutexattr_init(&ma);
    pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED);
    pthread_mutexattr_setrobust(&ma, PTHREAD_MUTEX_ROBUST);
    pthread_mutex_init(&sh->lock, &ma);
    pthread_mutexattr_destroy(&ma);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setpshared(&ca, PTHREAD_PROCESS_SHARED);
    pthread_cond_init(&sh->placed, &ca);
    pthread_condattr_destroy(&ca);
    sh->end = end;
    return sh;
}

static int build_parallel(const nk_build_opts *o, const nk_inputs *in, size_t jobs, nk_format fmt,
                          nk_entities *table, nk_writer *w)
{
    /* blocks go straight into the output file; into a scratch file, copied
     * at the end, when the output is a pipe */
    off_t start = 0;
    int fd = nk_writer_fd(w, &start);
    FILE *scratch = NULL;
    if (fd < 0) {
        scratch = tmpfile();
        if (!scratch) {
            fprintf(stderr, "newskg: cannot create a temporary file: %s\n", strerror(errno));
            return 2;
        }
        fd = fileno(scratch), start = 0;
    }
    shared_state *sh = new_shared_state(start);
    if (!sh) {
        fprintf(stderr, "newskg: cannot share memory between workers: %s\n", strerror(errno));
        if (scratch)
            fclose(scratch);
        return 2;
    }
    pid_t *pid = nk_alloc(jobs * sizeof *pid);
    FILE **ents = nk_alloc(jobs * sizeof *ents);
    int status = 0;
    pid_t parent = getpid();
    fflush(NULL);
    for (size_t j = 1; j < jobs && status < 2; j++) {
        ents[j] = tmpfile();
        if (!ents[j]) {
            fprintf(stderr, "newskg: cannot create a temporary file: %s\n", strerror(errno));
            status = 2;
            break;
        }
        pid[j] = fork();
        if (pid[j] == 0) {
            worker k = {.o = o, .in = in, .sh = sh, .parent = parent, .fd = fd, .mem = nk_writer_open_memory(fmt)};
            int code = worker_process(&k, ents[j]);
            free(pid), free(ents); /* the rest is the caller's, still reachable */
            _exit(code);
        }
        if (pid[j] < 0) {
            fprintf(stderr, "newskg: cannot start a worker: %s\n", strerror(errno));
            status = 2;
        }
    }
    if (status == 2)
        fail_all(sh);
    worker self = {.o = o, .in = in, .sh = sh, .children = pid, .nchildren = jobs, .fd = fd,
                   .mem = nk_writer_open_memory(fmt)};
    int mine = work(&self, table, o->progress);
    if (mine == 2)
        fail_all(sh);
    if (mine > status)
        status = mine;
    free_worker(&self);
    for (size_t j = 1; j < jobs; j++) {
        int ws = 0;
        if (pid[j] <= 0 || waitpid(pid[j], &ws, 0) != pid[j])
            continue;
        int code = WIFEXITED(ws) ? WEXITSTATUS(ws) : 3;
        if (WIFSIGNALED(ws))
            fprintf(stderr, "newskg: worker %zu was killed (signal %d)\n", j, WTERMSIG(ws));
        else if (code > 1)
            fprintf(stderr, "newskg: worker %zu failed\n", j);
        if (code > status)
            status = code > 1 ? 2 : code;
        if (status < 2 && ents[j] && fseek(ents[j], 0, SEEK_SET) == 0) {
            nk_entities_add_run(table, ents[j], "a worker's entities");
            ents[j] = NULL;
        }
    }
    if (status < 2 && sh->next_place != in->files.len) {
        fprintf(stderr, "newskg: the workers left documents unwritten\n");
        status = 2;
    }
    off_t len = sh->end - start;
    if (status < 2 && !(scratch ? nk_writer_append(w, fd, 0, len) : nk_writer_advance(w, len))) {
        fprintf(stderr, "newskg: cannot write the output: %s\n", strerror(errno));
        status = 2;
    }
    for (size_t j = 1; j < jobs; j++)
        if (ents[j])
            fclose(ents[j]);
    if (scratch)
        fclose(scratch);
    pthread_cond_destroy(&sh->placed);
    pthread_mutex_destroy(&sh->lock);
    munmap(sh, sizeof *sh);
    free(pid), free(ents);
    return status;
}

int nk_build_docs(const nk_build_opts *o, const nk_inputs *in, size_t jobs, nk_format fmt, nk_entities *table,
                  nk_writer *w)
{
    if (jobs > in->files.len)
        jobs = in->files.len;
    /* RDF/XML is one serializer for the run: it cannot be cut in blocks */
    if (jobs <= 1 || fmt == NK_FMT_RDFXML)
        return build_serial(o, in, table, w);
    return build_parallel(o, in, jobs, fmt, table, w);
}
