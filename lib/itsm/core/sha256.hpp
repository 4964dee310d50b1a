#pragma once
// SHA-256 of a text in one piece, as hex digits (nettle, as the audit chain uses).

#include <string>
#include <string_view>

namespace itsm::core {

/// The 64 lower-case hex digits of SHA-256 of `data`.
std::string sha256_hex(std::string_view data);

} // namespace itsm::core
