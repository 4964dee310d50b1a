#pragma once
// The SQLite store's full-text index (store/search.hpp): FTS5 with the store's stemming
// tokenizer (store/stemmer.hpp).

#include <itsm/store/search.hpp>

namespace SQLite {
class Database;
}

namespace itsm::store::sqlite {

class TextIndex final : public store::TextIndex {
public:
    explicit TextIndex(SQLite::Database& db) : m_db(db) {}
    std::vector<TextHit> match(const TextQuery& query, bool exact, long long limit) override;
    long long rebuild(const std::vector<std::string>& languages) override;
    void recreate(const std::vector<std::string>& languages) override;
    std::vector<std::string> languages() override;
    bool has_tickets() override;

private:
    SQLite::Database& m_db;
};

} // namespace itsm::store::sqlite
