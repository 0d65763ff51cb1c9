// The rack thermal model on every template: conservation (energy into the coolant equals
// the liquid heat; mass at every junction), plausibility against published rack figures,
// the inverse questions, and the findings for designs that cannot work.

#include "bundled_templates.hpp"
#include "cases/case.hpp"
#include "core/display_units.hpp"
#include "core/input_error.hpp"
#include "geometry/assembly.hpp"
#include "thermal/fluid.hpp"
#include "thermal/rack_loop.hpp"
#include "thermal/rack_thermal.hpp"

#include <algorithm>
#include <cmath>
#include <doctest/doctest.h>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <string>
#include <vector>

namespace {
/// A model's sentence as the metric display renders it (the long-standing text).
std::string text(const rackcalc::core::Statement& s) {
    return rackcalc::core::Display{}.render(s);
}
} // namespace

using namespace rackcalc;
namespace fs = std::filesystem;

namespace {

struct Loaded {
    cases::CaseSpec spec;
    geometry::Assembly assembly;
};

Loaded load_text(const std::string& name, const std::string& text) {
    const fs::path dir = fs::temp_directory_path() / "rackcalc-test-thermal";
    fs::create_directories(dir);
    std::ofstream(dir / name) << text;
    Loaded l{cases::load_case(dir / name, rackcalc_test::bundled_templates()), {}};
    l.assembly = geometry::build_assembly(l.spec.layout);
    return l;
}

Loaded load_template(const std::string& name) {
    Loaded l{cases::load_template(name, rackcalc_test::bundled_templates()), {}};
    l.assembly = geometry::build_assembly(l.spec.layout);
    return l;
}

bool has_finding(const thermal::ThermalAnalysis& a, const std::string& component,
                 const std::string& words) {
    for (const auto& f : a.findings) {
        if (text(f.component) == component && text(f.message).find(words) != std::string::npos) {
            return true;
        }
    }
    return false;
}

constexpr double to_m3_s = 1e-3 / 60.0; // L/min

} // namespace

TEST_CASE("conservation: every template's coolant carries exactly its liquid heat") {
    for (const auto& name : rackcalc_test::bundled_templates().names()) {
        CAPTURE(name);
        const Loaded l = load_template(name);
        thermal::RackLoop loop(l.assembly, l.spec.layout, l.spec.loop,
                               thermal::fluid_by_name(l.spec.cooling.coolant));
        const double V = l.spec.cooling.flow_per_power_m3_per_J * loop.liquid_heat_W();
        const auto r = loop.solve(V, l.spec.cooling.supply_temperature.value());
        REQUIRE_MESSAGE(r.converged, r.reason);
        // Liquid heat of the parts themselves, summed independently of the loop model.
        double expected = 0.0;
        for (const auto& p : l.assembly.parts) {
            expected += p.power_W * p.liquid_fraction;
        }
        CHECK(loop.liquid_heat_W() == doctest::Approx(expected).epsilon(1e-12));
        CHECK(std::abs(r.Q_coolant_W - expected) / expected < 1e-9);
        CHECK(r.mass_imbalance <= 1e-12);
        // Every chip on liquid got a temperature, and trays carry the heat of their plates.
        long liquid_chips = 0;
        for (const auto& p : l.assembly.parts) {
            liquid_chips += p.kind == geometry::PartKind::chip && p.liquid_fraction > 0 ? 1 : 0;
        }
        CHECK(static_cast<long>(r.chips.size()) == liquid_chips);
        double tray_heat = 0.0;
        for (const auto& t : r.trays) {
            tray_heat += t.Q_W;
        }
        CHECK(tray_heat == doctest::Approx(expected).epsilon(1e-9));
    }
}

// The published-figure plausibility checks (GB200/GB300 at 1.5 L/min/kW rise about 10 K; a
// GB300 tray's liquid heat at about 8 L/min) live in validation/rack_plausibility.toml and
// run with `rackcalc validate`.

TEST_CASE("the design analysis of the GB300 example is feasible and reports every part") {
    const Loaded l = load_text("gb300.toml", "template = \"gb300-nvl72\"\n[cooling]\n"
                                             "supply_temperature = \"40 degC\"\n");
    const auto a = thermal::analyse_thermal(l.assembly, l.spec.layout, l.spec.loop, l.spec.cooling);
    CHECK(a.feasible());
    CHECK(a.Q_liquid_W + a.Q_air_W == doctest::Approx(a.it_power_W).epsilon(1e-12));
    CHECK(a.design.trays.size() == 27);
    CHECK(a.design.plates.size() == 225);
    // The CDU carries the liquid heat; the facility class follows from its supply (32 degC:
    // W32, ASHRAE 5th ed. [T3]).
    CHECK(a.cdu.Q_W == doctest::Approx(a.Q_liquid_W));
    CHECK(a.cdu.facility_class == "W32");
    CHECK(a.cdu.speed_ratio < 1.0);
    // Inverse answers are consistent: at the least flow the binding limit is just met (here
    // the 65 degC cap on a GPU plate's outlet: the chips alone would allow less), and the
    // least flow rises with the supply temperature.
    REQUIRE(a.V_dot_min_m3_s);
    CHECK(text(a.V_dot_min_binding).rfind("plate outlet cap at ", 0) == 0);
    thermal::RackLoop loop(l.assembly, l.spec.layout, l.spec.loop, thermal::fluid_by_name("PG25"));
    REQUIRE(loop.balance_to_heat(a.V_dot_design_m3_s, 273.15 + 40.0).converged);
    const thermal::OperatingLimits limits{273.15 + 65.0, 273.15 + 65.0};
    const auto at_min =
        thermal::operating_margin(loop, l.assembly, limits, *a.V_dot_min_m3_s, 273.15 + 40.0);
    CHECK(std::abs(at_min.margin_K) < 0.01);
    CHECK(at_min.binding.rfind("plate outlet cap at ", 0) == 0);
    double hottest = 0.0;
    for (const auto& p : at_min.point.plates) {
        hottest = std::max(hottest, p.T_out_K);
    }
    CHECK(hottest == doctest::Approx(273.15 + 65.0).epsilon(1e-4));
    REQUIRE(a.flow_table.size() == 5);
    for (std::size_t k = 1; k < a.flow_table.size(); ++k) {
        REQUIRE(a.flow_table[k].V_dot_m3_s);
        CHECK(*a.flow_table[k].V_dot_m3_s > *a.flow_table[k - 1].V_dot_m3_s);
    }
    REQUIRE(a.T_supply_max_K);
    const auto at_max =
        thermal::operating_margin(loop, l.assembly, limits, a.V_dot_design_m3_s, *a.T_supply_max_K);
    CHECK(std::abs(at_max.margin_K) < 0.01);
}

namespace {

/// The B300 chips and plates of a solve.
std::vector<const thermal::ChipThermalResult*> b300s(const Loaded& l,
                                                     const thermal::RackLoopResult& r) {
    std::vector<const thermal::ChipThermalResult*> out;
    for (const auto& c : r.chips) {
        if (l.assembly.parts[static_cast<std::size_t>(c.part)].type == "b300") {
            out.push_back(&c);
        }
    }
    return out;
}

} // namespace

// Flow follows heat (issue 8): without restrictors every GB300 plate, 30 W NIC or 1400 W GPU,
// takes about the same flow, so a GPU plate gets far less than its share; with restrictors
// sized to heat, each GPU plate's flow per kW is within 20 % of the rack's.
TEST_CASE("GB300: balancing restrictors make each plate's flow follow its heat") {
    const std::string base = "template = \"gb300-nvl72\"\n[cooling]\n"
                             "supply_temperature = \"40 degC\"\n";
    thermal::ThermalOptions o;
    o.inverse = false;
    const Loaded open = load_text("open.toml", base + "balance = \"none\"\n");
    const auto a0 = thermal::analyse_thermal(open.assembly, open.spec.layout, open.spec.loop,
                                             open.spec.cooling, o);
    const Loaded bal = load_text("balanced.toml", base + "balance = \"heat\"\n");
    const auto a1 =
        thermal::analyse_thermal(bal.assembly, bal.spec.layout, bal.spec.loop, bal.spec.cooling, o);
    REQUIRE(a1.balance);
    CHECK(a1.balance->converged);
    CHECK(a1.design.balanced);
    const double per_kW = a1.design.V_dot_m3_s / a1.design.Q_sources_W;
    int gpus = 0;
    for (const auto& p : a1.design.plates) {
        if (bal.assembly.parts[static_cast<std::size_t>(p.part)].type == "b300") {
            CHECK(std::abs(p.V_dot_m3_s / p.Q_W / per_kW - 1.0) < 0.2);
            ++gpus;
        }
    }
    CHECK(gpus == 72);
    CHECK(a1.design.plate_flow_per_heat_min > 0.8);
    CHECK(a1.design.plate_flow_per_heat_max < 1.2);
    // Unbalanced, the GPU plates are starved (the NIC plates flooded).
    CHECK(a0.design.plate_flow_per_heat_min < 0.6);
    CHECK(a0.design.plate_flow_per_heat_max > 5.0);
    // The restrictors cost pressure, and the energy balance still closes.
    CHECK(a1.balance->dp_rack_balanced_Pa > a1.balance->dp_rack_open_Pa);
    CHECK(a1.design.energy_imbalance() < 1e-9);
    // Balanced GPUs run cooler than starved ones.
    CHECK(b300s(bal, a1.design).front()->T_junction_K <
          b300s(open, a0.design).front()->T_junction_K);
}

// Manifold tees (Crane TP-410 2009 [V46]) on the GB300 rack, unbalanced, at 1.5 L/min/kW:
// 184 L/min in a 46 mm bore is 1.8 m/s, a velocity head of about 1.7 kPa against the
// compute trays' 13-15 kPa, so momentum, not friction, shapes the flow split. In a manifold
// whose momentum dominates, the static pressure rises along the dividing (supply) header
// by about one velocity head (regain) and falls along the combining (return) header by
// about two. With both headers flowing the same way (Z) the last tap sees the most
// pressure; with the return flowing back (U) the two trends oppose and the split is more
// even, the first tap taking the most (Bajura & Jones 1976 [V50]). A model that charges
// every tap a fixed run loss (no regain) gives neither: Z then feeds both ends alike.
TEST_CASE("GB300 manifolds: tees with static regain split the flow as manifold theory says") {
    thermal::ThermalOptions o;
    o.inverse = false;
    auto compute_flows = [&](const std::string& file, const std::string& manifold) {
        const Loaded l = load_text(file, "template = \"gb300-nvl72\"\n[cooling]\n"
                                         "balance = \"none\"\n[racks.nvl72.manifold]\n" +
                                             manifold);
        const auto a =
            thermal::analyse_thermal(l.assembly, l.spec.layout, l.spec.loop, l.spec.cooling, o);
        REQUIRE(a.design.converged);
        CHECK(a.design.energy_imbalance() < 1e-9);
        std::vector<double> flows; // compute trays, in the order supply flows past them
        for (const auto& t : a.design.trays) {
            if (l.assembly.parts[static_cast<std::size_t>(t.part)].type == "compute") {
                flows.push_back(t.V_dot_m3_s);
            }
        }
        REQUIRE(flows.size() == 18);
        return flows;
    };
    const auto spread = [](const std::vector<double>& f) {
        return *std::max_element(f.begin(), f.end()) / *std::min_element(f.begin(), f.end());
    };
    const auto z = compute_flows("tees-z.toml", "layout = \"Z\"\n");
    for (std::size_t k = 1; k < z.size(); ++k) {
        CHECK(z[k] > z[k - 1]); // Z: every tap down the header takes more than the last
    }
    CHECK(z.back() / z.front() > 1.1);
    const auto u = compute_flows("tees-u.toml", "layout = \"U\"\n");
    CHECK(u.front() > u.back()); // U: the first tap takes the most
    CHECK(spread(u) < spread(z));
    // The spread grows with the header's velocity head over the taps' drop (Bajura & Jones'
    // momentum parameter): a 76 mm bore instead of 46 mm has (46 / 76)^4 = 1/7.5 of the
    // head, so about 1/7.5 of the spread (at most 1/5, leaving room for friction).
    const auto wide = compute_flows("tees-wide.toml", "layout = \"Z\"\ndiameter = "
                                                      "{ value = \"80 mm\", source = \"test\", "
                                                      "confidence = \"inferred\" }\n");
    CHECK(spread(wide) - 1.0 < (spread(z) - 1.0) / 5.0);
    CHECK(spread(wide) - 1.0 > (spread(z) - 1.0) / 12.0);
}

namespace {

const std::string no_balance = "template = \"gb300-nvl72\"\n[cooling]\nbalance = \"none\"\n";
const std::string curve_flows = "flow = [\"100 L/min\", \"150 L/min\", \"200 L/min\"]\n";

/// A balance-free GB300 case with `overrides` appended, analysed with a placeholder rack
/// curve at 100, 150 and 200 L/min: its model column is the truth a calibration recovers.
struct CurveTruth {
    thermal::ThermalAnalysis analysis;
    std::vector<double> dp; ///< the rack's drop at each flow [Pa]
};

CurveTruth gb300_curve_truth(const std::string& name, const std::string& overrides) {
    thermal::ThermalOptions o;
    o.inverse = false;
    const Loaded l =
        load_text(name, no_balance + "[cooling.rack_curve]\n" + curve_flows +
                            "pressure_drop = [\"1 kPa\", \"2 kPa\", \"3 kPa\"]\n"
                            "source = \"placeholder: only the model column is read\"\n" +
                            overrides);
    CurveTruth truth{
        thermal::analyse_thermal(l.assembly, l.spec.layout, l.spec.loop, l.spec.cooling, o), {}};
    REQUIRE(truth.analysis.rack_curve);
    for (const auto& m : truth.analysis.rack_curve->model) {
        REQUIRE(m);
        truth.dp.push_back(*m);
    }
    return truth;
}

/// A [cooling.rack_curve] table at 100, 150 and 200 L/min with drops `dp` [Pa], then `extra`.
std::string rack_curve_table(const std::vector<double>& dp, const std::string& source,
                             const std::string& extra) {
    return fmt::format("[cooling.rack_curve]\n{}pressure_drop = [\"{:.6f} kPa\", \"{:.6f} kPa\", "
                       "\"{:.6f} kPa\"]\nsource = \"{}\"\n{}",
                       curve_flows, dp[0] / 1e3, dp[1] / 1e3, dp[2] / 1e3, source, extra);
}

/// The unbalanced GB300 case with `given` (a rack curve that asks for calibration), analysed:
/// the fit of `unknown` must converge on `factor` times the template's value and match the
/// curve to 1e-3 rms. The analysis, for each test's own checks.
thermal::ThermalAnalysis fitted_to_curve(const std::string& file, const std::string& given,
                                         thermal::RackCurveUnknown unknown, double factor) {
    thermal::ThermalOptions o;
    o.inverse = false;
    const Loaded fit = load_text(file, no_balance + given);
    auto f =
        thermal::analyse_thermal(fit.assembly, fit.spec.layout, fit.spec.loop, fit.spec.cooling, o);
    REQUIRE(f.rack_curve_calibration);
    const auto& c = *f.rack_curve_calibration;
    CHECK(c.unknown == unknown);
    CHECK(c.converged);
    CHECK(c.factor == doctest::Approx(factor).epsilon(1e-3));
    CHECK(c.rms_after < 1e-3);
    return f;
}

} // namespace

// A vendor's rack curve (SimReady liquidSidePqCurve) against RackCalc's: a "vendor" curve
// made by RackCalc itself with every tray's quick-disconnect Cv at 0.25 of the template's
// (1.2 -> 0.3) must be matched by fitting the Cv of the template's rack: the fit recovers
// 0.25 (to the fit's tolerance, 0.01 % in the mean log error), and the fitted rack reproduces
// the curve point by point. The vendor's required flow is compared with the least flow at
// each of its temperatures.
TEST_CASE("vendor curves: the rack P-Q curve is compared, and the QD Cv fitted to it") {
    thermal::ThermalOptions o;
    o.inverse = false;
    const CurveTruth truth = gb300_curve_truth(
        "vendor-truth.toml", "[trays.compute]\nqd_Cv = 0.3\n[trays.switch]\nqd_Cv = 0.3\n");
    const thermal::ThermalAnalysis& t = truth.analysis;
    const std::vector<double>& dp = truth.dp;
    // A rack drop rises with flow, a little slower than the square (laminar plate channels).
    CHECK(dp[1] > dp[0]);
    CHECK(dp[2] > dp[1]);
    CHECK(dp[2] / dp[0] < 4.0);
    CHECK(dp[2] / dp[0] > 2.0);

    const std::string given = rack_curve_table(dp, "RackCalc with Cv 0.3", "");
    const std::string& base = no_balance;
    const Loaded plain = load_text("vendor-plain.toml", base + given);
    const auto p = thermal::analyse_thermal(plain.assembly, plain.spec.layout, plain.spec.loop,
                                            plain.spec.cooling, o);
    REQUIRE(p.rack_curve);
    CHECK(!p.rack_curve_calibration);
    CHECK(p.rack_curve->rms_error > 0.10); // the template's QDs are more open
    CHECK(has_finding(p, "rack pressure drop", "rms"));

    const auto f = fitted_to_curve("vendor-fit.toml", given + "calibrate = true\n",
                                   thermal::RackCurveUnknown::qd_cv, 0.25);
    CHECK(f.rack_curve_calibration->rms_before ==
          doctest::Approx(p.rack_curve->rms_error).epsilon(1e-6));
    REQUIRE(f.rack_curve);
    CHECK(f.rack_curve->rms_error < 1e-3);
    CHECK(!has_finding(f, "rack pressure drop", "rms"));
    // The fitted Cv is the design's: the same loop drop as the rack built with Cv 0.3.
    CHECK(f.design.dp_loop_Pa == doctest::Approx(t.design.dp_loop_Pa).epsilon(1e-3));

    // Required flow: RackCalc's least flow at each of the vendor's temperatures, per rack.
    thermal::ThermalOptions inverse;
    const Loaded req = load_text("vendor-req.toml",
                                 "template = \"gb300-nvl72\"\n[cooling]\n[cooling.required_flow]\n"
                                 "supply_temperature = [\"25 degC\", \"45 degC\"]\n"
                                 "flow = [\"60 L/min\", \"130 L/min\"]\n"
                                 "source = \"test: not a vendor's figure\"\n");
    const auto r = thermal::analyse_thermal(req.assembly, req.spec.layout, req.spec.loop,
                                            req.spec.cooling, inverse);
    REQUIRE(r.required_flow);
    REQUIRE(r.flow_table.size() == 5); // 25, 30, ..., 45 degC
    for (std::size_t k : {0u, 1u}) {
        const auto& row = r.flow_table[k == 0 ? 0 : 4];
        REQUIRE(row.V_dot_m3_s);
        REQUIRE(r.required_flow->model[k]);
        CHECK(*r.required_flow->model[k] == doctest::Approx(*row.V_dot_m3_s).epsilon(1e-9));
        CHECK(text(r.required_flow->note[k]) == text(row.binding));
    }
}

// The same with the hose bore as the unknown: a curve made by RackCalc with every tray hose at
// 7.6 mm (0.8 times the 9.5 mm default) gives 0.8 back, and the fitted rack has that rack's
// loop drop (the tee legs' diameter ratios follow the bore).
TEST_CASE("vendor curves: the hose bore fitted to a rack P-Q curve") {
    const CurveTruth truth =
        gb300_curve_truth("hose-truth.toml", "[trays.compute]\nhose_diameter = \"7.6 mm\"\n"
                                             "[trays.switch]\nhose_diameter = \"7.6 mm\"\n");
    const thermal::ThermalAnalysis& t = truth.analysis;
    const std::string given = rack_curve_table(truth.dp, "RackCalc with 7.6 mm hoses",
                                               "calibrate = true\nunknown = \"hose_diameter\"\n");
    const auto f =
        fitted_to_curve("hose-fit.toml", given, thermal::RackCurveUnknown::hose_diameter, 0.8);
    CHECK(f.rack_curve_calibration->rms_before > 0.05); // the template's wider hoses drop less
    CHECK(f.design.dp_loop_Pa == doctest::Approx(t.design.dp_loop_Pa).epsilon(1e-3));
}

// And the cold plates' channel count: a curve made with every channel-model plate at 0.8
// times its channels (RackLoop::scale_plate_channels, the rack's inlet-to-outlet drop as
// analyse_thermal reads it) gives 0.8 back. The plates' film follows the count: the fitted
// rack's GPU plates are thermally weaker than the template's.
TEST_CASE("vendor curves: the plates' channel count fitted to a rack P-Q curve") {
    thermal::ThermalOptions o;
    o.inverse = false;
    const std::string& base = no_balance;
    const Loaded plain = load_text("channels-plain.toml", base);
    thermal::RackLoop loop(plain.assembly, plain.spec.layout, plain.spec.loop,
                           thermal::fluid_by_name(plain.spec.cooling.coolant));
    loop.scale_plate_channels(0.8);
    const double T = plain.spec.cooling.supply_temperature.value();
    std::vector<double> dp;
    for (const double lpm : {100.0, 150.0, 200.0}) {
        const auto r = loop.solve(lpm / 60000.0, T, thermal::LoopDetail::one_per_kind);
        REQUIRE(r.converged);
        dp.push_back(r.racks.front().dp_Pa);
    }
    const std::string given = rack_curve_table(dp, "RackCalc with 0.8 times the plate channels",
                                               "calibrate = true\nunknown = \"plate_channels\"\n");
    const auto f =
        fitted_to_curve("channels-fit.toml", given, thermal::RackCurveUnknown::plate_channels, 0.8);
    CHECK(f.rack_curve_calibration->rms_before > 0.01);
    const auto p = thermal::analyse_thermal(plain.assembly, plain.spec.layout, plain.spec.loop,
                                            plain.spec.cooling, o);
    REQUIRE(f.design.worst_chip >= 0);
    REQUIRE(p.design.worst_chip >= 0);
    const auto& fitted = f.design.chips[static_cast<std::size_t>(f.design.worst_chip)];
    const auto& templ = p.design.chips[static_cast<std::size_t>(p.design.worst_chip)];
    CHECK(fitted.R_plate_K_per_W > 1.05 * templ.R_plate_K_per_W);
}

// A CDU pump from its datasheet points. (1) Points on the quadratic of the default
// shut-off/run-out pump (350 kPa, 1200 L/min) give that pump back: same available rise, speed
// and efficiency. (2) A curve with a linear term: the speed ratio solves
// dp0 s^2 - c1 V s - c2 V^2 = dp_required, and the efficiency points (linear in flow, which
// the monotone cubic reproduces exactly) are read at the flow the affinity laws map to full
// speed, V_each / s.
TEST_CASE("CDU pump curve from datasheet points: fitted, scaled by speed, efficiency read") {
    thermal::ThermalOptions o;
    o.inverse = false;
    const std::string base = "template = \"gb300-nvl72\"\n[cooling]\nbalance = \"none\"\n";
    const Loaded plain = load_text("pump-plain.toml", base);
    const auto a = thermal::analyse_thermal(plain.assembly, plain.spec.layout, plain.spec.loop,
                                            plain.spec.cooling, o);
    std::string flows, rises;
    for (int k = 0; k <= 4; ++k) {
        const double V = 300.0 * k; // L/min
        flows += fmt::format("{}\"{} L/min\"", k ? ", " : "", V);
        rises += fmt::format("{}\"{:.9f} kPa\"", k ? ", " : "",
                             350.0 * (1.0 - (V / 1200.0) * (V / 1200.0)));
    }
    const Loaded same = load_text("pump-same.toml", base + "[cooling.pump_curve]\nflow = [" +
                                                        flows + "]\npressure_rise = [" + rises +
                                                        "]\nsource = \"test: the default\"\n");
    const auto b = thermal::analyse_thermal(same.assembly, same.spec.layout, same.spec.loop,
                                            same.spec.cooling, o);
    CHECK(b.cdu.dp_available_Pa == doctest::Approx(a.cdu.dp_available_Pa).epsilon(1e-7));
    CHECK(b.cdu.speed_ratio == doctest::Approx(a.cdu.speed_ratio).epsilon(1e-7));
    CHECK(b.cdu.pump_efficiency == doctest::Approx(a.cdu.pump_efficiency).epsilon(1e-6));
    CHECK(text(b.cdu.pump_curve).find("fitted to 5 datasheet points") != std::string::npos);

    // dp = 300 kPa - 20 kPa/(L/s) V - 0.5 kPa/(L/s)^2 V^2, efficiency 0.30 + 0.02 per L/s.
    const double dp0 = 300e3, c1 = 20e3 / 1e-3, c2 = 0.5e3 / 1e-6;
    std::string f2, r2, e2;
    for (int k = 0; k <= 4; ++k) {
        const double V = 2.5e-3 * k; // m3/s
        f2 += fmt::format("{}\"{} L/s\"", k ? ", " : "", V * 1e3);
        r2 += fmt::format("{}\"{:.9f} Pa\"", k ? ", " : "", dp0 - c1 * V - c2 * V * V);
        e2 += fmt::format("{}\"{}\"", k ? ", " : "", 0.30 + 0.02 * V * 1e3);
    }
    const Loaded lin =
        load_text("pump-linear.toml", base + "[cooling.pump_curve]\nflow = [" + f2 +
                                          "]\npressure_rise = [" + r2 + "]\nefficiency = [" + e2 +
                                          "]\nsource = \"test: a curve with a linear term\"\n");
    const auto c =
        thermal::analyse_thermal(lin.assembly, lin.spec.layout, lin.spec.loop, lin.spec.cooling, o);
    const double V_each = c.V_dot_design_m3_s / c.cdu.units_needed / c.cdu.pumps_running;
    const double s = c.cdu.speed_ratio;
    CHECK(dp0 * s * s - c1 * V_each * s - c2 * V_each * V_each ==
          doctest::Approx(c.cdu.dp_required_Pa).epsilon(1e-6));
    CHECK(c.cdu.pump_efficiency ==
          doctest::Approx(0.30 + 0.02 * std::clamp(V_each / s * 1e3, 0.0, 10.0)).epsilon(1e-9));
    CHECK(c.cdu.P_pump_W ==
          doctest::Approx(c.V_dot_design_m3_s * c.cdu.dp_required_Pa / c.cdu.pump_efficiency)
              .epsilon(1e-12));

    // A rise that grows with flow, or efficiencies that do not match the flows, are refused.
    CHECK_THROWS_WITH_AS(
        load_text("pump-bad.toml", base + "[cooling.pump_curve]\nflow = [\"0 L/min\", \"500 "
                                          "L/min\", \"1000 L/min\"]\npressure_rise = [\"100 "
                                          "kPa\", \"200 kPa\", \"300 kPa\"]\nsource = \"x\"\n"),
        doctest::Contains("pressure_rise"), core::InputError);
    CHECK_THROWS_WITH_AS(
        load_text("pump-eta.toml", base + "[cooling.pump_curve]\nflow = [\"0 L/min\", \"500 "
                                          "L/min\", \"1000 L/min\"]\npressure_rise = [\"300 "
                                          "kPa\", \"250 kPa\", \"150 kPa\"]\nefficiency = "
                                          "[\"0.5\"]\nsource = \"x\"\n"),
        doctest::Contains("1 values for 3 points"), core::InputError);
}

// A CDU from its datasheet capacity curve. (1) Capacities from the default CDU's own
// exchanger (600 kW at 4 K, rated rise 10 K, balanced: Q = UA a with UA = 150 kW/K) give that
// CDU back: same UA, effectiveness and approach at the operating point. (2) Halving every
// capacity halves UA, so the CDU's capacity at the 4 K design approach is 300 kW: the GB300
// rack's 123 kW still needs one CDU, and the approach it reaches widens.
TEST_CASE("CDU capacity curve: the fitted exchanger sizes the CDUs and sets the approach") {
    thermal::ThermalOptions o;
    o.inverse = false;
    const std::string base = "template = \"gb300-nvl72\"\n[cooling]\nbalance = \"none\"\n";
    const Loaded plain = load_text("cdu-plain.toml", base);
    const auto a = thermal::analyse_thermal(plain.assembly, plain.spec.layout, plain.spec.loop,
                                            plain.spec.cooling, o);
    CHECK(a.cdu.capacity_W == doctest::Approx(600e3));
    CHECK_FALSE(a.cdu.capacity_curve);
    const auto curve = [&](const std::string& name, double scale) {
        std::string approaches, capacities;
        for (int k = 0; k < 5; ++k) {
            const double dT = 2.0 + k;
            approaches += fmt::format("{}\"{} K\"", k ? ", " : "", dT);
            capacities += fmt::format("{}\"{:.9f} kW\"", k ? ", " : "", scale * 150.0 * dT);
        }
        const Loaded l =
            load_text(name, base + "[cooling.cdu_capacity_curve]\napproach = [" + approaches +
                                "]\ncapacity = [" + capacities + "]\nsource = \"test\"\n");
        return thermal::analyse_thermal(l.assembly, l.spec.layout, l.spec.loop, l.spec.cooling, o);
    };
    const auto same = curve("cdu-same.toml", 1.0);
    REQUIRE(same.cdu.capacity_curve);
    CHECK(same.cdu.capacity_curve->rms_error < 1e-6);
    CHECK(same.cdu.capacity_W == doctest::Approx(600e3).epsilon(1e-6));
    CHECK(same.cdu.UA_W_per_K == doctest::Approx(a.cdu.UA_W_per_K).epsilon(1e-6));
    CHECK(same.cdu.approach_K == doctest::Approx(a.cdu.approach_K).epsilon(1e-6));

    const auto half = curve("cdu-half.toml", 0.5);
    CHECK(half.cdu.capacity_W == doctest::Approx(300e3).epsilon(1e-6));
    CHECK(half.cdu.UA_W_per_K == doctest::Approx(0.5 * a.cdu.UA_W_per_K).epsilon(1e-6));
    CHECK(half.cdu.units_needed == 1);
    CHECK(half.cdu.approach_K > a.cdu.approach_K);

    // A CDU with a tenth of the capacity cannot carry the rack alone: two are needed.
    const auto small = curve("cdu-small.toml", 0.1);
    CHECK(small.cdu.capacity_W == doctest::Approx(60e3).epsilon(1e-6));
    CHECK(small.cdu.units_needed == static_cast<int>(std::ceil(small.cdu.Q_W / 60e3)));
    CHECK(small.cdu.units_needed >= 2);
}

// The least-flow table at a fixed facility water: a supply the CDUs cannot make from it (the
// supply minus the approach the exchangers reach at that flow) says so in its row; a warm
// supply does not. On GB300 the facility water is at 35 degC: 25 degC supply is impossible,
// 45 degC is easy.
TEST_CASE("least-flow table: the CDU exchangers' facility-water limit is named per row") {
    const Loaded l = load_text("fws-35.toml", "template = \"gb300-nvl72\"\n[cooling]\n"
                                              "facility_supply_temperature = \"35 degC\"\n");
    const auto a = thermal::analyse_thermal(l.assembly, l.spec.layout, l.spec.loop, l.spec.cooling);
    REQUIRE(a.flow_table.size() == 5); // 25, 30, ..., 45 degC
    const auto& cold = a.flow_table.front();
    const auto& warm = a.flow_table.back();
    REQUIRE(cold.V_dot_m3_s);
    REQUIRE(warm.V_dot_m3_s);
    CHECK(text(cold.binding).find("the CDUs need facility water at or below") != std::string::npos);
    CHECK(text(cold.binding).find("it is 35.0 degC") != std::string::npos);
    CHECK(text(warm.binding).find("facility water") == std::string::npos);
    // The limit it names lies below the row's supply by a positive approach.
    const auto at = text(cold.binding).find("at or below ");
    const double T_limit_degC = std::stod(text(cold.binding).substr(at + 12));
    CHECK(T_limit_degC < cold.T_supply_K - 273.15);
    CHECK(T_limit_degC > cold.T_supply_K - 273.15 - 10.0);
}

// The least flow honours the CDU heat exchangers too. An undersized exchanger (150 kW rated
// at a 20 K approach and a 5 K rise: NTU 0.33) holds the supply from colder facility water the
// more coolant it gets, since its conductance grows with the flow (h ~ V^0.8) faster than the
// return falls: from 12 degC facility water it cannot hold a 40 degC supply at the flow the
// plates need, and the least flow is raised to where it just can. Checked independently: the
// design analysis at that flow (rack_flow) puts the CDU's warmest usable facility water at
// 12 degC, and 2 % less flow below it. From 20 degC facility water no flow the pumps can
// push is enough: there is no least flow, and the finding says why.
TEST_CASE("least flow: raised until the CDU heat exchangers hold the supply, or none") {
    const std::string cdu = "template = \"gb300-nvl72\"\n[cooling]\n"
                            "supply_temperature = \"40 degC\"\n"
                            "cdu_capacity = \"150 kW\"\ncdu_rated_approach = \"20 K\"\n"
                            "cdu_rated_dT = \"5 K\"\n";
    const Loaded l = load_text("cdu-12.toml", cdu + "facility_supply_temperature = \"12 degC\"\n");
    const auto a = thermal::analyse_thermal(l.assembly, l.spec.layout, l.spec.loop, l.spec.cooling);
    REQUIRE(a.V_dot_min_m3_s);
    CHECK(text(a.V_dot_min_binding).rfind("CDU heat exchangers at 12.0 degC facility water", 0) ==
          0);
    // The plates alone need less.
    thermal::RackLoop loop(l.assembly, l.spec.layout, l.spec.loop, thermal::fluid_by_name("PG25"));
    REQUIRE(loop.balance_to_heat(a.V_dot_design_m3_s, 273.15 + 40.0).converged);
    const thermal::OperatingLimits limits{l.spec.cooling.max_return_temperature.value(),
                                          l.spec.cooling.max_plate_outlet_temperature.value()};
    std::string binding;
    core::Statement why;
    const auto V0 = thermal::minimum_flow(loop, l.assembly, limits, 273.15 + 40.0,
                                          20.0 * a.V_dot_design_m3_s, binding, why);
    REQUIRE(V0);
    CHECK(*a.V_dot_min_m3_s > 1.2 * *V0);
    // At the least flow the exchangers just hold the supply from 12 degC water.
    auto at_flow = [&](const std::string& name, double V) {
        const Loaded m =
            load_text(name, cdu + "facility_supply_temperature = \"12 degC\"\n" +
                                fmt::format("rack_flow = \"{:.9g} L/min\"\n", V / to_m3_s));
        thermal::ThermalOptions o;
        o.inverse = false;
        return thermal::analyse_thermal(m.assembly, m.spec.layout, m.spec.loop, m.spec.cooling, o);
    };
    const auto just = at_flow("cdu-just.toml", *a.V_dot_min_m3_s);
    // Within 0.01 K: the design analysis takes the coolant's rho cp at its own design point.
    CHECK(std::abs(just.cdu.T_facility_max_K - 273.15 - 12.0) < 0.01);
    const auto less = at_flow("cdu-less.toml", 0.98 * *a.V_dot_min_m3_s);
    CHECK(less.cdu.T_facility_max_K - 273.15 < 12.0 - 0.05);

    const Loaded w = load_text("cdu-20.toml", cdu + "facility_supply_temperature = \"20 degC\"\n");
    const auto b = thermal::analyse_thermal(w.assembly, w.spec.layout, w.spec.loop, w.spec.cooling);
    CHECK(!b.V_dot_min_m3_s);
    CHECK(has_finding(b, "coolant flow", "no flow meets every limit: the plate outlet cap"));
    CHECK(has_finding(b, "coolant flow", "it is 20.0 degC"));
    CHECK(has_finding(b, "coolant flow", "where the CDU pumps run out of pressure"));
}

// Bad vendor curves are refused where they are written.
TEST_CASE("vendor curves: mismatched, unsorted or unsourced points are located errors") {
    const std::string base = "template = \"gb300-nvl72\"\n[cooling]\n[cooling.rack_curve]\n";
    auto error_of = [&](const std::string& file, const std::string& curve) {
        try {
            load_text(file, base + curve);
        } catch (const std::exception& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    const std::string two = error_of("v1.toml", "flow = [\"100 L/min\", \"150 L/min\"]\n"
                                                "pressure_drop = [\"10 kPa\"]\n"
                                                "source = \"a datasheet\"\n");
    CHECK(two.find("pressure_drop") != std::string::npos);
    CHECK(two.find("1 values for 2 points") != std::string::npos);
    const std::string sorted = error_of("v2.toml", "flow = [\"150 L/min\", \"100 L/min\"]\n"
                                                   "pressure_drop = [\"10 kPa\", \"5 kPa\"]\n"
                                                   "source = \"a datasheet\"\n");
    CHECK(sorted.find("strictly increasing") != std::string::npos);
    const std::string unsourced = error_of("v3.toml", "flow = [\"100 L/min\", \"150 L/min\"]\n"
                                                      "pressure_drop = [\"5 kPa\", \"10 kPa\"]\n");
    CHECK(unsourced.find("needs its source") != std::string::npos);
    const std::string unit = error_of("v4.toml", "flow = [\"100 L/min\", \"150 kg\"]\n"
                                                 "pressure_drop = [\"5 kPa\", \"10 kPa\"]\n"
                                                 "source = \"a datasheet\"\n");
    CHECK(unit.find("150 kg") != std::string::npos);
}

// The B300's junction-to-inlet resistance against the published band for 1 kW-class GPU
// cold plates, 0.02-0.05 K/W ([T13]: D2C plates 0.01-0.03 K/W plus the
// package; H100 at 700 W and 35 degC inlet reaching 65-75 degC, 0.043-0.057 K/W; GB200
// plate target below 0.03 K/W, (f)). And the plate alone (contact face to inlet) falls with
// flow as published plates do: the OCP OAI 1 kW plate goes as flow^-0.38 ([T9], [T11]); the GB300
// GPU plate's exponent over 1 to 3 L/min lies between -0.25 and -0.6.
TEST_CASE("GB300: B300 junction-to-inlet resistance in the published band, falling with flow") {
    const Loaded l = load_text("band.toml", "template = \"gb300-nvl72\"\n[cooling]\n"
                                            "supply_temperature = \"40 degC\"\n"
                                            "balance = \"heat\"\n");
    thermal::RackLoop loop(l.assembly, l.spec.layout, l.spec.loop, thermal::fluid_by_name("PG25"));
    const double V_design = l.spec.cooling.flow_per_power_m3_per_J * loop.liquid_heat_W();
    REQUIRE(loop.balance_to_heat(V_design, 313.15).converged);
    const auto r = loop.solve(V_design, 313.15);
    REQUIRE(r.converged);
    for (const auto* c : b300s(l, r)) {
        CHECK(c->R_th_K_per_W > 0.02);
        CHECK(c->R_th_K_per_W < 0.05);
    }
    // Plate flow per GPU scales with the total (the restrictors are fixed orifices).
    auto plate_R_and_flow = [&](double V_total) {
        const auto s = loop.solve(V_total, 313.15);
        const auto* c = b300s(l, s).front();
        for (const auto& p : s.plates) {
            if (p.part == c->plate) {
                return std::pair{c->R_plate_K_per_W, p.V_dot_m3_s};
            }
        }
        return std::pair{0.0, 0.0};
    };
    const auto [R1, V1] = plate_R_and_flow(V_design / 2.0);
    const auto [R3, V3] = plate_R_and_flow(V_design * 1.5);
    const double n = std::log(R3 / R1) / std::log(V3 / V1);
    MESSAGE("GB300 GPU plate R exponent " << n << " between " << V1 * 60000.0 << " and "
                                          << V3 * 60000.0 << " L/min");
    CHECK(n < -0.25);
    CHECK(n > -0.6);
}

// Vendors' required flow rises steeply with the supply temperature ([C1],[C2] and the project's
// derived rack flows: ~0.4 L/min/kW at 25 degC against 1.3-1.5 at 45 degC for GB200-class racks).
// With developing- flow heat transfer and the junction referenced to the coolant under the die, the
// chip-limited least flow of the GB300 grows at least 2.4x from 25 to 45 degC supply.
TEST_CASE("GB300: chip-limited least flow grows steeply with the supply temperature") {
    const Loaded l = load_text("steep.toml", "template = \"gb300-nvl72\"\n[cooling]\n"
                                             "balance = \"heat\"\n"
                                             "max_return_temperature = \"90 degC\"\n"
                                             "max_plate_outlet_temperature = \"95 degC\"\n");
    const auto a = thermal::analyse_thermal(l.assembly, l.spec.layout, l.spec.loop, l.spec.cooling);
    REQUIRE(a.flow_table.size() == 5);
    REQUIRE(a.flow_table.front().V_dot_m3_s);
    REQUIRE(a.flow_table.back().V_dot_m3_s);
    CHECK(text(a.flow_table.front().binding).find("junction limit") != std::string::npos);
    CHECK(text(a.flow_table.back().binding).find("junction limit") != std::string::npos);
    const double ratio = *a.flow_table.back().V_dot_m3_s / *a.flow_table.front().V_dot_m3_s;
    MESSAGE("least flow 45/25 degC: " << ratio);
    CHECK(ratio >= 2.4);
}

TEST_CASE("findings: chips over their limit, pumps too weak, coolant past its range") {
    auto analyse = [](const std::string& name, const std::string& text) {
        const Loaded l = load_text(name, text);
        thermal::ThermalOptions o;
        o.inverse = false;
        return thermal::analyse_thermal(l.assembly, l.spec.layout, l.spec.loop, l.spec.cooling, o);
    };
    auto a = analyse("hot.toml", "template = \"gb300-nvl72\"\n[cooling]\n"
                                 "supply_temperature = \"62 degC\"\n");
    CHECK_FALSE(a.feasible());
    CHECK(has_finding(a, "nvl72-01/compute-10/b300-1", "over its limit of 87.0 degC"));
    a = analyse("weak.toml", "template = \"gb300-nvl72\"\n[cooling]\n"
                             "pump_shutoff_pressure = \"20 kPa\"\n");
    CHECK(has_finding(a, "CDU pumps", "but the loop needs"));
    a = analyse("slow.toml", "template = \"gb300-nvl72\"\n[cooling]\n"
                             "flow_per_power = \"0.1 L/min/kW\"\n");
    CHECK(has_finding(a, "coolant", "above the PG25 table limit"));
    a = analyse("warm-facility.toml", "template = \"gb300-nvl72\"\n[cooling]\n"
                                      "supply_temperature = \"30 degC\"\n"
                                      "facility_supply_temperature = \"32 degC\"\n");
    CHECK(has_finding(a, "CDU heat exchanger", "facility water at 32.0 degC is too warm"));
    a = analyse("air.toml", "template = \"gb300-nvl72\"\n[cooling]\n"
                            "air_inlet_temperature = \"38 degC\"\nair_class = \"A2\"\n");
    CHECK(has_finding(a, "air inlet",
                      "outside the ASHRAE A2 allowable range 10.0 degC to 35.0 degC"));
}

TEST_CASE("findings: a supply at or below the coolant's freezing point") {
    Loaded l =
        load_text("frozen.toml", "template = \"gb300-nvl72\"\n[cooling]\ncoolant = \"water\"\n");
    // Below the schema's 2 degC minimum, as a study might set it in code.
    l.spec.cooling.supply_temperature = core::kelvin(273.15 - 5.0);
    const auto a = thermal::analyse_thermal(l.assembly, l.spec.layout, l.spec.loop, l.spec.cooling);
    CHECK_FALSE(a.feasible());
    CHECK(has_finding(a, "coolant", "water freezes at 0.0 degC"));
}

TEST_CASE("CloudMatrix 384: each rack's share of the loop adds up to the system") {
    const Loaded l = load_template("cloudmatrix-384");
    thermal::RackLoop loop(l.assembly, l.spec.layout, l.spec.loop, thermal::fluid_by_name("PG25"));
    const auto r = loop.solve(200.0 * to_m3_s, 273.15 + 35.0);
    REQUIRE(r.converged);
    double V = 0.0, Q = 0.0;
    for (const auto& rack : r.racks) {
        V += rack.V_dot_m3_s;
        Q += rack.Q_W;
    }
    CHECK(V == doctest::Approx(r.V_dot_m3_s).epsilon(1e-12));
    CHECK(Q == doctest::Approx(r.Q_sources_W).epsilon(1e-9));
}

TEST_CASE("a cold plate from a vendor P-Q point: dp = dp_rated (V / V_rated)^2") {
    const Loaded l =
        load_text("pq.toml", "template = \"gb300-nvl72\"\n[plates.vendor]\n"
                             "rated_flow = \"2 L/min\"\nrated_pressure_drop = \"20 kPa\"\n"
                             "[chips.b300]\nplate = \"vendor\"\n");
    thermal::RackLoop loop(l.assembly, l.spec.layout, l.spec.loop, thermal::fluid_by_name("PG25"));
    const auto r = loop.solve(200.0 * to_m3_s, 273.15 + 40.0);
    REQUIRE(r.converged);
    int checked = 0;
    for (const auto& p : r.plates) {
        if (l.assembly.parts[static_cast<std::size_t>(p.part)].type == "b300") {
            const double ratio = p.V_dot_m3_s / (2.0 * to_m3_s);
            CHECK(p.dp_Pa == doctest::Approx(20e3 * ratio * ratio).epsilon(1e-12));
            ++checked;
        }
    }
    CHECK(checked == 72);
    CHECK_THROWS_WITH_AS(
        load_text("pq-half.toml", "template = \"gb300-nvl72\"\n[plates.vendor]\n"
                                  "rated_flow = \"2 L/min\"\n"),
        doctest::Contains("a P-Q point needs both rated_flow and rated_pressure_drop"),
        core::InputError);
}

// A cold plate given by its published curve is used as given: the OCP OAI 1 kW plate
// ([T9] as encoded in [T11]: 0.0389 K/W at 0.4 L/min, 0.0197 K/W at 2.4 L/min with PG25)
// on every B300; each GPU's plate resistance is the curve's power law at its own flow, and
// the channel model's curve is printed beside it.
TEST_CASE("a plate performance curve replaces the channel model, as given") {
    const std::string curve = "template = \"gb300-nvl72\"\n[plates.ocp.performance]\n"
                              "coolant = \"PG25\"\n"
                              "flow = [\"0.4 L/min\", \"2.4 L/min\"]\n"
                              "R_th = [\"0.0389 K/W\", \"0.0197 K/W\"]\n";
    const Loaded l = load_text("curve.toml", curve + "source = \"[T9] OCP OAI 1 kW plate\"\n"
                                                     "[chips.b300]\nplate = \"ocp\"\n");
    thermal::ThermalOptions o;
    o.inverse = false;
    const auto a =
        thermal::analyse_thermal(l.assembly, l.spec.layout, l.spec.loop, l.spec.cooling, o);
    REQUIRE(a.design.converged);
    const double n = std::log(0.0197 / 0.0389) / std::log(6.0);
    int checked = 0;
    for (const auto* c : b300s(l, a.design)) {
        for (const auto& p : a.design.plates) {
            if (p.part == c->plate) {
                CHECK(c->R_plate_K_per_W ==
                      doctest::Approx(0.0389 * std::pow(p.V_dot_m3_s / (0.4 * to_m3_s), n))
                          .epsilon(1e-9));
                ++checked;
            }
        }
    }
    CHECK(checked == 72);
    REQUIRE(a.plate_curves.size() == 1);
    CHECK(a.plate_curves[0].design == "ocp");
    CHECK(a.plate_curves[0].R_model.size() == 2);
    CHECK(a.plate_curves[0].R_model[0] > a.plate_curves[0].R_model[1]);
    // Bad curves are located errors that say how to fix them.
    CHECK_THROWS_WITH_AS(load_text("rising.toml",
                                   "template = \"gb300-nvl72\"\n[plates.ocp.performance]\n"
                                   "coolant = \"PG25\"\nsource = \"[T9]\"\n"
                                   "flow = [\"0.4 L/min\", \"2.4 L/min\"]\n"
                                   "R_th = [\"0.0197 K/W\", \"0.0389 K/W\"]\n"),
                         doctest::Contains("R_th rises with flow"), core::InputError);
    CHECK_THROWS_WITH_AS(load_text("short.toml",
                                   "template = \"gb300-nvl72\"\n[plates.ocp.performance]\n"
                                   "coolant = \"PG25\"\nsource = \"[T9]\"\n"
                                   "flow = [\"0.4 L/min\", \"2.4 L/min\"]\n"
                                   "R_th = [\"0.0389 K/W\"]\n"),
                         doctest::Contains("1 R_th values for 2 flows"), core::InputError);
    CHECK_THROWS_WITH_AS(load_text("nosource.toml", curve), doctest::Contains("needs its source"),
                         core::InputError);
}

// The two parts of a junction temperature over a curve-given plate, each on its own: the
// plate term is Q_plate x R_curve (contact face to inlet), and the stack above it (die, TIM1,
// lid, TIM2) keeps exactly the resistance it has over the channel model of the same
// geometry. A curve is a total; taking it as the film the lid spreads into would inflate the
// lid's spreading resistance (a GB300 plate's curve at 2 L/min is mostly the coolant's rise).
TEST_CASE("over a plate given by its curve, the chip stack keeps its own resistance") {
    thermal::ThermalOptions o;
    o.inverse = false;
    const std::string base = "template = \"gb300-nvl72\"\n[cooling]\nrack_flow = \"144 L/min\"\n";
    const Loaded channels = load_text("channels.toml", base);
    const Loaded curve = load_text(
        "curve.toml", base + "[chips.b300]\nplate = \"cfd\"\n[plates.cfd]\n"
                             "[plates.cfd.performance]\ncoolant = \"PG25\"\n"
                             "flow = [\"1 L/min\", \"4 L/min\"]\n"
                             "R_th = [\"0.018 K/W\", \"0.009 K/W\"]\nsource = \"test curve\"\n");
    const auto a0 = thermal::analyse_thermal(channels.assembly, channels.spec.layout,
                                             channels.spec.loop, channels.spec.cooling, o);
    const auto a1 = thermal::analyse_thermal(curve.assembly, curve.spec.layout, curve.spec.loop,
                                             curve.spec.cooling, o);
    REQUIRE(a0.design.converged);
    REQUIRE(a1.design.converged);
    const auto c0 = b300s(channels, a0.design);
    const auto c1 = b300s(curve, a1.design);
    REQUIRE(c0.size() == 72);
    REQUIRE(c1.size() == 72);
    for (std::size_t i = 0; i < c1.size(); ++i) {
        CHECK(c1[i]->R_layers_K_per_W == doctest::Approx(c0[i]->R_layers_K_per_W).epsilon(1e-6));
        const auto plate =
            std::find_if(a1.design.plates.begin(), a1.design.plates.end(),
                         [&](const thermal::PlateFlowResult& p) { return p.part == c1[i]->plate; });
        REQUIRE(plate != a1.design.plates.end());
        const double R_curve =
            0.018 * std::pow(plate->V_dot_m3_s / (1.0 * to_m3_s), std::log(0.5) / std::log(4.0));
        CHECK(c1[i]->T_junction_K == doctest::Approx(plate->T_in_K + plate->Q_W * R_curve +
                                                     c1[i]->Q_W * c1[i]->R_layers_K_per_W)
                                         .epsilon(1e-9));
    }
}

// A vendor's total rack flow replaces the flow rule: 8 L/min per GB300 compute tray ([P13])
// is 144 L/min for 18 trays; a row of two racks takes twice that.
TEST_CASE("a rack's total flow, as vendors publish it, sets the design flow") {
    thermal::ThermalOptions o;
    o.inverse = false;
    const Loaded one = load_text("rackflow.toml", "template = \"gb300-nvl72\"\n[cooling]\n"
                                                  "rack_flow = \"144 L/min\"\n");
    const auto a =
        thermal::analyse_thermal(one.assembly, one.spec.layout, one.spec.loop, one.spec.cooling, o);
    CHECK(a.V_dot_design_m3_s == doctest::Approx(144.0 * to_m3_s).epsilon(1e-12));
    CHECK(a.design.V_dot_m3_s == doctest::Approx(144.0 * to_m3_s).epsilon(1e-12));
    const Loaded two = load_text("rackflow2.toml", "template = \"gb300-nvl72\"\n[cooling]\n"
                                                   "rack_flow = \"144 L/min\"\n"
                                                   "[[system.row]]\nrack = \"nvl72\"\ncount = 2\n");
    const auto b =
        thermal::analyse_thermal(two.assembly, two.spec.layout, two.spec.loop, two.spec.cooling, o);
    CHECK(b.V_dot_design_m3_s == doctest::Approx(288.0 * to_m3_s).epsilon(1e-12));
}

// A hall of identical racks is solved as one rack of each kind (RackLoop, RackGrouping); since
// every rack hangs off the CDU by its own feed pipes, that is exact. The grouped loop must
// give, part by part, what the loop with every rack built gives (the same equations, scaled:
// agreement to round-off), after balancing, for a hall of one kind (GB300 x 3) and a row of
// two kinds (two GB300 racks with Z manifolds and one with a U manifold, which splits its
// flow differently). Within each tray the twin plates are built once too (a GB300 compute
// tray's 12 plates are 4 twin groups: 2 Grace, 4 B300, 4 CX-8, 2 BF3), which the loop with
// every part built does not do either.
TEST_CASE("halls: identical racks and twin plates solved once give every part's results") {
    struct Hall {
        const char* file;
        const char* text;
        std::size_t racks, kinds;
    };
    const Hall halls[] = {
        {"hall3.toml", "template = \"gb300-nvl72\"\n[[system.row]]\nrack = \"nvl72\"\ncount = 3\n",
         3, 1},
        {"two-kinds.toml",
         "template = \"gb300-nvl72\"\n"
         "[racks.nvl72u]\n"
         "name = \"NVL72 with a U manifold\"\n"
         "width = \"600 mm\"\ndepth = \"1200 mm\"\nheight = \"2286 mm\"\n"
         "unit = \"44.45 mm\"\nunits = 44\nbase = \"150 mm\"\n"
         "equipment_width = \"482.6 mm\"\nfront_space = \"25 mm\"\nrear_space = \"200 mm\"\n"
         "stack = [ { tray = \"power_shelf\", count = 4 }, { tray = \"tor\", count = 2 }, "
         "{ tray = \"compute\", count = 10 }, { tray = \"switch\", count = 9 }, "
         "{ tray = \"compute\", count = 8 }, { tray = \"power_shelf\", count = 4 } ]\n"
         "manifold = { diameter = \"50 mm\", layout = \"U\" }\n"
         "[[system.row]]\nrack = \"nvl72\"\ncount = 2\n"
         "[[system.row]]\nrack = \"nvl72u\"\ncount = 1\n",
         3, 2},
    };
    for (const Hall& hall : halls) {
        CAPTURE(hall.file);
        const Loaded l = load_text(hall.file, hall.text);
        const auto& coolant = thermal::fluid_by_name(l.spec.cooling.coolant);
        thermal::RackLoop grouped(l.assembly, l.spec.layout, l.spec.loop, coolant);
        thermal::RackLoop every(l.assembly, l.spec.layout, l.spec.loop, coolant,
                                thermal::RackGrouping::every_part_built);
        CHECK(grouped.rack_count() == hall.racks);
        CHECK(grouped.rack_kind_count() == hall.kinds);
        CHECK(every.rack_kind_count() == hall.racks);
        // Twin plates: every rack built has 335 branches, 216 of them compute-tray plates; the
        // grouped loop builds one rack per kind, each with its 216 plates as 72 twin groups.
        const std::size_t per_rack = every.network().branch_count() / hall.racks;
        CHECK(per_rack * hall.racks == every.network().branch_count());
        CHECK(per_rack == 335);
        CHECK(grouped.network().branch_count() == hall.kinds * (per_rack - (216 - 72)));
        CHECK(grouped.liquid_heat_W() == doctest::Approx(every.liquid_heat_W()).epsilon(1e-12));
        const double T_s = 273.15 + 35.0;
        const double V = 1.5e-3 / 60.0 * grouped.liquid_heat_W() / 1e3; // 1.5 L/min per kW
        REQUIRE(grouped.balance_to_heat(V, T_s).converged);
        REQUIRE(every.balance_to_heat(V, T_s).converged);
        const auto g = grouped.solve(V, T_s);
        const auto e = every.solve(V, T_s);
        REQUIRE(g.converged);
        REQUIRE(e.converged);
        constexpr double tol = 1e-8;
        CHECK(g.dp_loop_Pa == doctest::Approx(e.dp_loop_Pa).epsilon(tol));
        CHECK(g.T_return_K == doctest::Approx(e.T_return_K).epsilon(tol));
        CHECK(g.Q_coolant_W == doctest::Approx(e.Q_coolant_W).epsilon(1e-6));
        REQUIRE(g.chips.size() == e.chips.size());
        REQUIRE(g.plates.size() == e.plates.size());
        REQUIRE(g.trays.size() == e.trays.size());
        REQUIRE(g.racks.size() == hall.racks);
        REQUIRE(e.racks.size() == hall.racks);
        REQUIRE(g.segments.size() == e.segments.size());
        int differ = 0;
        auto near = [&](double a, double b) {
            const bool ok = std::abs(a - b) <= tol * std::max(1.0, std::abs(b));
            differ += ok ? 0 : 1;
        };
        for (std::size_t k = 0; k < g.chips.size(); ++k) {
            differ += g.chips[k].part != e.chips[k].part || g.chips[k].plate != e.chips[k].plate;
            near(g.chips[k].T_junction_K, e.chips[k].T_junction_K);
        }
        for (std::size_t k = 0; k < g.plates.size(); ++k) {
            differ += g.plates[k].part != e.plates[k].part;
            near(g.plates[k].V_dot_m3_s * 6e4, e.plates[k].V_dot_m3_s * 6e4);
            near(g.plates[k].T_out_K, e.plates[k].T_out_K);
        }
        for (std::size_t k = 0; k < g.trays.size(); ++k) {
            differ += g.trays[k].part != e.trays[k].part;
            near(g.trays[k].dp_Pa, e.trays[k].dp_Pa);
        }
        for (std::size_t k = 0; k < g.racks.size(); ++k) {
            differ += g.racks[k].part != e.racks[k].part;
            near(g.racks[k].V_dot_m3_s * 6e4, e.racks[k].V_dot_m3_s * 6e4);
            near(g.racks[k].T_return_K, e.racks[k].T_return_K);
        }
        for (std::size_t k = 0; k < g.segments.size(); ++k) {
            differ += g.segments[k].name != e.segments[k].name;
            for (std::size_t axis = 0; axis < 3; ++axis) {
                near(g.segments[k].a[axis], e.segments[k].a[axis]);
                near(g.segments[k].b[axis], e.segments[k].b[axis]);
            }
            near(g.segments[k].p_b_Pa, e.segments[k].p_b_Pa);
        }
        CHECK(differ == 0);
        CHECK(g.worst_chip == e.worst_chip);
        // The summary detail gives the same worst margin from the built racks alone.
        const auto s = grouped.solve(V, T_s, thermal::LoopDetail::one_per_kind);
        CHECK(s.segments.empty());
        CHECK(s.racks.size() == hall.kinds);
        CHECK(s.chips[static_cast<std::size_t>(s.worst_chip)].margin_K() ==
              doctest::Approx(e.chips[static_cast<std::size_t>(e.worst_chip)].margin_K())
                  .epsilon(tol));
    }
}
