#pragma once
// Internal to lib/itsm/desk: what every change of a ticket does, shared by desk.cpp and
// records.cpp.

#include <itsm/desk/desk.hpp>

#include <nlohmann/json.hpp>

#include <initializer_list>
#include <string>
#include <string_view>

namespace itsm::desk::internal {

/// Throws UsageError when `stamp` is before the ticket's last change: a history is in order.
void check_order(const Ticket& t, const Stamp& stamp, const std::string& id);
/// The stamp of a change once the write lock is held: without --at, the clock read now.
Stamp held(const Stamp& stamp);

/// An event of `kind` stamped by `stamp` (its ticket set when recorded).
model::Event event(const Stamp& stamp, model::EventKind kind, nlohmann::json detail);

/// Applies `e` to the ticket's row (model::apply), saves the row and appends the event, in the
/// caller's write transaction.
void save_and_record(store::Store& store, Ticket& t, model::Event& e);

/// Queues the notification of `e`, in the caller's write transaction.
void announce(store::Store& store, const config::Config& config, const Ticket& t,
              const model::Event& e);

/// True for the records others are linked to with `link`: problems and changes.
bool is_record_of_work(model::Type type);

/// Sets detail[name] to each of the ticket's text fields `names` that is not empty (the names of
/// model::text_fields).
void put_fields(nlohmann::json& detail, const Ticket& t,
                std::initializer_list<std::string_view> names);

} // namespace itsm::desk::internal
