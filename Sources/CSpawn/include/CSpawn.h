#ifndef CHAOS_CSPAWN_H
#define CHAOS_CSPAWN_H
#include <spawn.h>

/* glibc's posix_spawn_file_actions_addclosefrom_np needs _GNU_SOURCE, which Swift's Glibc module does not
   define: close every descriptor from `lowest` up in the spawned child. */
int chaos_spawn_add_closefrom(posix_spawn_file_actions_t *actions, int lowest);
#endif
