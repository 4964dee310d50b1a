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

constexpr std::string_view k_search = "full-text search";
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

std::vector<TextHit> TextIndex::match(const TextQuery&, bool, long long) {
    throw unsupported(k_search);
}

long long TextIndex::rebuild(const std::vector<std::string>&) {
    throw unsupported(k_search);
}

void TextIndex::recreate(const std::vector<std::string>& languages) {
    std::string joined;
    for (const auto& l : languages) {
        joined += (joined.empty() ? "" : " ") + l;
    }
    m_db.run("INSERT INTO itsm_meta (key, value) VALUES ('index_languages', $1) "
             "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
             {joined});
}

std::vector<std::string> TextIndex::languages() {
    const Result r = m_db.run("SELECT value FROM itsm_meta WHERE key = 'index_languages'");
    if (r.rows() == 0) {
        return {"english"}; // as the file store's index before a reindex
    }
    std::vector<std::string> out;
    std::string_view rest = r.text(0, 0);
    while (!rest.empty()) {
        const auto space = rest.find(' ');
        out.emplace_back(rest.substr(0, space));
        rest = space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
    }
    return out;
}

bool TextIndex::has_tickets() {
    return m_db.run("SELECT EXISTS (SELECT 1 FROM tickets)").text(0, 0) == "t";
}

} // namespace itsm::store::postgres
