#include <itsm/core/error.hpp>
#include <itsm/store/postgres/rows.hpp>
#include <itsm/store/postgres/sealed.hpp>

#include <fmt/format.h>

#include <charconv>
#include <deque>
#include <limits>
#include <map>
#include <vector>

namespace itsm::store::postgres {

namespace {

const SealedTable& sealed_table(std::string_view name) {
    for (const auto& t : k_sealed_tables) {
        if (t.table == name) {
            return t;
        }
    }
    throw StoreError(fmt::format("no sealed table {}", name));
}

// "a, b" -> {"a", "b"}.
std::vector<std::string> column_names(std::string_view columns) {
    std::vector<std::string> out;
    while (!columns.empty()) {
        const auto comma = columns.find(',');
        std::string_view name = columns.substr(0, comma);
        while (name.starts_with(' ')) {
            name.remove_prefix(1);
        }
        if (!name.empty()) {
            out.emplace_back(name);
        }
        columns = comma == std::string_view::npos ? std::string_view() : columns.substr(comma + 1);
    }
    return out;
}

// How the file store hashes a column: as an integer, text, or a blob.
enum class Kind { integer, text, blob };

// The bytes of a bytea in the server's text form (\x and hex digits).
std::string bytes_of_hex(std::string_view text) {
    std::string out;
    if (text.starts_with("\\x")) {
        text.remove_prefix(2);
    }
    out.reserve(text.size() / 2);
    for (std::size_t i = 0; i + 1 < text.size(); i += 2) {
        unsigned value = 0;
        std::from_chars(text.data() + i, text.data() + i + 2, value, 16);
        out += static_cast<char>(value);
    }
    return out;
}

// The values of `kinds.size()` columns of a row, from `first` on, typed as the file store
// hashes them; a blob's bytes are kept in `blobs` while the values are used.
std::vector<SealValue> values_of(const Result& r, int row, int first,
                                 const std::vector<Kind>& kinds, std::deque<std::string>& blobs) {
    std::vector<SealValue> out;
    for (std::size_t i = 0; i < kinds.size(); ++i) {
        const int column = first + static_cast<int>(i);
        if (r.null(row, column)) {
            out.emplace_back();
        } else if (kinds[i] == Kind::integer) {
            out.emplace_back(static_cast<std::int64_t>(r.integer(row, column)));
        } else if (kinds[i] == Kind::blob) {
            out.emplace_back(SealBytes{blobs.emplace_back(bytes_of_hex(r.text(row, column)))});
        } else {
            out.emplace_back(std::string(r.text(row, column)));
        }
    }
    return out;
}

// How each of `columns` is hashed, by its type on the server.
std::vector<Kind> kinds_of(const std::vector<std::string>& columns,
                           const std::map<std::string, std::string, std::less<>>& types) {
    std::vector<Kind> out;
    for (const auto& c : columns) {
        const auto type = types.find(c);
        // Both arms views: a std::string arm would make the view one of a temporary copy.
        const std::string_view name =
            type != types.end() ? std::string_view(type->second) : std::string_view();
        out.push_back(name == "bigint" || name == "integer" ? Kind::integer
                      : name == "bytea"                     ? Kind::blob
                                                            : Kind::text);
    }
    return out;
}

} // namespace

Hash hash_of_hex(std::string_view hex) {
    return from_hex(hex).value_or(k_genesis);
}

Hash chain_head(Connection& db) {
    const Result last = db.run("SELECT encode(hash, 'hex') FROM events ORDER BY id DESC LIMIT 1");
    return last.rows() > 0 ? hash_of_hex(last.text(0, 0)) : k_genesis;
}

long long next_id(Connection& db, std::string_view table) {
    return db.run(fmt::format("SELECT coalesce(max(id), 0) + 1 FROM {}", sealed_table(table).table))
        .integer(0, 0);
}

Hash seal_row(Connection& db, std::string_view table, std::initializer_list<SealValue> values) {
    const Result last = db.run(fmt::format(
        "SELECT encode(seal, 'hex') FROM {} ORDER BY id DESC LIMIT 1", sealed_table(table).table));
    return seal_of(last.rows() > 0 ? hash_of_hex(last.text(0, 0)) : k_genesis, values);
}

SealReport verify_seals(Connection& db) {
    // Read a page of rows at a time: the messages and attachments can be large.
    constexpr int page = 256;
    SealReport report;
    for (const auto& t : k_sealed_tables) {
        const Result types = db.run("SELECT column_name, data_type FROM information_schema.columns "
                                    "WHERE table_schema = current_schema() AND table_name = $1",
                                    {std::string(t.table)});
        if (types.rows() == 0) {
            continue; // a table of an area the server does not keep: no rows
        }
        std::map<std::string, std::string, std::less<>> type_of;
        for (int row = 0; row < types.rows(); ++row) {
            type_of[std::string(types.text(row, 0))] = std::string(types.text(row, 1));
        }
        const auto fixed = kinds_of(column_names(t.fixed), type_of);
        const auto changing = kinds_of(column_names(t.changing), type_of);
        const std::string columns =
            changing.empty() ? std::string(t.fixed) : fmt::format("{}, {}", t.fixed, t.changing);
        const std::string sql = fmt::format(
            "SELECT id, encode(seal, 'hex'), {}, {} FROM {} WHERE id > $1 ORDER BY id LIMIT {}",
            changing.empty() ? "NULL" : "encode(state_seal, 'hex')", columns, t.table, page);
        const std::string table(t.table);
        Hash previous = k_genesis;
        long long after = std::numeric_limits<long long>::min();
        for (int rows = page; rows == page;) {
            const Result r = db.run(sql, {number_param(after)});
            rows = r.rows();
            for (int row = 0; row < rows; ++row) {
                ++report.rows;
                const long long id = r.integer(row, 0);
                after = id;
                if (r.null(row, 1)) {
                    report.breaks.push_back(
                        {table, id,
                         fmt::format("{} row {} has no seal: it was written around itsm", table,
                                     id)});
                    previous = k_genesis; // as the file store's lag() of a NULL seal
                    continue;
                }
                const Hash stored = hash_of_hex(r.text(row, 1));
                std::deque<std::string> blobs;
                const bool holds =
                    seal_of(previous, values_of(r, row, 3, fixed, blobs)) == stored &&
                    to_hex(stored) == r.text(row, 1);
                previous = stored;
                if (!holds) {
                    report.breaks.push_back(
                        {table, id,
                         fmt::format("{} row {} does not match its seal: it was changed around "
                                     "itsm, or the row before it was deleted",
                                     table, id)});
                    continue;
                }
                const int state_at = 3 + static_cast<int>(fixed.size());
                if (!changing.empty() &&
                    (r.null(row, 2) ||
                     to_hex(seal_of(stored, values_of(r, row, state_at, changing, blobs))) !=
                         r.text(row, 2))) {
                    report.breaks.push_back({table, id,
                                             fmt::format("{} row {}: its {} changed around itsm",
                                                         table, id, t.changing)});
                }
            }
        }
    }
    return report;
}

} // namespace itsm::store::postgres
