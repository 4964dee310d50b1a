#include <itsm/core/error.hpp>
#include <itsm/transfer/sql.hpp>
#include <itsm/transfer/text_index.hpp>

#include <fmt/format.h>

#include <array>
#include <string_view>
#include <system_error>
#include <vector>

#include <unistd.h>

namespace itsm::transfer {

namespace {

constexpr std::string_view k_schema = "itsm_text_side";
// FTS5's shadow tables that hold the index and its documents; ticket_text_config keeps the
// format version, the same on both sides.
constexpr std::array<std::string_view, 4> k_shadow_tables{
    "ticket_text_data", "ticket_text_idx", "ticket_text_content", "ticket_text_docsize"};

void exec(sqlite3* db, const std::string& sql) {
    char* message = nullptr;
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        SqlError e{sqlite3_extended_errcode(db), message ? message : sqlite3_errmsg(db)};
        sqlite3_free(message);
        throw e;
    }
}

} // namespace

struct SideTextIndex::Statements {
    explicit Statements(sqlite3* db)
        : insert(db, "INSERT INTO ticket_text (rowid, title, description, notes, resolution) "
                     "VALUES (?1, ?2, ?3, ?4, ?5)"),
          note_text(db, "SELECT json_extract(?1, '$.text')") {}
    Statement insert;
    Statement note_text;
};

SideTextIndex::SideTextIndex(const std::filesystem::path& store_path,
                             const std::string& create_sql) {
    std::string name = store_path.string() + ".text-XXXXXX";
    const int fd = ::mkstemp(name.data());
    if (fd < 0) {
        throw StoreError(fmt::format("cannot create a scratch file beside {} for the import: {}",
                                     store_path.string(),
                                     std::error_code(errno, std::generic_category()).message()));
    }
    ::close(fd);
    m_path = name;
    try {
        if (sqlite3_open_v2(name.c_str(), &m_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                            nullptr) != SQLITE_OK) {
            throw SqlError{sqlite3_extended_errcode(m_db), sqlite3_errmsg(m_db)};
        }
        // Scratch: nothing to recover if the import stops, so no journal and no syncs.
        exec(m_db, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-65536");
        exec(m_db, create_sql);
        exec(m_db, "BEGIN");
        m_statements = std::make_unique<Statements>(m_db);
    } catch (...) {
        release();
        throw;
    }
}

SideTextIndex::~SideTextIndex() {
    release();
}

void SideTextIndex::release() {
    if (m_attached_to != nullptr) {
        if (sqlite3_get_autocommit(m_attached_to) == 0) {
            sqlite3_exec(m_attached_to, "ROLLBACK", nullptr, nullptr, nullptr);
        }
        sqlite3_exec(m_attached_to, fmt::format("DETACH {}", k_schema).c_str(), nullptr, nullptr,
                     nullptr);
        m_attached_to = nullptr;
    }
    m_statements.reset();
    sqlite3_close(m_db);
    m_db = nullptr;
    std::error_code ignored;
    std::filesystem::remove(m_path, ignored);
}

void SideTextIndex::add(const Row& row) {
    // The notes as store::k_text_fill joins them: the text of each note, in order, one per line.
    m_notes.clear();
    bool first = true;
    for (std::size_t k = 0; k < row.n_events; ++k) {
        const RawEvent& e = row.events[k];
        if (e.kind != "noted") {
            continue;
        }
        auto& q = m_statements->note_text;
        q.bind(1, std::string_view(e.detail));
        if (q.step() && !q.is_null(0)) {
            if (!first) {
                m_notes += '\n';
            }
            m_notes += q.text(0);
            first = false;
        }
        q.reset();
    }
    auto text = [&](std::size_t field) {
        const Slot& slot = row.fields[field];
        return slot.null ? std::string_view() : std::string_view(slot.text);
    };
    auto& insert = m_statements->insert;
    insert.bind(1, static_cast<std::int64_t>(row.fields[f_number].integer));
    insert.bind(2, text(f_title));
    insert.bind(3, text(f_description));
    insert.bind(4, std::string_view(m_notes));
    insert.bind(5, text(f_resolution));
    insert.run();
}

void SideTextIndex::finish() {
    m_statements.reset();
    exec(m_db, "COMMIT");
    sqlite3_close(m_db);
    m_db = nullptr;
}

void SideTextIndex::copy_into(sqlite3* store) {
    {
        Statement attach(store, fmt::format("ATTACH ?1 AS {}", k_schema));
        attach.bind(1, std::string_view(m_path.native()));
        attach.run();
    }
    m_attached_to = store;
    for (const auto table : k_shadow_tables) {
        exec(store, fmt::format("DELETE FROM main.{0}; INSERT INTO main.{0} SELECT * FROM {1}.{0}",
                                table, k_schema));
    }
}

} // namespace itsm::transfer
