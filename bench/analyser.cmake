# Benchmark (not a test): costack-size on a generated ELF with 1000 tasks
# and 10000 await sites. Run: cmake --build <dir> --target bench_analyser
if(TARGET costack-size)
  find_package(Python3 COMPONENTS Interpreter)
  set(gen ${CMAKE_CURRENT_BINARY_DIR}/analyser_big.c)
  add_custom_command(OUTPUT ${gen}
    COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/analyser_gen.py 1000 10000 ${gen}
    DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/analyser_gen.py)
  add_executable(bench_analyser_elf EXCLUDE_FROM_ALL ${gen})
  target_link_libraries(bench_analyser_elf PRIVATE costack)
  target_compile_options(bench_analyser_elf PRIVATE -O1 -w)
  add_custom_target(bench_analyser
    COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/analyser_run.py
      $<TARGET_FILE:costack-size> $<TARGET_FILE:bench_analyser_elf>
    DEPENDS bench_analyser_elf costack-size VERBATIM)
endif()
