/* examples/boards/mps2-an521/cores.c - EXAMPLE board glue, not the library.
 *
 * Core 1 of the SSE-200 and what each core needs of its own:
 *  - release: under QEMU 7.2 core 1 starts powered off (CPUWAIT bit 1 set
 *    at reset); writing its initial Secure vector table address to
 *    INITSVTOR1 and then clearing CPUWAIT bit 1 resets it onto that table
 *    (checked under QEMU: docs/ports.md, "Multi-core");
 *  - its own vector table and main stack (the table in startup.c carries
 *    core 0's stack);
 *  - a thread pointer per core (__aeabi_read_tp), so C11 _Thread_local
 *    variables are per core: costack built with CO_CONFIG_THREADS=1 keeps
 *    co_current() per core that way (the mutex owner check relies on it).
 */
#include <stdint.h>

#include "board_an521.h"

#define REG(a) (*(volatile uint32_t *)(a))
#define SYSCTL 0x50021000u /* SSE-200 system control, Secure */
#define INITSVTOR1 REG(SYSCTL + 0x114u)
#define CPUWAIT REG(SYSCTL + 0x118u)

#define CORE1_STACK 8192u
#define IRQS 48

void board_core_init(void);
void Default_Handler(void);
void Irq_Handler(void);
void board_systick(void);
void board_pendsv(void);

static uint64_t core1_stack[CORE1_STACK / 8u];
static void (*volatile core1_entry)(void);

static void core1_reset(void)
{
    board_core_init();
    __asm__ volatile("cpsie i" ::: "memory");
    core1_entry();
    for (;;)
        __asm__ volatile("wfi");
}

/* VTOR needs the table aligned to its size rounded up to a power of two. */
typedef void (*vector)(void);
__attribute__((aligned(256), used)) static const vector core1_vectors[16 + IRQS] = {
    [0] = (vector)(uintptr_t)(core1_stack + CORE1_STACK / 8u),
    [1] = core1_reset,
    [2 ... 7] = Default_Handler, /* NMI, HardFault, MemManage, BusFault, UsageFault, SecureFault */
    [11] = Default_Handler,      /* SVCall */
    [12] = Default_Handler,      /* DebugMonitor */
    [14] = board_pendsv,
    [15] = board_systick,
    [16 ... 16 + IRQS - 1] = Irq_Handler,
};

void board_core1_start(void (*entry)(void))
{
    core1_entry = entry;
    INITSVTOR1 = (uint32_t)(uintptr_t)core1_vectors;
    __asm__ volatile("dsb" ::: "memory");
    CPUWAIT = CPUWAIT & ~2u;
}

/* ---- per-core thread pointer --------------------------------------------
 * ARM EABI TLS (variant 1): the thread pointer addresses an 8-byte control
 * block followed by the TLS segment; the linker resolves _Thread_local
 * variables to offsets from it. One zeroed block per core: the image may
 * hold .tbss only (no initialised .tdata), which mps2-an521.ld checks. */
#define TLS_BLOCK 64u
__attribute__((aligned(8), used)) static uint8_t tls_blocks[2][TLS_BLOCK];

/* Returns this core's block in r0 and, as the EABI requires of it, changes
 * no other register. */
__attribute__((naked)) void __aeabi_read_tp(void);
__attribute__((naked)) void __aeabi_read_tp(void)
{
    __asm__ volatile("push {r1}\n\t"
                     "ldr r0, =0x4001F000\n\t" /* CPU_IDENTITY */
                     "ldr r0, [r0]\n\t"
                     "lsls r0, r0, #6\n\t" /* * TLS_BLOCK */
                     "ldr r1, =tls_blocks\n\t"
                     "add r0, r0, r1\n\t"
                     "pop {r1}\n\t"
                     "bx lr\n\t"
                     ".ltorg");
}
_Static_assert(TLS_BLOCK == 1u << 6, "__aeabi_read_tp scales by 64");
