#include <itsm/model/id.hpp>
#include <itsm/model/replay.hpp>
#include <itsm/transfer/import_links.hpp>

#include <algorithm>

namespace itsm::transfer {

void LinkCheck::note(const Row& row, const std::vector<model::Event>& history, long long line) {
    const long long number = row.fields[f_number].integer;
    bool noted = false;
    for (std::size_t k = 0; k < row.n_links; ++k) {
        m_others.insert(row.links[k].other);
        noted = true;
    }
    for (const auto& e : history) {
        if (e.kind != model::EventKind::linked && e.kind != model::EventKind::unlinked) {
            continue;
        }
        noted = true;
        if (const auto it = e.detail.find(model::key::linked);
            it != e.detail.end() && it->is_string()) {
            if (const auto other = model::parse_number(it->get<std::string>())) {
                m_others.insert(*other);
            }
        }
    }
    if (noted) {
        m_noted.insert(number);
    }
    if (!m_lines.empty()) {
        Run& last = m_lines.back();
        if (number == last.number + last.count && line == last.line + last.count) {
            ++last.count;
            return;
        }
    }
    m_lines.push_back(Run{number, line, 1});
}

void LinkCheck::verify(store::Store& store) const {
    if (m_noted.empty()) {
        return;
    }
    std::set<long long> tickets = m_noted;
    tickets.insert(m_others.begin(), m_others.end());
    auto lines = m_lines;
    std::sort(lines.begin(), lines.end());
    // The line of an imported ticket; 0 when it was in the store before. An import numbers
    // each ticket once, so the runs do not overlap.
    const auto line_of = [&](long long number) {
        auto it = std::upper_bound(lines.begin(), lines.end(), number,
                                   [](long long n, const Run& run) { return n < run.number; });
        if (it == lines.begin()) {
            return 0LL;
        }
        --it;
        return number < it->number + it->count ? it->line + (number - it->number) : 0LL;
    };
    std::set<long long> stored;
    model::LinkStates states;
    std::vector<model::LinkRow> rows;
    for (const long long number : tickets) {
        const auto ticket = store.find_ticket(number);
        if (!ticket) {
            continue;
        }
        stored.insert(number);
        for (const auto& e : store.events_of(number)) {
            model::add_link_event(states, number, ticket->type, e);
        }
        for (const auto& link : store.links_of(number)) {
            rows.emplace_back(number, link.other, link.relation);
        }
    }
    // Pairs of two loaded tickets (the whole history of each is read), one of them imported.
    const auto concerned = [&](const model::LinkRow& row) {
        const auto& [a, b, relation] = row;
        return stored.contains(a) && stored.contains(b) && (line_of(a) != 0 || line_of(b) != 0);
    };
    std::set<model::LinkRow> expected;
    for (const auto& row : model::expected_links(states)) {
        if (concerned(row)) {
            expected.insert(row);
        }
    }
    std::erase_if(rows, [&](const model::LinkRow& row) { return !concerned(row); });
    const auto found = model::compare_links(std::move(expected), rows);
    if (!found.empty()) {
        const auto& [a, b, relation] = found.front().row;
        throw Bad{model::describe(found.front()), line_of(a) != 0 ? line_of(a) : line_of(b)};
    }
}

} // namespace itsm::transfer
