#include <itsm/mail/attachments.hpp>

#include <SQLiteCpp/SQLiteCpp.h>

namespace itsm::mail {

namespace {

StoredFile stored_file(SQLite::Statement& q) {
    return {q.getColumn(0).getInt64(), q.getColumn(1).getInt64(), q.getColumn(2).getString(),
            q.getColumn(3).getString(), q.getColumn(4).getInt64()};
}

} // namespace

std::vector<StoredFile> attachments_of(store::Store& store, long long ticket) {
    std::vector<StoredFile> files;
    if (!store.db().tableExists("attachments")) {
        return files; // a store read before its migration
    }
    SQLite::Statement q(store.db(), "SELECT id, ticket, filename, content_type, size FROM "
                                    "attachments WHERE ticket = ? ORDER BY id");
    q.bind(1, static_cast<int64_t>(ticket));
    while (q.executeStep()) {
        files.push_back(stored_file(q));
    }
    return files;
}

std::optional<std::pair<StoredFile, std::string>> attachment(store::Store& store, long long id) {
    if (!store.db().tableExists("attachments")) {
        return std::nullopt;
    }
    SQLite::Statement q(store.db(), "SELECT id, ticket, filename, content_type, size, data FROM "
                                    "attachments WHERE id = ?");
    q.bind(1, static_cast<int64_t>(id));
    if (!q.executeStep()) {
        return std::nullopt;
    }
    const auto data = q.getColumn(5);
    return std::pair{stored_file(q), std::string(static_cast<const char*>(data.getBlob()),
                                                 static_cast<std::size_t>(data.getBytes()))};
}

} // namespace itsm::mail
