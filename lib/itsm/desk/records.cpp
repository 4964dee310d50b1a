// Linked records (docs/lifecycle.md): an interaction escalated to an incident or a request, an
// incident or request to a problem or change, and links made and removed between existing ones.
#include <itsm/core/error.hpp>
#include <itsm/desk/desk.hpp>
#include <itsm/desk/records.hpp>
#include <itsm/model/text.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace itsm::desk {

using internal::check_order;
using internal::held;
using internal::is_record_of_work;
using internal::save_and_record;
using model::EventKind;
using nlohmann::json;
namespace key = model::key;

bool internal::is_record_of_work(model::Type type) {
    return type == model::Type::problem || type == model::Type::change;
}

namespace {

// "an incident", "a problem".
std::string with_article(model::Type type) {
    const bool vowel = type == model::Type::incident || type == model::Type::interaction;
    return fmt::format("{} {}", vowel ? "an" : "a", model::to_string(type));
}

// An interaction becomes an incident or a request; anything else becomes a problem or change.
void check_escalation_type(const Ticket& origin, model::Type type, const std::string& origin_id) {
    const bool from_interaction = origin.type == model::Type::interaction;
    const bool to_call = type == model::Type::incident || type == model::Type::request;
    if (to_call != from_interaction || type == model::Type::interaction) {
        throw RefusedError(fmt::format(
            "{} is {}: {}", origin_id, with_article(origin.type),
            from_interaction ? "an interaction escalates to an incident or a request"
                             : "escalate it to a problem or change (--to-type problem|change)"));
    }
}

} // namespace

Ticket escalate_to_type(store::Store& store, const config::Config& config, std::string_view id,
                        model::Type type, const std::string& title, const Stamp& given) {
    model::check_text("--title", title, model::k_max_title, false);
    store.begin_write();
    const Stamp stamp = held(given);
    Ticket origin = load(store, config, id);
    const std::string origin_id = display_id(config, origin);
    model::require_allowed(model::Action::link, origin, origin_id);
    check_order(origin, stamp, origin_id);
    check_escalation_type(origin, type, origin_id);

    // The requester, service, group, priority, description and tier carry over.
    json detail = {{key::type, model::to_string(type)},
                   {key::title, title.empty() ? origin.title : title},
                   {key::priority, origin.priority},
                   {key::description, origin.description},
                   {key::tier, origin.tier},
                   {key::from, origin_id}};
    internal::put_fields(
        detail, origin,
        {key::service, key::group, key::requester, key::email, key::org, key::channel});
    detail[key::policy] = config.policy_at(stamp.at).policy;
    Ticket record;
    auto logged = internal::event(stamp, EventKind::logged, std::move(detail));
    model::apply(record, logged);
    record.number = store.insert_ticket(record);
    logged.ticket = record.number;
    store.append_event(logged);
    internal::announce(store, config, record, logged);
    store.add_link(origin.number, record.number, model::to_string(type),
                   model::to_string(origin.type));
    auto linked = internal::event(
        stamp, EventKind::linked,
        {{key::linked, display_id(config, record)}, {key::relation, model::to_string(type)}});
    save_and_record(store, origin, linked);
    internal::announce(store, config, origin, linked);
    store.commit();
    return record;
}

namespace {

// The two records of `link`/`unlink`, loaded and checked in the open write transaction.
struct LinkPair {
    Ticket one, other;
    std::string one_id, other_id;
};

LinkPair load_pair(store::Store& store, const config::Config& config, std::string_view id,
                   std::string_view other, const Stamp& stamp) {
    LinkPair p{load(store, config, id), load(store, config, other), "", ""};
    p.one_id = display_id(config, p.one);
    p.other_id = display_id(config, p.other);
    if (p.one.number == p.other.number) {
        throw UsageError(fmt::format("{} cannot be linked to itself", p.one_id));
    }
    if (!is_record_of_work(p.other.type)) {
        throw RefusedError(fmt::format("{} is {}: link a record to a problem or a change, "
                                       "e.g. itsm link INC-12 PRB-7",
                                       p.other_id, with_article(p.other.type)));
    }
    check_order(p.one, stamp, p.one_id);
    check_order(p.other, stamp, p.other_id);
    return p;
}

bool are_linked(store::Store& store, const LinkPair& p) {
    const auto links = store.links_of(p.one.number);
    return std::any_of(links.begin(), links.end(),
                       [&](const store::Link& l) { return l.other == p.other.number; });
}

// One event on each record, each naming the other.
void record_both(store::Store& store, const config::Config& config, LinkPair& p, const Stamp& stamp,
                 EventKind kind) {
    for (auto [t, other, other_type] :
         {std::tuple{&p.one, &p.other_id, p.other.type}, {&p.other, &p.one_id, p.one.type}}) {
        auto e = internal::event(
            stamp, kind, {{key::linked, *other}, {key::relation, model::to_string(other_type)}});
        save_and_record(store, *t, e);
        internal::announce(store, config, *t, e);
    }
}

} // namespace

Ticket link(store::Store& store, const config::Config& config, std::string_view id,
            std::string_view other, const Stamp& given) {
    store.begin_write();
    const Stamp stamp = held(given);
    LinkPair p = load_pair(store, config, id, other, stamp);
    if (are_linked(store, p)) {
        throw RefusedError(fmt::format("{} is linked to {} already", p.one_id, p.other_id));
    }
    store.add_link(p.one.number, p.other.number, model::to_string(p.other.type),
                   model::to_string(p.one.type));
    record_both(store, config, p, stamp, EventKind::linked);
    store.commit();
    return p.one;
}

Ticket unlink(store::Store& store, const config::Config& config, std::string_view id,
              std::string_view other, const Stamp& given) {
    store.begin_write();
    const Stamp stamp = held(given);
    LinkPair p = load_pair(store, config, id, other, stamp);
    if (!store.remove_link(p.one.number, p.other.number)) {
        throw RefusedError(fmt::format("{} is not linked to {}; 'itsm show {}' lists its links",
                                       p.one_id, p.other_id, p.one_id));
    }
    record_both(store, config, p, stamp, EventKind::unlinked);
    store.commit();
    return p.one;
}

} // namespace itsm::desk
