/* costack/iface.h - awaiting through function-pointer interfaces.
 *
 * A driver interface (an I2C bus with several implementations) declares the
 * frame of an operation's parameters once:
 *
 *   struct i2c_read { co_frame co; struct i2c_bus *bus; uint8_t *dst; size_t n; };
 *   CO_INTERFACE(i2c_read, int);
 *
 * An implementation's frame starts with that struct, named "args":
 *
 *   struct sim_i2c_read { struct i2c_read args; int tries; };
 *   CO_ASYNC(sim_i2c_read, int) { CO_BEGIN(sim_i2c_read, self); ... CO_END; }
 *   CO_IMPLEMENT(i2c_read, sim_i2c_read);
 *   static const struct i2c_ops sim_ops = { .read = CO_METHOD(sim_i2c_read) };
 *
 * and a caller awaits whichever implementation the vtable holds:
 *
 *   CO_AWAIT_VIA(bus->ops->read, i2c_read, &n, .bus = bus, .dst = buf, .n = 4);
 *
 * The frame size comes from the method at run time; CO_IMPLEMENT registers
 * the implementation for the analyser, which bounds the site by the
 * largest registered implementation.
 */
#ifndef COSTACK_IFACE_H
#define COSTACK_IFACE_H

#include <stddef.h>
#include "async.h"
#include "cxx_open.h"

/* A method: an implementation and its frame size. */
typedef struct co_method {
    co_fn *fn;
    size_t frame_size;
} co_method;

/* Declares interface iface (frame struct iface) with result type T. */
#define CO_INTERFACE(iface, T) typedef T co__rt_##iface

/* Registers async function impl as an implementation of iface: checks the
 * frame layout and result type at compile time; emits the analyser record.
 * At file scope, after impl's definition. */
#define CO_IMPLEMENT(iface, impl)                                              \
    CO__STATIC_ASSERT(offsetof(struct impl, args) == 0 &&                      \
                          CO__SAME_TYPE(struct iface *, &((struct impl *)0)->args), \
                      #impl " must start with 'struct " #iface " args'");      \
    CO__STATIC_ASSERT(CO__SAME_TYPE(co__rt_##iface *, (co__rt_##impl *)0),     \
                      #impl " must return the result type of " #iface);        \
    CO__REC_IMPL(iface, impl)                                                  \
    extern int co__implemented_##iface##_by_##impl

/* 1 when expression e has type T. */
#ifdef __cplusplus
#define CO__SAME_TYPE(T, e) co__same<T, decltype(e)>::value
#else
#define CO__SAME_TYPE(T, e) _Generic((e), T: 1, default: 0)
#endif

/* Initialiser of a co_method for async function impl. */
#define CO_METHOD(impl) {impl, sizeof(struct impl)}

/* Awaits method m (a co_method) of interface iface; the rest as CO_AWAIT. */
#define CO_AWAIT_VIA(m, iface, ...)                                            \
    CO__AWAIT_VIA(PROPAGATE, CO__UID, ~, m, iface, __VA_ARGS__, )
#define CO_AWAIT_VIA_STATUS(rc, m, iface, ...)                                 \
    CO__AWAIT_VIA(STATUS, CO__UID, rc, m, iface, __VA_ARGS__, )

#define CO__AWAIT_VIA(mode, n, rcvar, m, iface, resp, ...)                     \
    do {                                                                       \
        typedef struct iface co__ft;                                           \
        CO__CHECK_RESULT(co__rt_##iface, resp, #iface);                        \
        CO__CHECK_FRAME(co__ft, #iface);                                       \
        CO__REC_VIA(iface)                                                     \
        co_method co__m;                                                       \
        co__ft *co__c;                                                         \
        int co__r;                                                             \
        co__m = (m);                                                           \
        co__c = NULL;                                                          \
        if (CO__REQUIRE(co__m.frame_size >= sizeof(co__ft), METHOD_TOO_SMALL)) \
            co__c = (co__ft *)co__push(co__ctx, co__f, CO__SLOT(co__m.frame_size)); \
        else                                                                   \
            co__ctx->rc = CO_EINVAL;                                           \
        CO__RUN_CHILD(n, co__ft, co__m.fn, resp, __VA_ARGS__)                  \
        CO__AFTER_##mode(rcvar)                                                \
    } while (0)

#include "cxx_close.h"
#endif /* COSTACK_IFACE_H */
