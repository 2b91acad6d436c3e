// bench/peer_boost.cpp - Boost.Context fcontext switch pairs: the
// stackful-coroutine switch minicoro/libco/neco-style libraries use.
// One round trip = jump into the fiber + jump back. Never part of the library.
#include <boost/context/detail/fcontext.hpp>

#include <cstdint>
#include <cstdlib>

#include "bench.h"

namespace bc = boost::context::detail;

namespace {

// The fiber: jumps straight back to whoever jumped in, forever.
void fiber_main(bc::transfer_t t)
{
    for (;;)
        t = bc::jump_fcontext(t.fctx, nullptr);
}

constexpr std::size_t stack_size = 64 * 1024;
alignas(64) unsigned char stack[stack_size];

void switch_pair(void *, std::uint64_t n)
{
    bc::fcontext_t f = bc::make_fcontext(stack + stack_size, stack_size, fiber_main);
    for (std::uint64_t i = 0; i < n; i++)
        f = bc::jump_fcontext(f, nullptr).fctx;
}

} // namespace

int main(int argc, char **argv)
{
    bench_opts o;
    bench_parse(argc, argv, &o);
    bench_case(&o, "boost.fcontext.pair", switch_pair, nullptr, 10000000);
    return 0;
}
