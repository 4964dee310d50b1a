// libFuzzer target: the import reader (NDJSON and CSV) into a fresh in-memory store. Whatever
// is imported must leave a store that passes the same checks as `itsm check`.
#include <itsm/config/config.hpp>
#include <itsm/core/error.hpp>
#include <itsm/desk/store_check.hpp>
#include <itsm/store/sqlite/store.hpp>
#include <itsm/store/store.hpp>
#include <itsm/transfer/transfer.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const auto config = itsm::config::load_texts({}).config;
    itsm::store::sqlite::Store store(":memory:", itsm::store::Mode::write);
    std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
    itsm::transfer::ImportOptions options;
    options.source = "fuzz";
    try {
        itsm::transfer::import_tickets(store, config, in, options);
    } catch (const itsm::UsageError&) {
        return 0; // a bad line: nothing imported
    }
    const auto v = itsm::desk::verify(store, config);
    for (const auto& p : v.problems) {
        // Imported rows may disagree with their imported history (replay), but never break
        // the store, leave a ticket without its logging, or escape the chain.
        if (p.check != "replay") {
            std::abort();
        }
    }
    return 0;
}
