/* examples/boards/cortex-m/board_common.c - EXAMPLE board glue shared by
 * every Cortex-M board: SysTick hand-off to the port, sleep counter, exit
 * and fault reports. */
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include "board.h"
#include "costack_cm.h"
#include "costack/config.h"

void board_systick(void) { co_cm_systick_isr(); }

unsigned long board_sleep_count(void) { return co_cm_sleeps; }

unsigned long board_idle_overrun_us(void)
{
    return (unsigned long)(co_cm_idle_overrun * 1000000u / CO_CONFIG_TICK_HZ);
}

void board_exit(int status)
{
    fflush(stdout);
    _exit(status);
}

void board_fault(const char *what, uint32_t n)
{
    printf("\n%s: %s %lu\n", board_name, what, (unsigned long)n);
    if (co_cm_contract_text)
        printf("last contract failure %d: %s\n", co_cm_contract_id, co_cm_contract_text);
    board_exit(3);
}
