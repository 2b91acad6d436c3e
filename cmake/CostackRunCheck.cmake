# Run by costack_check() (CostackCheck.cmake) after the target links:
#   cmake -DTOOL=costack-size -DELF=fw.elf -DARGFILE=args -DRELAXED=ON|OFF
#         -DPROVE_STACK=ON|OFF -DSTAMP=stamp -P CostackRunCheck.cmake
# Picks the sound-mode flags the analyser offers (--help), runs it (its
# table and GCC-style diagnostics go to the build log), then judges the
# running-stack bound from its JSON: unclosed is a warning, or an error
# with PROVE_STACK. Writes STAMP only when everything passed.
file(STRINGS ${ARGFILE} args)
list(FILTER args EXCLUDE REGEX "^$")

execute_process(COMMAND ${TOOL} --help OUTPUT_VARIABLE help ERROR_VARIABLE help RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "costack_check: cannot run ${TOOL}")
endif()
if(NOT RELAXED)
  if(help MATCHES "--strict")
    list(APPEND args --strict)
  endif()
  # DWARF required: the dedicated flag where the analyser has one, else
  # its -g/--dwarf ("require DWARF").
  if(help MATCHES "--require-dwarf")
    list(APPEND args --require-dwarf)
  elseif(help MATCHES "--dwarf ")
    list(APPEND args --dwarf)
  endif()
endif()

file(REMOVE ${STAMP})
# Captured, then printed table first and diagnostics after, each whole
# (relayed live, the two pipes interleave mid-line).
execute_process(COMMAND ${TOOL} ${args} ${ELF} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
foreach(text out err)
  string(REGEX REPLACE "\n$" "" ${text} "${${text}}")
  if(NOT ${text} STREQUAL "")
    message(NOTICE "${${text}}")
  endif()
endforeach()
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "costack_check: ${ELF}: not proven (the analyser's errors are above)")
endif()

# The running stack: closed when the JSON's stack.worst is a number.
execute_process(COMMAND ${TOOL} ${args} --json -q ${ELF}
  OUTPUT_VARIABLE json ERROR_QUIET RESULT_VARIABLE rc)
string(JSON worst ERROR_VARIABLE jerr GET "${json}" stack worst)
if(jerr OR NOT worst MATCHES "^[0-9]+$")
  string(JSON unknown ERROR_VARIABLE jerr2 GET "${json}" stack unknown 0)
  if(jerr2)
    set(unknown "no stack size data")
  endif()
  set(text "running-stack bound of ${ELF} is not closed (${unknown})")
  if(PROVE_STACK)
    message(NOTICE "${ELF}: error: ${text}")
    message(FATAL_ERROR "costack_check: the running stack is not proven (PROVE_STACK)")
  endif()
  message(NOTICE "${ELF}: warning: ${text}; costack_check(... PROVE_STACK) makes this an error")
endif()
file(TOUCH ${STAMP})
