#include <itsm/core/error.hpp>
#include <itsm/store/postgres/rows.hpp>
#include <itsm/store/postgres/sealed.hpp>

#include <fmt/format.h>

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

// The values of `columns` of a row, from `first` on, typed as the file store hashes them:
// integer columns as integers, the rest as text.
std::vector<SealValue> values_of(const Result& r, int row, int first, std::size_t columns,
                                 const std::vector<bool>& integer) {
    std::vector<SealValue> out;
    for (std::size_t i = 0; i < columns; ++i) {
        const int column = first + static_cast<int>(i);
        if (r.null(row, column)) {
            out.emplace_back();
        } else if (integer[i]) {
            out.emplace_back(static_cast<std::int64_t>(r.integer(row, column)));
        } else {
            out.emplace_back(std::string(r.text(row, column)));
        }
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
    SealReport report;
    for (const auto& t : k_sealed_tables) {
        const Result types = db.run("SELECT column_name, data_type FROM information_schema.columns "
                                    "WHERE table_schema = current_schema() AND table_name = $1",
                                    {std::string(t.table)});
        if (types.rows() == 0) {
            continue; // a table of an area the server does not keep yet: no rows
        }
        std::map<std::string, bool, std::less<>> integer_column;
        for (int row = 0; row < types.rows(); ++row) {
            const auto type = types.text(row, 1);
            integer_column[std::string(types.text(row, 0))] = type == "bigint" || type == "integer";
        }
        const auto fixed = column_names(t.fixed);
        const auto changing = column_names(t.changing);
        std::vector<bool> fixed_integer, changing_integer;
        for (const auto& c : fixed) {
            fixed_integer.push_back(integer_column[c]);
        }
        for (const auto& c : changing) {
            changing_integer.push_back(integer_column[c]);
        }
        const std::string columns =
            changing.empty() ? std::string(t.fixed) : fmt::format("{}, {}", t.fixed, t.changing);
        const Result r = db.run(fmt::format("SELECT id, encode(seal, 'hex'), encode(lag(seal) OVER "
                                            "(ORDER BY id), 'hex'), {}, {} FROM {} ORDER BY id",
                                            changing.empty() ? "NULL" : "encode(state_seal, 'hex')",
                                            columns, t.table));
        for (int row = 0; row < r.rows(); ++row) {
            ++report.rows;
            const long long id = r.integer(row, 0);
            const std::string table(t.table);
            if (r.null(row, 1)) {
                report.breaks.push_back(
                    {table, id,
                     fmt::format("{} row {} has no seal: it was written around itsm", table, id)});
                continue;
            }
            const Hash stored = hash_of_hex(r.text(row, 1));
            const Hash previous = r.null(row, 2) ? k_genesis : hash_of_hex(r.text(row, 2));
            if (seal_of(previous, values_of(r, row, 4, fixed.size(), fixed_integer)) != stored ||
                to_hex(stored) != r.text(row, 1)) {
                report.breaks.push_back(
                    {table, id,
                     fmt::format("{} row {} does not match its seal: it was changed around itsm, "
                                 "or the row before it was deleted",
                                 table, id)});
                continue;
            }
            const int state_at = 4 + static_cast<int>(fixed.size());
            if (!changing.empty() &&
                (r.null(row, 3) ||
                 to_hex(seal_of(stored, values_of(r, row, state_at, changing.size(),
                                                  changing_integer))) != r.text(row, 3))) {
                report.breaks.push_back(
                    {table, id,
                     fmt::format("{} row {}: its {} changed around itsm", table, id, t.changing)});
            }
        }
    }
    return report;
}

} // namespace itsm::store::postgres
