// A loaded configuration kept between commands (cache.hpp): a digest of what it was loaded
// from, and its members in a plain binary form, one list of members per struct serving both
// ways.
#include <itsm/config/cache.hpp>
#include <itsm/config/draft.hpp>
#include <itsm/core/file_safety.hpp>
#include <itsm/core/sha256.hpp>

#include <fmt/format.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <limits>
#include <map>
#include <tuple>
#include <type_traits>
#include <vector>

namespace itsm::config::internal {

namespace {

namespace fs = std::filesystem;

// The layout of what follows the key: a member added to a struct below is added to its list,
// and this number raised.
constexpr std::string_view k_magic = "itsm-config 1\n";

// Each struct's members in the order they are written.
#define ITSM_MEMBERS(Type, ...)                                                                    \
    [[maybe_unused]] auto members(Type& x) {                                                       \
        return std::tie(__VA_ARGS__);                                                              \
    }                                                                                              \
    [[maybe_unused]] auto members(const Type& x) {                                                 \
        return std::tie(__VA_ARGS__);                                                              \
    }

ITSM_MEMBERS(calendar::TimeRange, x.start, x.end)
ITSM_MEMBERS(calendar::Date, x.year, x.month, x.day)
// The zone is found again by its name.
ITSM_MEMBERS(calendar::WindowSpec, x.name, x.zone_name, x.week, x.holidays, x.working_day)
ITSM_MEMBERS(Priority, x.id, x.name, x.description, x.response, x.resolve, x.response_text,
             x.resolve_text, x.update, x.update_text, x.window, x.types)
ITSM_MEMBERS(Calendar, x.name, x.file, x.source, x.dates, x.names, x.rules, x.windows)
ITSM_MEMBERS(Service, x.id, x.name, x.window, x.group, x.availability, x.category, x.site)
ITSM_MEMBERS(OlaTargets, x.response_text, x.resolve_text, x.response, x.resolve)
ITSM_MEMBERS(Group, x.name, x.tier, x.email, x.external, x.pause_sla, x.auto_escalate_after,
             x.auto_escalate_text, x.auto_escalate_unresolved_after,
             x.auto_escalate_unresolved_text, x.ola)
ITSM_MEMBERS(ChainLevel, x.name, x.email)
ITSM_MEMBERS(OrgContacts, x.to, x.cc)
// Not the templates: every command reads them, as without the cache.
ITSM_MEMBERS(Notify, x.command, x.spool, x.sender, x.events, x.recipients, x.orgs, x.agents)
ITSM_MEMBERS(MailIn, x.addresses, x.types, x.default_type, x.domains, x.reopen_days, x.max_size,
             x.quarantine, x.acknowledge, x.acknowledgements_per_hour)
ITSM_MEMBERS(MaintenancePolicy, x.notice, x.emergency_notice, x.notice_text,
             x.emergency_notice_text)
ITSM_MEMBERS(Knowledge, x.languages)
// Not its folder (the one it is loaded from), its zone (by name), nor versions (not kept).
ITSM_MEMBERS(Config, x.files, x.timezone, x.store_path, x.prefixes, x.default_window, x.windows,
             x.holiday_names, x.calendars, x.services, x.allow_uncatalogued, x.default_priority,
             x.priorities, x.matrix, x.groups, x.escalation_path, x.chain, x.on_breach, x.notify,
             x.maintenance, x.mail, x.knowledge, x.policy)

#undef ITSM_MEMBERS

template <class T> constexpr bool k_optional = false;
template <class T> constexpr bool k_optional<std::optional<T>> = true;
template <class T> constexpr bool k_vector = false;
template <class T> constexpr bool k_vector<std::vector<T>> = true;
template <class T> constexpr bool k_array = false;
template <class T, std::size_t N> constexpr bool k_array<std::array<T, N>> = true;
template <class T> constexpr bool k_map = false;
template <class K, class V> constexpr bool k_map<std::map<K, V>> = true;

class Writer {
public:
    explicit Writer(std::string& out) : m_out(out) {}

    template <class T> void put(const T& x) {
        if constexpr (std::is_same_v<T, bool>) {
            m_out += x ? '\1' : '\0';
        } else if constexpr (std::is_integral_v<T>) {
            number(static_cast<std::int64_t>(x));
        } else if constexpr (std::is_same_v<T, double>) {
            raw(x);
        } else if constexpr (std::is_same_v<T, time::Duration>) {
            number(x.count());
        } else if constexpr (std::is_same_v<T, std::string>) {
            number(static_cast<std::int64_t>(x.size()));
            m_out += x;
        } else if constexpr (k_optional<T>) {
            put(x.has_value());
            if (x) {
                put(*x);
            }
        } else if constexpr (k_vector<T> || k_map<T>) {
            number(static_cast<std::int64_t>(x.size()));
            for (const auto& item : x) {
                put(item);
            }
        } else if constexpr (k_array<T>) {
            for (const auto& item : x) {
                put(item);
            }
        } else if constexpr (std::is_same_v<T, calendar::Window>) {
            put(x.spec());
        } else {
            std::apply([&](const auto&... member) { (put(member), ...); }, members(x));
        }
    }

    template <class K, class V> void put(const std::pair<const K, V>& item) {
        put(item.first);
        put(item.second);
    }

private:
    template <class T> void raw(T value) {
        char bytes[sizeof value];
        std::memcpy(bytes, &value, sizeof value);
        m_out.append(bytes, sizeof value);
    }
    void number(std::int64_t value) { raw(value); }

    std::string& m_out;
};

// Bytes that are not what Writer wrote: a cut or foreign file, or a zone no longer known.
struct Unusable {};

class Reader {
public:
    explicit Reader(std::string_view in) : m_in(in) {}

    bool done() const { return m_at == m_in.size(); }

    template <class T> void get(T& x) {
        if constexpr (std::is_same_v<T, bool>) {
            const char c = take(1)[0];
            if (c != '\0' && c != '\1') {
                throw Unusable{};
            }
            x = c == '\1';
        } else if constexpr (std::is_integral_v<T>) {
            const std::int64_t value = number();
            if (value < static_cast<std::int64_t>(std::numeric_limits<T>::min()) ||
                (value > 0 && static_cast<std::uint64_t>(value) > std::numeric_limits<T>::max())) {
                throw Unusable{};
            }
            x = static_cast<T>(value);
        } else if constexpr (std::is_same_v<T, double>) {
            x = raw<double>();
        } else if constexpr (std::is_same_v<T, time::Duration>) {
            x = time::Duration(number());
        } else if constexpr (std::is_same_v<T, std::string>) {
            x = std::string(take(count()));
        } else if constexpr (k_optional<T>) {
            bool present = false;
            get(present);
            x.reset();
            if (present) {
                get(x.emplace());
            }
        } else if constexpr (k_vector<T>) {
            x.clear();
            x.resize(count());
            for (auto& item : x) {
                get(item);
            }
        } else if constexpr (k_array<T>) {
            for (auto& item : x) {
                get(item);
            }
        } else if constexpr (k_map<T>) {
            x.clear();
            for (std::size_t n = count(); n > 0; --n) {
                typename T::key_type key;
                get(key);
                if constexpr (std::is_same_v<typename T::mapped_type, calendar::Window>) {
                    calendar::WindowSpec spec;
                    get(spec);
                    x.emplace(std::move(key), calendar::Window(std::move(spec)));
                } else {
                    get(x[std::move(key)]);
                }
            }
        } else {
            std::apply([&](auto&... member) { (get(member), ...); }, members(x));
            if constexpr (std::is_same_v<T, calendar::WindowSpec>) {
                x.zone = zone(x.zone_name);
            }
        }
    }

private:
    std::string_view take(std::size_t n) {
        if (n > m_in.size() - m_at) {
            throw Unusable{};
        }
        const auto out = m_in.substr(m_at, n);
        m_at += n;
        return out;
    }
    template <class T> T raw() {
        T value;
        std::memcpy(&value, take(sizeof value).data(), sizeof value);
        return value;
    }
    std::int64_t number() { return raw<std::int64_t>(); }
    // A count of things still to read: each takes at least a byte, so a damaged count cannot
    // make a vector larger than the file.
    std::size_t count() {
        const std::int64_t n = number();
        if (n < 0 || static_cast<std::uint64_t>(n) > m_in.size() - m_at) {
            throw Unusable{};
        }
        return static_cast<std::size_t>(n);
    }
    static time::Zone zone(std::string_view name) {
        const auto found = time::find_zone(name);
        if (!found) {
            throw Unusable{}; // loaded afresh, the files' zone reads as they say
        }
        return *found;
    }

    std::string_view m_in;
    std::size_t m_at = 0;
};

// This program's file: a new build (or another version) may load the same texts differently.
std::string program_identity() {
    struct stat st {};
    if (::stat("/proc/self/exe", &st) != 0) {
        return {};
    }
    return fmt::format("{}:{}:{}:{}.{}", st.st_dev, st.st_ino, st.st_size, st.st_mtim.tv_sec,
                       st.st_mtim.tv_nsec);
}

// A cache file read is trusted as the configuration itself: it must be in a folder of this
// user's that no one else may write to, and be this user's own file (read_cache).
constexpr off_t k_max_bytes = 16 * 1024 * 1024;

bool mine_alone(const struct stat& st) {
    return st.st_uid == ::geteuid() && (st.st_mode & (S_IWGRP | S_IWOTH)) == 0;
}

bool private_folder(const fs::path& folder) {
    struct stat st {};
    return ::stat(folder.c_str(), &st) == 0 && S_ISDIR(st.st_mode) && mine_alone(st);
}

} // namespace

std::string cache_key(const Texts& texts, int year) {
    const std::string program = program_identity();
    if (program.empty()) {
        return {};
    }
    std::string material = fmt::format("{}{}\n{}\n", k_magic, program, year);
    for (const auto& [name, text] : texts) {
        material += fmt::format("{}\n{}\n", name, text.size());
        material += text;
    }
    return core::sha256_hex(material);
}

std::string encode(const Config& config, std::string_view key) {
    std::string out;
    out.reserve(16 * 1024);
    out += k_magic;
    out += key;
    out += '\n';
    Writer(out).put(config);
    return out;
}

std::optional<Config> decode(std::string_view bytes, std::string_view key) {
    if (key.empty() || !bytes.starts_with(k_magic) ||
        bytes.substr(k_magic.size(), key.size()) != key ||
        bytes.substr(k_magic.size() + key.size(), 1) != "\n") {
        return std::nullopt;
    }
    try {
        Reader in(bytes.substr(k_magic.size() + key.size() + 1));
        Config config;
        in.get(config);
        if (!in.done()) {
            return std::nullopt;
        }
        config.zone = zone_or_utc(config.timezone);
        if (config.zone == nullptr || !time::find_zone(config.timezone)) {
            return std::nullopt;
        }
        return config;
    } catch (const Unusable&) {
        return std::nullopt;
    }
}

fs::path cache_file(const fs::path& folder, const fs::path& dir) {
    std::error_code ec;
    const fs::path absolute = fs::absolute(dir, ec).lexically_normal();
    return folder / ("config-" + core::sha256_hex(absolute.string()).substr(0, 32));
}

std::optional<Config> read_cache(const fs::path& file, std::string_view key) {
    if (key.empty() || !private_folder(file.parent_path())) {
        return std::nullopt;
    }
    const int fd = ::open(file.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        return std::nullopt;
    }
    std::string bytes;
    struct stat st {};
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && mine_alone(st) &&
        st.st_size <= k_max_bytes) {
        bytes.resize(static_cast<std::size_t>(st.st_size));
        std::size_t got = 0;
        while (got < bytes.size()) {
            const ssize_t n = ::read(fd, bytes.data() + got, bytes.size() - got);
            if (n <= 0) {
                break;
            }
            got += static_cast<std::size_t>(n);
        }
        bytes.resize(got);
    }
    ::close(fd);
    return decode(bytes, key);
}

void write_cache(const fs::path& file, const Config& config, std::string_view key) {
    if (key.empty() || core::make_private_folders(file.parent_path()) ||
        !private_folder(file.parent_path())) {
        return;
    }
    const std::string bytes = encode(config, key);
    auto made =
        core::create_exclusive(file.parent_path(), file.filename().string() + ".", ".new", 0600);
    if (!made) {
        return;
    }
    std::size_t written = 0;
    while (written < bytes.size()) {
        const ssize_t n = ::write(made->fd, bytes.data() + written, bytes.size() - written);
        if (n <= 0) {
            break;
        }
        written += static_cast<std::size_t>(n);
    }
    const bool closed = ::close(made->fd) == 0;
    std::error_code ec;
    if (written == bytes.size() && closed) {
        fs::rename(made->path, file, ec);
    }
    if (written != bytes.size() || !closed || ec) {
        fs::remove(made->path, ec);
    }
}

} // namespace itsm::config::internal
