#pragma once
// What a store can suggest to shell completion (Store::ticket_hints, Store::field_hints):
// ticket numbers (open ones first) and the distinct groups, assignees and services its
// tickets use.

#include <itsm/store/store.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace itsm::store {

/// A ticket as completion shows it.
struct TicketHint {
    long long number = 0;
    model::Type type = model::Type::incident;
    model::Status status = model::Status::new_;
    std::string title;
};

/// A ticket field whose values repeat across tickets.
enum class Field { group, assignee, service };

/// How many of the latest tickets field hints are drawn from: what is in use now, and quick on
/// a store of millions.
inline constexpr std::size_t k_hint_recent_tickets = 20'000;

/// The tickets' column that holds `field`.
constexpr const char* hint_column(Field field) {
    switch (field) {
    case Field::group:
        return "grp";
    case Field::assignee:
        return "assignee";
    case Field::service:
        return "service";
    }
    return "grp";
}

} // namespace itsm::store
