// lib/itsm/store/stemmer: the full-text tokenizer on a connection of its own: words and their
// Snowball stems at the same position, queries by stem or as written, the languages recorded.
#include <itsm/store/stemmer.hpp>

#include <SQLiteCpp/SQLiteCpp.h>
#include <doctest/doctest.h>
#include <libstemmer.h>

#include <algorithm>
#include <string>
#include <vector>

using namespace itsm;

namespace {

struct Index {
    SQLite::Database db{":memory:", SQLite::OPEN_READWRITE};

    explicit Index(const std::vector<std::string>& languages) {
        store::register_stem_tokenizer(db.getHandle());
        db.exec(store::text_table_sql(languages));
        db.exec("INSERT INTO ticket_text (rowid, title, description, notes, resolution) VALUES "
                "(1, 'Принтер не печатает', 'бумага в лотке принтера', '', ''), "
                "(2, 'Printers offline', '', '', ''), "
                "(3, 'printer', '', '', '')");
    }

    std::vector<long long> match(const std::string& query, bool exact) {
        store::set_exact_queries(db.getHandle(), exact);
        SQLite::Statement q(db, "SELECT rowid FROM ticket_text WHERE ticket_text MATCH ?1 "
                                "ORDER BY rowid");
        q.bind(1, query);
        std::vector<long long> out;
        while (q.executeStep()) {
            out.push_back(q.getColumn(0).getInt64());
        }
        store::set_exact_queries(db.getHandle(), false);
        return out;
    }
};

} // namespace

TEST_CASE("stem tokenizer: word families by stem, exact words as written") {
    Index index({"english", "russian"});
    CHECK(index.match("принтеры", false) == std::vector<long long>{1});
    CHECK(index.match("принтеры", true).empty());
    CHECK(index.match("принтера", true) == std::vector<long long>{1});
    CHECK(index.match("printers", false) == std::vector<long long>{2, 3});
    CHECK(index.match("printers", true) == std::vector<long long>{2});
    CHECK(index.match("\"лотке принтеров\"", false) == std::vector<long long>{1});
    CHECK(index.match("\"лотке принтеров\"", true).empty());
    CHECK(index.match("NEAR(печатать принтеры)", false) == std::vector<long long>{1});
    CHECK(index.match("print*", false) == std::vector<long long>{2, 3});
    CHECK(index.match("title:принтеру", false) == std::vector<long long>{1});
    CHECK(index.match("description:принтер", true).empty());
}

TEST_CASE("stem tokenizer: English alone leaves Russian words as they are") {
    Index index({"english"});
    CHECK(index.match("принтеры", false).empty());
    CHECK(index.match("принтер", false) == std::vector<long long>{1});
    CHECK(index.match("printers", false) == std::vector<long long>{2, 3});
}

TEST_CASE("stem tokenizer: a stem is never taken for a word") {
    Index index({"english"});
    // "printer" is both a word (ticket 3) and the stem of "printers" (ticket 2): as written it
    // finds only the word.
    CHECK(index.match("printer", true) == std::vector<long long>{3});
    // Nor is the stem of "offline" ("offlin") a word of the index.
    CHECK(index.match("offlin", true).empty());
}

TEST_CASE("stem tokenizer: the languages are those of the table's CREATE statement") {
    Index both({"english", "russian"});
    CHECK(store::index_languages(both.db) == std::vector<std::string>{"english", "russian"});
    SQLite::Database none(":memory:", SQLite::OPEN_READWRITE);
    CHECK(store::index_languages(none).empty());
}

TEST_CASE("stem tokenizer: an unknown language is refused when the table is made") {
    SQLite::Database db(":memory:", SQLite::OPEN_READWRITE);
    store::register_stem_tokenizer(db.getHandle());
    CHECK_THROWS_AS(db.exec(store::text_table_sql({"klingon"})), SQLite::Exception);
}

TEST_CASE("stem tokenizer: without it, the table cannot be read") {
    Index index({"english"});
    SQLite::Database other(":memory:", SQLite::OPEN_READWRITE);
    CHECK_THROWS_AS(other.exec(store::text_table_sql({"english"})), SQLite::Exception);
}

TEST_CASE("stem tokenizer: stems stay right past the words it keeps") {
    // More distinct words than the tokenizer keeps the stems of, so that it lets them go once
    // at least, and a word with digits in each row, which it stems each time: every row's
    // stems must still be those Snowball gives.
    constexpr int rows = 70'000;
    auto word = [](int i) {
        const bool even = i % 2 == 0;
        std::string w = "x";
        for (int k = 0; k < 4; ++k, i /= 26) {
            w += static_cast<char>('a' + i % 26);
        }
        return w + (even ? "ings" : "ed");
    };
    SQLite::Database db(":memory:", SQLite::OPEN_READWRITE);
    store::register_stem_tokenizer(db.getHandle());
    db.exec(store::text_table_sql({"english"}));
    db.exec("CREATE VIRTUAL TABLE terms USING fts5vocab(ticket_text, instance)");
    {
        SQLite::Transaction t(db);
        SQLite::Statement insert(db, "INSERT INTO ticket_text (rowid, title, description, notes, "
                                     "resolution) VALUES (?1, ?2, '', '', '')");
        for (int i = 1; i <= rows; ++i) {
            insert.bind(1, i);
            insert.bind(2, "printers " + word(i) + " v" + std::to_string(i) + "ers");
            insert.exec();
            insert.reset();
        }
        t.commit();
    }
    sb_stemmer* english = sb_stemmer_new("english", "UTF_8");
    REQUIRE(english != nullptr);
    auto stem = [&](const std::string& w) {
        const sb_symbol* s = sb_stemmer_stem(english, reinterpret_cast<const sb_symbol*>(w.data()),
                                             static_cast<int>(w.size()));
        return std::string("\x01") +
               std::string(reinterpret_cast<const char*>(s),
                           static_cast<std::size_t>(sb_stemmer_length(english)));
    };
    const std::string printer = stem("printers");
    SQLite::Statement q(db, "SELECT doc, group_concat(term, ' ') FROM (SELECT doc, term FROM "
                            "terms WHERE term >= char(1) AND term < char(2) ORDER BY doc, term) "
                            "GROUP BY doc ORDER BY doc");
    int seen = 0;
    int wrong = 0;
    while (q.executeStep()) {
        const int doc = q.getColumn(0).getInt();
        std::vector<std::string> expected{printer, stem(word(doc)),
                                          stem("v" + std::to_string(doc) + "ers")};
        std::sort(expected.begin(), expected.end());
        expected.erase(std::unique(expected.begin(), expected.end()), expected.end());
        std::string want;
        for (const auto& e : expected) {
            want += (want.empty() ? "" : " ") + e;
        }
        wrong += q.getColumn(1).getString() != want ? 1 : 0;
        ++seen;
    }
    sb_stemmer_delete(english);
    CHECK(seen == rows);
    CHECK(wrong == 0);
}
