# Warnings as spec: the list every costack target compiles with.
# The uninitialized family catches the common case of "a C local read after
# an await" (docs/rules.md): Clang's -Wconditional-uninitialized sees the
# resume jump past the local's assignment on both back-ends.
set(COSTACK_WARNINGS_COMMON
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
  -Wcast-qual -Wpointer-arith -Wundef -Wvla
  -Wdouble-promotion -Wformat=2 -Wnull-dereference -Wredundant-decls
  -Wuninitialized)
set(COSTACK_WARNINGS ${COSTACK_WARNINGS_COMMON}
  -Wstrict-prototypes -Wmissing-prototypes -Wold-style-definition -Wwrite-strings)
if(CMAKE_C_COMPILER_ID STREQUAL "GNU")
  list(APPEND COSTACK_WARNINGS -Wlogical-op -Wduplicated-cond -Wjump-misses-init
    -Wmaybe-uninitialized)
elseif(CMAKE_C_COMPILER_ID MATCHES "Clang")
  list(APPEND COSTACK_WARNINGS -Wsometimes-uninitialized -Wconditional-uninitialized)
endif()
if(COSTACK_WERROR)
  list(APPEND COSTACK_WARNINGS -Werror)
  list(APPEND COSTACK_WARNINGS_COMMON -Werror)
endif()

# costack_warnings(target): applies the list to target's own sources (C;
# C++ sources get the language-neutral part and the C++ uninitialized set).
function(costack_warnings target)
  set(cxx ${COSTACK_WARNINGS_COMMON})
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    # g++ -Wshadow reports every async function as hiding the constructor
    # of its frame struct (they share the name by design).
    list(REMOVE_ITEM cxx -Wshadow)
    list(APPEND cxx -Wmaybe-uninitialized)
  elseif(CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    list(APPEND cxx -Wsometimes-uninitialized -Wconditional-uninitialized)
  endif()
  target_compile_options(${target} PRIVATE
    "$<$<COMPILE_LANGUAGE:C>:${COSTACK_WARNINGS}>"
    "$<$<COMPILE_LANGUAGE:CXX>:${cxx}>")
endfunction()
