/* inputs.h — the files a build reads: files as given, folders walked
 * recursively (hidden entries skipped), sorted by path so the output does
 * not depend on argument or directory order.  Broken links, link loops and
 * unreadable folders become errors naming the path, never a stop. */
#ifndef NK_INPUTS_H
#define NK_INPUTS_H

#include "buf.h"

typedef struct {
    char *path;
    char *reason;
} nk_input_error;

typedef struct {
    NK_VEC(char *) files;
    NK_VEC(nk_input_error) errors;
    NK_VEC(char *) seen_dirs;  /* real paths of folders read, so each is read once */
    NK_VEC(char *) walking;    /* real paths of the folders being walked, against loops */
} nk_inputs;

void nk_inputs_add(nk_inputs *in, const char *path);
/* Sorts files by path and drops duplicates. */
void nk_inputs_sort(nk_inputs *in);
void nk_inputs_free(nk_inputs *in);

#endif
