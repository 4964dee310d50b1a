// One [windows.NAME] table of service-windows.toml: zone, opening hours (or the "5d-13h"
// pattern shorthand), working day; holidays are read in holidays.cpp.
#include <itsm/config/draft.hpp>
#include <itsm/config/suggest.hpp>
#include <itsm/time/duration.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

namespace itsm::config::internal {

namespace {

constexpr std::array<std::string_view, 7> k_window_keys = {
    "timezone", "hours", "pattern", "start", "holidays", "calendars", "working_day"};
constexpr std::array<std::string_view, 7> k_days = {"mon", "tue", "wed", "thu",
                                                    "fri", "sat", "sun"};
constexpr int k_day_minutes = 24 * 60;

std::optional<int> day_index(std::string_view name) {
    for (std::size_t i = 0; i < k_days.size(); ++i) {
        if (k_days[i] == name) {
            return static_cast<int>(i);
        }
    }
    return std::nullopt;
}

// "monday" -> "mon", "Fri" -> "fri": the day a misspelt day name most likely means.
std::string guess_day(std::string_view name) {
    std::string lowered;
    for (char c : name.substr(0, 3)) {
        lowered += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return day_index(lowered) ? lowered : std::string{};
}

struct DaySpan {
    int first = 0;
    int last = 0;
};

std::expected<DaySpan, std::string> parse_day_key(std::string_view key) {
    auto dash = key.find('-');
    std::string_view a = key.substr(0, dash);
    std::string_view b = dash == std::string_view::npos ? a : key.substr(dash + 1);
    auto first = day_index(a);
    auto last = day_index(b);
    if (first && last) {
        if (*last < *first) {
            // fri-mon means fri, sat, sun and mon: two keys in week order.
            std::string tail = *first == 6 ? "sun" : std::string(a) + "-sun";
            std::string head = *last == 0 ? "mon" : "mon-" + std::string(b);
            return std::unexpected("day range `" + std::string(key) +
                                   "` runs backwards; ranges go in week order (mon ... sun), so "
                                   "write it as two keys, `" +
                                   tail + "` and `" + head + "`");
        }
        return DaySpan{*first, *last};
    }
    std::string message = "unknown day `" + std::string(key) + "`";
    std::string guess_a = first ? std::string(a) : guess_day(a);
    std::string guess_b = last ? std::string(b) : guess_day(b);
    if (!guess_a.empty() && !guess_b.empty()) {
        message += "; did you mean `" + guess_a +
                   (dash == std::string_view::npos ? "" : "-" + guess_b) + "`?";
    } else {
        message += "; day keys are mon, tue, wed, thu, fri, sat, sun or a range in week order "
                   "such as mon-fri";
    }
    return std::unexpected(message);
}

// "HH:MM" -> minutes; hour 24 only with minute 00. `what` is the whole range, for messages.
std::expected<int, std::string> parse_clock(std::string_view text, std::string_view what) {
    auto colon = text.find(':');
    std::string_view hh = text.substr(0, colon);
    std::string_view mm = colon == std::string_view::npos ? "" : text.substr(colon + 1);
    auto digits = [](std::string_view s) {
        return !s.empty() &&
               std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    if (colon == std::string_view::npos || !digits(hh) || hh.size() > 2 || !digits(mm) ||
        mm.size() != 2) {
        return std::unexpected("`" + std::string(what) +
                               "` is not a time range; write HH:MM-HH:MM, e.g. \"08:00-18:00\"");
    }
    int hour = std::stoi(std::string(hh));
    int minute = std::stoi(std::string(mm));
    if (hour > 24 || (hour == 24 && minute != 0)) {
        return std::unexpected("hour " + std::string(hh) + " in `" + std::string(what) +
                               "` is out of range; hours run from 00 to 23, and 24:00 may end "
                               "a range");
    }
    if (minute > 59) {
        return std::unexpected("minute " + std::string(mm) + " in `" + std::string(what) +
                               "` is out of range; minutes run from 00 to 59");
    }
    return hour * 60 + minute;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
        s.remove_suffix(1);
    }
    return s;
}

std::expected<calendar::TimeRange, std::string> parse_range(std::string_view text) {
    std::string_view whole = trim(text);
    auto dash = whole.find('-');
    if (dash == std::string_view::npos) {
        return std::unexpected("`" + std::string(text) +
                               "` is not a time range; write HH:MM-HH:MM, e.g. \"08:00-18:00\"");
    }
    auto start = parse_clock(trim(whole.substr(0, dash)), text);
    if (!start) {
        return std::unexpected(start.error());
    }
    auto end = parse_clock(trim(whole.substr(dash + 1)), text);
    if (!end) {
        return std::unexpected(end.error());
    }
    std::string shown = format_minutes(*start) + "-" + format_minutes(*end);
    if (*start == k_day_minutes) {
        return std::unexpected("range " + shown + " starts at 24:00; 24:00 can only end a range");
    }
    if (*end < *start) {
        return std::unexpected("range " + shown +
                               " ends before it starts; write it as two ranges, e.g. " +
                               format_minutes(*start) + "-24:00 on one day and 00:00-" +
                               format_minutes(*end) + " on the next");
    }
    if (*end == *start) {
        return std::unexpected("range " + shown + " is empty; the end must be after the start");
    }
    return calendar::TimeRange{*start, *end};
}

struct HoursEntry {
    std::string key;
    Pos pos;
    const toml::node* value = nullptr;
};

// Reads `hours` into spec.week; returns the days whose hours were in error (left closed, or
// with only their valid ranges), so that later checks do not report what follows from it.
Days read_hours(Reporter& rep, calendar::WindowSpec& spec, const toml::node& node) {
    Days unsure{};
    const auto* table = read_table(rep, node, "hours", "hours = { \"mon-fri\" = \"08:00-18:00\" }");
    if (table == nullptr) {
        unsure.fill(true);
        return unsure;
    }
    // In file order, so "named twice" points at the second mention.
    std::vector<HoursEntry> entries;
    for (auto&& [key, value] : *table) {
        entries.push_back(HoursEntry{std::string(key.str()), pos_of(key), &value});
    }
    std::sort(entries.begin(), entries.end(), [](const HoursEntry& a, const HoursEntry& b) {
        return std::pair(a.pos.line, a.pos.column) < std::pair(b.pos.line, b.pos.column);
    });
    std::array<const HoursEntry*, 7> owner{};
    for (const auto& entry : entries) {
        auto span = parse_day_key(entry.key);
        if (!span) {
            rep.error(entry.pos, span.error());
            unsure.fill(true); // the key names days we cannot tell
            continue;
        }
        bool bad = false;
        std::string again;
        const HoursEntry* first_owner = nullptr;
        for (int day = span->first; day <= span->last; ++day) {
            if (owner[day] != nullptr) {
                again += (again.empty() ? "" : ", ") + std::string(k_days[day]);
                first_owner = first_owner != nullptr ? first_owner : owner[day];
            }
        }
        if (first_owner != nullptr) {
            rep.error(entry.pos, "`" + entry.key + "` names " + again + " again: `" +
                                     first_owner->key + "` at line " +
                                     std::to_string(first_owner->pos.line) +
                                     " already gives its hours; name each day once");
            continue;
        }
        std::vector<std::pair<calendar::TimeRange, Pos>> ranges;
        auto add = [&](const toml::node& range_node) {
            const auto* text = range_node.as_string();
            if (text == nullptr) {
                rep.error(pos_of(range_node),
                          "hours of `" + entry.key +
                              "` must be a range \"HH:MM-HH:MM\" or an array of them; found " +
                              type_phrase(range_node));
                bad = true;
                return;
            }
            auto range = parse_range(text->get());
            if (!range) {
                rep.error(pos_of(range_node), range.error());
                bad = true;
                return;
            }
            ranges.emplace_back(*range, pos_of(range_node));
        };
        if (const auto* array = entry.value->as_array()) {
            for (const auto& element : *array) {
                add(element);
            }
        } else {
            add(*entry.value);
        }
        std::sort(ranges.begin(), ranges.end(),
                  [](const auto& a, const auto& b) { return a.first.start < b.first.start; });
        std::vector<calendar::TimeRange> merged;
        for (std::size_t i = 0; i < ranges.size(); ++i) {
            const auto& [range, pos] = ranges[i];
            if (!merged.empty() && range.start < merged.back().end) {
                const auto& previous = merged.back();
                rep.error(pos, "ranges " + format_minutes(previous.start) + "-" +
                                   format_minutes(previous.end) + " and " +
                                   format_minutes(range.start) + "-" + format_minutes(range.end) +
                                   " overlap on `" + entry.key + "`; merge them into " +
                                   format_minutes(previous.start) + "-" +
                                   format_minutes(std::max(previous.end, range.end)));
                merged.back().end = std::max(merged.back().end, range.end);
            } else if (!merged.empty() && range.start == merged.back().end) {
                merged.back().end = range.end; // touching ranges are one opening
            } else {
                merged.push_back(range);
            }
        }
        for (int day = span->first; day <= span->last; ++day) {
            owner[day] = &entry;
            spec.week[day] = merged;
            unsure[day] = unsure[day] || bad;
        }
    }
    return unsure;
}

void read_pattern(Reporter& rep, calendar::WindowSpec& spec, const toml::table& window) {
    const auto* node = window.get("pattern");
    const auto* text = read_string(rep, *node, "pattern", "\"5d-13h\"");
    if (text == nullptr) {
        return;
    }
    const std::string usage = "; write <days>d-<hours>h, e.g. \"5d-13h\" (mon-fri, 13 hours from "
                              "`start`) or \"7d-24h\" (always open)";
    // <digits>d-<digits>h, nothing else.
    std::string_view rest = *text;
    auto number = [&rest](int& out) {
        auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), out);
        bool ok =
            ec == std::errc{} && end != rest.data() && rest.front() != '-' && rest.front() != '+';
        rest.remove_prefix(static_cast<std::size_t>(end - rest.data()));
        return ok;
    };
    auto literal = [&rest](std::string_view what) {
        bool ok = rest.starts_with(what);
        rest.remove_prefix(ok ? what.size() : 0);
        return ok;
    };
    int days = 0;
    int hours = 0;
    if (!number(days) || !literal("d-") || !number(hours) || !literal("h") || !rest.empty()) {
        rep.error(pos_of(*node), "pattern \"" + *text + "\" is not understood" + usage);
        return;
    }
    if (days < 5 || days > 7) {
        rep.error(pos_of(*node), "pattern \"" + *text +
                                     "\": days must be 5 (mon-fri), 6 (mon-sat) or 7 (mon-sun)");
        return;
    }
    if (hours < 1 || hours > 24) {
        rep.error(pos_of(*node), "pattern \"" + *text + "\": hours must be from 1 to 24" + usage);
        return;
    }
    int start = 0;
    const auto* start_node = window.get("start");
    if (start_node != nullptr) {
        const auto* start_text = read_string(rep, *start_node, "start", "\"07:00\"");
        if (start_text == nullptr) {
            return;
        }
        auto parsed = parse_clock(*start_text, *start_text);
        if (!parsed || *parsed >= k_day_minutes) {
            rep.error(pos_of(*start_node), "start \"" + *start_text +
                                               "\" is not a time of day; write HH:MM, e.g. "
                                               "\"07:00\"");
            return;
        }
        start = *parsed;
    } else if (hours < 24) {
        rep.error(pos_of(*node), "pattern \"" + *text +
                                     "\" needs a `start` for its opening hour, e.g. start = "
                                     "\"07:00\"");
        return;
    }
    int end = start + hours * 60;
    if (end > k_day_minutes) {
        rep.error(start_node != nullptr ? pos_of(*start_node) : pos_of(*node),
                  "pattern \"" + *text + "\" starting at " + format_minutes(start) +
                      " would run past midnight; start at " +
                      format_minutes(k_day_minutes - hours * 60) + " or earlier");
        return;
    }
    for (int day = 0; day < days; ++day) {
        spec.week[day] = {calendar::TimeRange{start, end}};
    }
}

void read_working_day(Reporter& rep, calendar::WindowSpec& spec, const toml::node& node) {
    const auto* text = read_string(rep, node, "working_day", "\"10h\"");
    if (text == nullptr) {
        return;
    }
    if (time::uses_days(*text)) {
        rep.error(pos_of(node), "working_day is what 1d means, so write it in hours and "
                                "minutes, e.g. \"10h\"");
        return;
    }
    auto value = time::parse_duration(*text, std::chrono::hours(24));
    if (!value) {
        rep.error(pos_of(node), "working_day: " + value.error());
        return;
    }
    if (*value > std::chrono::hours(24)) {
        rep.error(pos_of(node),
                  "working_day \"" + *text + "\" is longer than a day; write at most \"24h\"");
        return;
    }
    spec.working_day = *value;
}

} // namespace

std::string format_minutes(int minutes) {
    std::string out(5, '0');
    out[0] = static_cast<char>('0' + minutes / 600);
    out[1] = static_cast<char>('0' + minutes / 60 % 10);
    out[2] = ':';
    out[3] = static_cast<char>('0' + minutes % 60 / 10);
    out[4] = static_cast<char>('0' + minutes % 10);
    return out;
}

bool is_24x7(const calendar::WindowSpec& spec) {
    return std::all_of(spec.week.begin(), spec.week.end(), [](const auto& day) {
        return day.size() == 1 && day.front() == calendar::TimeRange{0, k_day_minutes};
    });
}

calendar::WindowSpec read_window(Draft& draft, Reporter& rep, const std::string& name,
                                 const toml::table& table) {
    calendar::WindowSpec spec;
    spec.name = name;
    std::string where = "in [windows." + name + "]";
    check_keys(rep, table, k_window_keys, where);
    spec.zone_name =
        draft.timezone && time::find_zone(draft.timezone->value) ? draft.timezone->value : "UTC";
    if (const auto* zone = table.get("timezone")) {
        if (const auto* text = read_string(rep, *zone, "timezone", "\"Europe/London\"")) {
            if (auto found = time::find_zone(*text); !found) {
                rep.error(pos_of(*zone), found.error());
            } else {
                spec.zone_name = *text;
            }
        }
    }
    spec.zone = zone_or_utc(spec.zone_name);
    const auto* hours = table.get("hours");
    const auto* pattern = table.get("pattern");
    Days unsure{};
    if (hours != nullptr && pattern != nullptr) {
        rep.error(pos_of(*pattern),
                  "window `" + name + "` has both `hours` and `pattern`; keep one of them");
    } else if (hours != nullptr) {
        unsure = read_hours(rep, spec, *hours);
    } else if (pattern != nullptr) {
        read_pattern(rep, spec, table);
    }
    if (const auto* start = table.get("start"); start != nullptr && pattern == nullptr) {
        rep.error(pos_of(*start), "`start` belongs with `pattern` (e.g. pattern = \"5d-13h\", "
                                  "start = \"07:00\"); with `hours`, the ranges give the times");
    }
    if (const auto* working_day = table.get("working_day")) {
        read_working_day(rep, spec, *working_day);
    }
    if (const auto* holidays = table.get("holidays")) {
        read_holidays(draft, rep, spec, *holidays, unsure);
    }
    if (const auto* calendars = table.get("calendars")) {
        use_calendars(draft, rep, spec, *calendars);
    }
    return spec;
}

} // namespace itsm::config::internal
