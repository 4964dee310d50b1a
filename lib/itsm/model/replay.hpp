#pragma once
// What a ticket's history says of its current row and of the links between records, replayed
// from its events with model::apply, as the desk's commands write them. One replay for `itsm
// check`, which compares the store with it, and `itsm import`, which refuses a ticket that
// contradicts it (docs/security.md, docs/export-import.md).

#include <itsm/model/ticket.hpp>

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace itsm::model {

/// Field name -> value as text ("null" for no value); looked up by string_view too.
using Fields = std::map<std::string, std::string, std::less<>>;

/// The fields of a ticket that its history determines, after replaying `events` (oldest
/// first). A field the history does not determine is absent (an imported minimal history, a
/// description logged before descriptions were recorded).
Fields replay(const std::vector<Event>& events);

/// The same fields of a stored ticket, for comparison with replay().
Fields state_fields(const Ticket& ticket);

/// A field whose stored value is not the one its history gives.
struct Contradiction {
    std::string field;
    std::string stored;
    std::string replayed;
};

/// Every field of `state` that `history` determines otherwise, in the order of a ticket's
/// fields (status before its times, as docs/export-import.md lists them).
std::vector<Contradiction> contradictions(const Fields& history, const Fields& state);

/// The stored value of a field as text, nullopt when it is not compared.
using StoredField = std::function<std::optional<std::string>(std::string_view field)>;

/// The same, with the stored values given one by one (only those the history determines are
/// asked for): an import compares each ticket without building its fields.
std::vector<Contradiction> contradictions(const Fields& history, const StoredField& stored);

/// `status is "assigned" but its history gives "resolved"`.
std::string describe(const Contradiction& c);

/// A link row: ticket, other, relation.
using LinkRow = std::tuple<long long, long long, std::string>;

/// Where the histories leave one pair of records: the last "linked" or "unlinked" event naming
/// the pair, from either side, with the two rows a link is.
struct LinkState {
    Instant at;
    long long event = 0;
    bool linked = false;
    LinkRow forward;
    LinkRow back;
};
using LinkStates = std::map<std::pair<long long, long long>, LinkState>;

/// Adds one event of ticket `number` (of `type`) to `states`: a "linked" event records the
/// record made from it, and with it both rows (the record's relation, and the ticket's type
/// back from the record); an "unlinked" event takes both away. Other events are ignored.
void add_link_event(LinkStates& states, long long number, Type type, const Event& e);

/// The link rows the histories make.
std::set<LinkRow> expected_links(const LinkStates& states);

/// A link row that no history made (`made` false), or one the histories make that is missing.
struct LinkMismatch {
    LinkRow row;
    bool made = false;
};

/// Compares the stored `rows` with `expected`; rows and mismatches in ticket, other order.
std::vector<LinkMismatch> compare_links(std::set<LinkRow> expected,
                                        const std::vector<LinkRow>& rows);

/// `a link of ticket 1 to 2 (problem) is not in either ticket's history`, or `the history
/// links ticket 3 to 2 (incident), but the link is missing`.
std::string describe(const LinkMismatch& m);

} // namespace itsm::model
