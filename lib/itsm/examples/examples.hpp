#pragma once
// The configurations of examples/, compiled into the binary at build time so that `itsm init`
// works from an installed binary, wherever the source tree is.

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace itsm::examples {

/// One embedded file: examples/<example>/<name>.
struct File {
    std::string_view example; // "mkip"
    std::string_view name;    // "priorities.toml"
    std::string_view content;
};

/// Every embedded file, sorted by example, then name.
std::span<const File> all();

/// The examples that hold a configuration (at least one .toml file), sorted.
std::vector<std::string> names();

/// The .toml files of `example` (the configuration and its cases.toml); empty when there is no
/// such example.
std::vector<File> files_of(std::string_view example);

/// The title of the example: the first line of its README.md without the leading "# ", or "".
std::string title_of(std::string_view example);

namespace internal {
/// Defined in the source generated from examples/ (lib/itsm/examples/embed.cmake).
std::span<const File> embedded();
} // namespace internal

} // namespace itsm::examples
