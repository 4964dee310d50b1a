#include <itsm/store/postgres/areas.hpp>
#include <itsm/store/postgres/connection.hpp>

#include <fmt/format.h>

namespace itsm::store::postgres {

StoreError unsupported(std::string_view what) {
    return StoreError(fmt::format("the PostgreSQL store does not support {} yet; use a file "
                                  "store for it (docs/team-store.md)",
                                  what));
}

namespace {

constexpr std::string_view k_mail = "incoming mail and attachments";

} // namespace

std::optional<SeenMail> Mailbox::seen(const std::string&) {
    throw unsupported(k_mail);
}

long long Mailbox::acknowledgements_since(const std::string&, time::Instant) {
    throw unsupported(k_mail);
}

std::string Mailbox::last_received(long long) {
    throw unsupported(k_mail);
}

void Mailbox::record(const ReceivedMail&, const std::vector<NewFile>&) {
    throw unsupported(k_mail);
}

std::vector<StoredFile> Mailbox::attachments_of(long long) {
    return {};
}

std::optional<std::pair<StoredFile, std::string>> Mailbox::attachment(long long) {
    throw unsupported(k_mail);
}

} // namespace itsm::store::postgres
