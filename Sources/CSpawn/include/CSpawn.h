#ifndef CHAOS_CSPAWN_H
#define CHAOS_CSPAWN_H
#include <spawn.h>

/* glibc's posix_spawn_file_actions_addclosefrom_np needs _GNU_SOURCE, which Swift's Glibc module does not
   define: close every descriptor from `lowest` up in the spawned child. */
int chaos_spawn_add_closefrom(posix_spawn_file_actions_t *actions, int lowest);

/* glibc's posix_spawn_file_actions_addchdir_np (also _GNU_SOURCE): the child changes to `path` before exec. */
int chaos_spawn_add_chdir(posix_spawn_file_actions_t *actions, const char *path);

/* Line-buffer standard output, so progress lines reach a pipe or CI log as they are printed (Swift 6 cannot
   name C's `stdout` global from Swift code). */
void chaos_line_buffer_stdout(void);
#endif
