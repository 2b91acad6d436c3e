# Runs gdb in batch mode on PROGRAM stopped at costack_gdb_stop() and checks
# that `costack tasks` shows every task's state, object, owner and chain.
execute_process(
  COMMAND ${GDB} -batch -nx -ex "set debuginfod enabled off" -ex "source ${SCRIPT}"
          -ex "break costack_gdb_stop" -ex "run" -ex "costack tasks" -ex "costack tasks &sched"
          -ex "costack tasks &door_task" -ex "kill" --args ${PROGRAM}
  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
message(STATUS "gdb output:\n${out}")
# With priorities the logger (priority 1) waits for the holder's lock, so
# the holder shows the inherited priority.
set(raised "")
set(logger_prio "")
if(PRIORITIES GREATER 1)
  set(raised ", priority 1 \\(inherited, own 0\\)")
  set(logger_prio ", priority 1")
endif()
# The lock shows by its name (CO_CONFIG_OBJECT_NAMES), else by its symbol;
# the door (an external tag, no name field) by its symbol.
set(lock "log_lock")
if(NAMES)
  set(lock "console lock")
endif()
foreach(want
    "costack: 4 task\\(s\\)"
    "joiner_task: sync on [^,]+, buffer [0-9]+/[0-9]+/1024 used/high/cap\n    #0 co[._]+join_run\n    #1 joiner\n  branch of joiner_task: time, deadline 500000, buffer [0-9]+/[0-9]+/[0-9]+ used/high/cap\n      #0 nap\n      #1 branch_done\n  branch of joiner_task: time, deadline 700000"
    "holder_task: time${raised}, deadline 1000000, buffer [0-9]+/[0-9]+/128 used/high/cap\n    #0 nap\n    #1 holder\n"
    "logger_task: sync on ${lock} owned by holder_task${logger_prio}, buffer"
    "door_task: external on door, buffer [0-9]+/[0-9]+/128"
    "costack: 1 task\\(s\\)\ndoor_task: external")
  if(NOT out MATCHES "${want}")
    message(FATAL_ERROR "gdb output lacks: ${want}\nstderr:\n${err}")
  endif()
endforeach()
