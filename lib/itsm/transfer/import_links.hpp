#pragma once
// The links an import brings, held to the histories that make them (model/replay.hpp) once
// every row is written: a link row is one that a "linked" event made, and every link such an
// event made is there, as `itsm check` wants them.

#include <itsm/model/ticket.hpp>
#include <itsm/store/store.hpp>
#include <itsm/transfer/import_row.hpp>

#include <set>
#include <utility>
#include <vector>

namespace itsm::transfer {

class LinkCheck {
public:
    /// Notes every completed row, read at `line`, and what it has of links; `history` is its
    /// parsed events (complete()).
    void note(const Row& row, const std::vector<model::Event>& history, long long line);

    /// After every row is written, inside the import's transaction: the pairs of tickets a
    /// noted row has a link or an event about, both in the store, have exactly the link rows
    /// their histories make. A link to a ticket the store does not have (yet) is left for the
    /// import that brings it (docs/export-import.md). Throws Bad at the line of the imported
    /// ticket concerned.
    void verify(store::Store& store) const;

private:
    // Every ticket imported and its line, as runs of consecutive numbers on consecutive lines:
    // an export's rows come so, and ten million tickets then take a few runs, not 160 MB.
    struct Run {
        long long number = 0;
        long long line = 0;
        long long count = 0;
        auto operator<=>(const Run&) const = default;
    };
    std::vector<Run> m_lines;
    std::set<long long> m_noted;  // the tickets with links or events about links
    std::set<long long> m_others; // the tickets they name
};

} // namespace itsm::transfer
