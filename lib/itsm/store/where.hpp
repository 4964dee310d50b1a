#pragma once
// The WHERE clause of a Filter (store.hpp), written once for every store: its values are bound
// as parameters, never concatenated.

#include <itsm/store/store.hpp>

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace itsm::store {

/// How a store's SQL names a parameter.
enum class Placeholders {
    question, // ?, ?, ... (SQLite)
    numbered, // $1, $2, ... (PostgreSQL)
};

/// " WHERE ..." (or nothing) and the values of its parameters, in order.
struct Where {
    std::string sql;
    std::vector<std::variant<std::string, std::int64_t>> values;
};

/// The clause choosing the tickets of `filter`; `prefix` qualifies the columns ("t.").
Where where_of(const Filter& filter, const std::string& prefix, Placeholders placeholders);

} // namespace itsm::store
