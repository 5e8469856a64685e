#define _GNU_SOURCE
#include <spawn.h>
#include <stdio.h>
#include "CSpawn.h"

int chaos_spawn_add_closefrom(posix_spawn_file_actions_t *actions, int lowest) {
    return posix_spawn_file_actions_addclosefrom_np(actions, lowest);
}

int chaos_spawn_add_chdir(posix_spawn_file_actions_t *actions, const char *path) {
    return posix_spawn_file_actions_addchdir_np(actions, path);
}

void chaos_line_buffer_stdout(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
}
