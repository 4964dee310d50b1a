// Which store a location names, how a server's URI is shown, and the WHERE clause of a Filter
// in each store's placeholders (store/store.hpp, store/postgres/connection.hpp, store/where.hpp).

#include <itsm/store/postgres/connection.hpp>
#include <itsm/store/store.hpp>
#include <itsm/store/where.hpp>

#include <doctest/doctest.h>

using namespace itsm;

TEST_CASE("a connection URI names a server; anything else is a file") {
    CHECK(store::is_server("postgresql://db.example.org/itsm"));
    CHECK(store::is_server("postgres:///itsm"));
    CHECK_FALSE(store::is_server("/var/lib/itsm/itsm.db"));
    CHECK_FALSE(store::is_server("postgresql.db"));
    CHECK_FALSE(store::is_server("postgresql:itsm"));
    CHECK_FALSE(store::is_server("./postgresql://x"));
}

TEST_CASE("a URI is shown without its password") {
    using store::postgres::without_password;
    CHECK(without_password("postgresql://ann:s3cret@db/itsm") == "postgresql://ann@db/itsm");
    CHECK(without_password("postgresql://ann:p@ss@db:5432/itsm") ==
          "postgresql://ann@db:5432/itsm");
    CHECK(without_password("postgresql://ann:pw@[::1]:5432/itsm") ==
          "postgresql://ann@[::1]:5432/itsm");
    CHECK(without_password("postgres://[::1]:5432/itsm") == "postgres://[::1]:5432/itsm");
    CHECK(without_password("postgresql:///itsm?host=/run/pg&password=x&sslmode=require") ==
          "postgresql:///itsm?host=/run/pg&sslmode=require");
    CHECK(without_password("postgresql:///itsm?password=x") == "postgresql:///itsm");
    CHECK(without_password("postgresql://ann@db/itsm?sslmode=verify-full") ==
          "postgresql://ann@db/itsm?sslmode=verify-full");
}

TEST_CASE("a filter's WHERE clause in each store's placeholders, its values in order") {
    store::Filter f;
    f.statuses = {model::Status::new_, model::Status::assigned};
    f.open_only = true;
    f.priority = "P1";
    f.group = "helpdesk";
    f.type = model::Type::incident;
    f.opened_since = time::from_epoch(100);
    const auto sqlite = store::where_of(f, "t.", store::Placeholders::question);
    CHECK(sqlite.sql ==
          " WHERE t.status IN (?, ?) AND t.status <> 'resolved' AND t.status <> 'closed' "
          "AND "
          "t.priority = ? AND t.grp = ? AND t.type = ? AND t.opened_at >= ?");
    const auto postgres = store::where_of(f, "", store::Placeholders::numbered);
    CHECK(postgres.sql ==
          " WHERE status IN ($1, $2) AND status <> 'resolved' AND status <> 'closed' AND "
          "priority = $3 AND grp = $4 AND type = $5 AND opened_at >= $6");
    REQUIRE(postgres.values.size() == 6);
    CHECK(std::get<std::string>(postgres.values[0]) == "new");
    CHECK(std::get<std::string>(postgres.values[3]) == "helpdesk");
    CHECK(std::get<std::int64_t>(postgres.values[5]) == 100);
    CHECK(store::where_of({}, "", store::Placeholders::numbered).sql.empty());
}
