#pragma once
// The values shell completion offers for an option or a positional argument: choices declared
// on the option, and live values from the configuration and the store.

#include "context.hpp"

#include <string>
#include <vector>

namespace itsm::cmd {

/// One completion candidate; the description is shown by zsh and fish.
struct Candidate {
    std::string value;
    std::string description;
};

/// What to offer for one word.
struct Values {
    std::vector<Candidate> candidates;
    /// "" (only the candidates), "files" or "dirs": the shell adds paths of its own.
    std::string fallback;
};

/// The values for `option` (a named option or a positional) of `command`. Never throws: a
/// configuration or store that cannot be read offers nothing from it.
Values values_for(AppContext& ctx, const CLI::App& command, const CLI::Option& option);

/// The choices written in an option's type, e.g. "FORMAT:{text,json}" -> text, json.
std::vector<std::string> declared_choices(const CLI::Option& option);

} // namespace itsm::cmd
