#pragma once
// A history read into the events of the one read before it, as both stores' for_each_with_events
// read many (sqlite/store.cpp, postgres/store.cpp): the events' strings and details keep their
// memory from one ticket to the next (docs/performance.md, "Reading into the same events").

#include <itsm/model/event.hpp>

#include <cstddef>
#include <vector>

namespace itsm::store {

/// Fills `batch` with one ticket's events: `next(e)` reads the ticket's next event into `e` and
/// says whether there was one. `batch` ends with exactly those events.
template <class Next> void read_history(std::vector<model::Event>& batch, Next&& next) {
    std::size_t n = 0;
    for (;; ++n) {
        if (n == batch.size()) {
            batch.emplace_back();
        }
        if (!next(batch[n])) {
            break;
        }
    }
    batch.resize(n);
}

} // namespace itsm::store
