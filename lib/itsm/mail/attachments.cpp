#include <itsm/mail/attachments.hpp>

namespace itsm::mail {

std::vector<StoredFile> attachments_of(store::Store& store, long long ticket) {
    return store.mailbox().attachments_of(ticket);
}

std::optional<std::pair<StoredFile, std::string>> attachment(store::Store& store, long long id) {
    return store.mailbox().attachment(id);
}

} // namespace itsm::mail
