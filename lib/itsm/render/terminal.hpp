#pragma once
// Text from the store made safe to print on a terminal (docs/security.md, "Terminal output"):
// the one escaping function every text renderer and error message goes through.

#include <cstdint>
#include <string>
#include <string_view>

namespace itsm::render {

/// Whether the text is printed as one line (a table cell, a title, an error message) or may
/// run over several (a description, a note).
enum class Lines : std::uint8_t { one, many };

/// `text` with every character that could steer a terminal or hide what it shows written as a
/// visible escape, as git and ls do: C0 controls and DEL ("\x1b", "\r" for a carriage return,
/// "\t" and "\n" unless `lines` is many, where a CR before a newline stays too), C1 controls
/// ("\u009b"), the bidirectional overrides, embeddings and isolates ("\u202e"), the line and
/// paragraph separators ("\u2028") and bytes that are not UTF-8 ("\xff"). Anything else, including
/// a backslash, is left as it is.
std::string terminal_text(std::string_view text, Lines lines = Lines::one);

} // namespace itsm::render
