#pragma once
// Internal to lib/itsm/desk: what every change of a ticket does, shared by desk.cpp and
// records.cpp.

#include <itsm/desk/desk.hpp>

#include <nlohmann/json.hpp>

#include <initializer_list>
#include <string>
#include <string_view>

namespace itsm::desk::detail {

/// Throws UsageError when `stamp` is before the ticket's last change: a history is in order.
void check_order(const Ticket& t, const Stamp& stamp, const std::string& id);
/// The stamp of a change once the write lock is held: without --at, the clock read now.
Stamp held(const Stamp& stamp);

/// Appends the event and queues its notification, in the caller's write transaction.
void record_and_announce(store::Store& store, const config::Config& config, const Ticket& t,
                         const Stamp& stamp, const char* kind, nlohmann::json detail);

/// True for the records others are linked to with `link`: problems and changes.
bool is_record_of_work(model::Type type);

/// Sets detail[name] to each of the ticket's text fields `names` that is not empty (the names of
/// model::text_fields).
void put_fields(nlohmann::json& detail, const Ticket& t,
                std::initializer_list<std::string_view> names);

} // namespace itsm::desk::detail
