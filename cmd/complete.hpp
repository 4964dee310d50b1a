#pragma once
// Shell completion (`itsm __complete WORDS...`) and the did-you-mean for a mistyped command.
// Both read a command line against the registered commands, so neither can drift from them.

#include "context.hpp"

#include <string>
#include <vector>

namespace itsm::cmd {

/// The name of the hidden completion command.
inline constexpr const char* k_complete_command = "__complete";

/// Prints the candidates for the last of `words` (the words after `itsm`; the last one is the
/// partial word, possibly empty), one per line as "value" or "value<TAB>description". A first
/// line ":files" or ":dirs" asks the shell to add paths. Returns the exit code (always 0).
int complete(CLI::App& app, AppContext& ctx, const std::vector<std::string>& words);

/// What was mistyped in `args` (argv without the program), with a did-you-mean: the first
/// option the command it was given to does not have ("unknown option "--stauts" for list (did
/// you mean "--status"?)"), else a word where a command name is expected that names none
/// ("unknown command "lisst" ..."); "" when neither.
std::string unknown_name(CLI::App& app, const std::vector<std::string>& args);

} // namespace itsm::cmd
