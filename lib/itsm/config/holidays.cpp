// The holidays of a window: "2026-12-25", "*-12-25" (every year), TOML dates, or
// { date = "...", name = "..." }; with the plausibility warnings an admin needs.
#include <itsm/config/draft.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <set>

namespace itsm::config::internal {

namespace {

constexpr std::array<const char*, 12> k_months = {"January",   "February", "March",    "April",
                                                  "May",       "June",     "July",     "August",
                                                  "September", "October",  "November", "December"};
constexpr std::array<const char*, 7> k_weekdays = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                                   "Friday", "Saturday", "Sunday"};

const std::string k_holiday_usage = "write YYYY-MM-DD, e.g. \"2026-12-25\", or *-MM-DD for every "
                                    "year, e.g. \"*-12-25\"";

bool all_digits(std::string_view s) {
    for (char c : s) {
        if (c < '0' || c > '9') {
            return false;
        }
    }
    return !s.empty();
}

unsigned days_in_month(int year, unsigned month) {
    // "*-02-29" is a holiday in leap years, so every-year dates are checked against one.
    std::chrono::year y{year == 0 ? 2024 : year};
    return unsigned{(y / std::chrono::month{month} / std::chrono::last).day()};
}

std::expected<calendar::Holiday, std::string> check_date(int year, unsigned month, unsigned day,
                                                         std::string_view text) {
    if (month < 1 || month > 12) {
        return std::unexpected("holiday \"" + std::string(text) + "\" has month " +
                               std::to_string(month) + "; months run from 01 to 12");
    }
    unsigned last = days_in_month(year, month);
    if (day < 1 || day > last) {
        std::string in =
            std::string(k_months[month - 1]) + (year == 0 ? "" : " " + std::to_string(year));
        return std::unexpected("holiday \"" + std::string(text) + "\" is not a date: " + in +
                               " has " + std::to_string(last) + " days");
    }
    return calendar::Holiday{year, month, day};
}

std::expected<calendar::Holiday, std::string> parse_holiday(std::string_view text) {
    auto first = text.find('-');
    auto second = first == std::string_view::npos ? first : text.find('-', first + 1);
    if (second == std::string_view::npos) {
        return std::unexpected("holiday \"" + std::string(text) + "\" is not a date; " +
                               k_holiday_usage);
    }
    std::string_view y = text.substr(0, first);
    std::string_view m = text.substr(first + 1, second - first - 1);
    std::string_view d = text.substr(second + 1);
    bool every_year = y == "*";
    if ((!every_year && (y.size() != 4 || !all_digits(y))) || m.size() != 2 || !all_digits(m) ||
        d.size() != 2 || !all_digits(d)) {
        return std::unexpected("holiday \"" + std::string(text) + "\" is not a date; " +
                               k_holiday_usage);
    }
    int year = every_year ? 0 : std::stoi(std::string(y));
    if (!every_year && year == 0) {
        return std::unexpected("holiday \"" + std::string(text) + "\" has year 0000; " +
                               k_holiday_usage);
    }
    return check_date(year, static_cast<unsigned>(std::stoi(std::string(m))),
                      static_cast<unsigned>(std::stoi(std::string(d))), text);
}

std::expected<calendar::Holiday, std::string> holiday_of(const toml::node& node) {
    if (const auto* text = node.as_string()) {
        return parse_holiday(text->get());
    }
    if (const auto* date = node.as_date()) {
        const toml::date& value = date->get();
        return calendar::Holiday{value.year, value.month, value.day};
    }
    return std::unexpected("a holiday must be a date string, e.g. \"2026-12-25\" or "
                           "\"*-12-25\", or { date = \"2026-12-25\", name = \"Christmas Day\" }; "
                           "found " +
                           type_phrase(node));
}

// 0 = Monday ... 6 = Sunday.
int weekday_of(const calendar::Holiday& h) {
    std::chrono::year_month_day ymd{std::chrono::year{h.year}, std::chrono::month{h.month},
                                    std::chrono::day{h.day}};
    return static_cast<int>(std::chrono::weekday{std::chrono::sys_days{ymd}}.iso_encoding()) - 1;
}

} // namespace

std::string format_holiday(const calendar::Holiday& h) {
    auto two = [](unsigned v) {
        return std::string(1, static_cast<char>('0' + v / 10)) + static_cast<char>('0' + v % 10);
    };
    std::string year = h.year == 0 ? "*" : std::to_string(h.year);
    while (h.year != 0 && year.size() < 4) {
        year.insert(year.begin(), '0');
    }
    return year + "-" + two(h.month) + "-" + two(h.day);
}

Named read_named(Reporter& rep, const toml::node& element, std::string_view key,
                 std::string_view what, std::string_view example, std::string_view example_name) {
    const auto* table = element.as_table();
    if (table == nullptr) {
        return {&element, {}};
    }
    const std::array<std::string_view, 2> keys = {key, "name"};
    check_keys(rep, *table, keys, "in a " + std::string(what));
    Named out{table->get(key), {}};
    if (out.value == nullptr) {
        rep.error(pos_of(element),
                  fmt::format("a {} table needs a `{}`, e.g. {{ {} = {}, name = {} }}", what, key,
                              key, example, example_name));
        return out;
    }
    if (const auto* name = table->get("name")) {
        if (const auto* text = read_string(rep, *name, "name", example_name)) {
            out.name = *text;
        }
    }
    return out;
}

void read_dates(Draft& draft, Reporter& rep, const toml::node& node, DateList list) {
    const auto* array = read_array(rep, node, list.key, "[\"2026-12-25\", \"*-01-01\"]");
    if (array == nullptr) {
        return;
    }
    bool open_some_day = false;
    if (list.window != nullptr) {
        for (const auto& day : list.window->week) {
            open_some_day = open_some_day || !day.empty();
        }
    }
    std::set<calendar::Holiday> seen(list.dates.begin(), list.dates.end());
    for (const auto& element : *array) {
        auto [date_node, name] =
            read_named(rep, element, "date", "holiday", "\"2026-12-25\"", "\"Christmas Day\"");
        if (date_node == nullptr) {
            continue;
        }
        auto holiday = holiday_of(*date_node);
        if (!holiday) {
            rep.error(pos_of(*date_node), holiday.error());
            continue;
        }
        Pos pos = pos_of(*date_node);
        std::string shown = format_holiday(*holiday);
        if (!seen.insert(*holiday).second) {
            rep.warning(pos, "holiday " + shown + " is listed twice in " + list.owner);
            continue;
        }
        list.dates.push_back(*holiday);
        if (!name.empty()) {
            list.names[*holiday] = name;
        }
        if (holiday->year == 0) {
            continue;
        }
        if (holiday->year < draft.year - 1) {
            rep.warning(pos, "holiday " + shown + " is more than a year in the past (it is " +
                                 std::to_string(draft.year) + "); remove it, or write *-" +
                                 shown.substr(5) + " if it recurs every year");
        } else if (holiday->year > draft.year + 5) {
            rep.warning(pos, "holiday " + shown + " is more than 5 years ahead (it is " +
                                 std::to_string(draft.year) + "); check the year");
        } else if (open_some_day && list.window->week[weekday_of(*holiday)].empty() &&
                   !list.unsure_hours[weekday_of(*holiday)]) {
            rep.warning(pos, "holiday " + shown + " is a " + k_weekdays[weekday_of(*holiday)] +
                                 ", when " + list.owner +
                                 " is closed anyway; remove it, or check the date");
        }
    }
}

std::expected<calendar::Holiday, std::string> parse_date(std::string_view text) {
    return parse_holiday(text);
}

void read_holidays(Draft& draft, Reporter& rep, calendar::WindowSpec& spec, const toml::node& node,
                   const Days& unsure_hours) {
    std::map<calendar::Holiday, std::string> names;
    read_dates(draft, rep, node,
               DateList{"holidays", "window `" + spec.name + "`", spec.holidays, names, &spec,
                        unsure_hours});
    if (!names.empty()) {
        draft.config.holiday_names[spec.name].merge(names);
    }
}

} // namespace itsm::config::internal
