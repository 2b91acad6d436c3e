/* costack.h - cooperative concurrency for microcontrollers, frames on a
 * per-task buffer, memory proven at build time. The one header to include
 * (C11, or C++17/C++20 with C linkage).
 *
 * The rules of an async function (docs/rules.md; each broken rule is a
 * compile error that names the fix, except where noted):
 *   - "co_frame co;" is the first member of the frame struct;
 *   - CO_BEGIN(name, self) names the function of its CO_ASYNC(name, T);
 *   - the body ends with CO_END; a void function returns with
 *     CO_RETURN_VOID(), others with CO_RETURN(v);
 *   - CO_AWAIT(x) takes an awaitable; a call is CO_AWAIT(fn, &result, .p = v)
 *     (NULL discards the result; C++20: initialisers in member order);
 *   - C LOCALS DO NOT SURVIVE AN AWAIT: whatever is read after an await
 *     lives in the frame (self->...). The compiler cannot see this in
 *     general; costack_warnings() turns on the warnings that catch the
 *     common case (Clang: -Wconditional-uninitialized);
 *   - switch back-end (COSTACK_RESUME_GOTO=OFF): no await inside a switch
 *     statement of the same function (run time: contract RESUME_LOST). */
#ifndef COSTACK_H
#define COSTACK_H

#include "costack/config.h"
#include "costack/error.h"
#include "costack/time.h"
#include "costack/context.h"
#include "costack/async.h"
#include "costack/iface.h"
#include "costack/task.h"
#include "costack/port.h"
#include "costack/sched.h"
#include "costack/sync.h"
#include "costack/io.h"
#include "costack/mutex.h"
#include "costack/sem.h"
#include "costack/event.h"
#include "costack/chan.h"
#include "costack/join.h"

#endif /* COSTACK_H */
