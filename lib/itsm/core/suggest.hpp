#pragma once
// "Did you mean" suggestions for misspelt names.

#include <string>
#include <string_view>
#include <vector>

namespace itsm {

/// Levenshtein distance, case-insensitive.
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate closest to `word` within `max_distance` edits (0 = a third of its length, at
/// least 2), or "" when none is close.
std::string closest(std::string_view word, const std::vector<std::string>& candidates,
                    std::size_t max_distance = 0);

/// " (did you mean \"X\"?)" for the closest candidate, or "".
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

} // namespace itsm
