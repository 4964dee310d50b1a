#include <itsm/core/text.hpp>
#include <itsm/render/json_stream.hpp>
#include <itsm/render/json_writer.hpp>

#include <charconv>
#include <cstring>
#include <iterator>

namespace itsm::render {

JsonWriter::JsonWriter(std::string& out, int depth) : m_out(out), m_depth(depth) {}

// A new line, indented for the next member of the innermost container.
void JsonWriter::line_break() {
    m_out += '\n';
    m_out.append(static_cast<std::size_t>(m_depth + static_cast<int>(m_open.size())) * 2, ' ');
}

void JsonWriter::before_value() {
    if (m_after_key) {
        m_after_key = false;
        return;
    }
    if (!m_open.empty()) { // an array's item
        if (m_open.back()) {
            m_out += ',';
        }
        m_open.back() = true;
        line_break();
    }
}

void JsonWriter::open(char bracket) {
    before_value();
    m_out += bracket;
    m_open.push_back(false);
}

void JsonWriter::close(char bracket) {
    const bool any = m_open.back();
    m_open.pop_back();
    if (any) {
        line_break();
    }
    m_out += bracket;
}

JsonWriter& JsonWriter::begin_object() {
    open('{');
    return *this;
}

JsonWriter& JsonWriter::end_object() {
    close('}');
    return *this;
}

JsonWriter& JsonWriter::begin_array() {
    open('[');
    return *this;
}

JsonWriter& JsonWriter::end_array() {
    close(']');
    return *this;
}

JsonWriter& JsonWriter::key(std::string_view name) {
    const bool comma = m_open.back();
    m_open.back() = true;
    m_after_key = true;
    const auto indent = static_cast<std::size_t>(m_depth + static_cast<int>(m_open.size())) * 2;
    if (core::json_plain_end(name, 0, false) != name.size()) {
        m_out += comma ? ",\n" : "\n";
        m_out.append(indent, ' ');
        append_json_string(m_out, name);
        m_out += ": ";
        return *this;
    }
    // The separator, the line's indent and the name in one go when the name needs no escape
    // (every name itsm writes): the per-character appends were half the time of a `list`.
    const std::size_t at = m_out.size();
    const std::size_t size = at + (comma ? 1 : 0) + 1 + indent + name.size() + 4;
    m_out.resize_and_overwrite(size, [&](char* out, std::size_t) {
        char* p = out + at;
        if (comma) {
            *p++ = ',';
        }
        *p++ = '\n';
        std::memset(p, ' ', indent);
        p += indent;
        *p++ = '"';
        std::memcpy(p, name.data(), name.size());
        p += name.size();
        std::memcpy(p, "\": ", 3);
        return size;
    });
    return *this;
}

JsonWriter& JsonWriter::string(std::string_view text) {
    before_value();
    append_json_string(m_out, text);
    return *this;
}

JsonWriter& JsonWriter::integer(long long n) {
    before_value();
    char digits[24];
    const auto end = std::to_chars(std::begin(digits), std::end(digits), n).ptr;
    m_out.append(digits, static_cast<std::size_t>(end - digits));
    return *this;
}

JsonWriter& JsonWriter::boolean(bool b) {
    before_value();
    m_out += b ? "true" : "false";
    return *this;
}

JsonWriter& JsonWriter::null() {
    before_value();
    m_out += "null";
    return *this;
}

JsonWriter& JsonWriter::value(const nlohmann::json& document) {
    before_value();
    append_nested(m_out, document, m_depth + static_cast<int>(m_open.size()));
    return *this;
}

void append_nested(std::string& out, const nlohmann::json& document, int depth) {
    const std::string text = document.dump(2);
    std::size_t from = 0;
    for (std::size_t nl = text.find('\n'); nl != std::string::npos; nl = text.find('\n', from)) {
        out.append(text, from, nl + 1 - from);
        out.append(static_cast<std::size_t>(depth) * 2, ' ');
        from = nl + 1;
    }
    out.append(text, from, std::string::npos);
}

} // namespace itsm::render
