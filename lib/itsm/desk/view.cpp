#include <itsm/desk/desk.hpp>
#include <itsm/desk/records.hpp>
#include <itsm/desk/view.hpp>
#include <itsm/render/json_writer.hpp>
#include <itsm/render/terminal.hpp>
#include <itsm/time/duration.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>

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
    v.policy = policy_use(config, v.events);
    return v;
}

void with_olas(TicketView& v, const config::Config& config, time::Instant at,
               const sla::Options& options) {
    v.olas = sla::evaluate_olas(config, v.events, at, options);
}

namespace {

using render::JsonWriter;

long long minutes(time::Duration d) {
    return d.count() / 60;
}

void write_instant(JsonWriter& w, const std::optional<time::Instant>& t) {
    if (t) {
        w.string(time::format_utc(*t));
    } else {
        w.null();
    }
}

// The members of every object below are written in nlohmann's (sorted) key order, so that the
// text is what dump(2) gives (render/json_writer.hpp).
void write_clock(JsonWriter& w, const sla::Clock& c, bool with_ledger) {
    w.begin_object();
    w.key("at_risk").boolean(c.at_risk);
    w.key("breached").boolean(c.breached);
    w.key("counted_minutes").integer(minutes(c.counted));
    write_instant(w.key("due"), c.due);
    if (with_ledger) {
        w.key("ledger").begin_array();
        for (const auto& s : c.ledger) {
            w.begin_object()
                .member("from", time::format_utc(s.from))
                .member("kind", calendar::to_string(s.kind))
                .key("minutes")
                .integer(minutes(s.to - s.from))
                .member("to", time::format_utc(s.to))
                .end_object();
        }
        w.end_array();
    }
    w.member("state", sla::to_string(c.state));
    if (c.target) {
        w.key("target_minutes").integer(minutes(*c.target));
    } else {
        w.key("target_minutes").null();
    }
    w.end_object();
}

void write_sla(JsonWriter& w, const sla::Evaluation& e, bool with_ledger) {
    w.begin_object();
    write_clock(w.key("resolve"), e.resolve, with_ledger);
    write_clock(w.key("response"), e.response, with_ledger);
    write_clock(w.key("update"), e.update, with_ledger);
    w.member("window", e.window);
    w.end_object();
}

// The text fields' places in text_fields(), in the order of their names.
constexpr auto k_text_order = [] {
    std::array<std::size_t, model::k_text_field_names.size()> order{};
    for (std::size_t i = 0; i < order.size(); ++i) {
        order[i] = i;
    }
    std::sort(order.begin(), order.end(), [](std::size_t a, std::size_t b) {
        return model::k_text_field_names[a] < model::k_text_field_names[b];
    });
    return order;
}();

// A member of the ticket object other than its text fields, with how many of these sort before
// it: counted when compiling, so that writing a ticket compares no names.
struct Member {
    std::string_view name;
    std::size_t texts_before;
};

consteval Member member(std::string_view name) {
    std::size_t before = 0;
    for (const auto text : model::k_text_field_names) {
        before += text < name ? 1 : 0;
    }
    return {name, before};
}

// The ticket's text fields, written in key order among the other members.
struct TextFields {
    explicit TextFields(const model::Ticket& t) : m_fields(model::text_fields(t)) {}
    // Writes the text fields that sort before `m` and are not written yet.
    void write_before(JsonWriter& w, std::size_t texts_before) {
        for (; m_next < texts_before; ++m_next) {
            const auto& [name, value] = m_fields[k_text_order[m_next]];
            w.member(name, value);
        }
    }

private:
    std::array<std::pair<std::string_view, std::string_view>, 12> m_fields;
    std::size_t m_next = 0;
};

} // namespace

void write_json(JsonWriter& w, const TicketView& v, bool with_events, bool with_ledger) {
    const auto& t = v.ticket;
    TextFields text(t);
    // The other members, each written after the text fields that sort before it.
    auto key = [&](Member m) -> JsonWriter& {
        text.write_before(w, m.texts_before);
        return w.key(m.name);
    };
    w.begin_object();
    write_instant(key(member("closed_at")), t.closed_at);
    key(member("comment")).string(t.comment);
    key(member("escalation_level")).integer(t.escalation_level);
    if (with_events) {
        key(member("events")).begin_array();
        for (const auto& e : v.events) {
            w.begin_object()
                .member("actor", e.actor)
                .member("at", time::format_utc(e.at))
                .key("detail")
                .value(e.detail)
                .member("kind", model::stored_kind(e))
                .key("role");
            if (e.role) {
                w.string(*e.role);
            } else {
                w.null();
            }
            w.end_object();
        }
        w.end_array();
    }
    key(member("id")).string(v.id);
    if (internal::is_record_of_work(t.type)) {
        key(member("incidents")).begin_array();
        for (const auto& id : incidents_of(v)) {
            w.string(id);
        }
        w.end_array();
    }
    key(member("links")).begin_array();
    for (const auto& l : v.links) {
        w.begin_object().member("id", l.id).member("relation", l.relation).end_object();
    }
    w.end_array();
    key(member("number")).integer(t.number);
    key(member("opened_at")).string(time::format_utc(t.opened_at));
    if (v.outage) {
        // `end` is the recorded end, else the resolution; null while the service is still down.
        key(member("outage")).begin_object();
        write_instant(w.key("end"), v.outage->effective_end());
        w.key("end_recorded").boolean(v.outage->end.has_value());
        w.member("service", v.outage->service);
        w.member("start", time::format_utc(v.outage->start));
        w.end_object();
    } else {
        key(member("outage")).null();
    }
    key(member("resolution")).string(t.resolution);
    key(member("resolution_code")).string(t.resolution_code);
    write_instant(key(member("resolved_at")), t.resolved_at);
    write_instant(key(member("responded_at")), t.responded_at);
    if (t.satisfaction) {
        key(member("satisfaction")).integer(*t.satisfaction);
    } else {
        key(member("satisfaction")).null();
    }
    write_sla(key(member("sla")), v.sla, with_ledger);
    key(member("tier")).integer(t.tier);
    text.write_before(w, model::k_text_field_names.size());
    w.end_object();
}

json instant_or_null(const std::optional<time::Instant>& t) {
    return t ? json(time::format_utc(*t)) : json(nullptr);
}

json to_json(const TicketView& v, bool with_events, bool with_ledger, bool with_olas) {
    std::string text;
    JsonWriter w(text, 0);
    write_json(w, v, with_events, with_ledger);
    json j = json::parse(text);
    if (with_olas) {
        j["olas"] = json::array();
        for (const auto& ola : v.olas) {
            std::string clock;
            JsonWriter cw(clock, 0);
            write_clock(cw, ola.clock, with_ledger);
            json o = json::parse(clock);
            o["group"] = ola.group;
            o["metric"] = ola.metric;
            o["handed_on"] = ola.handed_on;
            o["stopped_at"] = instant_or_null(ola.clock.stopped_at);
            j["olas"].push_back(std::move(o));
        }
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

std::string ledger_text(std::string_view name, const sla::Clock& clock, time::Zone zone) {
    std::string out = fmt::format("\n{} ledger:\n", name);
    for (const auto& s : clock.ledger) {
        out += fmt::format("  {} -> {}  {:<8} {:>6} min\n", time::format_local_exact(s.from, zone),
                           time::format_local_exact(s.to, zone), calendar::to_string(s.kind),
                           (s.to - s.from).count() / 60);
    }
    return out;
}

// Who acted, as the history lists it: the actor, and the login role that wrote the event when
// the store recorded one other than the actor (a mail gateway or cron host acting for another,
// docs/security.md, "Who acted"), so that a file store's history reads as it always did.
std::string who_acted(const model::Event& e) {
    if (!e.role || *e.role == e.actor) {
        return e.actor;
    }
    return fmt::format("{} via {}", e.actor, render::terminal_text(*e.role));
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
    if (v.policy) {
        line("policy", describe(*v.policy));
    }
    line("response", clock_text(v.sla.response, zone));
    line("resolve", clock_text(v.sla.resolve, zone));
    if (v.sla.update.state != sla::ClockState::none) {
        line("update", clock_text(v.sla.update, zone));
    }
    for (const auto& ola : v.olas) {
        line("ola", fmt::format("{} {}: {}{}", ola.group, ola.metric, clock_text(ola.clock, zone),
                                ola.handed_on ? ", handed on" : ""));
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
            out += ledger_text(name, *clock, zone);
        }
        for (const auto& ola : v.olas) {
            if (!ola.clock.ledger.empty()) {
                out +=
                    ledger_text(fmt::format("{} OLA {}", ola.group, ola.metric), ola.clock, zone);
            }
        }
    }
    out += "\nhistory:\n";
    for (const auto& e : v.events) {
        out += fmt::format("  {}  {:<10} {:<10} {}\n", time::format_local_exact(e.at, zone),
                           who_acted(e), model::stored_kind(e), event_summary(e));
    }
    return out;
}

} // namespace itsm::desk
