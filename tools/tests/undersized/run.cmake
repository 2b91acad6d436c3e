# cmake -DCOSTACK_SOURCE_DIR=.. -DTOOL=.. -DWORK=.. -DBYTES=N -DEXPECT=fail|pass -P run.cmake
# Configures and builds the tiny project; with EXPECT=fail the build must
# fail and print the analyser's diagnostic.
file(REMOVE_RECURSE ${WORK})
execute_process(COMMAND ${CMAKE_COMMAND} -S ${CMAKE_CURRENT_LIST_DIR} -B ${WORK}
  -DCOSTACK_SOURCE_DIR=${COSTACK_SOURCE_DIR} -DCOSTACK_SIZE_EXECUTABLE=${TOOL}
  -DTINY_BYTES=${BYTES} -DCMAKE_C_COMPILER=${CC}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "configure failed:\n${out}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${WORK}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
message("${out}")
set(diag "tiny\\.c:[0-9]+: error: task 'tiny' needs [0-9]+ bytes, buffer is ${BYTES} \\(chain: outer > inner\\)")
if(EXPECT STREQUAL "fail")
  if(rc EQUAL 0)
    message(FATAL_ERROR "the build with a ${BYTES}-byte buffer succeeded; it must fail")
  endif()
  if(NOT out MATCHES "${diag}")
    message(FATAL_ERROR "the build failed without the diagnostic /${diag}/")
  endif()
  message("build failed as expected")
elseif(NOT rc EQUAL 0)
  message(FATAL_ERROR "the build with a ${BYTES}-byte buffer failed")
endif()
