#include <itsm/render/markup.hpp>
#include <itsm/render/svg.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace itsm::render {

namespace {

constexpr const char* k_font = "font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\"";

// A number for SVG attributes: at most one decimal, no trailing ".0".
std::string num(double v) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.1f", v);
    std::string s(buffer);
    if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) {
        s.resize(s.size() - 2);
    }
    if (s == "-0") {
        s = "0";
    }
    return s;
}

// A value as shown on an axis: whole numbers without decimals.
std::string value_text(double v, const std::string& unit) {
    return num(v) + unit;
}

// A value as shown on a bar or a tooltip: percentages always with one decimal, like tables.
std::string label_text(double v, const std::string& unit) {
    if (unit != "%") {
        return value_text(v, unit);
    }
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.1f%%", v);
    return buffer;
}

struct Frame {
    double left = 52, right = 16, top = 34, bottom = 44;
    double width = 0, height = 0;
    double plot_w() const { return width - left - right; }
    double plot_h() const { return height - top - bottom; }
};

std::string open_svg(const Chart& c) {
    std::string out = "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"" +
                      std::to_string(c.width) + "\" height=\"" + std::to_string(c.height) +
                      "\" viewBox=\"0 0 " + std::to_string(c.width) + " " +
                      std::to_string(c.height) + "\" " + k_font + " font-size=\"11\">\n";
    out += "<title>" + html_escape(c.title) + "</title>\n";
    out += "<rect x=\"0\" y=\"0\" width=\"" + std::to_string(c.width) + "\" height=\"" +
           std::to_string(c.height) + "\" fill=\"#ffffff\"/>\n";
    return out;
}

std::string legend(const Chart& c, double x) {
    std::string out;
    for (const auto& s : c.series) {
        out += "<rect x=\"" + num(x) + "\" y=\"10\" width=\"12\" height=\"12\" fill=\"" +
               html_escape(s.color) + "\"/>";
        out += "<text x=\"" + num(x + 16) + "\" y=\"20\" fill=\"#333\">" + html_escape(s.name) +
               "</text>\n";
        x += 28 + 7.0 * static_cast<double>(s.name.size());
    }
    return out;
}

double data_max(const Chart& c) {
    double m = 0;
    for (const auto& s : c.series) {
        for (const auto& v : s.values) {
            if (v) {
                m = std::max(m, *v);
            }
        }
    }
    return m;
}

bool has_data(const Chart& c) {
    for (const auto& s : c.series) {
        for (const auto& v : s.values) {
            if (v) {
                return true;
            }
        }
    }
    return false;
}

std::string no_data(const Chart& c) {
    return open_svg(c) + "<text x=\"" + num(c.width / 2.0) + "\" y=\"" + num(c.height / 2.0) +
           "\" text-anchor=\"middle\" fill=\"#666\" font-size=\"14\">no data for this "
           "period</text>\n</svg>\n";
}

// Value axis: horizontal grid lines with labels, from 0 to `max`.
std::string value_axis(const Frame& f, double max, const std::string& unit) {
    std::string out;
    const int steps = 5;
    double step = nice_ceiling(max / steps);
    if (max <= 5 && step < 1) {
        step = 1;
    }
    for (double v = 0; v <= max + 1e-9; v += step) {
        const double y = f.top + f.plot_h() - v / max * f.plot_h();
        out += "<line x1=\"" + num(f.left) + "\" y1=\"" + num(y) + "\" x2=\"" +
               num(f.left + f.plot_w()) + "\" y2=\"" + num(y) + "\" stroke=\"" +
               (v == 0 ? "#888" : "#e2e2e2") + "\"/>";
        out += "<text x=\"" + num(f.left - 6) + "\" y=\"" + num(y + 4) +
               "\" text-anchor=\"end\" fill=\"#555\">" + value_text(v, unit) + "</text>\n";
    }
    return out;
}

// Category labels under the plot, thinned so that they do not overlap.
std::string category_axis(const Frame& f, const std::vector<std::string>& labels) {
    std::string out;
    if (labels.empty()) {
        return out;
    }
    std::size_t longest = 1;
    for (const auto& l : labels) {
        longest = std::max(longest, l.size());
    }
    const double slot = f.plot_w() / static_cast<double>(labels.size());
    const double needed = 7.0 * static_cast<double>(longest) + 8;
    const auto every = static_cast<std::size_t>(std::max(1.0, std::ceil(needed / slot)));
    for (std::size_t i = 0; i < labels.size(); i += every) {
        const double x = f.left + slot * (static_cast<double>(i) + 0.5);
        out += "<text x=\"" + num(x) + "\" y=\"" + num(f.top + f.plot_h() + 16) +
               "\" text-anchor=\"middle\" fill=\"#555\">" + html_escape(labels[i]) + "</text>\n";
    }
    return out;
}

double axis_max(const Chart& c) {
    return c.max ? std::max(*c.max, 1e-9) : nice_ceiling(data_max(c));
}

} // namespace

double nice_ceiling(double value) {
    if (!(value > 1)) {
        return 1;
    }
    const double power = std::pow(10.0, std::floor(std::log10(value)));
    for (const double m : {1.0, 2.0, 5.0, 10.0}) {
        if (value <= m * power + 1e-9) {
            return m * power;
        }
    }
    return 10 * power;
}

std::string bar_chart(const Chart& c) {
    if (!has_data(c) || c.labels.empty()) {
        return no_data(c);
    }
    Frame f;
    f.width = c.width;
    f.height = c.height;
    const double max = axis_max(c);
    std::string out = open_svg(c) + legend(c, f.left) + value_axis(f, max, c.unit);
    const double slot = f.plot_w() / static_cast<double>(c.labels.size());
    const double group = slot * 0.8;
    const double bar = group / static_cast<double>(std::max<std::size_t>(1, c.series.size()));
    for (std::size_t s = 0; s < c.series.size(); ++s) {
        const auto& series = c.series[s];
        for (std::size_t i = 0; i < c.labels.size() && i < series.values.size(); ++i) {
            if (!series.values[i] || *series.values[i] <= 0) {
                continue;
            }
            const double v = std::min(*series.values[i], max);
            const double h = v / max * f.plot_h();
            const double x =
                f.left + slot * static_cast<double>(i) + slot * 0.1 + bar * static_cast<double>(s);
            out += "<rect x=\"" + num(x) + "\" y=\"" + num(f.top + f.plot_h() - h) + "\" width=\"" +
                   num(std::max(bar - 1, 1.0)) + "\" height=\"" + num(h) + "\" fill=\"" +
                   html_escape(series.color) + "\"><title>" +
                   html_escape(c.labels[i] + " " + series.name + ": " +
                               label_text(*series.values[i], c.unit)) +
                   "</title></rect>\n";
        }
    }
    out += category_axis(f, c.labels);
    out += "</svg>\n";
    return out;
}

std::string line_chart(const Chart& c) {
    if (!has_data(c) || c.labels.empty()) {
        return no_data(c);
    }
    Frame f;
    f.width = c.width;
    f.height = c.height;
    const double max = axis_max(c);
    std::string out = open_svg(c) + legend(c, f.left) + value_axis(f, max, c.unit);
    const double slot = f.plot_w() / static_cast<double>(c.labels.size());
    for (const auto& series : c.series) {
        std::string path;
        std::string dots;
        bool pen_down = false;
        for (std::size_t i = 0; i < c.labels.size() && i < series.values.size(); ++i) {
            if (!series.values[i]) {
                pen_down = false;
                continue;
            }
            const double x = f.left + slot * (static_cast<double>(i) + 0.5);
            const double y =
                f.top + f.plot_h() - std::min(*series.values[i], max) / max * f.plot_h();
            path += (pen_down ? " L" : " M") + num(x) + " " + num(y);
            pen_down = true;
            dots += "<circle cx=\"" + num(x) + "\" cy=\"" + num(y) + "\" r=\"3\" fill=\"" +
                    html_escape(series.color) + "\"><title>" +
                    html_escape(c.labels[i] + " " + series.name + ": " +
                                label_text(*series.values[i], c.unit)) +
                    "</title></circle>\n";
        }
        out += "<path d=\"" + path + "\" fill=\"none\" stroke=\"" + html_escape(series.color) +
               "\" stroke-width=\"2\"/>\n" + dots;
    }
    out += category_axis(f, c.labels);
    out += "</svg>\n";
    return out;
}

std::string hbar_chart(const Chart& c) {
    if (c.labels.empty()) {
        return no_data(c);
    }
    Frame f;
    f.width = c.width;
    f.left = 70;
    f.right = 70;
    f.bottom = 24;
    const double row = std::max(1.0, static_cast<double>(c.series.size())) * 16 + 10;
    Chart sized = c;
    sized.height = static_cast<int>(f.top + f.bottom + row * static_cast<double>(c.labels.size()));
    f.height = sized.height;
    const double max = c.max ? *c.max : nice_ceiling(data_max(c));
    std::string out = open_svg(sized) + legend(sized, f.left);
    for (double v = 0; v <= max + 1e-9; v += max / 4) {
        const double x = f.left + v / max * f.plot_w();
        out += "<line x1=\"" + num(x) + "\" y1=\"" + num(f.top) + "\" x2=\"" + num(x) + "\" y2=\"" +
               num(f.top + f.plot_h()) + "\" stroke=\"" + (v == 0 ? "#888" : "#e2e2e2") + "\"/>";
        out += "<text x=\"" + num(x) + "\" y=\"" + num(f.top + f.plot_h() + 14) +
               "\" text-anchor=\"middle\" fill=\"#555\">" + value_text(v, c.unit) + "</text>\n";
    }
    for (std::size_t i = 0; i < c.labels.size(); ++i) {
        const double y0 = f.top + row * static_cast<double>(i) + 5;
        out += "<text x=\"" + num(f.left - 8) + "\" y=\"" + num(y0 + row / 2 - 2) +
               "\" text-anchor=\"end\" fill=\"#333\">" + html_escape(c.labels[i]) + "</text>\n";
        for (std::size_t s = 0; s < c.series.size(); ++s) {
            const auto& series = c.series[s];
            const double y = y0 + 16 * static_cast<double>(s);
            const auto value = i < series.values.size() ? series.values[i] : std::nullopt;
            if (!value) {
                out += "<text x=\"" + num(f.left + 4) + "\" y=\"" + num(y + 11) +
                       "\" fill=\"#888\" font-style=\"italic\">n/a</text>\n";
                continue;
            }
            const double w = std::min(*value, max) / max * f.plot_w();
            out +=
                "<rect x=\"" + num(f.left) + "\" y=\"" + num(y) + "\" width=\"" +
                num(std::max(w, 0.0)) + "\" height=\"13\" fill=\"" + html_escape(series.color) +
                "\"><title>" +
                html_escape(c.labels[i] + " " + series.name + ": " + label_text(*value, c.unit)) +
                "</title></rect>";
            out += "<text x=\"" + num(f.left + w + 4) + "\" y=\"" + num(y + 11) +
                   "\" fill=\"#333\">" + label_text(*value, c.unit) + "</text>\n";
        }
    }
    out += "</svg>\n";
    return out;
}

} // namespace itsm::render
