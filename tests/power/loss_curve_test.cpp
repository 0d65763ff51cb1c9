// Loss-curve fits and checks (power/loss_curve.hpp).
// Sources: shared/reference/power-data.md (b) reference numbers and (c1) loss models;
// [R16] 80 PLUS Titanium 230 V internal redundant minima 90/94/96/91 % at 10/20/50/100 %;
// [R17] ORv3 3 kW rectifier, peak 97.5 %, 96.5 % at full load.

#include "power/loss_curve.hpp"
#include "power/power_error.hpp"

#include <cmath>
#include <doctest/doctest.h>
#include <string>
#include <vector>

using namespace rackcalc::power;

namespace {

const std::vector<EfficiencyPoint> titanium{{0.1, 0.90}, {0.2, 0.94}, {0.5, 0.96}, {1.0, 0.91}};

std::string message_of(auto&& f) {
    try {
        f();
    } catch (const PowerInputError& e) {
        return e.what();
    }
    return "(no PowerInputError)";
}

} // namespace

// The fitted coefficients and efficiencies of power-data.md c1 (k0 = 0.0065, k1 = 0,
// k2 = 0.090; 93.1/95.2/94.5/91.2 %) are reference cases of validation/power.toml.
TEST_CASE("loss curve: the NNLS fit of the 80 PLUS Titanium minima is not a physical curve") {
    const LossFit fit = fit_loss_curve(titanium, "Titanium PSU");
    CHECK(fit.curve.k1 == 0.0); // the constraint is active
    // c1: the fit misses the 96 % minimum at 50 % load by about 1.5 pp (it lies above the
    // 10 % minimum, which a minimum allows).
    CHECK(0.96 - fit.curve.efficiency(0.5) == doctest::Approx(0.015).epsilon(0.05));
}

TEST_CASE("loss curve: ordinary least squares on the Titanium points needs k1 < 0") {
    // power-data.md c1: unconstrained fits of the certification minima give k1 < 0, which is
    // why the default is NNLS. The curve stays positive on [0, 1], so it is accepted.
    FitOptions ols;
    ols.nonnegative = false;
    const LossFit fit = fit_loss_curve(titanium, "Titanium PSU", ols);
    CHECK(fit.curve.k1 < 0.0);
    CHECK(fit.rms_error < fit_loss_curve(titanium, "Titanium PSU").rms_error);
}

TEST_CASE("loss curve: a fit to negative loss is rejected, NNLS keeps it physical") {
    // Made-up data with 99 % at 10 % load: the exact quadratic through the points has
    // k0 = -0.0047, i.e. the converter would gain power at light load.
    const std::vector<EfficiencyPoint> odd{{0.1, 0.99}, {0.5, 0.95}, {1.0, 0.94}};
    FitOptions ols;
    ols.nonnegative = false;
    const std::string msg = message_of([&] { fit_loss_curve(odd, "odd rectifier", ols); });
    CHECK(msg.find("power stage \"odd rectifier\"") != std::string::npos);
    CHECK(msg.find("[loss_curve]") != std::string::npos);
    CHECK(msg.find("negative loss") != std::string::npos);
    const LossFit nn = fit_loss_curve(odd, "odd rectifier");
    CHECK(nn.curve.k0 >= 0.0);
    CHECK(nn.curve.k1 >= 0.0);
    CHECK(nn.curve.k2 >= 0.0);
}

TEST_CASE("loss curve: bad datasheet points are rejected with stage and key") {
    const std::vector<EfficiencyPoint> negative{{0.1, 0.9}, {0.5, -0.96}, {1.0, 0.91}};
    std::string msg = message_of([&] { fit_loss_curve(negative, "UPS module"); });
    CHECK(msg.find("power stage \"UPS module\"") != std::string::npos);
    CHECK(msg.find("[points[1].efficiency]") != std::string::npos);
    CHECK(msg.find("-0.96") != std::string::npos);

    const std::vector<EfficiencyPoint> percent{{0.1, 90.0}, {0.5, 96.0}, {1.0, 91.0}};
    msg = message_of([&] { fit_loss_curve(percent, "UPS module"); });
    CHECK(msg.find("[points[0].efficiency]") != std::string::npos);
    CHECK(msg.find("outside (0, 1)") != std::string::npos);

    const std::vector<EfficiencyPoint> zero_load{{0.0, 0.9}, {0.5, 0.96}, {1.0, 0.91}};
    msg = message_of([&] { fit_loss_curve(zero_load, "UPS module"); });
    CHECK(msg.find("[points[0].load_fraction]") != std::string::npos);

    const std::vector<EfficiencyPoint> two{{0.5, 0.96}, {1.0, 0.91}};
    msg = message_of([&] { fit_loss_curve(two, "UPS module"); });
    CHECK(msg.find("[points]") != std::string::npos);
    CHECK(msg.find("at least 3") != std::string::npos);
    FitOptions xfmr;
    xfmr.terms = FitTerms::no_proportional;
    CHECK_NOTHROW(fit_loss_curve(two, "transformer", xfmr)); // 2 points suffice for k0, k2

    const LossCurve bad{-0.01, 0.0, 0.02};
    msg = message_of([&] { check_loss_curve(bad, "PDU"); });
    CHECK(msg.find("power stage \"PDU\"") != std::string::npos);
    CHECK(msg.find("negative loss") != std::string::npos);
}

TEST_CASE("loss curve: transformer efficiency formula is exact") {
    // power-data.md c1 / [R34b]: eta(x) = x S / (x S + P0 + x^2 Pk).
    const double S = 2.5e6;
    const double P0 = 2250.0;
    const double Pk = 22000.0;
    const LossCurve c = transformer_loss_curve(S, P0, Pk);
    CHECK(c.k1 == 0.0);
    for (double x : {0.1, 0.35, 0.5, 0.8, 1.0, 1.2}) {
        CAPTURE(x);
        const double exact = x * S / (x * S + P0 + x * x * Pk);
        CHECK(transformer_efficiency(x, S, P0, Pk) == exact);
        CHECK(c.efficiency(x) == doctest::Approx(exact).epsilon(1e-12));
    }
    // Peak efficiency where no-load loss equals load loss: x* = sqrt(P0 / Pk).
    CHECK(c.peak_load_fraction() == doctest::Approx(std::sqrt(P0 / Pk)).epsilon(1e-12));
    // Two exact transformer-form points are fitted back exactly (k1 = 0 fit).
    FitOptions xfmr;
    xfmr.terms = FitTerms::no_proportional;
    const std::vector<EfficiencyPoint> pts{{0.35, c.efficiency(0.35)}, {1.0, c.efficiency(1.0)}};
    const LossFit fit = fit_loss_curve(pts, "transformer", xfmr);
    CHECK(fit.curve.k0 == doctest::Approx(P0 / S).epsilon(1e-9));
    CHECK(fit.curve.k2 == doctest::Approx(Pk / S).epsilon(1e-9));
}

TEST_CASE("loss curve: ORv3 rectifier peak 97.5 % and full load 96.5 % [R17]") {
    const LossCurve c = loss_curve_from_peak_and_full_load(0.975, 0.965, "ORv3 shelf");
    // Within 0.3 pp (task tolerance); the closed form is in fact exact.
    CHECK(c.peak_efficiency() == doctest::Approx(0.975).epsilon(0.003 / 0.975));
    CHECK(c.efficiency(1.0) == doctest::Approx(0.965).epsilon(0.003 / 0.965));
    CHECK(c.peak_efficiency() == doctest::Approx(0.975).epsilon(1e-12));
    CHECK(c.efficiency(1.0) == doctest::Approx(0.965).epsilon(1e-12));
    // Brute-force maximum over x agrees with the analytic peak.
    double best = 0.0;
    for (int i = 1; i <= 1000; ++i) {
        best = std::max(best, c.efficiency(i / 1000.0));
    }
    CHECK(best == doctest::Approx(0.975).epsilon(1e-6));
    CHECK(c.peak_load_fraction() < 1.0);
    // Peak below full load is impossible.
    const std::string msg = message_of([] { loss_curve_from_peak_and_full_load(0.95, 0.96, "x"); });
    CHECK(msg.find("[full_load_efficiency]") != std::string::npos);
}
