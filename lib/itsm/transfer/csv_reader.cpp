// The CSV reader: RFC 4180 records over lines, a header naming the fields, each record one
// ticket's fields.
#include <itsm/core/suggest.hpp>
#include <itsm/render/table.hpp>
#include <itsm/transfer/csv_reader.hpp>
#include <itsm/transfer/json_scan.hpp>

#include <fmt/format.h>

namespace itsm::transfer {

bool CsvReader::next(std::vector<std::string>& cells, long long& first_line) {
    std::string_view line;
    if (!m_lines.next(line)) {
        return false;
    }
    first_line = m_lines.line_number();
    cells.clear();
    std::string cell;
    std::size_t i = 0;
    while (true) {
        cell.clear();
        if (i < line.size() && line[i] == '"') {
            ++i;
            while (true) {
                if (i >= line.size()) {
                    std::string_view more;
                    if (!m_lines.next(more)) {
                        throw Bad{"a quoted cell is not closed before the end of the input"};
                    }
                    cell += '\n';
                    if (cell.size() > k_max_line) {
                        throw Bad{fmt::format("a quoted cell longer than {} MiB, the most "
                                              "an import reads",
                                              k_max_line >> 20)};
                    }
                    line = more;
                    i = 0;
                    continue;
                }
                if (line[i] == '"') {
                    if (i + 1 < line.size() && line[i + 1] == '"') {
                        cell += '"';
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                cell += line[i++];
            }
            if (i < line.size() && line[i] != ',') {
                throw Bad{"text after a quoted cell's closing quote"};
            }
        } else {
            const auto comma = line.find(',', i);
            const auto end = comma == std::string_view::npos ? line.size() : comma;
            cell.assign(line.substr(i, end - i));
            if (cell.find('"') != std::string::npos) {
                throw Bad{"a quote inside an unquoted cell; quote the cell and double the "
                          "quote"};
            }
            i = end;
        }
        if (cells.size() > k_fields.size()) {
            throw Bad{fmt::format("more than {} cells in a record, the most columns an "
                                  "export has",
                                  k_fields.size() + 1)};
        }
        cells.push_back(cell);
        if (i >= line.size()) {
            return true;
        }
        ++i; // the comma
    }
}

std::vector<std::size_t> csv_columns(const std::vector<std::string>& header) {
    std::vector<std::size_t> columns;
    std::vector<bool> seen(k_fields.size(), false);
    for (const auto& name : header) {
        if (name == "id") {
            columns.push_back(k_fields.size());
            continue;
        }
        const std::size_t i = field_index(name);
        if (i == k_fields.size()) {
            throw Bad{fmt::format("unknown column \"{}\" in the header{}", name,
                                  did_you_mean(name, field_keys()))};
        }
        if (seen[i]) {
            throw Bad{fmt::format("column \"{}\" appears twice in the header", name)};
        }
        seen[i] = true;
        columns.push_back(i);
    }
    for (const auto i : {f_number, f_type, f_title, f_status, f_opened_at}) {
        if (!seen[i]) {
            throw Bad{fmt::format("the header has no \"{}\" column; it needs at least number, "
                                  "type, title, status and opened_at",
                                  k_fields[i].key)};
        }
    }
    return columns;
}

void parse_csv_record(const std::vector<std::string>& cells,
                      const std::vector<std::size_t>& columns, Row& row) {
    if (cells.size() != columns.size()) {
        throw Bad{fmt::format("{} cells where the header has {}", cells.size(), columns.size())};
    }
    for (std::size_t c = 0; c < cells.size(); ++c) {
        const std::size_t i = columns[c];
        if (i == k_fields.size()) {
            continue;
        }
        Slot& slot = row.fields[i];
        row.present[i] = true;
        const std::string& cell = cells[c];
        switch (field_kind(i)) {
        case FieldKind::text:
            slot.text = render::csv_unguard(cell);
            slot.null = false;
            break;
        case FieldKind::integer:
        case FieldKind::optional_integer: {
            slot.null = cell.empty();
            if (!slot.null) {
                JsonScanner s(cell);
                try {
                    slot.integer = s.integer();
                    s.expect_end();
                } catch (const ScanError&) {
                    throw Bad{
                        fmt::format("{} \"{}\" is not a whole number", k_fields[i].key, cell)};
                }
            }
            break;
        }
        case FieldKind::instant:
        case FieldKind::optional_instant: {
            slot.null = cell.empty();
            if (!slot.null) {
                const auto t = parse_utc(cell);
                if (!t) {
                    throw Bad{fmt::format("{} \"{}\" is not an RFC 3339 time such as "
                                          "2026-11-23T08:15:00Z",
                                          k_fields[i].key, cell)};
                }
                slot.integer = *t;
            }
            break;
        }
        }
    }
}

} // namespace itsm::transfer
