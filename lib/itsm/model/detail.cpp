#include <itsm/model/detail.hpp>

#include <itsm/core/text.hpp>

#include <array>
#include <charconv>
#include <cstdint>
#include <string>

namespace itsm::model {

namespace {

using Json = nlohmann::json;

// A JSON reader for the plain cases; every function returns false where it would have to
// decide something nlohmann decides (so the caller hands the text to nlohmann).
class Direct {
public:
    explicit Direct(std::string_view text) : m_p(text.data()), m_end(text.data() + text.size()) {}

    bool document(Json& out) {
        if (!value(out, 0)) {
            return false;
        }
        skip_ws();
        return m_p == m_end;
    }

    // The object of the text into `out`, an object with the same keys already (in any order):
    // each value read into its member's place, a text's characters into the text's memory.
    bool refill(Json& out) {
        auto& members = out.get_ref<Json::object_t&>();
        if (members.size() > k_max_members) {
            return false;
        }
        // The members in the tree's order, searched as a short array: a tree's search compares
        // whole keys where most differ in length (docs/performance.md, "A detail's keys"), and
        // stepping from node to node for every key took 2.2 million steps a run over the
        // bench's 100,000 open tickets ("A column read once").
        std::array<Json::object_t::value_type*, k_max_members> slots;
        std::size_t count = 0;
        for (auto& member : members) {
            slots[count++] = &member;
        }
        std::uint64_t seen = 0;
        std::size_t next = 0; // after the member found last: keys often follow the tree's order
        const bool read = members_of_object([&](std::string_view key) {
            std::size_t index = next;
            std::size_t tried = 0;
            for (; tried < count && std::string_view(slots[index]->first) != key; ++tried) {
                index = index + 1 == count ? 0 : index + 1;
            }
            if (tried == count) {
                return false;
            }
            next = index + 1 == count ? 0 : index + 1;
            Json& value = slots[index]->second;
            // A key twice is read twice, the last value kept, as nlohmann keeps it.
            seen |= std::uint64_t{1} << index;
            skip_ws();
            if (m_p < m_end && *m_p == '"' && value.is_string()) {
                return string(value.get_ref<std::string&>());
            }
            return this->value(value, 1);
        });
        if (!read) {
            return false;
        }
        skip_ws();
        const auto all =
            count == k_max_members ? ~std::uint64_t{0} : (std::uint64_t{1} << count) - 1;
        return m_p == m_end && seen == all;
    }

private:
    static constexpr int k_max_depth = 16;
    static constexpr std::size_t k_max_members = 64; // one bit each in refill's `seen`

    void skip_ws() {
        while (m_p < m_end && (*m_p == ' ' || *m_p == '\n' || *m_p == '\t' || *m_p == '\r')) {
            ++m_p;
        }
    }

    bool literal(std::string_view word) {
        if (static_cast<std::size_t>(m_end - m_p) < word.size() ||
            std::string_view(m_p, word.size()) != word) {
            return false;
        }
        m_p += word.size();
        return true;
    }

    // Where the characters that stand for themselves, from `p`, end: at a quote, a backslash, a
    // control character, non-ASCII text or the end.
    const char* plain_run(const char* p) const {
        while (p < m_end && k_plain[static_cast<unsigned char>(*p)]) {
            ++p;
        }
        return p;
    }

    // A key, the text's position at its opening quote: `out` is its characters in the text,
    // or in `buffer` where it holds an escape.
    bool key(std::string_view& out, std::string& buffer) {
        const char* start = m_p + 1;
        const char* end = plain_run(start);
        if (end < m_end && *end == '"') {
            out = std::string_view(start, static_cast<std::size_t>(end - start));
            m_p = end + 1;
            return true;
        }
        if (!string(buffer)) {
            return false;
        }
        out = buffer;
        return true;
    }

    bool string(std::string& out) {
        ++m_p; // the opening quote
        const char* run = plain_run(m_p);
        if (run < m_end && *run == '"') {
            // No escape, as in nearly every text: copied at once into the string's memory.
            core::overwrite(out, std::string_view(m_p, static_cast<std::size_t>(run - m_p)));
            m_p = run + 1;
            return true;
        }
        out.clear();
        while (true) {
            out.append(m_p, run);
            m_p = run;
            if (m_p >= m_end) {
                return false;
            }
            if (*m_p == '"') {
                ++m_p;
                return true;
            }
            if (*m_p != '\\' || m_p + 1 >= m_end) {
                return false; // a control character or non-ASCII text: nlohmann checks it
            }
            const auto c = simple_escape(m_p[1]);
            if (!c) {
                return false; // \u and anything unknown
            }
            out += *c;
            m_p += 2;
            run = plain_run(m_p);
        }
    }

    bool number(Json& out) {
        const char* start = m_p;
        const bool negative = *m_p == '-';
        const char* digits = negative ? m_p + 1 : m_p;
        const char* end = digits;
        while (end < m_end && *end >= '0' && *end <= '9') {
            ++end;
        }
        if (end == digits || (end - digits > 1 && *digits == '0') ||
            (end < m_end && (*end == '.' || *end == 'e' || *end == 'E'))) {
            return false;
        }
        if (negative) {
            std::int64_t v = 0;
            if (const auto r = std::from_chars(start, end, v);
                r.ec != std::errc{} || r.ptr != end) {
                return false;
            }
            out = v;
        } else {
            std::uint64_t v = 0;
            if (const auto r = std::from_chars(digits, end, v);
                r.ec != std::errc{} || r.ptr != end) {
                return false;
            }
            out = v;
        }
        m_p = end;
        return true;
    }

    // An object at the text's position, `{` to `}`: `member(key)` reads each member's value.
    template <typename Member> bool members_of_object(Member&& member) {
        std::string_view key;
        skip_ws();
        if (m_p >= m_end || *m_p != '{') {
            return false;
        }
        ++m_p;
        skip_ws();
        if (m_p < m_end && *m_p == '}') {
            ++m_p;
            return true;
        }
        while (true) {
            skip_ws();
            if (m_p >= m_end || *m_p != '"' || !this->key(key, m_key)) {
                return false;
            }
            skip_ws();
            if (m_p >= m_end || *m_p != ':') {
                return false;
            }
            ++m_p;
            if (!member(key)) {
                return false;
            }
            skip_ws();
            if (m_p < m_end && *m_p == ',') {
                ++m_p;
                continue;
            }
            if (m_p < m_end && *m_p == '}') {
                ++m_p;
                return true;
            }
            return false;
        }
    }

    bool value(Json& out, int depth) {
        skip_ws();
        if (m_p >= m_end || depth > k_max_depth) {
            return false;
        }
        switch (*m_p) {
        case '{': {
            out = Json::object();
            return members_of_object([&](std::string_view key) {
                std::string name(key); // the key's text is reused by the members within
                Json member;
                if (!value(member, depth + 1)) {
                    return false;
                }
                out[std::move(name)] = std::move(member);
                return true;
            });
        }
        case '[': {
            ++m_p;
            out = Json::array();
            skip_ws();
            if (m_p < m_end && *m_p == ']') {
                ++m_p;
                return true;
            }
            while (true) {
                Json item;
                if (!value(item, depth + 1)) {
                    return false;
                }
                out.push_back(std::move(item));
                skip_ws();
                if (m_p < m_end && *m_p == ',') {
                    ++m_p;
                    continue;
                }
                if (m_p < m_end && *m_p == ']') {
                    ++m_p;
                    return true;
                }
                return false;
            }
        }
        case '"': {
            std::string s;
            if (!string(s)) {
                return false;
            }
            out = std::move(s);
            return true;
        }
        case 't':
            out = true;
            return literal("true");
        case 'f':
            out = false;
            return literal("false");
        case 'n':
            out = nullptr;
            return literal("null");
        default:
            return number(out);
        }
    }

    static constexpr auto k_plain = [] {
        std::array<bool, 256> plain{};
        for (int c = 0x20; c < 0x80; ++c) {
            plain[static_cast<std::size_t>(c)] = c != '"' && c != '\\';
        }
        return plain;
    }();

    const char* m_p;
    const char* m_end;
    std::string m_key; // a key with an escape, decoded
};

} // namespace

std::optional<char> simple_escape(char letter) {
    switch (letter) {
    case '"':
    case '\\':
    case '/':
        return letter;
    case 'b':
        return '\b';
    case 'f':
        return '\f';
    case 'n':
        return '\n';
    case 'r':
        return '\r';
    case 't':
        return '\t';
    default:
        return std::nullopt;
    }
}

nlohmann::json parse_detail(std::string_view text) {
    Json out;
    if (Direct(text).document(out)) {
        return out;
    }
    out = Json::parse(text.begin(), text.end(), nullptr, false);
    if (out.is_discarded()) {
        return Json::object();
    }
    return out;
}

void parse_detail_into(std::string_view text, nlohmann::json& out) {
    if (!out.is_object() || !Direct(text).refill(out)) {
        out = parse_detail(text);
    }
}

} // namespace itsm::model
