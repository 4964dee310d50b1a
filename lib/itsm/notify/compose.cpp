#include <itsm/core/error.hpp>
#include <itsm/notify/compose.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace itsm::notify {

using model::EventKind;
using model::to_string;
using nlohmann::json;
namespace key = model::key;

namespace {

// The notice of a breached clock (sla-check --notify).
std::string_view breached() {
    return sla::to_string(sla::Alert::breached);
}

std::string text_of(const json& detail, const char* key) {
    const auto it = detail.find(key);
    return it != detail.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string when(const config::Config& config, const std::optional<time::Instant>& t) {
    if (!t) {
        return "-";
    }
    return time::format_local(*t, config.zone, true);
}

void add_once(std::vector<std::string>& list, const std::string& address) {
    if (is_address(address) && std::find(list.begin(), list.end(), address) == list.end()) {
        list.push_back(address);
    }
}

// The chain level a notice concerns: the one reached, or on a breach at least the first.
const config::ChainLevel* chain_level(const config::Config& config, const Notice& notice) {
    int level = notice.ticket.escalation_level;
    if (notice.event == breached()) {
        level = std::max(level, 1);
    }
    if (level < 1 || level > static_cast<int>(config.chain.size())) {
        return nullptr;
    }
    return &config.chain[static_cast<std::size_t>(level - 1)];
}

std::string headline(std::string_view event) {
    static const std::map<std::string_view, std::string_view> k_headlines = {
        {to_string(EventKind::logged), "Logged"},
        {to_string(EventKind::assigned), "Assigned to {group}"},
        {to_string(EventKind::escalated), "Escalated to {group}"},
        {"hierarchical", "Escalated to {level}"},
        {to_string(EventKind::held), "On hold"},
        {to_string(EventKind::resumed), "Resumed"},
        {to_string(EventKind::noted), "Note added"},
        {to_string(EventKind::updated), "Updated"},
        {to_string(EventKind::resolved), "Resolved"},
        {to_string(EventKind::closed), "Closed"},
        {to_string(EventKind::reopened), "Reopened"},
        {to_string(EventKind::linked), "Linked to {linked}"},
        {to_string(EventKind::unlinked), "Unlinked from {linked}"},
        {sla::to_string(sla::Alert::at_risk), "At risk: {clock} due {due}"},
        {breached(), "Breached: {clock} was due {due}"}};
    const auto it = k_headlines.find(event);
    return it != k_headlines.end() ? std::string(it->second) : std::string(event);
}

// "response met, resolve breached (due 2026-12-01 12:00)".
std::string sla_state(const config::Config& config, const sla::Evaluation& e) {
    std::string out;
    for (const auto& [name, clock] :
         {std::pair{"response", &e.response}, {"resolve", &e.resolve}, {"update", &e.update}}) {
        if (clock->state == sla::ClockState::none) {
            continue;
        }
        out += fmt::format("{}{} {}", out.empty() ? "" : ", ", name, sla::to_string(clock->state));
        if (clock->due && clock->state != sla::ClockState::met) {
            out += " (due " + when(config, clock->due) + ")";
        }
    }
    return out.empty() ? "no targets" : out;
}

// The {details} placeholder: the lines a notice adds about its event (who lost the ticket, the
// SLA, the reason, the note, the resolution, the changes, the due).
std::string notice_facts(const config::Config& config, const Notice& n) {
    const json& d = n.detail;
    std::string out;
    if (const auto from = text_of(d, key::unassigned); !from.empty()) {
        out += "Unassigned: " + from + " no longer has the ticket\n";
    }
    if (n.event == "hierarchical" || n.event == to_string(EventKind::escalated) ||
        n.event == breached()) {
        out += "SLA: " + sla_state(config, n.sla) + "\n";
        if (!n.escalations.empty()) {
            out += "Escalations so far: " + n.escalations + "\n";
        }
    }
    if (const auto reason = text_of(d, key::reason); !reason.empty()) {
        out += "Reason: " + reason + "\n";
    }
    const bool settled =
        n.event == to_string(EventKind::resolved) || n.event == to_string(EventKind::closed);
    if (n.event == to_string(EventKind::noted)) {
        out += "Note: " + text_of(d, key::text) + "\n";
    }
    if (settled) {
        out += "Resolution: " + n.ticket.resolution + "\n";
    }
    if (const auto it = d.find(key::changes); it != d.end() && it->is_object()) {
        for (const auto& [field, change] : it->items()) {
            out += fmt::format("{}: {} -> {}\n", field, text_of(change, key::from),
                               text_of(change, key::to));
        }
    }
    if (n.due) {
        out += fmt::format("The {} target {} {}.\n", n.clock,
                           n.event == breached() ? "was due" : "is due", when(config, n.due));
    }
    if (settled) {
        out += fmt::format("\nIf the problem is not solved, or to comment on how it was "
                           "handled, reply quoting [{}].\n",
                           n.id);
    }
    return out;
}

ConfigError template_error(std::string_view file, std::size_t offset, std::string_view text,
                           const std::string& message) {
    const std::string_view before = text.substr(0, offset);
    const auto line = static_cast<long>(std::count(before.begin(), before.end(), '\n')) + 1;
    const auto newline = before.rfind('\n');
    const auto column = offset - (newline == std::string_view::npos ? 0 : newline + 1) + 1;
    return ConfigError(fmt::format("{}:{}:{}: {}", file, line, column, message));
}

// The built-in body leaves out the "Field:" lines the ticket has no value for.
std::string without_empty_fields(const std::string& body) {
    std::string out;
    std::size_t start = 0;
    while (start < body.size()) {
        auto end = body.find('\n', start);
        end = end == std::string::npos ? body.size() : end + 1;
        const std::string_view line(body.data() + start, end - start);
        const auto colon = line.find(':');
        const bool empty_field =
            colon != std::string_view::npos && colon + 1 < line.size() &&
            line.find_first_not_of(" \n", colon + 1) == std::string_view::npos &&
            line.substr(0, colon).find_first_not_of(
                "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz ") == std::string_view::npos;
        if (!empty_field) {
            out += line;
        }
        start = end;
    }
    return out;
}

} // namespace

std::string escalation_history(const std::vector<model::Event>& events) {
    std::string tiers;
    std::string levels;
    for (const auto& e : events) {
        if (model::is_hierarchical(e)) {
            levels += (levels.empty() ? "" : " -> ") + text_of(e.detail, key::to);
        } else if (e.kind == EventKind::escalated) {
            const auto from = text_of(e.detail, key::from);
            tiers += tiers.empty() ? (from.empty() ? "(none)" : from) : "";
            tiers += " -> " + text_of(e.detail, key::group);
        }
    }
    std::string out = tiers.empty() ? "" : "tiers: " + tiers;
    if (!levels.empty()) {
        out += (out.empty() ? "" : "; ") + std::string("management: ") + levels;
    }
    return out;
}

std::string event_name(const model::Event& event) {
    if (model::is_hierarchical(event)) {
        return "hierarchical";
    }
    return std::string(model::stored_kind(event));
}

Recipients recipients(const config::Config& config, const Notice& notice) {
    const auto configured = config.notify.recipients.find(notice.event);
    const auto roles = configured != config.notify.recipients.end()
                           ? configured->second
                           : config::notify_default_recipients(notice.event);
    Recipients out;
    for (const auto& role : roles) {
        if (role == "requester") {
            add_once(out.to, notice.ticket.email);
        } else if (role == "assignee") {
            // After an escalation took the ticket from its assignee: the one it was taken from.
            const auto unassigned = text_of(notice.detail, key::unassigned);
            if (const auto it = config.notify.agents.find(
                    notice.ticket.assignee.empty() ? unassigned : notice.ticket.assignee);
                it != config.notify.agents.end()) {
                add_once(out.to, it->second);
            }
        } else if (role == "group") {
            if (const auto* group = config.find_group(notice.ticket.group)) {
                add_once(out.to, group->email);
            }
        } else if (role == "org") {
            if (const auto it = config.notify.orgs.find(notice.ticket.org);
                it != config.notify.orgs.end()) {
                for (const auto& a : it->second.to) {
                    add_once(out.to, a);
                }
                for (const auto& a : it->second.cc) {
                    add_once(out.cc, a);
                }
            }
        } else if (role == "chain") {
            if (const auto* level = chain_level(config, notice)) {
                add_once(out.to, level->email);
            }
        } else {
            add_once(out.to, role);
        }
    }
    std::erase_if(out.cc, [&](const std::string& a) {
        return std::find(out.to.begin(), out.to.end(), a) != out.to.end();
    });
    for (auto* list : {&out.to, &out.cc}) {
        std::erase_if(*list, [&](const std::string& a) {
            return std::find(notice.skip.begin(), notice.skip.end(), a) != notice.skip.end();
        });
    }
    return out;
}

std::map<std::string, std::string> placeholders(const config::Config& config, const Notice& n) {
    const auto& t = n.ticket;
    const auto* level = chain_level(config, n);
    std::map<std::string, std::string> v = {
        {"id", n.id},
        {"resolution", t.resolution},
        {"opened_at", when(config, t.opened_at)},
        {"response_due", when(config, n.sla.response.due)},
        {"resolve_due", when(config, n.sla.resolve.due)},
        {"update_due", when(config, n.sla.update.due)},
        {"event", n.event},
        {"actor", n.actor},
        {"at", when(config, n.at)},
        {"reason", text_of(n.detail, key::reason)},
        {"note", text_of(n.detail, key::text)},
        {"linked", text_of(n.detail, key::linked)},
        {"level", level != nullptr ? level->name : std::string()},
        {"clock", n.clock},
        {"due", n.due ? when(config, n.due) : std::string()},
        {"sla", sla_state(config, n.sla)},
        {"escalations", n.escalations},
    };
    for (const auto& [name, value] : model::text_fields(t)) {
        v.emplace(name, value);
    }
    v["details"] = notice_facts(config, n);
    return v;
}

std::string builtin_template(std::string_view event) {
    return "Subject: [{id}] " + headline(event) +
           ": {title}\n"
           "\n" +
           headline(event) +
           " by {actor} at {at}.\n"
           "{details}\n"
           "Ticket:        {id} ({type})\n"
           "Title:         {title}\n"
           "Status:        {status}\n"
           "Priority:      {priority}\n"
           "Service:       {service}\n"
           "Group:         {group}\n"
           "Assignee:      {assignee}\n"
           "Requester:     {requester}\n"
           "Organisation:  {org}\n"
           "Opened:        {opened_at}\n"
           "Response due:  {response_due}\n"
           "Resolve due:   {resolve_due}\n";
}

namespace {

// {name} replaced in text[from, to); `text` is the whole template, for line:column.
std::string substitute(std::string_view text, std::size_t from, std::size_t to,
                       std::string_view file, const std::map<std::string, std::string>& values) {
    std::string out;
    for (std::size_t i = from; i < to; ++i) {
        const char c = text[i];
        if ((c == '{' || c == '}') && i + 1 < to && text[i + 1] == c) {
            out += c;
            ++i;
            continue;
        }
        if (c != '{') {
            out += c;
            continue;
        }
        auto close = text.find('}', i);
        if (close >= to) {
            close = std::string_view::npos;
        }
        const std::string name(
            text.substr(i + 1, close == std::string_view::npos ? 0 : close - i - 1));
        const auto it = values.find(name);
        if (close == std::string_view::npos || it == values.end()) {
            std::vector<std::string> names;
            for (const auto& [key, value] : values) {
                names.push_back("{" + key + "}");
            }
            throw template_error(file, i, text,
                                 fmt::format("unknown placeholder {{{}}}; the placeholders are "
                                             "{} (write {{{{ for a brace)",
                                             name, fmt::join(names, " ")));
        }
        out += it->second;
        i = close;
    }
    return out;
}

} // namespace

std::pair<std::string, std::string> fill(std::string_view text, std::string_view file,
                                         const std::map<std::string, std::string>& values) {
    constexpr std::string_view k_subject = "Subject:";
    if (text.substr(0, k_subject.size()) != k_subject) {
        throw template_error(file, 0, text,
                             "a notification template starts with a \"Subject: ...\" line, "
                             "then a blank line, then the body");
    }
    // The subject line is filled on its own: a value with a newline stays in the subject
    // (where the header writer turns it into a space), never spills into the body.
    auto line_end = text.find('\n');
    if (line_end == std::string_view::npos) {
        line_end = text.size();
    }
    std::string subject = substitute(text, k_subject.size(), line_end, file, values);
    subject.erase(0, subject.find_first_not_of(' '));
    std::size_t body_start = std::min(line_end + 1, text.size());
    if (body_start < text.size() && text[body_start] == '\n') {
        ++body_start;
    }
    return {subject, substitute(text, body_start, text.size(), file, values)};
}

Mail compose(const config::Config& config, const Notice& notice) {
    const std::string file = "notify/" + notice.event + ".txt";
    std::string text = builtin_template(notice.event);
    bool builtin = true;
    if (const auto found = config.notify.templates.find(notice.event);
        found != config.notify.templates.end()) {
        text = found->second;
        builtin = false;
    }
    auto [subject, body] = notify::fill(text, file, placeholders(config, notice));
    if (builtin) {
        body = without_empty_fields(body);
    }
    const auto who = recipients(config, notice);
    Mail mail;
    mail.from = config.notify.sender;
    mail.to = who.to;
    mail.cc = who.cc;
    mail.subject = std::move(subject);
    mail.body = std::move(body);
    mail.date = notice.at;
    const auto at = config.notify.sender.find('@');
    const std::string domain =
        at == std::string::npos ? "itsm.invalid" : config.notify.sender.substr(at + 1);
    mail.message_id = fmt::format("itsm.{}.{}.{}{}.{}@{}", notice.ticket.number, notice.event_id,
                                  notice.event, notice.clock.empty() ? "" : "." + notice.clock,
                                  time::to_epoch(notice.at), domain);
    mail.references = fmt::format("itsm.{}@{}", notice.ticket.number, domain);
    return mail;
}

} // namespace itsm::notify
