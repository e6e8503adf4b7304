#pragma once

// The root image of `cell run --image ROOTFS.tar[.gz]`.

#include <string>

namespace cell {

// Opens the image for the kernel and returns a host fd on a plain tar archive, inherited
// across exec. A gzip-compressed image is inflated into a memfd first. Returns -1 after
// printing a one-line message when the image is missing, unreadable or not valid gzip.
// The kernel checks the tar structure itself when it mounts the image.
int open_image(const std::string& path);

}
