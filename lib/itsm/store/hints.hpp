#pragma once
// What a store can suggest to shell completion: ticket numbers (open ones first) and the
// distinct groups, assignees and services its tickets use.

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

/// Up to `limit` tickets: the open ones first, then the resolved and closed ones, newest first
/// within each part.
std::vector<TicketHint> ticket_hints(Store& store, std::size_t limit);

/// A ticket field whose values repeat across tickets.
enum class Field { group, assignee, service };

/// The distinct non-empty values of `field` among the latest 20,000 tickets, most used first,
/// at most `limit`.
std::vector<std::string> field_hints(Store& store, Field field, std::size_t limit);

} // namespace itsm::store
