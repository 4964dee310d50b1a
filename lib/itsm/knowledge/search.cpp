#include <itsm/core/error.hpp>
#include <itsm/knowledge/search.hpp>
#include <itsm/store/schema.hpp>
#include <itsm/store/stemmer.hpp>

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace itsm::knowledge {

namespace {

// Column weights of bm25: a word in the title counts most, then the resolution.
constexpr std::string_view k_rank = "bm25(ticket_text, 10.0, 4.0, 2.0, 6.0)";

constexpr std::array<std::string_view, 40> k_common = {
    "the", "and",  "for",  "not", "with",   "from",  "that",   "this",    "are",   "was",
    "has", "have", "but",  "can", "cannot", "can't", "does",   "doesn't", "don't", "its",
    "our", "you",  "your", "his", "her",    "they",  "them",   "when",    "after", "into",
    "all", "any",  "out",  "off", "again",  "still", "please", "will",    "there", "been"};

bool is_word_byte(char c) {
    const auto u = static_cast<unsigned char>(c);
    return u >= 0x80 || std::isalnum(u) != 0 || c == '\'';
}

} // namespace

namespace {

// One pass of a search: the words as written (exact) or by their stems, best first, at most
// `limit` (-1: no limit).
std::vector<Hit> search_pass(store::Store& store, const Query& query, bool exact, long long limit) {
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
    std::vector<Hit> hits;
    // The tokenizer reads the query as the statement runs; it is left stemming, as documents
    // are always indexed.
    struct Mode {
        sqlite3* db;
        ~Mode() { store::set_exact_queries(db, false); }
    } mode{store.db().getHandle()};
    store::set_exact_queries(mode.db, exact);
    SQLite::Statement q(store.db(), sql);
    q.bind(1, query.mark_open);
    q.bind(2, query.mark_close);
    q.bind(3, query.text);
    q.bind(4, static_cast<int64_t>(query.exclude));
    q.bind(5, static_cast<int64_t>(limit));
    for (std::size_t i = 0; i < query.statuses.size(); ++i) {
        q.bind(static_cast<int>(i + 6), model::to_string(query.statuses[i]));
    }
    while (q.executeStep()) {
        Hit h;
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

std::vector<Hit> search(store::Store& store, const Query& query) {
    if (query.text.find_first_not_of(" \t\r\n") == std::string::npos) {
        throw UsageError("the search query is empty; give words to look for, e.g. itsm search "
                         "\"printer jam\"");
    }
    const long long limit = query.limit > 0 ? query.limit : -1;
    std::vector<Hit> hits;
    std::vector<Hit> stemmed;
    try {
        // The tickets with the words as written first, then those with only their family.
        hits = search_pass(store, query, true, limit);
        stemmed = search_pass(store, query, false,
                              limit < 0 ? -1 : limit + static_cast<long long>(hits.size()));
    } catch (const SQLite::Exception& e) {
        std::string why = e.what();
        if (why.starts_with("fts5: ")) {
            why.erase(0, 6);
        }
        throw UsageError(fmt::format("search query '{}': {}; put words with punctuation in "
                                     "double quotes, e.g. '\"e-mail\" outage' (docs/knowledge.md)",
                                     query.text, why));
    }
    std::erase_if(stemmed, [&](const Hit& s) {
        return std::any_of(hits.begin(), hits.end(),
                           [&](const Hit& h) { return h.ticket.number == s.ticket.number; });
    });
    if (!hits.empty() && !stemmed.empty()) {
        // Scores fall from first to last: those of the stem-only matches are scaled below the
        // exact ones', in the same proportions.
        const double floor = hits.back().score;
        const double top = stemmed.front().score;
        if (top >= floor && top > 0) {
            for (auto& s : stemmed) {
                s.score *= floor / (2 * top);
            }
        }
    }
    for (auto& s : stemmed) {
        if (limit >= 0 && static_cast<long long>(hits.size()) >= limit) {
            break;
        }
        hits.push_back(std::move(s));
    }
    return hits;
}

std::string words_query(std::string_view text) {
    std::vector<std::string> words;
    std::size_t i = 0;
    while (i < text.size() && words.size() < 16) {
        while (i < text.size() && !is_word_byte(text[i])) {
            ++i;
        }
        std::string word;
        while (i < text.size() && is_word_byte(text[i])) {
            const auto u = static_cast<unsigned char>(text[i]);
            word += u < 0x80 ? static_cast<char>(std::tolower(u)) : text[i];
            ++i;
        }
        const bool common = std::find(k_common.begin(), k_common.end(), word) != k_common.end();
        std::erase(word, '\'');
        if (word.size() < 3 || common ||
            std::find(words.begin(), words.end(), word) != words.end()) {
            continue;
        }
        words.push_back(word);
    }
    std::string out;
    for (const auto& w : words) {
        out += (out.empty() ? "\"" : " OR \"") + w + "\"";
    }
    return out;
}

std::vector<Hit> similar(store::Store& store, const model::Ticket& ticket, long long limit) {
    const std::string text = words_query(ticket.title + "\n" + ticket.description);
    if (text.empty()) {
        return {};
    }
    Query q;
    q.text = text;
    q.statuses = {model::Status::resolved, model::Status::closed};
    q.exclude = ticket.number;
    q.limit = limit;
    return search(store, q);
}

long long reindex(store::Store& store, const std::vector<std::string>& languages) {
    auto& db = store.db();
    store.begin_write();
    // Made again rather than emptied: the languages are part of the table's definition.
    db.exec("DROP TABLE ticket_text");
    db.exec(store::text_table_sql(languages));
    db.exec(std::string(store::k_text_fill));
    db.exec("INSERT INTO ticket_text (ticket_text) VALUES ('optimize')");
    const long long count = db.execAndGet("SELECT count(*) FROM ticket_text").getInt64();
    store.commit();
    return count;
}

std::vector<std::string> index_languages(store::Store& store) {
    return store::index_languages(store.db());
}

void adopt_languages(store::Store& store, const std::vector<std::string>& languages) {
    if (index_languages(store) == languages ||
        store.db().execAndGet("SELECT EXISTS (SELECT 1 FROM tickets)").getInt() != 0) {
        return;
    }
    store.begin_write();
    // Checked again under the lock: another command may have written meanwhile.
    if (index_languages(store) != languages &&
        store.db().execAndGet("SELECT EXISTS (SELECT 1 FROM tickets)").getInt() == 0) {
        store.db().exec("DROP TABLE ticket_text");
        store.db().exec(store::text_table_sql(languages));
    }
    store.commit();
}

} // namespace itsm::knowledge
