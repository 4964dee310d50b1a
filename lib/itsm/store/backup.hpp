#pragma once
// A consistent copy of a live store, made with SQLite's online backup API.

#include <filesystem>

namespace itsm::store {

class Store;

/// Copies `store` to `to` from one snapshot while other processes keep writing. The copy is
/// written beside `to` and renamed over it only when complete; an existing `to` is an error
/// (UsageError) unless `force`. Returns the number of pages copied.
long long backup(Store& store, const std::filesystem::path& to, bool force);

} // namespace itsm::store
