/* examples/boards/cortex-m/board_common.c - EXAMPLE board glue shared by
 * every Cortex-M board: SysTick hand-off to the port, sleep counter, exit
 * and fault reports. */
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include "board.h"
#include "costack_cm.h"
#include "costack/config.h"

unsigned long board_heap_used(void)
{
    extern char end[]; /* where newlib-rdimon's _sbrk starts the heap */
    return (unsigned long)((char *)sbrk(0) - end);
}

void board_systick(void) { co_cm_systick_isr(); }

unsigned long board_sleep_count(void) { return co_cm_sleeps; }

unsigned long board_idle_overrun_us(void)
{
    return (unsigned long)(co_cm_idle_overrun * 1000000u / CO_CONFIG_TICK_HZ);
}

/* Semihosting SYS_EXIT_EXTENDED (0x20): QEMU exits with status. Direct,
 * not newlib-rdimon's _exit, which first probes the semihosting features
 * through a file (a 256-byte frame on every exit and fault path). */
static __attribute__((noreturn)) void semihost_exit(int status)
{
    static uint32_t block[2];
    block[0] = 0x20026u; /* ADP_Stopped_ApplicationExit */
    block[1] = (uint32_t)status;
    register uint32_t r0 __asm__("r0") = 0x20u;
    register uint32_t *r1 __asm__("r1") = block;
    __asm__ volatile("bkpt 0xab" : : "r"(r0), "r"(r1) : "memory");
    for (;;) { /* not reached under QEMU */
    }
}

void board_exit(int status)
{
    fflush(stdout);
    semihost_exit(status);
}

void board_console_write(const char *s, unsigned n)
{
    while (n) {
        int w = (int)write(1, s, n);
        if (w <= 0)
            return;
        s += w;
        n -= (unsigned)w;
    }
}

static void put(const char *s)
{
    unsigned n = 0;
    while (s[n])
        n++;
    board_console_write(s, n);
}

static void put_num(long v)
{
    char b[12], *p = b + sizeof b;
    unsigned long u = v < 0 ? 0ul - (unsigned long)v : (unsigned long)v;
    *--p = 0;
    do
        *--p = (char)('0' + u % 10u);
    while (u /= 10u);
    if (v < 0)
        *--p = '-';
    put(p);
}

/* No printf here: a fault report needs no heap and little stack (the
 * interrupt handlers' bound includes it). */
void board_fault(const char *what, uint32_t n)
{
    fflush(stdout); /* what printf buffered goes first */
    put("\n");
    put(board_name);
    put(": ");
    put(what);
    put(" ");
    put_num((long)n);
    put("\n");
    if (co_cm_contract_text) {
        put("last contract failure ");
        put_num(co_cm_contract_id);
        put(": ");
        put(co_cm_contract_text);
        put("\n");
    }
    board_exit(3);
}
