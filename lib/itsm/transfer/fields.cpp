#include <itsm/transfer/fields.hpp>

#include <chrono>

namespace itsm::transfer {

namespace {

int two(std::string_view t, std::size_t i) {
    const char a = t[i];
    const char b = t[i + 1];
    if (a < '0' || a > '9' || b < '0' || b > '9') {
        return -1;
    }
    return (a - '0') * 10 + (b - '0');
}

} // namespace

std::size_t field_index(std::string_view key, std::size_t expected) {
    if (expected < k_fields.size() && key == k_fields[expected].key) {
        return expected;
    }
    for (std::size_t i = 0; i < k_fields.size(); ++i) {
        if (key == k_fields[i].key) {
            return i;
        }
    }
    return k_fields.size();
}

std::vector<std::string> field_keys() {
    std::vector<std::string> keys{"id", "links", "events"};
    for (const auto& f : k_fields) {
        keys.emplace_back(f.key);
    }
    return keys;
}

std::optional<long long> parse_utc(std::string_view t) {
    using namespace std::chrono;
    if (t.size() == 20 && t[4] == '-' && t[7] == '-' && t[10] == 'T' && t[13] == ':' &&
        t[16] == ':' && t[19] == 'Z') {
        const int y1 = two(t, 0);
        const int y2 = two(t, 2);
        const int mo = two(t, 5);
        const int d = two(t, 8);
        const int h = two(t, 11);
        const int mi = two(t, 14);
        const int s = two(t, 17);
        if (y1 < 0 || y2 < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || s < 0 || h > 23 || mi > 59 ||
            s > 59) {
            return std::nullopt;
        }
        const year_month_day ymd{year{y1 * 100 + y2}, month{static_cast<unsigned>(mo)},
                                 day{static_cast<unsigned>(d)}};
        if (!ymd.ok()) {
            return std::nullopt;
        }
        return sys_days{ymd}.time_since_epoch().count() * 86400LL + h * 3600LL + mi * 60LL + s;
    }
    // Other RFC 3339 forms need a date, a 'T' or space, and an explicit offset or Z.
    if (t.size() < 20 || t == "now") {
        return std::nullopt;
    }
    const char last = t.back();
    const bool offset = last == 'Z' || last == 'z' ||
                        (t.size() >= 6 && (t[t.size() - 6] == '+' || t[t.size() - 6] == '-'));
    if (!offset) {
        return std::nullopt;
    }
    const auto parsed = time::parse_time(t, nullptr, time::Instant{});
    if (!parsed) {
        return std::nullopt;
    }
    return time::to_epoch(*parsed);
}

} // namespace itsm::transfer
