#pragma once

// Internal to procfs: the renderers of the per-process status files (ProcPidStatus.cpp).

#include "kernel/fs/procfs/ProcFs.h"

class StringBuilder;
class Thread;

// /proc/PID/stat, statm and status. `tid` is 0 for the process as a whole.
void proc_render_stat(const ProcFs& fs, Process& process, int tid, StringBuilder& sb);
void proc_render_statm(Process& process, StringBuilder& sb);
void proc_render_status(Process& process, int tid, StringBuilder& sb);
