#include <itsm/core/error.hpp>
#include <itsm/store/stemmer.hpp>

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>
#include <libstemmer.h>

#include <algorithm>
#include <array>
#include <memory>
#include <string_view>
#include <unordered_map>

namespace itsm::store {

namespace {

// A stem is indexed with this byte in front: unicode61 never makes a word of a control
// character, so a stem cannot be mistaken for a word that happens to be written the same.
constexpr char k_stem_mark = '\x01';

// What the tokenizer shares with the connection it is registered on.
struct StemConnection {
    fts5_api* api = nullptr;
    bool exact = false; // queries match the words as written, not their stems
};

struct WordHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view word) const {
        return std::hash<std::string_view>{}(word);
    }
};

// A word's stems, marked, each once, as the tokenizer emits them after the word.
using Stems = std::vector<std::string>;

// One tokenizer, as FTS5 creates it for a table: unicode61 inside, a stemmer per language.
// The stems of the words met are kept: a desk writes the same few thousand words again and
// again, and the stemmers took over a quarter of the indexing of an import
// (docs/performance.md).
struct StemTokenizer {
    StemConnection* connection = nullptr;
    fts5_tokenizer words{};
    Fts5Tokenizer* inner = nullptr;
    std::vector<sb_stemmer*> stemmers;
    std::unordered_map<std::string, Stems, WordHash, std::equal_to<>> known;
    Stems scratch; // the stems of a word not kept
    // Past this many words the kept stems are let go, so that an index of many rare words
    // (names, misspellings) does not keep growing in memory.
    static constexpr std::size_t k_known_words = 1U << 16;

    const Stems* stems_of(std::string_view word) {
        // A word with a digit (a ticket's number, an address, a code) is seldom met twice:
        // keeping it would cost more than stemming it again.
        const bool keep = word.find_first_of("0123456789") == std::string_view::npos;
        if (keep) {
            if (const auto it = known.find(word); it != known.end()) {
                return &it->second;
            }
        }
        scratch.clear();
        for (auto* stemmer : stemmers) {
            const sb_symbol* stem =
                sb_stemmer_stem(stemmer, reinterpret_cast<const sb_symbol*>(word.data()),
                                static_cast<int>(word.size()));
            if (stem == nullptr) {
                return nullptr;
            }
            std::string marked(1, k_stem_mark);
            marked.append(reinterpret_cast<const char*>(stem),
                          static_cast<std::size_t>(sb_stemmer_length(stemmer)));
            if (std::find(scratch.begin(), scratch.end(), marked) == scratch.end()) {
                scratch.push_back(std::move(marked));
            }
        }
        if (!keep) {
            return &scratch;
        }
        if (known.size() >= k_known_words) {
            known.clear();
        }
        return &known.emplace(word, scratch).first->second;
    }

    ~StemTokenizer() {
        for (auto* s : stemmers) {
            sb_stemmer_delete(s);
        }
        if (inner != nullptr) {
            words.xDelete(inner);
        }
    }
};

// One call of xTokenize: what unicode61's words are passed on to.
struct StemPass {
    StemTokenizer& tokenizer;
    void* context;
    int (*emit)(void*, int, const char*, int, int, int);
    bool words; // pass the word itself on
    bool stems; // and its stems, at the same position
};

fts5_api* fts5_of(sqlite3* db) {
    fts5_api* api = nullptr;
    sqlite3_stmt* q = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &q, nullptr) == SQLITE_OK) {
        sqlite3_bind_pointer(q, 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
        sqlite3_step(q);
    }
    sqlite3_finalize(q);
    return api;
}

void stem_delete(Fts5Tokenizer* tokenizer) {
    delete reinterpret_cast<StemTokenizer*>(tokenizer);
}

int stem_create(void* user, const char** args, int count, Fts5Tokenizer** out) {
    auto t = std::make_unique<StemTokenizer>();
    t->connection = static_cast<StemConnection*>(user);
    fts5_api* api = t->connection->api;
    void* words_user = nullptr;
    int rc = api->xFindTokenizer(api, "unicode61", &words_user, &t->words);
    if (rc != SQLITE_OK) {
        return rc;
    }
    std::array<const char*, 2> options{"remove_diacritics", "2"};
    rc = t->words.xCreate(words_user, options.data(), 2, &t->inner);
    if (rc != SQLITE_OK) {
        return rc;
    }
    for (int i = 0; i < count; ++i) {
        sb_stemmer* stemmer = sb_stemmer_new(args[i], "UTF_8");
        if (stemmer == nullptr) {
            return SQLITE_ERROR;
        }
        t->stemmers.push_back(stemmer);
    }
    *out = reinterpret_cast<Fts5Tokenizer*>(t.release());
    return SQLITE_OK;
}

int stem_word(void* user, int flags, const char* word, int size, int start, int end) {
    auto& pass = *static_cast<StemPass*>(user);
    int colocated = flags & FTS5_TOKEN_COLOCATED;
    if (pass.words) {
        if (const int rc = pass.emit(pass.context, colocated, word, size, start, end);
            rc != SQLITE_OK) {
            return rc;
        }
        colocated = FTS5_TOKEN_COLOCATED;
    }
    if (!pass.stems) {
        return SQLITE_OK;
    }
    const Stems* stems =
        pass.tokenizer.stems_of(std::string_view(word, static_cast<std::size_t>(size)));
    if (stems == nullptr) {
        return SQLITE_NOMEM;
    }
    for (const auto& marked : *stems) {
        if (const int rc = pass.emit(pass.context, colocated, marked.data(),
                                     static_cast<int>(marked.size()), start, end);
            rc != SQLITE_OK) {
            return rc;
        }
        colocated = FTS5_TOKEN_COLOCATED;
    }
    return SQLITE_OK;
}

// A document is indexed with every word and its stems. A query looks for the stems alone, or,
// set exact, for the words as written; a prefix (`print*`) is always a prefix of words. The
// auxiliary functions (snippet) count positions only, so they get the words alone.
int stem_tokenize(Fts5Tokenizer* tokenizer, void* context, int flags, const char* text, int size,
                  int (*emit)(void*, int, const char*, int, int, int)) {
    auto& t = *reinterpret_cast<StemTokenizer*>(tokenizer);
    const bool query = (flags & FTS5_TOKENIZE_QUERY) != 0;
    const bool prefix = (flags & FTS5_TOKENIZE_PREFIX) != 0;
    const bool aux = (flags & FTS5_TOKENIZE_AUX) != 0;
    const bool stems = !aux && !prefix && !(query && t.connection->exact);
    StemPass pass{t, context, emit, !query || !stems, stems};
    return t.words.xTokenize(t.inner, &pass, flags, text, size, stem_word);
}

StemConnection* connection_of(sqlite3* db) {
    fts5_api* api = fts5_of(db);
    void* user = nullptr;
    fts5_tokenizer tokenizer{};
    if (api == nullptr ||
        api->xFindTokenizer(api, k_stem_tokenizer.data(), &user, &tokenizer) != SQLITE_OK) {
        return nullptr;
    }
    return static_cast<StemConnection*>(user);
}

} // namespace

void register_stem_tokenizer(sqlite3* db) {
    auto connection = std::make_unique<StemConnection>();
    connection->api = fts5_of(db);
    if (connection->api == nullptr) {
        throw StoreError("this SQLite library has no FTS5; itsm's full-text index needs it");
    }
    fts5_tokenizer tokenizer{stem_create, stem_delete, stem_tokenize};
    auto* user = connection.get();
    if (connection->api->xCreateTokenizer(
            connection->api, k_stem_tokenizer.data(), user, &tokenizer,
            [](void* p) { delete static_cast<StemConnection*>(p); }) != SQLITE_OK) {
        throw StoreError(
            fmt::format("cannot register the full-text tokenizer: {}", sqlite3_errmsg(db)));
    }
    connection.release(); // owned by the connection now, deleted when it closes
}

void set_exact_queries(sqlite3* db, bool exact) {
    if (auto* connection = connection_of(db)) {
        connection->exact = exact;
    }
}

std::string text_table_sql(const std::vector<std::string>& languages) {
    std::string tokenizer(k_stem_tokenizer);
    for (const auto& language : languages) {
        tokenizer += ' ' + language;
    }
    return fmt::format("CREATE VIRTUAL TABLE ticket_text USING fts5(\n"
                       "    title, description, notes, resolution, tokenize = '{}')",
                       tokenizer);
}

std::vector<std::string> index_languages(SQLite::Database& db) {
    SQLite::Statement q(db, "SELECT sql FROM sqlite_schema WHERE name = 'ticket_text'");
    std::vector<std::string> out;
    if (!q.executeStep()) {
        return out;
    }
    const std::string sql = q.getColumn(0).getString();
    const std::string start = fmt::format("tokenize = '{}", k_stem_tokenizer);
    auto at = sql.find(start);
    if (at == std::string::npos) {
        return out;
    }
    at += start.size();
    const auto end = sql.find('\'', at);
    std::string word;
    for (const char c : sql.substr(at, end - at)) {
        if (c == ' ') {
            if (!word.empty()) {
                out.push_back(std::move(word));
            }
            word.clear();
        } else {
            word += c;
        }
    }
    if (!word.empty()) {
        out.push_back(std::move(word));
    }
    return out;
}

} // namespace itsm::store
