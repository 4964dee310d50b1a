#pragma once
// JSON written item by item: a list of 100,000 tickets is never held as one document tree.
// The text is exactly what nlohmann's dump(2) gives for the whole document, so a streamed
// command and one that builds its document print the same thing.

#include <nlohmann/json.hpp>

#include <functional>
#include <ostream>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace itsm::render {

class JsonWriter;

/// Appends `text` (valid UTF-8) to `out` as a JSON string, quoted and escaped exactly as
/// nlohmann's dump() does it, without setting up a serializer for each string.
void append_json_string(std::string& out, std::string_view text);

/// The items of one JSON array, written as they come.
class JsonArrayWriter {
public:
    /// `depth`: how deep the array is nested (0 for a document that is the array itself).
    JsonArrayWriter(std::ostream& out, int depth);
    void add(const nlohmann::json& item);
    /// Adds the item `write` writes (render/json_writer.hpp), without a document tree.
    void add_written(const std::function<void(JsonWriter&)>& write);

    /// One member of a flat object: a string or an integer.
    struct Member {
        std::string_view key;
        std::variant<std::string_view, long long> value;
    };
    /// Adds the object of `members` (any order; printed sorted, as nlohmann does) without
    /// building a document tree for it: for lists of many small rows.
    void add_flat(std::vector<Member> members);
    /// Writes the closing bracket (or "[]" when nothing was added).
    void finish();

private:
    std::ostream& m_out;
    int m_depth;
    bool m_any = false;
    std::string m_text; // the item being written, reused
};

/// Writes `object` with one more member, the array `key`, whose items `fill` adds; members in
/// nlohmann's (sorted) key order, as dump(2) would. Ends with a newline.
void write_object_with_array(std::ostream& out, const nlohmann::json& object, std::string_view key,
                             const std::function<void(JsonArrayWriter&)>& fill);

/// Writes the array whose items `fill` adds as a whole document. Ends with a newline.
void write_array(std::ostream& out, const std::function<void(JsonArrayWriter&)>& fill);

} // namespace itsm::render
