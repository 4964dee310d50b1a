#pragma once
// Ticket ids as people and events write them: "INC-42", "inc-42", "42" (docs/lifecycle.md).

#include <itsm/model/ticket.hpp>

#include <compare>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace itsm::model {

/// Record type name ("incident") -> id prefix ("INC"), as `[prefixes]` in itsm.toml sets them.
using Prefixes = std::map<std::string, std::string>;

/// A ticket's id: its number, and the prefix of its type when the id names one.
class TicketId {
public:
    /// Ticket `number` with `prefix` ("" for none).
    TicketId(std::string prefix, long long number);

    /// Parses "INC-42", "inc-42" (the prefix upper-cased) or "42": 1 to 5 letters, a dash, a
    /// positive number of at most 18 digits; nullopt when malformed.
    static std::optional<TicketId> parse(std::string_view text);

    /// The id of ticket `number` of `type` with the configured prefixes ("T" for a type that
    /// has none).
    static TicketId of(const Prefixes& prefixes, Type type, long long number);

    /// The same for a type as the store names it ("incident"); "T" for a name that is no type.
    static TicketId of(const Prefixes& prefixes, std::string_view type, long long number);

    long long number() const { return m_number; }
    /// "INC"; "" for an id written as a number alone.
    const std::string& prefix() const { return m_prefix; }

    /// "INC-42", or "42" without a prefix.
    std::string to_string() const;

    /// Appends to_string() to `out`, for a writer that builds its output in one buffer.
    void append_to(std::string& out) const;

    friend bool operator==(const TicketId&, const TicketId&) = default;
    friend auto operator<=>(const TicketId&, const TicketId&) = default;

private:
    std::string m_prefix;
    long long m_number = 0;
};

/// The prefix of `type` in `prefixes`; "T" when it has none.
std::string_view prefix_of(const Prefixes& prefixes, Type type);

/// Parses a ticket id ("INC-42", "inc-42", "42") into its number; nullopt when malformed.
std::optional<long long> parse_number(std::string_view id);

/// True when `prefix` ("INC") is the configured prefix of a type.
bool is_configured(const Prefixes& prefixes, std::string_view prefix);

} // namespace itsm::model
