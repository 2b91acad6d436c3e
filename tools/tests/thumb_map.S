/* Issue 14 item 6: Thumb mapping symbols. Linked with .text at address 0
 * (flash at 0: mps2, nRF52, LPC) next to a non-loaded section whose own
 * $t/$d markers (address 0 + offset, like .costack.rec's) overlap main and
 * run past leaf, whose size is claimed larger than the section. Only the
 * mapping symbols of the section decoded may count: main's BL to leaf is
 * real (it follows a push and a sub), the literal pool after it is data. */
    .syntax unified
    .thumb
    .text
    .global main
    .type main, %function
    .thumb_func
main:
    push {r7, lr}
    sub sp, #100
    bl leaf
    ldr r0, =0x12345678
    add sp, #100
    pop {r7, pc}
    .ltorg
    .size main, .-main

    .type far, %function
    .thumb_func
far:
    bx lr
    .size far, .-far

    .type leaf, %function
    .thumb_func
leaf:
    push {r4, r5, r6, r7, lr}
    bl far
    pop {r4, r5, r6, r7, pc}
    .size leaf, 0x1000 /* claims more than the section holds */

    /* A Thumb-1 frame too big for "sub sp, #imm": the bytes come from a
     * literal (-1128) added to sp; the epilogue adds 141 << 3 back. */
    .global bigroot
    .type bigroot, %function
    .thumb_func
bigroot:
    push {r4, lr}
    ldr r3, .Lbig
    add sp, r3
    bl far
    movs r3, #141
    lsls r3, r3, #3
    add sp, r3
    pop {r4, pc}
    .p2align 2
.Lbig:
    .word -1128
    .size bigroot, .-bigroot

    .section .fake_rec, "", %progbits
    .thumb
    nop
    nop
    .word 1
    .thumb
    .rept 100
    nop
    .endr
    .word 2
