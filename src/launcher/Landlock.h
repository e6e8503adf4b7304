#pragma once

// Landlock: which host paths the sandbox reaches, and with which rights.

#include <string>
#include <vector>

namespace cell {

// A host path the sandbox may reach beyond reading the host's "/": a bind's source.
struct LandlockGrant {
    std::string path;
    bool writable { false };
    int fd { -1 }; // an O_PATH fd of `path`, opened while the invoking user could reach it
};

// Returns the host's Landlock ABI version, or 0 when the host lacks Landlock (the reason
// is left in `why`).
int landlock_abi(const char** why);

// Records the grants apply_landlock adds; called by the launcher before the sandbox
// starts.
void set_landlock_grants(std::vector<LandlockGrant> grants);

// Restricts the calling thread (and everything it execs or forks) to reading and
// executing the host's "/" plus the recorded grants, each read-only or read-write;
// nothing else is writable. Also scopes signals and abstract unix sockets to the sandbox
// where the ABI allows. Preconditions: no_new_privs is set. Returns false after printing
// a message.
bool apply_landlock(int abi);

}
