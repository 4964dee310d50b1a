// The import's reading thread: lines to rows, each checked whole and chained, in batches.
#include <itsm/core/error.hpp>
#include <itsm/transfer/csv_reader.hpp>
#include <itsm/transfer/import_pipeline.hpp>
#include <itsm/transfer/json_scan.hpp>
#include <itsm/transfer/ndjson_reader.hpp>

#include <fmt/format.h>

namespace itsm::transfer {

void Channel::push(Batch* batch) {
    {
        std::lock_guard lock(m_mutex);
        m_queue.push_back(batch);
    }
    m_ready.notify_one();
}

Batch* Channel::pop() {
    std::unique_lock lock(m_mutex);
    m_ready.wait(lock, [&] { return m_closed || !m_queue.empty(); });
    if (m_closed) {
        return nullptr;
    }
    Batch* batch = m_queue.front();
    m_queue.pop_front();
    return batch;
}

void Channel::close() {
    {
        std::lock_guard lock(m_mutex);
        m_closed = true;
    }
    m_ready.notify_all();
}

RowReader::RowReader(LineReader& lines, Format format, const std::string& actor,
                     const config::Config& config, const store::Hash& head, store::TextFeed* text)
    : m_lines(lines), m_format(format), m_actor(actor), m_config(config), m_previous(head),
      m_text(text) {
    for (auto& batch : m_batches) {
        m_free.push(&batch);
    }
    m_thread = std::thread([this] { run(); });
}

RowReader::~RowReader() {
    m_free.close();
    m_full.close();
    m_thread.join();
}

void RowReader::run() {
    std::string scratch;
    std::vector<std::string> cells;
    std::vector<std::size_t> columns;
    long long line_no = 0;
    bool header = m_format == Format::csv;
    while (Batch* batch = m_free.pop()) {
        batch->size = 0;
        try {
            if (header) {
                header = false;
                CsvReader csv(m_lines);
                if (csv.next(cells, line_no)) {
                    columns = csv_columns(cells);
                }
            }
            while (batch->size < Batch::k_rows && !batch->last) {
                Row& row = batch->rows[batch->size];
                row.clear();
                if (!read_row(row, scratch, cells, columns, line_no)) {
                    batch->last = true;
                    break;
                }
                use_default_priority(row, m_config);
                complete(row, m_actor);
                check_names(row, m_config);
                check_history(row, m_history);
                m_links.note(row, m_history.events, line_no);
                chain(row);
                if (m_text != nullptr) {
                    m_text->add(row);
                }
                batch->lines[batch->size++] = line_no;
            }
        } catch (const Bad& bad) {
            batch->error = bad.message;
        } catch (const LineTooLong& e) {
            batch->error = fmt::format("a line longer than {} MiB, the most an import reads",
                                       k_max_line >> 20);
            line_no = e.line;
        } catch (const UsageError& e) {
            batch->error = e.what();
        } catch (...) {
            batch->failure = std::current_exception();
        }
        if (batch->error || batch->failure) {
            batch->error_line = line_no;
            batch->last = true;
        }
        const bool last = batch->last;
        if (last && m_text != nullptr && !batch->error && !batch->failure) {
            m_text->end_of_input();
        }
        m_full.push(batch);
        if (last) {
            return;
        }
    }
}

// Each event is hashed into the audit chain here, in the order the writer inserts them.
void RowReader::chain(Row& row) {
    const long long number = row.fields[f_number].integer;
    for (std::size_t k = 0; k < row.n_events; ++k) {
        RawEvent& e = row.events[k];
        m_previous = m_chain.next(m_previous, number, e.at, e.actor, e.kind, e.detail);
        e.hash = m_previous;
    }
}

// Reads the next ticket into `row`; false at the end of the input.
bool RowReader::read_row(Row& row, std::string& scratch, std::vector<std::string>& cells,
                         const std::vector<std::size_t>& columns, long long& line_no) {
    while (true) {
        if (m_format == Format::ndjson) {
            std::string_view line;
            if (!m_lines.next(line)) {
                return false;
            }
            line_no = m_lines.line_number();
            if (line.find_first_not_of(" \t") == std::string_view::npos) {
                continue;
            }
            try {
                parse_json_line(line, row, scratch);
            } catch (const ScanError& e) {
                throw Bad{e.message};
            }
            return true;
        }
        CsvReader csv(m_lines);
        if (!csv.next(cells, line_no)) {
            return false;
        }
        if (cells.size() == 1 && cells[0].empty()) {
            continue;
        }
        parse_csv_record(cells, columns, row);
        return true;
    }
}

} // namespace itsm::transfer
