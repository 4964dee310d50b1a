#pragma once
// Ticket ids as people and events write them.

#include <optional>
#include <string_view>

namespace itsm::model {

/// Parses a ticket id ("INC-42", "inc-42", "42") into its number; nullopt when malformed.
std::optional<long long> parse_number(std::string_view id);

} // namespace itsm::model
