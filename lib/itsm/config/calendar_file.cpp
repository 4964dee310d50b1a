// The calendar files `itsm calendar import` writes (calendars/NAME.toml), and what an import
// changes in them.
#include <itsm/config/calendars.hpp>
#include <itsm/config/draft.hpp>
#include <itsm/core/error.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <map>
#include <sys/stat.h>
#include <unistd.h>

namespace itsm::config {

std::vector<NamedDate> named_dates(const Calendar& cal) {
    std::vector<NamedDate> out;
    for (const auto& date : cal.dates) {
        auto name = cal.names.find(date);
        out.push_back({date, name == cal.names.end() ? std::string{} : name->second});
    }
    std::sort(out.begin(), out.end(),
              [](const NamedDate& a, const NamedDate& b) { return a.date < b.date; });
    return out;
}

CalendarChange diff_calendars(const std::vector<NamedDate>& before,
                              const std::vector<NamedDate>& after) {
    std::map<calendar::Holiday, const NamedDate*> old_days;
    std::map<calendar::Holiday, const NamedDate*> new_days;
    for (const auto& d : before) {
        old_days.emplace(d.date, &d);
    }
    for (const auto& d : after) {
        new_days.emplace(d.date, &d);
    }
    CalendarChange change;
    for (const auto& [date, day] : new_days) {
        auto old = old_days.find(date);
        if (old == old_days.end()) {
            change.added.push_back(*day);
        } else if (old->second->name != day->name) {
            change.renamed.emplace_back(*old->second, *day);
        }
    }
    for (const auto& [date, day] : old_days) {
        if (!new_days.contains(date)) {
            change.removed.push_back(*day);
        }
    }
    return change;
}

std::string calendar_file_text(std::string_view name, std::string_view source,
                               const std::vector<NamedDate>& days) {
    // A TOML basic string, as the documentation writes them (UTF-8 kept as it is).
    auto quote = [](std::string_view text) {
        std::string out = "\"";
        for (char c : text) {
            auto u = static_cast<unsigned char>(c);
            if (c == '"' || c == '\\') {
                out += '\\';
                out += c;
            } else if (u < 0x20 || u == 0x7f) {
                constexpr const char* k_hex = "0123456789ABCDEF";
                out += "\\u00";
                out += k_hex[u >> 4];
                out += k_hex[u & 15];
            } else {
                out += c;
            }
        }
        return out + "\"";
    };
    std::string out = "# Calendar `" + std::string(name) +
                      "`, written by 'itsm calendar import'. Import the feed again rather than\n"
                      "# editing this file; windows use it with calendars = [\"" +
                      std::string(name) + "\"].\n";
    out += "source = " + quote(source) + "\n";
    out += "dates = [\n";
    for (const auto& day : days) {
        std::string date = quote(internal::format_holiday(day.date));
        out += day.name.empty() ? "  " + date + ",\n"
                                : "  { date = " + date + ", name = " + quote(day.name) + " },\n";
    }
    out += "]\n";
    return out;
}

void write_calendar_file(const std::filesystem::path& path, const std::string& text) {
    auto folder = path.parent_path();
    std::error_code ec;
    std::filesystem::create_directories(folder, ec);
    std::string tmp = (folder / ("." + path.filename().string() + ".XXXXXX")).string();
    int fd = ::mkstemp(tmp.data());
    if (fd < 0) {
        throw UsageError("cannot write a calendar in " + folder.string() + ": " +
                         std::strerror(errno) + "; check the folder exists and is writable");
    }
    // Each step runs only while the ones before it succeeded; errno is the first failure's.
    int error = 0;
    for (std::size_t done = 0; error == 0 && done < text.size();) {
        ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno != EINTR) {
            error = errno;
        }
        done += n > 0 ? std::size_t(n) : 0;
    }
    if (error == 0 && (::fchmod(fd, 0644) != 0 || ::fsync(fd) != 0)) {
        error = errno;
    }
    if (::close(fd) != 0 && error == 0) {
        error = errno;
    }
    if (error == 0 && ::rename(tmp.c_str(), path.c_str()) != 0) {
        error = errno;
    }
    if (error != 0) {
        ::unlink(tmp.c_str());
        throw UsageError("cannot write " + path.string() + ": " + std::strerror(error) +
                         "; nothing was changed");
    }
}

} // namespace itsm::config
