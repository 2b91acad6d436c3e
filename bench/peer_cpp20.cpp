// bench/peer_cpp20.cpp - the same design written with C++20 coroutines:
// a context owning a byte arena that coroutine frames are pushed on and
// popped from in LIFO order (promise operator new/delete), a leaf handle
// the context resumes, symmetric transfer between awaiting caller and
// callee, the result held by the awaited task (the future) until read.
// Written for this comparison; never part of the library.
#include <coroutine>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <new>

#include "bench.h"

namespace {

struct context {
    unsigned char *base, *top, *limit;
    std::coroutine_handle<> leaf;
};

thread_local context *current; // the context whose frames are being allocated/run

void *arena_push(std::size_t n)
{
    context *c = current;
    n = (n + 15u) & ~std::size_t(15u);
    if (static_cast<std::size_t>(c->limit - c->top) < n)
        return nullptr;
    void *p = c->top;
    c->top += n;
    return p;
}

void arena_pop(void *p) { current->top = static_cast<unsigned char *>(p); }

template <class T> struct task {
    struct promise_type;
    using handle = std::coroutine_handle<promise_type>;

    struct final_awaiter {
        bool await_ready() noexcept { return false; }
        std::coroutine_handle<> await_suspend(handle h) noexcept
        {
            std::coroutine_handle<> next = h.promise().continuation;
            if (!next)
                return std::noop_coroutine();
            current->leaf = next;
            return next;
        }
        void await_resume() noexcept {}
    };

    struct promise_type {
        T value{};
        std::coroutine_handle<> continuation;

        static void *operator new(std::size_t n) noexcept { return arena_push(n); }
        static void operator delete(void *p, std::size_t) noexcept { arena_pop(p); }
        static task get_return_object_on_allocation_failure() noexcept { return task{nullptr}; }

        task get_return_object() noexcept { return task{handle::from_promise(*this)}; }
        std::suspend_always initial_suspend() noexcept { return {}; }
        final_awaiter final_suspend() noexcept { return {}; }
        void return_value(T v) noexcept { value = v; }
        void unhandled_exception() noexcept { std::terminate(); }
    };

    handle h;
    explicit task(handle hh) : h(hh) {}
    task(task &&o) noexcept : h(o.h) { o.h = nullptr; }
    task(const task &) = delete;
    ~task()
    {
        if (h)
            h.destroy();
    }

    // Awaiting a task: transfer to it; its result is read from the task.
    bool await_ready() noexcept { return false; }
    std::coroutine_handle<> await_suspend(std::coroutine_handle<> caller) noexcept
    {
        h.promise().continuation = caller;
        current->leaf = h;
        return h;
    }
    T await_resume() noexcept { return h.promise().value; }
};

// Suspends to whoever resumed the context (the plain loop).
struct yield_now {
    bool await_ready() noexcept { return false; }
    void await_suspend(std::coroutine_handle<> h) noexcept { current->leaf = h; }
    void await_resume() noexcept {}
};

// ---- (a) yield, resumed by a plain loop ------------------------------------

task<int> yielder(std::uint64_t n)
{
    for (std::uint64_t i = 0; i < n; i++)
        co_await yield_now{};
    co_return 0;
}

// ---- (b) await chains -------------------------------------------------------

task<int> c1(int x, int y)
{
    if (y)
        co_await yield_now{};
    co_return x + 1;
}
task<int> c2(int x, int y) { co_return co_await c1(x, y) + 1; }
task<int> c3(int x, int y) { co_return co_await c2(x, y) + 1; }

task<long> chain_root(std::uint64_t n, int depth, int y)
{
    long acc = 0;
    for (std::uint64_t i = 0; i < n; i++) {
        if (depth == 1)
            acc += co_await c1(static_cast<int>(i), y);
        else
            acc += co_await c3(static_cast<int>(i), y);
    }
    co_return acc;
}

// Runs a root task on a fresh context until it finishes.
template <class T> T run(context &ctx, task<T> &&t)
{
    if (!t.h)
        std::abort();
    ctx.leaf = t.h;
    while (!t.h.done())
        ctx.leaf.resume();
    return t.h.promise().value;
}

alignas(16) unsigned char arena[4096];

void yield_loop(void *, std::uint64_t n)
{
    context ctx{arena, arena, arena + sizeof arena, {}};
    current = &ctx;
    run(ctx, yielder(n));
    if (ctx.top != ctx.base)
        std::abort();
}

struct chain_cfg { int depth, yield; };

void chain(void *arg, std::uint64_t n)
{
    auto *cfg = static_cast<chain_cfg *>(arg);
    context ctx{arena, arena, arena + sizeof arena, {}};
    current = &ctx;
    bench_sink(run(ctx, chain_root(n, cfg->depth, cfg->yield)));
}

} // namespace

int main(int argc, char **argv)
{
    bench_opts o;
    bench_parse(argc, argv, &o);
    static chain_cfg s1{1, 0}, s3{3, 0}, y1{1, 1}, y3{3, 1};
    bench_case(&o, "cpp20.yield.loop", yield_loop, nullptr, 10000000);
    bench_case(&o, "cpp20.await1.sync", chain, &s1, 10000000);
    bench_case(&o, "cpp20.await3.sync", chain, &s3, 5000000);
    bench_case(&o, "cpp20.await1.susp", chain, &y1, 5000000);
    bench_case(&o, "cpp20.await3.susp", chain, &y3, 5000000);
    return 0;
}
