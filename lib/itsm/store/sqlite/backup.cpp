#include <itsm/core/error.hpp>
#include <itsm/core/file_safety.hpp>
#include <itsm/store/sqlite/store.hpp>
#include <itsm/store/stemmer.hpp>

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>

namespace itsm::store {

namespace fs = std::filesystem;

namespace {

// The temporary copy, removed unless it was renamed into place, with the journal SQLite may
// leave beside it when the copy failed half-way (a full disk).
struct Partial {
    fs::path path;
    bool keep = false;
    ~Partial() {
        std::error_code ec;
        fs::remove(path.string() + "-journal", ec);
        if (!keep) {
            fs::remove(path, ec);
        }
    }
};

StoreError unwritable(const fs::path& folder, const std::string& why) {
    return StoreError(fmt::format("cannot write a backup into the folder {}: {}; give a folder "
                                  "you can write",
                                  folder.string(), why));
}

// Copies every page of the store into the empty file at `copy`, and checks the copy.
long long copy_pages(sqlite::Store& store, const fs::path& copy, const fs::path& to) {
    SQLite::Database target(copy.string(), SQLite::OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW);
    register_stem_tokenizer(target.getHandle()); // the copy holds the full-text table
    long long pages = 0;
    {
        std::optional<SQLite::Backup> b;
        try {
            b.emplace(target, store.db());
        } catch (const SQLite::Exception&) {
            throw StoreError(
                fmt::format("cannot back up to {}: {}", to.string(), target.getErrorMsg()));
        }
        // One step copies every page under one read transaction: a snapshot, while writers
        // carry on in the write-ahead log.
        int rc = SQLITE_OK;
        for (int tries = 0; tries < 100; ++tries) {
            try {
                rc = b->executeStep(-1);
            } catch (const SQLite::Exception& e) {
                rc = e.getErrorCode();
            }
            if (rc != SQLITE_OK && rc != SQLITE_BUSY && rc != SQLITE_LOCKED) {
                break;
            }
            sqlite3_sleep(50);
        }
        pages = b->getTotalPageCount();
        if (rc != SQLITE_DONE) {
            throw StoreError(fmt::format("the backup to {} failed: {}; nothing was written",
                                         to.string(), sqlite3_errstr(rc)));
        }
    }
    const std::string check = target.execAndGet("PRAGMA quick_check").getString();
    if (check != "ok") {
        throw StoreError(fmt::format("the backup to {} does not check out ({}); nothing was "
                                     "written",
                                     to.string(), check));
    }
    return pages;
}

} // namespace

long long sqlite::Store::backup(const fs::path& to, bool force) {
    std::error_code ec;
    if (fs::is_directory(to, ec)) {
        throw UsageError(fmt::format("{} is a folder; give the backup's file name, e.g. {}/itsm-"
                                     "backup.db",
                                     to.string(), to.string()));
    }
    if (fs::exists(fs::symlink_status(to, ec)) && !force) { // a link counts, even dangling
        throw UsageError(
            fmt::format("{} exists; give another name, or --force to replace it", to.string()));
    }
    if (fs::equivalent(to, path(), ec)) {
        throw UsageError(fmt::format("{} is the store itself; give another file", to.string()));
    }
    const fs::path folder = to.has_parent_path() ? to.parent_path() : fs::path(".");
    if (!fs::is_directory(folder, ec)) {
        throw UsageError(
            fmt::format("the folder {} does not exist; create it first", folder.string()));
    }
    if (::access(folder.c_str(), W_OK | X_OK) != 0) {
        const int error = errno;
        throw unwritable(folder, std::strerror(error));
    }
    ::umask(::umask(0) | 022);
    // The copy starts as a new empty file under a name nobody can guess, created without
    // following links; SQLite opens it refusing links too, so nothing planted beside PATH
    // receives the store (docs/security.md). Like the store, it is its owner's only (0600,
    // whatever the umask), and so are the -wal and -shm SQLite gives it.
    auto created = core::create_exclusive(folder, to.filename().string() + ".partial-", "", 0600);
    if (!created) {
        throw unwritable(folder, created.error().message());
    }
    const int mode_error = ::fchmod(created->fd, 0600) != 0 ? errno : 0;
    ::close(created->fd);
    if (mode_error != 0) {
        fs::remove(created->path, ec);
        throw unwritable(folder, std::strerror(mode_error));
    }
    Partial partial{created->path};
    long long pages = 0;
    try {
        pages = copy_pages(*this, partial.path, to);
    } catch (const SQLite::Exception& e) {
        // What SQLite cannot do here is writing the copy: the store itself was read already.
        throw unwritable(folder, e.what());
    }
    fs::rename(partial.path, to, ec);
    if (ec) {
        throw UsageError(fmt::format("cannot write {}: {}", to.string(), ec.message()));
    }
    partial.keep = true;
    return pages;
}

} // namespace itsm::store
