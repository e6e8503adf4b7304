#include "kernel/base/Errno.h"

const char* errno_name(i32 err)
{
    switch (err) {
#define ERRNO(n, name, msg) \
    case n:                 \
        return #name;
#include "kernel/abi/errno.def"
#undef ERRNO
    default:
        return nullptr;
    }
}

const char* errno_message(i32 err)
{
    switch (err) {
#define ERRNO(n, name, msg) \
    case n:                 \
        return msg;
#include "kernel/abi/errno.def"
#undef ERRNO
    default:
        return nullptr;
    }
}
