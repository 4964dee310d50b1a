#pragma once
// Export and import of tickets with their full history (docs/export-import.md). NDJSON is the
// lossless format: export -> import into an empty store -> export gives the same bytes. CSV
// carries the tickets' fields only; importing it builds a minimal history from them.

#include <itsm/config/config.hpp>
#include <itsm/store/store.hpp>

#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>

namespace itsm::transfer {

enum class Format { ndjson, csv };

/// "ndjson" or "csv"; nullopt otherwise.
std::optional<Format> parse_format(std::string_view text);

struct ExportOptions {
    Format format = Format::ndjson;
    std::optional<time::Instant> from;  // inclusive; none = from the beginning
    std::optional<time::Instant> until; // exclusive; none = to the end
};

/// Writes every ticket opened or closed in [from, until) (every ticket when neither is set),
/// in number order, from one consistent snapshot of the store. Returns how many were written.
long long export_tickets(store::Store& store, const config::Config& config,
                         const ExportOptions& options, std::ostream& out);

struct ImportOptions {
    std::optional<Format> format; // none: NDJSON when the first character is '{', else CSV
    std::string source = "-";     // the file name used in messages ("FILE:LINE: ...")
    std::string actor = "import"; // recorded on the history built for CSV rows
    /// Called every 10,000 tickets with the count so far, and once at the end.
    std::function<void(long long tickets)> progress;
};

struct ImportResult {
    long long tickets = 0;
    long long events = 0;
    long long links = 0;
};

/// Imports every ticket of `in` in one transaction: all or nothing. Tickets keep their
/// numbers; a number already in the store (or twice in the input) is an error. Throws
/// UsageError "FILE:LINE: what is wrong" for the first bad line; nothing is imported then.
ImportResult import_tickets(store::Store& store, const config::Config& config, std::istream& in,
                            const ImportOptions& options);

} // namespace itsm::transfer
