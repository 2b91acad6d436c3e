# The runtime: scheduler, timers, wakes from elsewhere, io and sync objects.
target_sources(costack PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/sched.c
  ${CMAKE_CURRENT_LIST_DIR}/sched_timer.c
  ${CMAKE_CURRENT_LIST_DIR}/sched_wake.c
  ${CMAKE_CURRENT_LIST_DIR}/sched_query.c
  ${CMAKE_CURRENT_LIST_DIR}/io.c
  ${CMAKE_CURRENT_LIST_DIR}/mutex.c
  ${CMAKE_CURRENT_LIST_DIR}/sem.c
  ${CMAKE_CURRENT_LIST_DIR}/event.c
  ${CMAKE_CURRENT_LIST_DIR}/chan.c
  ${CMAKE_CURRENT_LIST_DIR}/op.c
  ${CMAKE_CURRENT_LIST_DIR}/join.c
  ${CMAKE_CURRENT_LIST_DIR}/join_on.c)
if(COSTACK_PORT STREQUAL "host")
  # costack_host.h: the simulated clock and other host-only controls.
  target_include_directories(costack PUBLIC $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/ports/host>)
endif()
if(COSTACK_PORT STREQUAL "host")
  install(FILES ${PROJECT_SOURCE_DIR}/ports/host/costack_host.h DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
endif()
