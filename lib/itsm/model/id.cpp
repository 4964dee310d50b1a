#include <itsm/model/id.hpp>

#include <cctype>
#include <charconv>

namespace itsm::model {

std::optional<long long> parse_number(std::string_view id) {
    std::size_t dash = id.find('-');
    std::string_view digits = id;
    if (dash != std::string_view::npos) {
        const auto prefix = id.substr(0, dash);
        if (prefix.empty() || prefix.size() > 5) {
            return std::nullopt;
        }
        for (char c : prefix) {
            if (!std::isalpha(static_cast<unsigned char>(c))) {
                return std::nullopt;
            }
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
    return n;
}

} // namespace itsm::model
