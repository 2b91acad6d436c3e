// bench/peer_cpp20.cpp - the same design written with C++20 coroutines:
// a context owning a byte arena that coroutine frames are pushed on and
// popped from in LIFO order (promise operator new/delete), a leaf handle
// the context resumes, symmetric transfer between awaiting caller and
// callee, the result held by the awaited task (the future) until read.
// A scheduler equivalent to co_sched_run's loop runs the same tasks (see
// "under a scheduler" below). Written for this comparison; never part of
// the library.
#include <atomic>
#include <chrono>
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


// ---- (a) the same yield under a scheduler equivalent to co_sched_run -------
// Every round does what co_sched_run_until()'s does: the stop flag, the
// inbox (tasks woken from other threads or interrupts: an atomic LIFO,
// drained into the ready queue when not empty), the timers (a list sorted
// by deadline, the clock read only when a timer is armed), then as many
// resumptions as tasks were ready, FIFO. A task is a context (arena and
// leaf), its run-queue link and its root coroutine.

struct sched;
struct stask {
    context ctx;
    stask *next = nullptr;
    sched *owner = nullptr;
    std::coroutine_handle<> root;
    std::uint64_t at = 0; // deadline while on the timer list
};

thread_local stask *cur_task; // the task being resumed

std::uint64_t clock_ns()
{
    return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
        std::chrono::steady_clock::now().time_since_epoch()).count());
}

struct sched {
    stask *head = nullptr, *tail = nullptr, *timers = nullptr;
    unsigned ready_count = 0, live = 0;
    std::atomic<stask *> inbox{nullptr};
    std::atomic<int> stop{0};

    void ready(stask *t)
    {
        t->next = nullptr;
        if (tail)
            tail->next = t;
        else
            head = t;
        tail = t;
        ready_count++;
    }
    stask *pop()
    {
        stask *t = head;
        if (t) {
            head = t->next;
            if (!head)
                tail = nullptr;
            ready_count--;
        }
        return t;
    }
    void arm(stask *t, std::uint64_t at) // sorted insert, equal deadlines FIFO
    {
        t->at = at;
        stask **p = &timers;
        while (*p && (*p)->at <= at)
            p = &(*p)->next;
        t->next = *p;
        *p = t;
    }
    void drain()
    {
        stask *l = inbox.exchange(nullptr, std::memory_order_acquire);
        while (l) {
            stask *n = l->next;
            ready(l);
            l = n;
        }
    }
    void expire(std::uint64_t now)
    {
        while (timers && timers->at <= now) {
            stask *t = timers;
            timers = t->next;
            ready(t);
        }
    }
    void spawn(stask &t, std::coroutine_handle<> root)
    {
        t.owner = this;
        t.root = root;
        t.ctx.leaf = root;
        live++;
        ready(&t);
    }
    void run()
    {
        for (;;) {
            if (stop.load(std::memory_order_relaxed)) {
                stop.store(0, std::memory_order_relaxed);
                return;
            }
            if (inbox.load(std::memory_order_acquire))
                drain();
            if (timers)
                expire(clock_ns());
            unsigned n = 0;
            for (unsigned k = ready_count; k > 0; k--) {
                stask *t = pop();
                if (!t)
                    break;
                cur_task = t;
                current = &t->ctx;
                t->ctx.leaf.resume();
                if (t->root.done())
                    live--;
                n++;
            }
            if (n || timers) // a due timer: the next round's clock read finds it
                continue;
            if (live == 0)
                return;
            if (!inbox.load(std::memory_order_acquire))
                std::abort(); // blocked with nothing to wake it (not in these cases)
        }
    }
};

// Back to the end of the ready queue; the scheduler resumes the next task.
struct sched_yield {
    bool await_ready() noexcept { return false; }
    void await_suspend(std::coroutine_handle<> h) noexcept
    {
        current->leaf = h;
        cur_task->owner->ready(cur_task);
    }
    void await_resume() noexcept {}
};

// Sleeps until a deadline (clock_ns) on the scheduler's timer list.
struct sched_sleep {
    std::uint64_t at;
    bool await_ready() noexcept { return false; }
    void await_suspend(std::coroutine_handle<> h) noexcept
    {
        current->leaf = h;
        cur_task->owner->arm(cur_task, at);
    }
    void await_resume() noexcept {}
};

task<int> sched_yielder(std::uint64_t n)
{
    for (std::uint64_t i = 0; i < n; i++)
        co_await sched_yield{};
    co_return 0;
}

task<int> sched_sleeper(std::uint64_t n)
{
    for (std::uint64_t i = 0; i < n; i++)
        co_await sched_sleep{0}; // a deadline already past: due at the next round
    co_return 0;
}

alignas(16) unsigned char sched_arena[2][1024];

// tasks = 1: one task yields n times through the ready queue (the case the
// goal names); tasks = 2: two tasks share the n yields and alternate.
void yield_sched(void *arg, std::uint64_t n)
{
    int tasks = *static_cast<int *>(arg);
    sched s;
    stask t[2];
    task<int> *roots[2] = {nullptr, nullptr};
    alignas(task<int>) unsigned char rootmem[2][sizeof(task<int>)];
    for (int i = 0; i < tasks; i++) {
        t[i].ctx = context{sched_arena[i], sched_arena[i], sched_arena[i] + sizeof sched_arena[i], {}};
        current = &t[i].ctx; // the root's frame goes on this task's arena
        roots[i] = new (rootmem[i]) task<int>(sched_yielder(n / static_cast<std::uint64_t>(tasks)));
        if (!roots[i]->h)
            std::abort();
        s.spawn(t[i], roots[i]->h);
    }
    s.run();
    for (int i = 0; i < tasks; i++) {
        if (!roots[i]->h.done())
            std::abort();
        current = &t[i].ctx;
        roots[i]->~task<int>();
        if (t[i].ctx.top != t[i].ctx.base)
            std::abort();
    }
}

// Checks once that the timer path works (a past deadline wakes the task).
void sched_selfcheck()
{
    sched s;
    stask t;
    t.ctx = context{sched_arena[0], sched_arena[0], sched_arena[0] + sizeof sched_arena[0], {}};
    current = &t.ctx;
    {
        task<int> root = sched_sleeper(3);
        if (!root.h)
            std::abort();
        s.spawn(t, root.h);
        s.run();
        if (!root.h.done() || s.live != 0)
            std::abort();
        current = &t.ctx;
    }
    if (t.ctx.top != t.ctx.base)
        std::abort();
}

} // namespace

int main(int argc, char **argv)
{
    bench_opts o;
    bench_parse(argc, argv, &o);
    static chain_cfg s1{1, 0}, s3{3, 0}, y1{1, 1}, y3{3, 1};
    static int one = 1, two = 2;
    sched_selfcheck();
    bench_case(&o, "cpp20.yield.loop", yield_loop, nullptr, 10000000);
    bench_case(&o, "cpp20.yield.sched", yield_sched, &one, 10000000);
    bench_case(&o, "cpp20.yield.sched2", yield_sched, &two, 10000000);
    bench_case(&o, "cpp20.await1.sync", chain, &s1, 10000000);
    bench_case(&o, "cpp20.await3.sync", chain, &s3, 5000000);
    bench_case(&o, "cpp20.await1.susp", chain, &y1, 5000000);
    bench_case(&o, "cpp20.await3.susp", chain, &y3, 5000000);
    return 0;
}
