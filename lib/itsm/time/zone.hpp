#pragma once
// Time zones read from the system's tz database (RFC 8536 TZif files under /usr/share/zoneinfo,
// or $TZDIR): one file per zone, read the first time the zone is named.
//
// date/tz reads the same files, but the first use of any zone makes it list the whole database
// (a walk of some 600 files), which was a sixth of a short command such as `itsm log`; and its
// shared library holds every command on the shared C++ runtime. The answers are the same as
// date/tz's: tests/unit/test_time_zone.cpp checks every zone of the database against it.

#include <date/date.h>

#include <chrono>
#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace itsm::time {

/// A stretch of a zone's history with one UTC offset: from `begin` (inclusive) to `end`.
struct ZoneSpan {
    std::chrono::sys_seconds begin;
    std::chrono::sys_seconds end;
    std::chrono::seconds offset{0};
};

/// What a wall-clock reading is in a zone: one instant (unique), none because the clocks
/// jumped over it (nonexistent: `first` ends and `second` begins at the jump), or two because
/// the clocks went back over it (ambiguous: `first` is the earlier pass).
struct LocalInfo {
    enum Result : std::uint8_t { unique, nonexistent, ambiguous };
    Result result = unique;
    ZoneSpan first;
    ZoneSpan second;
};

/// Which instant a repeated wall-clock reading means.
enum class Choose : std::uint8_t { earliest, latest };

class TimeZone {
public:
    /// Reads zone `name` from `file` (TZif versions 1 to 4); the message says what is wrong.
    static std::expected<TimeZone, std::string> read(std::string name, const std::string& file);
    /// A zone that is UTC at every instant.
    static TimeZone utc(std::string name);

    const std::string& name() const { return m_name; }
    /// The span holding instant `t`.
    ZoneSpan get_info(std::chrono::sys_seconds t) const;
    /// What the wall-clock reading `t` is.
    LocalInfo get_info(date::local_seconds t) const;
    /// The instant of wall-clock reading `t`: the later pass of a repeated reading when
    /// `choose` is latest, and the instant of the jump for a reading the clocks skip.
    std::chrono::sys_seconds to_sys(date::local_seconds t, Choose choose) const;

private:
    ZoneSpan span(std::size_t i) const;

    std::string m_name;
    // Span i runs from m_begin[i] to m_begin[i + 1] (the last one for ever) with m_offset[i];
    // m_begin[0] is the far past and no two neighbouring spans have the same offset.
    std::vector<std::int64_t> m_begin;
    std::vector<std::int32_t> m_offset;
};

/// The folder of the tz database: $TZDIR when set, else /usr/share/zoneinfo.
std::string zone_folder();

/// Every zone name the database holds, sorted (links such as "US/Eastern" included).
std::vector<std::string> zone_names();

/// Why a zone could not be had: the database has no such zone, or its file is not a zone file.
struct ZoneError {
    bool unknown = true;
    std::string message;
};

/// The zone called `name`, read once per process; the pointer stays valid until exit.
std::expected<const TimeZone*, ZoneError> load_zone(std::string_view name);

/// UTC, without reading the database.
const TimeZone* utc_zone();

} // namespace itsm::time
