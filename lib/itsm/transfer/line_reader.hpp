#pragma once
// Lines of a stream read in large blocks: views into an internal buffer, valid until the next
// call. A final line without a newline counts; a CR before the newline is dropped. A line
// longer than k_max_line stops the reading (docs/export-import.md): the memory an import takes
// stays bounded whatever its input.

#include <cstring>
#include <istream>
#include <string>
#include <string_view>

namespace itsm::transfer {

/// The longest line an import reads, without its end: 16 MiB.
inline constexpr std::size_t k_max_line = std::size_t{16} << 20;

/// Thrown by LineReader::next for a line longer than k_max_line; `line` is its number.
struct LineTooLong {
    long long line;
};

class LineReader {
public:
    explicit LineReader(std::istream& in) : m_in(in) { m_buffer.resize(1 << 20); }

    /// The next line, without its end; false at the end of the input. A UTF-8 byte order mark
    /// at the start of the input (spreadsheets write one) is skipped.
    bool next(std::string_view& line) {
        skip_bom();
        while (true) {
            const char* start = m_buffer.data() + m_pos;
            const void* nl = m_pos < m_end ? std::memchr(start, '\n', m_end - m_pos) : nullptr;
            if (nl != nullptr) {
                const auto* stop = static_cast<const char*>(nl);
                line = std::string_view(start, static_cast<std::size_t>(stop - start));
                m_pos = static_cast<std::size_t>(stop - m_buffer.data()) + 1;
                trim_cr(line);
                return counted(line);
            }
            if (m_eof) {
                if (m_pos >= m_end) {
                    return false;
                }
                line = std::string_view(start, m_end - m_pos);
                m_pos = m_end;
                trim_cr(line);
                return counted(line);
            }
            if (m_end - m_pos > k_max_line + 1) { // longer than a line may be (and its CR)
                throw LineTooLong{m_line + 1};
            }
            fill();
        }
    }

    /// The number (from 1) of the line last returned.
    long long line_number() const { return m_line; }

    /// The first character that is not white space, without consuming anything; 0 when none.
    char first_char() {
        skip_bom();
        std::size_t i = m_pos;
        while (true) {
            for (; i < m_end; ++i) {
                const char c = m_buffer[i];
                if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                    return c;
                }
            }
            if (m_eof) {
                return 0;
            }
            const std::size_t offset = i - m_pos;
            fill();
            i = m_pos + offset;
        }
    }

private:
    void skip_bom() {
        if (m_bom_checked) {
            return;
        }
        m_bom_checked = true;
        while (m_end - m_pos < 3 && !m_eof) {
            fill();
        }
        if (m_end - m_pos >= 3 && std::memcmp(m_buffer.data() + m_pos, "\xEF\xBB\xBF", 3) == 0) {
            m_pos += 3;
        }
    }

    static void trim_cr(std::string_view& line) {
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
    }

    bool counted(std::string_view line) {
        ++m_line;
        if (line.size() > k_max_line) {
            throw LineTooLong{m_line};
        }
        return true;
    }

    // Moves the unread part to the front, grows the buffer when a line fills it, reads more.
    void fill() {
        if (m_pos > 0) {
            std::memmove(m_buffer.data(), m_buffer.data() + m_pos, m_end - m_pos);
            m_end -= m_pos;
            m_pos = 0;
        }
        if (m_end == m_buffer.size()) {
            m_buffer.resize(m_buffer.size() * 2);
        }
        m_in.read(m_buffer.data() + m_end, static_cast<std::streamsize>(m_buffer.size() - m_end));
        const auto got = m_in.gcount();
        m_end += static_cast<std::size_t>(got);
        if (got == 0 || !m_in) {
            m_eof = true;
        }
    }

    std::istream& m_in;
    std::string m_buffer;
    std::size_t m_pos = 0;
    std::size_t m_end = 0;
    bool m_eof = false;
    bool m_bom_checked = false;
    long long m_line = 0;
};

} // namespace itsm::transfer
