#include "thermal/openfoam/log_monitor.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace rackcalc::openfoam {

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
        s.remove_suffix(1);
    }
    return s;
}

/// A number at the start of s ("nan", "inf" and "-nan" included, as glibc prints them).
std::optional<double> leading_number(std::string_view s) {
    s = trim(s);
    std::string_view word = s.substr(0, s.find_first_of(" ,\t"));
    std::string lower(word);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (lower == "nan" || lower == "-nan") {
        return std::nan("");
    }
    if (lower == "inf" || lower == "infinity") {
        return HUGE_VAL;
    }
    if (lower == "-inf" || lower == "-infinity") {
        return -HUGE_VAL;
    }
    double v = 0.0;
    const auto r = std::from_chars(word.data(), word.data() + word.size(), v);
    if (r.ec != std::errc()) {
        return std::nullopt;
    }
    return v;
}

std::string number_text(double v) {
    if (std::isnan(v)) {
        return "nan";
    }
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, 4);
    return std::string(buf, r.ptr);
}

} // namespace

double LogState::max_initial_residual() const {
    double m = 0.0;
    for (const auto& [key, r] : initial_residual) {
        m = std::max(m, r);
    }
    return m;
}

void LogMonitor::diverge(std::string why) {
    if (!state_.divergence) {
        state_.divergence = std::move(why);
    }
}

void LogMonitor::feed(std::string_view raw) {
    const std::string_view line = trim(raw);
    if (fatal_lines_left_ > 0) {
        if (!line.empty()) {
            *state_.fatal_error +=
                std::string(state_.fatal_error->empty() ? "" : " ") + std::string(line);
            --fatal_lines_left_;
        }
        return;
    }
    if (line.find("FOAM FATAL") != std::string_view::npos) {
        state_.fatal_error = std::string();
        fatal_lines_left_ = 4;
        return;
    }
    if (line == "End") {
        state_.ended = true;
        return;
    }
    if (line.rfind("Time = ", 0) == 0) {
        if (const auto t = leading_number(line.substr(7))) {
            state_.time = *t;
            ++state_.time_steps;
        }
        region_.clear();
        return;
    }
    // "Solving for fluid region coolant" / "Solving for solid region die".
    if (line.rfind("Solving for fluid region ", 0) == 0 ||
        line.rfind("Solving for solid region ", 0) == 0) {
        region_ = std::string(trim(line.substr(25)));
        return;
    }
    // OpenFOAM's stack trace on a trapped FPE; the start-up line "trapFpe: Floating point
    // exception trapping enabled" is not one.
    if (line.find("sigFpe::sigHandler") != std::string_view::npos) {
        diverge("floating-point exception at time " + number_text(state_.time));
        return;
    }
    if (line.find("Maximum number of iterations exceeded") != std::string_view::npos) {
        diverge("temperature could not be recovered from enthalpy at time " +
                number_text(state_.time) + " (thermo iteration limit)");
        return;
    }
    // "DILUPBiCGStab:  Solving for Ux, Initial residual = 0.1, Final residual = 0.01, ..."
    const auto solving = line.find("Solving for ");
    const auto initial = line.find("Initial residual = ");
    if (solving != std::string_view::npos && initial != std::string_view::npos) {
        const auto field_begin = solving + 12;
        const auto comma = line.find(',', field_begin);
        const std::string field(line.substr(field_begin, comma - field_begin));
        const std::string key = region_.empty() ? field : region_ + "/" + field;
        const auto r = leading_number(line.substr(initial + 19));
        if (!r) {
            return;
        }
        state_.initial_residual[key] = *r;
        if (!std::isfinite(*r)) {
            diverge("initial residual of " + key + " is " + number_text(*r) + " at time " +
                    number_text(state_.time));
            return;
        }
        auto [it, fresh] = state_.min_residual.emplace(key, *r);
        if (!fresh) {
            it->second = std::min(it->second, *r);
        }
        if (*r > limits_.residual_floor && it->second > 0.0 &&
            *r > limits_.residual_growth * it->second) {
            diverge("initial residual of " + key + " grew from " + number_text(it->second) +
                    " to " + number_text(*r) + " at time " + number_text(state_.time));
        }
        return;
    }
    // "Min/max T:300 312.5" (chtMultiRegion solvers print one per region).
    if (line.rfind("Min/max T:", 0) == 0) {
        const auto rest = trim(line.substr(10));
        const auto lo = leading_number(rest);
        const auto space = rest.find(' ');
        const auto hi =
            space == std::string_view::npos ? std::nullopt : leading_number(rest.substr(space));
        if (!lo || !hi) {
            return;
        }
        state_.T_min_seen = state_.T_min_seen ? std::min(*state_.T_min_seen, *lo) : *lo;
        state_.T_max_seen = state_.T_max_seen ? std::max(*state_.T_max_seen, *hi) : *hi;
        if (!std::isfinite(*lo) || !std::isfinite(*hi) || *lo < limits_.T_min ||
            *hi > limits_.T_max) {
            diverge("temperature " + number_text(*lo) + " .. " + number_text(*hi) + " K" +
                    (region_.empty() ? std::string() : " in region " + region_) +
                    " left the physical range " + number_text(limits_.T_min) + " .. " +
                    number_text(limits_.T_max) + " K at time " + number_text(state_.time));
        }
    }
}

} // namespace rackcalc::openfoam
