# costack_check(<target> [ANNOTATIONS file] [NO_LIBRARY_ANNOTATIONS] [ARGS extra-args...])
#
# After <target> (an executable ELF) is linked, runs costack-size on it:
# prints each task's buffer bound and chain, and fails the build with a
# GCC-style diagnostic ("file:line: error: task 'x' needs N bytes, buffer
# is M (chain: ...)") when a task's buffer is too small. The check re-runs
# on every build until it passes (it writes a stamp only on success).
#
# Annotations: cmake/costack-lib.ann (the library's own indirect calls)
# plus ANNOTATIONS, merged into <build>/<target>.costack.ann.
#
# The tool: the costack-size target when it is part of this build, else
# COSTACK_SIZE_EXECUTABLE (cache), else costack-size on the PATH.
set(_COSTACK_CHECK_DIR ${CMAKE_CURRENT_LIST_DIR})
function(costack_check target)
  cmake_parse_arguments(CC "NO_LIBRARY_ANNOTATIONS" "ANNOTATIONS" "ARGS" ${ARGN})
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
  set(sources)
  if(NOT CC_NO_LIBRARY_ANNOTATIONS)
    list(APPEND sources ${_COSTACK_CHECK_DIR}/costack-lib.ann)
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
    file(WRITE ${merged} "${text}")
    list(APPEND args --annotations ${merged})
    list(APPEND tool_dep ${merged})
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
