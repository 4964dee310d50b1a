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

/// Parses a stored detail into `out`, as `out = parse_detail(text)` does. Where `out` is an
/// object with the same keys already (the same kind of event as the one read into it before, as
/// when many histories are read into the same events) each value goes into its place, and a
/// text into the memory of the text it replaces, so that nothing is allocated.
void parse_detail_into(std::string_view text, nlohmann::json& out);

/// The character a one-letter JSON escape stands for (`n` for \n, `"`, `\\`, `/`, `b`, `f`,
/// `r`, `t`); nullopt for `u` and anything else.
std::optional<char> simple_escape(char letter);

} // namespace itsm::model
