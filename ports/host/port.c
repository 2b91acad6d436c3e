/* ports/host/port.c - POSIX host port: clock and contract report. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "costack/port.h"

co_time co_port_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    uint64_t ns = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
    return ns / (1000000000u / CO_CONFIG_TICK_HZ);
}

void co_port_contract_failed(int id, const char *text)
{
    fprintf(stderr, "costack: contract %d violated: %s\n", id, text ? text : "");
    abort();
}
