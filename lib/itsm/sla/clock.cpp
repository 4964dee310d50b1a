// SLA clocks of a ticket (docs/sla.md).
//
// One pass over the events finds the facts that do not depend on time order (the priority and
// service in force, the first response); a second pass walks the resolve clock through its
// stretches, each either counting or paused, with the window's interval arithmetic. Nothing is
// allocated except the ledgers, and only when asked for: sla-check evaluates every open ticket.
#include <itsm/sla/clock.hpp>
#include <itsm/sla/walk.hpp>

#include <itsm/calendar/working_dates.hpp>
#include <itsm/config/targets.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>

#include <string_view>

namespace itsm::sla {

const char* to_string(ClockState s) {
    switch (s) {
    case ClockState::running:
        return "running";
    case ClockState::paused:
        return "paused";
    case ClockState::met:
        return "met";
    case ClockState::breached:
        return "breached";
    case ClockState::none:
        return "none";
    }
    return "none";
}

const char* to_string(Alert a) {
    return a == Alert::breached ? to_string(ClockState::breached) : "at-risk";
}

std::optional<Alert> alert_of(const Clock& c) {
    if (c.breached) {
        return Alert::breached;
    }
    if (c.at_risk) {
        return Alert::at_risk;
    }
    return std::nullopt;
}

namespace {

using Json = nlohmann::json;

using internal::set_target;
using internal::settle;
using internal::Walk;
using model::changed_to;
using model::detail_text;
using model::EventKind;
using model::new_group;

bool pauses_sla(const config::Config& config, std::string_view group) {
    if (group.empty()) {
        return false;
    }
    const config::Group* g = config.find_group(group);
    return g != nullptr && g->pause_sla;
}

// What does not depend on walking the clocks: found in one pass over the events up to `at`.
struct Facts {
    const model::Event* logged = nullptr;
    std::string_view type; // "" in a history that does not say: an incident
    std::string_view priority;
    std::string_view service;
    std::optional<Instant> responded;
    Instant contact;                // the last public contact: logging, a reply, a reopen
    bool replied = false;           // ... and it was a reply
    std::optional<Instant> settled; // resolved or closed (and not reopened since)
};

Facts gather(std::span<const model::Event> events, Instant at) {
    Facts f;
    for (const auto& e : events) {
        if (e.at > at) {
            continue;
        }
        const EventKind kind = e.kind;
        if (f.logged == nullptr) {
            if (kind == EventKind::logged) {
                f.logged = &e;
                f.type = detail_text(e.detail, model::key::type);
                f.priority = detail_text(e.detail, model::key::priority);
                f.service = detail_text(e.detail, model::key::service);
                if (model::is_response(e)) {
                    f.responded = e.at;
                }
                f.contact = e.at;
            }
            continue;
        }
        const Instant t = std::max(e.at, f.logged->at);
        if (kind == EventKind::reopened) {
            f.settled.reset();
            f.contact = t;
            f.replied = false;
        } else if (kind == EventKind::replied && !f.settled) {
            f.contact = t;
            f.replied = true;
        } else if ((kind == EventKind::resolved || kind == EventKind::closed) && !f.settled) {
            f.settled = t;
        }
        if (kind == EventKind::updated) {
            if (const Json* p = changed_to(e.detail, model::key::priority)) {
                f.priority = p->get_ref<const std::string&>();
            }
            if (const Json* s = changed_to(e.detail, model::key::service)) {
                f.service = s->get_ref<const std::string&>();
            }
        }
        if (!f.responded && model::is_response(e)) {
            f.responded = t;
        }
    }
    return f;
}

void evaluate_response(Clock& c, const std::optional<config::Target>& target,
                       const calendar::Window& window, const Facts& f, Instant at,
                       const Options& options) {
    const Instant start = f.logged->at;
    const Instant end = f.responded ? *f.responded : at;
    set_target(c, target);
    Walk walk(window, target, options.ledger ? &c.ledger : nullptr);
    walk.stretch(start, end, false);
    walk.finish(std::max(start, end));
    settle(c, walk, f.responded, false, at, options);
}

// The update clock counts from the last public contact until the ticket is resolved or closed;
// a hold does not pause it (the customer waits either way). With an end-of-day target a reply
// is that working day's update, so the clock restarts at the close of the day it covers.
Instant update_start(const std::optional<config::Target>& target, const calendar::Window& window,
                     const Facts& f) {
    if (!target || !target->end_of_day || !f.replied) {
        return f.contact;
    }
    const auto opening = window.next_opening(f.contact);
    const auto close = opening ? calendar::close_of_day(window, *opening) : std::nullopt;
    return close.value_or(f.contact);
}

void evaluate_update(Clock& c, const std::optional<config::Target>& target,
                     const calendar::Window& window, const Facts& f, Instant start, Instant at,
                     const Options& options) {
    const Instant end = f.settled ? std::max(*f.settled, start) : std::max(at, start);
    set_target(c, target);
    Walk walk(window, target, options.ledger ? &c.ledger : nullptr);
    walk.stretch(start, end, false);
    walk.finish(end);
    settle(c, walk, f.settled, false, at, options);
}

// The resolve clock is paused while any of these holds: on hold, with a pause_sla group, or
// stopped (a stop that a reopen later ends is a pause of the reopened clock).
void evaluate_resolve(Clock& c, const std::optional<config::Target>& target,
                      const config::Config& config, const calendar::Window& window,
                      std::span<const model::Event> events, const Facts& f, Instant at,
                      const Options& options) {
    const Instant start = f.logged->at;
    set_target(c, target);
    Walk walk(window, target, options.ledger ? &c.ledger : nullptr);

    bool held = false;
    bool supplier = pauses_sla(config, detail_text(f.logged->detail, model::key::group));
    bool stopped = false;
    Instant stop_at = start;
    Instant cursor = start;
    bool paused = supplier;

    const auto* first = f.logged + 1;
    const auto* last = events.data() + events.size();
    for (const auto* it = first; it != last; ++it) {
        const model::Event& e = *it;
        if (e.at > at) {
            continue;
        }
        const Instant t = std::max(e.at, start);
        const EventKind kind = e.kind;
        held = internal::held_after(kind, held);
        switch (kind) {
        case EventKind::resolved:
        case EventKind::closed:
            if (!stopped) {
                stopped = true;
                stop_at = t;
            }
            break;
        case EventKind::reopened:
            stopped = false;
            break;
        default:
            if (const Json* g = new_group(e)) {
                supplier = pauses_sla(config, g->get_ref<const std::string&>());
            }
            break;
        }
        const bool now_paused = held || supplier || stopped;
        if (now_paused != paused) {
            walk.stretch(cursor, t, paused);
            cursor = t;
            paused = now_paused;
        }
    }
    const Instant end = stopped ? stop_at : at;
    walk.stretch(cursor, end, paused);
    walk.finish(std::max(start, end));
    settle(c, walk, stopped ? std::optional<Instant>(stop_at) : std::nullopt, paused, at, options);
}

} // namespace

Evaluation evaluate(const config::Config& terms, std::span<const model::Event> events, Instant at,
                    const Options& options) {
    Evaluation ev;
    // Asked about a moment before the ticket was logged (show without --at on a ticket logged
    // ahead of the clock, say): its clocks as they stand at logging, not none.
    for (const auto& e : events) {
        if (e.kind == EventKind::logged) {
            at = std::max(at, e.at);
            break;
        }
    }
    const Facts f = gather(events, at);
    if (f.logged == nullptr) {
        return ev; // no logged event at all: no clocks
    }
    // The terms in force when the ticket was logged measure it for its whole life.
    const config::Config& config = terms.policy_at(f.logged->at);
    const std::string_view priority_id =
        f.priority.empty() ? std::string_view(config.default_priority) : f.priority;
    const calendar::Window& window = config.window_for(priority_id, f.service);
    ev.window = window.name();
    const config::Priority* p = config.find_priority(priority_id);
    std::optional<config::Target> response;
    std::optional<config::Target> resolve;
    std::optional<config::Target> update;
    if (p != nullptr && p->measures(f.type.empty() ? std::string_view("incident") : f.type)) {
        response = config::target_for(*p, true, window, f.logged->at);
        resolve = config::target_for(*p, false, window, f.logged->at);
        update = config::update_target_for(*p, window, f.contact);
    }
    const Instant update_from = update_start(update, window, f);
    if (update_from != f.contact) {
        update = config::update_target_for(*p, window, update_from);
    }
    evaluate_response(ev.response, response, window, f, at, options);
    evaluate_resolve(ev.resolve, resolve, config, window, events, f, at, options);
    evaluate_update(ev.update, update, window, f, update_from, at, options);
    return ev;
}

Evaluation evaluate(const config::Config& config, const std::vector<model::Event>& events,
                    Instant at, const Options& options) {
    return evaluate(config, std::span<const model::Event>(events), at, options);
}

} // namespace itsm::sla
