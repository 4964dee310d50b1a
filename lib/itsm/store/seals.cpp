#include <itsm/store/seals.hpp>

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>
#include <nettle/sha2.h>
#include <sqlite3.h>

#include <cstdint>
#include <cstring>

namespace itsm::store {

namespace {

void put_be(sha256_ctx& ctx, std::uint64_t v, int bytes) {
    std::uint8_t b[8];
    for (int i = 0; i < bytes; ++i) {
        b[i] = static_cast<std::uint8_t>(v >> (8 * (bytes - 1 - i)));
    }
    sha256_update(&ctx, static_cast<std::size_t>(bytes), b);
}

void put_bytes(sha256_ctx& ctx, std::uint8_t type, const void* data, int size) {
    sha256_update(&ctx, 1, &type);
    put_be(ctx, static_cast<std::uint32_t>(size), 4);
    sha256_update(&ctx, static_cast<std::size_t>(size), static_cast<const std::uint8_t*>(data));
}

void put_null(sha256_ctx& ctx) {
    const std::uint8_t type = 'n';
    sha256_update(&ctx, 1, &type);
}

void put_integer(sha256_ctx& ctx, std::int64_t value) {
    const std::uint8_t type = 'i';
    sha256_update(&ctx, 1, &type);
    put_be(ctx, static_cast<std::uint64_t>(value), 8);
}

// itsm_seal(previous, value...): see register_seal_function.
void seal_function(sqlite3_context* context, int argc, sqlite3_value** argv) {
    sha256_ctx ctx;
    sha256_init(&ctx);
    std::uint8_t previous[SHA256_DIGEST_SIZE] = {};
    if (argc > 0 && sqlite3_value_type(argv[0]) == SQLITE_BLOB &&
        sqlite3_value_bytes(argv[0]) == SHA256_DIGEST_SIZE) {
        std::memcpy(previous, sqlite3_value_blob(argv[0]), SHA256_DIGEST_SIZE);
    }
    sha256_update(&ctx, SHA256_DIGEST_SIZE, previous);
    for (int i = 1; i < argc; ++i) {
        sqlite3_value* v = argv[i];
        switch (sqlite3_value_type(v)) {
        case SQLITE_NULL:
            put_null(ctx);
            break;
        case SQLITE_INTEGER:
            put_integer(ctx, sqlite3_value_int64(v));
            break;
        case SQLITE_BLOB: {
            const int size = sqlite3_value_bytes(v);
            put_bytes(ctx, 'b', sqlite3_value_blob(v), size);
            break;
        }
        default: { // text, and a real as SQLite writes it as text
            const auto* text = sqlite3_value_text(v);
            put_bytes(ctx, 't', text, sqlite3_value_bytes(v));
            break;
        }
        }
    }
    std::uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_digest(&ctx, SHA256_DIGEST_SIZE, digest);
    sqlite3_result_blob(context, digest, SHA256_DIGEST_SIZE, SQLITE_TRANSIENT);
}

// "a, b" -> "new.a, new.b" (or with another prefix).
std::string prefixed(std::string_view columns, std::string_view prefix) {
    std::string out;
    std::size_t start = 0;
    while (start < columns.size()) {
        auto end = columns.find(',', start);
        if (end == std::string_view::npos) {
            end = columns.size();
        }
        auto name = columns.substr(start, end - start);
        while (!name.empty() && name.front() == ' ') {
            name.remove_prefix(1);
        }
        out += fmt::format("{}{}{}", out.empty() ? "" : ", ", prefix, name);
        start = end + 1;
    }
    return out;
}

// The seal of a row from the seal of the row before it.
std::string seal_expression(const SealedTable& t, std::string_view previous,
                            std::string_view prefix) {
    return fmt::format("itsm_seal({}, {})", previous, prefixed(t.fixed, prefix));
}

std::string state_expression(const SealedTable& t, std::string_view seal, std::string_view prefix) {
    return fmt::format("itsm_seal({}, {})", seal, prefixed(t.changing, prefix));
}

} // namespace

void register_seal_function(sqlite3* db) {
    const int rc = sqlite3_create_function_v2(db, "itsm_seal", -1,
                                              SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                                              nullptr, seal_function, nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) {
        throw SQLite::Exception(db, rc);
    }
}

Hash seal_of(const Hash& previous, std::span<const SealValue> values) {
    sha256_ctx ctx;
    sha256_init(&ctx);
    sha256_update(&ctx, previous.size(), previous.data());
    for (const auto& v : values) {
        if (const auto* integer = std::get_if<std::int64_t>(&v)) {
            put_integer(ctx, *integer);
        } else if (const auto* text = std::get_if<std::string>(&v)) {
            put_bytes(ctx, 't', text->data(), static_cast<int>(text->size()));
        } else if (const auto* blob = std::get_if<SealBytes>(&v)) {
            put_bytes(ctx, 'b', blob->bytes.data(), static_cast<int>(blob->bytes.size()));
        } else {
            put_null(ctx);
        }
    }
    Hash out{};
    sha256_digest(&ctx, out.size(), out.data());
    return out;
}

std::string seal_schema_sql() {
    std::string sql;
    for (const auto& t : k_sealed_tables) {
        sql += fmt::format("ALTER TABLE {} ADD COLUMN seal BLOB;\n", t.table);
        std::string state;
        if (!t.changing.empty()) {
            sql += fmt::format("ALTER TABLE {} ADD COLUMN state_seal BLOB;\n", t.table);
            state = fmt::format("    UPDATE {0} SET state_seal = {1} WHERE rowid = new.rowid;\n",
                                t.table, state_expression(t, "seal", ""));
            sql += fmt::format("CREATE TRIGGER {0}_state_seal AFTER UPDATE OF {1} ON {0} BEGIN\n"
                               "{2}END;\n",
                               t.table, t.changing, state);
        }
        sql += fmt::format(
            "CREATE TRIGGER {0}_seal AFTER INSERT ON {0} BEGIN\n"
            "    UPDATE {0} SET seal = {1} WHERE rowid = new.rowid;\n{2}END;\n",
            t.table,
            seal_expression(t,
                            fmt::format("(SELECT seal FROM {} WHERE rowid < new.rowid ORDER BY "
                                        "rowid DESC LIMIT 1)",
                                        t.table),
                            "new."),
            state);
    }
    return sql;
}

void seal_existing_rows(SQLite::Database& db) {
    for (const auto& t : k_sealed_tables) {
        std::vector<long long> rows;
        SQLite::Statement list(db, fmt::format("SELECT rowid FROM {} ORDER BY rowid", t.table));
        while (list.executeStep()) {
            rows.push_back(list.getColumn(0).getInt64());
        }
        SQLite::Statement seal(db, fmt::format("UPDATE {} SET seal = {} WHERE rowid = ?2 "
                                               "RETURNING seal",
                                               t.table, seal_expression(t, "?1", "")));
        std::string previous;
        for (const long long row : rows) {
            if (previous.empty()) {
                seal.bind(1);
            } else {
                seal.bind(1, previous.data(), static_cast<int>(previous.size()));
            }
            seal.bind(2, static_cast<std::int64_t>(row));
            seal.executeStep();
            previous = seal.getColumn(0).getString();
            seal.reset();
        }
        if (!t.changing.empty()) {
            db.exec(fmt::format("UPDATE {} SET state_seal = {}", t.table,
                                state_expression(t, "seal", "")));
        }
    }
}

SealReport verify_seals(SQLite::Database& db) {
    SealReport report;
    for (const auto& t : k_sealed_tables) {
        const std::string state = t.changing.empty()
                                      ? std::string("NULL, NULL")
                                      : "state_seal, " + state_expression(t, "seal", "");
        SQLite::Statement q(db,
                            fmt::format("SELECT rowid, seal, {}, {} FROM {} ORDER BY rowid",
                                        seal_expression(t, "lag(seal) OVER (ORDER BY rowid)", ""),
                                        state, t.table));
        while (q.executeStep()) {
            ++report.rows;
            const long long row = q.getColumn(0).getInt64();
            const auto stored = q.getColumn(1);
            if (stored.isNull()) {
                report.breaks.push_back(
                    {std::string(t.table), row,
                     fmt::format("{} row {} has no seal: it was written around itsm", t.table,
                                 row)});
                continue;
            }
            if (stored.getString() != q.getColumn(2).getString()) {
                report.breaks.push_back(
                    {std::string(t.table), row,
                     fmt::format("{} row {} does not match its seal: it was changed around "
                                 "itsm, or the row before it was deleted",
                                 t.table, row)});
                continue;
            }
            if (!t.changing.empty() && q.getColumn(3).getString() != q.getColumn(4).getString()) {
                report.breaks.push_back({std::string(t.table), row,
                                         fmt::format("{} row {}: its {} changed around itsm",
                                                     t.table, row, t.changing)});
            }
        }
    }
    return report;
}

} // namespace itsm::store
