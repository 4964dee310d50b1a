#pragma once
// Instants in the SQLite store's columns: seconds since the epoch, NULL for none. Internal to
// lib/itsm/store.

#include <itsm/store/rows.hpp>
#include <itsm/time/instant.hpp>

#include <SQLiteCpp/SQLiteCpp.h>

#include <cstdint>
#include <optional>

namespace itsm::store::sqlite {

/// An instant as the store's columns hold it.
inline std::int64_t epoch(time::Instant t) {
    return static_cast<std::int64_t>(time::to_epoch(t));
}

/// Binds `t`, or NULL for nullopt.
inline void bind_optional(SQLite::Statement& q, int index, const std::optional<time::Instant>& t) {
    if (t) {
        q.bind(index, epoch(*t));
    } else {
        q.bind(index);
    }
}

/// An instant stored as seconds since the epoch, or nullopt for NULL.
inline std::optional<time::Instant> optional_instant(const SQLite::Column& c) {
    if (c.isNull()) {
        return std::nullopt;
    }
    return time::from_epoch(c.getInt64());
}

/// The same for column `col` of a Rows statement's current row.
inline std::optional<time::Instant> optional_instant(const Rows& q, int col) {
    if (const auto seconds = q.optional_integer(col)) {
        return time::from_epoch(*seconds);
    }
    return std::nullopt;
}

} // namespace itsm::store::sqlite
