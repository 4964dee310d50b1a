// Cross-file validation once every file is read: references between files, durations
// against the window that will apply, windows without open hours, the escalation path.
#include <itsm/config/draft.hpp>
#include <itsm/config/suggest.hpp>
#include <itsm/config/targets.hpp>
#include <itsm/time/duration.hpp>

#include <algorithm>
#include <set>

namespace itsm::config::internal {

namespace {

using namespace std::chrono_literals;

std::vector<std::string> window_names(const Config& config) {
    std::vector<std::string> names;
    for (const auto& [name, window] : config.windows) {
        names.push_back(name);
    }
    return names;
}

// Reports `ref` when it names no window; true when it is known.
bool check_window_ref(const Draft& draft, Reporter& rep, const Located& ref,
                      std::string_view what) {
    if (draft.windows == FileState::broken || draft.config.windows.contains(ref.value)) {
        return draft.config.windows.contains(ref.value);
    }
    std::string message = "unknown window `" + ref.value + "` in " + std::string(what);
    if (draft.windows == FileState::absent) {
        message += "; service-windows.toml is absent, so only the built-in `24x7` exists";
    } else {
        message += did_you_mean(ref.value, window_names(draft.config));
    }
    rep.error(ref.pos, std::move(message));
    return false;
}

void check_group_ref(const Draft& draft, Reporter& rep, const Located& ref, std::string_view what) {
    if (draft.settings == FileState::broken || draft.config.find_group(ref.value) != nullptr) {
        return;
    }
    std::vector<std::string> names;
    for (const auto& group : draft.config.groups) {
        names.push_back(group.name);
    }
    std::string message = "unknown group `" + ref.value + "` in " + std::string(what);
    if (!draft.groups_given) {
        message += "; itsm.toml defines no [[group]], so only the built-in `helpdesk` exists";
    } else {
        message += did_you_mean(ref.value, names);
    }
    rep.error(ref.pos, std::move(message));
}

void check_priority_ref(const Draft& draft, Reporter& rep, const Located& ref,
                        std::string_view what) {
    if (draft.config.priorities.empty() || draft.config.find_priority(ref.value) != nullptr) {
        return; // no priorities at all is reported once, not at every reference
    }
    std::vector<std::string> ids;
    for (const auto& priority : draft.config.priorities) {
        ids.push_back(priority.id);
    }
    rep.error(ref.pos, "unknown priority `" + ref.value + "` in " + std::string(what) +
                           did_you_mean(ref.value, ids));
}

std::string hours_phrase(time::Duration d) {
    auto minutes = d.count() / 60;
    std::string out = std::to_string(minutes / 60) + " working hours";
    if (minutes % 60 != 0) {
        out = time::format_duration(d) + " of working time";
    }
    if (minutes % (24 * 60) == 0) {
        auto days = minutes / (24 * 60);
        out += days == 1 ? ", i.e. one calendar day"
                         : ", i.e. " + std::to_string(days) + " calendar days";
    }
    return out;
}

// Parses one target of a priority against `window`; reports what is wrong.
std::optional<time::Duration> parse_target(Reporter& rep, const std::string& text, Pos pos,
                                           std::string_view what, const calendar::Window* window) {
    time::Duration working_day = window != nullptr ? window->working_day() : 24h;
    if (working_day <= 0s) {
        working_day = 24h; // a window never open: still check the syntax
    }
    const auto rule = read_target_rule(text);
    if (!rule) {
        rep.error(pos, std::string(what) + ": " + rule.error());
        return std::nullopt;
    }
    if (rule->next_opening) {
        return 0s;
    }
    auto value = time::parse_duration(rule->duration, working_day);
    if (!value) {
        rep.error(pos, std::string(what) + ": " + value.error());
        return std::nullopt;
    }
    if (window != nullptr && time::uses_days(rule->duration) && !rule->by_date &&
        is_24x7(window->spec()) && working_day == 24h) {
        rep.warning(pos, std::string(rule->duration) + " on window `" + window->name() +
                             "` means " + hours_phrase(*value) + "; write " +
                             time::format_duration(*value) + " to say so");
    }
    return *value;
}

void check_priorities(Draft& draft, Reporter& rep, std::map<std::string, std::string>& used) {
    Config& config = draft.config;
    const calendar::Window* fallback = config.find_window(config.default_window);
    for (std::size_t i = 0; i < config.priorities.size(); ++i) {
        Priority& priority = config.priorities[i];
        const PriorityPos& pos = draft.priority_pos[i];
        const calendar::Window* window = fallback;
        if (!priority.window.empty()) {
            if (check_window_ref(draft, rep, Located{priority.window, pos.window},
                                 "priority `" + priority.id + "`")) {
                window = config.find_window(priority.window);
                used.emplace(priority.window, "priority `" + priority.id + "`");
            }
        }
        std::string what = "priority `" + priority.id + "`";
        if (!priority.response_text.empty()) {
            priority.response = parse_target(rep, priority.response_text, pos.response,
                                             "response of " + what, window);
        }
        if (!priority.resolve_text.empty()) {
            priority.resolve =
                parse_target(rep, priority.resolve_text, pos.resolve, "resolve of " + what, window);
        }
        if (!priority.update_text.empty()) {
            priority.update =
                parse_target(rep, priority.update_text, pos.update, "update of " + what, window);
        }
        if (priority.response && priority.resolve && *priority.response > *priority.resolve) {
            rep.warning(pos.response, "response target " + priority.response_text + " of " + what +
                                          " is longer than its resolve target " +
                                          priority.resolve_text +
                                          "; a ticket resolved on time would still breach its "
                                          "response");
        }
    }
    if (draft.default_priority) {
        check_priority_ref(draft, rep, *draft.default_priority, "`default`");
    }
    for (const auto& cell : draft.matrix_cells) {
        check_priority_ref(draft, rep, cell.priority,
                           "[matrix] " + cell.impact + "/" + cell.urgency);
    }
}

void check_services(Draft& draft, Reporter& rep, std::map<std::string, std::string>& used) {
    for (const auto& [id, refs] : draft.service_refs) {
        if (refs.window && check_window_ref(draft, rep, *refs.window, "service `" + id + "`")) {
            used.emplace(refs.window->value, "service `" + id + "`");
        }
        if (refs.group) {
            check_group_ref(draft, rep, *refs.group, "service `" + id + "`");
        }
    }
}

void check_escalation(Draft& draft, Reporter& rep) {
    Config& config = draft.config;
    if (draft.escalation_path) {
        std::set<std::string> seen;
        for (const auto& step : *draft.escalation_path) {
            check_group_ref(draft, rep, step, "[escalation] path");
            if (!seen.insert(step.value).second) {
                rep.error(step.pos, "group `" + step.value +
                                        "` appears twice in the escalation path; each tier "
                                        "comes once");
            }
            config.escalation_path.push_back(step.value);
        }
    } else {
        std::vector<const Group*> tiered;
        for (const auto& group : config.groups) {
            if (group.tier >= 1 && !group.name.empty()) {
                tiered.push_back(&group);
            }
        }
        std::stable_sort(tiered.begin(), tiered.end(),
                         [](const Group* a, const Group* b) { return a->tier < b->tier; });
        for (std::size_t i = 0; i < tiered.size(); ++i) {
            config.escalation_path.push_back(tiered[i]->name);
            if (i > 0 && tiered[i]->tier == tiered[i - 1]->tier && draft.groups_given) {
                std::size_t index = static_cast<std::size_t>(tiered[i] - config.groups.data());
                rep.warning(draft.group_pos[index],
                            "groups `" + tiered[i - 1]->name + "` and `" + tiered[i]->name +
                                "` are both tier " + std::to_string(tiered[i]->tier) +
                                " and there is no [escalation] path, so escalation goes from "
                                "one to the other; give the order with [escalation] path = "
                                "[...]");
            }
        }
    }
    const calendar::Window* window = config.find_window(config.default_window);
    for (std::size_t i = 0; i < config.groups.size(); ++i) {
        Group& group = config.groups[i];
        for (const auto& [text, value, key] :
             {std::tuple{&draft.group_auto[i], &group.auto_escalate_after, "auto_escalate_after"},
              {&draft.group_unresolved[i], &group.auto_escalate_unresolved_after,
               "auto_escalate_unresolved_after"}}) {
            if (!*text) {
                continue;
            }
            *value = parse_target(rep, (*text)->value, (*text)->pos,
                                  std::string(key) + " of group `" + group.name + "`", window);
            const auto& path = config.escalation_path;
            auto at = std::find(path.begin(), path.end(), group.name);
            if (*value && (at == path.end() || at + 1 == path.end())) {
                rep.warning((*text)->pos,
                            "group `" + group.name + "` escalates automatically, but it is " +
                                (at == path.end() ? "not on the escalation path"
                                                  : "the last tier of the escalation path") +
                                ", so there is nowhere to escalate to");
            }
        }
    }
    check_on_breach(draft, rep);
}

// Each group's OLA entries: a known priority, and targets read as that priority's would be (on
// its window, else the default one).
void check_olas(Draft& draft, Reporter& rep) {
    Config& config = draft.config;
    for (std::size_t i = 0; i < config.groups.size() && i < draft.group_ola.size(); ++i) {
        Group& group = config.groups[i];
        for (const auto& where : draft.group_ola[i]) {
            const calendar::Window* window = config.find_window(config.default_window);
            std::string what = "OLA of group `" + group.name + "`";
            if (!where.priority.empty()) {
                check_priority_ref(draft, rep, Located{where.priority, where.key}, "the " + what);
                const Priority* priority = config.find_priority(where.priority);
                if (priority != nullptr && !priority->window.empty() &&
                    config.find_window(priority->window) != nullptr) {
                    window = config.find_window(priority->window);
                }
                what += " for " + where.priority;
            }
            OlaTargets& ola = group.ola[where.priority];
            if (!ola.response_text.empty()) {
                ola.response = parse_target(rep, ola.response_text, where.response,
                                            "response of the " + what, window);
            }
            if (!ola.resolve_text.empty()) {
                ola.resolve = parse_target(rep, ola.resolve_text, where.resolve,
                                           "resolve of the " + what, window);
            }
            if (ola.response && ola.resolve && *ola.response > *ola.resolve) {
                rep.warning(where.response, "response target " + ola.response_text + " of the " +
                                                what + " is longer than its resolve target " +
                                                ola.resolve_text +
                                                "; a ticket resolved in the group on time would "
                                                "still breach its response");
            }
        }
    }
}

void check_unopened_windows(Draft& draft, Reporter& rep,
                            const std::map<std::string, std::string>& used) {
    for (const auto& [name, window] : draft.config.windows) {
        bool open = std::any_of(window.spec().week.begin(), window.spec().week.end(),
                                [](const auto& day) { return !day.empty(); });
        if (open || draft.troubled_windows.contains(name)) {
            continue;
        }
        auto pos = draft.window_pos.contains(name) ? draft.window_pos.at(name) : Pos{};
        const std::string example =
            "; give it hours, e.g. hours = { \"mon-fri\" = \"08:00-18:00\" }";
        if (auto user = used.find(name); user != used.end()) {
            rep.error(pos, "window `" + name + "` has no open hours, but " + user->second +
                               " uses it, so its clocks would never run" + example);
        } else {
            rep.warning(pos, "window `" + name + "` has no open hours and nothing uses it" +
                                 example + ", or remove it");
        }
    }
}

} // namespace

void validate(Draft& draft) {
    Config& config = draft.config;
    Reporter windows_rep(draft.diagnostics, k_windows_file);
    Reporter priorities_rep(draft.diagnostics, k_priorities_file);
    Reporter settings_rep(draft.diagnostics, k_settings_file);

    std::map<std::string, std::string> used; // window -> first user, for messages
    if (draft.default_window) {
        if (check_window_ref(draft, windows_rep, *draft.default_window, "`default`")) {
            used.emplace(draft.default_window->value, "`default`");
        }
    } else if (!config.default_window.empty()) {
        used.emplace(config.default_window, "`default`");
    }
    check_services(draft, windows_rep, used);
    check_priorities(draft, priorities_rep, used);
    check_escalation(draft, settings_rep);
    check_olas(draft, settings_rep);
    check_unopened_windows(draft, windows_rep, used);

    if (draft.timezone && time::find_zone(draft.timezone->value)) {
        config.timezone = draft.timezone->value;
    } else if (const auto* window = config.find_window(config.default_window)) {
        config.timezone = window->spec().zone_name;
    } else {
        config.timezone = "UTC";
    }
    config.zone = zone_or_utc(config.timezone);
}

} // namespace itsm::config::internal
