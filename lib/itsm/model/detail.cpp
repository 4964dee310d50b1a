#include <itsm/model/detail.hpp>

#include <charconv>
#include <cstdint>
#include <iterator>
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
        if (members.size() > 64) {
            return false;
        }
        std::uint64_t seen = 0;
        const bool read = members_of_object(m_key, [&] {
            const auto it = members.find(m_key);
            if (it == members.end()) {
                return false;
            }
            // A key twice is read twice, the last value kept, as nlohmann keeps it.
            seen |= std::uint64_t{1} << std::distance(members.begin(), it);
            skip_ws();
            if (m_p < m_end && *m_p == '"' && it->second.is_string()) {
                return string(it->second.get_ref<std::string&>());
            }
            return value(it->second, 1);
        });
        if (!read) {
            return false;
        }
        skip_ws();
        const auto all =
            members.size() == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << members.size()) - 1;
        return m_p == m_end && seen == all;
    }

private:
    static constexpr int k_max_depth = 16;

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

    bool string(std::string& out) {
        ++m_p; // the opening quote
        out.clear();
        while (true) {
            const char* run = m_p;
            while (run < m_end && *run != '"' && *run != '\\' &&
                   static_cast<unsigned char>(*run) >= 0x20 &&
                   static_cast<unsigned char>(*run) < 0x80) {
                ++run;
            }
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

    // An object at the text's position, `{` to `}`: each member's key into `key`, then
    // `member()` reads its value.
    template <typename Member> bool members_of_object(std::string& key, Member&& member) {
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
            if (m_p >= m_end || *m_p != '"' || !string(key)) {
                return false;
            }
            skip_ws();
            if (m_p >= m_end || *m_p != ':') {
                return false;
            }
            ++m_p;
            if (!member()) {
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
            std::string key;
            return members_of_object(key, [&] {
                Json member;
                if (!value(member, depth + 1)) {
                    return false;
                }
                out[key] = std::move(member);
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

    const char* m_p;
    const char* m_end;
    std::string m_key;
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
