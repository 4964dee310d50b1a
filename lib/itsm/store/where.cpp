#include <itsm/store/where.hpp>

#include <fmt/format.h>

namespace itsm::store {

Where where_of(const Filter& f, const std::string& prefix, Placeholders placeholders) {
    Where w;
    auto add = [&](const std::string& clause) {
        w.sql += (w.sql.empty() ? " WHERE " : " AND ") + clause;
    };
    // The next parameter's placeholder, for the value just added.
    auto param = [&]() -> std::string {
        return placeholders == Placeholders::numbered ? fmt::format("${}", w.values.size()) : "?";
    };
    if (!f.statuses.empty()) {
        std::string in;
        for (auto s : f.statuses) {
            w.values.emplace_back(std::string(model::to_string(s)));
            in += (in.empty() ? "" : ", ") + param();
        }
        add(prefix + "status IN (" + in + ")");
    }
    if (f.open_only) {
        // Not `NOT IN (...)`: for a list SQLite tests the value for NULL with a bitwise AND that
        // turns each status's text into a number, twice a row (docs/performance.md, "A column
        // read once").
        add(prefix + "status <> 'resolved' AND " + prefix + "status <> 'closed'");
    }
    auto text = [&](const std::string& value, const char* column) {
        if (!value.empty()) {
            w.values.emplace_back(value);
            add(prefix + column + " = " + param());
        }
    };
    text(f.priority, "priority");
    text(f.group, "grp");
    text(f.assignee, "assignee");
    text(f.service, "service");
    if (f.type) {
        w.values.emplace_back(std::string(model::to_string(*f.type)));
        add(prefix + "type = " + param());
    }
    if (f.opened_since) {
        w.values.emplace_back(static_cast<std::int64_t>(time::to_epoch(*f.opened_since)));
        add(prefix + "opened_at >= " + param());
    }
    if (f.opened_until) {
        w.values.emplace_back(static_cast<std::int64_t>(time::to_epoch(*f.opened_until)));
        add(prefix + "opened_at < " + param());
    }
    return w;
}

} // namespace itsm::store
