#pragma once

// mmap(2) family constants.

#include "kernel/base/Types.h"

constexpr int PROT_NONE = 0x0;
constexpr int PROT_READ = 0x1;
constexpr int PROT_WRITE = 0x2;
constexpr int PROT_EXEC = 0x4;
constexpr int PROT_GROWSDOWN = 0x01000000;
constexpr int PROT_GROWSUP = 0x02000000;

constexpr int MAP_SHARED = 0x01;
constexpr int MAP_PRIVATE = 0x02;
constexpr int MAP_SHARED_VALIDATE = 0x03;
constexpr int MAP_TYPE = 0x0f;
constexpr int MAP_FIXED = 0x10;
constexpr int MAP_ANONYMOUS = 0x20;
constexpr int MAP_32BIT = 0x40;
constexpr int MAP_GROWSDOWN = 0x0100;
constexpr int MAP_DENYWRITE = 0x0800;
constexpr int MAP_EXECUTABLE = 0x1000;
constexpr int MAP_LOCKED = 0x2000;
constexpr int MAP_NORESERVE = 0x4000;
constexpr int MAP_POPULATE = 0x8000;
constexpr int MAP_NONBLOCK = 0x10000;
constexpr int MAP_STACK = 0x20000;
constexpr int MAP_HUGETLB = 0x40000;
constexpr int MAP_SYNC = 0x80000;
constexpr int MAP_FIXED_NOREPLACE = 0x100000;
constexpr int MAP_UNINITIALIZED = 0x4000000;

constexpr int MREMAP_MAYMOVE = 1;
constexpr int MREMAP_FIXED = 2;
constexpr int MREMAP_DONTUNMAP = 4;

constexpr int MS_ASYNC = 1;
constexpr int MS_INVALIDATE = 2;
constexpr int MS_SYNC = 4;

constexpr int MADV_NORMAL = 0;
constexpr int MADV_RANDOM = 1;
constexpr int MADV_SEQUENTIAL = 2;
constexpr int MADV_WILLNEED = 3;
constexpr int MADV_DONTNEED = 4;
constexpr int MADV_FREE = 8;
constexpr int MADV_REMOVE = 9;
constexpr int MADV_DONTFORK = 10;
constexpr int MADV_DOFORK = 11;
constexpr int MADV_MERGEABLE = 12;
constexpr int MADV_UNMERGEABLE = 13;
constexpr int MADV_HUGEPAGE = 14;
constexpr int MADV_NOHUGEPAGE = 15;
constexpr int MADV_DONTDUMP = 16;
constexpr int MADV_DODUMP = 17;
constexpr int MADV_WIPEONFORK = 18;
constexpr int MADV_KEEPONFORK = 19;
constexpr int MADV_COLD = 20;
constexpr int MADV_PAGEOUT = 21;
constexpr int MADV_POPULATE_READ = 22;
constexpr int MADV_POPULATE_WRITE = 23;
constexpr int MADV_DONTNEED_LOCKED = 24;
constexpr int MADV_COLLAPSE = 25;

constexpr int MCL_CURRENT = 1;
constexpr int MCL_FUTURE = 2;
constexpr int MCL_ONFAULT = 4;
