#include <itsm/core/error.hpp>
#include <itsm/model/event.hpp>
#include <itsm/store/import_text_index.hpp>
#include <itsm/store/stemmer.hpp>

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>
#include <sqlite3.h>

#include <array>
#include <string_view>
#include <system_error>
#include <vector>

#include <sys/resource.h>
#include <unistd.h>

namespace itsm::store {

namespace {

constexpr std::string_view k_schema = "itsm_text_side";
// FTS5's shadow tables that hold the index and its documents; ticket_text_config keeps the
// format version, the same on both sides.
constexpr std::array<std::string_view, 4> k_shadow_tables{
    "ticket_text_data", "ticket_text_idx", "ticket_text_content", "ticket_text_docsize"};

} // namespace

// The statements of the indexing thread, and the texts they are bound to without a copy (each
// piece of a chunk is copied into one of these first: SQLiteCpp binds text from a string).
struct SideTextIndex::Statements {
    explicit Statements(SQLite::Database& db)
        : insert(db, "INSERT INTO ticket_text (rowid, title, description, notes, resolution) "
                     "VALUES (?1, ?2, ?3, ?4, ?5)"),
          note_text(db, fmt::format("SELECT json_extract(?1, '$.{}')", model::key::text)) {}
    SQLite::Statement insert;
    SQLite::Statement note_text;
    std::string title;
    std::string description;
    std::string resolution;
    std::string note;
    std::string notes;
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
        m_db =
            std::make_unique<SQLite::Database>(name, SQLite::OPEN_READWRITE | SQLite::OPEN_NOMUTEX);
        register_stem_tokenizer(m_db->getHandle()); // the table's tokenizer, as on the store
        // Scratch: nothing to recover if the import stops, so no journal and no syncs. Its pages
        // are SQLite's largest, 64 KiB: each page is a system call when written, and again when
        // read back by FTS5's merges and by the copy into the store. The index's own blocks are
        // FTS5's (pgsz), the same whatever the page, so the copy is unchanged; a million
        // tickets' import made 36,000 fewer writes and 37,000 fewer reads, and a ten-million
        // one took 6 % less time and CPU (docs/performance.md).
        m_db->exec("PRAGMA page_size=65536; PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; "
                   "PRAGMA cache_size=-32768");
        m_db->exec(create_sql);
        // FTS5 merges a level's segments once it holds `automerge` of them (4 by default). This
        // index is built in one go, so merging by 8 rewrites its data fewer times and its thread
        // is done sooner: at a million tickets the writer waited 0 to 0.8 s for it at the end
        // instead of 1.1 to 1.3 s, and searches are as fast as before (docs/performance.md).
        // The store's own table keeps the default after the copy.
        m_db->exec("INSERT INTO ticket_text (ticket_text, rank) VALUES ('automerge', 8)");
        m_db->exec("BEGIN");
        m_statements = std::make_unique<Statements>(*m_db);
        m_filling = std::make_unique<Chunk>();
        m_thread = std::thread([this] { run(); });
    } catch (...) {
        release();
        throw;
    }
}

void SideTextIndex::remove_stale(const std::filesystem::path& store_path) {
    // mkstemp's names: the store's own name, ".text-" and six characters.
    const std::string prefix = store_path.filename().string() + ".text-";
    const auto folder = store_path.has_parent_path() ? store_path.parent_path() : ".";
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(folder, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.size() == prefix.size() + 6 && name.starts_with(prefix) &&
            entry.is_regular_file(ec)) {
            std::filesystem::remove(entry.path(), ec);
        }
    }
}

SideTextIndex::~SideTextIndex() {
    release();
}

void SideTextIndex::release() {
    {
        std::lock_guard lock(m_mutex);
        m_closed = true;
    }
    m_changed.notify_all();
    if (m_thread.joinable()) {
        m_thread.join();
    }
    if (m_attached_to != nullptr) {
        if (sqlite3_get_autocommit(m_attached_to->getHandle()) == 0) {
            m_attached_to->tryExec("ROLLBACK");
        }
        m_attached_to->tryExec(fmt::format("DETACH {}", k_schema));
        m_attached_to = nullptr;
    }
    m_statements.reset();
    m_db.reset();
    std::error_code ignored;
    std::filesystem::remove(m_path, ignored);
}

void SideTextIndex::add(const BulkTicket& row) {
    Chunk& c = *m_filling;
    std::uint32_t notes = 0;
    auto text = [&](std::string_view t) {
        c.bytes += t;
        c.ends.push_back(static_cast<std::uint32_t>(c.bytes.size()));
    };
    auto field = [&](std::size_t f) {
        const BulkValue& slot = row.fields[f];
        text(slot.null ? std::string_view() : std::string_view(slot.text));
    };
    for (const std::size_t f : k_indexed_fields) {
        field(f);
    }
    for (std::size_t k = 0; k < row.n_events; ++k) {
        if (is_note(row.events[k])) {
            text(row.events[k].detail);
            ++notes;
        }
    }
    c.tickets.emplace_back(row.fields[0].integer, notes);
    if (c.tickets.size() == k_chunk_rows) {
        push(false);
    }
}

void SideTextIndex::end_of_input() {
    push(true);
}

void SideTextIndex::push(bool end) {
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [&] { return m_closed || m_queued_bytes < k_max_queued_bytes; });
    m_queued_bytes += m_filling->footprint();
    m_queue.push_back(std::move(m_filling));
    m_ended = end;
    lock.unlock();
    m_changed.notify_all();
    m_filling = std::make_unique<Chunk>();
}

std::unique_ptr<SideTextIndex::Chunk> SideTextIndex::pop() {
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [&] { return m_closed || m_ended || !m_queue.empty(); });
    if (m_closed || m_queue.empty()) {
        return nullptr;
    }
    auto chunk = std::move(m_queue.front());
    m_queue.pop_front();
    m_queued_bytes -= chunk->footprint();
    lock.unlock();
    m_changed.notify_all();
    return chunk;
}

// The indexing thread, below normal priority: the reader and the writer go first, and it
// takes what CPU time they leave. After a failure it goes on taking chunks so that the reader
// is never held up; finish() reports it.
void SideTextIndex::run() {
    ::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), 19);
    try {
        while (auto chunk = pop()) {
            index(*chunk);
        }
        {
            std::lock_guard lock(m_mutex);
            if (m_closed) {
                return;
            }
        }
        m_statements.reset();
        m_db->exec("COMMIT");
        m_db.reset();
    } catch (...) {
        m_failure = std::current_exception();
        while (pop()) {
        }
    }
}

void SideTextIndex::index(const Chunk& chunk) {
    std::size_t piece = 0;
    std::uint32_t from = 0;
    auto next = [&] {
        const std::uint32_t to = chunk.ends[piece++];
        const std::string_view t(chunk.bytes.data() + from, to - from);
        from = to;
        return t;
    };
    auto& s = *m_statements;
    for (const auto& [number, notes] : chunk.tickets) {
        s.title = next();
        s.description = next();
        s.resolution = next();
        // The notes as store::k_text_fill joins them: the text of each, in order, one per line.
        s.notes.clear();
        bool first = true;
        for (std::uint32_t k = 0; k < notes; ++k) {
            s.note = next();
            s.note_text.bindNoCopy(1, s.note);
            if (s.note_text.executeStep()) {
                const auto text = s.note_text.getColumn(0);
                if (!text.isNull()) {
                    if (!first) {
                        s.notes += '\n';
                    }
                    s.notes.append(text.getText(), static_cast<std::size_t>(text.getBytes()));
                    first = false;
                }
            }
            s.note_text.reset();
        }
        s.insert.bind(1, static_cast<std::int64_t>(number));
        s.insert.bindNoCopy(2, s.title);
        s.insert.bindNoCopy(3, s.description);
        s.insert.bindNoCopy(4, s.notes);
        s.insert.bindNoCopy(5, s.resolution);
        s.insert.exec();
        s.insert.reset();
    }
}

void SideTextIndex::finish() {
    {
        std::lock_guard lock(m_mutex);
        if (!m_ended) {
            throw StoreError("the full-text index was asked for before the input ended");
        }
    }
    m_thread.join();
    if (m_failure) {
        std::rethrow_exception(m_failure);
    }
}

void SideTextIndex::copy_into(SQLite::Database& store) {
    {
        SQLite::Statement attach(store, fmt::format("ATTACH ?1 AS {}", k_schema));
        attach.bind(1, m_path.native());
        attach.exec();
    }
    m_attached_to = &store;
    for (const auto table : k_shadow_tables) {
        store.exec(fmt::format("DELETE FROM main.{}", table));
        store.exec(fmt::format("INSERT INTO main.{0} SELECT * FROM {1}.{0}", table, k_schema));
    }
}

} // namespace itsm::store
