// The shared arena against the real host: after a host fork, an object created by one
// process is visible to the other, and both can lock it and wake each other.

#include <gtest/gtest.h>

#include "kernel/base/Arena.h"

#include <sys/wait.h>
#include <unistd.h>

namespace {

constexpr u64 TEST_ARENA_BASE = 0x6e0000000000;
constexpr u64 TEST_ARENA_RESERVE = 1ull << 30;

struct Shared {
    Mutex lock;
    WaitQueue changed;
    int stage { 0 };
    int value { 0 };
    void* child_object { nullptr };
};

Arena* test_arena()
{
    static Arena* a = [] {
        auto r = Arena::create(TEST_ARENA_BASE, TEST_ARENA_RESERVE);
        return r.is_ok() ? r.value() : nullptr;
    }();
    return a;
}

void wait_for_stage(Shared& s, int stage)
{
    for (;;) {
        u32 ticket = s.changed.prepare();
        s.lock.lock();
        bool reached = s.stage >= stage;
        s.lock.unlock();
        if (reached)
            return;
        s.changed.wait(ticket);
    }
}

void advance(Shared& s, int stage)
{
    s.lock.lock();
    s.stage = stage;
    s.lock.unlock();
    s.changed.wake_all();
}

}

TEST(ArenaHost, AllocationsAreDistinctAndZeroed)
{
    Arena* a = test_arena();
    ASSERT_NE(a, nullptr);
    auto* p = static_cast<u8*>(a->allocate(100));
    auto* q = static_cast<u8*>(a->allocate(100));
    ASSERT_NE(p, nullptr);
    ASSERT_NE(p, q);
    for (int i = 0; i < 100; ++i)
        EXPECT_EQ(p[i], 0);
    a->deallocate(p, 100);
    EXPECT_EQ(a->allocate(100), p);
}

TEST(ArenaHost, GrowsPastTheFirstStep)
{
    Arena* a = test_arena();
    ASSERT_NE(a, nullptr);
    u64 before = a->committed();
    void* big = a->allocate(8 * 1024 * 1024);
    ASSERT_NE(big, nullptr);
    EXPECT_GT(a->committed(), before);
    static_cast<u8*>(big)[8 * 1024 * 1024 - 1] = 1;
}

TEST(ArenaHost, SharedAcrossHostFork)
{
    Arena* a = test_arena();
    ASSERT_NE(a, nullptr);
    auto* shared = a->make<Shared>();
    ASSERT_NE(shared, nullptr);

    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        // The child creates an object after the fork, growing the arena, and publishes it.
        auto* object = static_cast<int*>(a->allocate(16 * 1024 * 1024));
        if (!object)
            _exit(2);
        object[0] = 4242;
        shared->lock.lock();
        shared->child_object = object;
        shared->lock.unlock();
        advance(*shared, 1);
        // Then waits for the parent to answer through the same lock and queue.
        wait_for_stage(*shared, 2);
        _exit(shared->value == 99 ? 0 : 3);
    }
    wait_for_stage(*shared, 1);
    shared->lock.lock();
    auto* seen = static_cast<int*>(shared->child_object);
    shared->lock.unlock();
    ASSERT_NE(seen, nullptr);
    EXPECT_EQ(seen[0], 4242);
    shared->value = 99;
    advance(*shared, 2);
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    EXPECT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0);
}
