#pragma once
// Internal to lib/itsm/config: policy versions, the folders policies/YYYY-MM-DD/ whose files
// lay new terms over the ones before them from a date (docs/configuration.md).

#include <itsm/config/config.hpp>

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace itsm::config::internal {

inline constexpr std::string_view k_policies_dir = "policies";

/// The texts of one configuration, by file name as in the folder ("itsm.toml",
/// "calendars/uk.toml", "policies/2027-01-01/priorities.toml").
using Texts = std::map<std::string, std::string>;

/// Loads one version's texts (without policies/ files) into a configuration, with the
/// diagnostics found before reading them.
using LoadVersion = std::function<LoadResult(const Texts&, std::vector<Diagnostic>)>;

/// Loads every version in `texts`: the top-level files, then each dated folder laid over the
/// version before it. The result is the first version, with `policy` and `versions` set; the
/// diagnostics of the later versions are added once each, named by the file they are in.
LoadResult load_versions(const Texts& texts, std::vector<Diagnostic> early,
                         const LoadVersion& load);

/// Sorts diagnostics by file, line and column, keeping the order of those at one place.
void sort_diagnostics(std::vector<Diagnostic>& diagnostics);

/// Reads the .toml file at `path` into `texts` as `name`; a file that cannot be read is an error
/// diagnostic naming it.
void read_toml_file(const std::filesystem::path& path, const std::string& name, Texts& texts,
                    std::vector<Diagnostic>& early);

/// Reads the files of every folder policies/NAME/ of `dir` into `texts`, keyed
/// "policies/NAME/FILE"; a file or folder that cannot be read is a diagnostic.
void read_policy_files(const std::filesystem::path& dir, Texts& texts,
                       std::vector<Diagnostic>& early);

} // namespace itsm::config::internal
