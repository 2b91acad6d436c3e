# Cross toolchain: riscv64-unknown-elf-gcc + picolibc, bare metal, 32-bit.
#   cmake -DCMAKE_TOOLCHAIN_FILE=cmake/toolchain-riscv64-unknown-elf.cmake ...
# COSTACK_RISCV_ARCH / COSTACK_RISCV_ABI pick the multilib (default
# rv32imac / ilp32: machine mode on QEMU "virt"). Linking an image needs a
# startup file and linker script: see examples/boards/riscv-virt/.
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR riscv32)

set(COSTACK_RISCV_ARCH "rv32imac" CACHE STRING "-march")
set(COSTACK_RISCV_ABI "ilp32" CACHE STRING "-mabi")
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES COSTACK_RISCV_ARCH COSTACK_RISCV_ABI)

set(CMAKE_C_COMPILER riscv64-unknown-elf-gcc)
set(CMAKE_ASM_COMPILER riscv64-unknown-elf-gcc)
set(CMAKE_AR riscv64-unknown-elf-ar)
set(CMAKE_RANLIB riscv64-unknown-elf-ranlib)
set(CMAKE_OBJCOPY riscv64-unknown-elf-objcopy)
set(CMAKE_SIZE riscv64-unknown-elf-size)
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

# picolibc's headers and multilibs come with its specs file.
# (The link line repeats the C flags: the specs file must appear once.)
set(_co_arch "-march=${COSTACK_RISCV_ARCH} -mabi=${COSTACK_RISCV_ABI} -mcmodel=medany")
set(CMAKE_C_FLAGS_INIT "${_co_arch} --specs=picolibc.specs -ffunction-sections -fdata-sections")
set(CMAKE_ASM_FLAGS_INIT "${_co_arch}")
set(CMAKE_EXE_LINKER_FLAGS_INIT "-Wl,--gc-sections")

set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
