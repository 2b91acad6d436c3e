# costack_check(<target> [ANNOTATIONS file] [ARGS extra-args...])
#
# After <target> (an executable ELF) is linked, runs costack-size on it:
# prints each task's buffer bound and chain, and fails the build with a
# GCC-style diagnostic ("file:line: error: task 'x' needs N bytes, buffer
# is M (chain: ...)") when a task's buffer is too small. The check re-runs
# on every build until it passes (it writes a stamp only on success).
#
# The tool: the costack-size target when it is part of this build, else
# COSTACK_SIZE_EXECUTABLE (cache), else costack-size on the PATH.
function(costack_check target)
  cmake_parse_arguments(CC "" "ANNOTATIONS" "ARGS" ${ARGN})
  if(TARGET costack-size)
    set(tool $<TARGET_FILE:costack-size>)
    set(tool_dep costack-size)
  else()
    if(NOT COSTACK_SIZE_EXECUTABLE)
      find_program(COSTACK_SIZE_EXECUTABLE costack-size)
    endif()
    if(NOT COSTACK_SIZE_EXECUTABLE)
      message(FATAL_ERROR "costack_check(${target}): costack-size not found; "
                          "set COSTACK_SIZE_EXECUTABLE")
    endif()
    set(tool ${COSTACK_SIZE_EXECUTABLE})
    set(tool_dep ${COSTACK_SIZE_EXECUTABLE})
  endif()
  set(args ${CC_ARGS})
  if(CC_ANNOTATIONS)
    get_filename_component(ann ${CC_ANNOTATIONS} ABSOLUTE)
    list(APPEND args --annotations ${ann})
    list(APPEND tool_dep ${ann})
  endif()
  set(stamp ${CMAKE_CURRENT_BINARY_DIR}/${target}.costack-check.stamp)
  add_custom_command(OUTPUT ${stamp}
    COMMAND ${tool} ${args} $<TARGET_FILE:${target}>
    COMMAND ${CMAKE_COMMAND} -E touch ${stamp}
    DEPENDS ${target} ${tool_dep}
    COMMENT "costack-size: checking task buffers of ${target}"
    VERBATIM)
  add_custom_target(${target}_costack_check ALL DEPENDS ${stamp})
endfunction()
