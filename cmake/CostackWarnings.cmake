# Warnings as spec: the list every costack target compiles with.
set(COSTACK_WARNINGS
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
  -Wstrict-prototypes -Wmissing-prototypes -Wold-style-definition
  -Wcast-qual -Wpointer-arith -Wundef -Wwrite-strings -Wvla
  -Wdouble-promotion -Wformat=2 -Wnull-dereference -Wredundant-decls)
if(CMAKE_C_COMPILER_ID STREQUAL "GNU")
  list(APPEND COSTACK_WARNINGS -Wlogical-op -Wduplicated-cond -Wjump-misses-init)
endif()
if(COSTACK_WERROR)
  list(APPEND COSTACK_WARNINGS -Werror)
endif()

# costack_warnings(target): applies the list to target's own sources.
function(costack_warnings target)
  target_compile_options(${target} PRIVATE ${COSTACK_WARNINGS})
endfunction()
