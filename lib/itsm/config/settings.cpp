// itsm.toml: time zone, store, id prefixes, groups, escalation and notification settings.
#include <itsm/config/draft.hpp>
#include <itsm/config/suggest.hpp>
#include <itsm/model/event.hpp>
#include <itsm/time/duration.hpp>

#include <algorithm>
#include <array>
#include <set>

namespace itsm::config {

using model::EventKind;

const std::vector<std::string>& notify_event_names() {
    static const std::vector<std::string> names = {model::to_string(EventKind::logged),
                                                   model::to_string(EventKind::assigned),
                                                   model::to_string(EventKind::escalated),
                                                   "hierarchical",
                                                   model::to_string(EventKind::held),
                                                   model::to_string(EventKind::resumed),
                                                   model::to_string(EventKind::noted),
                                                   model::to_string(EventKind::updated),
                                                   model::to_string(EventKind::resolved),
                                                   model::to_string(EventKind::closed),
                                                   model::to_string(EventKind::reopened),
                                                   model::to_string(EventKind::linked),
                                                   model::to_string(EventKind::unlinked),
                                                   "at-risk",
                                                   "breached"};
    return names;
}

const std::vector<std::string>& notify_roles() {
    static const std::vector<std::string> roles = {"requester", "assignee", "group", "org",
                                                   "chain"};
    return roles;
}

std::vector<std::string> notify_default_recipients(std::string_view event) {
    if (event == model::to_string(EventKind::logged) ||
        event == model::to_string(EventKind::held) ||
        event == model::to_string(EventKind::resumed)) {
        return {"requester"};
    }
    if (event == model::to_string(EventKind::assigned)) {
        return {"requester", "assignee", "group", "org"};
    }
    if (event == model::to_string(EventKind::closed)) {
        return {"requester", "group", "org"};
    }
    if (event == "at-risk") {
        return {"assignee", "group"};
    }
    if (event == model::to_string(EventKind::resolved)) {
        return {"requester", "group"};
    }
    if (event == "breached") {
        return {"assignee", "group", "chain"};
    }
    if (event == "hierarchical") {
        return {"group", "chain"};
    }
    if (event == model::to_string(EventKind::escalated)) {
        return {"group", "assignee"}; // the assignee it was taken from, if any
    }
    return {"group"};
}

bool Notify::wants(std::string_view event) const {
    return enabled() && std::find(events.begin(), events.end(), event) != events.end();
}

} // namespace itsm::config

namespace itsm::config::internal {

namespace {

constexpr std::array<std::string_view, 9> k_top_settings = {
    "timezone", "store",       "prefixes", "group",    "escalation",
    "notify",   "maintenance", "mail",     "knowledge"};
constexpr std::array<std::string_view, 1> k_store = {"path"};
constexpr std::array<std::string_view, 8> k_group = {"name",
                                                     "tier",
                                                     "email",
                                                     "external",
                                                     "pause_sla",
                                                     "auto_escalate_after",
                                                     "auto_escalate_unresolved_after",
                                                     "ola"};
constexpr std::array<std::string_view, 7> k_notify = {"command",    "spool", "sender", "events",
                                                      "recipients", "orgs",  "agents"};
constexpr std::array<std::string_view, 2> k_org = {"to", "cc"};
constexpr std::array<std::string_view, 2> k_maintenance = {"notice", "emergency_notice"};

bool looks_like_email(std::string_view text) {
    auto at = text.find('@');
    return at != std::string_view::npos && at > 0 && at + 1 < text.size() &&
           text.find_first_of(" \t\r\n<>") == std::string_view::npos;
}

void read_store(Reporter& rep, Config& config, const toml::node& node) {
    const auto* table = read_table(rep, node, "store", "[store] path = \"/var/lib/itsm/itsm.db\"");
    if (table == nullptr) {
        return;
    }
    check_keys(rep, *table, k_store, "in [store]");
    if (const auto* path = table->get("path")) {
        if (const auto* text = read_string(rep, *path, "path", "\"/var/lib/itsm/itsm.db\"")) {
            if (text->empty()) {
                rep.error(pos_of(*path), "store `path` is empty; give a file, e.g. "
                                         "\"/var/lib/itsm/itsm.db\", or leave it out");
            } else {
                config.store_path = *text;
            }
        }
    }
}

void read_prefixes(Reporter& rep, Config& config, const toml::node& node) {
    const auto* table = read_table(rep, node, "prefixes", "[prefixes] incident = \"INC\"");
    if (table == nullptr) {
        return;
    }
    check_keys(rep, *table, k_record_types, "in [prefixes]");
    std::map<std::string, std::string> seen; // prefix -> type, from the file
    for (auto type : k_record_types) {
        const auto* value = table->get(type);
        if (value == nullptr) {
            continue;
        }
        const auto* text = read_string(rep, *value, type, "\"INC\"");
        if (text == nullptr) {
            continue;
        }
        bool valid =
            !text->empty() && text->size() <= 5 &&
            std::all_of(text->begin(), text->end(), [](char c) { return c >= 'A' && c <= 'Z'; });
        if (!valid) {
            rep.error(pos_of(*value), "prefix \"" + *text + "\" for " + std::string(type) +
                                          " must be 1 to 5 uppercase letters, e.g. \"INC\"");
            continue;
        }
        config.prefixes[std::string(type)] = *text;
    }
    for (auto type : k_record_types) {
        const std::string& prefix = config.prefixes[std::string(type)];
        auto [it, inserted] = seen.emplace(prefix, std::string(type));
        if (!inserted) {
            const auto* value = table->get(type);
            if (value == nullptr) {
                value = table->get(it->second);
            }
            rep.error(value != nullptr ? pos_of(*value) : pos_of(*table),
                      "prefix \"" + prefix + "\" is used for both " + it->second + " and " +
                          std::string(type) + "; each type needs its own prefix");
        }
    }
}

void read_group(Draft& draft, Reporter& rep, const toml::node& node) {
    const auto* table = read_table(rep, node, "group", "[[group]] name = \"helpdesk\"");
    if (table == nullptr) {
        return;
    }
    check_keys(rep, *table, k_group, "in [[group]]");
    Group group;
    Pos name_pos = pos_of(*table);
    if (const auto* name = table->get("name")) {
        name_pos = pos_of(*name);
        if (const auto* text = read_string(rep, *name, "name", "\"helpdesk\"")) {
            group.name = *text;
            check_name(rep, name_pos, "group name", *text);
            if (text->empty()) {
                rep.error(name_pos, "group `name` is empty; give it a name, e.g. \"helpdesk\"");
            }
        }
    } else {
        rep.error(name_pos, "[[group]] has no `name`; add one, e.g. name = \"helpdesk\"");
    }
    if (const auto* tier = table->get("tier")) {
        if (auto value = read_int(rep, *tier, "tier", "tier = 2")) {
            if (*value < 1 || *value > 100) {
                rep.error(pos_of(*tier), "tier " + std::to_string(*value) +
                                             " is out of range; tiers are 1 (first line), 2, 3, "
                                             "...; leave `tier` out for a group on no tier");
            } else {
                group.tier = static_cast<int>(*value);
            }
        }
    }
    if (const auto* email = table->get("email")) {
        read_email(rep, *email, "email", group.email);
    }
    if (const auto* external = table->get("external")) {
        group.external = read_bool(rep, *external, "external").value_or(false);
    }
    if (const auto* pause = table->get("pause_sla")) {
        group.pause_sla = read_bool(rep, *pause, "pause_sla").value_or(false);
    }
    std::optional<Located> auto_text;
    std::optional<Located> unresolved_text;
    for (const auto& [key, located, written] :
         {std::tuple{"auto_escalate_after", &auto_text, &group.auto_escalate_text},
          {"auto_escalate_unresolved_after", &unresolved_text,
           &group.auto_escalate_unresolved_text}}) {
        if (const auto* after = table->get(key)) {
            if (const auto* text = read_string(rep, *after, key, "\"20m\"")) {
                *located = Located{*text, pos_of(*after)};
                *written = *text;
            }
        }
    }
    std::vector<OlaPos> ola;
    if (const auto* node = table->get("ola")) {
        read_ola(rep, *node, group, ola);
    }
    if (!group.name.empty()) {
        for (std::size_t i = 0; i < draft.config.groups.size(); ++i) {
            if (draft.config.groups[i].name == group.name) {
                rep.error(name_pos, "group `" + group.name + "` is defined twice (first at line " +
                                        std::to_string(draft.group_pos[i].line) +
                                        "); give each group a unique name");
                return;
            }
        }
    }
    draft.config.groups.push_back(std::move(group));
    draft.group_pos.push_back(name_pos);
    draft.group_auto.push_back(std::move(auto_text));
    draft.group_unresolved.push_back(std::move(unresolved_text));
    draft.group_ola.push_back(std::move(ola));
}

// [notify.recipients]: event = ["requester", "group", "org", "chain", "someone@example.org"].
void read_recipients(Reporter& rep, Notify& notify, const toml::node& node) {
    const auto* table = read_table(rep, node, "recipients",
                                   "[notify.recipients] closed = [\"requester\", \"org\"]");
    if (table == nullptr) {
        return;
    }
    const auto& events = notify_event_names();
    const auto& roles = notify_roles();
    for (const auto& [key, value] : *table) {
        const std::string event(key.str());
        if (std::find(events.begin(), events.end(), event) == events.end()) {
            rep.error(pos_of(key), "unknown event `" + event + "` in [notify.recipients]" +
                                       did_you_mean(event, events));
            continue;
        }
        auto list = read_string_list(rep, value, event, "[\"requester\", \"group\"]");
        if (!list) {
            continue;
        }
        auto& out = notify.recipients[event];
        for (const auto& who : *list) {
            const bool role = std::find(roles.begin(), roles.end(), who.value) != roles.end();
            if (!role && !looks_like_email(who.value)) {
                rep.error(who.pos, "recipient `" + who.value + "` for " + event +
                                       " is neither a role nor an e-mail address" +
                                       did_you_mean(who.value, roles));
                continue;
            }
            out.push_back(who.value);
        }
    }
}

std::vector<std::string> read_addresses(Reporter& rep, const toml::node& node,
                                        std::string_view key) {
    std::vector<std::string> out;
    if (auto list = read_string_list(rep, node, key, "[\"ict@example.org\"]")) {
        for (const auto& address : *list) {
            if (looks_like_email(address.value)) {
                out.push_back(address.value);
            } else {
                rep.error(address.pos, "\"" + address.value +
                                           "\" is not an e-mail address; write e.g. "
                                           "\"ict@example.org\"");
            }
        }
    }
    return out;
}

// [notify.orgs."Ministry of Finance"] to = ["ict@mof.example"], cc = ["ao@mof.example"].
void read_orgs(Reporter& rep, Notify& notify, const toml::node& node) {
    const auto* table =
        read_table(rep, node, "orgs", "[notify.orgs.MOF] to = [\"ict@mof.example.org\"]");
    if (table == nullptr) {
        return;
    }
    for (const auto& [key, value] : *table) {
        const auto* org = read_table(rep, value, key.str(), "{ to = [\"ict@example.org\"] }");
        if (org == nullptr) {
            continue;
        }
        check_keys(rep, *org, k_org, "in [notify.orgs." + std::string(key.str()) + "]");
        OrgContacts contacts;
        if (const auto* to = org->get("to")) {
            contacts.to = read_addresses(rep, *to, "to");
        }
        if (const auto* cc = org->get("cc")) {
            contacts.cc = read_addresses(rep, *cc, "cc");
        }
        notify.orgs[std::string(key.str())] = std::move(contacts);
    }
}

void read_notify(Reporter& rep, Notify& notify, const toml::node& node) {
    const auto* table =
        read_table(rep, node, "notify", "[notify] command = [\"/usr/sbin/sendmail\", \"-t\"]");
    if (table == nullptr) {
        return;
    }
    check_keys(rep, *table, k_notify, "in [notify]");
    if (const auto* command = table->get("command")) {
        if (auto argv =
                read_string_list(rep, *command, "command", "[\"/usr/sbin/sendmail\", \"-t\"]")) {
            if (argv->empty() || argv->front().value.empty()) {
                rep.error(pos_of(*command), "`command` needs a program, e.g. "
                                            "[\"/usr/sbin/sendmail\", \"-t\"]");
            } else if (argv->front().value.front() != '/') {
                rep.error(argv->front().pos,
                          "`command` program \"" + argv->front().value +
                              "\" is not an absolute path; it is run without a shell or PATH "
                              "search: write e.g. \"/usr/sbin/sendmail\"");
            }
            for (auto& arg : *argv) {
                notify.command.push_back(std::move(arg.value));
            }
        }
    }
    if (const auto* spool = table->get("spool")) {
        if (const auto* text = read_string(rep, *spool, "spool", "\"/var/spool/itsm\"")) {
            if (text->empty()) {
                rep.error(pos_of(*spool), "`spool` is empty; give a folder, e.g. "
                                          "\"/var/spool/itsm\", or leave it out");
            }
            notify.spool = *text;
        }
    }
    if (!notify.command.empty() && !notify.spool.empty()) {
        rep.error(pos_of(*table->get("spool")),
                  "[notify] has both `command` and `spool`; keep one: the command sends each "
                  "message, the spool folder keeps them for another program to send");
    }
    if (const auto* sender = table->get("sender")) {
        read_email(rep, *sender, "sender", notify.sender);
    }
    const auto& known = notify_event_names();
    if (const auto* events = table->get("events")) {
        if (auto names = read_string_list(rep, *events, "events", "[\"assigned\", \"closed\"]")) {
            for (const auto& name : *names) {
                if (std::find(known.begin(), known.end(), name.value) == known.end()) {
                    rep.error(name.pos, "unknown event `" + name.value + "` in [notify] events" +
                                            did_you_mean(name.value, known));
                } else if (std::find(notify.events.begin(), notify.events.end(), name.value) !=
                           notify.events.end()) {
                    rep.warning(name.pos, "event `" + name.value + "` is listed twice");
                } else {
                    notify.events.push_back(name.value);
                }
            }
        }
    } else if (!notify.command.empty() || !notify.spool.empty()) {
        notify.events = {model::to_string(EventKind::logged),
                         model::to_string(EventKind::assigned),
                         model::to_string(EventKind::escalated),
                         "hierarchical",
                         model::to_string(EventKind::resolved),
                         model::to_string(EventKind::closed),
                         "breached"};
    }
    if (const auto* recipients = table->get("recipients")) {
        read_recipients(rep, notify, *recipients);
    }
    if (const auto* orgs = table->get("orgs")) {
        read_orgs(rep, notify, *orgs);
    }
    if (const auto* agents = table->get("agents")) {
        // [notify.agents] alice = "alice@example.org": where an assignee's mail goes.
        if (const auto* names = read_table(rep, *agents, "agents",
                                           "[notify.agents] alice = \"alice@example.org\"")) {
            for (const auto& [name, address] : *names) {
                std::string email;
                read_email(rep, address, name.str(), email);
                if (!email.empty()) {
                    notify.agents[std::string(name.str())] = email;
                }
            }
        }
    }
}

// One notice of [maintenance]: wall-clock time, so "2d" is 48 hours.
void read_notice(Reporter& rep, const toml::node& node, std::string_view key, time::Duration& value,
                 std::string& text) {
    const auto* written = read_string(rep, node, key, "\"48h\"");
    if (written == nullptr) {
        return;
    }
    auto parsed = time::parse_duration(*written, std::chrono::hours(24));
    if (!parsed) {
        rep.error(pos_of(node), "`" + std::string(key) + "` \"" + *written +
                                    "\" is not a duration; write wall-clock time such as "
                                    "\"48h\", \"2d\" (48 hours) or \"90m\"");
        return;
    }
    value = *parsed;
    text = *written;
}

void read_maintenance(Reporter& rep, MaintenancePolicy& policy, const toml::node& node) {
    const auto* table = read_table(rep, node, "maintenance", "[maintenance] notice = \"48h\"");
    if (table == nullptr) {
        return;
    }
    check_keys(rep, *table, k_maintenance, "in [maintenance]");
    if (const auto* notice = table->get("notice")) {
        read_notice(rep, *notice, "notice", policy.notice, policy.notice_text);
    }
    if (const auto* emergency = table->get("emergency_notice")) {
        read_notice(rep, *emergency, "emergency_notice", policy.emergency_notice,
                    policy.emergency_notice_text);
        if (policy.emergency_notice > policy.notice) {
            rep.warning(pos_of(*emergency),
                        "emergency_notice \"" + policy.emergency_notice_text +
                            "\" is longer than the planned notice \"" + policy.notice_text +
                            "\"; emergency maintenance is usually announced at shorter notice");
        }
    }
}

} // namespace

void read_email(Reporter& rep, const toml::node& node, std::string_view key, std::string& out) {
    const auto* text = read_string(rep, node, key, "\"helpdesk@example.org\"");
    if (text == nullptr) {
        return;
    }
    if (!looks_like_email(*text)) {
        rep.error(pos_of(node), "`" + std::string(key) + "` \"" + *text +
                                    "\" is not an e-mail address; write e.g. "
                                    "\"helpdesk@example.org\"");
        return;
    }
    out = *text;
}

void read_settings(Draft& draft, const toml::table* root) {
    Reporter rep(draft.diagnostics, k_settings_file);
    Config& config = draft.config;
    if (root != nullptr) {
        check_keys(rep, *root, k_top_settings, "");
        if (const auto* zone = root->get("timezone")) {
            if (const auto* text = read_string(rep, *zone, "timezone", "\"Europe/London\"")) {
                draft.timezone = Located{*text, pos_of(*zone)};
                if (auto found = time::find_zone(*text); !found) {
                    rep.error(pos_of(*zone), found.error());
                }
            }
        }
        if (const auto* store = root->get("store")) {
            read_store(rep, config, *store);
        }
        if (const auto* prefixes = root->get("prefixes")) {
            read_prefixes(rep, config, *prefixes);
        }
        if (const auto* groups = root->get("group")) {
            draft.groups_given = true;
            if (const auto* array =
                    read_array(rep, *groups, "group", "[[group]] name = \"helpdesk\"")) {
                for (const auto& group : *array) {
                    read_group(draft, rep, group);
                }
            }
        }
        if (const auto* escalation = root->get("escalation")) {
            read_escalation(draft, rep, *escalation);
        }
        if (const auto* notify = root->get("notify")) {
            read_notify(rep, config.notify, *notify);
        }
        if (const auto* maintenance = root->get("maintenance")) {
            read_maintenance(rep, config.maintenance, *maintenance);
        }
        if (const auto* mail = root->get("mail")) {
            read_mail(rep, config, *mail);
        }
        if (const auto* knowledge = root->get("knowledge")) {
            read_knowledge(rep, config, *knowledge);
        }
    }
    if (!draft.groups_given) {
        Group helpdesk;
        helpdesk.name = "helpdesk";
        helpdesk.tier = 1;
        config.groups = {helpdesk};
        draft.group_pos = {Pos{}};
        draft.group_auto = {std::nullopt};
        draft.group_unresolved = {std::nullopt};
        draft.group_ola = {{}};
    }
}

} // namespace itsm::config::internal
