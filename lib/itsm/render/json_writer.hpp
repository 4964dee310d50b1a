#pragma once
// JSON written value by value into a string, exactly as nlohmann's dump(2) prints the same
// document: for output of many objects (`list` of 100,000 tickets), where building each as a
// document tree and serialising it was most of the command's time (docs/performance.md).

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace itsm::render {

/// Writes one JSON value. An object's members must come in nlohmann's order, sorted by key
/// (byte order), for the text to be dump(2)'s; the writer does not reorder them.
class JsonWriter {
public:
    /// `depth`: how many levels down the value sits in the document (its lines after the first
    /// are indented by two spaces per level).
    JsonWriter(std::string& out, int depth);

    JsonWriter& begin_object();
    JsonWriter& end_object();
    JsonWriter& begin_array();
    JsonWriter& end_array();
    /// An object's member name; the next call writes its value.
    JsonWriter& key(std::string_view name);
    JsonWriter& string(std::string_view text); // valid UTF-8
    JsonWriter& integer(long long n);
    JsonWriter& boolean(bool b);
    JsonWriter& null();
    /// A value built as a document (an event's detail), printed as dump(2) prints it here.
    JsonWriter& value(const nlohmann::json& document);

    /// `key(name)` and its value, a string or null.
    JsonWriter& member(std::string_view name, std::string_view text) {
        return key(name).string(text);
    }

private:
    void before_value();
    void line_break();
    void open(char bracket);
    void close(char bracket);

    std::string& m_out;
    int m_depth;
    std::vector<bool> m_open; // per open container: has it a member yet
    bool m_after_key = false;
};

/// Appends dump(2)'s text of `document` to `out`, `depth` levels down.
void append_nested(std::string& out, const nlohmann::json& document, int depth);

} // namespace itsm::render
