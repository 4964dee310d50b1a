#include <itsm/availability/compute.hpp>

#include <algorithm>
#include <cmath>

namespace itsm::availability {

std::vector<Interval> merge(std::vector<Interval> spans, Instant from, Instant to) {
    std::vector<Interval> clipped;
    for (auto s : spans) {
        s.from = std::max(s.from, from);
        s.to = std::min(s.to, to);
        if (s.from < s.to) {
            clipped.push_back(s);
        }
    }
    std::sort(clipped.begin(), clipped.end(),
              [](const Interval& a, const Interval& b) { return a.from < b.from; });
    std::vector<Interval> out;
    for (const auto& s : clipped) {
        if (!out.empty() && s.from <= out.back().to) {
            out.back().to = std::max(out.back().to, s.to);
        } else {
            out.push_back(s);
        }
    }
    return out;
}

std::vector<Interval> subtract(const std::vector<Interval>& a, const std::vector<Interval>& b) {
    std::vector<Interval> out;
    std::size_t j = 0;
    for (auto piece : a) {
        while (j < b.size() && b[j].to <= piece.from) {
            ++j;
        }
        for (std::size_t k = j; k < b.size() && b[k].from < piece.to; ++k) {
            if (b[k].from > piece.from) {
                out.push_back({piece.from, b[k].from});
            }
            piece.from = std::max(piece.from, b[k].to);
        }
        if (piece.from < piece.to) {
            out.push_back(piece);
        }
    }
    return out;
}

namespace {

Duration open_time(const calendar::Window& window, const std::vector<Interval>& spans) {
    Duration total{0};
    for (const auto& s : spans) {
        total += window.between(s.from, s.to);
    }
    return total;
}

} // namespace

std::optional<long long> Figures::achieved_hundredths() const {
    if (window.count() <= 0) {
        return std::nullopt;
    }
    const long long up = window.count() - downtime.count();
    return up * 10000 / window.count();
}

bool Figures::meets(double target) const {
    if (window.count() <= 0) {
        return true;
    }
    // up / window >= target / 100, in integers of hundredths of a percent.
    const auto target_hundredths = static_cast<long long>(std::llround(target * 100));
    return (window.count() - downtime.count()) * 10000 >= target_hundredths * window.count();
}

Figures compute(const calendar::Window& window, Instant from, Instant to,
                std::vector<Interval> outages, std::vector<Interval> maintenance) {
    Figures f;
    if (to <= from) {
        return f;
    }
    f.window = window.between(from, to);
    const auto down = merge(std::move(outages), from, to);
    const auto agreed = merge(std::move(maintenance), from, to);
    const auto counted = subtract(down, agreed);
    f.outage = open_time(window, down);
    f.downtime = open_time(window, counted);
    f.excused = f.outage - f.downtime;
    return f;
}

} // namespace itsm::availability
