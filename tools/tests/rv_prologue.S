/* Issue 14 item 9: RV32 frames from the code itself (no .su data).
 * main: addi sp,-32 (32) > leaf: c.addi16sp -512 (512) > tiny: c.addi -16
 * (16): worst 560 from main. dynroot calls grow, which sets sp from a
 * register (an alloca): not bounded, reported with its address. msave
 * calls a -msave-restore style routine with "jal t0": its 16 bytes stay on
 * msave's frame below tiny: 16 + 32 + 16 = 64 from msave. */
    .option rvc
    .text
    .globl main
    .type main, @function
main:
    addi sp, sp, -32
    sw ra, 28(sp)
    call leaf
    lw ra, 28(sp)
    addi sp, sp, 32
    ret
    .size main, .-main

    .type leaf, @function
leaf:
    c.addi16sp sp, -512
    sw ra, 508(sp)
    call tiny
    lw ra, 508(sp)
    addi sp, sp, 512
    ret
    .size leaf, .-leaf

    .type tiny, @function
tiny:
    c.addi sp, -16
    c.addi sp, 16
    ret
    .size tiny, .-tiny

    .globl dynroot
    .type dynroot, @function
dynroot:
    addi sp, sp, -16
    sw ra, 12(sp)
    call grow
    lw ra, 12(sp)
    addi sp, sp, 16
    ret
    .size dynroot, .-dynroot

    .type grow, @function
grow:
    addi sp, sp, -16
    sw s0, 12(sp)
    addi s0, sp, 16
    sub sp, sp, a0
    addi sp, s0, -16
    lw s0, 12(sp)
    addi sp, sp, 16
    ret
    .size grow, .-grow

    .globl msave
    .type msave, @function
msave:
    jal t0, save16
    addi sp, sp, -32
    call tiny
    addi sp, sp, 48
    ret
    .size msave, .-msave

    .type save16, @function
save16:
    addi sp, sp, -16
    sw ra, 12(sp)
    jr t0
    .size save16, .-save16
