#include <itsm/core/error.hpp>
#include <itsm/store/read_only.hpp>

#include <fmt/format.h>
#include <sqlite3.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace itsm::store {

namespace fs = std::filesystem;

namespace {

// "file:" URI of `path`, with the characters a URI gives a meaning to escaped.
std::string file_uri(const fs::path& path) {
    std::string uri = "file:";
    for (const char c : path.string()) {
        if (c == '%' || c == '?' || c == '#') {
            uri += fmt::format("%{:02X}", static_cast<unsigned char>(c));
        } else {
            uri += c;
        }
    }
    return uri;
}

} // namespace

bool shm_unavailable(SQLite::Database& db) {
    try {
        db.execAndGet("PRAGMA user_version");
        return false;
    } catch (const SQLite::Exception& e) {
        if (e.getErrorCode() == SQLITE_CANTOPEN) {
            return true;
        }
        throw;
    }
}

std::unique_ptr<SQLite::Database> open_immutable(const fs::path& path) {
    if (::access(path.c_str(), R_OK) != 0) {
        const int error = errno;
        throw StoreError(fmt::format("cannot read the store {}: {}; check the file's permissions",
                                     path.string(), std::strerror(error)));
    }
    std::error_code ec;
    const auto wal = fs::path(path.string() + "-wal");
    const auto wal_size = fs::file_size(wal, ec);
    if (!ec && wal_size > 0) {
        throw StoreError(fmt::format(
            "cannot read the store {}: the changes in its write-ahead log {} can only be read "
            "with {}-shm, which cannot be created in its folder; copy the store and its -wal file "
            "to a folder you can write and read them there",
            path.string(), wal.string(), path.string()));
    }
    const fs::path folder = path.has_parent_path() ? path.parent_path() : fs::path(".");
    struct statvfs media {};
    if (::statvfs(folder.c_str(), &media) != 0 || (media.f_flag & ST_RDONLY) == 0) {
        // A folder this user cannot write on writable media: another user may write the store
        // meanwhile, which an immutable reading would not see coming.
        throw StoreError(fmt::format(
            "cannot read the store {}: SQLite cannot create its shared-memory file {}-shm in {}; "
            "give this user write access to the folder, or read a copy of the store",
            path.string(), path.string(), folder.string()));
    }
    // On read-only media with no log to apply, the file alone is the whole store and nothing
    // can change it while it is read, as immutable promises SQLite.
    return std::make_unique<SQLite::Database>(file_uri(path) + "?immutable=1",
                                              SQLite::OPEN_READONLY | SQLite::OPEN_URI |
                                                  SQLite::OPEN_NOMUTEX);
}

} // namespace itsm::store
