#include <itsm/store/schema.hpp>
#include <itsm/store/sqlite/search.hpp>
#include <itsm/store/stemmer.hpp>

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>

namespace itsm::store::sqlite {

namespace {

// Column weights of bm25: a word in the title counts most, then the resolution.
constexpr std::string_view k_rank = "bm25(ticket_text, 10.0, 4.0, 2.0, 6.0)";

std::vector<TextHit> run_match(SQLite::Database& db, const TextQuery& query, bool exact,
                               long long limit) {
    std::string sql = fmt::format("SELECT t.number, t.type, t.title, t.status, t.resolution, "
                                  "snippet(ticket_text, -1, ?1, ?2, '…', 16), {} AS rank "
                                  "FROM ticket_text JOIN tickets t ON t.number = ticket_text.rowid "
                                  "WHERE ticket_text MATCH ?3 AND t.number != ?4",
                                  k_rank);
    if (!query.statuses.empty()) {
        sql += " AND t.status IN (";
        for (std::size_t i = 0; i < query.statuses.size(); ++i) {
            sql += fmt::format("{}?{}", i == 0 ? "" : ", ", i + 6);
        }
        sql += ")";
    }
    sql += " ORDER BY rank, t.number DESC LIMIT ?5";
    std::vector<TextHit> hits;
    // The tokenizer reads the query as the statement runs; it is left stemming, as documents
    // are always indexed.
    struct Mode {
        sqlite3* db;
        ~Mode() { set_exact_queries(db, false); }
    } mode{db.getHandle()};
    set_exact_queries(mode.db, exact);
    SQLite::Statement q(db, sql);
    q.bind(1, query.mark_open);
    q.bind(2, query.mark_close);
    q.bind(3, query.text);
    q.bind(4, static_cast<int64_t>(query.exclude));
    q.bind(5, static_cast<int64_t>(limit));
    for (std::size_t i = 0; i < query.statuses.size(); ++i) {
        q.bind(static_cast<int>(i + 6), model::to_string(query.statuses[i]));
    }
    while (q.executeStep()) {
        TextHit h;
        h.ticket.number = q.getColumn(0).getInt64();
        h.ticket.type =
            model::parse_type(q.getColumn(1).getString()).value_or(model::Type::incident);
        h.ticket.title = q.getColumn(2).getString();
        h.ticket.status =
            model::parse_status(q.getColumn(3).getString()).value_or(model::Status::new_);
        h.ticket.resolution = q.getColumn(4).getString();
        h.snippet = q.getColumn(5).getString();
        h.score = -q.getColumn(6).getDouble();
        hits.push_back(std::move(h));
    }
    return hits;
}

} // namespace

std::vector<TextHit> TextIndex::match(const TextQuery& query, bool exact, long long limit) {
    try {
        return run_match(m_db, query, exact, limit);
    } catch (const SQLite::Exception& e) {
        std::string why = e.what();
        if (why.starts_with("fts5: ")) {
            why.erase(0, 6);
        }
        throw QuerySyntaxError(why);
    }
}

long long TextIndex::rebuild(const std::vector<std::string>& languages) {
    // Made again rather than emptied: the languages are part of the table's definition.
    recreate(languages);
    m_db.exec(std::string(k_text_fill));
    m_db.exec("INSERT INTO ticket_text (ticket_text) VALUES ('optimize')");
    return m_db.execAndGet("SELECT count(*) FROM ticket_text").getInt64();
}

void TextIndex::recreate(const std::vector<std::string>& languages) {
    m_db.exec("DROP TABLE ticket_text");
    m_db.exec(text_table_sql(languages));
}

std::vector<std::string> TextIndex::languages() {
    return index_languages(m_db);
}

bool TextIndex::has_tickets() {
    return m_db.execAndGet("SELECT EXISTS (SELECT 1 FROM tickets)").getInt() != 0;
}

} // namespace itsm::store::sqlite
