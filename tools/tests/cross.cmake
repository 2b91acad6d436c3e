# Cortex-M and RISC-V inputs for the analyser, built with the cross
# compilers when installed (scripts/deps.sh cross): the decoders' tests and
# seeds for the fuzz run.
find_program(COSTACK_ARM_GCC arm-none-eabi-gcc)
find_program(COSTACK_RV_GCC riscv64-unknown-elf-gcc)
set(COSTACK_AN_CROSS_ELFS)
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
endif()
