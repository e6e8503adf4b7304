#include "kernel/loader/Exec.h"
#include "kernel/Kernel.h"
#include "kernel/abi/Fcntl.h"
#include "kernel/base/Arena.h"
#include "kernel/base/Format.h"
#include "kernel/base/Log.h"
#include "kernel/base/StringView.h"
#include "kernel/mm/AddressSpace.h"
#include "kernel/task/FdTable.h"
#include "kernel/task/FsContext.h"
#include "kernel/syscalls/Trace.h"
#include "kernel/task/Process.h"
#include "kernel/vfs/Mount.h"
#include "kernel/vfs/Vfs.h"
#include "platform/Platform.h"

namespace {

constexpr const char* DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

// Resolves `path` through the VFS as the init process sees it and checks that it is a
// regular file someone may execute. `exists` tells a failed lookup (which a PATH search
// skips, as a shell does) from an object that is there but cannot be executed.
Result<void> check_executable(Process& process, const char* path, bool& exists)
{
    exists = false;
    auto found = TRY(vfs_lookup(process, AT_FDCWD, path, WALK_FOLLOW | WALK_STAT));
    linux_stat st {};
    TRY(found.stat(st));
    exists = true;
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
    TRY(vfs_init());
    Path root(mount_table().root_mount(), mount_table().root_mount()->root());
    auto* fs = FsContext::create(root);
    auto* fds = FdTable::create();
    if (!fs || !fds)
        return Errno::ENOMEM;
    process->set_fs(fs);
    process->set_fds(fds);
    // Guest fds 0, 1 and 2 are the host's; one the host has closed stays closed.
    for (int fd = 0; fd < 3; ++fd) {
        auto file = vfs_open_host_stdio(fd);
        if (file.is_error())
            continue;
        auto installed = fds->install_at(fd, file.value(), false, 3);
        file.value()->unref();
        TRY(installed);
    }
    state.init = process;
    return process;
}

ExecImage start_init(Process& init, const char* const* argv, u32 argc, const char* const* envp, u32 envc, const char* cwd)
{
    // The launcher's working directory, if the sandbox has it; "/" otherwise. A --cwd the
    // sandbox lacks ends the start with its error, as a failed chdir would.
    auto dir = vfs_lookup(init, AT_FDCWD, cwd, WALK_FOLLOW | WALK_DIRECTORY);
    if (dir.is_ok() && !dir.value().magic_file)
        init.fs().set_cwd(dir.value().path);
    else if (kernel_config().boot->flags & cell::BOOT_CWD_GIVEN)
        sandbox_fail(125, "cell: --cwd %s: %s", cwd, errno_message(i32(dir.is_ok() ? Errno::ENOTDIR : dir.error())));
    if (argc == 0)
        sandbox_fail(127, "cell: no program given");
    const char* program = argv[0];
    char resolved[PATH_MAX];
    Errno error = Errno::ENOENT;
    bool found = false;
    if (StringView(program).find('/') < StringView(program).size()) {
        format(resolved, sizeof(resolved), "%s", program);
        bool exists;
        auto r = check_executable(init, resolved, exists);
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
            bool exists;
            auto r = check_executable(init, resolved, exists);
            // Like bash: directories and unreachable names are skipped; a file without
            // execute permission is remembered in case nothing better turns up.
            if (r.is_ok())
                found = true;
            else if (exists && r.error() == Errno::EACCES)
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
    const char* base = resolved;
    for (const char* c = resolved; *c; ++c) {
        if (*c == '/' && c[1])
            base = c + 1;
    }
    init.set_comm(base);
    ExecArgs args { argv, argc, envp, envc };
    auto image = load_executable(init, resolved, args);
    if (image.is_error()) {
        Errno e = image.error();
        if (e == Errno::ENOEXEC)
            sandbox_fail(126, "cell: %s: cannot execute binary file: Exec format error", program);
        // A missing interpreter is ENOENT from execve, which a shell reports as 127.
        sandbox_fail(e == Errno::ENOENT || e == Errno::ENOTDIR ? 127 : 126, "cell: %s: %s", program, errno_message(i32(e)));
    }
    trace_initial_exec(resolved, argv, argc, envc, image.value().stack_pointer + 8 * (u64(argc) + 2));
    return image.release_value();
}
