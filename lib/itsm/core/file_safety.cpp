#include <itsm/core/file_safety.hpp>

#include <fmt/format.h>

#include <cerrno>
#include <cstdint>
#include <fcntl.h>
#include <pwd.h>
#include <random>
#include <sys/stat.h>
#include <unistd.h>

namespace itsm::core {

namespace fs = std::filesystem;

namespace {

// 16 hex digits nobody can predict (std::random_device reads the kernel's generator).
std::string random_hex() {
    std::random_device device;
    const std::uint64_t value = (std::uint64_t{device()} << 32) | device();
    return fmt::format("{:016x}", value);
}

std::string user_name(uid_t uid) {
    const passwd* entry = ::getpwuid(uid);
    return entry != nullptr ? fmt::format("{} (uid {})", entry->pw_name, uid)
                            : fmt::format("uid {}", uid);
}

} // namespace

std::expected<NewFile, std::error_code> create_exclusive(const fs::path& folder,
                                                         std::string_view prefix,
                                                         std::string_view suffix, mode_t mode) {
    for (int tries = 0;; ++tries) {
        fs::path path = folder / fmt::format("{}{}{}", prefix, random_hex(), suffix);
        const int fd =
            ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
        if (fd >= 0) {
            return NewFile{fd, std::move(path)};
        }
        if (errno != EEXIST || tries == 8) {
            return std::unexpected(std::error_code(errno, std::generic_category()));
        }
    }
}

std::error_code create_private_file(const fs::path& path) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        return errno == EEXIST ? std::error_code()
                               : std::error_code(errno, std::generic_category());
    }
    // The umask can only take bits away; this puts back whatever it took from the owner.
    const int failed = ::fchmod(fd, 0600) != 0 ? errno : 0;
    ::close(fd);
    return failed != 0 ? std::error_code(failed, std::generic_category()) : std::error_code();
}

std::optional<std::string> open_to_everyone(const fs::path& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0 || (st.st_mode & (S_IROTH | S_IWOTH)) == 0) {
        return std::nullopt;
    }
    const char* may = (st.st_mode & S_IWOTH) != 0
                          ? ((st.st_mode & S_IROTH) != 0 ? "read and write" : "write")
                          : "read";
    return fmt::format("every user may {} it (mode {:04o})", may, st.st_mode & 07777);
}

std::error_code make_private_folders(const fs::path& folder) {
    std::error_code ec;
    if (folder.empty() || fs::is_directory(folder, ec)) {
        return {};
    }
    if (const auto parent = folder.parent_path(); parent != folder) {
        if (auto failed = make_private_folders(parent)) {
            return failed;
        }
    }
    if (::mkdir(folder.c_str(), 0700) != 0 && errno != EEXIST) {
        return {errno, std::generic_category()};
    }
    return {};
}

std::optional<std::string> foreign_link(const fs::path& path) {
    struct stat link {};
    if (::lstat(path.c_str(), &link) != 0 || !S_ISLNK(link.st_mode) || link.st_uid == ::geteuid()) {
        return std::nullopt;
    }
    const fs::path parent = path.has_parent_path() ? path.parent_path() : fs::path(".");
    struct stat folder {};
    if (::stat(parent.c_str(), &folder) != 0) {
        return std::nullopt;
    }
    const bool sticky_world_writable =
        (folder.st_mode & S_ISVTX) != 0 && (folder.st_mode & S_IWOTH) != 0;
    if (!sticky_world_writable || link.st_uid == folder.st_uid) {
        return std::nullopt;
    }
    return fmt::format("a symbolic link owned by {} in the sticky world-writable folder {}",
                       user_name(link.st_uid), parent.string());
}

} // namespace itsm::core
