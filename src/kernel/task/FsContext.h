#pragma once

// A process's filesystem context: its root (the sandbox root unless chroot'ed), its
// working directory and its umask. Lives in the arena; threads made with CLONE_FS share
// one, fork copies it.
//
// Lock order: the FsContext lock is taken before any dentry or OpenFile lock.

#include "kernel/base/Mutex.h"
#include "kernel/vfs/Dentry.h"

class FsContext {
public:
    static FsContext* create(const Path& root);
    FsContext* clone();
    void destroy();

    Path root();
    Path cwd();
    void set_cwd(const Path& cwd);
    // chroot(2): the new root; the cwd stays where it is, even outside the new root.
    void set_root(const Path& root);
    u32 umask();
    // Sets the umask and returns the previous one.
    u32 exchange_umask(u32 mask);

private:
    Mutex m_lock;
    Path m_root;
    Path m_cwd;
    u32 m_umask { 022 };
};
