#include "thermal/film_table.hpp"

#include "thermal/correlations.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <fmt/format.h>
#include <limits>
#include <stdexcept>

namespace rackcalc::thermal {

namespace {

constexpr double step_u = 0.05;    // ln V_dot between nodes
constexpr std::size_t steps_T = 4; // temperature steps between two coolant rows
constexpr double Re_lowest = 1.0;  // the table's least channel Reynolds number
constexpr double not_yet = std::numeric_limits<double>::quiet_NaN();
constexpr double beyond = std::numeric_limits<double>::infinity(); // past the laminar range

/// Lagrange weights of the cubic through nodes 0, 1, 2, 3 at t.
std::array<double, 4> lagrange4(double t) {
    const double a = t - 1.0, b = t - 2.0, c = t - 3.0;
    return {-a * b * c / 6.0, t * b * c / 2.0, -t * a * c / 2.0, t * a * b / 6.0};
}

} // namespace

FilmTable::FilmTable(const MicrochannelChannels& channels, const Fluid& coolant)
    : channels_(channels), coolant_(&coolant) {
    const std::vector<double>& rows = coolant.table_temperatures();
    for (std::size_t k = 0; k + 1 < rows.size(); ++k) {
        for (std::size_t s = 0; s < steps_T; ++s) {
            T_nodes_.push_back(rows[k] + (rows[k + 1] - rows[k]) * static_cast<double>(s) /
                                             static_cast<double>(steps_T));
        }
    }
    T_nodes_.push_back(rows.back());
    // The flows: from Re 1 at the thinnest coolant to Re 2300 at the most viscous.
    double nu_min = std::numeric_limits<double>::infinity(), nu_max = 0.0;
    for (const double T : rows) {
        nu_min = std::min(nu_min, coolant.nu(T));
        nu_max = std::max(nu_max, coolant.nu(T));
    }
    const MicrochannelHeatSink& g = channels.geometry;
    const double area = channels.n * g.channel_width * g.channel_depth;
    u_lo_ = std::log(Re_lowest * nu_min * area / channels.D_h) - step_u;
    const double u_hi = std::log(Re_laminar_end * nu_max * area / channels.D_h) + step_u;
    n_u_ = static_cast<std::size_t>(std::ceil((u_hi - u_lo_) / step_u)) + 1;
    values_.assign(n_u_ * T_nodes_.size(), not_yet);
    cells_.assign(n_u_ * T_nodes_.size(), CellState::unchecked);
}

double FilmTable::exact(double V_dot, double T) const {
    return microchannel_convection(channels_, *coolant_, T, V_dot).R_convection;
}

double FilmTable::node(std::size_t i, std::size_t j) {
    double& v = values_[i * T_nodes_.size() + j];
    if (std::isnan(v)) {
        const MicrochannelConvection m = microchannel_convection(
            channels_, *coolant_, T_nodes_[j], std::exp(u_lo_ + step_u * static_cast<double>(i)));
        v = m.Re <= Re_laminar_end ? m.R_convection : beyond;
        ++counts_.nodes;
    }
    return v;
}

FilmTable::Film FilmTable::at(double V_dot, double T) {
    ++counts_.lookups;
    if (!(V_dot > 0.0) || !std::isfinite(V_dot)) {
        return {exact(V_dot, T), 0.0}; // throws, with the correlation's message
    }
    // Re as microchannel_convection works it out, to the last bit.
    const Fluid::Row f = coolant_->state(T);
    const MicrochannelHeatSink& g = channels_.geometry;
    const double u_mean = V_dot / (channels_.n * g.channel_width * g.channel_depth);
    const double Re = f.rho * u_mean * channels_.D_h / f.mu;
    if (Re > Re_laminar_end) {
        return {exact(V_dot, T), Re};
    }
    // The flow's cell and its stencil (nodes i0 - 1 .. i0 + 2).
    const double x = (std::log(V_dot) - u_lo_) / step_u;
    const double i0_real = std::floor(x);
    if (!(i0_real >= 1.0) || i0_real + 2.0 > static_cast<double>(n_u_ - 1)) {
        return {exact(V_dot, T), Re};
    }
    const auto i0 = static_cast<std::size_t>(i0_real);
    // The temperature's coolant row interval, its step within it, and a stencil of four nodes
    // inside that interval.
    const std::vector<double>& rows = coolant_->table_temperatures();
    const auto above = std::upper_bound(rows.begin(), rows.end(), T);
    const std::size_t k = std::clamp<std::size_t>(static_cast<std::size_t>(above - rows.begin()), 1,
                                                  rows.size() - 1) -
                          1;
    const double t_row = (T - rows[k]) / (rows[k + 1] - rows[k]) * static_cast<double>(steps_T);
    const std::size_t step = std::min(static_cast<std::size_t>(std::max(t_row, 0.0)), steps_T - 1);
    const std::size_t s0 = std::clamp<std::size_t>(step, 1, steps_T - 2) - 1;
    const std::size_t j0 = k * steps_T + s0;
    const std::size_t cell = i0 * T_nodes_.size() + k * steps_T + step;

    auto interpolate = [&](double tu, double tT) {
        const std::array<double, 4> wu = lagrange4(tu);
        const std::array<double, 4> wT = lagrange4(tT);
        double sum = 0.0;
        for (std::size_t a = 0; a < 4; ++a) {
            double row = 0.0;
            for (std::size_t b = 0; b < 4; ++b) {
                row += wT[b] * node(i0 - 1 + a, j0 + b);
            }
            sum += wu[a] * row;
        }
        return sum; // infinite when a node lies past the laminar range
    };
    if (cells_[cell] == CellState::unchecked) {
        ++counts_.cells_checked;
        const double tu_centre = 1.5;
        const double tT_centre = static_cast<double>(step - s0) + 0.5;
        const double T_centre = rows[k] + (rows[k + 1] - rows[k]) *
                                              (static_cast<double>(step) + 0.5) /
                                              static_cast<double>(steps_T);
        const double table = interpolate(tu_centre, tT_centre);
        const double truth =
            exact(std::exp(u_lo_ + step_u * (static_cast<double>(i0) + 0.5)), T_centre);
        const bool good = std::isfinite(table) && std::abs(table - truth) <= tolerance * truth;
        cells_[cell] = good ? CellState::tabulated : CellState::exact;
        counts_.cells_exact += good ? 0 : 1;
    }
    if (cells_[cell] == CellState::exact) {
        return {exact(V_dot, T), Re};
    }
    ++counts_.tabulated;
    return {interpolate(x - (i0_real - 1.0), t_row - static_cast<double>(s0)), Re};
}

} // namespace rackcalc::thermal
