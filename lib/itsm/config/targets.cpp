// Targets re-read against the working day of the window that applies, and their options.
#include <itsm/calendar/working_dates.hpp>
#include <itsm/config/suggest.hpp>
#include <itsm/config/targets.hpp>
#include <itsm/time/duration.hpp>

#include <charconv>

namespace itsm::config {

namespace {

const std::vector<std::string>& target_options() {
    static const std::vector<std::string> options = {"by-date", "end-of-day", "next-opening"};
    return options;
}

// The whole days of "2d4h" (2) and the rest ("4h", or "" when none).
std::pair<int, std::string_view> split_days(std::string_view duration) {
    const auto d = duration.find('d');
    int days = 0;
    std::from_chars(duration.data(), duration.data() + d, days);
    return {days, duration.substr(d + 1)};
}

std::optional<time::Duration> by_date_amount(std::string_view duration,
                                             const calendar::Window& window, time::Instant start) {
    const auto anchor = window.next_opening(start);
    if (!anchor) {
        return std::nullopt;
    }
    const auto [days, rest] = split_days(duration);
    const auto until = calendar::same_time_on_working_date(window, *anchor, days);
    if (!until) {
        return std::nullopt;
    }
    time::Duration amount = window.between(*anchor, *until);
    if (!rest.empty()) {
        auto extra = time::parse_duration(rest, window.working_day());
        if (!extra) {
            return std::nullopt;
        }
        amount += *extra;
    }
    return amount;
}

} // namespace

std::expected<TargetRule, std::string> read_target_rule(std::string_view text) {
    TargetRule rule;
    bool first = true;
    std::size_t i = 0;
    while (i < text.size()) {
        if (text[i] == ' ') {
            ++i;
            continue;
        }
        const std::size_t end = std::min(text.find(' ', i), text.size());
        const std::string_view word = text.substr(i, end - i);
        i = end;
        if (first && word == "end-of-day") {
            rule.next_opening = true; // "end-of-day" alone: by close of business of the first
            rule.end_of_day = true;   // working day, as "next-opening end-of-day"
            first = false;
            continue;
        }
        if (first && word == "by-date") {
            return std::unexpected("`" + std::string(word) + "` follows a duration, e.g. \"2d " +
                                   std::string(word) + "\"");
        }
        if (first && word != "next-opening") {
            rule.duration = word;
            first = false;
            continue;
        }
        bool* flag = word == "by-date"        ? &rule.by_date
                     : word == "end-of-day"   ? &rule.end_of_day
                     : word == "next-opening" ? &rule.next_opening
                                              : nullptr;
        if (flag == nullptr) {
            return std::unexpected("`" + std::string(word) + "` is not a target option" +
                                   did_you_mean(word, target_options()));
        }
        if (*flag || (flag == &rule.next_opening && !first)) {
            return std::unexpected("`" + std::string(word) +
                                   (*flag ? "` is given twice" : "` is a target of its own") +
                                   "; e.g. \"2d by-date end-of-day\" or \"next-opening\"");
        }
        *flag = true;
        first = false;
    }
    if (rule.next_opening && rule.by_date) {
        return std::unexpected(
            "`by-date` needs a number of days; \"next-opening\" takes only `end-of-day`");
    }
    if (rule.by_date && rule.duration.find('d') == std::string_view::npos) {
        return std::unexpected(
            "`by-date` counts working dates: the target needs days, e.g. \"2d by-date\"");
    }
    if (rule.by_date && rule.duration.front() == '0') {
        return std::unexpected("`by-date` needs at least one day, e.g. \"1d by-date\"");
    }
    return rule;
}

namespace {

// The working time of `rule` with days read as the window's working day ("next-opening": zero).
std::optional<time::Duration> rule_amount(const TargetRule& rule,
                                          const std::optional<time::Duration>& parsed,
                                          const calendar::Window& window) {
    if (rule.next_opening) {
        return time::Duration{0};
    }
    if (!time::uses_days(rule.duration) && parsed) {
        return parsed; // no `d`: the window's working day does not matter
    }
    time::Duration working_day = window.working_day();
    if (working_day <= time::Duration{0}) {
        return std::nullopt;
    }
    auto value = time::parse_duration(rule.duration, working_day);
    if (!value) {
        return std::nullopt;
    }
    return *value;
}

std::optional<time::Duration> nominal_target(const std::string& text,
                                             const std::optional<time::Duration>& parsed,
                                             const calendar::Window& window) {
    if (text.empty()) {
        return parsed; // built in code without a text: the value is all there is
    }
    const auto rule = read_target_rule(text);
    return rule ? rule_amount(*rule, parsed, window) : std::nullopt;
}

// The text is read once per ticket: this runs for every ticket `sla-check` evaluates.
std::optional<Target> ticket_target(const std::string& text,
                                    const std::optional<time::Duration>& parsed,
                                    const calendar::Window& window, time::Instant start) {
    if (text.empty()) {
        return parsed ? std::optional<Target>(Target{*parsed, false}) : std::nullopt;
    }
    const auto rule = read_target_rule(text);
    if (!rule) {
        return std::nullopt;
    }
    const auto amount = rule->by_date ? by_date_amount(rule->duration, window, start)
                                      : rule_amount(*rule, parsed, window);
    if (!amount) {
        return std::nullopt;
    }
    return Target{*amount, rule->end_of_day};
}

} // namespace

std::optional<time::Duration> target_on(const Priority& priority, bool response,
                                        const calendar::Window& window) {
    return response ? nominal_target(priority.response_text, priority.response, window)
                    : nominal_target(priority.resolve_text, priority.resolve, window);
}

std::optional<Target> target_for(const Priority& priority, bool response,
                                 const calendar::Window& window, time::Instant start) {
    return response ? ticket_target(priority.response_text, priority.response, window, start)
                    : ticket_target(priority.resolve_text, priority.resolve, window, start);
}

std::optional<Target> ola_target_for(const OlaTargets& ola, bool response,
                                     const calendar::Window& window, time::Instant start) {
    return response ? ticket_target(ola.response_text, ola.response, window, start)
                    : ticket_target(ola.resolve_text, ola.resolve, window, start);
}

std::optional<Target> update_target_for(const Priority& priority, const calendar::Window& window,
                                        time::Instant start) {
    return ticket_target(priority.update_text, priority.update, window, start);
}

} // namespace itsm::config
