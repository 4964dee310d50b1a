// `itsm config show`: the effective configuration written back as TOML, one text per file,
// such that load_texts reads it back to an equal configuration.
#include <itsm/config/draft.hpp>
#include <itsm/core/sha256.hpp>
#include <itsm/time/duration.hpp>

#include <array>
#include <charconv>
#include <cstdio>

namespace itsm::config {

namespace {

using internal::format_holiday;
using internal::format_minutes;

constexpr std::array<const char*, 7> k_days = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

std::string quote(std::string_view text) {
    std::string out = "\"";
    for (char c : text) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\r':
            out += "\\r";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
                char buffer[8];
                std::snprintf(buffer, sizeof buffer, "\\u%04x", static_cast<unsigned char>(c));
                out += buffer;
            } else {
                out += c;
            }
        }
    }
    return out + "\"";
}

std::string key(std::string_view name) {
    bool bare = !name.empty();
    for (char c : name) {
        bare = bare && ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                        (c >= '0' && c <= '9') || c == '_' || c == '-');
    }
    return bare ? std::string(name) : quote(name);
}

std::string string_list(const std::vector<std::string>& items) {
    std::string out = "[";
    for (std::size_t i = 0; i < items.size(); ++i) {
        out += (i == 0 ? "" : ", ") + quote(items[i]);
    }
    return out + "]";
}

std::string duration_text(const std::string& text, const std::optional<time::Duration>& value) {
    return !text.empty() ? text : value ? time::format_duration(*value) : std::string{};
}

// A group's OLA as dotted keys, which mix the targets for every priority with a priority's
// own table: ola.response = "30m", ola.P1 = { response = "15m", resolve = "2h" }.
std::string ola_text(const Group& group) {
    std::string out;
    auto pairs = [](const OlaTargets& t) {
        std::vector<std::pair<std::string, std::string>> items;
        if (auto text = duration_text(t.response_text, t.response); !text.empty()) {
            items.emplace_back("response", text);
        }
        if (auto text = duration_text(t.resolve_text, t.resolve); !text.empty()) {
            items.emplace_back("resolve", text);
        }
        return items;
    };
    for (const auto& [priority, targets] : group.ola) {
        if (priority.empty()) {
            for (const auto& [name, text] : pairs(targets)) {
                out += "ola." + name + " = " + quote(text) + "\n";
            }
            continue;
        }
        std::string items;
        for (const auto& [name, text] : pairs(targets)) {
            items += (items.empty() ? "" : ", ") + name + " = " + quote(text);
        }
        out += "ola." + key(priority) + " = { " + items + " }\n";
    }
    return out;
}

std::string ranges_text(const std::vector<calendar::TimeRange>& ranges) {
    std::vector<std::string> items;
    for (const auto& range : ranges) {
        items.push_back(format_minutes(range.start) + "-" + format_minutes(range.end));
    }
    return items.size() == 1 ? quote(items.front()) : string_list(items);
}

// { "mon-fri" = "08:00-18:00", sat = "09:00-16:00" }: consecutive equal days become a range.
std::string hours_text(const calendar::WindowSpec& spec) {
    std::string out;
    for (int day = 0; day < 7;) {
        int last = day;
        while (last + 1 < 7 && spec.week[last + 1] == spec.week[day]) {
            ++last;
        }
        if (!spec.week[day].empty()) {
            std::string name =
                day == last ? k_days[day] : std::string(k_days[day]) + "-" + k_days[last];
            out += (out.empty() ? "" : ", ") + key(name) + " = " + ranges_text(spec.week[day]);
        }
        day = last + 1;
    }
    return out.empty() ? "{}" : "{ " + out + " }";
}

std::string holidays_text(const Config& config, const calendar::WindowSpec& spec) {
    const std::map<calendar::Holiday, std::string>* names = nullptr;
    if (auto it = config.holiday_names.find(spec.name); it != config.holiday_names.end()) {
        names = &it->second;
    }
    std::string out = "[";
    for (std::size_t i = 0; i < spec.holidays.size(); ++i) {
        const auto& holiday = spec.holidays[i];
        out += i == 0 ? "" : ", ";
        const std::string* name = nullptr;
        if (names != nullptr) {
            if (auto it = names->find(holiday); it != names->end()) {
                name = &it->second;
            }
        }
        if (name != nullptr) {
            out += "{ date = " + quote(format_holiday(holiday)) + ", name = " + quote(*name) + " }";
        } else {
            out += quote(format_holiday(holiday));
        }
    }
    return out + "]";
}

std::string percent(double value) {
    char buffer[32];
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
    return std::string(buffer, ec == std::errc{} ? end : buffer) + "%";
}

std::string settings_text(const Config& config) {
    std::string out;
    out += "timezone = " + quote(config.timezone) + "\n";
    if (!config.store_path.empty()) {
        out += "\n[store]\npath = " + quote(config.store_path) + "\n";
    }
    out += "\n[prefixes]\n";
    for (const auto type : internal::k_record_types) {
        if (auto it = config.prefixes.find(std::string(type)); it != config.prefixes.end()) {
            out += std::string(type) + " = " + quote(it->second) + "\n";
        }
    }
    for (const auto& group : config.groups) {
        out += "\n[[group]]\nname = " + quote(group.name) + "\n";
        if (group.tier > 0) {
            out += "tier = " + std::to_string(group.tier) + "\n";
        }
        if (!group.email.empty()) {
            out += "email = " + quote(group.email) + "\n";
        }
        if (group.external) {
            out += "external = true\n";
        }
        if (group.pause_sla) {
            out += "pause_sla = true\n";
        }
        if (auto text = duration_text(group.auto_escalate_text, group.auto_escalate_after);
            !text.empty()) {
            out += "auto_escalate_after = " + quote(text) + "\n";
        }
        if (auto text = duration_text(group.auto_escalate_unresolved_text,
                                      group.auto_escalate_unresolved_after);
            !text.empty()) {
            out += "auto_escalate_unresolved_after = " + quote(text) + "\n";
        }
        out += ola_text(group);
    }
    out += "\n[escalation]\n# functional escalation: group names, first tier first\n";
    out += "path = " + string_list(config.escalation_path) + "\n";
    if (!config.chain.empty()) {
        out += "# hierarchical escalation: management levels, lowest first\nchain = [\n";
        for (const auto& level : config.chain) {
            out += "    { name = " + quote(level.name);
            if (!level.email.empty()) {
                out += ", email = " + quote(level.email);
            }
            out += " },\n";
        }
        out += "]\n";
    }
    if (!config.on_breach.empty()) {
        out += "# breaches that climb the chain automatically (sla-check --escalate)\n";
        out += "on_breach = " + string_list(config.on_breach) + "\n";
    }
    const Notify& notify = config.notify;
    if (!notify.command.empty() || !notify.spool.empty() || !notify.sender.empty() ||
        !notify.events.empty()) {
        out += "\n[notify]\n";
        if (!notify.command.empty()) {
            out += "command = " + string_list(notify.command) + "\n";
        }
        if (!notify.spool.empty()) {
            out += "spool = " + quote(notify.spool) + "\n";
        }
        if (!notify.sender.empty()) {
            out += "sender = " + quote(notify.sender) + "\n";
        }
        out += "events = " + string_list(notify.events) + "\n";
        if (!notify.recipients.empty()) {
            out += "\n[notify.recipients]\n";
            for (const auto& [event, who] : notify.recipients) {
                out += key(event) + " = " + string_list(who) + "\n";
            }
        }
        if (!notify.agents.empty()) {
            out += "\n[notify.agents]\n";
            for (const auto& [name, email] : notify.agents) {
                out += key(name) + " = " + quote(email) + "\n";
            }
        }
        for (const auto& [name, contacts] : notify.orgs) {
            out += "\n[notify.orgs." + key(name) + "]\n";
            out += "to = " + string_list(contacts.to) + "\n";
            if (!contacts.cc.empty()) {
                out += "cc = " + string_list(contacts.cc) + "\n";
            }
        }
    }
    out += "\n[maintenance]\n# notice from when maintenance is recorded to its start\n";
    out += "notice = " + quote(config.maintenance.notice_text) + "\n";
    out += "emergency_notice = " + quote(config.maintenance.emergency_notice_text) + "\n";
    out += "\n[knowledge]\n# the languages search finds word families in (itsm search --reindex)\n";
    out += "languages = " + string_list(config.knowledge.languages) + "\n";
    return out;
}

// The windows' tables, [windows.NAME] each.
std::string window_tables(const Config& config) {
    std::string out;
    for (const auto& [name, window] : config.windows) {
        const auto& spec = window.spec();
        out += "\n[windows." + key(name) + "]\n";
        out += "timezone = " + quote(spec.zone_name) + "\n";
        out += "hours = " + hours_text(spec) + "\n";
        if (!spec.holidays.empty()) {
            out += "holidays = " + holidays_text(config, spec) + "\n";
        }
        if (spec.working_day) {
            out += "working_day = " + quote(time::format_duration(*spec.working_day)) + "\n";
        }
    }
    return out;
}

std::string windows_text(const Config& config) {
    std::string out;
    out += "default = " + quote(config.default_window) + "\n";
    out += std::string("allow_uncatalogued = ") + (config.allow_uncatalogued ? "true" : "false") +
           "\n";
    out += window_tables(config);
    for (const auto& [id, service] : config.services) {
        out += "\n[services." + key(id) + "]\n";
        auto field = [&](const char* name, const std::string& value) {
            if (!value.empty()) {
                out += std::string(name) + " = " + quote(value) + "\n";
            }
        };
        field("name", service.name);
        field("window", service.window);
        field("group", service.group);
        if (service.availability) {
            out += "availability = " + quote(percent(*service.availability)) + "\n";
        }
        field("category", service.category);
        field("site", service.site);
    }
    return out;
}

std::string priorities_text(const Config& config) {
    std::string out;
    if (!config.default_priority.empty()) {
        out += "default = " + quote(config.default_priority) + "\n";
    }
    for (const auto& priority : config.priorities) {
        out += "\n[[priority]]\nid = " + quote(priority.id) + "\n";
        out += "name = " + quote(priority.name) + "\n";
        if (!priority.description.empty()) {
            out += "description = " + quote(priority.description) + "\n";
        }
        if (auto text = duration_text(priority.response_text, priority.response); !text.empty()) {
            out += "response = " + quote(text) + "\n";
        }
        if (auto text = duration_text(priority.resolve_text, priority.resolve); !text.empty()) {
            out += "resolve = " + quote(text) + "\n";
        }
        if (auto text = duration_text(priority.update_text, priority.update); !text.empty()) {
            out += "update = " + quote(text) + "\n";
        }
        if (!priority.window.empty()) {
            out += "window = " + quote(priority.window) + "\n";
        }
        if (priority.types != Priority{}.types) {
            out += "types = " + string_list(priority.types) + "\n";
        }
    }
    if (!config.matrix.empty()) {
        out += "\n[matrix]\n# impact = { urgency = priority }\n";
        for (const auto& impact : internal::matrix_levels()) {
            auto row = config.matrix.find(impact);
            if (row == config.matrix.end() || row->second.empty()) {
                continue;
            }
            std::string cells;
            for (const auto& urgency : internal::matrix_levels()) {
                if (auto cell = row->second.find(urgency); cell != row->second.end()) {
                    cells += (cells.empty() ? "" : ", ") + urgency + " = " + quote(cell->second);
                }
            }
            out += impact + " = { " + cells + " }\n";
        }
    }
    return out;
}

} // namespace

std::map<std::string, std::string> to_toml_files(const Config& config) {
    return {{std::string(internal::k_settings_file), settings_text(config)},
            {std::string(internal::k_priorities_file), priorities_text(config)},
            {std::string(internal::k_windows_file), windows_text(config)}};
}

std::string policy_text(const Config& config) {
    // What the clocks read, and nothing else: a priority's name and description, the matrix
    // (which chose a priority when the ticket was logged), the catalogue's names, the groups'
    // addresses and tiers and every other setting may change without changing the terms.
    std::string out = "default_priority = " + quote(config.default_priority) + "\n";
    for (const auto& p : config.priorities) {
        out += "\n[[priority]]\nid = " + quote(p.id) + "\n";
        out += "response = " + quote(duration_text(p.response_text, p.response)) + "\n";
        out += "resolve = " + quote(duration_text(p.resolve_text, p.resolve)) + "\n";
        out += "update = " + quote(duration_text(p.update_text, p.update)) + "\n";
        out += "window = " + quote(p.window) + "\ntypes = " + string_list(p.types) + "\n";
    }
    out += "\ndefault_window = " + quote(config.default_window) + "\n" + window_tables(config);
    for (const auto& [id, service] : config.services) {
        if (!service.window.empty()) {
            out += "\n[services." + key(id) + "]\nwindow = " + quote(service.window) + "\n";
        }
    }
    for (const auto& g : config.groups) {
        out += "\n[[group]]\nname = " + quote(g.name) + "\n";
        out += std::string("pause_sla = ") + (g.pause_sla ? "true" : "false") + "\n";
        out += "auto_escalate_after = " +
               quote(duration_text(g.auto_escalate_text, g.auto_escalate_after)) + "\n";
        out += "auto_escalate_unresolved_after = " +
               quote(duration_text(g.auto_escalate_unresolved_text,
                                   g.auto_escalate_unresolved_after)) +
               "\n";
        out += ola_text(g);
    }
    return out;
}

std::string policy_hash(const Config& config) {
    return core::sha256_hex(policy_text(config)).substr(0, 16);
}

std::string to_toml(const Config& config) {
    std::string read;
    for (const auto& file : config.files) {
        read += (read.empty() ? "" : ", ") + file;
    }
    std::string out = "# The effective configuration";
    if (!config.dir.empty()) {
        out += " of " + config.dir.string();
    }
    out += read.empty() ? " (no files: built-in defaults).\n" : " (read: " + read + ").\n";
    out += "# It is three files; each part below begins with the name of the file it belongs "
           "in.\n";
    const char* about[] = {"general settings, groups, escalation, notification",
                           "priorities in rank order and the impact x urgency matrix",
                           "service windows and the service catalogue"};
    int index = 0;
    for (const auto& [file, text] : to_toml_files(config)) {
        out += "\n# ======== " + file + ": " + about[index++] + " ========\n\n" + text;
    }
    return out;
}

} // namespace itsm::config
