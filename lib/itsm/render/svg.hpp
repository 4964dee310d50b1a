#pragma once
// Small self-contained SVG charts (no script, no external fonts or styles) for HTML reports.

#include <optional>
#include <string>
#include <vector>

namespace itsm::render {

/// One data series: a value per category (nullopt where there is none, e.g. "n/a").
struct Series {
    std::string name;
    std::string color; // a CSS colour, e.g. "#2f6fb0"
    std::vector<std::optional<double>> values;
};

/// Categories along one axis and the series plotted over them.
struct Chart {
    std::string title;               // the accessible name (<title>)
    std::vector<std::string> labels; // one per category
    std::vector<Series> series;
    std::optional<double> max; // the value axis' end; default: the data's, made round
    std::string unit;          // after value labels, e.g. "%"
    int width = 760;
    int height = 280;
};

/// Vertical bars, the series side by side in each category; an empty chart says "no data".
std::string bar_chart(const Chart& chart);

/// One line per series with a marker at each value; gaps where a value is missing.
std::string line_chart(const Chart& chart);

/// Horizontal bars, one row per category, each bar labelled with its value (or "n/a").
std::string hbar_chart(const Chart& chart);

/// A round axis end at or above `value` (1, 2 or 5 times a power of ten; at least 1).
double nice_ceiling(double value);

} // namespace itsm::render
