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

namespace detail {

void check_order(const Ticket& t, const Stamp& stamp, const std::string& id) {
    if (stamp.at < t.updated_at) {
        throw UsageError(fmt::format("--at {} is before the last change of {} ({}); a ticket's "
                                     "history is recorded in order",
                                     time::format_utc(stamp.at), id,
                                     time::format_utc(t.updated_at)));
    }
}

namespace {

model::Event record(store::Store& store, long long ticket, const Stamp& stamp, const char* kind,
                    json detail) {
    model::Event e;
    e.ticket = ticket;
    e.at = stamp.at;
    e.actor = stamp.actor;
    e.kind = kind;
    e.detail = std::move(detail);
    store.append_event(e);
    return e;
}

} // namespace

void record_and_announce(store::Store& store, const config::Config& config, const Ticket& t,
                         const Stamp& stamp, const char* kind, json detail) {
    const auto event = record(store, t.number, stamp, kind, std::move(detail));
    notify::announce(store, config, t, display_id(config, t), event);
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

} // namespace detail

using detail::check_order;
using detail::held;
using detail::record_and_announce;

std::string display_id(const config::Config& config, const Ticket& ticket) {
    const auto it = config.prefixes.find(model::to_string(ticket.type));
    const std::string prefix = it != config.prefixes.end() ? it->second : "T";
    return fmt::format("{}-{}", prefix, ticket.number);
}

Ticket load(store::Store& store, const config::Config& config, std::string_view id) {
    const auto number = store::parse_number(id);
    if (!number) {
        throw UsageError(fmt::format("\"{}\" is not a ticket id; write it as INC-42 or 42", id));
    }
    auto ticket = store.find_ticket(*number);
    if (!ticket) {
        throw NotFoundError(
            fmt::format("no ticket {}; 'itsm list' shows the tickets there are", id));
    }
    const auto dash = id.find('-');
    if (dash != std::string_view::npos) {
        std::string prefix(id.substr(0, dash));
        std::transform(prefix.begin(), prefix.end(), prefix.begin(),
                       [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
        const std::string actual = display_id(config, *ticket);
        if (actual.substr(0, actual.find('-')) != prefix) {
            throw NotFoundError(fmt::format("no ticket {}; number {} is {}", id, *number, actual));
        }
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

void mark_response(Ticket& t, Instant at) {
    if (!t.responded_at) {
        t.responded_at = at;
    }
}

// A person's escalation is a response; an automatic one is marked as such and is not.
void mark_escalation(Ticket& t, json& d, Instant at, const Automatic& automatic) {
    if (automatic.automatic) {
        d["automatic"] = true;
        if (!automatic.breach.empty()) {
            d["breach"] = automatic.breach;
        }
        return;
    }
    mark_response(t, at);
}

// The shape of every change: one transaction, the transition check, the change (given the
// time it is made), one event.
template <class Mutate>
Ticket change(store::Store& store, const config::Config& config, std::string_view id,
              model::Action action, const Stamp& given, const char* kind, Mutate&& mutate) {
    store.begin_write();
    const Stamp stamp = held(given);
    Ticket t = load(store, config, id);
    const std::string shown = display_id(config, t);
    model::require_allowed(action, t, shown);
    check_order(t, stamp, shown);
    json detail = json::object();
    mutate(t, detail, stamp.at);
    t.updated_at = stamp.at;
    store.save_ticket(t);
    record_and_announce(store, config, t, stamp, kind, std::move(detail));
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
    Ticket t;
    t.type = r.type;
    t.title = r.title;
    t.description = r.description;
    t.priority = resolve_priority(config, r);
    check_service(config, r.service);
    t.service = r.service;
    t.group = r.group;
    if (t.group.empty()) {
        if (const auto* s = config.find_service(r.service)) {
            t.group = s->group;
        }
    }
    check_group(config, t.group);
    t.assignee = r.assignee;
    t.requester = r.requester;
    t.email = r.email;
    t.org = r.org;
    t.channel = r.channel;
    t.status =
        t.group.empty() && t.assignee.empty() ? model::Status::new_ : model::Status::assigned;
    t.tier = tier_of(config, t.group);
    if (r.outage) {
        detail::check_outage(config, t, "--outage");
    }

    store.begin_write();
    const Stamp stamp = held(given);
    t.opened_at = stamp.at;
    t.updated_at = stamp.at;
    if (!t.assignee.empty()) {
        t.responded_at = stamp.at;
    }
    t.number = store.insert_ticket(t);
    // The description and tier are in the chained event too, so that `itsm check` can hold
    // the ticket's row to them (docs/security.md).
    json detail = {{"type", model::to_string(t.type)},
                   {"title", t.title},
                   {"priority", t.priority},
                   {"description", t.description},
                   {"tier", t.tier}};
    detail::put_fields(detail, t,
                       {"service", "group", "assignee", "requester", "email", "org", "channel"});
    if (!r.impact.empty()) {
        detail["impact"] = r.impact;
        detail["urgency"] = r.urgency;
    }
    if (!t.service.empty() && config.find_service(t.service) == nullptr) {
        detail["uncatalogued"] = true;
    }
    if (r.outage) {
        availability::save_outage(store, {t.number, t.service, t.opened_at, std::nullopt, {}});
        detail["outage"] = true;
    }
    if (r.announce) {
        record_and_announce(store, config, t, stamp, "logged", std::move(detail));
    } else {
        detail::record(store, t.number, stamp, "logged", std::move(detail));
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
    return change(store, config, id, model::Action::assign, stamp, "assigned",
                  [&](Ticket& t, json& d, Instant at) {
                      t.group = group;
                      t.assignee = assignee;
                      t.tier = tier_of(config, group);
                      if (t.status == model::Status::new_) {
                          t.status = model::Status::assigned;
                      }
                      d["group"] = group;
                      d["tier"] = t.tier;
                      if (!assignee.empty()) {
                          d["assignee"] = assignee;
                          mark_response(t, at);
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
    return change(store, config, id, model::Action::escalate, stamp, "escalated",
                  [&](Ticket& t, json& d, Instant at) {
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
                      d["from"] = t.group;
                      d["group"] = target;
                      t.group = target;
                      if (!t.assignee.empty()) {
                          d["unassigned"] =
                              t.assignee; // said in the event and its notice, never silent
                          t.assignee.clear();
                      }
                      t.tier = tier_of(config, target);
                      if (t.tier > 0) { // a group outside the path with no `tier` has none
                          d["tier"] = t.tier;
                      }
                      if (!reason.empty()) {
                          d["reason"] = reason;
                      }
                      if (t.status == model::Status::new_) {
                          t.status = model::Status::assigned;
                      }
                      mark_escalation(t, d, at, automatic);
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
    return change(store, config, id, model::Action::escalate, stamp, "escalated",
                  [&](Ticket& t, json& d, Instant at) {
                      if (t.escalation_level >= static_cast<int>(config.chain.size())) {
                          throw RefusedError(
                              fmt::format("{} is already at the top of the escalation chain ({})",
                                          display_id(config, t), config.chain.back().name));
                      }
                      t.escalation_level += 1;
                      const auto& level =
                          config.chain[static_cast<std::size_t>(t.escalation_level - 1)];
                      d["hierarchical"] = true;
                      d["level"] = t.escalation_level;
                      d["to"] = level.name;
                      if (!reason.empty()) {
                          d["reason"] = reason;
                      }
                      mark_escalation(t, d, at, automatic);
                  });
}

Ticket hold(store::Store& store, const config::Config& config, std::string_view id,
            const std::string& reason, const Stamp& stamp) {
    if (reason.empty()) {
        throw UsageError("hold needs --reason, e.g. --reason \"awaiting requester\"");
    }
    model::check_text("--reason", reason, model::k_max_text, true);
    return change(store, config, id, model::Action::hold, stamp, "held",
                  [&](Ticket& t, json& d, Instant at) {
                      t.status = model::Status::on_hold;
                      t.hold_reason = reason;
                      d["reason"] = reason;
                      mark_response(t, at);
                  });
}

Ticket resume(store::Store& store, const config::Config& config, std::string_view id,
              const Stamp& stamp) {
    return change(store, config, id, model::Action::resume, stamp, "resumed",
                  [&](Ticket& t, json&, Instant) {
                      t.status = t.group.empty() && t.assignee.empty() ? model::Status::new_
                                                                       : model::Status::assigned;
                      t.hold_reason.clear();
                  });
}

Ticket note(store::Store& store, const config::Config& config, std::string_view id,
            const std::string& text, const Stamp& stamp) {
    if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
        throw UsageError("the note is empty; give its text");
    }
    model::check_text("the note", text, model::k_max_text, true);
    return change(store, config, id, model::Action::note, stamp, "noted",
                  [&](Ticket& t, json& d, Instant at) {
                      d["text"] = text;
                      mark_response(t, at);
                  });
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
    return change(store, config, id, model::Action::update, stamp, "updated",
                  [&](Ticket& t, json& d, Instant) {
                      json changes = json::object();
                      auto apply = [&](const char* name, const std::optional<std::string>& value,
                                       std::string& field) {
                          if (value && *value != field) {
                              changes[name] = {{"from", field}, {"to", *value}};
                              field = *value;
                          }
                      };
                      apply("title", r.title, t.title);
                      apply("description", r.description, t.description);
                      apply("priority", r.priority, t.priority);
                      apply("service", r.service, t.service);
                      apply("requester", r.requester, t.requester);
                      apply("email", r.email, t.email);
                      apply("org", r.org, t.org);
                      apply("channel", r.channel, t.channel);
                      detail::change_outage(store, config, t, r, changes);
                      if (changes.empty()) {
                          throw UsageError("nothing to update: every given value is the "
                                           "ticket's current one (or none was given)");
                      }
                      d["changes"] = std::move(changes);
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
    return change(store, config, id, model::Action::resolve, stamp, "resolved",
                  [&](Ticket& t, json& d, Instant at) {
                      t.status = model::Status::resolved;
                      t.resolved_at = at;
                      t.resolution = resolution;
                      t.resolution_code = code;
                      t.hold_reason.clear();
                      mark_response(t, at);
                      d["resolution"] = resolution;
                      if (!code.empty()) {
                          d["code"] = code;
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
    return change(store, config, id, model::Action::close, stamp, "closed",
                  [&](Ticket& t, json& d, Instant at) {
                      if (t.status != model::Status::resolved) {
                          if (r.resolution.find_first_not_of(" \t\r\n") == std::string::npos) {
                              throw UsageError(fmt::format(
                                  "{} is {}, not resolved: give --resolution TEXT to close it "
                                  "directly, or resolve it first",
                                  display_id(config, t), model::to_string(t.status)));
                          }
                          t.resolved_at = at;
                      }
                      if (!r.resolution.empty()) {
                          t.resolution = r.resolution;
                          d["resolution"] = r.resolution;
                      }
                      if (!r.code.empty()) {
                          t.resolution_code = r.code;
                          d["code"] = r.code;
                      }
                      if (r.satisfaction) {
                          t.satisfaction = r.satisfaction;
                          d["satisfaction"] = *r.satisfaction;
                      }
                      if (!r.comment.empty()) {
                          t.comment = r.comment;
                          d["comment"] = r.comment;
                      }
                      t.status = model::Status::closed;
                      t.closed_at = at;
                      t.hold_reason.clear();
                      mark_response(t, at);
                  });
}

Ticket reopen(store::Store& store, const config::Config& config, std::string_view id,
              const std::string& reason, const Stamp& stamp) {
    if (reason.find_first_not_of(" \t\r\n") == std::string::npos) {
        throw UsageError("reopen needs --reason: why the ticket is back");
    }
    model::check_text("--reason", reason, model::k_max_text, true);
    return change(store, config, id, model::Action::reopen, stamp, "reopened",
                  [&](Ticket& t, json& d, Instant) {
                      t.status = t.group.empty() && t.assignee.empty() ? model::Status::new_
                                                                       : model::Status::assigned;
                      t.resolved_at.reset();
                      t.closed_at.reset();
                      d["reason"] = reason;
                  });
}

} // namespace itsm::desk
