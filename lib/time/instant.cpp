// Instants and zones: parsing and formatting of times (DESIGN §3).
#include <itsm/time/instant.hpp>

#include <date/tz.h>

namespace itsm::time {

std::expected<Zone, std::string> find_zone(std::string_view name) {
    try {
        return date::locate_zone(std::string(name));
    } catch (const std::runtime_error&) {
        return std::unexpected("unknown time zone \"" + std::string(name) + "\"");
    }
}

std::expected<Instant, std::string> parse_time(std::string_view text, Zone, Instant now) {
    if (text == "now") {
        return now;
    }
    return std::unexpected("\"" + std::string(text) + "\" is not a valid time");
}

std::string format_utc(Instant t) { return date::format("%Y-%m-%dT%H:%M:%SZ", t); }

std::string format_local(Instant t, Zone zone, bool with_offset) {
    auto zt = date::make_zoned(zone, t);
    return date::format(with_offset ? "%Y-%m-%d %H:%M %Ez" : "%Y-%m-%d %H:%M", zt);
}

} // namespace itsm::time
