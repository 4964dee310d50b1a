// priorities.toml: the priorities in rank order, the default, and the impact x urgency matrix.
#include <itsm/config/draft.hpp>
#include <itsm/config/suggest.hpp>

#include <algorithm>
#include <array>

namespace itsm::config::internal {

namespace {

constexpr std::array<std::string_view, 3> k_top_priorities = {"default", "priority", "matrix"};
constexpr std::array<std::string_view, 8> k_priority = {
    "id", "name", "description", "response", "resolve", "update", "window", "types"};

bool valid_id(std::string_view id) {
    return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
               c == '-' || c == '_' || c == '.';
    });
}

// "; did you mean `high`?" or "; levels are `high`, `medium`, `low`".
std::string level_hint(const std::string& level) {
    auto best = closest(level, matrix_levels());
    return best.empty() ? "; levels are " + quoted_list(matrix_levels())
                        : "; did you mean `" + best + "`?";
}

void read_priority(Draft& draft, Reporter& rep, const toml::node& node) {
    const auto* table = read_table(rep, node, "priority", "[[priority]] id = \"P1\"");
    if (table == nullptr) {
        return;
    }
    check_keys(rep, *table, k_priority, "in [[priority]]");
    Priority priority;
    PriorityPos pos;
    pos.table = pos_of(*table);
    pos.id = pos.table;
    auto text_of = [&](std::string_view key, std::string_view example, Pos* where) {
        const auto* value = table->get(key);
        if (value == nullptr) {
            return static_cast<const std::string*>(nullptr);
        }
        if (where != nullptr) {
            *where = pos_of(*value);
        }
        return read_string(rep, *value, key, example);
    };
    if (const auto* id = text_of("id", "\"P1\"", &pos.id)) {
        if (!valid_id(*id)) {
            rep.error(pos.id, "priority id \"" + *id +
                                  "\" must be letters, digits, '-', '_' or '.', e.g. \"P3a\"");
        }
        priority.id = *id;
    } else if (table->get("id") == nullptr) {
        rep.error(pos.table, "[[priority]] has no `id`; add one, e.g. id = \"P1\"");
    }
    if (const auto* name = text_of("name", "\"Critical incident\"", nullptr)) {
        priority.name = *name;
        check_name(rep, pos_of(*table->get("name")), "priority name", *name);
    }
    if (priority.name.empty()) {
        priority.name = priority.id;
    }
    if (const auto* description = text_of("description", "\"Affects many users\"", nullptr)) {
        priority.description = *description;
    }
    if (const auto* response = text_of("response", "\"1h\"", &pos.response)) {
        priority.response_text = *response;
    }
    if (const auto* resolve = text_of("resolve", "\"4h\"", &pos.resolve)) {
        priority.resolve_text = *resolve;
    }
    if (const auto* update = text_of("update", "\"end-of-day\"", &pos.update)) {
        priority.update_text = *update;
    }
    if (const auto* window = text_of("window", "\"extended\"", &pos.window)) {
        priority.window = *window;
        if (window->empty()) {
            rep.error(pos.window, "`window` is empty; name a window or leave the key out");
        }
    }
    if (const auto* node = table->get("types")) {
        if (auto types = read_string_list(rep, *node, "types", "[\"incident\", \"request\"]")) {
            priority.types.clear();
            for (const auto& type : *types) {
                if (std::find(k_record_types.begin(), k_record_types.end(), type.value) ==
                    k_record_types.end()) {
                    rep.error(type.pos, "unknown record type `" + type.value +
                                            "` in `types`; the types are incident, request, "
                                            "problem, change and interaction");
                } else if (!priority.measures(type.value)) {
                    priority.types.push_back(type.value);
                }
            }
        }
    }
    if (!priority.id.empty()) {
        for (std::size_t i = 0; i < draft.config.priorities.size(); ++i) {
            if (draft.config.priorities[i].id == priority.id) {
                rep.error(pos.id, "priority `" + priority.id +
                                      "` is defined twice (first at line " +
                                      std::to_string(draft.priority_pos[i].id.line) +
                                      "); give each priority a unique id");
                return;
            }
        }
    }
    draft.config.priorities.push_back(std::move(priority));
    draft.priority_pos.push_back(pos);
}

void read_matrix(Draft& draft, Reporter& rep, const toml::node& node) {
    const auto* table = read_table(rep, node, "matrix",
                                   "[matrix] high = { high = \"P1\", medium = \"P2\", low = "
                                   "\"P3\" }");
    if (table == nullptr) {
        return;
    }
    draft.matrix_given = true;
    draft.matrix_pos = pos_of(*table);
    const auto& levels = matrix_levels();
    for (auto&& [impact_key, row_node] : *table) {
        std::string impact(impact_key.str());
        if (std::find(levels.begin(), levels.end(), impact) == levels.end()) {
            rep.error(pos_of(impact_key),
                      "unknown impact level `" + impact + "` in [matrix]" + level_hint(impact));
            continue;
        }
        const auto* row = read_table(rep, row_node, impact,
                                     impact + " = { high = \"P1\", medium = \"P2\", low = "
                                              "\"P3\" }");
        if (row == nullptr) {
            continue;
        }
        for (auto&& [urgency_key, cell] : *row) {
            std::string urgency(urgency_key.str());
            if (std::find(levels.begin(), levels.end(), urgency) == levels.end()) {
                rep.error(pos_of(urgency_key), "unknown urgency level `" + urgency +
                                                   "` in [matrix] " + impact + level_hint(urgency));
                continue;
            }
            const auto* id = read_string(rep, cell, urgency, "\"P2\"");
            if (id == nullptr) {
                continue;
            }
            draft.config.matrix[impact][urgency] = *id;
            draft.matrix_cells.push_back(MatrixCell{impact, urgency, Located{*id, pos_of(cell)}});
        }
    }
    std::vector<std::string> missing;
    for (const auto& impact : levels) {
        for (const auto& urgency : levels) {
            auto row = draft.config.matrix.find(impact);
            if (row == draft.config.matrix.end() || !row->second.contains(urgency)) {
                missing.push_back(impact + "/" + urgency);
            }
        }
    }
    if (!missing.empty()) {
        std::string list;
        for (const auto& cell : missing) {
            list += (list.empty() ? "" : ", ") + cell;
        }
        rep.warning(draft.matrix_pos, "[matrix] is incomplete: no priority for impact/urgency " +
                                          list + "; tickets logged with those need --priority");
    }
}

} // namespace

const std::vector<std::string>& matrix_levels() {
    static const std::vector<std::string> levels = {"high", "medium", "low"};
    return levels;
}

std::vector<Priority> default_priorities() {
    auto make = [](const char* id, const char* name, const char* description, const char* response,
                   const char* resolve) {
        Priority p;
        p.id = id;
        p.name = name;
        p.description = description;
        p.response_text = response;
        p.resolve_text = resolve;
        return p;
    };
    return {make("P1", "Critical", "A service is down for many users; no workaround", "30m", "4h"),
            make("P2", "High", "A service is degraded for many users, or down for one", "1h", "8h"),
            make("P3", "Medium", "One user is affected; a workaround exists", "4h", "24h"),
            make("P4", "Low", "A question, a request or a minor fault", "8h", "72h")};
}

std::map<std::string, std::map<std::string, std::string>> default_matrix() {
    return {{"high", {{"high", "P1"}, {"medium", "P2"}, {"low", "P3"}}},
            {"medium", {{"high", "P2"}, {"medium", "P3"}, {"low", "P4"}}},
            {"low", {{"high", "P3"}, {"medium", "P4"}, {"low", "P4"}}}};
}

void read_priorities(Draft& draft, const toml::table* root) {
    Reporter rep(draft.diagnostics, k_priorities_file);
    Config& config = draft.config;
    if (root == nullptr) {
        config.priorities = default_priorities();
        config.default_priority = "P4";
        config.matrix = default_matrix();
        draft.priority_pos.assign(config.priorities.size(), PriorityPos{});
        return;
    }
    check_keys(rep, *root, k_top_priorities, "");
    if (const auto* node = root->get("default")) {
        if (const auto* text = read_string(rep, *node, "default", "\"P4\"")) {
            draft.default_priority = Located{*text, pos_of(*node)};
        }
    }
    if (const auto* node = root->get("priority")) {
        if (const auto* array = read_array(rep, *node, "priority", "[[priority]] id = \"P1\"")) {
            for (const auto& element : *array) {
                read_priority(draft, rep, element);
            }
            if (array->empty()) {
                rep.error(pos_of(*node), "`priority` is empty; define at least one [[priority]] "
                                         "with an id and its targets, e.g. id = \"P1\", "
                                         "response = \"1h\", resolve = \"4h\"");
            }
        }
    } else {
        rep.error(Pos{1, 1}, "priorities.toml defines no [[priority]]; define at least one with "
                             "an id and its targets, e.g. id = \"P1\", response = \"1h\", "
                             "resolve = \"4h\"");
    }
    if (const auto* node = root->get("matrix")) {
        read_matrix(draft, rep, *node);
    }
    if (draft.default_priority) {
        config.default_priority = draft.default_priority->value;
    } else if (!config.priorities.empty()) {
        config.default_priority = config.priorities.back().id;
    }
}

} // namespace itsm::config::internal

namespace itsm::config {

bool Priority::measures(std::string_view type) const {
    return std::find(types.begin(), types.end(), type) != types.end();
}

} // namespace itsm::config
