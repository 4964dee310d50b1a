// OLA clocks (docs/sla.md, "OLAs").
//
// A first pass finds the priority, service and type in force and the groups with an OLA that
// the ticket entered; a second walks every such group's two clocks through the events at once.
// A clock counts only while the ticket is in its group: the response clock until the group's
// first action, the resolve clock while the ticket is neither on hold, with a pause_sla group,
// nor resolved. Leaving the group stops both ("handed on"); coming back resumes them.
#include <itsm/sla/ola.hpp>
#include <itsm/sla/walk.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>

namespace itsm::sla {

namespace {

using model::EventKind;

// The terms the SLA measures a ticket by, as evaluate() finds them.
struct OlaTerms {
    const model::Event* logged = nullptr;
    std::string_view type;
    std::string_view priority;
    std::string_view service;
};

OlaTerms ola_terms_of(std::span<const model::Event> events, Instant at) {
    OlaTerms terms;
    for (const auto& e : events) {
        if (e.at > at) {
            continue;
        }
        if (terms.logged == nullptr) {
            if (e.kind == EventKind::logged) {
                terms.logged = &e;
                terms.type = model::detail_text(e.detail, model::key::type);
                terms.priority = model::detail_text(e.detail, model::key::priority);
                terms.service = model::detail_text(e.detail, model::key::service);
            }
        } else if (e.kind == EventKind::updated) {
            if (const auto* p = model::changed_to(e.detail, model::key::priority)) {
                terms.priority = p->get_ref<const std::string&>();
            }
            if (const auto* s = model::changed_to(e.detail, model::key::service)) {
                terms.service = s->get_ref<const std::string&>();
            }
        }
    }
    return terms;
}

// One clock of a group: counting or not between consecutive changes, stopped for good (the
// response, by the group's action) or for now (out of the group, resolved).
struct OlaTrack {
    internal::Walk walk;
    bool counting = false;
    Instant cursor;
    bool live = false;              // may count again: in the group and not stopped
    std::optional<Instant> dead_at; // when it stopped being live
    bool handed_on = false;

    void at(Instant t, bool now_counting, bool now_live, bool left) {
        if (now_counting != counting) {
            walk.stretch(cursor, t, !counting);
            cursor = t;
            counting = now_counting;
        }
        if (live && !now_live) {
            dead_at = t;
            handed_on = left;
        }
        live = now_live;
    }
};

// A group the ticket entered, with an OLA for its priority.
struct OlaRun {
    std::string_view group;
    const config::OlaTargets* targets = nullptr;
    bool pauses = false; // the group's pause_sla
    Instant entered;
    std::optional<OlaTrack> response;
    std::optional<OlaTrack> resolve;
    Clock response_clock;
    Clock resolve_clock;
    bool started = false;
    bool acted = false;
};

std::string_view ola_group_after(const model::Event& e, std::string_view before) {
    if (e.kind == EventKind::logged) {
        return model::detail_text(e.detail, model::key::group);
    }
    const auto* g = model::new_group(e);
    return g != nullptr ? std::string_view(g->get_ref<const std::string&>()) : before;
}

// The clocks walked to the end: stopped where they last stopped being live, else at `at`.
void finish_run(OlaRun& run, Instant at, const Options& options) {
    for (auto [track, clock] :
         {std::pair{&run.response, &run.response_clock}, {&run.resolve, &run.resolve_clock}}) {
        if (!*track) {
            continue;
        }
        OlaTrack& t = **track;
        const std::optional<Instant> stop = t.live ? std::nullopt : t.dead_at;
        const Instant end = stop.value_or(at);
        t.walk.stretch(t.cursor, end, !t.counting);
        t.walk.finish(std::max(run.entered, end));
        internal::settle(*clock, t.walk, stop, t.live && !t.counting, at, options);
    }
}

} // namespace

bool has_olas(const config::Config& config) {
    return std::any_of(config.groups.begin(), config.groups.end(),
                       [](const config::Group& g) { return !g.ola.empty(); });
}

std::string_view ola_metric(const OlaClock& ola) {
    return ola.metric == "response" ? "ola-response" : "ola-resolve";
}

std::vector<OlaClock> evaluate_olas(const config::Config& all, std::span<const model::Event> events,
                                    Instant at, const Options& options) {
    std::vector<OlaClock> out;
    if (all.policy_versions().empty() && !has_olas(all)) {
        return out;
    }
    for (const auto& e : events) {
        if (e.kind == EventKind::logged) {
            at = std::max(at, e.at); // as evaluate(): the clocks as they stand at logging
            break;
        }
    }
    const OlaTerms terms = ola_terms_of(events, at);
    if (terms.logged == nullptr) {
        return out;
    }
    // The terms in force when the ticket was logged, as for its SLA clocks.
    const config::Config& config = all.policy_at(terms.logged->at);
    if (!has_olas(config)) {
        return out;
    }
    const std::string_view priority_id =
        terms.priority.empty() ? std::string_view(config.default_priority) : terms.priority;
    const config::Priority* priority = config.find_priority(priority_id);
    if (priority == nullptr ||
        !priority->measures(terms.type.empty() ? std::string_view("incident") : terms.type)) {
        return out;
    }
    const calendar::Window& window = config.window_for(priority_id, terms.service);

    // The groups with an OLA, in the order the ticket first entered them.
    const Instant logged_at = terms.logged->at;
    std::vector<OlaRun> runs;
    const auto* first = terms.logged;
    const auto* last = events.data() + events.size();
    std::string_view group;
    for (const auto* it = first; it != last; ++it) {
        if (it->at > at) {
            continue;
        }
        group = ola_group_after(*it, group);
        const bool known = std::any_of(runs.begin(), runs.end(),
                                       [&](const OlaRun& r) { return r.group == group; });
        const config::Group* g = group.empty() || known ? nullptr : config.find_group(group);
        if (const auto* targets = g != nullptr ? g->ola_for(priority_id) : nullptr) {
            OlaRun& run = runs.emplace_back();
            run.group = group;
            run.targets = targets;
            run.pauses = g->pause_sla;
            run.entered = std::max(it->at, logged_at);
        }
    }
    if (runs.empty()) {
        return out;
    }

    out.reserve(runs.size() * 2);
    bool held = false;
    bool settled = false;
    group = {};
    for (const auto* it = first; it != last; ++it) {
        const model::Event& e = *it;
        if (e.at > at) {
            continue;
        }
        const Instant t = std::max(e.at, logged_at);
        const std::string_view before = group;
        group = ola_group_after(e, before);
        held = internal::held_after(e.kind, held);
        if (e.kind == EventKind::resolved || e.kind == EventKind::closed) {
            settled = true;
        } else if (e.kind == EventKind::reopened) {
            settled = false;
        }
        for (auto& run : runs) {
            const bool in = group == run.group;
            if (in && !run.started) {
                run.started = true;
                auto ledger = [&](Clock& c) -> std::vector<calendar::Segment>* {
                    return options.ledger ? &c.ledger : nullptr;
                };
                for (const bool response : {true, false}) {
                    auto target = config::ola_target_for(*run.targets, response, window, t);
                    const auto& text =
                        response ? run.targets->response_text : run.targets->resolve_text;
                    if (text.empty() &&
                        !(response ? run.targets->response : run.targets->resolve)) {
                        continue;
                    }
                    Clock& clock = response ? run.response_clock : run.resolve_clock;
                    internal::set_target(clock, target);
                    (response ? run.response : run.resolve)
                        .emplace(OlaTrack{internal::Walk(window, target, ledger(clock)), true, t,
                                          true, std::nullopt, false});
                }
            }
            if (!run.started) {
                continue;
            }
            // The group's action: a response made in the group that leaves the ticket there; on
            // entering, only a person taking it (an escalation into the group is the sender's).
            const bool entering = in && before != run.group;
            if (in && !run.acted && model::is_response(e) &&
                (!entering || e.kind == EventKind::assigned || e.kind == EventKind::logged)) {
                run.acted = true;
            }
            const bool left = !in && before == run.group;
            if (run.response) {
                const bool live = in && !run.acted;
                run.response->at(t, live, live, left);
            }
            if (run.resolve) {
                const bool live = in && !settled;
                run.resolve->at(t, live && !held && !run.pauses, live, left);
            }
        }
    }
    for (auto& run : runs) {
        finish_run(run, at, options);
        for (auto [track, clock, metric] :
             {std::tuple{&run.response, &run.response_clock, "response"},
              {&run.resolve, &run.resolve_clock, "resolve"}}) {
            if (*track) {
                out.push_back({std::string(run.group), metric, std::move(*clock),
                               !(*track)->live && (*track)->handed_on});
            }
        }
    }
    return out;
}

} // namespace itsm::sla
