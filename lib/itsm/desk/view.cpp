#include <itsm/desk/desk.hpp>
#include <itsm/desk/records.hpp>
#include <itsm/desk/view.hpp>
#include <itsm/render/terminal.hpp>
#include <itsm/time/duration.hpp>

#include <fmt/format.h>

namespace itsm::desk {

using nlohmann::json;

std::vector<std::string> incidents_of(const TicketView& v) {
    std::vector<std::string> ids;
    if (internal::is_record_of_work(v.ticket.type)) {
        for (const auto& l : v.links) {
            if (l.relation == "incident") {
                ids.push_back(l.id);
            }
        }
    }
    return ids;
}

TicketView view(store::Store& store, const config::Config& config, const model::Ticket& ticket,
                time::Instant at, const sla::Options& options) {
    TicketView v;
    v.ticket = ticket;
    v.id = display_id(config, ticket);
    v.events = store.events_of(ticket.number);
    v.sla = sla::evaluate(config, v.events, at, options);
    for (const auto& link : store.links_of(ticket.number)) {
        if (const auto other = store.find_ticket(link.other)) {
            v.links.push_back({display_id(config, *other), link.relation});
        }
    }
    v.outage = availability::find_outage(store, ticket.number);
    return v;
}

namespace {

long long minutes(time::Duration d) {
    return d.count() / 60;
}

json clock_json(const sla::Clock& c, bool with_ledger) {
    json j = {{"target_minutes", c.target ? json(minutes(*c.target)) : json(nullptr)},
              {"due", instant_or_null(c.due)},
              {"state", sla::to_string(c.state)},
              {"breached", c.breached},
              {"at_risk", c.at_risk},
              {"counted_minutes", minutes(c.counted)}};
    if (with_ledger) {
        json ledger = json::array();
        for (const auto& s : c.ledger) {
            ledger.push_back({{"from", time::format_utc(s.from)},
                              {"to", time::format_utc(s.to)},
                              {"kind", calendar::to_string(s.kind)},
                              {"minutes", minutes(s.to - s.from)}});
        }
        j["ledger"] = std::move(ledger);
    }
    return j;
}

} // namespace

json sla_json(const sla::Evaluation& e, bool with_ledger) {
    return {{"window", e.window},
            {"response", clock_json(e.response, with_ledger)},
            {"resolve", clock_json(e.resolve, with_ledger)},
            {"update", clock_json(e.update, with_ledger)}};
}

json instant_or_null(const std::optional<time::Instant>& t) {
    return t ? json(time::format_utc(*t)) : json(nullptr);
}

json to_json(const TicketView& v, bool with_events, bool with_ledger) {
    const auto& t = v.ticket;
    json j = {{"id", v.id},
              {"number", t.number},
              {"opened_at", time::format_utc(t.opened_at)},
              {"responded_at", instant_or_null(t.responded_at)},
              {"resolved_at", instant_or_null(t.resolved_at)},
              {"closed_at", instant_or_null(t.closed_at)},
              {"tier", t.tier},
              {"escalation_level", t.escalation_level},
              {"resolution", t.resolution},
              {"resolution_code", t.resolution_code},
              {"satisfaction", t.satisfaction ? json(*t.satisfaction) : json(nullptr)},
              {"comment", t.comment},
              {"sla", sla_json(v.sla, with_ledger)}};
    for (const auto& [name, value] : model::text_fields(t)) {
        j[std::string(name)] = value;
    }
    json links = json::array();
    for (const auto& l : v.links) {
        links.push_back({{"id", l.id}, {"relation", l.relation}});
    }
    j["links"] = std::move(links);
    if (internal::is_record_of_work(v.ticket.type)) {
        j["incidents"] = incidents_of(v);
    }
    j["outage"] = nullptr;
    if (v.outage) {
        // `end` is the recorded end, else the resolution; null while the service is still down.
        j["outage"] = {{"service", v.outage->service},
                       {"start", time::format_utc(v.outage->start)},
                       {"end", instant_or_null(v.outage->effective_end())},
                       {"end_recorded", v.outage->end.has_value()}};
    }
    if (with_events) {
        json events = json::array();
        for (const auto& e : v.events) {
            events.push_back({{"at", time::format_utc(e.at)},
                              {"actor", e.actor},
                              {"kind", std::string(model::stored_kind(e))},
                              {"detail", e.detail}});
        }
        j["events"] = std::move(events);
    }
    return j;
}

namespace {

std::string clock_text(const sla::Clock& c, time::Zone zone) {
    if (c.state == sla::ClockState::none) {
        return "no target";
    }
    // A zero target is "next-opening" (docs/sla.md, "Target options"): "0m" would read as a typo.
    std::string text = fmt::format(
        "{} (target {}, due {}, counted {})", sla::to_string(c.state),
        c.target->count() == 0 ? std::string("next opening") : time::format_duration(*c.target),
        c.due ? time::format_local_exact(*c.due, zone) : "-", time::format_duration(c.counted));
    if (c.at_risk) {
        text += " AT RISK";
    }
    return text;
}

std::string event_summary(const model::Event& e) {
    std::string parts;
    for (const auto& [key, value] : e.detail.items()) {
        if (!parts.empty()) {
            parts += ", ";
        }
        parts += key + "=" + (value.is_string() ? value.get<std::string>() : value.dump());
    }
    return render::terminal_text(parts);
}

} // namespace

std::string to_text(const TicketView& v, time::Zone zone, bool explain) {
    const auto& t = v.ticket;
    std::string out = fmt::format("{}  {}\n", v.id, render::terminal_text(t.title));
    auto line = [&](const char* label, const std::string& value) {
        if (!value.empty()) {
            out += fmt::format("  {:<12} {}\n", label, render::terminal_text(value));
        }
    };
    line("type", model::to_string(t.type));
    line("status", model::to_string(t.status));
    line("priority", t.priority);
    line("service", t.service);
    line("group", t.group);
    line("assignee", t.assignee);
    line("requester", t.requester);
    line("email", t.email);
    line("org", t.org);
    line("channel", t.channel);
    line("opened", time::format_local_exact(t.opened_at, zone));
    if (t.resolved_at) {
        line("resolved", time::format_local_exact(*t.resolved_at, zone));
    }
    if (t.closed_at) {
        line("closed", time::format_local_exact(*t.closed_at, zone));
    }
    line("resolution", t.resolution);
    if (t.satisfaction) {
        line("satisfaction", fmt::format("{}/5", *t.satisfaction));
    }
    line("comment", t.comment);
    line("window", v.sla.window);
    line("response", clock_text(v.sla.response, zone));
    line("resolve", clock_text(v.sla.resolve, zone));
    if (v.sla.update.state != sla::ClockState::none) {
        line("update", clock_text(v.sla.update, zone));
    }
    for (const auto& l : v.links) {
        line("linked", fmt::format("{} ({})", l.id, l.relation));
    }
    if (const auto ids = incidents_of(v); !ids.empty()) {
        line("incidents", fmt::format("{} ({})", fmt::join(ids, ", "), ids.size()));
    }
    if (v.outage) {
        const auto end = v.outage->effective_end();
        line("outage", fmt::format("{} down {} -> {}", v.outage->service,
                                   time::format_local_exact(v.outage->start, zone),
                                   end ? time::format_local_exact(*end, zone) : "(still down)"));
    }
    if (!t.description.empty()) {
        out += "\n" + render::terminal_text(t.description, render::Lines::many) + "\n";
    }
    if (explain) {
        for (const auto& [name, clock] : {std::pair{"response", &v.sla.response},
                                          {"resolve", &v.sla.resolve},
                                          {"update", &v.sla.update}}) {
            const bool promised = clock != &v.sla.update || clock->state != sla::ClockState::none;
            if (clock->ledger.empty() || !promised) {
                continue;
            }
            out += fmt::format("\n{} ledger:\n", name);
            for (const auto& s : clock->ledger) {
                out += fmt::format("  {} -> {}  {:<8} {:>6} min\n",
                                   time::format_local_exact(s.from, zone),
                                   time::format_local_exact(s.to, zone),
                                   calendar::to_string(s.kind), (s.to - s.from).count() / 60);
            }
        }
    }
    out += "\nhistory:\n";
    for (const auto& e : v.events) {
        out += fmt::format("  {}  {:<10} {:<10} {}\n", time::format_local_exact(e.at, zone),
                           e.actor, model::stored_kind(e), event_summary(e));
    }
    return out;
}

} // namespace itsm::desk
