#pragma once
// Checks on free text entered by users: valid UTF-8, no control characters, bounded length.

#include <cstddef>
#include <string>
#include <string_view>

namespace itsm::model {

constexpr std::size_t k_max_title = 500;      // bytes
constexpr std::size_t k_max_text = 64 * 1024; // descriptions, notes, resolutions
constexpr std::size_t k_max_short = 200;      // names, groups, codes

/// Appends code point `cp` (at most 0x10FFFF) to `out` encoded as UTF-8.
void append_utf8(std::string& out, unsigned cp);

/// True when `text` is well-formed UTF-8.
bool valid_utf8(std::string_view text);

/// Throws UsageError (exit 2) naming `what` when `text` is not valid UTF-8, longer than
/// `max_bytes`, or holds control characters (tab and newline allowed only when `multiline`).
void check_text(std::string_view what, std::string_view text, std::size_t max_bytes,
                bool multiline);

} // namespace itsm::model
