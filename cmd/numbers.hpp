#pragma once
// Numeric options: every number on the command line is read by one validator, so a value that
// is not a finite number in the option's range (nan, inf, -1, 1e400, 99999999999999999999) is
// exit 2 naming the option, whichever command it is given to.

#include <CLI/CLI.hpp>

#include <string>

namespace itsm::cmd {

/// The values a numeric option accepts: whole numbers (or decimal fractions, when not `whole`)
/// from `min` (or above it, when `above_min`) to `max`; `says` puts that in words for messages,
/// `type` in the help ("N"; the tests find every numeric option by these names).
struct NumberRange {
    double min;
    double max;
    bool whole;
    bool above_min;
    const char* says;
    const char* type;
};

/// At most N items: a whole number from 1 to a billion.
inline constexpr NumberRange k_count{.min = 1,
                                     .max = 1e9,
                                     .whole = true,
                                     .above_min = false,
                                     .says = "a whole number from 1 to 1000000000",
                                     .type = "N"};
/// A customer's satisfaction: 1 (very unhappy) to 5 (very happy).
inline constexpr NumberRange k_satisfaction{.min = 1,
                                            .max = 5,
                                            .whole = true,
                                            .above_min = false,
                                            .says = "a whole number from 1 to 5",
                                            .type = "1-5"};
/// The at-risk fraction of a target: above 0, at most 1.
inline constexpr NumberRange k_fraction{.min = 0,
                                        .max = 1,
                                        .whole = false,
                                        .above_min = true,
                                        .says = "a fraction above 0 and at most 1, e.g. 0.75",
                                        .type = "FRACTION"};

/// Why `text` is not a number in `range`, or "" when it is one.
std::string number_problem(const std::string& text, const NumberRange& range);

/// Adds option `name` (e.g. "--limit") checked against `range` before CLI11 converts it.
template <class T>
CLI::Option* add_number(CLI::App* command, const std::string& name, T& target,
                        const std::string& help, const NumberRange& range) {
    return command->add_option(name, target, help)
        ->check(CLI::Validator([range](std::string& text) { return number_problem(text, range); },
                               "", "number"))
        ->type_name(range.type);
}

} // namespace itsm::cmd
