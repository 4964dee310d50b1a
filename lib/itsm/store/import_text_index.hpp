#pragma once
// The full-text index of a bulk import, built beside the store while the rows are written.
//
// Into an empty store, the import's writing thread is the bottleneck; filling the index there
// afterwards (store::k_text_fill) added half again to a million-ticket import. Instead the
// reading thread hands each ticket's texts to a thread of its own, at low priority, which
// indexes them into the same FTS5 table in a scratch database: it takes the time the reader and
// the writer leave, and runs on while the writer builds the tickets' indexes. At the end the
// scratch table's shadow tables, FTS5's on-disk form, are copied into the store's empty ones
// inside the import's transaction. Both sides are made by the same SQLite library from the same
// CREATE statement, so the copy is the index the fill would have made (tests/cli/test_search.sh
// compares the two and runs FTS5's integrity check).
//
// Used by the SQLite store's import writer (sqlite/bulk_import.cpp); the reading thread reaches it
// as the writer's TextFeed.

#include <itsm/store/bulk.hpp>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace SQLite {
class Database;
class Statement;
} // namespace SQLite

namespace itsm::store {

class SideTextIndex final : public TextFeed {
public:
    /// Opens a scratch database next to `store_path` holding an empty copy of the store's
    /// full-text table (`create_sql`, as sqlite_schema has it) and starts the indexing thread.
    SideTextIndex(const std::filesystem::path& store_path, const std::string& create_sql);
    ~SideTextIndex() override;
    SideTextIndex(const SideTextIndex&) = delete;
    SideTextIndex& operator=(const SideTextIndex&) = delete;

    /// Removes the scratch databases that imports into the store at `store_path` left when
    /// they were killed. Call holding the store's write lock: no live import has one then.
    static void remove_stale(const std::filesystem::path& store_path);

    /// Queues one imported ticket's texts: title, description, resolution and its notes. Called
    /// by one thread (the reader); waits while too much text is queued.
    void add(const BulkTicket& ticket) override;
    /// Called by the same thread after the last add(): the input is complete.
    void end_of_input() override;
    /// Waits until every queued ticket is indexed and the scratch database committed;
    /// rethrows what stopped the indexing thread.
    void finish();
    /// Copies the index into `store`, whose full-text table must be empty, inside the
    /// transaction the caller holds. The scratch database stays attached (SQLite cannot detach
    /// it inside a transaction) until this object is destroyed, after the commit; destroyed
    /// before, it rolls the transaction back first.
    void copy_into(SQLite::Database& store);

private:
    struct Statements;
    // Texts of up to k_chunk_rows tickets, one after another: for each ticket its title,
    // description and resolution, then the detail of each of its notes.
    struct Chunk {
        std::string bytes;
        std::vector<std::uint32_t> ends;                          // where each text ends in bytes
        std::vector<std::pair<long long, std::uint32_t>> tickets; // number, how many notes
        /// The memory it holds: what the queue's bound counts.
        std::size_t footprint() const {
            return bytes.capacity() + ends.capacity() * sizeof(std::uint32_t) +
                   tickets.capacity() * sizeof(tickets.front());
        }
    };
    static constexpr std::size_t k_chunk_rows = 256;
    // Once the full-text index has grown large its thread falls behind the writer; what waits
    // for it is held to this, so a larger store does not mean a larger import process.
    static constexpr std::size_t k_max_queued_bytes = std::size_t{48} << 20;

    void push(bool end);
    std::unique_ptr<Chunk> pop();
    void run();
    void index(const Chunk& chunk);
    void release();

    std::filesystem::path m_path;
    std::unique_ptr<SQLite::Database> m_db;
    SQLite::Database* m_attached_to = nullptr;
    std::unique_ptr<Statements> m_statements;

    std::unique_ptr<Chunk> m_filling; // the reader's
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<std::unique_ptr<Chunk>> m_queue;
    std::size_t m_queued_bytes = 0;
    bool m_ended = false;  // end_of_input() was called
    bool m_closed = false; // the destructor runs: stop at once
    std::thread m_thread;
    std::exception_ptr m_failure; // written by the indexing thread, read after joining it
};

} // namespace itsm::store
