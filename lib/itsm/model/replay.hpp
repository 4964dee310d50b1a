#pragma once
// What a ticket's history says of its current row and of the links between records, replayed
// from its events with model::apply, as the desk's commands write them. One replay for `itsm
// check`, which compares the store with it, and `itsm import`, which refuses a ticket that
// contradicts it (docs/security.md, docs/export-import.md).

#include <itsm/model/ticket.hpp>

#include <array>
#include <bit>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace itsm::model {

/// The fields of a ticket that its history determines, in the order they are compared and
/// reported (status before its times, as docs/export-import.md lists them).
inline constexpr std::array<std::string_view, 24> k_compared_fields{"type",
                                                                    "title",
                                                                    "description",
                                                                    "status",
                                                                    "priority",
                                                                    "service",
                                                                    "group",
                                                                    "assignee",
                                                                    "requester",
                                                                    "email",
                                                                    "org",
                                                                    "channel",
                                                                    "opened_at",
                                                                    "responded_at",
                                                                    "resolved_at",
                                                                    "closed_at",
                                                                    "updated_at",
                                                                    "tier",
                                                                    "escalation_level",
                                                                    "resolution",
                                                                    "resolution_code",
                                                                    "satisfaction",
                                                                    "comment",
                                                                    "hold_reason"};

namespace detail {
constexpr std::uint32_t field_bits(std::initializer_list<std::string_view> names) {
    std::uint32_t bits = 0;
    for (std::size_t i = 0; i < k_compared_fields.size(); ++i) {
        for (const auto name : names) {
            bits |= name == k_compared_fields[i] ? std::uint32_t{1} << i : 0;
        }
    }
    return bits;
}
} // namespace detail

/// The compared fields that are instants, by their place in k_compared_fields (bit i).
inline constexpr std::uint32_t k_instant_fields =
    detail::field_bits({"opened_at", "responded_at", "resolved_at", "closed_at", "updated_at"});
/// The compared fields that are numbers: the instants, as seconds since the epoch, and the
/// tier, escalation level and satisfaction. The others are text.
inline constexpr std::uint32_t k_number_fields =
    k_instant_fields | detail::field_bits({"tier", "escalation_level", "satisfaction"});

static_assert(std::popcount(k_instant_fields) == 5 && std::popcount(k_number_fields) == 8,
              "every name above is a compared field");

constexpr bool is_number_field(std::size_t i) {
    return (k_number_fields >> i & 1U) != 0;
}

constexpr bool is_instant_field(std::size_t i) {
    return (k_instant_fields >> i & 1U) != 0;
}

/// The compared fields' values by their place in k_compared_fields, texts as text and numbers
/// as numbers (no value: nullopt), and which of them are determined: a history may leave some
/// open (an imported minimal history, a description logged before descriptions were recorded).
/// Held as arrays rather than a map by name, and the numbers unformatted: `check` and `import`
/// build two for every ticket, and format a value only to report it.
struct Fields {
    std::array<std::string, k_compared_fields.size()> texts;
    std::array<std::optional<std::int64_t>, k_compared_fields.size()> numbers;
    std::uint32_t determined = 0; // bit i: k_compared_fields[i]

    bool has(std::size_t i) const { return (determined >> i & 1U) != 0; }
    /// Nothing determined (a history without its "logged" event).
    bool empty() const { return determined == 0; }
    /// Field i as reported: its text, an instant in UTC, a number, or "null" for no value.
    std::string text(std::size_t i) const;
    /// text() of the field `name`, nullopt when it is not determined.
    std::optional<std::string> find(std::string_view name) const;
    /// Field i holds the same value in both.
    bool same(std::size_t i, const Fields& other) const {
        return is_number_field(i) ? numbers[i] == other.numbers[i] : texts[i] == other.texts[i];
    }
    /// The same fields determined, with the same values.
    bool operator==(const Fields& other) const;
};

/// The fields that replaying `events` (oldest first) determines, into `out` (its strings'
/// memory kept).
void replay(const std::vector<Event>& events, Fields& out);
Fields replay(const std::vector<Event>& events);

/// Every field of a stored ticket, for comparison with replay().
void state_fields(const Ticket& ticket, Fields& out);
Fields state_fields(const Ticket& ticket);

/// A field whose stored value is not the one its history gives.
struct Contradiction {
    std::string field;
    std::string stored;
    std::string replayed;
};

/// Every field that `history` determines and `state` holds otherwise, in k_compared_fields'
/// order.
std::vector<Contradiction> contradictions(const Fields& history, const Fields& state);

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
