#include <itsm/model/id.hpp>
#include <itsm/store/postgres/connection.hpp>
#include <itsm/store/postgres/store.hpp>
#include <itsm/store/sqlite/store.hpp>
#include <itsm/store/store.hpp>

#include <fmt/format.h>

namespace itsm::store {

namespace fs = std::filesystem;

std::unique_ptr<Store> open(const fs::path& path, Mode mode, int busy_timeout_ms) {
    if (is_server(path.native())) {
        return std::make_unique<postgres::Store>(path.native(), mode, busy_timeout_ms);
    }
    return std::make_unique<sqlite::Store>(path, mode, busy_timeout_ms);
}

void init(const std::string& location, int busy_timeout_ms, bool roles) {
    if (is_server(location)) {
        postgres::Store::init(location, busy_timeout_ms, roles);
    } else if (roles) {
        throw UsageError(fmt::format("--roles: the store {} is a file, whose rights are its "
                                     "file's permissions; roles are a PostgreSQL store's "
                                     "(docs/security.md)",
                                     location));
    }
}

bool is_server(std::string_view location) {
    return postgres::is_uri(location);
}

StoreError busy_error(const fs::path& path, int busy_timeout_ms) {
    return StoreError(fmt::format(
        "the store {} is still locked by another process after {} ms; try again when it has "
        "finished, find it with 'fuser {}', or wait longer with ITSM_BUSY_TIMEOUT (milliseconds)",
        path.string(), busy_timeout_ms, path.string()));
}

std::optional<long long> parse_number(std::string_view id) {
    return model::parse_number(id);
}

} // namespace itsm::store
