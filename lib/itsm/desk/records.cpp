// Linked records (docs/lifecycle.md): an interaction escalated to an incident or a request, an
// incident or request to a problem or change, and links made and removed between existing ones.
#include <itsm/core/error.hpp>
#include <itsm/desk/desk.hpp>
#include <itsm/desk/records.hpp>
#include <itsm/model/text.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace itsm::desk {

using detail::check_order;
using detail::held;
using detail::is_record_of_work;
using detail::record_and_announce;
using nlohmann::json;

bool detail::is_record_of_work(model::Type type) {
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

    Ticket record = origin; // the requester, service, group and priority carry over
    record.number = 0;
    record.type = type;
    record.title = title.empty() ? origin.title : title;
    record.status = origin.group.empty() ? model::Status::new_ : model::Status::assigned;
    record.assignee.clear();
    record.opened_at = stamp.at;
    record.updated_at = stamp.at;
    record.responded_at.reset();
    record.resolved_at.reset();
    record.closed_at.reset();
    record.resolution.clear();
    record.resolution_code.clear();
    record.satisfaction.reset();
    record.comment.clear();
    record.hold_reason.clear();
    record.escalation_level = 0;
    record.number = store.insert_ticket(record);
    const std::string new_id = display_id(config, record);

    json detail = {
        {"type", model::to_string(type)},    {"title", record.title}, {"priority", record.priority},
        {"description", record.description}, {"tier", record.tier},   {"from", origin_id}};
    detail::put_fields(detail, record,
                       {"service", "group", "requester", "email", "org", "channel"});
    record_and_announce(store, config, record, stamp, "logged", std::move(detail));
    store.add_link(origin.number, record.number, model::to_string(type),
                   model::to_string(origin.type));
    origin.updated_at = stamp.at;
    store.save_ticket(origin);
    record_and_announce(store, config, origin, stamp, "linked",
                        {{"linked", new_id}, {"relation", model::to_string(type)}});
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
                 const char* kind) {
    for (auto [t, other, other_type] :
         {std::tuple{&p.one, &p.other_id, p.other.type}, {&p.other, &p.one_id, p.one.type}}) {
        t->updated_at = stamp.at;
        store.save_ticket(*t);
        record_and_announce(store, config, *t, stamp, kind,
                            {{"linked", *other}, {"relation", model::to_string(other_type)}});
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
    record_both(store, config, p, stamp, "linked");
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
    record_both(store, config, p, stamp, "unlinked");
    store.commit();
    return p.one;
}

} // namespace itsm::desk
