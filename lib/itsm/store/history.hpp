#pragma once
// A history read into the events of the one read before it, as both stores' for_each_with_events
// read many (sqlite/store.cpp, postgres/store.cpp): the events' strings and details keep their
// memory from one ticket to the next (docs/performance.md, "Reading into the same events").

#include <itsm/model/event.hpp>

#include <cstddef>
#include <utility>
#include <vector>

namespace itsm::store {

/// One ticket's events at a time, each read into an event of the histories read before it.
class History {
public:
    /// Reads one ticket's events: `next(e)` reads the ticket's next event into `e` and says
    /// whether there was one. The events returned are exactly those, valid until the next read.
    template <class Next> const std::vector<model::Event>& read(Next&& next) {
        std::size_t n = 0;
        for (;; ++n) {
            if (n == m_events.size()) {
                if (m_spare.empty()) {
                    m_events.emplace_back();
                } else {
                    m_events.push_back(std::move(m_spare.back()));
                    m_spare.pop_back();
                }
            }
            if (!next(m_events[n])) {
                break;
            }
        }
        // The events past this history are kept aside, in their order, for a longer one: a
        // detail read into one that held the same keys is read in place (model/detail.hpp),
        // where a new event's empty detail is parsed anew (docs/performance.md, "A column read
        // once").
        while (m_events.size() > n) {
            m_spare.push_back(std::move(m_events.back()));
            m_events.pop_back();
        }
        return m_events;
    }

private:
    std::vector<model::Event> m_events;
    std::vector<model::Event> m_spare; // the last event past the history at the back
};

} // namespace itsm::store
