# bench/timers.cmake - the runtime's timer benchmark (owned by the runtime;
# included by bench/CMakeLists.txt). Always configured on the host port;
# run build/.../bench/bench_timers. Not a test.
if(COSTACK_PORT STREQUAL "host" AND EXISTS ${PROJECT_SOURCE_DIR}/src/runtime.cmake)
  add_executable(bench_timers ${CMAKE_CURRENT_LIST_DIR}/timers.c)
  target_link_libraries(bench_timers PRIVATE costack)
  costack_warnings(bench_timers)
  target_compile_options(bench_timers PRIVATE -Wno-missing-prototypes)
endif()
