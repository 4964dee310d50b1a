#pragma once
// The files that came with a ticket's mail (table attachments, docs/mail.md).

#include <itsm/store/mail.hpp>
#include <itsm/store/store.hpp>

#include <optional>
#include <string>
#include <vector>

namespace itsm::mail {

/// One stored file, without its bytes (store/mail.hpp).
using StoredFile = store::StoredFile;

/// The files of a ticket, in the order they came.
std::vector<StoredFile> attachments_of(store::Store& store, long long ticket);

/// A file and its bytes; nullopt when there is no attachment `id`.
std::optional<std::pair<StoredFile, std::string>> attachment(store::Store& store, long long id);

} // namespace itsm::mail
