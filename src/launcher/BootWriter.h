#pragma once

// Builds the BootBlock (src/shared/BootBlock.h) in a memfd shared with the kernel.

#include "launcher/Options.h"
#include "shared/BootBlock.h"

#include <memory>

namespace cell {

class BootWriter {
public:
    // Returns nullptr after printing a message when the block cannot be built.
    static std::unique_ptr<BootWriter> create(const RunOptions& options, int trace_fd, int log_fd, int image_fd);
    ~BootWriter();

    int fd() const { return m_fd; }
    const BootBlock& block() const { return *m_block; }
    BootBlock& block() { return *m_block; }

private:
    int m_fd { -1 };
    BootBlock* m_block { nullptr };
};

}
