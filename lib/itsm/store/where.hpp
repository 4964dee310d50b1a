#pragma once
// The WHERE clause of a Filter (store.hpp), written once for every store: its values are bound
// as parameters, never concatenated.

#include <itsm/store/store.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace itsm::store {

/// How a store's SQL names a parameter.
enum class Placeholders {
    question, // ?, ?, ... (SQLite)
    numbered, // $1, $2, ... (PostgreSQL)
};

/// The columns of a ticket's head (Part::head), in the order both stores read them.
inline constexpr const char* k_head_columns =
    "number, type, status, title, priority, service, grp, assignee, opened_at";

/// Every column of a ticket, its head's first: a whole ticket's reader reads the head, then the
/// rest from column 9. The position of each is its parameter's in the stores' INSERT and UPDATE.
inline constexpr const char* k_ticket_columns =
    "number, type, status, title, priority, service, grp, assignee, opened_at, description, "
    "requester, email, org, channel, responded_at, resolved_at, closed_at, updated_at, tier, "
    "escalation_level, resolution, resolution_code, satisfaction, comment, hold_reason";
static_assert(std::string_view(k_ticket_columns).starts_with(k_head_columns));

/// " WHERE ..." (or nothing) and the values of its parameters, in order.
struct Where {
    std::string sql;
    std::vector<std::variant<std::string, std::int64_t>> values;
};

/// The clause choosing the tickets of `filter`; `prefix` qualifies the columns ("t.").
Where where_of(const Filter& filter, const std::string& prefix, Placeholders placeholders);

} // namespace itsm::store
