#include <itsm/core/error.hpp>
#include <itsm/model/text.hpp>

#include <fmt/format.h>

namespace itsm::model {

void append_utf8(std::string& out, unsigned cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

bool valid_utf8(std::string_view text) {
    std::size_t i = 0;
    const std::size_t n = text.size();
    while (i < n) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            ++i;
            continue;
        }
        int extra = 0;
        unsigned min = 0;
        unsigned cp = 0;
        if ((c & 0xE0) == 0xC0) {
            extra = 1, min = 0x80, cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            extra = 2, min = 0x800, cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            extra = 3, min = 0x10000, cp = c & 0x07;
        } else {
            return false;
        }
        if (i + static_cast<std::size_t>(extra) >= n) {
            return false;
        }
        for (int k = 1; k <= extra; ++k) {
            const auto cc = static_cast<unsigned char>(text[i + k]);
            if ((cc & 0xC0) != 0x80) {
                return false;
            }
            cp = (cp << 6) | (cc & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            return false;
        }
        i += static_cast<std::size_t>(extra) + 1;
    }
    return true;
}

void check_text(std::string_view what, std::string_view text, std::size_t max_bytes,
                bool multiline) {
    if (text.size() > max_bytes) {
        throw UsageError(fmt::format("{} is too long ({} bytes); the limit is {} bytes", what,
                                     text.size(), max_bytes));
    }
    if (!valid_utf8(text)) {
        throw UsageError(
            fmt::format("{} is not valid UTF-8; convert it (e.g. with iconv) first", what));
    }
    for (char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '\n' || c == '\t' || c == '\r') {
            if (multiline) {
                continue;
            }
            throw UsageError(fmt::format("{} must be a single line; put longer text in the "
                                         "description or a note",
                                         what));
        }
        if (c < 0x20 || c == 0x7F) {
            throw UsageError(
                fmt::format("{} contains a control character (0x{:02x}); remove it", what, c));
        }
    }
}

} // namespace itsm::model
