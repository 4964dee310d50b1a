#pragma once
// Aligned text tables (the one place text tables are laid out) and CSV cells.

#include <string>
#include <string_view>
#include <vector>

namespace itsm::render {

/// Columns sized to their widest cell (in display characters, UTF-8 aware). When the table would
/// pass `max_width` (0 = no limit), columns other than the first (the id) are narrowed down to
/// a few characters each, their cells cut with "…": those marked `shrink_first`, then the
/// widest ones together.
class TextTable {
public:
    explicit TextTable(std::vector<std::string> header);
    void add_row(std::vector<std::string> row);
    /// A row whose cells are coloured: styles[c] is an SGR code ("31" for red) or "" for none.
    /// Widths are measured on the text alone.
    void add_row(std::vector<std::string> row, std::vector<std::string> styles);
    /// Right-align column `index` (numbers).
    void align_right(std::size_t index);
    /// Narrow column `index` (free text, such as a title) before any other.
    void shrink_first(std::size_t index);
    std::string render(std::size_t max_width = 0) const;
    bool empty() const { return m_rows.empty(); }

private:
    std::vector<std::string> m_header;
    std::vector<std::vector<std::string>> m_rows;
    std::vector<std::vector<std::string>> m_styles; // parallel to m_rows
    std::vector<bool> m_right;
    std::vector<bool> m_first;

    std::vector<std::size_t> widths(std::size_t max_width) const;
};

/// `text` in the colour of SGR `code` ("1" bold, "31" red, "33" yellow), reset after it.
std::string paint(std::string_view text, std::string_view code);

/// Display width of UTF-8 text (code points; wide East Asian characters count 2).
std::size_t display_width(std::string_view text);

/// One CSV cell per RFC 4180, guarded against spreadsheet formula injection: a cell starting
/// with =, +, -, @, tab or carriage return is prefixed with a single quote (numbers such as
/// "-5" are left alone), and so is one starting with quotes before such a character ("'=x"),
/// so that csv_unguard gives back the text as it was.
std::string csv_cell(std::string_view text);

/// A cell's text without the guard csv_cell added: one leading quote less when the cell is one
/// or more quotes followed by =, +, -, @, tab or carriage return.
std::string csv_unguard(std::string_view cell);

/// A CSV line (cells joined with commas, CRLF-free: ends with "\n").
std::string csv_line(const std::vector<std::string>& cells);

} // namespace itsm::render
