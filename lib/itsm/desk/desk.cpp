#include <itsm/availability/records.hpp>
#include <itsm/core/error.hpp>
#include <itsm/core/suggest.hpp>
#include <itsm/desk/desk.hpp>
#include <itsm/desk/outage.hpp>
#include <itsm/desk/records.hpp>
#include <itsm/model/text.hpp>
#include <itsm/notify/outbox.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace itsm::desk {

using nlohmann::json;

namespace internal {

void check_order(const Ticket& t, const Stamp& stamp, const std::string& id) {
    if (stamp.at < t.updated_at) {
        throw UsageError(fmt::format("--at {} is before the last change of {} ({}); a ticket's "
                                     "history is recorded in order",
                                     time::format_utc(stamp.at), id,
                                     time::format_utc(t.updated_at)));
    }
}

namespace {} // namespace

model::Event event(const Stamp& stamp, model::EventKind kind, json detail) {
    return model::make_event(kind, stamp.at, stamp.actor, std::move(detail));
}

void save_and_record(store::Store& store, Ticket& t, model::Event& e) {
    model::apply(t, e);
    store.save_ticket(t);
    e.ticket = t.number;
    store.append_event(e);
}

void announce(store::Store& store, const config::Config& config, const Ticket& t,
              const model::Event& e) {
    notify::announce(store, config, t, display_id(config, t), e);
}

Stamp held(const Stamp& stamp) {
    return stamp.clock ? Stamp{stamp.actor, stamp.clock(), {}} : stamp;
}

void put_fields(json& detail, const Ticket& t, std::initializer_list<std::string_view> names) {
    for (const auto& [name, value] : model::text_fields(t)) {
        if (!value.empty() && std::find(names.begin(), names.end(), name) != names.end()) {
            detail[std::string(name)] = value;
        }
    }
}

} // namespace internal

using internal::check_order;
using internal::held;
using internal::save_and_record;
using model::EventKind;
namespace key = model::key;

model::TicketId ticket_id(const config::Config& config, const Ticket& ticket) {
    return model::TicketId::of(config.prefixes, ticket.type, ticket.number);
}

std::string display_id(const config::Config& config, const Ticket& ticket) {
    return ticket_id(config, ticket).to_string();
}

Ticket load(store::Store& store, const config::Config& config, std::string_view id) {
    const auto parsed = model::TicketId::parse(id);
    if (!parsed) {
        throw UsageError(fmt::format("\"{}\" is not a ticket id; write it as INC-42 or 42", id));
    }
    auto ticket = store.find_ticket(parsed->number());
    if (!ticket) {
        throw NotFoundError(
            fmt::format("no ticket {}; 'itsm list' shows the tickets there are", id));
    }
    if (const auto actual = ticket_id(config, *ticket);
        !parsed->prefix().empty() && parsed->prefix() != actual.prefix()) {
        throw NotFoundError(
            fmt::format("no ticket {}; number {} is {}", id, parsed->number(), actual.to_string()));
    }
    return *ticket;
}

namespace {

void check_priority(const config::Config& config, const std::string& id) {
    if (auto why = config.unknown_priority(id); !why.empty()) {
        throw UsageError(why);
    }
}

void check_service(const config::Config& config, const std::string& id) {
    if (auto why = config.unknown_service(id); !why.empty()) {
        throw UsageError(why);
    }
}

void check_group(const config::Config& config, const std::string& group) {
    model::check_text("--group", group, model::k_max_short, false);
    if (auto why = config.unknown_group(group); !why.empty()) {
        throw UsageError(why);
    }
}

// An escalation by `sla-check --escalate` is marked as such (and so is not a response).
void mark_automatic(json& d, const Automatic& automatic) {
    if (automatic.automatic) {
        d[key::automatic] = true;
        if (!automatic.breach.empty()) {
            d[key::breach] = automatic.breach;
        }
    }
}

// The shape of every change: one transaction, the transition check, the event (its detail
// given the ticket as it stands), the new row from the event, both written.
template <class Describe>
Ticket change(store::Store& store, const config::Config& config, std::string_view id,
              model::Action action, const Stamp& given, EventKind kind, Describe&& describe) {
    store.begin_write();
    const Stamp stamp = held(given);
    Ticket t = load(store, config, id);
    const std::string shown = display_id(config, t);
    model::require_allowed(action, t, shown);
    check_order(t, stamp, shown);
    json detail = json::object();
    describe(t, detail, stamp.at);
    auto e = internal::event(stamp, kind, std::move(detail));
    save_and_record(store, t, e);
    internal::announce(store, config, t, e);
    store.commit();
    return t;
}

int tier_of(const config::Config& config, const std::string& group) {
    const auto it = std::find(config.escalation_path.begin(), config.escalation_path.end(), group);
    if (it != config.escalation_path.end()) {
        return static_cast<int>(it - config.escalation_path.begin()) + 1;
    }
    const auto* g = config.find_group(group);
    return g ? g->tier : 0;
}

} // namespace

std::string resolve_priority(const config::Config& config, const LogRequest& r) {
    if (!r.priority.empty()) {
        check_priority(config, r.priority);
        return r.priority;
    }
    if (!r.impact.empty() || !r.urgency.empty()) {
        if (r.impact.empty() || r.urgency.empty()) {
            throw UsageError("give both --impact and --urgency (high, medium or low), or "
                             "--priority");
        }
        const auto row = config.matrix.find(r.impact);
        if (row == config.matrix.end()) {
            throw UsageError(
                fmt::format("unknown impact \"{}\"; use high, medium or low", r.impact));
        }
        const auto cell = row->second.find(r.urgency);
        if (cell == row->second.end()) {
            throw UsageError(
                fmt::format("unknown urgency \"{}\"; use high, medium or low", r.urgency));
        }
        return cell->second;
    }
    return config.default_priority;
}

Ticket log(store::Store& store, const config::Config& config, const LogRequest& r,
           const Stamp& given) {
    model::check_text("--title", r.title, model::k_max_title, false);
    if (r.title.find_first_not_of(" \t") == std::string::npos) {
        throw UsageError("--title is empty; give the ticket a short summary");
    }
    model::check_text("--description", r.description, model::k_max_text, true);
    for (const auto* field :
         {&r.requester, &r.email, &r.org, &r.channel, &r.service, &r.assignee}) {
        model::check_text("a field", *field, model::k_max_short, false);
    }
    const std::string priority = resolve_priority(config, r);
    check_service(config, r.service);
    std::string group = r.group;
    if (group.empty()) {
        if (const auto* s = config.find_service(r.service)) {
            group = s->group;
        }
    }
    check_group(config, group);
    // The description and tier are in the chained event too, so that `itsm check` can hold
    // the ticket's row to them (docs/security.md).
    json detail = {{key::type, model::to_string(r.type)},
                   {key::title, r.title},
                   {key::priority, priority},
                   {key::description, r.description},
                   {key::tier, tier_of(config, group)}};
    for (const auto& [name, value] : {std::pair{key::service, &r.service},
                                      {key::group, &group},
                                      {key::assignee, &r.assignee},
                                      {key::requester, &r.requester},
                                      {key::email, &r.email},
                                      {key::org, &r.org},
                                      {key::channel, &r.channel}}) {
        if (!value->empty()) {
            detail[name] = *value;
        }
    }
    if (!r.impact.empty()) {
        detail[key::impact] = r.impact;
        detail[key::urgency] = r.urgency;
    }
    if (!r.service.empty() && config.find_service(r.service) == nullptr) {
        detail[key::uncatalogued] = true;
    }
    if (r.outage) {
        detail[key::outage] = true;
    }
    Ticket t;
    auto e = internal::event(given, EventKind::logged, std::move(detail));
    model::apply(t, e);
    if (r.outage) {
        internal::check_outage(config, t, "--outage");
    }

    store.begin_write();
    e.at = held(given).at;
    e.detail[key::policy] = config.policy_at(e.at).policy;
    model::apply(t, e);
    t.number = store.insert_ticket(t);
    if (r.outage) {
        availability::save_outage(store, {t.number, t.service, t.opened_at, std::nullopt, {}});
    }
    e.ticket = t.number;
    store.append_event(e);
    if (r.announce) {
        internal::announce(store, config, t, e);
    }
    if (r.follows) {
        // In the new ticket's history, so that `check` finds the link there (the ticket it
        // follows may be closed, and stays as it was).
        store.add_link(r.follows->number, t.number, model::to_string(t.type),
                       model::to_string(r.follows->type));
        // At the logged event's time (its stamp is held already: no second reading of the clock).
        auto linked = internal::event({given.actor, e.at, {}}, EventKind::linked,
                                      {{key::linked, display_id(config, *r.follows)},
                                       {key::relation, model::to_string(r.follows->type)}});
        internal::save_and_record(store, t, linked);
    }
    store.commit();
    return t;
}

Ticket assign(store::Store& store, const config::Config& config, std::string_view id,
              const std::string& group, const std::string& assignee, const Stamp& stamp) {
    if (group.empty()) {
        throw UsageError("assign needs --group GROUP");
    }
    check_group(config, group);
    model::check_text("--to", assignee, model::k_max_short, false);
    return change(store, config, id, model::Action::assign, stamp, EventKind::assigned,
                  [&](const Ticket&, json& d, Instant) {
                      d[key::group] = group;
                      d[key::tier] = tier_of(config, group);
                      if (!assignee.empty()) {
                          d[key::assignee] = assignee;
                      }
                  });
}

Ticket escalate(store::Store& store, const config::Config& config, std::string_view id,
                const std::string& to_group, const std::string& reason, const Stamp& stamp,
                const Automatic& automatic) {
    model::check_text("--reason", reason, model::k_max_text, true);
    if (!to_group.empty()) {
        check_group(config, to_group);
    }
    return change(store, config, id, model::Action::escalate, stamp, EventKind::escalated,
                  [&](const Ticket& t, json& d, Instant) {
                      std::string target = to_group;
                      if (target.empty()) {
                          const auto& path = config.escalation_path;
                          const auto it = std::find(path.begin(), path.end(), t.group);
                          if (path.empty()) {
                              throw UsageError("no escalation path is configured; give --to "
                                               "GROUP or set [escalation] path in itsm.toml");
                          }
                          if (it == path.end()) {
                              target = path.front();
                          } else if (it + 1 == path.end()) {
                              throw RefusedError(fmt::format(
                                  "{} is already with {}, the last tier of the escalation path; "
                                  "use --to GROUP or --hierarchical",
                                  display_id(config, t), t.group));
                          } else {
                              target = *(it + 1);
                          }
                      }
                      d[key::from] = t.group;
                      d[key::group] = target;
                      if (!t.assignee.empty()) {
                          // said in the event and its notice, never silent
                          d[key::unassigned] = t.assignee;
                      }
                      // a group outside the path with no `tier` has none
                      if (const int tier = tier_of(config, target); tier > 0) {
                          d[key::tier] = tier;
                      }
                      if (!reason.empty()) {
                          d[key::reason] = reason;
                      }
                      mark_automatic(d, automatic);
                  });
}

Ticket escalate_hierarchical(store::Store& store, const config::Config& config, std::string_view id,
                             const std::string& reason, const Stamp& stamp,
                             const Automatic& automatic) {
    model::check_text("--reason", reason, model::k_max_text, true);
    if (config.chain.empty()) {
        throw UsageError("no hierarchical escalation chain is configured; set [escalation] chain "
                         "in itsm.toml");
    }
    return change(store, config, id, model::Action::escalate, stamp, EventKind::escalated,
                  [&](const Ticket& t, json& d, Instant) {
                      if (t.escalation_level >= static_cast<int>(config.chain.size())) {
                          throw RefusedError(
                              fmt::format("{} is already at the top of the escalation chain ({})",
                                          display_id(config, t), config.chain.back().name));
                      }
                      const int next = t.escalation_level + 1;
                      d[key::hierarchical] = true;
                      d[key::level] = next;
                      d[key::to] = config.chain[static_cast<std::size_t>(next - 1)].name;
                      if (!reason.empty()) {
                          d[key::reason] = reason;
                      }
                      mark_automatic(d, automatic);
                  });
}

Ticket hold(store::Store& store, const config::Config& config, std::string_view id,
            const std::string& reason, const Stamp& stamp) {
    if (reason.empty()) {
        throw UsageError("hold needs --reason, e.g. --reason \"awaiting requester\"");
    }
    model::check_text("--reason", reason, model::k_max_text, true);
    return change(store, config, id, model::Action::hold, stamp, EventKind::held,
                  [&](const Ticket&, json& d, Instant) { d[key::reason] = reason; });
}

Ticket resume(store::Store& store, const config::Config& config, std::string_view id,
              const Stamp& stamp) {
    return change(store, config, id, model::Action::resume, stamp, EventKind::resumed,
                  [](const Ticket&, json&, Instant) {});
}

Ticket note(store::Store& store, const config::Config& config, std::string_view id,
            const std::string& text, const Stamp& stamp) {
    if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
        throw UsageError("the note is empty; give its text");
    }
    model::check_text("the note", text, model::k_max_text, true);
    return change(store, config, id, model::Action::note, stamp, EventKind::noted,
                  [&](const Ticket&, json& d, Instant) { d[key::text] = text; });
}

Ticket update(store::Store& store, const config::Config& config, std::string_view id,
              const UpdateRequest& r, const Stamp& stamp) {
    if (r.priority) {
        check_priority(config, *r.priority);
    }
    if (r.service) {
        check_service(config, *r.service);
    }
    if (r.title) {
        model::check_text("--title", *r.title, model::k_max_title, false);
        if (r.title->find_first_not_of(" \t") == std::string::npos) {
            throw UsageError("--title is empty; give the ticket a short summary");
        }
    }
    if (r.description) {
        model::check_text("--description", *r.description, model::k_max_text, true);
    }
    for (const auto* field : {&r.requester, &r.email, &r.org, &r.channel}) {
        if (*field) {
            model::check_text("a field", **field, model::k_max_short, false);
        }
    }
    return change(store, config, id, model::Action::update, stamp, EventKind::updated,
                  [&](const Ticket& t, json& d, Instant at) {
                      json changes = json::object();
                      auto compare = [&](const char* name, const std::optional<std::string>& value,
                                         const std::string& field) {
                          if (value && *value != field) {
                              changes[name] = {{key::from, field}, {key::to, *value}};
                          }
                      };
                      compare(key::title, r.title, t.title);
                      compare(key::description, r.description, t.description);
                      compare(key::priority, r.priority, t.priority);
                      compare(key::service, r.service, t.service);
                      compare(key::requester, r.requester, t.requester);
                      compare(key::email, r.email, t.email);
                      compare(key::org, r.org, t.org);
                      compare(key::channel, r.channel, t.channel);
                      // The outage follows the ticket as the fields leave it.
                      Ticket after = t;
                      model::apply(after, model::make_event(EventKind::updated, at, "",
                                                            {{key::changes, changes}}));
                      internal::change_outage(store, config, after, r, changes);
                      if (changes.empty()) {
                          throw UsageError("nothing to update: every given value is the "
                                           "ticket's current one (or none was given)");
                      }
                      d[key::changes] = std::move(changes);
                  });
}

Ticket resolve(store::Store& store, const config::Config& config, std::string_view id,
               const std::string& resolution, const std::string& code, const Stamp& stamp) {
    if (resolution.find_first_not_of(" \t\r\n") == std::string::npos) {
        throw UsageError("resolve needs --resolution TEXT: what was done (it feeds the "
                         "knowledge base)");
    }
    model::check_text("--resolution", resolution, model::k_max_text, true);
    model::check_text("--code", code, model::k_max_short, false);
    return change(store, config, id, model::Action::resolve, stamp, EventKind::resolved,
                  [&](const Ticket&, json& d, Instant) {
                      d[key::resolution] = resolution;
                      if (!code.empty()) {
                          d[key::code] = code;
                      }
                  });
}

Ticket close(store::Store& store, const config::Config& config, std::string_view id,
             const CloseRequest& r, const Stamp& stamp) {
    model::check_text("--resolution", r.resolution, model::k_max_text, true);
    model::check_text("--code", r.code, model::k_max_short, false);
    model::check_text("--comment", r.comment, model::k_max_text, true);
    if (r.satisfaction && (*r.satisfaction < 1 || *r.satisfaction > 5)) {
        throw UsageError(fmt::format("--satisfaction {} is out of range; give 1 (very "
                                     "dissatisfied) to 5 (very satisfied)",
                                     *r.satisfaction));
    }
    return change(store, config, id, model::Action::close, stamp, EventKind::closed,
                  [&](const Ticket& t, json& d, Instant) {
                      if (t.status != model::Status::resolved &&
                          r.resolution.find_first_not_of(" \t\r\n") == std::string::npos) {
                          throw UsageError(fmt::format(
                              "{} is {}, not resolved: give --resolution TEXT to close it "
                              "directly, or resolve it first",
                              display_id(config, t), model::to_string(t.status)));
                      }
                      if (!r.resolution.empty()) {
                          d[key::resolution] = r.resolution;
                      }
                      if (!r.code.empty()) {
                          d[key::code] = r.code;
                      }
                      if (r.satisfaction) {
                          d[key::satisfaction] = *r.satisfaction;
                      }
                      if (!r.comment.empty()) {
                          d[key::comment] = r.comment;
                      }
                  });
}

Ticket reopen(store::Store& store, const config::Config& config, std::string_view id,
              const std::string& reason, const Stamp& stamp) {
    if (reason.find_first_not_of(" \t\r\n") == std::string::npos) {
        throw UsageError("reopen needs --reason: why the ticket is back");
    }
    model::check_text("--reason", reason, model::k_max_text, true);
    return change(store, config, id, model::Action::reopen, stamp, EventKind::reopened,
                  [&](const Ticket&, json& d, Instant) { d[key::reason] = reason; });
}

} // namespace itsm::desk
