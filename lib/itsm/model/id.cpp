#include <itsm/model/id.hpp>

#include <fmt/format.h>

#include <cctype>
#include <charconv>

namespace itsm::model {

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

std::string TicketId::to_string() const {
    return m_prefix.empty() ? std::to_string(m_number) : fmt::format("{}-{}", m_prefix, m_number);
}

std::string_view prefix_of(const Prefixes& prefixes, Type type) {
    const auto it = prefixes.find(model::to_string(type));
    return it != prefixes.end() ? std::string_view(it->second) : "T";
}

std::optional<long long> parse_number(std::string_view id) {
    const auto parsed = TicketId::parse(id);
    return parsed ? std::optional<long long>(parsed->number()) : std::nullopt;
}

} // namespace itsm::model
