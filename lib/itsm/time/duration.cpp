// Working-time durations as written in configuration: "90m", "1h30m", "4h", "1d", "10d".
#include <itsm/time/duration.hpp>

#include <itsm/core/text.hpp>

#include <fmt/format.h>

#include <cctype>
#include <cstdint>

namespace itsm::time {

using core::trim;

namespace {

constexpr std::string_view k_accepted_durations =
    "write working time as days, hours and minutes in that order, such as 90m, 1h30m, 4h, 1d "
    "or 2d4h";

/// The largest duration accepted: 100 years of working time is far beyond any service target
/// and keeps every later computation far from overflow.
constexpr std::int64_t k_max_seconds = 100LL * 366 * 86400;

std::unexpected<std::string> invalid(std::string_view text, std::string_view why) {
    return std::unexpected(
        fmt::format("\"{}\" is not a valid duration: {}; {}", text, why, k_accepted_durations));
}

int unit_rank(char unit) {
    switch (unit) {
    case 'd':
        return 0;
    case 'h':
        return 1;
    case 'm':
        return 2;
    default:
        return -1;
    }
}

} // namespace

std::expected<Duration, std::string> parse_duration(std::string_view text, Duration working_day) {
    const std::string_view t = trim(text);
    if (t.empty()) {
        return invalid(t, "it is empty");
    }
    if (t.front() == '-') {
        return invalid(t, "it is negative");
    }
    std::int64_t total = 0;
    int last_rank = -1;
    std::size_t i = 0;
    while (i < t.size()) {
        const std::size_t start = i;
        std::int64_t number = 0;
        while (i < t.size() && std::isdigit(static_cast<unsigned char>(t[i]))) {
            if (number > k_max_seconds) {
                return invalid(t, "it is too long (at most 100 years)");
            }
            number = number * 10 + (t[i] - '0');
            ++i;
        }
        if (i == t.size()) {
            return invalid(t, fmt::format("\"{}\" has no unit (d, h or m)", t.substr(start)));
        }
        const char unit = t[i];
        const int rank = unit_rank(unit);
        if (rank < 0) {
            return invalid(t, fmt::format("'{}' is not a unit (d, h or m)", unit));
        }
        if (i == start) {
            return invalid(t, fmt::format("'{}' has no number before it", unit));
        }
        if (rank <= last_rank) {
            return invalid(t, "units must come in the order d, h, m, each at most once");
        }
        last_rank = rank;
        ++i;
        const std::int64_t unit_seconds = rank == 0 ? working_day.count() : (rank == 1 ? 3600 : 60);
        if (rank == 0 && unit_seconds <= 0) {
            return invalid(t, "\"d\" needs a window with working hours");
        }
        if (number > k_max_seconds / unit_seconds ||
            total + number * unit_seconds > k_max_seconds) {
            return invalid(t, "it is too long (at most 100 years)");
        }
        total += number * unit_seconds;
    }
    if (total == 0) {
        return invalid(t, "it is zero");
    }
    return Duration{total};
}

bool uses_days(std::string_view text) {
    return text.find('d') != std::string_view::npos;
}

std::string format_duration(Duration d) {
    std::int64_t minutes = d.count() / 60;
    const char* sign = "";
    if (minutes < 0) {
        sign = "-";
        minutes = -minutes;
    }
    const std::int64_t hours = minutes / 60;
    minutes %= 60;
    if (hours == 0) {
        return fmt::format("{}{}m", sign, minutes);
    }
    if (minutes == 0) {
        return fmt::format("{}{}h", sign, hours);
    }
    return fmt::format("{}{}h{}m", sign, hours, minutes);
}

std::string format_age(Duration d) {
    std::int64_t minutes = d.count() / 60;
    const char* sign = minutes < 0 ? "-" : "";
    minutes = minutes < 0 ? -minutes : minutes;
    const std::int64_t days = minutes / (24 * 60);
    const std::int64_t hours = minutes / 60 % 24;
    minutes %= 60;
    if (days > 0) {
        return hours == 0 ? fmt::format("{}{}d", sign, days)
                          : fmt::format("{}{}d {}h", sign, days, hours);
    }
    if (hours > 0) {
        return minutes == 0 ? fmt::format("{}{}h", sign, hours)
                            : fmt::format("{}{}h {}m", sign, hours, minutes);
    }
    return fmt::format("{}{}m", sign, minutes);
}

} // namespace itsm::time
