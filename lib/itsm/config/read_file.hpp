#pragma once
// Reading a configuration or case file whole, refusing what could hang or exhaust the reader:
// anything that is not a regular file (a FIFO, a device) and files over k_max_file_bytes.

#include <cstddef>
#include <expected>
#include <filesystem>
#include <optional>
#include <string>

namespace itsm::config {

/// Far above any real configuration (the largest example is a few KiB).
constexpr std::size_t k_max_file_bytes = 4 * 1024 * 1024;

/// Why `path` cannot be read as a file ("no such file", "it is a folder", "it is a
/// FIFO, not a regular file"), or nullopt for a regular file.
std::optional<std::string> not_a_file(const std::filesystem::path& path);

/// The file's bytes, or why it cannot be read ("it is a folder", "it is 9 MiB; ...").
std::expected<std::string, std::string> read_file(const std::filesystem::path& path);

} // namespace itsm::config
