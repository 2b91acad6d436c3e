/* Built with CO_CONFIG_OBJECT_NAMES=1: each nameable object's size and the
 * offset of its name field (test_names_size.c compares). */
#include <stddef.h>
#include <costack.h>
#include <costack/chan.h>
#include <costack/event.h>
#include <costack/io.h>
#include <costack/mutex.h>
#include <costack/sem.h>

#if !CO_CONFIG_OBJECT_NAMES
#error "build with CO_CONFIG_OBJECT_NAMES=1"
#endif

const size_t names_on_size[5] = {sizeof(co_mutex), sizeof(co_sem), sizeof(co_event), sizeof(co_chan),
                                 sizeof(co_io)};
const size_t names_on_offset[5] = {offsetof(co_mutex, name), offsetof(co_sem, name), offsetof(co_event, name),
                                   offsetof(co_chan, name), offsetof(co_io, name)};
const size_t names_on_align[5] = {_Alignof(co_mutex), _Alignof(co_sem), _Alignof(co_event), _Alignof(co_chan),
                                  _Alignof(co_io)};

/* The context with its optional fields (high-water mark, name, entry). */
#if !CO_CONFIG_TASK_NAMES || !CO_CONFIG_HIGH_WATER || !CO_CONFIG_TASK_ENTRY || CO_CONFIG_FAULT_INJECTION
#error "build with the default context layout"
#endif
const size_t ctx_on_size = sizeof(co_context), ctx_on_optional = offsetof(co_context, high);
