#include "kernel/loader/Exec.h"
#include "kernel/Kernel.h"
#include "kernel/abi/Fcntl.h"
#include "kernel/base/Arena.h"
#include "kernel/base/Format.h"
#include "kernel/base/Log.h"
#include "kernel/base/StringView.h"
#include "kernel/mm/AddressSpace.h"
#include "kernel/task/Process.h"
#include "platform/Platform.h"

namespace {

constexpr const char* DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

// FIXME: resolution goes through the host until the VFS lands.
Result<void> check_executable(const char* path)
{
    linux_stat st {};
    TRY(platform::fstatat(AT_FDCWD, path, &st, 0));
    if ((st.st_mode & S_IFMT) == S_IFDIR)
        return Errno::EISDIR;
    if ((st.st_mode & S_IFMT) != S_IFREG || !(st.st_mode & 0111))
        return Errno::EACCES;
    return {};
}

const char* find_env(const char* const* envp, u32 envc, StringView name)
{
    for (u32 i = 0; i < envc; ++i) {
        StringView entry(envp[i]);
        if (entry.size() > name.size() && entry.starts_with(name) && entry[name.size()] == '=')
            return envp[i] + name.size() + 1;
    }
    return nullptr;
}

}

Result<Process*> create_init_process()
{
    auto& state = kernel_state();
    auto* process = arena().make<Process>(state.next_pid++);
    if (!process)
        return Errno::ENOMEM;
    // The guest's address space starts as the host left it at boot, all hidden but the vdso.
    auto* space = TRY(AddressSpace::create());
    TRY(space->adopt_host_mappings());
    process->set_address_space(space);
    state.init = process;
    return process;
}

ExecImage start_init(Process& init, const char* const* argv, u32 argc, const char* const* envp, u32 envc, const char* cwd)
{
    (void)cwd;
    if (argc == 0)
        sandbox_fail(127, "cell: no program given");
    const char* program = argv[0];
    char resolved[PATH_MAX];
    Errno error = Errno::ENOENT;
    bool found = false;
    if (StringView(program).find('/') < StringView(program).size()) {
        format(resolved, sizeof(resolved), "%s", program);
        auto r = check_executable(resolved);
        found = r.is_ok();
        if (!found)
            error = r.error();
    } else {
        const char* path = find_env(envp, envc, "PATH");
        StringView dirs(path ? path : DEFAULT_PATH);
        usize start = 0;
        while (start <= dirs.size() && !found) {
            usize end = dirs.find(':', start);
            StringView dir = dirs.substr(start, end - start);
            format(resolved, sizeof(resolved), "%.*s/%s", int(dir.empty() ? 1 : dir.size()), dir.empty() ? "." : dir.data(), program);
            auto r = check_executable(resolved);
            if (r.is_ok())
                found = true;
            else if (r.error() == Errno::EACCES || r.error() == Errno::EISDIR)
                error = error == Errno::ENOENT ? r.error() : error;
            start = end + 1;
        }
        if (!found && error == Errno::ENOENT)
            sandbox_fail(127, "cell: %s: command not found", program);
    }
    if (!found) {
        int status = error == Errno::ENOENT || error == Errno::ENOTDIR ? 127 : 126;
        sandbox_fail(status, "cell: %s: %s", program, errno_message(i32(error)));
    }
    init.set_comm(StringView(resolved).substr(StringView(resolved).size() - 1).data());
    ExecArgs args { argv, argc, envp, envc };
    auto image = load_executable(init, resolved, args);
    if (image.is_error()) {
        Errno e = image.error();
        if (e == Errno::ENOEXEC)
            sandbox_fail(126, "cell: %s: cannot execute binary file: Exec format error", program);
        // A missing interpreter is ENOENT from execve, which a shell reports as 127.
        sandbox_fail(e == Errno::ENOENT || e == Errno::ENOTDIR ? 127 : 126, "cell: %s: %s", program, errno_message(i32(e)));
    }
    return image.release_value();
}
