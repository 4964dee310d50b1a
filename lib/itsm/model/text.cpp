#include <itsm/core/error.hpp>
#include <itsm/core/text.hpp>
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
    for (std::size_t i = 0; i < text.size();) {
        if (static_cast<unsigned char>(text[i]) < 0x80) {
            ++i; // ASCII, most of every text, without the decoder
            continue;
        }
        char32_t cp = 0;
        const std::size_t length = core::utf8_sequence(text, i, cp);
        if (length == 0) {
            return false;
        }
        i += length;
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
