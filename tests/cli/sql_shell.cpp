// itsm_test_sql DB SQL [SECONDS]: the sqlite3 shell's `sqlite3 DB SQL` for the end-to-end
// suites, on a connection that knows the full-text index's tokenizer (store/stemmer.hpp) and
// the seal function (store/seals.hpp) as every itsm connection does, so that the suites can
// edit a store around itsm, tickets' texts included, and read its index. Rows print as the
// shell prints them (columns joined by '|', NULL empty); an error prints "Error: MESSAGE" and
// exits 1. With SECONDS, it then waits that long with its transaction still open (to be killed
// half-way through a write).

#include <itsm/store/seals.hpp>
#include <itsm/store/stemmer.hpp>

#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <thread>

namespace {

int print_row(void*, int columns, char** values, char**) {
    std::string line;
    for (int i = 0; i < columns; ++i) {
        if (i > 0) {
            line += '|';
        }
        line += values[i] != nullptr ? values[i] : "";
    }
    std::printf("%s\n", line.c_str());
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 3 || argc > 4) {
        std::fprintf(stderr, "usage: itsm_test_sql DB SQL [SECONDS]\n");
        return 2;
    }
    sqlite3* db = nullptr;
    if (sqlite3_open(argv[1], &db) != SQLITE_OK) {
        std::fprintf(stderr, "Error: %s\n", sqlite3_errmsg(db));
        return 1;
    }
    itsm::store::register_stem_tokenizer(db);
    itsm::store::register_seal_function(db);
    sqlite3_busy_timeout(db, 5000);
    char* error = nullptr;
    if (sqlite3_exec(db, argv[2], print_row, nullptr, &error) != SQLITE_OK) {
        std::fprintf(stderr, "Error: %s\n", error != nullptr ? error : "?");
        sqlite3_free(error);
        sqlite3_close(db);
        return 1;
    }
    std::fflush(stdout);
    if (argc == 4) {
        std::this_thread::sleep_for(std::chrono::seconds(std::stoi(argv[3])));
    }
    sqlite3_close(db);
    return 0;
}
