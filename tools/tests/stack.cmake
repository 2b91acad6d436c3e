# Running-stack bound vs a painted stack (x86-64 host, -mno-red-zone, the
# whole build compiled with -fstack-usage (GCC) or -fstack-size-section
# (Clang) by scripts/test.d/50-analyser.sh).
if(CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|AMD64" AND CMAKE_C_FLAGS MATCHES "mno-red-zone")
  add_executable(an_stack stackpaint.c)
  target_link_libraries(an_stack PRIVATE costack)
  add_test(NAME analyser_stack_painted COMMAND ${check} stack ${tool} $<TARGET_FILE:an_stack>
    --annotations ${CMAKE_CURRENT_SOURCE_DIR}/stackpaint.ann --root resume_loop
    --su ${CMAKE_BINARY_DIR}/src --su ${CMAKE_CURRENT_BINARY_DIR}/CMakeFiles/an_stack.dir)
  # Tasks that join and select (a join nested in a select branch): the join
  # driver's nested co_resume, bounded from the JOIN/BRANCH records.
  # The library's own annotations (as costack_check() passes them), then
  # stackpaint.ann's and the program's own.
  set(ann ${CMAKE_CURRENT_BINARY_DIR}/stackpaint_join.ann)
  set(parts ${PROJECT_SOURCE_DIR}/cmake/costack-lib.ann
    ${CMAKE_CURRENT_SOURCE_DIR}/stackpaint.ann ${CMAKE_CURRENT_SOURCE_DIR}/stackpaint_join.ann)
  file(WRITE ${ann} "")
  foreach(part ${parts})
    file(READ ${part} text)
    file(APPEND ${ann} "${text}")
  endforeach()
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${parts})
  add_executable(an_stack_join stackpaint_join.c)
  target_link_libraries(an_stack_join PRIVATE costack)
  add_test(NAME analyser_stack_join_painted COMMAND ${check} stacktasks ${tool}
    $<TARGET_FILE:an_stack_join> --annotations ${ann}
    --root resume_loop --su ${CMAKE_BINARY_DIR}/src
    --su ${CMAKE_CURRENT_BINARY_DIR}/CMakeFiles/an_stack_join.dir)
endif()
