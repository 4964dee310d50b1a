// libFuzzer target: the mail path. Any input through mail::receive into a fresh in-memory store
// either is refused with MailError or leaves a store that passes `itsm check`'s checks, and a
// second delivery of the same bytes is a duplicate that changes nothing.
#include <itsm/config/config.hpp>
#include <itsm/desk/store_check.hpp>
#include <itsm/mail/error.hpp>
#include <itsm/mail/intake.hpp>
#include <itsm/store/sqlite/store.hpp>
#include <itsm/store/store.hpp>

#include <SQLiteCpp/SQLiteCpp.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const auto config = [] {
        auto c = itsm::config::load_texts({}).config;
        c.mail.addresses = {"helpdesk@example.org"};
        c.mail.types = {{"requests@example.org", "request"}};
        return c;
    }();
    const std::string_view raw(reinterpret_cast<const char*>(data), size);
    const auto now = itsm::time::Instant{} + std::chrono::seconds(1796029200);
    itsm::store::sqlite::Store store(":memory:", itsm::store::Mode::write);
    try {
        itsm::mail::receive(store, config, raw, now);
    } catch (const itsm::mail::MailError& e) {
        if (e.kind() != itsm::mail::MailError::Kind::permanent) {
            std::abort(); // a store in memory is never locked
        }
        return 0;
    }
    const auto again = itsm::mail::receive(store, config, raw, now);
    if (again.result != "duplicate") {
        std::abort();
    }
    if (store.db().execAndGet("SELECT count(*) FROM mail").getInt64() != 1) {
        std::abort();
    }
    if (!itsm::desk::verify(store, config).problems.empty()) {
        std::abort();
    }
    return 0;
}
