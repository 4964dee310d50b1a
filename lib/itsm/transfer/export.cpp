// Export: tickets with their links and events as the store reads them (store/bulk.hpp), in
// ticket order, written one ticket per line (NDJSON) or one row per ticket (CSV).
#include <itsm/core/error.hpp>
#include <itsm/model/id.hpp>
#include <itsm/render/table.hpp>
#include <itsm/store/bulk.hpp>
#include <itsm/transfer/fields.hpp>
#include <itsm/transfer/transfer.hpp>

#include <fmt/format.h>

#include <ostream>

namespace itsm::transfer {

std::optional<Format> parse_format(std::string_view text) {
    if (text == "ndjson") {
        return Format::ndjson;
    }
    if (text == "csv") {
        return Format::csv;
    }
    return std::nullopt;
}

namespace {

using Values = std::array<store::ValueView, k_fields.size()>;

class ExportWriter {
public:
    ExportWriter(const config::Config& config, Format format, std::ostream& out)
        : m_config(config), m_format(format), m_out(out) {
        m_buffer.reserve(1 << 20);
        if (format == Format::csv) {
            std::vector<std::string> header{"number", "id"};
            for (std::size_t i = 1; i < k_fields.size(); ++i) {
                header.emplace_back(k_fields[i].key);
            }
            m_buffer += render::csv_line(header);
        }
    }
    ~ExportWriter() { flush(); }
    ExportWriter(const ExportWriter&) = delete;
    ExportWriter& operator=(const ExportWriter&) = delete;

    void ticket(const Values& t) {
        if (m_format == Format::csv) {
            csv(t);
        } else {
            json_fields(t);
        }
    }
    void links_begin() {
        m_buffer += ",\"links\":[";
        m_first = true;
    }
    void link(const store::LinkView& l) {
        m_buffer += m_first ? "{\"number\":" : ",{\"number\":";
        m_first = false;
        m_buffer += std::to_string(l.other);
        if (!l.other_type.empty()) {
            m_buffer += ",\"id\":\"";
            id_of(l.other_type, l.other).append_to(m_buffer);
            m_buffer += '"';
        }
        m_buffer += ",\"relation\":";
        append_json_string(m_buffer, l.relation);
        m_buffer += '}';
    }
    void events_begin() {
        m_buffer += "],\"events\":[";
        m_first = true;
    }
    void event(const store::EventView& e) {
        m_buffer += m_first ? "{\"at\":\"" : ",{\"at\":\"";
        m_first = false;
        append_utc(m_buffer, e.at);
        m_buffer += "\",\"actor\":";
        append_json_string(m_buffer, e.actor);
        if (!e.role.empty()) {
            // Only a server records who wrote an event: a file store's lines stay as they were.
            m_buffer += ",\"role\":";
            append_json_string(m_buffer, e.role);
        }
        m_buffer += ",\"kind\":";
        append_json_string(m_buffer, e.kind);
        m_buffer += ",\"detail\":";
        m_buffer.append(e.detail.empty() ? std::string_view("{}") : e.detail);
        m_buffer += '}';
    }
    void ticket_end() {
        m_buffer += "]}\n";
        if (m_buffer.size() > (1 << 20) - 4096) {
            flush();
        }
    }
    void flush() {
        m_out.write(m_buffer.data(), static_cast<std::streamsize>(m_buffer.size()));
        m_buffer.clear();
    }

private:
    // The id of ticket `number` of stored type `type`, with the configured prefixes.
    model::TicketId id_of(std::string_view type, long long number) const {
        return model::TicketId::of(m_config.prefixes, type, number);
    }

    void json_fields(const Values& t) {
        m_buffer += "{\"number\":";
        m_buffer += std::to_string(t[f_number].integer);
        m_buffer += ",\"id\":\"";
        id_of(t[f_type].text, t[f_number].integer).append_to(m_buffer);
        m_buffer += '"';
        for (std::size_t i = 1; i < k_fields.size(); ++i) {
            const store::ValueView& v = t[i];
            m_buffer += ",\"";
            m_buffer += k_fields[i].key;
            m_buffer += "\":";
            switch (field_kind(i)) {
            case FieldKind::text:
                append_json_string(m_buffer, v.text);
                break;
            case FieldKind::integer:
            case FieldKind::optional_integer:
                m_buffer += v.null ? "null" : std::to_string(v.integer);
                break;
            case FieldKind::instant:
            case FieldKind::optional_instant:
                if (v.null) {
                    m_buffer += "null";
                } else {
                    m_buffer += '"';
                    append_utc(m_buffer, v.integer);
                    m_buffer += '"';
                }
                break;
            }
        }
    }

    void csv(const Values& t) {
        std::vector<std::string> cells;
        cells.reserve(k_fields.size() + 1);
        cells.push_back(std::to_string(t[f_number].integer));
        cells.push_back(id_of(t[f_type].text, t[f_number].integer).to_string());
        for (std::size_t i = 1; i < k_fields.size(); ++i) {
            const store::ValueView& v = t[i];
            std::string cell;
            if (!v.null) {
                switch (field_kind(i)) {
                case FieldKind::text:
                    cell = v.text;
                    break;
                case FieldKind::integer:
                case FieldKind::optional_integer:
                    cell = std::to_string(v.integer);
                    break;
                case FieldKind::instant:
                case FieldKind::optional_instant:
                    append_utc(cell, v.integer);
                    break;
                }
            }
            cells.push_back(std::move(cell));
        }
        m_buffer += render::csv_line(cells);
        if (m_buffer.size() > (1 << 20) - 4096) {
            flush();
        }
    }

    const config::Config& m_config;
    Format m_format;
    std::ostream& m_out;
    std::string m_buffer;
    bool m_first = true;
};

} // namespace

long long export_tickets(store::Store& store, const config::Config& config,
                         const ExportOptions& options, std::ostream& out) {
    const bool history = options.format == Format::ndjson;
    const auto tickets = store.read_tickets({options.from, options.until}, history);
    ExportWriter writer(config, options.format, out);
    store::LinkView link;
    store::EventView event;
    long long count = 0;
    while (tickets->next()) {
        writer.ticket(tickets->ticket());
        if (history) {
            writer.links_begin();
            while (tickets->next_link(link)) {
                writer.link(link);
            }
            writer.events_begin();
            while (tickets->next_event(event)) {
                writer.event(event);
            }
            writer.ticket_end();
        }
        ++count;
    }
    writer.flush();
    return count;
}

} // namespace itsm::transfer
