#include <itsm/core/text.hpp>
#include <itsm/render/json_stream.hpp>
#include <itsm/render/json_writer.hpp>

#include <algorithm>
#include <string>

namespace itsm::render {

namespace {

void write_nested(std::ostream& out, const nlohmann::json& value, int depth) {
    std::string text;
    append_nested(text, value, depth);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
}

} // namespace

void append_json_string(std::string& out, std::string_view text) {
    static constexpr char k_hex[] = "0123456789abcdef";
    out += '"';
    std::size_t run = 0;
    while (true) {
        const std::size_t i = core::json_plain_end(text, run, false);
        out.append(text.data() + run, i - run);
        if (i == text.size()) {
            break;
        }
        run = i + 1;
        switch (const auto c = static_cast<unsigned char>(text[i])) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            out += "\\u00";
            out += k_hex[c >> 4];
            out += k_hex[c & 0xF];
        }
    }
    out += '"';
}

JsonArrayWriter::JsonArrayWriter(std::ostream& out, int depth) : m_out(out), m_depth(depth) {}

void JsonArrayWriter::add(const nlohmann::json& item) {
    add_written([&](JsonWriter& w) { w.value(item); });
}

void JsonArrayWriter::add_written(const std::function<void(JsonWriter&)>& write) {
    m_text.assign(m_any ? ",\n" : "[\n");
    m_any = true;
    m_text.append(static_cast<std::size_t>(m_depth + 1) * 2, ' ');
    JsonWriter w(m_text, m_depth + 1);
    write(w);
    m_out.write(m_text.data(), static_cast<std::streamsize>(m_text.size()));
}

void JsonArrayWriter::add_flat(std::vector<Member> members) {
    const auto by_key = [](const Member& a, const Member& b) { return a.key < b.key; };
    // Callers that list the members in order (sla-check's findings) skip the sort.
    if (!std::is_sorted(members.begin(), members.end(), by_key)) {
        std::sort(members.begin(), members.end(), by_key);
    }
    add_written([&](JsonWriter& w) {
        w.begin_object();
        for (const auto& [key, value] : members) {
            w.key(key);
            if (const auto* string = std::get_if<std::string_view>(&value)) {
                w.string(*string);
            } else {
                w.integer(std::get<long long>(value));
            }
        }
        w.end_object();
    });
}

void JsonArrayWriter::finish() {
    if (!m_any) {
        m_out << "[]";
        return;
    }
    m_out << '\n' << std::string(static_cast<std::size_t>(m_depth) * 2, ' ') << ']';
}

void write_object_with_array(std::ostream& out, const nlohmann::json& object, std::string_view key,
                             const std::function<void(JsonArrayWriter&)>& fill) {
    bool written = false;
    bool first = true;
    auto member = [&](std::string_view name) {
        out << (first ? "{\n  " : ",\n  ") << nlohmann::json(name).dump() << ": ";
        first = false;
    };
    auto write_array_member = [&] {
        member(key);
        JsonArrayWriter array(out, 1);
        fill(array);
        array.finish();
        written = true;
    };
    for (const auto& [name, value] : object.items()) {
        if (!written && std::string_view(name) > key) {
            write_array_member();
        }
        member(name);
        write_nested(out, value, 1);
    }
    if (!written) {
        write_array_member();
    }
    out << "\n}\n";
}

void write_array(std::ostream& out, const std::function<void(JsonArrayWriter&)>& fill) {
    JsonArrayWriter array(out, 0);
    fill(array);
    array.finish();
    out << '\n';
}

} // namespace itsm::render
