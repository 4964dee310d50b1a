// Instants and zones: parsing and formatting of times (docs/working-time.md).
#include <itsm/time/instant.hpp>

#include <itsm/core/text.hpp>

#include <itsm/time/zone.hpp>

#include <date/date.h>
#include <fmt/compile.h>
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <iterator>
#include <optional>
#include <vector>

namespace itsm::time {

using core::trim;

namespace {

constexpr std::string_view k_accepted_times =
    "write RFC 3339 (2026-11-23T08:15:00Z) or a local \"2026-11-23 09:15\"";
constexpr std::string_view k_accepted_long =
    "write RFC 3339 (2026-11-23T08:15:00Z or 2026-11-23T09:15:00+01:00), a local "
    "\"2026-11-23 09:15\", a date (2026-11-23) or now";

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

/// Levenshtein distance, two rows.
std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> prev(b.size() + 1);
    std::vector<std::size_t> cur(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) {
        prev[j] = j;
    }
    for (std::size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t substitute = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, substitute});
        }
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

/// The known zone name closest to `name`, comparing with the whole name and with its last
/// component ("London" -> "Europe/London"), ignoring case.
std::string closest_zone(std::string_view name) {
    const std::string wanted = lower(name);
    std::string best;
    std::size_t best_score = static_cast<std::size_t>(-1);
    for (const std::string& zone : zone_names()) {
        const std::string candidate = lower(zone);
        std::size_t score = edit_distance(wanted, candidate);
        if (auto slash = candidate.rfind('/'); slash != std::string::npos) {
            score = std::min(score, edit_distance(wanted, candidate.substr(slash + 1)) + 1);
        }
        if (score < best_score || (score == best_score && zone.size() < best.size())) {
            best_score = score;
            best = zone;
        }
    }
    return best;
}

/// A tiny left-to-right reader over the text of a time.
class Reader {
public:
    explicit Reader(std::string_view s) : m_s(s) {}
    bool done() const { return m_i == m_s.size(); }
    char peek() const { return done() ? '\0' : m_s[m_i]; }
    bool accept(char c) {
        if (peek() == c) {
            ++m_i;
            return true;
        }
        return false;
    }
    /// Exactly `n` decimal digits.
    std::optional<int> digits(int n) {
        int value = 0;
        for (int k = 0; k < n; ++k) {
            if (!std::isdigit(static_cast<unsigned char>(peek()))) {
                return std::nullopt;
            }
            value = value * 10 + (m_s[m_i++] - '0');
        }
        return value;
    }
    /// One or more digits, discarded (fractions of a second).
    bool skip_digits() {
        std::size_t start = m_i;
        while (std::isdigit(static_cast<unsigned char>(peek()))) {
            ++m_i;
        }
        return m_i > start;
    }

private:
    std::string_view m_s;
    std::size_t m_i = 0;
};

struct Parsed {
    int year = 0;
    int month = 0;
    int day = 0;
    bool has_time = false;
    int hour = 0;
    int minute = 0;
    int second = 0;
    bool has_offset = false;
    int offset_sign = 1;
    int offset_hours = 0;
    int offset_minutes = 0;
};

/// The syntax of docs/working-time.md; ranges are checked afterwards.
std::optional<Parsed> read_time(std::string_view text) {
    Reader r(text);
    Parsed p;
    auto year = r.digits(4);
    if (!year || !r.accept('-')) {
        return std::nullopt;
    }
    auto month = r.digits(2);
    if (!month || !r.accept('-')) {
        return std::nullopt;
    }
    auto day = r.digits(2);
    if (!day) {
        return std::nullopt;
    }
    p.year = *year;
    p.month = *month;
    p.day = *day;
    if (r.done()) {
        return p;
    }
    if (!r.accept('T') && !r.accept('t') && !r.accept(' ')) {
        return std::nullopt;
    }
    auto hour = r.digits(2);
    if (!hour || !r.accept(':')) {
        return std::nullopt;
    }
    auto minute = r.digits(2);
    if (!minute) {
        return std::nullopt;
    }
    p.has_time = true;
    p.hour = *hour;
    p.minute = *minute;
    if (r.accept(':')) {
        auto second = r.digits(2);
        if (!second) {
            return std::nullopt;
        }
        p.second = *second;
        if (r.accept('.') && !r.skip_digits()) {
            return std::nullopt;
        }
    }
    if (r.done()) {
        return p;
    }
    r.accept(' ');
    if (r.accept('Z') || r.accept('z')) {
        p.has_offset = true;
    } else if (r.peek() == '+' || r.peek() == '-') {
        p.offset_sign = r.peek() == '-' ? -1 : 1;
        r.accept(r.peek());
        auto oh = r.digits(2);
        if (!oh || !r.accept(':')) {
            return std::nullopt;
        }
        auto om = r.digits(2);
        if (!om) {
            return std::nullopt;
        }
        p.has_offset = true;
        p.offset_hours = *oh;
        p.offset_minutes = *om;
    } else {
        return std::nullopt;
    }
    if (!r.done()) {
        return std::nullopt;
    }
    return p;
}

/// Empty when every field is in range, else what is out of range.
std::string range_problem(const Parsed& p) {
    if (p.year < 1970 || p.year > 9999) {
        return fmt::format("year {} is out of range (1970-9999)", p.year);
    }
    if (p.month < 1 || p.month > 12) {
        return fmt::format("month {} is out of range", p.month);
    }
    const auto ym = date::year{p.year} / date::month{static_cast<unsigned>(p.month)};
    const auto last = static_cast<int>(unsigned((ym / date::last).day()));
    if (p.day < 1 || p.day > last) {
        return fmt::format("day {} is out of range ({:04}-{:02} has {} days)", p.day, p.year,
                           p.month, last);
    }
    if (p.hour > 23) {
        return fmt::format("hour {} is out of range (00-23)", p.hour);
    }
    if (p.minute > 59) {
        return fmt::format("minute {} is out of range (00-59)", p.minute);
    }
    if (p.second > 59) {
        return fmt::format("second {} is out of range (00-59)", p.second);
    }
    if (p.offset_hours > 23 || p.offset_minutes > 59) {
        return fmt::format("offset {}{:02}:{:02} is out of range (at most \u00b123:59)",
                           p.offset_sign < 0 ? '-' : '+', p.offset_hours, p.offset_minutes);
    }
    return {};
}

std::string format_offset(std::chrono::seconds offset) {
    const auto total = offset.count();
    const auto magnitude = total < 0 ? -total : total;
    return fmt::format("{}{:02}:{:02}", total < 0 ? '-' : '+', magnitude / 3600,
                       magnitude / 60 % 60);
}

/// "01:00": the wall-clock time just before a transition at `at`, read with `offset`.
std::string transition_clock(date::sys_seconds at, std::chrono::seconds offset) {
    const auto local = at + offset;
    const auto tod = local - date::floor<date::days>(local);
    const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(tod).count();
    return fmt::format("{:02}:{:02}", minutes / 60, minutes % 60);
}

} // namespace

std::expected<Zone, std::string> find_zone(std::string_view name) {
    const std::string wanted(trim(name));
    // load_zone refuses the database's names that are not IANA zones, such as "localtime".
    auto zone = load_zone(wanted);
    if (zone) {
        return *zone;
    }
    if (!zone.error().unknown) {
        return std::unexpected(fmt::format("time zone \"{}\" cannot be used: {} (reinstall "
                                           "the tz database, Debian's tzdata)",
                                           wanted, zone.error().message));
    }
    return std::unexpected(fmt::format("unknown time zone \"{}\"; did you mean \"{}\"? (write an "
                                       "IANA name such as Europe/London or UTC)",
                                       name, closest_zone(wanted)));
}

namespace {

/// `zone`, or UTC when it is null.
Zone or_utc(Zone zone) {
    return zone != nullptr ? zone : utc_zone();
}

// A time in range locally may fall outside it in UTC ("9999-12-31T23:59:59-23:59" is in year
// 10000; "1970-01-01 00:30" in Paris is in 1969): such an instant could not be shown again.
std::expected<Instant, std::string> in_utc_range(std::string_view text, Instant t) {
    constexpr auto k_first = date::sys_days{date::year{1970} / 1 / 1};
    constexpr auto k_last = date::sys_days{date::year{9999} / 12 / 31} + std::chrono::hours{24};
    if (t < k_first || t >= k_last) {
        return std::unexpected(fmt::format("\"{}\" is not a valid time: it is {} UTC, outside "
                                           "the years 1970-9999",
                                           text, t < k_first ? "before 1970" : "after 9999"));
    }
    return t;
}

} // namespace

std::expected<Instant, std::string> parse_time(std::string_view text, Zone zone, Instant now) {
    const std::string_view t = trim(text);
    if (t == "now") {
        return now;
    }
    auto parsed = read_time(t);
    if (!parsed) {
        return std::unexpected(fmt::format("\"{}\" is not a valid time; {}", t, k_accepted_long));
    }
    const Parsed& p = *parsed;
    if (auto problem = range_problem(p); !problem.empty()) {
        return std::unexpected(
            fmt::format("\"{}\" is not a valid time: {}; {}", t, problem, k_accepted_times));
    }
    const date::sys_days day{date::year{p.year} / date::month{static_cast<unsigned>(p.month)} /
                             date::day{static_cast<unsigned>(p.day)}};
    const auto clock = std::chrono::hours{p.hour} + std::chrono::minutes{p.minute} +
                       std::chrono::seconds{p.second};
    if (p.has_offset) {
        const auto offset = p.offset_sign * (std::chrono::hours{p.offset_hours} +
                                             std::chrono::minutes{p.offset_minutes});
        return in_utc_range(t, Instant{day + clock - offset});
    }
    zone = or_utc(zone);
    const date::local_seconds local{day.time_since_epoch() + clock};
    if (!p.has_time) {
        // A bare date is the start of that local day, even when midnight itself is skipped or
        // repeated by a DST change.
        return in_utc_range(t, zone->to_sys(local, Choose::earliest));
    }
    const auto info = zone->get_info(local);
    const std::string shown = p.second != 0
                                  ? fmt::format("{:04}-{:02}-{:02} {:02}:{:02}:{:02}", p.year,
                                                p.month, p.day, p.hour, p.minute, p.second)
                                  : fmt::format("{:04}-{:02}-{:02} {:02}:{:02}", p.year, p.month,
                                                p.day, p.hour, p.minute);
    if (info.result == LocalInfo::nonexistent) {
        return std::unexpected(fmt::format(
            "\"{}\" does not exist in {} (clocks go forward at {}); give an offset", shown,
            zone->name(), transition_clock(info.second.begin, info.first.offset)));
    }
    if (info.result == LocalInfo::ambiguous) {
        return std::unexpected(fmt::format(
            "\"{}\" is ambiguous in {} (clocks go back at {}); give an offset such as {} or {}",
            shown, zone->name(), transition_clock(info.second.begin, info.first.offset),
            format_offset(info.first.offset), format_offset(info.second.offset)));
    }
    return in_utc_range(t, Instant{local.time_since_epoch() - info.first.offset});
}

void append_utc(std::string& out, Instant t) {
    // By hand rather than date::format, which sets up a stream and its locale for every call
    // (a JSON list of 100,000 tickets formats 300,000 of these), and without fmt's format-string
    // interpretation: `check` and `import` replay every event, `export` writes each one's.
    const auto day = date::floor<date::days>(t);
    const date::year_month_day ymd{day};
    const date::hh_mm_ss<std::chrono::seconds> hms{
        std::chrono::duration_cast<std::chrono::seconds>(t - day)};
    const int year = int(ymd.year());
    if (year < 0 || year > 9999) {
        fmt::format_to(std::back_inserter(out), "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", year,
                       unsigned(ymd.month()), unsigned(ymd.day()), hms.hours().count(),
                       hms.minutes().count(), hms.seconds().count());
        return;
    }
    const std::size_t at = out.size();
    out += "0000-00-00T00:00:00Z";
    const auto put = [&](std::size_t end, long long value) {
        for (std::size_t i = at + end; value > 0; --i, value /= 10) {
            out[i] = static_cast<char>('0' + value % 10);
        }
    };
    put(3, year);
    put(6, unsigned(ymd.month()));
    put(9, unsigned(ymd.day()));
    put(12, hms.hours().count());
    put(15, hms.minutes().count());
    put(18, hms.seconds().count());
}

std::string format_utc(Instant t) {
    std::string out;
    append_utc(out, t);
    return out;
}

std::string format_local(Instant t, Zone zone, bool with_offset) {
    zone = or_utc(zone);
    const auto info = zone->get_info(t);
    const auto local = t + info.offset;
    const auto day = date::floor<date::days>(local);
    const date::year_month_day ymd{day};
    const date::hh_mm_ss<std::chrono::seconds> hms{local - day};
    // Compiled formats: a report or sla-check writes one of these a row.
    std::string out = fmt::format(FMT_COMPILE("{:04}-{:02}-{:02} {:02}:{:02}"), int(ymd.year()),
                                  unsigned(ymd.month()), unsigned(ymd.day()), hms.hours().count(),
                                  hms.minutes().count());
    if (hms.seconds().count() != 0) {
        fmt::format_to(std::back_inserter(out), FMT_COMPILE(":{:02}"), hms.seconds().count());
    }
    if (with_offset) {
        out += ' ';
        out += format_offset(info.offset);
    }
    return out;
}

std::string format_local_exact(Instant t, Zone zone) {
    zone = or_utc(zone);
    const date::local_seconds local{(t + zone->get_info(t).offset).time_since_epoch()};
    return format_local(t, zone, zone->get_info(local).result == LocalInfo::ambiguous);
}

std::chrono::year_month_day local_date(Instant t, Zone zone) {
    zone = or_utc(zone);
    const auto local = t + zone->get_info(t).offset;
    const date::year_month_day ymd{date::floor<date::days>(local)};
    return std::chrono::year_month_day{std::chrono::year{int(ymd.year())},
                                       std::chrono::month{unsigned(ymd.month())},
                                       std::chrono::day{unsigned(ymd.day())}};
}

Instant start_of_day(std::chrono::year_month_day day, Zone zone) {
    zone = or_utc(zone);
    const date::local_days local{date::days{std::chrono::sys_days{day}.time_since_epoch()}};
    return zone->to_sys(date::local_seconds{local}, Choose::earliest);
}

} // namespace itsm::time
