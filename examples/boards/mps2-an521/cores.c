/* examples/boards/mps2-an521/cores.c - EXAMPLE board glue, not the library.
 *
 * Core 1 of the SSE-200 and what each core needs of its own:
 *  - release: under QEMU 7.2 core 1 starts powered off (CPUWAIT bit 1 set
 *    at reset); writing its initial Secure vector table address to
 *    INITSVTOR1 and then clearing CPUWAIT bit 1 resets it onto that table
 *    (checked under QEMU: docs/ports.md, "Multi-core");
 *  - its own vector table and main stack (the table in startup.c carries
 *    core 0's stack);
 *  - a fast core index for the port (co_cm_core_id(), called in every
 *    critical section and clock read): CPU_IDENTITY is a bus read (under
 *    QEMU a device access that takes the emulator's global lock, slowing
 *    both cores), so core 1 sets its stack limit register MSPLIM to the
 *    base of its stack at reset (a stack overflow then faults) and a core
 *    is core 1 iff MSPLIM holds that value: one register read;
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

__attribute__((used)) static uint64_t core1_stack[CORE1_STACK / 8u];
static void (*volatile core1_entry)(void);

static void core1_reset(void)
{
    __asm__ volatile("msr msplim, %0" : : "r"(core1_stack) : "memory");
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

uint32_t co_cm_core_id(void)
{
    uint32_t lim;
    __asm__ volatile("mrs %0, msplim" : "=r"(lim));
    return lim == (uint32_t)(uintptr_t)core1_stack;
}

/* ---- per-core thread pointer --------------------------------------------
 * ARM EABI TLS (variant 1): the thread pointer addresses an 8-byte control
 * block followed by the TLS segment; the linker resolves _Thread_local
 * variables to offsets from it. One zeroed block per core: the image may
 * hold .tbss only (no initialised .tdata), which mps2-an521.ld checks. */
#define TLS_BLOCK 64u
__attribute__((aligned(8), used)) static uint8_t tls_blocks[2][TLS_BLOCK];

/* Returns this core's block in r0 (core index as co_cm_core_id()) and, as
 * the EABI requires of it, changes no other register. */
__attribute__((naked)) void __aeabi_read_tp(void);
__attribute__((naked)) void __aeabi_read_tp(void)
{
    __asm__ volatile("push {r1}\n\t"
                     "mrs r0, msplim\n\t"
                     "ldr r1, =core1_stack\n\t"
                     "cmp r0, r1\n\t"
                     "ldr r0, =tls_blocks\n\t"
                     "it eq\n\t"
                     "addeq r0, r0, #64\n\t" /* TLS_BLOCK */
                     "pop {r1}\n\t"
                     "bx lr\n\t"
                     ".ltorg");
}
_Static_assert(TLS_BLOCK == 64u, "__aeabi_read_tp adds 64 for core 1");
