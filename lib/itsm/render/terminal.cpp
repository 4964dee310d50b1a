#include <itsm/core/text.hpp>
#include <itsm/render/terminal.hpp>

#include <array>

namespace itsm::render {

namespace {

constexpr std::array<char, 16> k_hex_digits{'0', '1', '2', '3', '4', '5', '6', '7',
                                            '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};

bool steers(char32_t cp, Lines lines) {
    if (cp == '\n' || cp == '\t') {
        return lines == Lines::one;
    }
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) ||      // C0, DEL, C1
           cp == 0x061C || cp == 0x200E || cp == 0x200F || // bidi marks
           (cp >= 0x2028 && cp <= 0x202E) ||               // separators, embeddings, overrides
           (cp >= 0x2066 && cp <= 0x2069);                 // isolates
}

void append_escape(std::string& out, char32_t cp) {
    switch (cp) {
    case '\n':
        out += "\\n";
        return;
    case '\r':
        out += "\\r";
        return;
    case '\t':
        out += "\\t";
        return;
    default:
        break;
    }
    out += cp < 0x80 ? "\\x" : "\\u";
    const int digits = cp < 0x80 ? 2 : 4;
    for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
        out += k_hex_digits[(cp >> shift) & 0xF];
    }
}

} // namespace

std::string terminal_text(std::string_view text, Lines lines) {
    std::string out;
    std::size_t copied = 0; // text[copied, i) is still to be copied as it is
    std::size_t i = 0;
    while (i < text.size()) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte >= 0x20 && byte < 0x7F) {
            ++i;
            continue;
        }
        char32_t cp = 0;
        const std::size_t length = core::utf8_sequence(text, i, cp);
        const bool crlf =
            cp == '\r' && lines == Lines::many && i + 1 < text.size() && text[i + 1] == '\n';
        if (length != 0 && (crlf || !steers(cp, lines))) {
            i += length;
            continue;
        }
        out.append(text, copied, i - copied);
        if (length == 0) {
            out += "\\x";
            out += k_hex_digits[byte >> 4];
            out += k_hex_digits[byte & 0xF];
            ++i;
        } else {
            append_escape(out, cp);
            i += length;
        }
        copied = i;
    }
    if (copied == 0) {
        return std::string(text);
    }
    out.append(text, copied, text.size() - copied);
    return out;
}

} // namespace itsm::render
