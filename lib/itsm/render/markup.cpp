#include <itsm/render/markup.hpp>
#include <itsm/render/terminal.hpp>

#include <algorithm>

namespace itsm::render {

std::string html_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::string markdown_cell(std::string_view raw) {
    const std::string printable = terminal_text(raw, Lines::many);
    const std::string_view text = printable;
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\r' || c == '\n' || c == '\t') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
                ++i;
            }
            out += ' ';
            continue;
        }
        if (c == '|' || c == '\\' || c == '*' || c == '_' || c == '`' || c == '[' || c == ']' ||
            c == '<' || c == '>' || c == '#' || c == '~') {
            out += '\\';
        }
        out += c;
    }
    return out;
}

std::string markdown_table(const std::vector<std::string>& header,
                           const std::vector<std::vector<std::string>>& rows,
                           const std::vector<std::size_t>& right) {
    auto is_right = [&](std::size_t i) {
        return std::find(right.begin(), right.end(), i) != right.end();
    };
    std::string out = "|";
    for (const auto& h : header) {
        out += " " + markdown_cell(h) + " |";
    }
    out += "\n|";
    for (std::size_t i = 0; i < header.size(); ++i) {
        out += is_right(i) ? " ---: |" : " --- |";
    }
    out += "\n";
    for (const auto& row : rows) {
        out += "|";
        for (std::size_t i = 0; i < header.size(); ++i) {
            out += " " + (i < row.size() ? markdown_cell(row[i]) : std::string()) + " |";
        }
        out += "\n";
    }
    return out;
}

std::string html_table(const std::vector<std::string>& header,
                       const std::vector<std::vector<std::string>>& rows,
                       const std::vector<std::size_t>& right) {
    auto cls = [&](std::size_t i) {
        return std::find(right.begin(), right.end(), i) != right.end() ? " class=\"num\"" : "";
    };
    std::string out = "<table>\n<thead><tr>";
    for (std::size_t i = 0; i < header.size(); ++i) {
        out += std::string("<th") + cls(i) + ">" + html_escape(header[i]) + "</th>";
    }
    out += "</tr></thead>\n<tbody>\n";
    for (const auto& row : rows) {
        out += "<tr>";
        for (std::size_t i = 0; i < header.size(); ++i) {
            out += std::string("<td") + cls(i) + ">" +
                   html_escape(i < row.size() ? row[i] : std::string()) + "</td>";
        }
        out += "</tr>\n";
    }
    out += "</tbody>\n</table>\n";
    return out;
}

} // namespace itsm::render
