#pragma once
// Aligned text tables (the one place text tables are laid out) and CSV cells.

#include <string>
#include <string_view>
#include <vector>

namespace itsm::render {

/// Columns sized to their widest cell (in display characters, UTF-8 aware); the last column is
/// cut with "…" when the table would pass `max_width` (0 = no limit).
class TextTable {
public:
    explicit TextTable(std::vector<std::string> header);
    void add_row(std::vector<std::string> row);
    /// Right-align column `index` (numbers).
    void align_right(std::size_t index);
    std::string render(std::size_t max_width = 0) const;
    bool empty() const { return m_rows.empty(); }

private:
    std::vector<std::string> m_header;
    std::vector<std::vector<std::string>> m_rows;
    std::vector<bool> m_right;
};

/// Display width of UTF-8 text (code points; wide East Asian characters count 2).
std::size_t display_width(std::string_view text);

/// One CSV cell per RFC 4180, guarded against spreadsheet formula injection: a cell starting
/// with =, +, -, @, tab or carriage return is prefixed with a single quote (numbers such as
/// "-5" are left alone).
std::string csv_cell(std::string_view text);

/// A CSV line (cells joined with commas, CRLF-free: ends with "\n").
std::string csv_line(const std::vector<std::string>& cells);

} // namespace itsm::render
