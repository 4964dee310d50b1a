// Working-time durations as written in configuration.
#include <itsm/time/duration.hpp>

namespace itsm::time {

std::expected<Duration, std::string> parse_duration(std::string_view text, Duration) {
    return std::unexpected("\"" + std::string(text) + "\" is not a valid duration");
}

bool uses_days(std::string_view text) { return text.find('d') != std::string_view::npos; }

std::string format_duration(Duration d) {
    auto minutes = d.count() / 60;
    return std::to_string(minutes) + "m";
}

} // namespace itsm::time
