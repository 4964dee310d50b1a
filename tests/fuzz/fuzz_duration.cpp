// libFuzzer target: the duration parser ("90m", "1h30m", "1d"). What parses is positive, and
// a duration without days formats back to the same length.
#include <itsm/time/duration.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    using std::chrono::hours;
    const auto d = itsm::time::parse_duration(text, hours(10));
    if (!d) {
        return 0;
    }
    if (d->count() <= 0) {
        std::abort();
    }
    if (!itsm::time::uses_days(text)) {
        const auto back = itsm::time::parse_duration(itsm::time::format_duration(*d), hours(10));
        if (!back || *back != *d) {
            std::abort();
        }
    }
    return 0;
}
