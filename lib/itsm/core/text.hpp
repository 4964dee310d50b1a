#pragma once
// Small helpers on text shared by the parsers and the renderers.

#include <array>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace itsm::core {

/// `s` without the white space (as std::isspace) at either end.
inline std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) {
        s.remove_prefix(1);
    }
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) {
        s.remove_suffix(1);
    }
    return s;
}

/// The length of the well-formed UTF-8 sequence at text[i], with its code point in `cp`; 0 when
/// the bytes there are not UTF-8 (a stray continuation byte, a cut or overlong sequence, a
/// surrogate, past U+10FFFF). The one UTF-8 decoder of the parsers and the renderers.
inline std::size_t utf8_sequence(std::string_view text, std::size_t i, char32_t& cp) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const std::size_t length = lead < 0x80             ? 1
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

/// Where the run of bytes from text[from] that a JSON string holds as they are ends: the first
/// '"', '\\' or control character at or after `from` (with `ascii`, also the first byte of 0x80
/// or above), or text.size(). Tested eight bytes at a time (SWAR) and the last few by a table,
/// so that a run costs a few instructions a word rather than several a byte: the inner loop of
/// the JSON reader and writers.
inline std::size_t json_plain_end(std::string_view text, std::size_t from, bool ascii) {
    constexpr std::uint64_t ones = 0x0101010101010101ULL;
    constexpr std::uint64_t highs = 0x8080808080808080ULL;
    const auto has_zero = [](std::uint64_t v) { return (v - ones) & ~v & highs; };
    const std::uint64_t high = ascii ? highs : 0;
    std::size_t i = from;
    for (; i + 8 <= text.size(); i += 8) {
        std::uint64_t x = 0;
        std::memcpy(&x, text.data() + i, 8);
        if ((has_zero(x ^ (ones * '"')) | has_zero(x ^ (ones * '\\')) |
             ((x - ones * 0x20) & ~x & highs) | (x & high)) != 0) {
            break;
        }
    }
    // Per byte: 1 for a byte to escape, 2 for one above ASCII.
    static constexpr auto k_kind = [] {
        std::array<unsigned char, 256> kind{};
        for (std::size_t c = 0; c < kind.size(); ++c) {
            kind[c] = c < 0x20 || c == '"' || c == '\\' ? 1 : c >= 0x80 ? 2 : 0;
        }
        return kind;
    }();
    const unsigned char stop = ascii ? 3 : 1;
    for (; i < text.size(); ++i) {
        if ((k_kind[static_cast<unsigned char>(text[i])] & stop) != 0) {
            break;
        }
    }
    return i;
}

/// `out` made a copy of `text`, in its own memory where that is large enough: for readers that
/// fill the same strings row after row. `std::string::assign` costs some fifty instructions
/// more a call (docs/performance.md, "A column read once").
inline void overwrite(std::string& out, std::string_view text) {
    // The size asked for, not the one passed: GCC 12's library passes the capacity it grew the
    // string to, which may be more.
    out.resize_and_overwrite(text.size(), [&](char* to, std::size_t) {
        if (!text.empty()) {
            std::memcpy(to, text.data(), text.size());
        }
        return text.size();
    });
}

/// "1 open ticket", "2 open tickets": `n` and `noun`, with an "s" unless `n` is one.
inline std::string count_of(std::size_t n, std::string_view noun) {
    return std::to_string(n) + " " + std::string(noun) + (n == 1 ? "" : "s");
}

} // namespace itsm::core
