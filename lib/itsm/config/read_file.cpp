#include <itsm/config/read_file.hpp>

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>

namespace itsm::config {

namespace fs = std::filesystem;

std::optional<std::string> not_a_file(const fs::path& path) {
    std::error_code ec;
    const auto status = fs::status(path, ec);
    if (status.type() == fs::file_type::not_found) {
        return "no such file";
    }
    if (ec) {
        return ec.message();
    }
    switch (status.type()) {
    case fs::file_type::regular:
        return std::nullopt;
    case fs::file_type::directory:
        return "it is a folder";
    case fs::file_type::fifo:
        return "it is a FIFO (a named pipe), not a regular file";
    case fs::file_type::character:
        return "it is a character device, not a regular file";
    case fs::file_type::block:
        return "it is a block device, not a regular file";
    case fs::file_type::socket:
        return "it is a socket, not a regular file";
    default:
        return "it is not a regular file";
    }
}

std::expected<std::string, std::string> read_file(const fs::path& path) {
    if (auto problem = not_a_file(path)) {
        return std::unexpected(std::move(*problem));
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
