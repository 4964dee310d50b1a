#pragma once
// The files that came with a ticket's mail (table attachments, docs/mail.md).

#include <itsm/store/store.hpp>

#include <optional>
#include <string>
#include <vector>

namespace itsm::mail {

/// One stored file, without its bytes.
struct StoredFile {
    long long id = 0;
    long long ticket = 0;
    std::string filename;
    std::string content_type;
    long long size = 0;
};

/// The files of a ticket, in the order they came.
std::vector<StoredFile> attachments_of(store::Store& store, long long ticket);

/// A file and its bytes; nullopt when there is no attachment `id`.
std::optional<std::pair<StoredFile, std::string>> attachment(store::Store& store, long long id);

} // namespace itsm::mail
