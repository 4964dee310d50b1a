#include <itsm/render/terminal.hpp>

#include <array>

namespace itsm::render {

namespace {

constexpr std::array<char, 16> k_hex_digits{'0', '1', '2', '3', '4', '5', '6', '7',
                                            '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};

// The length of the UTF-8 sequence at text[i] and its code point, or 0 when the bytes there
// are not UTF-8 (a stray continuation byte, a cut or overlong sequence, a surrogate).
std::size_t decode(std::string_view text, std::size_t i, char32_t& cp) {
    const auto lead = static_cast<unsigned char>(text[i]);
    std::size_t length = lead < 0x80             ? 1
                         : (lead & 0xE0) == 0xC0 ? 2
                         : (lead & 0xF0) == 0xE0 ? 3
                         : (lead & 0xF8) == 0xF0 ? 4
                                                 : 0;
    if (length == 0 || i + length > text.size()) {
        return 0;
    }
    cp = length == 1   ? lead
         : length == 2 ? (lead & 0x1F)
         : length == 3 ? (lead & 0x0F)
                       : (lead & 0x07);
    for (std::size_t k = 1; k < length; ++k) {
        const auto c = static_cast<unsigned char>(text[i + k]);
        if ((c & 0xC0) != 0x80) {
            return 0;
        }
        cp = (cp << 6) | (c & 0x3F);
    }
    constexpr std::array<char32_t, 5> k_least{0, 0, 0x80, 0x800, 0x10000};
    if (cp < k_least[length] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        return 0;
    }
    return length;
}

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
        const std::size_t length = decode(text, i, cp);
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
