#pragma once

// `#!` scripts, as Linux's binfmt_script reads them.

#include "kernel/base/Result.h"
#include "kernel/base/StringView.h"

// How many bytes of a file the kernel looks at to recognise it (BINPRM_BUF_SIZE).
constexpr usize BINPRM_BUF_SIZE = 256;
// How many interpreters may stand between execve and an ELF image before ELOOP.
constexpr u32 MAX_INTERPRETER_DEPTH = 5;

struct ShebangLine {
    StringView interpreter;
    StringView argument; // empty when none
};

// Returns true when the first bytes of a file start a `#!` script.
bool is_shebang(const char* buffer, usize length);

// Parses the first line of a script held in `buffer` (the file's first `length` bytes,
// at most BINPRM_BUF_SIZE). The interpreter is the first word; everything after it up
// to the end of the line, with surrounding blanks removed, is one optional argument.
// A line without an interpreter, or an interpreter name cut off by the end of the
// buffer, is ENOEXEC as on Linux.
Result<ShebangLine> parse_shebang(const char* buffer, usize length);
