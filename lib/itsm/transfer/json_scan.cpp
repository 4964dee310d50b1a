#include <itsm/core/text.hpp>
#include <itsm/model/detail.hpp>
#include <itsm/model/text.hpp>
#include <itsm/transfer/json_scan.hpp>

#include <fmt/format.h>

#include <limits>

namespace itsm::transfer {

namespace {

constexpr int k_max_depth = 64;

} // namespace

void JsonScanner::fail(const std::string& message) const {
    throw ScanError{m_pos, message};
}

void JsonScanner::skip_ws() {
    while (m_pos < m_text.size()) {
        const char c = m_text[m_pos];
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
            return;
        }
        ++m_pos;
    }
}

bool JsonScanner::peek(char c) {
    skip_ws();
    return m_pos < m_text.size() && m_text[m_pos] == c;
}

bool JsonScanner::consume(char c) {
    if (peek(c)) {
        ++m_pos;
        return true;
    }
    return false;
}

void JsonScanner::expect(char c, const char* what) {
    if (!consume(c)) {
        if (m_pos >= m_text.size()) {
            fail(std::string("the line ends where ") + what + " was expected");
        }
        fail(std::string("expected ") + what + " at column " + std::to_string(m_pos + 1));
    }
}

bool JsonScanner::consume_null() {
    skip_ws();
    if (m_text.substr(m_pos, 4) == "null") {
        m_pos += 4;
        return true;
    }
    return false;
}

unsigned JsonScanner::hex4() {
    if (m_pos + 4 > m_text.size()) {
        fail("a \\u escape needs four hex digits");
    }
    unsigned v = 0;
    for (int k = 0; k < 4; ++k) {
        const char c = m_text[m_pos++];
        v <<= 4;
        if (c >= '0' && c <= '9') {
            v |= static_cast<unsigned>(c - '0');
        } else if (c >= 'a' && c <= 'f') {
            v |= static_cast<unsigned>(c - 'a' + 10);
        } else if (c >= 'A' && c <= 'F') {
            v |= static_cast<unsigned>(c - 'A' + 10);
        } else {
            fail("a \\u escape needs four hex digits");
        }
    }
    return v;
}

void JsonScanner::string(std::string& out) {
    out.clear();
    skip_ws();
    if (m_pos >= m_text.size() || m_text[m_pos] != '"') {
        fail("expected a string at column " + std::to_string(m_pos + 1));
    }
    ++m_pos;
    while (true) {
        // Copy the run of plain ASCII characters at once: no quote, backslash, control
        // character or non-ASCII byte.
        const std::size_t run = core::json_plain_end(m_text, m_pos, true);
        out.append(m_text.data() + m_pos, run - m_pos);
        m_pos = run;
        if (m_pos >= m_text.size()) {
            fail("a string is not closed");
        }
        const auto c = static_cast<unsigned char>(m_text[m_pos]);
        if (c == '"') {
            ++m_pos;
            return;
        }
        if (c < 0x20) {
            fail("a control character in a string must be escaped (e.g. \\n)");
        }
        if (c >= 0x80) {
            char32_t cp = 0;
            const std::size_t n = core::utf8_sequence(m_text, m_pos, cp);
            if (n == 0) {
                fail("a string is not valid UTF-8");
            }
            out.append(m_text.data() + m_pos, n);
            m_pos += n;
            continue;
        }
        ++m_pos; // backslash
        if (m_pos >= m_text.size()) {
            fail("a string is not closed");
        }
        const char e = m_text[m_pos++];
        if (const auto c = model::simple_escape(e)) {
            out += *c;
            continue;
        }
        switch (e) {
        case 'u': {
            unsigned cp = hex4();
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                if (m_text.substr(m_pos, 2) != "\\u") {
                    fail("a \\u escape of a high surrogate must be followed by its low one");
                }
                m_pos += 2;
                const unsigned low = hex4();
                if (low < 0xDC00 || low > 0xDFFF) {
                    fail("a \\u escape of a high surrogate must be followed by its low one");
                }
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                fail("a lone low surrogate in a \\u escape");
            }
            model::append_utf8(out, cp);
            break;
        }
        default:
            fail(fmt::format("unknown escape \\{} in a string", e));
        }
    }
}

long long JsonScanner::integer() {
    skip_ws();
    const std::size_t start = m_pos;
    bool negative = false;
    if (m_pos < m_text.size() && m_text[m_pos] == '-') {
        negative = true;
        ++m_pos;
    }
    unsigned long long v = 0;
    const std::size_t digits_from = m_pos;
    while (m_pos < m_text.size() && m_text[m_pos] >= '0' && m_text[m_pos] <= '9') {
        v = v * 10 + static_cast<unsigned>(m_text[m_pos] - '0');
        if (v > static_cast<unsigned long long>(std::numeric_limits<long long>::max())) {
            m_pos = start;
            fail("a number is too large");
        }
        ++m_pos;
    }
    const std::size_t count = m_pos - digits_from;
    if (count == 0 || (count > 1 && m_text[digits_from] == '0')) {
        m_pos = start;
        fail("expected a whole number at column " + std::to_string(start + 1));
    }
    if (m_pos < m_text.size() &&
        (m_text[m_pos] == '.' || m_text[m_pos] == 'e' || m_text[m_pos] == 'E')) {
        m_pos = start;
        fail("expected a whole number at column " + std::to_string(start + 1));
    }
    const auto value = static_cast<long long>(v);
    return negative ? -value : value;
}

void JsonScanner::skip_string() {
    thread_local std::string scratch;
    string(scratch);
}

void JsonScanner::skip_number() {
    const std::size_t start = m_pos;
    auto digits = [&] {
        const std::size_t from = m_pos;
        while (m_pos < m_text.size() && m_text[m_pos] >= '0' && m_text[m_pos] <= '9') {
            ++m_pos;
        }
        return m_pos - from;
    };
    if (m_text[m_pos] == '-') {
        ++m_pos;
    }
    const std::size_t int_from = m_pos;
    const std::size_t n = digits();
    if (n == 0 || (n > 1 && m_text[int_from] == '0')) {
        m_pos = start;
        fail("malformed number at column " + std::to_string(start + 1));
    }
    if (m_pos < m_text.size() && m_text[m_pos] == '.') {
        ++m_pos;
        if (digits() == 0) {
            fail("malformed number at column " + std::to_string(start + 1));
        }
    }
    if (m_pos < m_text.size() && (m_text[m_pos] == 'e' || m_text[m_pos] == 'E')) {
        ++m_pos;
        if (m_pos < m_text.size() && (m_text[m_pos] == '+' || m_text[m_pos] == '-')) {
            ++m_pos;
        }
        if (digits() == 0) {
            fail("malformed number at column " + std::to_string(start + 1));
        }
    }
}

void JsonScanner::skip_literal(std::string_view word) {
    if (m_text.substr(m_pos, word.size()) != word) {
        fail("unexpected character at column " + std::to_string(m_pos + 1));
    }
    m_pos += word.size();
}

void JsonScanner::skip_value(int depth) {
    if (depth > k_max_depth) {
        fail("values are nested too deeply");
    }
    skip_ws();
    if (m_pos >= m_text.size()) {
        fail("the line ends where a value was expected");
    }
    const char c = m_text[m_pos];
    if (c == '{') {
        ++m_pos;
        if (consume('}')) {
            return;
        }
        do {
            skip_string();
            expect(':', "':'");
            skip_value(depth + 1);
        } while (consume(','));
        expect('}', "',' or '}'");
    } else if (c == '[') {
        ++m_pos;
        if (consume(']')) {
            return;
        }
        do {
            skip_value(depth + 1);
        } while (consume(','));
        expect(']', "',' or ']'");
    } else if (c == '"') {
        skip_string();
    } else if (c == '-' || (c >= '0' && c <= '9')) {
        skip_number();
    } else if (c == 't') {
        skip_literal("true");
    } else if (c == 'f') {
        skip_literal("false");
    } else if (c == 'n') {
        skip_literal("null");
    } else {
        fail("unexpected character at column " + std::to_string(m_pos + 1));
    }
}

std::string_view JsonScanner::raw_value() {
    skip_ws();
    const std::size_t start = m_pos;
    skip_value(0);
    return m_text.substr(start, m_pos - start);
}

void JsonScanner::expect_end() {
    skip_ws();
    if (m_pos != m_text.size()) {
        fail("unexpected text after the object at column " + std::to_string(m_pos + 1));
    }
}

} // namespace itsm::transfer
