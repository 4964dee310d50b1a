#pragma once
// Internal to lib/itsm/config: a loaded configuration kept between commands, so that a short
// command does not parse the same TOML files again (docs/configuration.md, "The parsed
// configuration").

#include <itsm/config/config.hpp>
#include <itsm/config/policies.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace itsm::config::internal {

/// What a configuration is loaded from, as a digest: every file's name and text, the year the
/// holidays' rules are expanded around, and this program (its file's identity: another build
/// may read the same files differently).
std::string cache_key(const Texts& texts, int year);

/// `config` as bytes, with `key`; without its folder, its notify/ templates (read by every
/// command, as without the cache) and its time zones (found again by name).
std::string encode(const Config& config, std::string_view key);

/// The configuration in `bytes`, when they hold `key` and decode whole, and every zone they name
/// is known; nothing otherwise.
std::optional<Config> decode(std::string_view bytes, std::string_view key);

/// The file in `folder` that keeps the configuration of the folder `dir`.
std::filesystem::path cache_file(const std::filesystem::path& folder,
                                 const std::filesystem::path& dir);

/// Reads `file`; nothing when it is not there, unreadable, or holds another key.
std::optional<Config> read_cache(const std::filesystem::path& file, std::string_view key);

/// Replaces `file` with `config` and `key` (a new file renamed over it, readable by its owner
/// only); a failure is silent: the next command parses the files again.
void write_cache(const std::filesystem::path& file, const Config& config, std::string_view key);

} // namespace itsm::config::internal
