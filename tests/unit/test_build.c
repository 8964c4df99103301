/* test_build.c — a build by several processes writes what one writes,
 * byte for byte, in every format that can be cut in blocks, with
 * skipped inputs counted the same way, and its workers' entities merged. */
#include "testutil.h"

#include "build.h"
#include "graph.h"

static const char *const texts[] = {
    "Kenya and Egypt called on Sudan to stop the fighting near Khartoum on Monday.",
    "Ukrainian Foreign Minister Dmytro Kuleba met his Polish counterpart in Warsaw.",
    "\xE2\x80\x9CWe call on Russia to withdraw,\xE2\x80\x9D Kuleba said on Tuesday.",
    "Serbia and Kosovo met in Brussels. The European Union welcomed the talks.",
    "Armenia accused Azerbaijan of shelling. Two soldiers were killed, officials said.",
    "Ethiopia and Eritrea signed a peace agreement in Jeddah in 2018.",
    "The United Nations urged India and Pakistan to show restraint along the Line of Control.",
    "Colombian President Gustavo Petro met rebel negotiators in Havana.",
};

/* dir/in holds the texts (and a folder where a file should be: skipped);
 * the build of it with jobs processes in fmt goes to dir/name. */
static int build_to(const char *dir, size_t jobs, nk_format fmt, const char *name, size_t entity_memory)
{
    char in_dir[512], out[512], err[512];
    tu_path(in_dir, sizeof in_dir, dir, "in");
    nk_inputs in = {0};
    nk_inputs_add(&in, in_dir);
    nk_inputs_sort(&in);
    nk_writer *w = nk_writer_open(tu_path(out, sizeof out, dir, name), fmt, err, sizeof err);
    assert_non_null(w);
    nk_entities *table = nk_entities_new();
    nk_entities_limit(table, entity_memory);
    nk_build_opts o = {tu_kb(), NK_DEFAULT_BASE, {NK_DEFAULT_MAX_FILE_BYTES}, NK_DEFAULT_MAX_SENTENCE_BYTES, true,
                       false};
    int status = nk_build_docs(&o, &in, jobs, fmt, table, w);
    nk_writer_block(w);
    assert_true(nk_graph_entities(table, tu_kb(), NK_DEFAULT_BASE, nk_writer_sink, w, NULL, err, sizeof err));
    assert_true(nk_writer_close(w, err, sizeof err));
    nk_entities_free(table);
    nk_inputs_free(&in);
    return status;
}

static void make_inputs(const char *dir)
{
    char p[512], name[64];
    assert_int_equal(mkdir(tu_path(p, sizeof p, dir, "in"), 0700), 0);
    for (size_t copy = 0; copy < 3; copy++) /* 24 documents, some alike */
        for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
            snprintf(name, sizeof name, "in/%zu-%zu.txt", copy, i);
            nk_buf t = {0};
            nk_buf_addf(&t, "%s%s", texts[i], copy == 2 ? " Talks resumed in Geneva." : "");
            tu_write(tu_path(p, sizeof p, dir, name), t.data, t.len);
            nk_buf_free(&t);
        }
    /* an input that cannot be read: not UTF-8 text (skipped, status 1) */
    tu_write(tu_path(p, sizeof p, dir, "in/1-9.txt"), "\xFF\xFE\x00\x01", 4);
}

static void parallel_is_serial(void **state)
{
    const char *dir = *state;
    make_inputs(dir);
    static const nk_format formats[] = {NK_FMT_NTRIPLES, NK_FMT_NQUADS, NK_FMT_TURTLE};
    for (size_t f = 0; f < 3; f++) {
        int want = build_to(dir, 1, formats[f], "serial", 0);
        char p[512];
        size_t serial_len;
        char *serial = tu_read(tu_path(p, sizeof p, dir, "serial"), &serial_len);
        assert_true(serial_len > 10000);
        static const size_t jobs[] = {2, 3, 8, 40};
        for (size_t j = 0; j < sizeof jobs / sizeof *jobs; j++) {
            /* and with entity tables spilling to runs in every process */
            assert_int_equal(build_to(dir, jobs[j], formats[f], "parallel", j % 2 ? 300 : 0), want);
            size_t len;
            char *text = tu_read(tu_path(p, sizeof p, dir, "parallel"), &len);
            assert_int_equal(len, serial_len);
            assert_memory_equal(text, serial, len);
            free(text);
        }
        free(serial);
    }
}

static void skipped_inputs_counted(void **state)
{
    const char *dir = *state;
    make_inputs(dir);
    assert_int_equal(build_to(dir, 1, NK_FMT_NTRIPLES, "a.nt", 0), 1);
    assert_int_equal(build_to(dir, 4, NK_FMT_NTRIPLES, "b.nt", 0), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        TU_DIR_TEST(parallel_is_serial),
        TU_DIR_TEST(skipped_inputs_counted),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    tu_kb_free();
    return rc;
}
