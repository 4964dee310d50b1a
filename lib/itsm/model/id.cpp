#include <itsm/model/id.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>

namespace itsm::model {

namespace {

// The prefix of a type that has none configured (or of a stored type name itsm does not know).
constexpr std::string_view k_no_prefix = "T";

} // namespace

TicketId::TicketId(std::string prefix, long long number)
    : m_prefix(std::move(prefix)), m_number(number) {}

std::optional<TicketId> TicketId::parse(std::string_view id) {
    const std::size_t dash = id.find('-');
    std::string_view digits = id;
    std::string prefix;
    if (dash != std::string_view::npos) {
        const auto letters = id.substr(0, dash);
        if (letters.empty() || letters.size() > 5) {
            return std::nullopt;
        }
        for (char c : letters) {
            if (!std::isalpha(static_cast<unsigned char>(c))) {
                return std::nullopt;
            }
            prefix += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        }
        digits = id.substr(dash + 1);
    }
    if (digits.empty() || digits.size() > 18) {
        return std::nullopt;
    }
    long long n = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
    if (ec != std::errc{} || end != digits.data() + digits.size() || n <= 0) {
        return std::nullopt;
    }
    return TicketId(std::move(prefix), n);
}

TicketId TicketId::of(const Prefixes& prefixes, Type type, long long number) {
    return TicketId(std::string(prefix_of(prefixes, type)), number);
}

TicketId TicketId::of(const Prefixes& prefixes, std::string_view type, long long number) {
    const auto known = parse_type(type);
    return TicketId(std::string(known ? prefix_of(prefixes, *known) : k_no_prefix), number);
}

std::string TicketId::to_string() const {
    std::string out;
    append_to(out);
    return out;
}

void TicketId::append_to(std::string& out) const {
    if (!m_prefix.empty()) {
        out += m_prefix;
        out += '-';
    }
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, m_number).ptr;
    out.append(digits, end);
}

std::string_view prefix_of(const Prefixes& prefixes, Type type) {
    const auto it = prefixes.find(model::to_string(type));
    return it != prefixes.end() ? std::string_view(it->second) : k_no_prefix;
}

bool is_configured(const Prefixes& prefixes, std::string_view prefix) {
    return std::any_of(prefixes.begin(), prefixes.end(),
                       [&](const auto& entry) { return entry.second == prefix; });
}

std::optional<long long> parse_number(std::string_view id) {
    const auto parsed = TicketId::parse(id);
    return parsed ? std::optional<long long>(parsed->number()) : std::nullopt;
}

} // namespace itsm::model
