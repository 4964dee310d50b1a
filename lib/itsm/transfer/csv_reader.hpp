#pragma once
// The CSV reader of the import (docs/export-import.md): a header naming the fields (fields.hpp),
// then one ticket's fields per record.

#include <itsm/transfer/import_row.hpp>
#include <itsm/transfer/line_reader.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace itsm::transfer {

/// RFC 4180 records over lines: a quoted cell may span lines. A cell is at most a line long, a
/// record at most one cell per column (the memory stays bounded).
class CsvReader {
public:
    explicit CsvReader(LineReader& lines) : m_lines(lines) {}

    /// The next record's cells, and the line where it starts; false at the end of the input.
    /// Throws Bad.
    bool next(std::vector<std::string>& cells, long long& first_line);

private:
    LineReader& m_lines;
};

/// Maps the header's names to field indexes (k_fields.size() for "id", which is ignored).
/// Throws Bad for an unknown or repeated name, or when a required field has no column.
std::vector<std::size_t> csv_columns(const std::vector<std::string>& header);

/// One record into a cleared `row`, by the header's `columns`. A leading quote that guards a
/// formula on export is removed. Throws Bad.
void parse_csv_record(const std::vector<std::string>& cells,
                      const std::vector<std::size_t>& columns, Row& row);

} // namespace itsm::transfer
