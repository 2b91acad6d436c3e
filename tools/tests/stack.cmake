# Running-stack bound vs a painted stack (x86-64 host, -mno-red-zone, the
# whole build compiled with -fstack-usage (GCC) or -fstack-size-section
# (Clang) by scripts/test.d/50-analyser.sh).
if(CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|AMD64" AND CMAKE_C_FLAGS MATCHES "mno-red-zone")
  add_executable(an_stack stackpaint.c)
  target_link_libraries(an_stack PRIVATE costack)
  add_test(NAME analyser_stack_painted COMMAND ${check} stack ${tool} $<TARGET_FILE:an_stack>
    --annotations ${CMAKE_CURRENT_SOURCE_DIR}/stackpaint.ann --root resume_loop
    --su ${CMAKE_BINARY_DIR}/src --su ${CMAKE_CURRENT_BINARY_DIR}/CMakeFiles/an_stack.dir)
endif()
