# Runs IMAGE on BOARD under QEMU with its SysTick and CMSDK timer register
# writes traced: the image must pass, the trace must show the time base's
# timer writes (so tracing worked) and not one SysTick write.
#   cmake -DRUN=qemu-run.sh -DBOARD=mps2-an386 -DIMAGE=x.elf -DTRACE=x.trace -P this
file(REMOVE ${TRACE})
set(ENV{QEMU_ARGS} "-trace systick_write -trace cmsdk_apb_timer_write -D ${TRACE}")
set(ENV{QEMU_SERIAL} "stdio")
execute_process(COMMAND ${RUN} ${BOARD} ${IMAGE} RESULT_VARIABLE rc INPUT_FILE /dev/null)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${IMAGE} exited with ${rc}")
endif()
file(STRINGS ${TRACE} timer_writes REGEX "cmsdk_apb_timer_write")
file(STRINGS ${TRACE} systick_writes REGEX "systick_write")
list(LENGTH timer_writes n_timer)
list(LENGTH systick_writes n_systick)
message("trace: ${n_timer} CMSDK timer writes, ${n_systick} SysTick writes")
if(n_timer EQUAL 0)
  message(FATAL_ERROR "no CMSDK timer write traced: the trace did not work")
endif()
if(NOT n_systick EQUAL 0)
  list(GET systick_writes 0 first)
  message(FATAL_ERROR "SysTick was written: ${first}")
endif()
