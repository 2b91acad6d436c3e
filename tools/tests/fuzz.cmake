# libFuzzer run (Clang only): seeds are the analyser's test ELFs (x86-64,
# and the Thumb and RV32 inputs of cross.cmake), with .su and annotation
# files so the running-stack path runs too; a short
# run is part of the test command (-runs bounds it, no timing assertion).
if(CMAKE_C_COMPILER_ID STREQUAL "Clang")
  add_executable(an_fuzz fuzz_elf.c ${COSTACK_SIZE_SOURCES_ABS})
  target_include_directories(an_fuzz PRIVATE ${PROJECT_SOURCE_DIR}/tools/costack-size ${COSTACK_LIBDW_INCLUDE})
  target_compile_definitions(an_fuzz PRIVATE _GNU_SOURCE)
  target_compile_options(an_fuzz PRIVATE -g -O1 -fsanitize=fuzzer,address,undefined)
  target_link_options(an_fuzz PRIVATE -fsanitize=fuzzer,address,undefined)
  target_link_libraries(an_fuzz PRIVATE ${COSTACK_LIBDW} ${COSTACK_LIBELF})
  set(COSTACK_FUZZ_RUNS 5000 CACHE STRING "libFuzzer -runs for the analyser_fuzz test")
  set(corpus ${CMAKE_CURRENT_BINARY_DIR}/fuzz-corpus)
  list(JOIN COSTACK_AN_CROSS_ELFS "' '" cross_seeds)
  if(cross_seeds)
    set(cross_seeds "'${cross_seeds}'")
  endif()
  add_test(NAME analyser_fuzz COMMAND ${CMAKE_COMMAND} -E env sh -c
    "rm -rf '${corpus}' && mkdir -p '${corpus}' && cp '$<TARGET_FILE:an_exact>' '$<TARGET_FILE:an_noimpl>' ${cross_seeds} '${corpus}/' && '$<TARGET_FILE:an_fuzz>' -runs=${COSTACK_FUZZ_RUNS} -max_len=65536 -close_fd_mask=3 -rss_limit_mb=2048 '${corpus}'")
  set_tests_properties(analyser_fuzz PROPERTIES TIMEOUT 300)
endif()
