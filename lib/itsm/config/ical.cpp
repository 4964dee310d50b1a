// iCalendar holiday feeds through libical, loaded with dlopen on first use (see ical.hpp).
#include <itsm/config/ical.hpp>

#include <libical/ical.h>

#include <algorithm>
#include <chrono>
#include <dlfcn.h>
#include <map>

namespace itsm::config {

namespace {

namespace chr = std::chrono;

constexpr int k_max_occurrences = 5000;
constexpr int k_max_span_days = 366;

// The libical functions used, resolved by name from the shared library.
struct Ical {
    decltype(&icalparser_parse_string) parse_string = nullptr;
    decltype(&icalcomponent_free) free_component = nullptr;
    decltype(&icalcomponent_isa) isa = nullptr;
    decltype(&icalcomponent_get_first_component) first_component = nullptr;
    decltype(&icalcomponent_get_next_component) next_component = nullptr;
    decltype(&icalcomponent_get_dtstart) dtstart = nullptr;
    decltype(&icalcomponent_get_dtend) dtend = nullptr;
    decltype(&icalcomponent_get_summary) summary = nullptr;
    decltype(&icalcomponent_get_status) status = nullptr;
    decltype(&icalcomponent_get_first_property) first_property = nullptr;
    decltype(&icalproperty_get_rrule) rrule = nullptr;
    decltype(&icalrecur_iterator_new) iterator_new = nullptr;
    decltype(&icalrecur_iterator_next) iterator_next = nullptr;
    decltype(&icalrecur_iterator_free) iterator_free = nullptr;
    decltype(&icaltime_is_null_time) is_null = nullptr;
};

std::expected<const Ical*, std::string> load_ical() {
    static Ical ical;
    static std::string error;
    static bool tried = false;
    if (!tried) {
        tried = true;
        void* lib = ::dlopen("libical.so.3", RTLD_NOW | RTLD_LOCAL);
        if (lib == nullptr) {
            error = std::string("reading iCalendar needs libical (Debian package libical3): ") +
                    ::dlerror();
        }
        auto bind = [&](auto& fn, const char* name) {
            if (lib != nullptr && error.empty()) {
                fn = reinterpret_cast<std::remove_reference_t<decltype(fn)>>(::dlsym(lib, name));
                if (fn == nullptr) {
                    error = std::string("libical has no ") + name + "; install libical3";
                }
            }
        };
        bind(ical.parse_string, "icalparser_parse_string");
        bind(ical.free_component, "icalcomponent_free");
        bind(ical.isa, "icalcomponent_isa");
        bind(ical.first_component, "icalcomponent_get_first_component");
        bind(ical.next_component, "icalcomponent_get_next_component");
        bind(ical.dtstart, "icalcomponent_get_dtstart");
        bind(ical.dtend, "icalcomponent_get_dtend");
        bind(ical.summary, "icalcomponent_get_summary");
        bind(ical.status, "icalcomponent_get_status");
        bind(ical.first_property, "icalcomponent_get_first_property");
        bind(ical.rrule, "icalproperty_get_rrule");
        bind(ical.iterator_new, "icalrecur_iterator_new");
        bind(ical.iterator_next, "icalrecur_iterator_next");
        bind(ical.iterator_free, "icalrecur_iterator_free");
        bind(ical.is_null, "icaltime_is_null_time");
    }
    if (!error.empty()) {
        return std::unexpected(error);
    }
    return &ical;
}

chr::sys_days days_of(const icaltimetype& t) {
    return chr::sys_days{chr::year{t.year} / chr::month{unsigned(t.month)} /
                         chr::day{unsigned(t.day)}};
}

calendar::Holiday holiday_of(chr::sys_days day) {
    chr::year_month_day ymd{day};
    return {int(ymd.year()), unsigned(ymd.month()), unsigned(ymd.day())};
}

bool valid_time(const icaltimetype& t) {
    return t.year >= 1 && t.year <= 9999 && t.month >= 1 && t.month <= 12 && t.day >= 1 &&
           t.day <= 31 &&
           chr::year_month_day{chr::year{t.year}, chr::month{unsigned(t.month)},
                               chr::day{unsigned(t.day)}}
               .ok();
}

// A yearly rule with nothing but the start's own month and day: the same date every year.
bool plain_yearly(const icalrecurrencetype& r, const icaltimetype& start) {
    auto only = [](const short* list, int value) {
        return list[0] == ICAL_RECURRENCE_ARRAY_MAX ||
               (list[0] == value && list[1] == ICAL_RECURRENCE_ARRAY_MAX);
    };
    return r.freq == ICAL_YEARLY_RECURRENCE && r.count == 0 && r.until.year == 0 &&
           r.interval == 1 && r.by_day[0] == ICAL_RECURRENCE_ARRAY_MAX &&
           r.by_year_day[0] == ICAL_RECURRENCE_ARRAY_MAX &&
           r.by_week_no[0] == ICAL_RECURRENCE_ARRAY_MAX &&
           r.by_set_pos[0] == ICAL_RECURRENCE_ARRAY_MAX && only(r.by_month_day, start.day) &&
           only(r.by_month, start.month);
}

} // namespace

std::expected<FeedDays, std::string> read_ical(const std::string& text, int last_year) {
    auto ical = load_ical();
    if (!ical) {
        return std::unexpected(ical.error());
    }
    const Ical& lib = **ical;
    if (text.find("BEGIN:VCALENDAR") == std::string::npos) {
        return std::unexpected("it is not an iCalendar file (no BEGIN:VCALENDAR)");
    }
    icalcomponent* root = lib.parse_string(text.c_str());
    if (root == nullptr) {
        return std::unexpected("it is not an iCalendar file libical can read");
    }
    std::map<calendar::Holiday, std::string> days;
    FeedDays out;
    int events = 0;
    auto add = [&](calendar::Holiday day, const char* name) {
        days.emplace(day, name == nullptr ? std::string{} : std::string(name));
    };
    for (icalcomponent* event = lib.first_component(root, ICAL_VEVENT_COMPONENT); event != nullptr;
         event = lib.next_component(root, ICAL_VEVENT_COMPONENT)) {
        ++events;
        icaltimetype start = lib.dtstart(event);
        if (lib.status(event) == ICAL_STATUS_CANCELLED || lib.is_null(start) ||
            !valid_time(start)) {
            ++out.skipped;
            continue;
        }
        const char* name = lib.summary(event);
        icaltimetype end = lib.dtend(event);
        int span = 1;
        if (!lib.is_null(end) && valid_time(end)) {
            auto count = (days_of(end) - days_of(start)).count();
            // An all-day end is the day after the last; a timed event ends on its last day.
            span = int(std::clamp<long>(start.is_date ? count : count + 1, 1, k_max_span_days));
        }
        auto add_span = [&](chr::sys_days first) {
            for (int i = 0; i < span; ++i) {
                add(holiday_of(first + chr::days{i}), name);
            }
        };
        icalproperty* rule_property = lib.first_property(event, ICAL_RRULE_PROPERTY);
        if (rule_property == nullptr) {
            add_span(days_of(start));
            continue;
        }
        icalrecurrencetype rule = lib.rrule(rule_property);
        if (plain_yearly(rule, start) && span == 1) {
            add({0, unsigned(start.month), unsigned(start.day)}, name);
            continue;
        }
        icalrecur_iterator* it = lib.iterator_new(rule, start);
        if (it == nullptr) {
            ++out.skipped;
            continue;
        }
        int n = 0;
        for (icaltimetype next = lib.iterator_next(it);
             !lib.is_null(next) && next.year <= last_year && n < k_max_occurrences;
             next = lib.iterator_next(it), ++n) {
            if (valid_time(next)) {
                add_span(days_of(next));
            }
        }
        lib.iterator_free(it);
    }
    lib.free_component(root);
    if (events == 0) {
        return std::unexpected("it holds no events (VEVENT)");
    }
    for (auto& [day, name] : days) {
        out.days.push_back({day, name});
    }
    return out;
}

} // namespace itsm::config
