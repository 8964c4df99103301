/* test_inputs.c — the files a build reads: folders walked, hidden entries
 * skipped, paths sorted, broken links and loops reported by path. */
#include "testutil.h"

#include "inputs.h"

/* dir/name := a small text file. */
static void file(const char *dir, const char *name)
{
    char p[1024];
    tu_write(tu_path(p, sizeof p, dir, name), "Text.\n", 6);
}

static void folder(const char *dir, const char *name)
{
    char p[1024];
    assert_int_equal(mkdir(tu_path(p, sizeof p, dir, name), 0700), 0);
}

static void link_to(const char *dir, const char *name, const char *target)
{
    char p[1024];
    assert_int_equal(symlink(target, tu_path(p, sizeof p, dir, name)), 0);
}

/* Asserts that file i of in is dir/rel. */
static void assert_file(const nk_inputs *in, size_t i, const char *dir, const char *rel)
{
    char want[1024];
    tu_path(want, sizeof want, dir, rel);
    assert_true(i < in->files.len);
    assert_string_equal(in->files.items[i], want);
}

static void tree_sorted_hidden_skipped_errors_named(void **state)
{
    const char *dir = *state;
    file(dir, "b.txt");
    file(dir, "a.txt");
    folder(dir, "sub");
    file(dir, "sub/c.html");
    file(dir, "sub/.hidden.txt");
    folder(dir, ".git");
    file(dir, ".git/config.txt");
    file(dir, ".env");
    link_to(dir, "broken", "does-not-exist.txt");
    link_to(dir, "loop", "loop"); /* a link to itself */

    nk_inputs in = {0};
    nk_inputs_add(&in, dir);
    nk_inputs_sort(&in);
    assert_int_equal(in.files.len, 3);
    assert_file(&in, 0, dir, "a.txt");
    assert_file(&in, 1, dir, "b.txt");
    assert_file(&in, 2, dir, "sub/c.html");
    assert_int_equal(in.errors.len, 2);
    char want[1024];
    assert_string_equal(in.errors.items[0].path, tu_path(want, sizeof want, dir, "broken"));
    assert_non_null(strstr(in.errors.items[0].reason, "broken"));
    assert_string_equal(in.errors.items[1].path, tu_path(want, sizeof want, dir, "loop"));
    assert_non_null(strstr(in.errors.items[1].reason, "loop"));
    nk_inputs_free(&in);
}

static void folder_link_loop_reported(void **state)
{
    const char *dir = *state;
    folder(dir, "sub");
    file(dir, "sub/a.txt");
    link_to(dir, "sub/back", ".."); /* walking it would never end */
    nk_inputs in = {0};
    nk_inputs_add(&in, dir);
    nk_inputs_sort(&in);
    assert_int_equal(in.files.len, 1);
    assert_file(&in, 0, dir, "sub/a.txt");
    assert_int_equal(in.errors.len, 1);
    char want[1024];
    assert_string_equal(in.errors.items[0].path, tu_path(want, sizeof want, dir, "sub/back"));
    assert_non_null(strstr(in.errors.items[0].reason, "loop"));
    nk_inputs_free(&in);
}

static void files_given_directly(void **state)
{
    const char *dir = *state;
    char p[1024];
    file(dir, "z.txt");
    file(dir, ".hidden.txt");
    folder(dir, "f");
    file(dir, "f/y.txt");
    link_to(dir, "good-link.txt", "z.txt");
    nk_inputs in = {0};
    /* in argument order z, hidden (named explicitly, so read), link, folder with a slash */
    nk_inputs_add(&in, tu_path(p, sizeof p, dir, "z.txt"));
    nk_inputs_add(&in, tu_path(p, sizeof p, dir, ".hidden.txt"));
    nk_inputs_add(&in, tu_path(p, sizeof p, dir, "good-link.txt"));
    nk_inputs_add(&in, tu_path(p, sizeof p, dir, "f/"));
    nk_inputs_add(&in, tu_path(p, sizeof p, dir, "z.txt")); /* again */
    nk_inputs_add(&in, tu_path(p, sizeof p, dir, "missing.txt"));
    nk_inputs_sort(&in);
    assert_int_equal(in.files.len, 4);
    assert_file(&in, 0, dir, ".hidden.txt");
    assert_file(&in, 1, dir, "f/y.txt"); /* no doubled slash */
    assert_file(&in, 2, dir, "good-link.txt");
    assert_file(&in, 3, dir, "z.txt");
    assert_int_equal(in.errors.len, 1);
    assert_string_equal(in.errors.items[0].path, tu_path(p, sizeof p, dir, "missing.txt"));
    assert_non_null(strstr(in.errors.items[0].reason, "No such file"));
    nk_inputs_free(&in);
}

static void same_folder_given_twice(void **state)
{
    const char *dir = *state;
    char p[1024];
    folder(dir, "corpus");
    folder(dir, "corpus/sub");
    file(dir, "corpus/a.txt");
    file(dir, "corpus/sub/b.txt");
    nk_inputs in = {0};
    /* `newskg build corpus/ corpus/sub/`: overlapping arguments, no loop */
    nk_inputs_add(&in, tu_path(p, sizeof p, dir, "corpus"));
    nk_inputs_add(&in, tu_path(p, sizeof p, dir, "corpus/sub"));
    nk_inputs_sort(&in);
    assert_int_equal(in.files.len, 2);
    assert_file(&in, 0, dir, "corpus/a.txt");
    assert_file(&in, 1, dir, "corpus/sub/b.txt");
    size_t errors = in.errors.len;
    nk_inputs_free(&in);
    if (errors != 0) {
        fail();
    }
}

static void sort_orders_by_bytes_and_drops_duplicates(void **state)
{
    (void)state;
    nk_inputs in = {0};
    const char *paths[] = {"c/b.txt", "c/a.txt", "B.txt", "a-b.txt", "a/x.txt", "c/a.txt"};
    for (size_t i = 0; i < 6; i++)
        NK_PUSH(in.files, nk_strdup(paths[i]));
    NK_PUSH(in.errors, ((nk_input_error){nk_strdup("z"), nk_strdup("reason z")}));
    NK_PUSH(in.errors, ((nk_input_error){nk_strdup("y"), nk_strdup("reason y")}));
    nk_inputs_sort(&in);
    assert_string_equal(in.errors.items[0].path, "y");
    assert_string_equal(in.errors.items[1].reason, "reason z");
    assert_int_equal(in.files.len, 5);
    assert_string_equal(in.files.items[0], "B.txt");
    assert_string_equal(in.files.items[1], "a-b.txt");
    assert_string_equal(in.files.items[2], "a/x.txt");
    assert_string_equal(in.files.items[3], "c/a.txt");
    assert_string_equal(in.files.items[4], "c/b.txt");
    nk_inputs_free(&in);
}

static void sort_of_nothing(void **state)
{
    (void)state;
    nk_inputs in = {0};
    nk_inputs_sort(&in);
    assert_int_equal(in.files.len, 0);
    assert_int_equal(in.errors.len, 0);
    nk_inputs_free(&in);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        TU_DIR_TEST(tree_sorted_hidden_skipped_errors_named),
        TU_DIR_TEST(folder_link_loop_reported),
        TU_DIR_TEST(files_given_directly),
        TU_DIR_TEST(same_folder_given_twice),
        cmocka_unit_test(sort_orders_by_bytes_and_drops_duplicates),
        cmocka_unit_test(sort_of_nothing),
    };
    return cmocka_run_group_tests_name("inputs", tests, NULL, NULL);
}
