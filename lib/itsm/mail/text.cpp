#include <itsm/core/text.hpp>
#include <itsm/mail/message.hpp>
#include <itsm/model/text.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <string>

namespace itsm::mail {

namespace {

// `cp` in UTF-8, U+FFFD for what is no character (NUL, a surrogate, beyond U+10FFFF).
void append_character(std::string& out, std::uint32_t cp) {
    const bool character = cp != 0 && cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF);
    model::append_utf8(out, character ? cp : 0xFFFD);
}

// The length of the well-formed UTF-8 sequence at `i`, or 0.
std::size_t sequence_at(std::string_view s, std::size_t i) {
    char32_t cp = 0;
    return core::utf8_sequence(s, i, cp);
}

struct Entity {
    std::string_view name;
    std::uint32_t cp;
};
constexpr std::array<Entity, 12> k_entities{{{"amp", '&'},
                                             {"lt", '<'},
                                             {"gt", '>'},
                                             {"quot", '"'},
                                             {"apos", '\''},
                                             {"nbsp", ' '},
                                             {"euro", 0x20AC},
                                             {"copy", 0xA9},
                                             {"hellip", 0x2026},
                                             {"ndash", 0x2013},
                                             {"mdash", 0x2014},
                                             {"shy", 0xAD}}};

// Decodes the entity at html[i] ('&'); returns how many bytes it took, 0 when it is none.
std::size_t entity_at(std::string_view html, std::size_t i, std::string& out) {
    const auto end = html.find(';', i);
    if (end == std::string_view::npos || end - i > 10) {
        return 0;
    }
    const std::string_view name = html.substr(i + 1, end - i - 1);
    if (name.size() > 1 && name[0] == '#') {
        const bool hex = name[1] == 'x' || name[1] == 'X';
        std::uint32_t cp = 0;
        const auto digits = name.substr(hex ? 2 : 1);
        if (digits.empty()) {
            return 0;
        }
        for (char c : digits) {
            const int d = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
                          : hex && std::isxdigit(static_cast<unsigned char>(c))
                              ? std::tolower(static_cast<unsigned char>(c)) - 'a' + 10
                              : -1;
            if (d < 0 || cp > 0x10FFFF) {
                return 0;
            }
            cp = cp * (hex ? 16 : 10) + static_cast<std::uint32_t>(d);
        }
        append_character(out, cp);
        return end - i + 1;
    }
    for (const auto& e : k_entities) {
        if (e.name == name) {
            append_character(out, e.cp);
            return end - i + 1;
        }
    }
    return 0;
}

std::string lower_ascii(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

bool is_block(std::string_view tag) {
    for (std::string_view b : {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6",
                               "table", "ul", "ol", "blockquote", "pre", "hr"}) {
        if (tag == b) {
            return true;
        }
    }
    return false;
}

std::string_view trimmed(std::string_view line) {
    const auto a = line.find_first_not_of(" \t");
    if (a == std::string_view::npos) {
        return {};
    }
    return line.substr(a, line.find_last_not_of(" \t") - a + 1);
}

bool starts_with_i(std::string_view text, std::string_view prefix) {
    return text.size() >= prefix.size() && lower_ascii(text.substr(0, prefix.size())) == prefix;
}

// A line that opens the quoted history of a reply.
bool opens_history(std::string_view line, std::string_view next) {
    const auto t = trimmed(line);
    if (t.starts_with("-----") && t.ends_with("-----") && t.size() > 10) {
        return true; // -----Original Message----- and its translations
    }
    if ((starts_with_i(t, "from:") || starts_with_i(t, "von:") || starts_with_i(t, "fra:") ||
         starts_with_i(t, "från:") || starts_with_i(t, "de:")) &&
        (starts_with_i(trimmed(next), "sent:") || starts_with_i(trimmed(next), "date:") ||
         starts_with_i(trimmed(next), "gesendet:") || starts_with_i(trimmed(next), "skickat:") ||
         starts_with_i(trimmed(next), "sendt:") || starts_with_i(trimmed(next), "envoyé :"))) {
        return true; // Outlook's header block
    }
    // Gmail's attribution, in a few languages, perhaps wrapped onto the next line:
    // "On Mon, 30 Nov 2026 at 10:00, Desk <d@x.org> wrote:", "Den mån ... skrev ...:".
    std::string said = lower_ascii(t);
    if (!said.ends_with(":")) {
        said += " " + lower_ascii(trimmed(next));
    }
    if (!said.ends_with(":")) {
        return false;
    }
    const bool opens = said.starts_with("on ") || said.starts_with("am ") ||
                       said.starts_with("den ") || said.starts_with("le ") ||
                       said.starts_with("el ");
    for (std::string_view verb : {" wrote", " schrieb", " skrev", " écrit", " escribió"}) {
        if (opens && said.find(verb) != std::string::npos) {
            return true;
        }
    }
    return false;
}

} // namespace

std::string clean_text(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t n = sequence_at(text, i);
        if (n == 0) {
            append_character(out, 0xFFFD);
            ++i;
            continue;
        }
        const auto c = static_cast<unsigned char>(text[i]);
        if (n == 1 && c == '\r') {
            if (i + 1 >= text.size() || text[i + 1] != '\n') {
                out += '\n';
            }
        } else if (n == 1 && (c < 0x20 || c == 0x7F) && c != '\n' && c != '\t') {
            out += ' ';
        } else {
            out.append(text.substr(i, n));
        }
        i += n;
    }
    return out;
}

std::string one_line(std::string_view text) {
    std::string out = clean_text(text);
    std::replace_if(
        out.begin(), out.end(), [](char c) { return c == '\n' || c == '\t'; }, ' ');
    return out;
}

std::string html_to_text(std::string_view html) {
    std::string out;
    std::string skip_until; // the closing tag of script or style
    bool space = false;
    for (std::size_t i = 0; i < html.size();) {
        const char c = html[i];
        if (html.substr(i).starts_with("<!--")) {
            const auto close = html.find("-->", i + 4);
            i = close == std::string_view::npos ? html.size() : close + 3;
            continue;
        }
        if (c == '<') {
            const auto end = html.find('>', i);
            if (end == std::string_view::npos) {
                break;
            }
            std::string_view tag = html.substr(i + 1, end - i - 1);
            i = end + 1;
            const bool closing = tag.starts_with('/');
            std::string name = lower_ascii(tag.substr(closing ? 1 : 0));
            name = name.substr(0, name.find_first_of(" \t\r\n/"));
            if (!skip_until.empty()) {
                if (closing && name == skip_until) {
                    skip_until.clear();
                }
                continue;
            }
            if (!closing && (name == "script" || name == "style" || name == "head")) {
                skip_until = name;
                continue;
            }
            if (is_block(name)) {
                while (!out.empty() && out.back() == ' ') {
                    out.pop_back();
                }
                if (name == "br") {
                    out += '\n';
                } else if (name == "li" || name == "tr") {
                    if (!out.empty() && out.back() != '\n') {
                        out += '\n';
                    }
                } else if (!out.empty() && !out.ends_with("\n\n")) {
                    out += out.back() == '\n' ? "\n" : "\n\n";
                }
                if (!closing && name == "li") {
                    out += "- ";
                }
                space = false;
            } else if (name == "td" || name == "th") {
                space = true;
            }
            continue;
        }
        if (!skip_until.empty()) {
            ++i;
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            space = true;
            ++i;
            continue;
        }
        if (space && !out.empty() && out.back() != '\n') {
            out += ' ';
        }
        space = false;
        if (c == '&') {
            if (const auto n = entity_at(html, i, out); n != 0) {
                i += n;
                continue;
            }
        }
        out += c;
        ++i;
    }
    while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) {
        out.pop_back();
    }
    return clean_text(out);
}

std::string without_quoted(std::string_view text) {
    std::vector<std::string_view> lines;
    for (std::size_t start = 0; start <= text.size();) {
        const auto nl = text.find('\n', start);
        const auto end = nl == std::string_view::npos ? text.size() : nl;
        lines.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    std::size_t keep = lines.size();
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::string_view next = i + 1 < lines.size() ? lines[i + 1] : std::string_view();
        const bool rule = trimmed(lines[i]).size() >= 20 &&
                          trimmed(lines[i]).find_first_not_of('_') == std::string_view::npos;
        if (opens_history(lines[i], next) ||
            (rule && opens_history(next, lines[i + 2 < lines.size() ? i + 2 : i]))) {
            keep = i;
            break;
        }
    }
    // Trailing lines quoted with '>' (and blank lines among them).
    while (keep > 0 &&
           (trimmed(lines[keep - 1]).empty() || trimmed(lines[keep - 1]).starts_with('>'))) {
        --keep;
    }
    std::string out;
    for (std::size_t i = 0; i < keep; ++i) {
        out.append(lines[i]);
        out += '\n';
    }
    while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) {
        out.pop_back();
    }
    return out.empty() ? std::string(trimmed(text)) : out;
}

std::vector<std::string> message_ids(std::string_view value) {
    std::vector<std::string> ids;
    for (std::size_t i = value.find('<'); i != std::string_view::npos; i = value.find('<', i + 1)) {
        const auto end = value.find('>', i);
        if (end == std::string_view::npos) {
            break;
        }
        const auto id = value.substr(i + 1, end - i - 1);
        if (!id.empty() && id.find_first_of(" \t\r\n<") == std::string_view::npos) {
            ids.emplace_back(id);
        }
        i = end;
    }
    return ids;
}

} // namespace itsm::mail
