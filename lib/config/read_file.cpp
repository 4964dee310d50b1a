#include <itsm/config/read_file.hpp>

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>

namespace itsm::config {

namespace fs = std::filesystem;

std::expected<std::string, std::string> read_file(const fs::path& path) {
    std::error_code ec;
    const auto status = fs::status(path, ec);
    if (ec) {
        return std::unexpected(ec.message());
    }
    if (fs::is_directory(status)) {
        return std::unexpected("it is a folder");
    }
    if (!fs::is_regular_file(status)) {
        return std::unexpected("it is not a regular file (a pipe, socket or device)");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return std::unexpected(std::strerror(errno));
    }
    // Read in blocks up to one byte past the limit, so a file that grows while it is read is
    // caught too (a buffer of the limit's size would be cleared for every file of a few KiB).
    std::string text;
    char block[16384];
    while (text.size() <= k_max_file_bytes) {
        in.read(block, sizeof block);
        if (in.bad()) {
            return std::unexpected(std::strerror(errno));
        }
        text.append(block, static_cast<std::size_t>(in.gcount()));
        if (in.eof()) {
            break;
        }
    }
    if (text.size() > k_max_file_bytes) {
        return std::unexpected(fmt::format("it is larger than {} MiB; a configuration file is a "
                                           "few KiB",
                                           k_max_file_bytes / (1024 * 1024)));
    }
    return text;
}

} // namespace itsm::config
