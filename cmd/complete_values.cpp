#include "complete_values.hpp"

#include <itsm/desk/desk.hpp>
#include <itsm/examples/examples.hpp>
#include <itsm/render/terminal.hpp>
#include <itsm/store/hints.hpp>

#include <fmt/format.h>

#include <chrono>
#include <functional>

namespace itsm::cmd {

namespace {

constexpr std::size_t k_ticket_limit = 200;
constexpr std::size_t k_field_limit = 100;

using namespace std::chrono;

// The name an option is known by here: "priority" for --priority, "id" for a positional.
std::string key_of(const CLI::Option& option) {
    if (!option.get_lnames().empty()) {
        return option.get_lnames().front();
    }
    if (!option.get_snames().empty()) {
        return option.get_snames().front();
    }
    return option.get_name(true, false);
}

void add_unique(Values& v, std::string value, std::string description = {}) {
    for (const auto& c : v.candidates) {
        if (c.value == value) {
            return;
        }
    }
    v.candidates.push_back({std::move(value), std::move(description)});
}

void tickets(AppContext& ctx, Values& v) {
    const auto& config = ctx.config();
    auto& store = ctx.store(store::Mode::read);
    for (const auto& h : store.ticket_hints(k_ticket_limit)) {
        model::Ticket t;
        t.number = h.number;
        t.type = h.type;
        add_unique(
            v, desk::display_id(config, t),
            fmt::format("{}: {}", model::to_string(h.status), render::terminal_text(h.title)));
    }
}

void from_store(AppContext& ctx, store::Field field, Values& v) {
    for (auto& value : ctx.store(store::Mode::read).field_hints(field, k_field_limit)) {
        add_unique(v, std::move(value), "used on tickets");
    }
}

void priorities(AppContext& ctx, Values& v) {
    for (const auto& p : ctx.config().priorities) {
        add_unique(v, p.id, p.name);
    }
}

void groups(AppContext& ctx, Values& v) {
    for (const auto& g : ctx.config().groups) {
        add_unique(v, g.name, g.tier > 0 ? fmt::format("tier {}", g.tier) : std::string("group"));
    }
    from_store(ctx, store::Field::group, v);
}

void services(AppContext& ctx, Values& v) {
    for (const auto& [id, s] : ctx.config().services) {
        add_unique(v, id, s.name);
    }
    from_store(ctx, store::Field::service, v);
}

void levels(AppContext& ctx, bool impact, Values& v) {
    const auto& matrix = ctx.config().matrix;
    for (const auto& [row, columns] : matrix) {
        if (impact) {
            add_unique(v, row, "impact");
            continue;
        }
        for (const auto& [column, priority] : columns) {
            add_unique(v, column, "urgency");
        }
    }
    if (matrix.empty()) {
        for (const char* level : {"high", "medium", "low"}) {
            add_unique(v, level);
        }
    }
}

// ISO 8601 week of a date: the week (and its year) of the Thursday of that week.
std::string iso_week(year_month_day day) {
    const sys_days d{day};
    const auto monday_based = (weekday{d}.iso_encoding() - 1);
    const sys_days thursday = d - days{monday_based} + days{3};
    const year y = year_month_day{thursday}.year();
    const auto week = (thursday - sys_days{y / January / 1}).count() / 7 + 1;
    return fmt::format("{}-W{:02}", static_cast<int>(y), week);
}

std::string iso_date(year_month_day day) {
    return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(day.year()),
                       static_cast<unsigned>(day.month()), static_cast<unsigned>(day.day()));
}

// The last few complete periods before now, newest first, in the configured time zone.
void periods(AppContext& ctx, const std::string& kind, Values& v) {
    const auto today = sys_days{time::local_date(ctx.now(), ctx.config().zone)};
    if (kind == "date") {
        add_unique(v, "yesterday", iso_date(year_month_day{today - days{1}}));
        add_unique(v, "today", iso_date(year_month_day{today}));
        for (int back = 1; back <= 7; ++back) {
            add_unique(v, iso_date(year_month_day{today - days{back}}));
        }
    } else if (kind == "week") {
        for (int back = 1; back <= 8; ++back) {
            add_unique(v, iso_week(year_month_day{today - weeks{back}}),
                       back == 1 ? "last week" : "");
        }
    } else {
        year_month month{year_month_day{today}.year(), year_month_day{today}.month()};
        for (int back = 1; back <= 12; ++back) {
            month -= months{1};
            add_unique(v,
                       fmt::format("{:04}-{:02}", static_cast<int>(month.year()),
                                   static_cast<unsigned>(month.month())),
                       back == 1 ? "last month" : "");
        }
    }
}

void bundled_examples(Values& v) {
    for (const auto& name : examples::names()) {
        add_unique(v, name, examples::title_of(name));
    }
}

} // namespace

std::vector<std::string> declared_choices(const CLI::Option& option) {
    const std::string type = option.get_type_name();
    const auto open = type.find('{');
    const auto close = type.find('}', open);
    std::vector<std::string> choices;
    if (open == std::string::npos || close == std::string::npos) {
        return choices;
    }
    std::string item;
    for (char c : type.substr(open + 1, close - open - 1)) {
        if (c == ',') {
            choices.push_back(item);
            item.clear();
        } else if (c != ' ') {
            item += c;
        }
    }
    choices.push_back(item);
    return choices;
}

Values values_for(AppContext& ctx, const CLI::App& command, const CLI::Option& option) {
    Values v;
    for (auto& choice : declared_choices(option)) {
        add_unique(v, std::move(choice));
    }
    if (!v.candidates.empty()) {
        return v;
    }
    const std::string key = key_of(option);
    const std::string& name = command.get_name();
    if (key == "db" || key == "file" || key == "cases") {
        v.fallback = "files";
        return v;
    }
    if (key == "config") {
        v.fallback = "dirs";
        return v;
    }
    if (key == "status") {
        for (const char* s : {"open", "new", "assigned", "on-hold", "resolved", "closed"}) {
            add_unique(v, s);
        }
        return v;
    }
    if (option.get_type_name() == "TIME") {
        add_unique(v, "now");
        return v;
    }
    const std::map<std::string, std::function<void()>> live{
        {"id", [&] { tickets(ctx, v); }},
        {"other", [&] { tickets(ctx, v); }},
        {"priority", [&] { priorities(ctx, v); }},
        {"group", [&] { groups(ctx, v); }},
        {"service", [&] { services(ctx, v); }},
        {"assignee", [&] { from_store(ctx, store::Field::assignee, v); }},
        {"impact", [&] { levels(ctx, true, v); }},
        {"urgency", [&] { levels(ctx, false, v); }},
        {"date", [&] { periods(ctx, key, v); }},
        {"week", [&] { periods(ctx, key, v); }},
        {"month", [&] { periods(ctx, key, v); }},
        {"example", [&] { bundled_examples(v); }},
        // escalate --to names a group; log and assign --to name a person.
        {"to",
         [&] {
             if (name == "escalate") {
                 groups(ctx, v);
             } else if (name == "log" || name == "assign") {
                 from_store(ctx, store::Field::assignee, v);
             }
         }},
    };
    const auto found = live.find(key);
    if (found == live.end()) {
        return v;
    }
    try {
        found->second();
    } catch (const std::exception&) {
        // An invalid configuration or an unusable store offers nothing; the command itself
        // will say what is wrong when it runs.
    }
    return v;
}

} // namespace itsm::cmd
