# Cortex-M and RISC-V inputs for the analyser, built with the cross
# compilers when installed (scripts/deps.sh cross): the decoders' tests and
# seeds for the fuzz run.
find_program(COSTACK_ARM_GCC arm-none-eabi-gcc)
find_program(COSTACK_RV_GCC riscv64-unknown-elf-gcc)
set(COSTACK_AN_CROSS_ELFS)
set(COSTACK_AN_ISR_TARGETS)
# Interrupt levels from the ports' records (CO_CM_ISR / CO_RV_ISR in C,
# isr_rec.c; frames from isr_rec.ann): the bound nests one entry frame plus
# the deepest handler per level, and a reserve (__StackTop - __StackLimit)
# 4 bytes short of it fails.
function(costack_an_isr_records name cc port want)
  set(flags ${ARGN})
  set(src ${CMAKE_CURRENT_SOURCE_DIR}/isr_rec.c)
  set(inc -I${PROJECT_SOURCE_DIR}/include -I${PROJECT_SOURCE_DIR}/ports/${port})
  set(top 0x20001000)
  math(EXPR fits "${top} - ${want}" OUTPUT_FORMAT HEXADECIMAL)
  math(EXPR short "${top} - ${want} + 4" OUTPUT_FORMAT HEXADECIMAL)
  foreach(v fits short)
    add_custom_command(OUTPUT ${CMAKE_CURRENT_BINARY_DIR}/${name}_${v}.elf
      COMMAND ${cc} ${flags} -O1 -ffreestanding -nostdlib -Wall -Wextra -Werror ${inc}
        -Wl,-e,main -Wl,--defsym=__StackTop=${top} -Wl,--defsym=__StackLimit=${${v}}
        ${src} -o ${CMAKE_CURRENT_BINARY_DIR}/${name}_${v}.elf
      DEPENDS ${src} VERBATIM)
  endforeach()
  add_custom_target(an_${name} DEPENDS ${CMAKE_CURRENT_BINARY_DIR}/${name}_fits.elf
    ${CMAKE_CURRENT_BINARY_DIR}/${name}_short.elf)
  set(COSTACK_AN_ISR_TARGETS ${COSTACK_AN_ISR_TARGETS} an_${name} PARENT_SCOPE)
  # main > deep > work 48; levels 0x40: Shared 56, 0x80: Spi 40 (Timer 24
  # on the same level does not nest), 0xFF: Shared 56 (one vector at two
  # levels counts at each): 200, plus one entry frame per level
  add_test(NAME analyser_${name} COMMAND ${check} isrs ${tool} ${CMAKE_CURRENT_BINARY_DIR}/${name}_fits.elf
    ${want} "Uart_Handler/64/40,Shared_Handler/64/56,Timer_Handler/128/24,Spi_Handler/128/40,Tick_Handler/255/40,Shared_Handler/255/56"
    --root main --annotations ${CMAKE_CURRENT_SOURCE_DIR}/isr_rec.ann)
  math(EXPR less "${want} - 4")
  add_test(NAME analyser_${name}_short COMMAND ${check} fail ${tool} ${CMAKE_CURRENT_BINARY_DIR}/${name}_short.elf
    "error: the running stack needs ${want} bytes \\(root main and the interrupt handlers\\), the linker script reserves ${less}"
    --root main --annotations ${CMAKE_CURRENT_SOURCE_DIR}/isr_rec.ann)
endfunction()
if(COSTACK_ARM_GCC)
  set(elf ${CMAKE_CURRENT_BINARY_DIR}/thumb_map.elf)
  add_custom_command(OUTPUT ${elf}
    COMMAND ${COSTACK_ARM_GCC} -mcpu=cortex-m3 -mthumb -nostdlib -Wl,-Ttext=0 -Wl,-e,main
      ${CMAKE_CURRENT_SOURCE_DIR}/thumb_map.S -o ${elf}
    DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/thumb_map.S VERBATIM)
  add_custom_target(an_thumb_map DEPENDS ${elf})
  list(APPEND COSTACK_AN_CROSS_ELFS ${elf})
  # frames from annotations; main > leaf > far = 108 + 20 + 0
  add_test(NAME analyser_thumb_mapping COMMAND ${check} stackis ${tool} ${elf} 128
    --root main --isr-frame 0 --annotations ${CMAKE_CURRENT_SOURCE_DIR}/thumb_map.ann)
  # item 9: the same frames from the Thumb code itself (push, sub sp)
  add_test(NAME analyser_thumb_prologue COMMAND ${check} stackis ${tool} ${elf} 128
    --root main --isr-frame 0)
  add_test(NAME analyser_thumb_literal_frame COMMAND ${check} stackis ${tool} ${elf} 1136
    --root bigroot --isr-frame 0)
  # item 10: interrupt handlers nested by level, checked against the
  # linker's reserve (__StackTop - __StackLimit = 256 bytes)
  set(isr ${CMAKE_CURRENT_BINARY_DIR}/thumb_isr.elf)
  add_custom_command(OUTPUT ${isr}
    COMMAND ${COSTACK_ARM_GCC} -mcpu=cortex-m3 -mthumb -nostdlib -Wl,-Ttext=0 -Wl,-e,main
      -Wl,--defsym=__StackTop=0x20001000 -Wl,--defsym=__StackLimit=0x20000F00
      ${CMAKE_CURRENT_SOURCE_DIR}/thumb_map.S -o ${isr}
    DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/thumb_map.S VERBATIM)
  add_custom_target(an_thumb_isr DEPENDS ${isr})
  add_test(NAME analyser_isr_fits COMMAND ${check} stackis ${tool} ${isr} 212
    --root main --annotations ${CMAKE_CURRENT_SOURCE_DIR}/isr.ann)
  add_test(NAME analyser_isr_overflow COMMAND ${check} fail ${tool} ${isr}
    "error: the running stack needs 212 bytes \\(root main and the interrupt handlers\\), the linker script reserves 200"
    --root main --annotations ${CMAKE_CURRENT_SOURCE_DIR}/isr_small.ann)
  # item 13: the per-function table and the call graph
  add_test(NAME analyser_views COMMAND ${check} views ${tool} ${elf} --root main --isr-frame 0)
  # 200 + 3 levels x 32-byte exception frames (8 words)
  costack_an_isr_records(isr_records_cm ${COSTACK_ARM_GCC} cortex-m 296 -mcpu=cortex-m3 -mthumb)
  # 200 + 3 x 104 (26 words: the FP context of a hard-float ELF)
  costack_an_isr_records(isr_records_cm_fp ${COSTACK_ARM_GCC} cortex-m 512 -mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16)
endif()
if(COSTACK_RV_GCC)
  set(elf ${CMAKE_CURRENT_BINARY_DIR}/rv_prologue.elf)
  add_custom_command(OUTPUT ${elf}
    COMMAND ${COSTACK_RV_GCC} -march=rv32imac -mabi=ilp32 -nostdlib -Wl,-e,main
      ${CMAKE_CURRENT_SOURCE_DIR}/rv_prologue.S -o ${elf}
    DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/rv_prologue.S VERBATIM)
  add_custom_target(an_rv_prologue DEPENDS ${elf})
  list(APPEND COSTACK_AN_CROSS_ELFS ${elf})
  add_test(NAME analyser_rv_prologue COMMAND ${check} stackis ${tool} ${elf} 560 --root main)
  add_test(NAME analyser_rv_millicode COMMAND ${check} stackis ${tool} ${elf} 64 --root msave)
  add_test(NAME analyser_rv_dynamic COMMAND ${check} stackis ${tool} ${elf}
    "unknown:'grow' sets sp from a register at 0x[0-9a-f]+" --root dynroot)
  # 200: no hardware frame (the trap entry saves registers in its own frame)
  costack_an_isr_records(isr_records_rv ${COSTACK_RV_GCC} riscv 200 -march=rv32imac -mabi=ilp32)
endif()
