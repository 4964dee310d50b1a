#pragma once
// An event's detail as stored: a small JSON object of strings, numbers and nested objects.

#include <nlohmann/json.hpp>

#include <optional>
#include <string_view>

namespace itsm::model {

/// Parses a stored detail. Gives the same value as nlohmann::json::parse, an empty object for
/// text that is not JSON. The usual detail ({"group":"network","priority":"P2"}) is read by a
/// direct parser without nlohmann's lexer, which copies every character on its own; whatever
/// that parser does not take on (fractions, \u escapes, non-ASCII text, deep nesting) goes to
/// nlohmann.
nlohmann::json parse_detail(std::string_view text);

/// The character a one-letter JSON escape stands for (`n` for \n, `"`, `\\`, `/`, `b`, `f`,
/// `r`, `t`); nullopt for `u` and anything else.
std::optional<char> simple_escape(char letter);

} // namespace itsm::model
