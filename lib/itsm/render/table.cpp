#include <itsm/render/table.hpp>
#include <itsm/render/terminal.hpp>

#include <algorithm>
#include <cstdlib>

namespace itsm::render {

namespace {

// Decodes the code point starting at text[i]; advances i.
char32_t next_code_point(std::string_view text, std::size_t& i) {
    const auto c = static_cast<unsigned char>(text[i]);
    int extra = c < 0x80 ? 0 : (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : 3;
    char32_t cp = extra == 0 ? c : extra == 1 ? (c & 0x1F) : extra == 2 ? (c & 0x0F) : (c & 0x07);
    ++i;
    for (; extra > 0 && i < text.size(); --extra, ++i) {
        cp = (cp << 6) | (static_cast<unsigned char>(text[i]) & 0x3F);
    }
    return cp;
}

bool wide(char32_t cp) {
    return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
           (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
           (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1FAFF) ||
           (cp >= 0x20000 && cp <= 0x3FFFD);
}

// The longest prefix of `text` that fits in `width` display characters.
std::string cut(std::string_view text, std::size_t width) {
    std::size_t used = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t j = i;
        const std::size_t w = wide(next_code_point(text, j)) ? 2 : 1;
        if (used + w > width) {
            break;
        }
        used += w;
        i = j;
    }
    return std::string(text.substr(0, i));
}

} // namespace

std::size_t display_width(std::string_view text) {
    // Most cells are ASCII throughout: a column a byte, counted without decoding.
    std::size_t i = 0;
    while (i < text.size() && static_cast<unsigned char>(text[i]) < 0x80) {
        ++i;
    }
    std::size_t width = i;
    while (i < text.size()) {
        width += wide(next_code_point(text, i)) ? 2 : 1;
    }
    return width;
}

TextTable::TextTable(std::vector<std::string> header)
    : m_header(std::move(header)), m_right(m_header.size(), false),
      m_first(m_header.size(), false) {}

namespace {

// A cell as the terminal may show it (terminal.hpp): on one line, with no control of its own.
void make_printable(std::string& cell) {
    cell = terminal_text(cell);
}

} // namespace

void TextTable::add_row(std::vector<std::string> row) {
    add_row(std::move(row), {});
}

void TextTable::add_row(std::vector<std::string> row, std::vector<std::string> styles) {
    row.resize(m_header.size());
    std::for_each(row.begin(), row.end(), make_printable);
    styles.resize(m_header.size());
    m_rows.push_back(std::move(row));
    m_styles.push_back(std::move(styles));
}

void TextTable::align_right(std::size_t index) {
    if (index < m_right.size()) {
        m_right[index] = true;
    }
}

void TextTable::shrink_first(std::size_t index) {
    if (index > 0 && index < m_first.size()) {
        m_first[index] = true;
    }
}

std::vector<std::size_t> TextTable::widths(std::size_t max_width) const {
    std::vector<std::size_t> widths(m_header.size(), 0);
    auto measure = [&](const std::vector<std::string>& row) {
        for (std::size_t c = 0; c < row.size(); ++c) {
            widths[c] = std::max(widths[c], display_width(row[c]));
        }
    };
    measure(m_header);
    for (const auto& row : m_rows) {
        measure(row);
    }
    if (max_width == 0 || widths.empty()) {
        return widths;
    }
    // A column is not narrowed below a few characters (or its natural width when smaller).
    constexpr std::size_t k_narrowest = 8;
    std::size_t total = 2 * (widths.size() - 1);
    for (const auto w : widths) {
        total += w;
    }
    for (std::size_t c = 1; c < widths.size() && total > max_width; ++c) {
        if (m_first[c] && widths[c] > k_narrowest) {
            const std::size_t step = std::min(total - max_width, widths[c] - k_narrowest);
            widths[c] -= step;
            total -= step;
        }
    }
    while (total > max_width) {
        std::size_t widest = 0;
        for (std::size_t c = 1; c < widths.size(); ++c) {
            if (widths[c] > k_narrowest && (widest == 0 || widths[c] > widths[widest])) {
                widest = c;
            }
        }
        if (widest == 0) {
            break; // every column but the id is as narrow as it goes: the line stays long
        }
        const std::size_t cut = std::min(total - max_width, widths[widest] - k_narrowest);
        // Take from the widest only down to the next widest, so wide columns shrink together.
        std::size_t next = k_narrowest;
        for (std::size_t c = 1; c < widths.size(); ++c) {
            if (c != widest) {
                next = std::max(next, widths[c]);
            }
        }
        const std::size_t step = std::max<std::size_t>(1, std::min(cut, widths[widest] - next));
        widths[widest] -= step;
        total -= step;
    }
    return widths;
}

std::string TextTable::render(std::size_t max_width) const {
    const auto widths = this->widths(max_width);
    std::string out;
    // Each line is written into `out` in place, a cell measured once; only a cell cut short or
    // painted is copied.
    auto emit = [&](const std::vector<std::string>& row, const std::vector<std::string>* styles) {
        const std::size_t start = out.size();
        std::string shortened;
        for (std::size_t c = 0; c < row.size(); ++c) {
            std::string_view cell = row[c];
            std::size_t width = display_width(cell);
            if (width > widths[c]) {
                shortened = cut(cell, widths[c] > 0 ? widths[c] - 1 : 0) + "…";
                cell = shortened;
                width = display_width(cell);
            }
            const std::size_t pad = widths[c] - std::min(widths[c], width);
            const bool last = c + 1 == row.size();
            if (m_right[c]) {
                out.append(pad, ' ');
            }
            if (styles != nullptr && !(*styles)[c].empty()) {
                out += paint(cell, (*styles)[c]);
            } else {
                out += cell;
            }
            if (!last) {
                if (!m_right[c]) {
                    out.append(pad, ' ');
                }
                out += "  ";
            }
        }
        while (out.size() > start && out.back() == ' ') {
            out.pop_back();
        }
        out += '\n';
    };
    emit(m_header, nullptr);
    for (std::size_t r = 0; r < m_rows.size(); ++r) {
        emit(m_rows[r], &m_styles[r]);
    }
    return out;
}

std::string paint(std::string_view text, std::string_view code) {
    std::string out = "\x1b[";
    out += code;
    out += 'm';
    out += text;
    out += "\x1b[0m";
    return out;
}

namespace {

bool formula_start(char c) {
    return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

// Quotes followed by a formula's first character: what a guard looks like ("'=x", "''-x").
bool looks_guarded(std::string_view text) {
    const auto quotes = text.find_first_not_of('\'');
    return quotes != 0 && quotes != std::string_view::npos && formula_start(text[quotes]);
}

} // namespace

std::string csv_cell(std::string_view text) {
    std::string value(text);
    if (!value.empty() && formula_start(value[0])) {
        char* end = nullptr;
        std::strtod(value.c_str(), &end);
        const bool number = end == value.c_str() + value.size() && value[0] != '=' &&
                            value[0] != '@' && value[0] != '\t' && value[0] != '\r';
        if (!number) {
            value.insert(0, 1, '\'');
        }
    } else if (looks_guarded(value)) {
        value.insert(0, 1, '\''); // the text's own quote survives csv_unguard
    }
    if (value.find_first_of(",\"\r\n") == std::string::npos) {
        return value;
    }
    std::string quoted = "\"";
    for (char c : value) {
        if (c == '"') {
            quoted += '"';
        }
        quoted += c;
    }
    quoted += '"';
    return quoted;
}

std::string csv_unguard(std::string_view cell) {
    return std::string(looks_guarded(cell) ? cell.substr(1) : cell);
}

std::string csv_line(const std::vector<std::string>& cells) {
    std::string line;
    for (std::size_t i = 0; i < cells.size(); ++i) {
        if (i > 0) {
            line += ',';
        }
        line += csv_cell(cells[i]);
    }
    line += '\n';
    return line;
}

} // namespace itsm::render
