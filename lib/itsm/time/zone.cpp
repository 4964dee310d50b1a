// Time zones from TZif files (RFC 8536).
#include <itsm/time/zone.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>

namespace itsm::time {

namespace {

using std::chrono::seconds;
using std::chrono::sys_seconds;

// The far past and future of date/tz, so that spans compare equal with its answers.
constexpr std::int64_t k_far_past =
    std::int64_t{date::sys_days{date::year::min() / date::January / 1}.time_since_epoch().count()} *
    86400;
constexpr std::int64_t k_far_future =
    std::int64_t{
        date::sys_days{date::year::max() / date::December / 31}.time_since_epoch().count()} *
    86400;
// UTC offsets are under 26 hours (RFC 8536 3.2); a wall-clock reading can only belong to a span
// whose instants lie within this of it.
constexpr std::int64_t k_reach = 2 * 86400;
// Zone files are a few kilobytes; anything far larger is not one.
constexpr std::size_t k_max_file = std::size_t{1} << 20;

/// Reads big-endian integers from a byte string, and says when it ran out.
class Bytes {
public:
    explicit Bytes(std::string_view data) : m_data(data) {}
    bool has(std::size_t n) const { return m_data.size() - m_at >= n; }
    void skip(std::size_t n) { m_at += n; }
    std::uint64_t unsigned_be(std::size_t n) {
        std::uint64_t value = 0;
        for (std::size_t i = 0; i < n; ++i) {
            value = value << 8 | static_cast<unsigned char>(m_data[m_at++]);
        }
        return value;
    }
    std::int64_t signed_be(std::size_t n) {
        std::uint64_t value = unsigned_be(n);
        if (n < 8 && (value >> (8 * n - 1) & 1) != 0) {
            value |= ~std::uint64_t{0} << (8 * n); // sign-extended
        }
        return static_cast<std::int64_t>(value);
    }
    std::string_view take(std::size_t n) {
        const auto out = m_data.substr(m_at, n);
        m_at += n;
        return out;
    }

private:
    std::string_view m_data;
    std::size_t m_at = 0;
};

struct Header {
    char version = 0;
    std::size_t isut = 0, isstd = 0, leap = 0, time = 0, type = 0, chars = 0;
};

bool read_header(Bytes& in, Header& h) {
    if (!in.has(44) || in.take(4) != "TZif") {
        return false;
    }
    h.version = in.take(1)[0];
    in.skip(15);
    std::size_t* counts[] = {&h.isut, &h.isstd, &h.leap, &h.time, &h.type, &h.chars};
    for (std::size_t* count : counts) {
        *count = static_cast<std::size_t>(in.unsigned_be(4));
    }
    return h.type > 0;
}

std::size_t block_size(const Header& h, std::size_t time_size) {
    return h.time * (time_size + 1) + h.type * 6 + h.chars + h.leap * (time_size + 4) + h.isstd +
           h.isut;
}

/// A file or folder name the database holds that is not a zone (or, like "localtime", names
/// one zone differently on different machines), and the trees of zones with other rules.
bool not_a_zone(std::string_view part) {
    static constexpr std::string_view k_names[] = {"Factory",   "localtime",    "right",
                                                   "tzdata.zi", "leapseconds",  "iso3166.tab",
                                                   "zone.tab",  "zone1970.tab", "leap-seconds.list",
                                                   "+VERSION",  "version",      "SECURITY"};
    return part.empty() || part.front() == '.' || part.starts_with("posix") ||
           std::ranges::find(k_names, part) != std::end(k_names);
}

bool valid_name(std::string_view name) {
    if (name.empty() || name.front() == '/') {
        return false;
    }
    while (true) {
        const auto slash = name.find('/');
        if (not_a_zone(name.substr(0, slash))) {
            return false;
        }
        if (slash == std::string_view::npos) {
            return true;
        }
        name.remove_prefix(slash + 1);
    }
}

std::expected<std::string, std::string> read_file(const std::string& path) {
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                         &std::fclose);
    if (!file) {
        return std::unexpected(fmt::format("cannot read {}", path));
    }
    std::string data;
    char buffer[8192];
    while (std::size_t n = std::fread(buffer, 1, sizeof buffer, file.get())) {
        data.append(buffer, n);
        if (data.size() > k_max_file) {
            return std::unexpected(fmt::format("{} is not a zone file", path));
        }
    }
    if (std::ferror(file.get()) != 0) {
        return std::unexpected(fmt::format("cannot read {}", path));
    }
    return data;
}

} // namespace

std::expected<TimeZone, std::string> TimeZone::read(std::string name, const std::string& file) {
    auto data = read_file(file);
    if (!data) {
        return std::unexpected(data.error());
    }
    const auto bad = [&] { return std::unexpected(fmt::format("{} is not a zone file", file)); };
    Bytes in(*data);
    Header h;
    if (!read_header(in, h)) {
        return bad();
    }
    std::size_t time_size = 4;
    if (h.version >= '2') {
        // Version 2 and later repeat the data with 64-bit times after the 32-bit block.
        if (!in.has(block_size(h, 4))) {
            return bad();
        }
        in.skip(block_size(h, 4));
        if (!read_header(in, h)) {
            return bad();
        }
        time_size = 8;
    }
    if (!in.has(block_size(h, time_size))) {
        return bad();
    }
    std::vector<std::int64_t> at(h.time);
    for (auto& t : at) {
        t = std::max(in.signed_be(time_size), k_far_past);
    }
    std::vector<std::size_t> type_of(h.time);
    for (auto& type : type_of) {
        type = static_cast<std::size_t>(in.unsigned_be(1));
        if (type >= h.type) {
            return bad();
        }
    }
    std::vector<std::int32_t> offset(h.type);
    std::vector<bool> dst(h.type);
    for (std::size_t i = 0; i < h.type; ++i) {
        offset[i] = static_cast<std::int32_t>(in.signed_be(4));
        dst[i] = in.unsigned_be(1) != 0;
        in.skip(1);
    }

    TimeZone zone;
    zone.m_name = std::move(name);
    const auto add = [&zone](std::int64_t begin, std::int32_t off) {
        if (!zone.m_offset.empty() && zone.m_offset.back() == off) {
            return;
        }
        if (!zone.m_begin.empty() && zone.m_begin.back() == begin) {
            zone.m_offset.back() = off;
            return;
        }
        zone.m_begin.push_back(begin);
        zone.m_offset.push_back(off);
    };
    // Before its first transition a zone keeps its first standard-time type (RFC 8536 3.2).
    if (at.empty() || at.front() != k_far_past) {
        const auto standard = std::ranges::find(dst, false);
        add(k_far_past, offset[standard != dst.end() ? standard - dst.begin() : 0]);
    }
    for (std::size_t i = 0; i < at.size(); ++i) {
        if (i > 0 && at[i] <= at[i - 1]) {
            return bad();
        }
        add(at[i], offset[type_of[i]]);
    }
    return zone;
}

TimeZone TimeZone::utc(std::string name) {
    TimeZone zone;
    zone.m_name = std::move(name);
    zone.m_begin = {k_far_past};
    zone.m_offset = {0};
    return zone;
}

ZoneSpan TimeZone::span(std::size_t i) const {
    return ZoneSpan{sys_seconds{seconds{m_begin[i]}},
                    sys_seconds{seconds{i + 1 < m_begin.size() ? m_begin[i + 1] : k_far_future}},
                    seconds{m_offset[i]}};
}

ZoneSpan TimeZone::get_info(sys_seconds t) const {
    const auto after = std::ranges::upper_bound(m_begin, t.time_since_epoch().count());
    return span(after == m_begin.begin() ? 0
                                         : static_cast<std::size_t>(after - m_begin.begin()) - 1);
}

LocalInfo TimeZone::get_info(date::local_seconds t) const {
    const std::int64_t local = t.time_since_epoch().count();
    // The spans whose instants come within a day or two of the reading, in order; the reading
    // belongs to span i when local - offset(i) falls inside it.
    const auto first = std::ranges::upper_bound(m_begin, local - k_reach);
    const std::size_t lo = first == m_begin.begin() ? 0 : first - m_begin.begin() - 1;
    const std::size_t hi = std::ranges::upper_bound(m_begin, local + k_reach) - m_begin.begin();
    const auto end_of = [this](std::size_t i) {
        return i + 1 < m_begin.size() ? m_begin[i + 1] : k_far_future;
    };
    LocalInfo info;
    std::size_t found = 0;
    for (std::size_t i = lo; i < hi; ++i) {
        const std::int64_t utc = local - m_offset[i];
        if (m_begin[i] <= utc && utc < end_of(i)) {
            (found == 0 ? info.first : info.second) = span(i);
            if (++found == 2) {
                info.result = LocalInfo::ambiguous;
                return info;
            }
        }
    }
    if (found == 1) {
        return info;
    }
    // Not read at all: the clocks jumped over it, between the last span it comes after and the
    // first span it comes before.
    for (std::size_t i = lo; i + 1 < hi; ++i) {
        if (local - m_offset[i] >= end_of(i) && local - m_offset[i + 1] < m_begin[i + 1]) {
            info.result = LocalInfo::nonexistent;
            info.first = span(i);
            info.second = span(i + 1);
            return info;
        }
    }
    info.first = span(lo);
    return info;
}

sys_seconds TimeZone::to_sys(date::local_seconds t, Choose choose) const {
    const LocalInfo info = get_info(t);
    if (info.result == LocalInfo::nonexistent) {
        return info.first.end;
    }
    const auto offset = info.result == LocalInfo::ambiguous && choose == Choose::latest
                            ? info.second.offset
                            : info.first.offset;
    return sys_seconds{t.time_since_epoch() - offset};
}

std::string zone_folder() {
    const char* dir = std::getenv("TZDIR");
    return dir != nullptr && *dir != '\0' ? std::string(dir) : std::string("/usr/share/zoneinfo");
}

std::vector<std::string> zone_names() {
    namespace fs = std::filesystem;
    const fs::path root = zone_folder();
    std::vector<std::string> names;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::end(it);
         it.increment(ec)) {
        const std::string part = it->path().filename().string();
        if (not_a_zone(part)) {
            if (it->is_directory(ec)) {
                it.disable_recursion_pending();
            }
            continue;
        }
        if (it->is_regular_file(ec)) {
            names.push_back(it->path().lexically_relative(root).generic_string());
        }
    }
    std::ranges::sort(names);
    return names;
}

std::expected<const TimeZone*, ZoneError> load_zone(std::string_view name) {
    if (name == "UTC") {
        return utc_zone();
    }
    const auto unknown = [name] {
        return std::unexpected(
            ZoneError{true, fmt::format("the tz database has no zone \"{}\"", name)});
    };
    if (!valid_name(name)) {
        return unknown();
    }
    static std::mutex mutex;
    static std::map<std::string, std::unique_ptr<TimeZone>, std::less<>> zones;
    const std::scoped_lock lock(mutex);
    if (auto it = zones.find(name); it != zones.end()) {
        return it->second.get();
    }
    const std::string file = zone_folder() + "/" + std::string(name);
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec)) {
        return unknown();
    }
    auto zone = TimeZone::read(std::string(name), file);
    if (!zone) {
        return std::unexpected(ZoneError{false, zone.error()});
    }
    auto& slot = zones[std::string(name)];
    slot = std::make_unique<TimeZone>(std::move(*zone));
    return slot.get();
}

const TimeZone* utc_zone() {
    static const TimeZone zone = TimeZone::utc("UTC");
    return &zone;
}

} // namespace itsm::time
