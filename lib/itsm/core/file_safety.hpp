#pragma once
// Files where another user may plant links (docs/security.md, "Files and links"): new files are
// created exclusively under a random name, folders without group or world access, and a link
// another user planted in a sticky world-writable folder is not followed.

#include <sys/types.h>

#include <expected>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

namespace itsm::core {

/// A file made by create_exclusive: its open descriptor (the caller closes it) and its path.
struct NewFile {
    int fd = -1;
    std::filesystem::path path;
};

/// Creates `folder`/PREFIX RANDOM SUFFIX (RANDOM: 16 hex digits from the kernel's generator)
/// write-only with O_CREAT|O_EXCL|O_NOFOLLOW, so never an existing file or a planted link, with
/// `mode` less the umask. The error says why it could not.
std::expected<NewFile, std::error_code> create_exclusive(const std::filesystem::path& folder,
                                                         std::string_view prefix,
                                                         std::string_view suffix, mode_t mode);

/// Creates `path` as an empty file readable and writable by its owner only (0600) whatever the
/// umask, when nothing is there (not even a link); does nothing when something is. The error
/// says why it could not.
std::error_code create_private_file(const std::filesystem::path& path);

/// What others than the owner may do with the file at `path`, when every user may read or write
/// it: "every user may read it (mode 0644)"; nullopt when not, or when it cannot be read.
std::optional<std::string> open_to_everyone(const std::filesystem::path& path);

/// Creates `folder` and the missing folders above it with mode 0700 whatever the umask; folders
/// that exist are left as they are.
std::error_code make_private_folders(const std::filesystem::path& folder);

/// When the last component of `path` is a symbolic link that the kernel's fs.protected_symlinks
/// refuses to follow (a sticky world-writable folder, the link owned by neither this process's
/// user nor the folder's owner), what it is: "a symbolic link owned by nobody (uid 65534) in
/// the sticky world-writable folder /tmp"; nullopt otherwise.
std::optional<std::string> foreign_link(const std::filesystem::path& path);

} // namespace itsm::core
