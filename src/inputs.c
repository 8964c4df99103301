/* inputs.c — see inputs.h. */
#include "inputs.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void add_error(nk_inputs *in, const char *path, const char *reason)
{
    nk_input_error e = {nk_strdup(path), nk_strdup(reason)};
    NK_PUSH(in->errors, e);
}

/* Is real one of the folders being walked right now (a link back up)? */
static bool on_path(const nk_inputs *in, const char *real)
{
    for (size_t i = 0; i < in->walking.len; i++)
        if (strcmp(in->walking.items[i], real) == 0)
            return true;
    return false;
}

/* Was real read already, from another argument or another link? */
static bool seen(nk_inputs *in, const char *real)
{
    for (size_t i = 0; i < in->seen_dirs.len; i++)
        if (strcmp(in->seen_dirs.items[i], real) == 0)
            return true;
    NK_PUSH(in->seen_dirs, nk_strdup(real));
    return false;
}

static void walk(nk_inputs *in, const char *path, int depth)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        struct stat lst;
        if (lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode))
            add_error(in, path, errno == ELOOP ? "symbolic link loop" : "broken symbolic link");
        else
            add_error(in, path, strerror(errno));
        return;
    }
    if (S_ISREG(st.st_mode)) {
        NK_PUSH(in->files, nk_strdup(path));
        return;
    }
    if (!S_ISDIR(st.st_mode)) {
        add_error(in, path, "not a regular file or folder");
        return;
    }
    char real[PATH_MAX];
    if (!realpath(path, real)) {
        add_error(in, path, strerror(errno));
        return;
    }
    if (on_path(in, real)) {
        add_error(in, path, "symbolic link loop");
        return;
    }
    if (depth > 1024) {
        add_error(in, path, "folders nested more than 1024 deep");
        return;
    }
    if (seen(in, real))
        return; /* the same folder named twice is read once */
    DIR *d = opendir(path);
    if (!d) {
        add_error(in, path, strerror(errno));
        return;
    }
    NK_PUSH(in->walking, nk_strdup(real));
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        nk_buf child = {0};
        size_t n = strlen(path);
        nk_buf_adds(&child, path);
        if (n && path[n - 1] != '/')
            nk_buf_addc(&child, '/');
        nk_buf_adds(&child, e->d_name);
        walk(in, child.data, depth + 1);
        nk_buf_free(&child);
    }
    closedir(d);
    free(in->walking.items[--in->walking.len]);
}

void nk_inputs_add(nk_inputs *in, const char *path) { walk(in, path, 0); }

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static int cmp_err(const void *a, const void *b)
{
    return strcmp(((const nk_input_error *)a)->path, ((const nk_input_error *)b)->path);
}

void nk_inputs_sort(nk_inputs *in)
{
    if (in->files.len)
        qsort(in->files.items, in->files.len, sizeof *in->files.items, cmp);
    size_t k = 0;
    for (size_t i = 0; i < in->files.len; i++) {
        if (k && strcmp(in->files.items[k - 1], in->files.items[i]) == 0)
            free(in->files.items[i]);
        else
            in->files.items[k++] = in->files.items[i];
    }
    in->files.len = k;
    if (in->errors.len)
        qsort(in->errors.items, in->errors.len, sizeof *in->errors.items, cmp_err);
}

void nk_inputs_free(nk_inputs *in)
{
    for (size_t i = 0; i < in->files.len; i++)
        free(in->files.items[i]);
    free(in->files.items);
    for (size_t i = 0; i < in->errors.len; i++) {
        free(in->errors.items[i].path);
        free(in->errors.items[i].reason);
    }
    free(in->errors.items);
    for (size_t i = 0; i < in->seen_dirs.len; i++)
        free(in->seen_dirs.items[i]);
    free(in->seen_dirs.items);
    free(in->walking.items);
}
