#pragma once
// The import's two threads: the input is read, parsed and checked on a thread of its own, and
// its rows go to the writing thread (the caller's) in batches. While the store writes one
// batch, the next is read and parsed, so an import takes about as long as the larger of the two
// halves instead of their sum. Only the writing thread touches the store.

#include <itsm/config/config.hpp>
#include <itsm/model/ticket.hpp>
#include <itsm/store/bulk.hpp>
#include <itsm/store/chain.hpp>
#include <itsm/transfer/import_links.hpp>
#include <itsm/transfer/import_row.hpp>
#include <itsm/transfer/line_reader.hpp>
#include <itsm/transfer/transfer.hpp>

#include <array>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace itsm::transfer {

/// Rows read and checked, in input order, with the line each was read at.
struct Batch {
    static constexpr std::size_t k_rows = 256;
    std::vector<Row> rows = std::vector<Row>(k_rows);
    std::vector<long long> lines = std::vector<long long>(k_rows);
    std::size_t size = 0;
    std::optional<std::string> error; // the first bad line ends the input
    long long error_line = 0;
    std::exception_ptr failure; // anything else that stopped the reading
    bool last = false;
};

/// A queue of batches between the two threads; pop() gives nullptr once closed.
class Channel {
public:
    void push(Batch* batch);
    Batch* pop();
    void close();

private:
    std::mutex m_mutex;
    std::condition_variable m_ready;
    std::deque<Batch*> m_queue;
    bool m_closed = false;
};

/// Reads and checks the input on its own thread, hands each batch to the writer and, when
/// there is one, each ticket's texts to the index built beside the store.
class RowReader {
public:
    /// `head`: the hash of the store's last event, which the first imported event continues.
    RowReader(LineReader& lines, Format format, const std::string& actor,
              const config::Config& config, const store::Hash& head, store::TextFeed* text);
    ~RowReader();
    RowReader(const RowReader&) = delete;
    RowReader& operator=(const RowReader&) = delete;

    /// The next batch in input order; the one with `last` set ends the input.
    Batch* next() { return m_full.pop(); }
    /// Gives a written batch back for reuse.
    void recycle(Batch* batch) { m_free.push(batch); }
    /// The rows with links, once the last batch has been taken.
    const LinkCheck& links() const { return m_links; }

private:
    void run();
    void chain(Row& row);
    bool read_row(Row& row, std::string& scratch, std::vector<std::string>& cells,
                  const std::vector<std::size_t>& columns, long long& line_no);

    LineReader& m_lines;
    Format m_format;
    const std::string& m_actor;
    const config::Config& m_config;
    store::Chain m_chain;
    store::Hash m_previous;
    store::TextFeed* m_text;
    HistoryCheck m_history; // the current row's events, parsed, and its replay
    LinkCheck m_links;
    std::array<Batch, 3> m_batches;
    Channel m_free;
    Channel m_full;
    std::thread m_thread;
};

} // namespace itsm::transfer
