#pragma once
// "Did you mean ...?" for misspelt keys, names and references in the configuration.

#include <string>
#include <string_view>
#include <vector>

namespace itsm::config {

/// Case-insensitive edit distance (Levenshtein with transpositions) between `a` and `b`.
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate closest to `word` when it is plausibly a misspelling (edit distance at most 2
/// and under half its length, or a shared stem such as `priorities` for `priority`); "" when
/// none is close.
std::string closest(std::string_view word, const std::vector<std::string>& candidates);

/// "; did you mean `hours`?" when a candidate is close, else "; expected one of: a, b, c"
/// (or `none_text` when there are no candidates).
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates,
                         std::string_view none_text = "");

/// "a, b, c" with each name in backquotes.
std::string quoted_list(const std::vector<std::string>& names);

} // namespace itsm::config
