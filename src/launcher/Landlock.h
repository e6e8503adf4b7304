#pragma once

// Landlock: which host paths the sandbox reaches, and with which rights.

namespace cell {

// Returns the host's Landlock ABI version, or 0 when the host lacks Landlock (the reason
// is left in `why`).
int landlock_abi(const char** why);

// Restricts the calling thread (and everything it execs or forks) to reading and
// executing the host's "/"; nothing is writable. Also scopes signals and abstract unix
// sockets to the sandbox where the ABI allows. Preconditions: no_new_privs is set.
// Returns false after printing a message.
bool apply_landlock(int abi);

}
