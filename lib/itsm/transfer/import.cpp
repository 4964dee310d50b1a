// Import: each line (NDJSON, ndjson_reader) or record (CSV, csv_reader) becomes a row, is
// checked whole on the reading thread (import_pipeline), and is written by the store's import
// writer (store/bulk.hpp), all in one transaction. The first bad line stops everything and the
// transaction is rolled back.
#include <itsm/availability/records.hpp>
#include <itsm/core/error.hpp>
#include <itsm/model/event.hpp>
#include <itsm/store/bulk.hpp>
#include <itsm/transfer/import_pipeline.hpp>
#include <itsm/transfer/transfer.hpp>

#include <fmt/format.h>

#include <istream>
#include <string>
#include <vector>

namespace itsm::transfer {

namespace {

// Whether a row's history records a service outage (rebuilt once its events are written): a
// detail key that begins with "outage" (outage, outage_start, outage_end), found in its text.
bool records_outage(const Row& row) {
    static const std::string quoted = fmt::format("\"{}", model::key::outage);
    for (std::size_t k = 0; k < row.n_events; ++k) {
        if (row.events[k].detail.find(quoted) != std::string::npos) {
            return true;
        }
    }
    return false;
}

} // namespace

ImportResult import_tickets(store::Store& store, const config::Config& config, std::istream& in,
                            const ImportOptions& options) {
    LineReader lines(in);
    ImportResult result;
    Format format = options.format.value_or(Format::ndjson);
    if (!options.format) {
        format = lines.first_char() == '{' ? Format::ndjson : Format::csv;
    }
    auto fail = [&](long long line, const std::string& message) -> void {
        throw UsageError(
            fmt::format("{}:{}: {}; nothing was imported", options.source, line, message));
    };
    const auto writer = store.begin_import();
    {
        RowReader reader(lines, format, options.actor, config, writer->head(), writer->text_feed());
        std::vector<const store::BulkTicket*> tickets;
        std::vector<long long> outages;
        while (Batch* batch = reader.next()) {
            const long long before = result.tickets;
            tickets.clear();
            for (std::size_t i = 0; i < batch->size; ++i) {
                tickets.push_back(&batch->rows[i]);
            }
            try {
                writer->write(tickets);
            } catch (const store::DuplicateNumber& e) {
                fail(batch->lines[e.index()], e.what());
            }
            for (std::size_t i = 0; i < batch->size; ++i) {
                const Row& row = batch->rows[i];
                result.events += static_cast<long long>(row.n_events);
                result.links += static_cast<long long>(row.n_links);
                if (records_outage(row)) {
                    outages.push_back(row.fields[f_number].integer);
                }
            }
            result.tickets += static_cast<long long>(batch->size);
            if (options.progress && before / 10000 != result.tickets / 10000) {
                options.progress(result.tickets / 10000 * 10000);
            }
            if (batch->failure) {
                std::rethrow_exception(batch->failure);
            }
            if (batch->error) {
                fail(batch->error_line, *batch->error);
            }
            if (batch->last) {
                break;
            }
            reader.recycle(batch);
        }
        try {
            reader.links().verify(store);
        } catch (const Bad& bad) {
            fail(bad.line, bad.message);
        }
        for (const long long number : outages) {
            availability::rebuild_outage(store, number);
        }
    }
    writer->commit();
    if (options.progress) {
        options.progress(result.tickets);
    }
    return result;
}

} // namespace itsm::transfer
