#pragma once
// A small strict JSON reader for import: one pass over a line, no document tree. Strings are
// decoded and checked (well-formed UTF-8, escapes, no raw control characters); a value can be
// skipped and captured as its exact text (an event's detail is stored as written).

#include <string>
#include <string_view>

namespace itsm::transfer {

/// What went wrong and where (0-based byte offset in the line).
struct ScanError {
    std::size_t offset = 0;
    std::string message;
};

class JsonScanner {
public:
    explicit JsonScanner(std::string_view text) : m_text(text) {}

    /// Skips spaces, tabs, CR and LF.
    void skip_ws();
    /// True (and consumes it) when the next non-space character is `c`.
    bool consume(char c);
    /// Consumes `c` or throws ScanError naming `what` was expected.
    void expect(char c, const char* what);
    /// True when the next non-space character is `c` (not consumed).
    bool peek(char c);
    /// True (and consumes it) when the next value is the literal null.
    bool consume_null();
    /// A string value, decoded into `out`.
    void string(std::string& out);
    /// A whole number (no fraction or exponent) within the range of long long.
    long long integer();
    /// Skips any value, checking its syntax, and returns its exact text.
    std::string_view raw_value();
    /// Throws unless only spaces remain.
    void expect_end();

    std::size_t offset() const { return m_pos; }
    [[noreturn]] void fail(const std::string& message) const;

private:
    void skip_string();
    void skip_number();
    void skip_literal(std::string_view word);
    void skip_value(int depth);
    unsigned hex4();

    std::string_view m_text;
    std::size_t m_pos = 0;
};

} // namespace itsm::transfer
