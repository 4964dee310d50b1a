// Named holiday calendars: [calendars.NAME] of service-windows.toml or calendars/NAME.toml
// beside it, with fixed dates, date ranges and yearly rules, and the windows that list them.
#include <itsm/config/calendars.hpp>
#include <itsm/config/draft.hpp>
#include <itsm/config/suggest.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <set>

namespace itsm::config {

namespace {

namespace chr = std::chrono;

constexpr std::array<std::string_view, 5> k_calendar_keys = {"dates", "ranges", "rules", "source",
                                                             "name"};
constexpr std::array<std::string_view, 3> k_range_keys = {"from", "to", "name"};
constexpr std::array<std::string_view, 5> k_nths = {"first", "second", "third", "fourth", "last"};
constexpr std::array<std::string_view, 7> k_rule_days = {"mon", "tue", "wed", "thu",
                                                         "fri", "sat", "sun"};
constexpr std::array<std::string_view, 12> k_rule_months = {
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
constexpr std::string_view k_rule_usage =
    "write \"easter\", \"easter+1\", \"easter-2\" or NTH-DAY-MONTH such as \"first-mon-may\" or "
    "\"last-mon-aug\"";
constexpr int k_max_range_days = 366;

template <std::size_t N>
std::optional<int> index_in(const std::array<std::string_view, N>& names, std::string_view word) {
    auto it = std::find(names.begin(), names.end(), word);
    return it == names.end() ? std::nullopt : std::optional<int>(int(it - names.begin()));
}

calendar::Holiday from_days(chr::sys_days day) {
    chr::year_month_day ymd{day};
    return {int(ymd.year()), unsigned(ymd.month()), unsigned(ymd.day())};
}

chr::sys_days to_days(const calendar::Holiday& h) {
    return chr::sys_days{chr::year{h.year} / chr::month{h.month} / chr::day{h.day}};
}

} // namespace

bool valid_calendar_name(std::string_view name) {
    return !name.empty() && name.size() <= 64 && std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '-' || c == '_';
    });
}

std::string format_date(const calendar::Holiday& date) {
    return internal::format_holiday(date);
}

namespace {} // namespace

// Days repeat across ranges and rules; read_one sorts them and drops the repeats once, as a
// search here for each day made a file of many long ranges quadratic.
void add_date(Calendar& cal, const calendar::Holiday& date, const std::string& name) {
    cal.dates.push_back(date);
    if (!name.empty() && !cal.names.contains(date)) {
        cal.names[date] = name;
    }
}

std::expected<std::vector<calendar::Holiday>, std::string>
expand_rule(std::string_view rule, int first_year, int last_year) {
    std::vector<calendar::Holiday> out;
    if (rule.starts_with("easter")) {
        std::string_view rest = rule.substr(6);
        int offset = 0;
        if (!rest.empty()) {
            if (rest.front() != '+' && rest.front() != '-') {
                return std::unexpected("rule \"" + std::string(rule) + "\" is not a rule; " +
                                       std::string(k_rule_usage));
            }
            auto digits = rest.substr(1);
            auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), offset);
            if (digits.empty() || ec != std::errc{} || end != digits.data() + digits.size() ||
                offset > 99) {
                return std::unexpected("rule \"" + std::string(rule) +
                                       "\" needs a number of days from 0 to 99 after easter, e.g. "
                                       "\"easter+1\"");
            }
            offset = rest.front() == '-' ? -offset : offset;
        }
        for (int year = first_year; year <= last_year; ++year) {
            out.push_back(from_days(to_days(easter_sunday(year)) + chr::days{offset}));
        }
        return out;
    }
    auto first = rule.find('-');
    auto second = first == std::string_view::npos ? first : rule.find('-', first + 1);
    if (second == std::string_view::npos) {
        return std::unexpected("rule \"" + std::string(rule) + "\" is not a rule; " +
                               std::string(k_rule_usage));
    }
    auto nth = index_in(k_nths, rule.substr(0, first));
    auto day = index_in(k_rule_days, rule.substr(first + 1, second - first - 1));
    auto month = index_in(k_rule_months, rule.substr(second + 1));
    if (!nth || !day || !month) {
        return std::unexpected("rule \"" + std::string(rule) + "\" is not a rule; " +
                               std::string(k_rule_usage));
    }
    chr::weekday weekday{unsigned(*day + 1) % 7};
    for (int year = first_year; year <= last_year; ++year) {
        chr::year_month ym{chr::year{year}, chr::month{unsigned(*month + 1)}};
        chr::sys_days date = *nth == 4 ? chr::sys_days{ym / weekday[chr::last]}
                                       : chr::sys_days{ym / weekday[unsigned(*nth + 1)]};
        out.push_back(from_days(date));
    }
    return out;
}

calendar::Holiday easter_sunday(int year) {
    // The Gregorian computus (Meeus/Jones/Butcher).
    int a = year % 19;
    int b = year / 100;
    int c = year % 100;
    int d = b / 4;
    int e = b % 4;
    int f = (b + 8) / 25;
    int g = (b - f + 1) / 3;
    int h = (19 * a + b - d - g + 15) % 30;
    int i = c / 4;
    int k = c % 4;
    int l = (32 + 2 * e + 2 * i - h - k) % 7;
    int m = (a + 11 * h + 22 * l) / 451;
    int month = (h + l - 7 * m + 114) / 31;
    int day = (h + l - 7 * m + 114) % 31 + 1;
    return {year, unsigned(month), unsigned(day)};
}

namespace internal {

namespace {

void read_range_element(Reporter& rep, Calendar& cal, const toml::node& element) {
    const auto* table = element.as_table();
    if (table == nullptr) {
        rep.error(pos_of(element), "a range must be a table, e.g. { from = \"2026-12-24\", to = "
                                   "\"2027-01-01\", name = \"Christmas closure\" }; found " +
                                       type_phrase(element));
        return;
    }
    check_keys(rep, *table, k_range_keys, "in a range");
    std::array<std::optional<calendar::Holiday>, 2> ends;
    std::array<std::string_view, 2> keys = {"from", "to"};
    for (std::size_t i = 0; i < 2; ++i) {
        const auto* node = table->get(keys[i]);
        if (node == nullptr) {
            rep.error(pos_of(element), "a range needs `from` and `to` (both days closed), e.g. "
                                       "{ from = \"2026-12-24\", to = \"2027-01-01\" }");
            return;
        }
        std::expected<calendar::Holiday, std::string> date =
            std::unexpected("`" + std::string(keys[i]) + "` must be a date, e.g. \"2026-12-24\"");
        if (const auto* text = node->as_string()) {
            date = parse_date(text->get());
        } else if (const auto* value = node->as_date()) {
            date = calendar::Holiday{value->get().year, value->get().month, value->get().day};
        }
        if (date && date->year == 0) {
            date = std::unexpected("a range runs between two dated days; write the year, e.g. "
                                   "\"2026-12-24\"");
        }
        if (!date) {
            rep.error(pos_of(*node), date.error());
            return;
        }
        ends[i] = *date;
    }
    std::string name;
    if (const auto* node = table->get("name")) {
        if (const auto* text = read_string(rep, *node, "name", "\"Christmas closure\"")) {
            name = *text;
        }
    }
    auto from = to_days(*ends[0]);
    auto to = to_days(*ends[1]);
    if (to < from) {
        rep.error(pos_of(*table->get("to")), "range ends (" + format_holiday(*ends[1]) +
                                                 ") before it starts (" + format_holiday(*ends[0]) +
                                                 "); `to` is the last day closed");
        return;
    }
    if ((to - from).count() >= k_max_range_days) {
        rep.error(pos_of(*table->get("to")),
                  "range " + format_holiday(*ends[0]) + " to " + format_holiday(*ends[1]) +
                      " is longer than a year; a window closed that long is better without "
                      "those days in its hours");
        return;
    }
    for (auto day = from; day <= to; day += chr::days{1}) {
        add_date(cal, from_days(day), name);
    }
}

void read_rule_element(Draft& draft, Reporter& rep, Calendar& cal, const toml::node& element) {
    auto [rule_node, name] =
        read_named(rep, element, "rule", "rule", "\"easter+1\"", "\"Easter Monday\"");
    if (rule_node == nullptr) {
        return;
    }
    const auto* text = read_string(rep, *rule_node, "rule", "\"easter+1\"");
    if (text == nullptr) {
        return;
    }
    auto dates = expand_rule(*text, draft.year - k_rule_years, draft.year + k_rule_years);
    if (!dates) {
        rep.error(pos_of(*rule_node), dates.error());
        return;
    }
    cal.rules.push_back(*text);
    for (const auto& date : *dates) {
        add_date(cal, date, name);
    }
}

// A calendar's body: the table [calendars.NAME] or the root of calendars/NAME.toml.
void read_body(Draft& draft, Reporter& rep, Calendar& cal, const toml::table& table,
               std::string_view where) {
    check_keys(rep, table, k_calendar_keys, where);
    if (const auto* node = table.get("source")) {
        if (const auto* text = read_string(rep, *node, "source", "\"uk-bank-holidays.ics\"")) {
            cal.source = *text;
        }
    }
    if (const auto* node = table.get("name")) {
        read_string(rep, *node, "name", "\"Bank holidays of England and Wales\"");
    }
    if (const auto* node = table.get("dates")) {
        read_dates(draft, rep, *node,
                   DateList{"dates", "calendar `" + cal.name + "`", cal.dates, cal.names, nullptr});
    }
    if (const auto* node = table.get("ranges")) {
        if (const auto* array = read_array(
                rep, *node, "ranges",
                "[{ from = \"2026-12-24\", to = \"2027-01-01\", name = \"Christmas closure\" }]")) {
            for (const auto& element : *array) {
                read_range_element(rep, cal, element);
            }
        }
    }
    if (const auto* node = table.get("rules")) {
        if (const auto* array =
                read_array(rep, *node, "rules", "[\"easter-2\", \"last-mon-may\"]")) {
            for (const auto& element : *array) {
                read_rule_element(draft, rep, cal, element);
            }
        }
    }
}

// A calendar of dated days that has none next year has run out: say so while there is time.
void check_coverage(Draft& draft, const Calendar& cal) {
    Reporter rep(draft.diagnostics, cal.file);
    Pos pos = draft.calendar_pos[cal.name];
    int last = 0;
    for (const auto& date : cal.dates) {
        last = std::max(last, date.year);
    }
    if (last != 0 && cal.rules.empty() && last < draft.year + 1) {
        rep.warning(pos, "calendar `" + cal.name + "` has no dates in " +
                             std::to_string(draft.year + 1) + " (its last is in " +
                             std::to_string(last) +
                             "); import next year's with 'itsm calendar "
                             "import FILE.ics --name " +
                             cal.name + "' or add them");
    }
}

void read_one(Draft& draft, Reporter& rep, const std::string& name, Pos pos,
              const toml::table& table, const std::string& file) {
    if (!valid_calendar_name(name)) {
        rep.error(pos, "calendar name `" + name +
                           "` may hold only letters, digits, '-' and '_' (at most 64)");
        return;
    }
    if (auto it = draft.config.calendars.find(name); it != draft.config.calendars.end()) {
        rep.error(pos, "calendar `" + name + "` is defined twice: in " + it->second.file +
                           " and in " + file + "; keep one");
        return;
    }
    Calendar cal;
    cal.name = name;
    cal.file = file;
    std::string where = file == k_windows_file ? "in [calendars." + name + "]" : "in " + file;
    read_body(draft, rep, cal, table, where);
    std::sort(cal.dates.begin(), cal.dates.end());
    cal.dates.erase(std::unique(cal.dates.begin(), cal.dates.end()), cal.dates.end());
    draft.calendar_pos[name] = pos;
    draft.config.calendars.emplace(name, std::move(cal));
}

} // namespace

void read_calendars(Draft& draft, const toml::table* root,
                    const std::map<std::string, std::string>& texts) {
    if (root != nullptr) {
        if (const auto* node = root->get("calendars")) {
            Reporter rep(draft.diagnostics, k_windows_file);
            if (const auto* table =
                    read_table(rep, *node, "calendars", "[calendars.uk-england] dates = [...]")) {
                for (auto&& [key, value] : *table) {
                    std::string name(key.str());
                    const auto* body = read_table(rep, value, "calendars." + name,
                                                  "[calendars." + name + "] dates = [...]");
                    if (body != nullptr) {
                        read_one(draft, rep, name, pos_of(key), *body, std::string(k_windows_file));
                    }
                }
            }
        }
    }
    std::string prefix = std::string(k_calendars_dir) + "/";
    for (const auto& [file, text] : texts) {
        if (!file.starts_with(prefix) || !file.ends_with(".toml")) {
            continue;
        }
        std::optional<toml::table> table;
        if (parse_file(draft, file, &text, table) != FileState::read) {
            continue;
        }
        draft.config.files.push_back(file);
        Reporter rep(draft.diagnostics, file);
        std::string name = file.substr(prefix.size(), file.size() - prefix.size() - 5);
        read_one(draft, rep, name, Pos{1, 1}, *table, file);
    }
}

void check_calendars(Draft& draft) {
    for (const auto& [name, cal] : draft.config.calendars) {
        check_coverage(draft, cal);
        if (cal.windows.empty()) {
            Reporter rep(draft.diagnostics, cal.file);
            rep.warning(draft.calendar_pos[name], "calendar `" + name +
                                                      "` is not used by any window; list it in a "
                                                      "window's `calendars = [\"" +
                                                      name + "\"]`, or remove it");
        }
    }
}

void use_calendars(Draft& draft, Reporter& rep, calendar::WindowSpec& spec,
                   const toml::node& node) {
    auto names = read_string_list(rep, node, "calendars", "[\"uk-england\"]");
    if (!names) {
        return;
    }
    std::set<calendar::Holiday> seen(spec.holidays.begin(), spec.holidays.end());
    for (const auto& ref : *names) {
        auto it = draft.config.calendars.find(ref.value);
        if (it == draft.config.calendars.end()) {
            std::vector<std::string> known;
            for (const auto& [name, cal] : draft.config.calendars) {
                known.push_back(name);
            }
            auto best = closest(ref.value, known);
            rep.error(ref.pos, "window `" + spec.name + "` uses calendar `" + ref.value +
                                   "`, which is not defined" +
                                   (best.empty() ? "; define [calendars." + ref.value +
                                                       "] or import it with 'itsm calendar "
                                                       "import FILE.ics --name " +
                                                       ref.value + "'"
                                                 : "; did you mean `" + best + "`?"));
            continue;
        }
        Calendar& cal = it->second;
        cal.windows.push_back(spec.name);
        auto& window_names = draft.config.holiday_names[spec.name];
        for (const auto& date : cal.dates) {
            if (seen.insert(date).second) {
                spec.holidays.push_back(date);
            }
            if (auto name = cal.names.find(date); name != cal.names.end()) {
                window_names.emplace(date, name->second);
            }
        }
        if (window_names.empty()) {
            draft.config.holiday_names.erase(spec.name);
        }
    }
}

} // namespace internal

} // namespace itsm::config
