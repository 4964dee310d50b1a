#pragma once
// The PostgreSQL store's full-text index (store/search.hpp): the table ticket_text that
// triggers keep in step (schema.hpp, version 3), searched with PostgreSQL's own full-text search
// (websearch_to_tsquery, ts_rank, ts_headline). Queries are read as docs/knowledge.md says for
// this store.

#include <itsm/store/search.hpp>

namespace itsm::store::postgres {

class Connection;

/// A search query in the form PostgreSQL reads: `web` for websearch_to_tsquery (words,
/// "phrases", OR, -word) and `prefixes` for to_tsquery ('print:*', joined by &).
struct ServerQuery {
    std::string web;
    std::string prefixes;
};

/// Translates the query syntax of docs/knowledge.md: NOT word becomes -word, AND is dropped,
/// word* a prefix. Throws QuerySyntaxError for what the server cannot search by: parentheses
/// (and NEAR), column filters (title:word), a prefix beside OR, an unclosed quote.
ServerQuery server_query(std::string_view text);

class TextIndex final : public store::TextIndex {
public:
    explicit TextIndex(Connection& db) : m_db(db) {}
    std::vector<TextHit> match(const TextQuery& query, bool exact, long long limit) override;
    long long rebuild(const std::vector<std::string>& languages) override;
    void recreate(const std::vector<std::string>& languages) override;
    std::vector<std::string> languages() override;
    bool has_tickets() override;

private:
    Connection& m_db;
};

} // namespace itsm::store::postgres
