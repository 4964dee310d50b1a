#pragma once
// The NDJSON reader of the import (docs/export-import.md): each line is one ticket as a JSON
// object, its fields under their keys (fields.hpp), its links and its events.

#include <itsm/transfer/import_row.hpp>

#include <string>
#include <string_view>

namespace itsm::transfer {

/// Reads one line into a cleared `row` (its fields, links and events as written; nothing is
/// checked but the syntax, the keys and the kinds of values). `scratch` is a reused buffer.
/// Throws Bad or ScanError (json_scan.hpp).
void parse_json_line(std::string_view line, Row& row, std::string& scratch);

} // namespace itsm::transfer
