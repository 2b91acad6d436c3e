/* examples/boards/riscv-virt/startup.S - EXAMPLE board glue, not the
 * library. Machine-mode entry for QEMU "virt" (-bios none): stack, global
 * pointer, trap vector, then board_start() in C. The trap entry saves the
 * caller-saved registers and calls board_trap(mcause, mepc). */
    .option arch, +zicsr
    .section .text.start, "ax"
    .globl _start
_start:
    .option push
    .option norelax
    la gp, __global_pointer$
    .option pop
    la sp, __stack_top
    la t0, trap_entry
    csrw mtvec, t0
    call board_start
1:  wfi
    j 1b

#if __riscv_xlen == 64
#define STORE sd
#define LOAD ld
#define WORD 8
#else
#define STORE sw
#define LOAD lw
#define WORD 4
#endif

    .section .text.trap, "ax"
    .balign 4
    .type trap_entry, @function /* a function symbol: costack-size sizes it */
trap_entry:
    addi sp, sp, -16 * WORD
    STORE ra, 0 * WORD(sp)
    STORE t0, 1 * WORD(sp)
    STORE t1, 2 * WORD(sp)
    STORE t2, 3 * WORD(sp)
    STORE a0, 4 * WORD(sp)
    STORE a1, 5 * WORD(sp)
    STORE a2, 6 * WORD(sp)
    STORE a3, 7 * WORD(sp)
    STORE a4, 8 * WORD(sp)
    STORE a5, 9 * WORD(sp)
    STORE a6, 10 * WORD(sp)
    STORE a7, 11 * WORD(sp)
    STORE t3, 12 * WORD(sp)
    STORE t4, 13 * WORD(sp)
    STORE t5, 14 * WORD(sp)
    STORE t6, 15 * WORD(sp)
    csrr a0, mcause
    csrr a1, mepc
    call board_trap
    LOAD ra, 0 * WORD(sp)
    LOAD t0, 1 * WORD(sp)
    LOAD t1, 2 * WORD(sp)
    LOAD t2, 3 * WORD(sp)
    LOAD a0, 4 * WORD(sp)
    LOAD a1, 5 * WORD(sp)
    LOAD a2, 6 * WORD(sp)
    LOAD a3, 7 * WORD(sp)
    LOAD a4, 8 * WORD(sp)
    LOAD a5, 9 * WORD(sp)
    LOAD a6, 10 * WORD(sp)
    LOAD a7, 11 * WORD(sp)
    LOAD t3, 12 * WORD(sp)
    LOAD t4, 13 * WORD(sp)
    LOAD t5, 14 * WORD(sp)
    LOAD t6, 15 * WORD(sp)
    addi sp, sp, 16 * WORD
    mret
    .size trap_entry, . - trap_entry
