# Cross toolchain: GNU Arm Embedded (arm-none-eabi-gcc + newlib), bare metal.
#   cmake -DCMAKE_TOOLCHAIN_FILE=cmake/toolchain-arm-none-eabi.cmake \
#         -DCOSTACK_CPU=cortex-m4 ...
# COSTACK_CPU picks the core and its ABI: cortex-m0 (ARMv6-M), cortex-m3
# (ARMv7-M), cortex-m4 (ARMv7E-M, single-precision FPU, hard-float ABI),
# cortex-m33 (ARMv8-M mainline, no FPU used). Linking an image needs a
# startup file and linker script: see examples/boards/.
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR arm)

set(COSTACK_CPU "cortex-m4" CACHE STRING "cortex-m0, cortex-m3, cortex-m4, cortex-m33")
# try_compile projects re-read this file: hand the choice down to them.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES COSTACK_CPU)

set(CMAKE_C_COMPILER arm-none-eabi-gcc)
set(CMAKE_ASM_COMPILER arm-none-eabi-gcc)
set(CMAKE_AR arm-none-eabi-ar)
set(CMAKE_RANLIB arm-none-eabi-ranlib)
set(CMAKE_OBJCOPY arm-none-eabi-objcopy)
set(CMAKE_SIZE arm-none-eabi-size)
# No OS to run a test executable on: probe with static libraries.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

if(COSTACK_CPU STREQUAL "cortex-m0")
  set(_co_arch "-mcpu=cortex-m0 -mthumb -mfloat-abi=soft")
elseif(COSTACK_CPU STREQUAL "cortex-m3")
  set(_co_arch "-mcpu=cortex-m3 -mthumb -mfloat-abi=soft")
elseif(COSTACK_CPU STREQUAL "cortex-m4")
  set(_co_arch "-mcpu=cortex-m4 -mthumb -mfpu=fpv4-sp-d16 -mfloat-abi=hard")
elseif(COSTACK_CPU STREQUAL "cortex-m33")
  set(_co_arch "-mcpu=cortex-m33+nofp -mthumb -mfloat-abi=soft")
else()
  message(FATAL_ERROR "COSTACK_CPU=${COSTACK_CPU}: expected cortex-m0, cortex-m3, cortex-m4 or cortex-m33")
endif()

set(CMAKE_C_FLAGS_INIT "${_co_arch} -ffunction-sections -fdata-sections")
set(CMAKE_ASM_FLAGS_INIT "${_co_arch}")
set(CMAKE_EXE_LINKER_FLAGS_INIT "${_co_arch} -Wl,--gc-sections")

set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
