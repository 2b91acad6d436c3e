# Benchmark (not a test): costack-size on generated ELFs, built with -g and
# -fstack-usage so the DWARF cross-check and the running-stack pass (with
# the .su files) run too: 1000 tasks / 10000 await sites (goal <= 1 s of
# CPU) and 5000 tasks / 50000 await sites (goal <= 2 s). Each program has a
# caller loop resuming every task (analyser_gen.py), 500 tasks per file
# (one 50 000-site file took GCC 27 min of CPU and gas longer; ten files
# build in about 10 min of CPU): benchmark only, never in the test suite.
# Run: cmake --build <dir> --target bench_analyser (prints goal lines).
if(TARGET costack-size)
  find_package(Python3 COMPONENTS Interpreter)
  set(elfs)
  foreach(size "1000;10000" "5000;50000")
    list(GET size 0 tasks)
    list(GET size 1 sites)
    # 500 tasks per generated file
    math(EXPR chunks "(${tasks} + 499) / 500")
    math(EXPR last "${chunks} - 1")
    set(dir ${CMAKE_CURRENT_BINARY_DIR}/analyser_${sites})
    set(gen ${dir}/main.c)
    foreach(c RANGE ${last})
      list(APPEND gen ${dir}/chunk${c}.c)
    endforeach()
    add_custom_command(OUTPUT ${gen}
      COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/analyser_gen.py ${tasks} ${sites} ${dir} ${chunks}
      DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/analyser_gen.py)
    add_executable(bench_analyser_elf_${sites} EXCLUDE_FROM_ALL ${gen})
    target_link_libraries(bench_analyser_elf_${sites} PRIVATE costack)
    target_compile_options(bench_analyser_elf_${sites} PRIVATE -O1 -w -g -fstack-usage)
    # the program's .su and the library's (src/, -fstack-usage under GCC)
    list(APPEND elfs ${tasks} ${sites} $<TARGET_FILE:bench_analyser_elf_${sites}>
      "${CMAKE_CURRENT_BINARY_DIR}/CMakeFiles/bench_analyser_elf_${sites}.dir:${PROJECT_BINARY_DIR}/src/CMakeFiles/costack.dir" 1)
  endforeach()
  # the same 50 000 sites generated as assembly with a .su file (no DWARF):
  # the running-stack pass at scale without a long compile
  set(synth ${CMAKE_CURRENT_BINARY_DIR}/analyser_synth)
  add_custom_command(OUTPUT ${synth}.elf
    COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/analyser_synth.py 5000 50000
      ${synth}.S ${synth}.su
    COMMAND ${CMAKE_C_COMPILER} -nostdlib -no-pie -Wl,-e,loop ${synth}.S -o ${synth}.elf
    DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/analyser_synth.py VERBATIM)
  add_custom_target(bench_analyser_synth DEPENDS ${synth}.elf)
  list(APPEND elfs 5000 50000 ${synth}.elf ${synth}.su 0)
  add_custom_target(bench_analyser
    COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/analyser_run.py
      $<TARGET_FILE:costack-size> ${elfs}
    DEPENDS bench_analyser_elf_10000 bench_analyser_elf_50000 bench_analyser_synth costack-size
    VERBATIM)
endif()
