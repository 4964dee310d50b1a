#include "input.hpp"

#include <itsm/core/error.hpp>

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace itsm::cmd {

std::ifstream open_input(const std::string& path, std::string_view hint) {
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (!ec && std::filesystem::is_directory(status)) {
        throw UsageError(fmt::format("{} is a folder; {}", path, hint));
    }
    if (!ec && !std::filesystem::is_regular_file(status)) {
        throw UsageError(
            fmt::format("{} is not a regular file (a pipe, socket or device); {}", path, hint));
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw UsageError(fmt::format("cannot read {}: {}; {}", path, std::strerror(errno), hint));
    }
    return in;
}

} // namespace itsm::cmd
