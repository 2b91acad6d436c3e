# costack_check(<target> [RELAXED] [PROVE_STACK] [ANNOTATIONS file]
#               [NO_LIBRARY_ANNOTATIONS] [ARGS extra-args...])
#
# Defined for the consuming project by add_subdirectory(<costack>) and by
# find_package(costack): nothing else to include or set. After <target>
# (an executable ELF) links, runs the host analyser costack-size on it,
# prints each task's buffer bound and chain, and fails the build with a
# GCC-style diagnostic at the task's CO_TASK line
#   main.c:42: error: task 'sensor' needs 264 bytes, buffer is 256 (chain: ...)
# The check re-runs on every build until it passes (stamp on success only).
#
# Sound by default: --strict (an async function no task reaches is an
# error) and DWARF required (record sizes cross-checked against the
# compiler's struct sizes; costack_check adds -g to <target>, which does
# not change the code). RELAXED, or -DCOSTACK_CHECK_RELAXED=ON for every
# target, drops both: only the buffer bounds are checked.
#
# The running-stack bound (the native stack the tasks run on): <target> is
# compiled with -fstack-usage (GCC) or -fstack-size-section (Clang), and
# the .su files of <target> and of the library are passed. A figure that
# does not close (a libc function without size data, no data at all) is a
# warning; PROVE_STACK, or -DCOSTACK_CHECK_PROVE_STACK=ON, makes it an
# error.
#
# Annotations: the library's own (costack-lib.ann next to this file) plus
# ANNOTATIONS, merged into <build>/<target>.costack.ann.
#
# The analyser, first found of: the costack-size target of this build;
# COSTACK_SIZE_EXECUTABLE; costack-size next to an installed package or on
# the PATH; else it is built for the host from the costack sources (a
# checkout, or the copy an install keeps in share/costack/source) by an
# ExternalProject with the host compiler (COSTACK_HOST_C_COMPILER, default:
# CMake's choice). costack_host_tool() gives costack-trace the same way.
include_guard(GLOBAL)
set(_COSTACK_CHECK_DIR ${CMAKE_CURRENT_LIST_DIR} CACHE INTERNAL "")
if(NOT COSTACK_TOOLS_SOURCE_DIR)
  # A checkout: this file is <costack>/cmake/CostackCheck.cmake.
  get_filename_component(_co_src ${CMAKE_CURRENT_LIST_DIR}/.. ABSOLUTE)
  if(EXISTS ${_co_src}/tools/costack-size/main.c)
    set(COSTACK_TOOLS_SOURCE_DIR ${_co_src} CACHE INTERNAL "costack sources for the host tools")
  endif()
endif()

option(COSTACK_CHECK_RELAXED "costack_check(): no --strict, no DWARF requirement" OFF)
option(COSTACK_CHECK_PROVE_STACK "costack_check(): an unbounded running stack is an error" OFF)
set(COSTACK_HOST_C_COMPILER "" CACHE STRING "Host C compiler for the costack tools (empty: CMake's default)")

# costack_host_tool(<var> costack-size|costack-trace): sets <var> to the
# tool's path and <var>_DEPENDS to what a custom command must depend on.
function(costack_host_tool var name)
  string(TOUPPER ${name} up)
  string(REPLACE "-" "_" up ${up})
  if(TARGET ${name})
    set(${var} $<TARGET_FILE:${name}> PARENT_SCOPE)
    set(${var}_DEPENDS ${name} PARENT_SCOPE)
    return()
  endif()
  if(NOT ${up}_EXECUTABLE)
    find_program(${up}_EXECUTABLE ${name} HINTS ${COSTACK_TOOLS_HINTS}
      DOC "costack host tool ${name}")
  endif()
  if(${up}_EXECUTABLE)
    set(${var} ${${up}_EXECUTABLE} PARENT_SCOPE)
    set(${var}_DEPENDS ${${up}_EXECUTABLE} PARENT_SCOPE)
    return()
  endif()
  if(NOT COSTACK_TOOLS_SOURCE_DIR OR NOT EXISTS ${COSTACK_TOOLS_SOURCE_DIR}/CMakeLists.txt)
    message(FATAL_ERROR "costack: ${name} not found and no costack sources to build it from; "
                        "set ${up}_EXECUTABLE or put ${name} on the PATH")
  endif()
  set(prefix ${CMAKE_BINARY_DIR}/costack-host-tools)
  if(NOT TARGET costack_host_tools)
    include(ExternalProject)
    set(cc_arg)
    if(COSTACK_HOST_C_COMPILER)
      set(cc_arg -DCMAKE_C_COMPILER=${COSTACK_HOST_C_COMPILER})
    endif()
    # A host build of the same sources (library, costack-size, costack-trace):
    # no toolchain file, the host compiler, installed into the build tree.
    ExternalProject_Add(costack_host_tools
      SOURCE_DIR ${COSTACK_TOOLS_SOURCE_DIR}
      BINARY_DIR ${prefix}/build
      INSTALL_DIR ${prefix}
      STAMP_DIR ${prefix}/stamp
      TMP_DIR ${prefix}/tmp
      CMAKE_ARGS -DCMAKE_BUILD_TYPE=Release -DCOSTACK_BUILD_TESTS=OFF
        -DCOSTACK_BUILD_EXAMPLES=OFF -DCOSTACK_BUILD_TOOLS=ON -DCOSTACK_WERROR=OFF
        -DCMAKE_INSTALL_PREFIX=<INSTALL_DIR> ${cc_arg}
      BUILD_COMMAND ${CMAKE_COMMAND} --build <BINARY_DIR> --target costack-size costack-trace
      INSTALL_COMMAND ${CMAKE_COMMAND} --install <BINARY_DIR> --component costack_tools
      BUILD_ALWAYS ON
      BUILD_BYPRODUCTS ${prefix}/bin/costack-size ${prefix}/bin/costack-trace
      USES_TERMINAL_BUILD ON)
  endif()
  set(${var} ${prefix}/bin/${name} PARENT_SCOPE)
  set(${var}_DEPENDS costack_host_tools PARENT_SCOPE)
endfunction()

function(costack_check target)
  cmake_parse_arguments(CC "NO_LIBRARY_ANNOTATIONS;RELAXED;PROVE_STACK" "ANNOTATIONS" "ARGS" ${ARGN})
  costack_host_tool(tool costack-size)
  set(args)
  set(deps ${tool_DEPENDS})
  if(NOT CC_NO_LIBRARY_ANNOTATIONS)
    set(sources ${_COSTACK_CHECK_DIR}/costack-lib.ann)
  endif()
  if(CC_ANNOTATIONS)
    get_filename_component(ann ${CC_ANNOTATIONS} ABSOLUTE)
    list(APPEND sources ${ann})
  endif()
  if(sources)
    set(merged ${CMAKE_CURRENT_BINARY_DIR}/${target}.costack.ann)
    set(text "")
    foreach(src ${sources})
      file(READ ${src} part)
      string(APPEND text "!required\n# from ${src}\n${part}\n")
      set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${src})
    endforeach()
    set(old "")
    if(EXISTS ${merged})
      file(READ ${merged} old)
    endif()
    if(NOT old STREQUAL text)
      file(WRITE ${merged} "${text}")
    endif()
    list(APPEND args --annotations ${merged})
    list(APPEND deps ${merged})
  endif()

  # Stack sizes of the target's functions and of the library's.
  if(CMAKE_C_COMPILER_ID STREQUAL "GNU")
    target_compile_options(${target} PRIVATE -fstack-usage)
    list(APPEND args --su ${CMAKE_CURRENT_BINARY_DIR}/CMakeFiles/${target}.dir)
  elseif(CMAKE_C_COMPILER_ID MATCHES "Clang")
    target_compile_options(${target} PRIVATE -fstack-size-section)
  endif()
  if(TARGET costack AND CMAKE_C_COMPILER_ID STREQUAL "GNU")      # add_subdirectory
    get_target_property(lib_bin costack BINARY_DIR)
    list(APPEND args --su ${lib_bin}/CMakeFiles/costack.dir)
  elseif(COSTACK_STACK_USAGE_DIR AND EXISTS ${COSTACK_STACK_USAGE_DIR}) # find_package
    list(APPEND args --su ${COSTACK_STACK_USAGE_DIR})
  endif()

  set(relaxed OFF)
  if(CC_RELAXED OR COSTACK_CHECK_RELAXED)
    set(relaxed ON)
  else()
    target_compile_options(${target} PRIVATE $<$<C_COMPILER_ID:GNU,Clang>:-g>)
  endif()
  set(prove OFF)
  if(CC_PROVE_STACK OR COSTACK_CHECK_PROVE_STACK)
    set(prove ON)
  endif()
  list(APPEND args ${CC_ARGS})

  # The arguments, one per line (generator expressions allowed in ARGS).
  string(REPLACE ";" "\n" arg_lines "${args}")
  set(argfile ${CMAKE_CURRENT_BINARY_DIR}/${target}.costack-args)
  file(GENERATE OUTPUT ${argfile} CONTENT "${arg_lines}\n")
  set(stamp ${CMAKE_CURRENT_BINARY_DIR}/${target}.costack-check.stamp)
  add_custom_command(OUTPUT ${stamp}
    COMMAND ${CMAKE_COMMAND} -DTOOL=${tool} -DELF=$<TARGET_FILE:${target}> -DARGFILE=${argfile}
      -DRELAXED=${relaxed} -DPROVE_STACK=${prove} -DSTAMP=${stamp}
      -P ${_COSTACK_CHECK_DIR}/CostackRunCheck.cmake
    DEPENDS ${target} ${deps} ${argfile} ${_COSTACK_CHECK_DIR}/CostackRunCheck.cmake
    COMMENT "costack-size: checking task buffers of ${target}"
    VERBATIM)
  add_custom_target(${target}_costack_check ALL DEPENDS ${stamp})
endfunction()
