#pragma once
// Opening a file a command reads (import files): only a regular file, so that a FIFO or a
// device named by mistake is refused at once rather than read without end or waited on with
// the store locked (docs/security.md).

#include <fstream>
#include <string>
#include <string_view>

namespace itsm::cmd {

/// Opens `path` for reading; throws UsageError (exit 2) when it is a folder, not a regular
/// file, or unreadable, ending the message with `hint` (what to give instead).
std::ifstream open_input(const std::string& path, std::string_view hint);

} // namespace itsm::cmd
