// libFuzzer target: the time parser (TIME of docs/working-time.md) in a zone with DST. Whatever
// parses must format as UTC and parse back to the same instant.
#include <itsm/time/instant.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const auto zone = *itsm::time::find_zone("Europe/London");
    static const auto now = itsm::time::Instant(std::chrono::seconds(1'795'000'000));
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    for (const auto z : {zone, static_cast<itsm::time::Zone>(nullptr)}) {
        const auto t = itsm::time::parse_time(text, z, now);
        if (!t) {
            continue;
        }
        const auto utc = itsm::time::format_utc(*t);
        const auto back = itsm::time::parse_time(utc, z, now);
        if (!back || *back != *t) {
            std::abort();
        }
        (void)itsm::time::format_local(*t, zone, true);
        (void)itsm::time::local_date(*t, zone);
    }
    return 0;
}
