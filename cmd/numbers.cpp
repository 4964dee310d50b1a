#include "numbers.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

namespace itsm::cmd {

std::string number_problem(const std::string& text, const NumberRange& range) {
    const char* first = text.data();
    const char* last = first + text.size();
    double value = 0;
    bool read = false;
    if (range.whole) {
        long long whole = 0;
        const auto [end, ec] = std::from_chars(first, last, whole);
        read = ec == std::errc{} && end == last;
        value = static_cast<double>(whole);
    } else {
        const auto [end, ec] = std::from_chars(first, last, value, std::chars_format::fixed);
        read = ec == std::errc{} && end == last && std::isfinite(value);
    }
    const bool low = range.above_min ? value <= range.min : value < range.min;
    if (!read || low || value > range.max) {
        return fmt::format("\"{}\" is not {}", text, range.says);
    }
    return {};
}

} // namespace itsm::cmd
