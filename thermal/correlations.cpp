#include "thermal/correlations.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <fmt/format.h>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <vector>

namespace rackcalc::thermal {

namespace {

constexpr double pi = std::numbers::pi;
const double ln10 = std::log(10.0);

// The checks are inline and their throws out of line (cold): a network solve passes through
// them hundreds of times per solve, and only the comparison belongs on that path.
[[noreturn, gnu::cold, gnu::noinline]] void out_of_range(std::string_view function,
                                                         std::string_view what, double value,
                                                         std::string_view range) {
    throw std::domain_error(fmt::format("{}: {} = {:.6g} is outside its validity range {}",
                                        function, what, value, range));
}

[[noreturn, gnu::cold, gnu::noinline]] void not_positive(std::string_view function,
                                                         std::string_view what, double value) {
    throw std::domain_error(
        fmt::format("{}: {} = {:.6g} must be positive and finite", function, what, value));
}

[[noreturn, gnu::cold, gnu::noinline]] void out_of_bounds(std::string_view function,
                                                          std::string_view what, double value,
                                                          double lo, double hi) {
    out_of_range(function, what, value, fmt::format("{:g}..{:g}", lo, hi));
}

inline void require_positive(std::string_view function, std::string_view what, double value) {
    if (!(value > 0.0) || !std::isfinite(value)) {
        not_positive(function, what, value);
    }
}

inline void require_range(std::string_view function, std::string_view what, double value, double lo,
                          double hi) {
    if (!(value >= lo && value <= hi)) {
        out_of_bounds(function, what, value, lo, hi);
    }
}

double normalised_aspect_ratio(std::string_view function, double alpha) {
    if (!(alpha >= 0.0) || !std::isfinite(alpha)) {
        throw std::domain_error(
            fmt::format("{}: aspect ratio alpha = {:.6g} must be >= 0 (short side / long side)",
                        function, alpha));
    }
    return alpha > 1.0 ? 1.0 / alpha : alpha;
}

double poly5(double a, const std::array<double, 6>& c) {
    return c[0] + a * (c[1] + a * (c[2] + a * (c[3] + a * (c[4] + a * c[5]))));
}

/// Colebrook residual G(x) = x + 2 log10(eps_D/3.7 + 2.51 x / Re) in x = 1/sqrt(f).
struct ColebrookSolution {
    double x; ///< 1/sqrt(f)
    double A; ///< eps_D/3.7 + 2.51 x / Re at the solution
};

ColebrookSolution solve_colebrook(double Re, double eps_D, double x_hint = 0.0) {
    // Halley's method on G(x) = x + 2 log10(A), A = eps/3.7 + c x, c = 2.51 / Re. With
    // k = 2 / ln 10 and u = k c / A: G' = 1 + u >= 1, G'' = -k (c/A)^2, G''' = 2 k (c/A)^3,
    // and c / A <= 1 / x since A >= c x. Halley's error after a step of size s is, to leading
    // order, |G'''/(6 G') - G''^2/(4 G'^2)| s^3 <= (u/3 + u^2/4) (s/x)^2 s, and u <= k / x
    // <= 0.87 for any f <= 1 (x >= 1): at most 0.5 (s/x)^3 x. So once |s| <= 1e-4 x the root
    // is exact to 5e-13 of x without another logarithm to confirm it (Newton, with its
    // quadratic error, needs |s| <= 1e-6 x for the same, one logarithm more from a nearby
    // start). It starts from a caller's previous root x_hint when that is within 1 % of this
    // one (a network's pipe between Newton steps or solves: |G| <= 1e-2 x puts it there since
    // G' >= 1), else from Serghides' explicit form (within 4e-5 of the root, for three
    // logarithms). From either, |G G''| / (2 G'^2) is below 1e-2, so Halley's correction of
    // the Newton step cannot blow up.
    const double e = eps_D / 3.7;
    const double c = 2.51 / Re;
    double A = 0.0;
    auto G_at = [&](double x) {
        A = e + c * x;
        return x + 2.0 / ln10 * std::log(A); // log10 by way of log: the same, and cheaper
    };
    double x = x_hint;
    double G = x_hint > 0.0 ? G_at(x) : std::numeric_limits<double>::quiet_NaN();
    if (!std::isfinite(G) || std::abs(G) > 1e-2 * x) {
        const double A0 = -2.0 * std::log10(e + 12.0 / Re);
        const double B0 = -2.0 * std::log10(e + c * A0);
        const double C0 = -2.0 * std::log10(e + c * B0);
        x = A0 - (B0 - A0) * (B0 - A0) / (C0 - 2.0 * B0 + A0);
        G = G_at(x);
    }
    constexpr double k = 2.0 / std::numbers::ln10;
    for (int it = 0; it < 50; ++it) {
        // Halley's step 2 G G' / (2 G'^2 - G G''), times A^2 over A^2: one division.
        const double B = A + k * c; // A G'
        const double step = 2.0 * G * A * B / (2.0 * B * B + G * k * c * c);
        x -= step;
        if (std::abs(step) <= 1e-4 * std::abs(x)) {
            return {x, e + c * x};
        }
        G = G_at(x);
    }
    throw std::runtime_error(
        fmt::format("colebrook_f: no convergence at Re = {:.6g}, eps/D = {:.6g}", Re, eps_D));
}

void check_turbulent_friction_inputs(std::string_view function, double Re, double eps_D) {
    if (!(Re >= Re_laminar_end) || !std::isfinite(Re)) {
        out_of_range(function, "Re", Re, ">= 2300 (turbulent; use laminar_darcy_f below)");
    }
    require_range(function, "relative roughness eps/D", eps_D, 0.0, 0.05);
}

} // namespace

// ---------------------------------------------------------------------------------------

double hagen_poiseuille_dp(double mu, double L, double V_dot, double D) {
    require_positive("hagen_poiseuille_dp", "mu", mu);
    require_positive("hagen_poiseuille_dp", "D", D);
    if (!(L >= 0.0)) {
        throw std::domain_error("hagen_poiseuille_dp: L must be >= 0");
    }
    return 128.0 * mu * L * V_dot / (pi * D * D * D * D);
}

double parallel_plates_dp(double mu, double L, double V_dot, double w, double gap) {
    require_positive("parallel_plates_dp", "mu", mu);
    require_positive("parallel_plates_dp", "w", w);
    require_positive("parallel_plates_dp", "gap", gap);
    if (!(L >= 0.0)) {
        throw std::domain_error("parallel_plates_dp: L must be >= 0");
    }
    return 12.0 * mu * L * V_dot / (w * gap * gap * gap);
}

double laminar_darcy_f(double Re) {
    require_positive("laminar_darcy_f", "Re", Re);
    if (Re > Re_turbulent_start) {
        out_of_range("laminar_darcy_f", "Re", Re,
                     "0..4000 (laminar); use darcy_friction_factor for all regimes");
    }
    return 64.0 / Re;
}

double shah_london_fRe_darcy(double alpha) {
    const double a = normalised_aspect_ratio("shah_london_fRe_darcy", alpha);
    return 4.0 * 24.0 * poly5(a, {1.0, -1.3553, 1.9467, -1.7012, 0.9564, -0.2537});
}

double shah_london_Nu_T(double alpha) {
    const double a = normalised_aspect_ratio("shah_london_Nu_T", alpha);
    return 7.541 * poly5(a, {1.0, -2.610, 4.970, -5.119, 2.702, -0.548});
}

double shah_london_Nu_H1(double alpha) {
    const double a = normalised_aspect_ratio("shah_london_Nu_H1", alpha);
    return 8.235 * poly5(a, {1.0, -2.0421, 3.0853, -2.4765, 1.0578, -0.1861});
}

double rectangular_hydraulic_diameter(double a, double b) {
    require_positive("rectangular_hydraulic_diameter", "a", a);
    require_positive("rectangular_hydraulic_diameter", "b", b);
    return 2.0 * a * b / (a + b);
}

// ---------------------------------------------------------------------------------------

double shah_apparent_fRe_fanning(double x_plus) {
    require_positive("shah_apparent_fRe_fanning", "x+", x_plus);
    const double s = 3.44 / std::sqrt(x_plus);
    return s + (16.0 + 1.25 / (4.0 * x_plus) - s) / (1.0 + 0.00021 / (x_plus * x_plus));
}

double hausen_Nu_mean(double Gz) {
    require_positive("hausen_Nu_mean", "Gz", Gz);
    return 3.66 + 0.0668 * Gz / (1.0 + 0.04 * std::pow(Gz, 2.0 / 3.0));
}

double sieder_tate_Nu_mean(double Gz, double mu_ratio) {
    require_positive("sieder_tate_Nu_mean", "Gz", Gz);
    require_range("sieder_tate_Nu_mean", "mu/mu_s", mu_ratio, 0.0044, 9.75);
    return 1.86 * std::cbrt(Gz) * std::pow(mu_ratio, 0.14);
}

double rectangular_sqrtA_over_Dh(double alpha) {
    const double a = normalised_aspect_ratio("rectangular_sqrtA_over_Dh", alpha);
    require_positive("rectangular_sqrtA_over_Dh", "alpha", a);
    return (1.0 + a) / (2.0 * std::sqrt(a));
}

double combined_entry_Nu_sqrtA(double z_star, double Pr, double fRe_sqrtA, double Nu_fd_sqrtA,
                               WallCondition wall, bool velocity_developing, EntryValue value) {
    constexpr std::string_view fn = "combined_entry_Nu_sqrtA";
    require_positive(fn, "z*", z_star);
    require_positive(fn, "Pr", Pr);
    require_positive(fn, "fRe_sqrtA", fRe_sqrtA);
    require_positive(fn, "Nu_fd_sqrtA", Nu_fd_sqrtA);
    const bool T = wall == WallCondition::temperature;
    const bool mean = value == EntryValue::mean;
    const double C2 = mean ? 1.5 : 1.0; // mean over the length of a z^(-1/3) law
    const double C4 = mean ? 2.0 : 1.0; // mean over the length of a z^(-1/2) law
    const double C3 = T ? 0.4274 : 0.5167;
    // Integer and root powers are written out (x^5 as products, Pr^(1/6) as sqrt(cbrt), y^4.5
    // as y^4 sqrt(y)), and the Churchill-Usagi blends (a^m + b^m)^(1/m) as
    // a exp(log1p((b/a)^m) / m), a the larger: the same values to round-off without a call of
    // pow, as a network solve evaluates this for every plate.
    auto blend = [](double larger, double m, double ratio_m) {
        return larger * std::exp(std::log1p(ratio_m) / m);
    };
    const double graetz = C2 * C3 * std::cbrt(fRe_sqrtA / z_star);
    const double r = std::min(graetz, Nu_fd_sqrtA) / std::max(graetz, Nu_fd_sqrtA);
    const double thermal = blend(std::max(graetz, Nu_fd_sqrtA), 5.0, r * r * r * r * r);
    if (!velocity_developing) {
        return thermal;
    }
    const double c = T ? 0.564 : 0.886;
    const double b = T ? 1.664 : 1.909;
    const double cbrt_Pr = std::cbrt(Pr);
    const double y = b * std::sqrt(cbrt_Pr); // b Pr^(1/6)
    const double y2 = y * y;
    const double f_Pr = c * std::exp(-2.0 / 9.0 * std::log1p(y2 * y2 * std::sqrt(y)));
    const double developing = C4 * f_Pr / std::sqrt(z_star);
    const double m = 2.27 + 1.65 * cbrt_Pr;
    const double ratio = std::min(developing, thermal) / std::max(developing, thermal);
    return blend(std::max(developing, thermal), m, std::exp(m * std::log(ratio)));
}

// ---------------------------------------------------------------------------------------

double colebrook_f(double Re, double eps_D) {
    check_turbulent_friction_inputs("colebrook_f", Re, eps_D);
    const double x = solve_colebrook(Re, eps_D).x;
    return 1.0 / (x * x);
}

double serghides_f(double Re, double eps_D) {
    check_turbulent_friction_inputs("serghides_f", Re, eps_D);
    const double e = eps_D / 3.7;
    const double A = -2.0 * std::log10(e + 12.0 / Re);
    const double B = -2.0 * std::log10(e + 2.51 * A / Re);
    const double C = -2.0 * std::log10(e + 2.51 * B / Re);
    const double x = A - (B - A) * (B - A) / (C - 2.0 * B + A);
    return 1.0 / (x * x);
}

double haaland_f(double Re, double eps_D) {
    check_turbulent_friction_inputs("haaland_f", Re, eps_D);
    const double x = -1.8 * std::log10(std::pow(eps_D / 3.7, 1.11) + 6.9 / Re);
    return 1.0 / (x * x);
}

double blasius_f(double Re) {
    require_range("blasius_f", "Re", Re, Re_laminar_end, 1e6);
    return 0.3164 * std::pow(Re, -0.25);
}

double petukhov_f(double Re) {
    require_range("petukhov_f", "Re", Re, Re_laminar_end, 5e6);
    const double d = 0.790 * std::log(Re) - 1.64;
    return 1.0 / (d * d);
}

// ---------------------------------------------------------------------------------------

double gnielinski_Nu(double Re, double Pr) {
    require_range("gnielinski_Nu", "Re", Re, Re_laminar_end, 5e6);
    require_range("gnielinski_Nu", "Pr", Pr, 0.5, 2000.0);
    const double f8 = petukhov_f(Re) / 8.0;
    return f8 * (Re - 1000.0) * Pr / (1.0 + 12.7 * std::sqrt(f8) * (std::cbrt(Pr * Pr) - 1.0));
}

double dittus_boelter_Nu(double Re, double Pr, HeatFlow direction) {
    if (!(Re >= Re_laminar_end) || !std::isfinite(Re)) {
        out_of_range("dittus_boelter_Nu", "Re", Re, ">= 2300 (stated validity Re >= 1e4)");
    }
    require_range("dittus_boelter_Nu", "Pr", Pr, 0.5, 200.0);
    const double n = direction == HeatFlow::fluid_heated ? 0.4 : 0.3;
    return 0.023 * std::pow(Re, 0.8) * std::pow(Pr, n);
}

// ---------------------------------------------------------------------------------------

FrictionFactor darcy_friction_factor(double Re, double eps_D, double fRe_laminar,
                                     double* colebrook_x) {
    require_positive("darcy_friction_factor", "Re", Re);
    require_positive("darcy_friction_factor", "fRe_laminar", fRe_laminar);
    require_range("darcy_friction_factor", "relative roughness eps/D", eps_D, 0.0, 0.05);
    if (Re <= Re_laminar_end) {
        return {fRe_laminar / Re, -fRe_laminar / (Re * Re)};
    }
    auto turbulent = [eps_D, colebrook_x](double Re_t) -> FrictionFactor {
        // Implicit differentiation of G(x, Re) = x + k ln(A) = 0, k = 2 / ln 10,
        // A = eps_D/3.7 + c x, c = 2.51 / Re: G_x = (A + k c) / A, G_Re = -k c x / (Re A), so
        // dx/dRe = -G_Re / G_x = k c x / (Re (A + k c)) and, f = 1/x^2,
        // df/dRe = -2 f k c / (Re (A + k c)).
        const ColebrookSolution s =
            solve_colebrook(Re_t, eps_D, colebrook_x != nullptr ? *colebrook_x : 0.0);
        if (colebrook_x != nullptr) {
            *colebrook_x = s.x;
        }
        constexpr double k = 2.0 / std::numbers::ln10;
        const double c = 2.51 / Re_t;
        const double f = 1.0 / (s.x * s.x);
        return {f, -2.0 * f * k * c / (Re_t * (s.A + k * c))};
    };
    if (Re >= Re_turbulent_start) {
        return turbulent(Re);
    }
    // Smoothstep blend of the two laws, C1 because w'(0) = w'(1) = 0.
    const double H = Re_turbulent_start - Re_laminar_end;
    const double s = (Re - Re_laminar_end) / H;
    const double w = s * s * (3.0 - 2.0 * s);
    const double dw_dRe = 6.0 * s * (1.0 - s) / H;
    const double f_lam = fRe_laminar / Re;
    const double df_lam = -fRe_laminar / (Re * Re);
    const FrictionFactor t = turbulent(Re);
    return {(1.0 - w) * f_lam + w * t.f,
            (1.0 - w) * df_lam + w * t.df_dRe + dw_dRe * (t.f - f_lam)};
}

// ---------------------------------------------------------------------------------------

double crane_fT(double D, double roughness) {
    require_positive("crane_fT", "D", D);
    require_positive("crane_fT", "roughness", roughness);
    const double x = 2.0 * std::log10(3.7 * D / roughness);
    return 1.0 / (x * x);
}

double crane_K(Fitting fitting, double f_T) {
    switch (fitting) {
    case Fitting::entrance_sharp:
        return 0.5;
    case Fitting::exit:
        return 1.0;
    default:
        break;
    }
    require_positive("crane_K", "f_T", f_T);
    switch (fitting) {
    case Fitting::elbow_90_standard:
        return 30.0 * f_T;
    case Fitting::elbow_45_standard:
        return 16.0 * f_T;
    case Fitting::tee_run:
        return 20.0 * f_T;
    case Fitting::tee_branch:
        return 60.0 * f_T;
    default:
        break;
    }
    throw std::logic_error("crane_K: unhandled fitting");
}

namespace {

void check_tee(std::string_view where, double q, double beta, double angle_deg) {
    require_range(where, "q = Q_branch / Q_combined", q, 0.0, 1.0);
    if (!(beta > 0.0 && beta <= 1.0)) {
        out_of_range(where, "beta = D_branch / D_combined", beta, "(0, 1]");
    }
    require_range(where, "branch angle [deg]", angle_deg, 30.0, 90.0);
}

/// Crane's F by branch angle, linear between its points (30, 45, 60, 90 deg).
double crane_tee_F(double angle_deg) {
    static constexpr std::array<std::array<double, 2>, 4> table = {
        {{30.0, 1.74}, {45.0, 1.41}, {60.0, 1.0}, {90.0, 0.0}}};
    for (std::size_t i = 1; i < table.size(); ++i) {
        if (angle_deg <= table[i][0]) {
            const double w = (angle_deg - table[i - 1][0]) / (table[i][0] - table[i - 1][0]);
            return table[i - 1][1] + w * (table[i][1] - table[i - 1][1]);
        }
    }
    return table.back()[1];
}

} // namespace

TeeLoss crane_tee_dividing(double q, double beta, double angle_deg) {
    check_tee("crane_tee_dividing", q, beta, angle_deg);
    const double beta2 = beta * beta;
    const bool wye = angle_deg < 75.0;
    const double H = (angle_deg < 60.0 || beta <= 2.0 / 3.0) ? 1.0 : 0.3;
    const double J = (angle_deg < 60.0 || beta <= 2.0 / 3.0) ? 2.0 : 0.0;
    double G = 0.0, dG = 0.0;
    if (wye) {
        if (beta2 <= 0.35) {
            G = q <= 0.4 ? 1.1 - 0.7 * q : 0.85;
            dG = q <= 0.4 ? -0.7 : 0.0;
        } else {
            G = q <= 0.6 ? 1.0 - 0.6 * q : 0.6;
            dG = q <= 0.6 ? -0.6 : 0.0;
        }
    } else {
        G = beta2 <= 2.0 / 3.0 ? 1.0 : 1.0 + 0.3 * q * q;
        dG = beta2 <= 2.0 / 3.0 ? 0.0 : 0.6 * q;
    }
    const double r = q / beta2; // v_branch / v_combined
    // A right-angle tee, the manifold tap, needs no cosine (and gets an exact zero).
    const double cos_angle =
        angle_deg == 90.0 ? 0.0 : std::cos(angle_deg * std::numbers::pi / 180.0);
    double M = 0.4, dM = 0.0;
    if (beta2 > 0.4) {
        M = q <= 0.5 ? 2.0 * (2.0 * q - 1.0) : 0.3 * (2.0 * q - 1.0);
        dM = q <= 0.5 ? 4.0 : 0.6;
    }
    const double bracket = 1.0 + H * r * r - J * r * cos_angle;
    const double d_bracket = (2.0 * H * r - J * cos_angle) / beta2;
    return {M * q * q, G * bracket, dM * q * q + 2.0 * M * q, dG * bracket + G * d_bracket};
}

TeeLoss crane_tee_combining(double q, double beta, double angle_deg) {
    check_tee("crane_tee_combining", q, beta, angle_deg);
    const double beta2 = beta * beta;
    const double F = crane_tee_F(angle_deg);
    double C = 0.55, dC = 0.0;
    if (beta2 <= 0.35) {
        C = 1.0;
    } else if (q <= 0.4) {
        C = 0.9 * (1.0 - q);
        dC = -0.9;
    }
    const double r = q / beta2;
    const double bracket = 1.0 + r * r - 2.0 * (1.0 - q) * (1.0 - q) - F * q * q / beta2;
    const double d_bracket = 2.0 * r / beta2 + 4.0 * (1.0 - q) - 2.0 * F * q / beta2;
    TeeLoss K{0.0, C * bracket, 0.0, dC * bracket + C * d_bracket};
    if (angle_deg >= 75.0) {
        K.K_run = 1.55 * q - q * q;
        K.dK_run_dq = 1.55 - 2.0 * q;
    } else {
        K.K_run = 1.0 - (1.0 - q) * (1.0 - q) - F * q * q / beta2;
        K.dK_run_dq = 2.0 * (1.0 - q) - 2.0 * F * q / beta2;
    }
    return K;
}

double crane_bend_multiplier(double r_over_d) {
    static constexpr std::array<std::array<double, 2>, 8> table = {{{1.0, 20.0},
                                                                    {1.5, 14.0},
                                                                    {2.0, 12.0},
                                                                    {3.0, 12.0},
                                                                    {4.0, 14.0},
                                                                    {6.0, 17.0},
                                                                    {8.0, 24.0},
                                                                    {10.0, 30.0}}};
    require_range("crane_bend_multiplier", "r/d", r_over_d, 1.0, 10.0);
    for (std::size_t i = 1; i < table.size(); ++i) {
        if (r_over_d <= table[i][0]) {
            const double s = (r_over_d - table[i - 1][0]) / (table[i][0] - table[i - 1][0]);
            return table[i - 1][1] + s * (table[i][1] - table[i - 1][1]);
        }
    }
    return table.back()[1];
}

double dp_from_K(double K, double rho, double V_dot, double D) {
    require_positive("dp_from_K", "rho", rho);
    require_positive("dp_from_K", "D", D);
    const double A = pi * D * D / 4.0;
    const double v = V_dot / A;
    return K * rho * v * std::abs(v) / 2.0;
}

namespace {
// 1 m3/h = 4.402868 US gal/min; 1 bar = 14.503774 psi (NIST SP 811 conversion factors).
const double Cv_per_Kv = 4.402868 / std::sqrt(14.503774);
constexpr double bar = 1e5;           // [Pa]
constexpr double rho_water_ref = 1e3; // [kg/m3], the flow-coefficient reference density
constexpr double s_per_h = 3600.0;
} // namespace

double Cv_from_Kv(double Kv) {
    return Cv_per_Kv * Kv;
}
double Kv_from_Cv(double Cv) {
    return Cv / Cv_per_Kv;
}

double dp_from_Kv(double V_dot, double rho, double Kv) {
    require_positive("dp_from_Kv", "Kv", Kv);
    require_positive("dp_from_Kv", "rho", rho);
    const double q = V_dot * s_per_h / Kv;
    return bar * (rho / rho_water_ref) * q * std::abs(q);
}

double K_from_Kv(double Kv, double D) {
    require_positive("K_from_Kv", "Kv", Kv);
    require_positive("K_from_Kv", "D", D);
    const double A = pi * D * D / 4.0;
    const double r = s_per_h * A / Kv;
    return 2.0 * bar / rho_water_ref * r * r;
}

double Kv_from_K(double K, double D) {
    require_positive("Kv_from_K", "K", K);
    require_positive("Kv_from_K", "D", D);
    const double A = pi * D * D / 4.0;
    return s_per_h * A * std::sqrt(2.0 * bar / rho_water_ref / K);
}

double K_from_Cv(double Cv, double D) {
    return K_from_Kv(Kv_from_Cv(Cv), D);
}

// ---------------------------------------------------------------------------------------

double fin_efficiency(double mL) {
    if (!(mL >= 0.0) || !std::isfinite(mL)) {
        throw std::domain_error(fmt::format("fin_efficiency: mL = {:.6g} must be >= 0", mL));
    }
    if (mL < 1e-6) {
        return 1.0 - mL * mL / 3.0; // series of tanh(x)/x
    }
    return std::tanh(mL) / mL;
}

double straight_fin_efficiency(double h, double k, double t, double L) {
    require_positive("straight_fin_efficiency", "h", h);
    require_positive("straight_fin_efficiency", "k", k);
    require_positive("straight_fin_efficiency", "t", t);
    if (!(L >= 0.0)) {
        throw std::domain_error("straight_fin_efficiency: L must be >= 0");
    }
    const double m = std::sqrt(2.0 * h / (k * t));
    return fin_efficiency(m * (L + t / 2.0));
}

double finned_surface_efficiency(double eta_fin, double A_fins, double A_total) {
    require_range("finned_surface_efficiency", "eta_fin", eta_fin, 0.0, 1.0);
    require_positive("finned_surface_efficiency", "A_total", A_total);
    require_range("finned_surface_efficiency", "A_fins", A_fins, 0.0, A_total);
    return 1.0 - A_fins / A_total * (1.0 - eta_fin);
}

// ---------------------------------------------------------------------------------------

double conduction_resistance(double t, double k, double A) {
    require_positive("conduction_resistance", "k", k);
    require_positive("conduction_resistance", "A", A);
    return t / (k * A);
}

double convection_resistance(double h, double A) {
    require_positive("convection_resistance", "h", h);
    require_positive("convection_resistance", "A", A);
    return 1.0 / (h * A);
}

SpreadingResistance lee_spreading_resistance(double A_source, double A_plate, double t, double k,
                                             double h) {
    return LeeSpreading(A_source, A_plate, t, k).at(h);
}

LeeSpreading::LeeSpreading(double A_source, double A_plate, double t, double k) : k_(k) {
    constexpr std::string_view fn = "lee_spreading_resistance";
    require_positive(fn, "A_source", A_source);
    require_positive(fn, "A_plate", A_plate);
    require_positive(fn, "t", t);
    require_positive(fn, "k", k);
    if (A_source > A_plate) {
        throw std::domain_error(fmt::format(
            "{}: source area {:.6g} m2 exceeds plate area {:.6g} m2", fn, A_source, A_plate));
    }
    const double sqrt_pi = std::sqrt(pi);
    r1_ = std::sqrt(A_source / pi);
    r2_ = std::sqrt(A_plate / pi);
    eps_ = r1_ / r2_;
    tau_ = t / r2_;
    lambda_ = pi + 1.0 / (sqrt_pi * eps_);
    tanh_lambda_tau_ = std::tanh(lambda_ * tau_);
    avg_factor_ = 0.5 * std::pow(1.0 - eps_, 1.5);
    r_scale_ = sqrt_pi * k * r1_;
}

SpreadingResistance LeeSpreading::at(double h) const {
    require_positive("lee_spreading_resistance", "h", h);
    const double sqrt_pi = std::sqrt(pi);
    const double Bi = h * r2_ / k_;
    const double th = tanh_lambda_tau_;
    const double Phi = (th + lambda_ / Bi) / (1.0 + lambda_ / Bi * th);
    const double R_avg = avg_factor_ * Phi / r_scale_;
    const double R_max = (eps_ * tau_ / sqrt_pi + (1.0 - eps_) * Phi / sqrt_pi) / r_scale_;
    return {R_avg, R_max};
}

double rectangular_spreading_resistance(double source_x, double source_y, double plate_x,
                                        double plate_y, double t, double k, double h, int n_terms) {
    constexpr std::string_view fn = "rectangular_spreading_resistance";
    require_positive(fn, "source_x", source_x);
    require_positive(fn, "source_y", source_y);
    require_positive(fn, "plate_x", plate_x);
    require_positive(fn, "plate_y", plate_y);
    require_positive(fn, "t", t);
    require_positive(fn, "k", k);
    require_positive(fn, "h", h);
    if (source_x > plate_x || source_y > plate_y) {
        throw std::domain_error(fmt::format("{}: source {:.6g} x {:.6g} m does not fit on plate "
                                            "{:.6g} x {:.6g} m",
                                            fn, source_x, source_y, plate_x, plate_y));
    }
    if (n_terms < 1) {
        throw std::domain_error(fmt::format("{}: n_terms = {} must be >= 1", fn, n_terms));
    }
    const double a = source_x / 2.0;
    const double b = source_y / 2.0;
    const double c = plate_x / 2.0;
    const double d = plate_y / 2.0;
    const double Bi = h / k; // [1/m]
    auto phi = [t, Bi](double z) {
        const double th = std::tanh(z * t);
        return (z + Bi * th) / (z * th + Bi);
    };
    const auto n = static_cast<std::size_t>(n_terms);
    std::vector<double> dm(n), sa(n), ln(n), sb(n);
    double sum_m = 0.0;
    double sum_n = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        const auto j = static_cast<double>(i + 1);
        dm[i] = j * pi / c;
        ln[i] = j * pi / d;
        const double s_a = std::sin(a * dm[i]);
        const double s_b = std::sin(b * ln[i]);
        sa[i] = s_a * s_a;
        sb[i] = s_b * s_b;
        sum_m += sa[i] * phi(dm[i]) / (dm[i] * dm[i] * dm[i]);
        sum_n += sb[i] * phi(ln[i]) / (ln[i] * ln[i] * ln[i]);
    }
    double sum_mn = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = 0; j < n; ++j) {
            const double beta = std::hypot(dm[i], ln[j]);
            sum_mn += sa[i] * sb[j] * phi(beta) / (dm[i] * dm[i] * ln[j] * ln[j] * beta);
        }
    }
    return sum_m / (2.0 * a * a * c * d * k) + sum_n / (2.0 * b * b * c * d * k) +
           sum_mn / (a * a * b * b * c * d * k);
}

} // namespace rackcalc::thermal
