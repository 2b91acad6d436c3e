# examples/boards/boards.cmake - EXAMPLE board glue for QEMU targets.
#
# include() it from a cross project configured with one of the toolchain
# files in cmake/ and -DCOSTACK_BOARD=<board>:
#   board        core (COSTACK_CPU)  QEMU machine   port
#   mps2-an385   cortex-m3           mps2-an385     cortex-m
#   mps2-an386   cortex-m4 (FPU)     mps2-an386     cortex-m
#   mps2-an505   cortex-m33          mps2-an505     cortex-m
#   mps2-an521   cortex-m33 (x2)     mps2-an521     cortex-m
#   microbit     cortex-m0           microbit       cortex-m
#   riscv-virt   rv32imac            virt (riscv32) riscv
# It sets COSTACK_PORT (before the library is added) and defines
# costack_board_executable(target sources...) which links an image with the
# board's startup, linker script and drivers.
set(COSTACK_BOARD "mps2-an386" CACHE STRING "Example board (see examples/boards/boards.cmake)")
set(COSTACK_BOARDS_DIR ${CMAKE_CURRENT_LIST_DIR})
# The Cortex-M port's time base on the MPS2 boards: systick (the port's
# default) or cmsdk (mps2/timebase.c: CMSDK TIMER1 as the clock, TIMER0 as
# the alarm, supplied by the application; SysTick stays untouched).
set(COSTACK_BOARD_TIMEBASE "systick" CACHE STRING "MPS2 boards: systick or cmsdk")
if(NOT COSTACK_BOARD_TIMEBASE MATCHES "^(systick|cmsdk)$")
  message(FATAL_ERROR "COSTACK_BOARD_TIMEBASE=${COSTACK_BOARD_TIMEBASE}: systick or cmsdk")
endif()
if(COSTACK_BOARD_TIMEBASE STREQUAL "cmsdk" AND NOT COSTACK_BOARD MATCHES "^mps2-")
  message(FATAL_ERROR "COSTACK_BOARD_TIMEBASE=cmsdk needs an mps2 board")
endif()
get_filename_component(_co_root ${CMAKE_CURRENT_LIST_DIR}/../.. ABSOLUTE)

set(_co_cm ${COSTACK_BOARDS_DIR}/cortex-m)
if(COSTACK_BOARD MATCHES "^mps2-an(385|386|505)$")
  set(_co_want_cpu cortex-m3)
  if(COSTACK_BOARD STREQUAL "mps2-an386")
    set(_co_want_cpu cortex-m4)
  elseif(COSTACK_BOARD STREQUAL "mps2-an505")
    set(_co_want_cpu cortex-m33)
  endif()
  string(TOUPPER "BOARD_${COSTACK_BOARD}" _co_def)
  string(REPLACE "-" "_" _co_def ${_co_def})
  set(COSTACK_BOARD_PORT cortex-m)
  set(COSTACK_BOARD_SOURCES ${_co_cm}/startup.c ${_co_cm}/board_common.c ${COSTACK_BOARDS_DIR}/mps2/board.c)
  set(COSTACK_BOARD_DEFS ${_co_def})
  if(COSTACK_BOARD_TIMEBASE STREQUAL "cmsdk")
    list(APPEND COSTACK_BOARD_SOURCES ${COSTACK_BOARDS_DIR}/mps2/timebase.c)
    list(APPEND COSTACK_BOARD_DEFS BOARD_CMSDK_TIMEBASE)
  endif()
  set(_co_ld ${COSTACK_BOARDS_DIR}/mps2/mps2-an385.ld)
  if(COSTACK_BOARD STREQUAL "mps2-an505")
    set(_co_ld ${COSTACK_BOARDS_DIR}/mps2/mps2-an505.ld)
  endif()
elseif(COSTACK_BOARD STREQUAL "mps2-an521")
  # Two Cortex-M33 cores, one image: build costack with CO_CM_CORES=2 (and
  # CO_CONFIG_THREADS=1 for a per-core co_current()); see docs/ports.md.
  set(_co_want_cpu cortex-m33)
  set(COSTACK_BOARD_PORT cortex-m)
  set(COSTACK_BOARD_SOURCES ${_co_cm}/startup.c ${_co_cm}/board_common.c
    ${COSTACK_BOARDS_DIR}/mps2-an521/board.c ${COSTACK_BOARDS_DIR}/mps2-an521/cores.c)
  set(COSTACK_BOARD_DEFS BOARD_MPS2_AN521)
  set(_co_ld ${COSTACK_BOARDS_DIR}/mps2-an521/mps2-an521.ld)
elseif(COSTACK_BOARD STREQUAL "microbit")
  set(_co_want_cpu cortex-m0)
  set(COSTACK_BOARD_PORT cortex-m)
  set(COSTACK_BOARD_SOURCES ${_co_cm}/startup.c ${_co_cm}/board_common.c ${COSTACK_BOARDS_DIR}/microbit/board.c)
  set(COSTACK_BOARD_DEFS BOARD_MICROBIT)
  set(_co_ld ${COSTACK_BOARDS_DIR}/microbit/microbit.ld)
elseif(COSTACK_BOARD STREQUAL "riscv-virt")
  set(_co_want_cpu "")
  set(COSTACK_BOARD_PORT riscv)
  set(COSTACK_BOARD_SOURCES ${COSTACK_BOARDS_DIR}/riscv-virt/startup.S
    ${COSTACK_BOARDS_DIR}/riscv-virt/board.c)
  set(COSTACK_BOARD_DEFS BOARD_RISCV_VIRT)
  set(_co_ld ${COSTACK_BOARDS_DIR}/riscv-virt/virt.ld)
else()
  message(FATAL_ERROR "COSTACK_BOARD=${COSTACK_BOARD}: unknown board")
endif()
if(_co_want_cpu AND NOT COSTACK_CPU STREQUAL _co_want_cpu)
  message(FATAL_ERROR "board ${COSTACK_BOARD} needs -DCOSTACK_CPU=${_co_want_cpu} (got '${COSTACK_CPU}')")
endif()
set(COSTACK_PORT ${COSTACK_BOARD_PORT} CACHE STRING "Port: host, cortex-m, riscv, none" FORCE)
set(COSTACK_BOARD_INCLUDES ${COSTACK_BOARDS_DIR} ${_co_root}/ports/${COSTACK_BOARD_PORT})

# costack_board_executable(target sources...): an image for COSTACK_BOARD
# linked with the costack library (target "costack"), board glue and libc
# (Cortex-M: newlib with rdimon semihosting; RISC-V: picolibc).
function(costack_board_executable target)
  add_executable(${target} ${ARGN} ${COSTACK_BOARD_SOURCES})
  target_include_directories(${target} PRIVATE ${COSTACK_BOARD_INCLUDES})
  target_compile_definitions(${target} PRIVATE ${COSTACK_BOARD_DEFS})
  target_link_libraries(${target} PRIVATE costack)
  if(COSTACK_BOARD_PORT STREQUAL "cortex-m")
    target_link_options(${target} PRIVATE -nostartfiles --specs=rdimon.specs
      -L${_co_cm} -T${_co_ld} -Wl,-Map=$<TARGET_FILE:${target}>.map)
  else()
    target_link_options(${target} PRIVATE -nostartfiles -T${_co_ld} -Wl,--no-warn-rwx-segments
      -Wl,-Map=$<TARGET_FILE:${target}>.map)
  endif()
  set_target_properties(${target} PROPERTIES SUFFIX .elf LINK_DEPENDS ${_co_ld})
endfunction()
