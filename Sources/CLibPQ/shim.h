#ifndef CHAOS_CLIBPQ_SHIM_H
#define CHAOS_CLIBPQ_SHIM_H
#include <libpq-fe.h>
#endif
