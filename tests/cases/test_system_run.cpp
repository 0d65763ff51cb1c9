// The fused system run: it converges, energy and heat close for the whole facility, chip
// leakage feeds back through the thermal model, and a fixed point that does not settle is
// reported as such, never as a result.

#include "bundled_templates.hpp"
#include "cases/case.hpp"
#include "cases/result_json.hpp"
#include "cases/system_run.hpp"
#include "core/display_units.hpp"
#include "geometry/assembly.hpp"
#include "thermal/rack_thermal.hpp"

#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <string>

namespace {
/// A model's sentence as the metric display renders it (the long-standing text).
std::string text(const rackcalc::core::Statement& s) {
    return rackcalc::core::Display{}.render(s);
}
} // namespace

using namespace rackcalc;
namespace fs = std::filesystem;

namespace {

cases::CaseSpec load_text(const std::string& name, const std::string& text) {
    const fs::path dir = fs::temp_directory_path() / "rackcalc-test-run";
    fs::create_directories(dir);
    std::ofstream(dir / name) << text;
    const cases::TemplateLibrary& lib = rackcalc_test::bundled_templates();
    return cases::load_case(dir / name, lib);
}

} // namespace

TEST_CASE("every template: the fused system converges and energy and heat close to 1e-9") {
    const cases::TemplateLibrary& lib = rackcalc_test::bundled_templates();
    cases::RunOptions o;
    o.inverse = false;
    for (const auto& name : lib.names()) {
        CAPTURE(name);
        const auto r = cases::run_system(cases::load_template(name, lib), o);
        REQUIRE_MESSAGE(r.converged, r.reason);
        CHECK(r.energy_closure < 1e-9);
        CHECK(r.heat_closure < 1e-9);
        // Grid power = IT + every loss + cooling, summed here independently of the run.
        double losses = 0.0;
        for (const auto& s : r.chain_result.stages) {
            losses += s.P_loss_W;
        }
        for (const auto& s : r.mechanical_result.stages) {
            losses += s.P_loss_W;
        }
        CHECK(r.P_grid_W == doctest::Approx(r.P_it_W + losses + r.P_cooling_W).epsilon(1e-12));
        // In-rack conversion losses became rack heat: the thermal model carried IT + them.
        CHECK(r.thermal.Q_liquid_W + r.thermal.Q_air_W ==
              doctest::Approx(r.P_it_W + r.loss_in_rack_W).epsilon(1e-12));
        CHECK(r.pue > 1.0);
        CHECK(r.pue < 2.0);
    }
}

namespace {

/// A template's published rack power: the rack's input at its power shelves (docs/power.md,
/// "The rack boundary"). The same figures stand as meta.it_power in the templates. Two
/// templates carry a figure the parts cannot reach, each explained in its header: TPU v7's
/// ">100 kW" is a lower bound that the pod average (~69 kW per rack [G5]) contradicts, and
/// CloudMatrix's 559 kW system figure is 28 % above the bottom-up sum of its parts. For those
/// the run must land in the stated interval instead of within 3 %.
struct PublishedRack {
    const char* name;
    double P_W;
    const char* source;
    double lo = 0.97; ///< accepted range, share of P_W
    double hi = 1.03;
};

const PublishedRack published[] = {
    {"gb200-nvl72", 120e3, "[P3],[P9] GB200 NVL72 ~120 kW per rack"},
    {"gb300-nvl72", 136e3, "[P14] Microsoft, as reported: GB300 NVL72 ~136 kW"},
    {"vr-nvl144", 227e3, "[R2] NVIDIA VR NVL72 rack-level thermal model, Max-P 227 kW"},
    {"rubin-ultra-nvl576", 600e3, "[P23] Huang, GTC 2025: ~600 kW Kyber rack"},
    {"tpu-v7-ironwood", 100e3,
     "[G2] '>100 kW' per rack (a bound); [G5] pod average ~69 kW: between the two", 0.69, 1.0},
    {"cloudmatrix-384", 559e3,
     "[H2],[H10] 559 kW for 16 racks; bottom-up parts ~28 % lower (template header)", 0.70, 0.80},
};

} // namespace

TEST_CASE("rack boundary: run reproduces every template's published rack power within 3 %") {
    // Rack input = trays (chips at TDP including their regulators, tray electronics with
    // their 54 -> 12 V converters) + shelf, busbar and in-rack converter losses. Before the
    // boundary was fixed the run added the 54 -> 12 V and point-of-load losses on top
    // (159 kW for GB300's 136 kW), which this test rejects.
    const cases::TemplateLibrary& lib = rackcalc_test::bundled_templates();
    cases::RunOptions o;
    o.inverse = false;
    CHECK(lib.names().size() == std::size(published)); // a new template needs its figure here
    for (const auto& t : published) {
        CAPTURE(std::string(t.name));
        CAPTURE(std::string(t.source));
        const auto spec = cases::load_template(t.name, lib);
        REQUIRE(spec.meta.it_power);
        CHECK(spec.meta.it_power->value_W == doctest::Approx(t.P_W).epsilon(1e-9));
        const auto r = cases::run_system(spec, o);
        REQUIRE_MESSAGE(r.converged, r.reason);
        const double P = spec.meta.it_power_scope == "system" ? r.P_ite_W : r.P_rack_input_W;
        CHECK(P >= t.lo * t.P_W);
        CHECK(P <= t.hi * t.P_W);
        // The conversion losses inside the rack are part of that figure, not added to it.
        CHECK(r.P_ite_W == doctest::Approx(r.P_it_W + r.loss_in_rack_W).epsilon(1e-9));
    }
}

TEST_CASE("rack boundary: thermal and run agree on coolant flow and chip temperatures") {
    // Conversion losses between the rack input and the trays land on air (shelves, busbar);
    // the liquid carries the trays' own heat in both. Every template, its default case.
    const cases::TemplateLibrary& lib = rackcalc_test::bundled_templates();
    cases::RunOptions o;
    o.inverse = false;
    for (const auto& name : lib.names()) {
        CAPTURE(name);
        const auto spec = cases::load_template(name, lib);
        const auto r = cases::run_system(spec, o);
        REQUIRE_MESSAGE(r.converged, r.reason);
        thermal::ThermalOptions quick;
        quick.inverse = false;
        const auto t = thermal::analyse_thermal(geometry::build_assembly(spec.layout), spec.layout,
                                                spec.loop, spec.cooling, quick);
        CHECK(r.thermal.Q_liquid_W == doctest::Approx(t.Q_liquid_W).epsilon(1e-9));
        CHECK(r.thermal.V_dot_design_m3_s == doctest::Approx(t.V_dot_design_m3_s).epsilon(1e-9));
        REQUIRE(r.thermal.design.chips.size() == t.design.chips.size());
        for (std::size_t i = 0; i < t.design.chips.size(); ++i) {
            CHECK(r.thermal.design.chips[i].T_junction_K ==
                  doctest::Approx(t.design.chips[i].T_junction_K).epsilon(1e-9));
        }
    }
}

TEST_CASE("leakage: chip power follows junction temperature and the fixed point settles") {
    const auto base = load_text("noleak.toml", "template = \"gb300-nvl72\"\n");
    const auto leaky = load_text("leak.toml", "template = \"gb300-nvl72\"\n[chips.b300]\n"
                                              "leakage_share = 0.2\nleakage_T_ref = \"87 degC\"\n"
                                              "leakage_doubling = \"20 K\"\n");
    cases::RunOptions o;
    o.inverse = false;
    const auto r0 = cases::run_system(base, o);
    const auto r1 = cases::run_system(leaky, o);
    REQUIRE(r1.converged);
    CHECK(r1.iterations > r0.iterations);
    CHECK(r1.residual <= 1e-10);
    // Each B300 draws P = TDP (1 - s + s 2^((T_j - T_ref)/20 K)) at its final temperature.
    for (const auto& c : r1.thermal.design.chips) {
        const auto& p = r1.assembly.parts[static_cast<std::size_t>(c.part)];
        if (p.type != "b300") {
            continue;
        }
        const double expected = 1400.0 * (0.8 + 0.2 * std::exp2((c.T_junction_K - 360.15) / 20.0));
        CHECK(p.power_W == doctest::Approx(expected).epsilon(1e-6));
        CHECK(p.power_W < 1400.0); // cooler than the 87 degC the TDP is stated at
    }
    CHECK(r1.P_it_W < r0.P_it_W);
    CHECK(r1.P_grid_W < r0.P_grid_W);
}

TEST_CASE("a fixed point that does not settle is reported, with no numbers") {
    const auto leaky =
        load_text("leak2.toml", "template = \"gb300-nvl72\"\n[chips.b300]\n"
                                "leakage_share = 0.2\nleakage_T_ref = \"87 degC\"\n");
    cases::RunOptions o;
    o.inverse = false;
    o.max_iterations = 2;
    const auto r = cases::run_system(leaky, o);
    CHECK_FALSE(r.converged);
    CHECK(text(r.reason).find("did not settle in 2 iterations") != std::string::npos);
    const auto j = cases::system_to_json(cases::case_facts(leaky), r);
    CHECK_FALSE(j["converged"].get<bool>());
    CHECK_FALSE(j.contains("totals"));
    CHECK(j["findings"].back()["message"].get<std::string>().find("did not settle") !=
          std::string::npos);
}

TEST_CASE("heat rejection: free cooling when the site is cool, a chiller when it is hot") {
    cases::RunOptions o;
    o.inverse = false;
    const std::string site = "[site]\nfacility_water = \"specified\"\nambient_temperature = ";
    const auto cool = cases::run_system(
        load_text("cool.toml", "template = \"gb300-nvl72\"\n" + site + "\"10 degC\"\n"), o);
    const auto hot = cases::run_system(
        load_text("hot.toml", "template = \"gb300-nvl72\"\n" + site + "\"40 degC\"\n"), o);
    CHECK(cool.rejection.liquid.free);
    CHECK_FALSE(hot.rejection.liquid.free);
    CHECK(hot.pue > cool.pue);
    // Chiller COP: 0.5 of Carnot between 2 K below the 32 degC facility supply and 10 K above
    // the 40 degC ambient (the [site] and [cooling] defaults).
    CHECK(hot.rejection.liquid.cop ==
          doctest::Approx(0.5 * 303.15 / (323.15 - 303.15)).epsilon(1e-12));
    // The air path makes chilled water that holds the 25 degC rack inlet: 6 K below it.
    CHECK(hot.rejection.air.T_water_K == doctest::Approx(298.15 - 6.0).epsilon(1e-12));
    CHECK(hot.rejection.air.P_air_handler_W > 0.0);
    // The Green Grid: server and tray fans are IT load, so cooling = CDU pumps + rejection.
    CHECK(hot.P_cooling_W == doctest::Approx(hot.P_pumps_W + hot.rejection.P_W()).epsilon(1e-12));
}

TEST_CASE("annual PUE: a named site's climate, free-cooling hours, and a design-day warning") {
    cases::RunOptions o;
    o.inverse = false;
    const auto frankfurt = cases::run_system(
        load_text("fra.toml", "template = \"gb300-nvl72\"\n[site]\nclimate_site = \"frankfurt\"\n"),
        o);
    const auto singapore = cases::run_system(
        load_text("sin.toml", "template = \"gb300-nvl72\"\n[site]\nclimate_site = \"singapore\"\n"),
        o);
    const auto design = cases::run_system(load_text("dd.toml", "template = \"gb300-nvl72\"\n"), o);
    REQUIRE(frankfurt.converged);
    CHECK(frankfurt.year.hours == doctest::Approx(8760.0).epsilon(1e-12));
    CHECK_FALSE(frankfurt.year.design_day);
    // Frankfurt's normals (July mean daily maximum 26.1 degC [E4]) never reach the warm
    // facility water less the dry-cooler approach: free cooling all year on the liquid path;
    // Singapore's nights (24.6 degC minimum) keep its chilled water on chillers all year.
    CHECK(frankfurt.year.free_cooling_liquid_h == doctest::Approx(8760.0));
    CHECK(singapore.year.free_cooling_air_h == 0.0);
    CHECK(frankfurt.year.free_cooling_air_h > singapore.year.free_cooling_air_h);
    CHECK(singapore.year.pue > frankfurt.year.pue);
    CHECK(frankfurt.year.pue > 1.0);
    // Annual PUE: annual facility energy over annual IT equipment energy (The Green Grid).
    CHECK(frankfurt.year.pue ==
          doctest::Approx(frankfurt.year.E_facility_J / frankfurt.year.E_ite_J).epsilon(1e-12));
    CHECK(frankfurt.year.pue ==
          doctest::Approx(frankfurt.year.ppue_power + frankfurt.year.ppue_cooling - 1.0)
              .epsilon(1e-12));
    // Without a climate the year is the design day, and the run says so.
    CHECK(design.year.design_day);
    bool warned = false;
    for (const auto& f : design.findings) {
        warned = warned || (f.severity == "warning" &&
                            text(f.message).find("no climate given") != std::string::npos);
    }
    CHECK(warned);
}

TEST_CASE("sweep of supply temperature on the GB300 example: annual PUE and cost move") {
    // The example's own sweep (30-45 degC supply), Frankfurt climate: warmer coolant lets the
    // plant make warmer facility water, so the chilled-water-free hours cannot fall and the
    // annual PUE and cost fall.
    const cases::TemplateLibrary& lib = rackcalc_test::bundled_templates();
    auto base = cases::load_case(
        fs::path(RACKCALC_SOURCE_DIR) / "cases" / "examples" / "gb300-nvl72.toml", lib);
    cases::RunOptions o;
    o.inverse = false;
    std::vector<cases::SystemResult> runs;
    for (double T : {303.15, 308.15, 313.15, 318.15}) {
        CAPTURE(T);
        auto spec = base;
        spec.cooling.supply_temperature = core::kelvin(T);
        runs.push_back(cases::run_system(spec, o));
        REQUIRE_MESSAGE(runs.back().converged, runs.back().reason);
        MESSAGE("supply " << T - 273.15 << " degC: facility water "
                          << runs.back().T_facility_water_K - 273.15 << " degC, free cooling "
                          << runs.back().year.free_cooling_liquid_h << " h, annual PUE "
                          << runs.back().year.pue << ", cost " << runs.back().annual_cost_USD);
    }
    for (std::size_t i = 1; i < runs.size(); ++i) {
        CHECK(runs[i].T_facility_water_K > runs[i - 1].T_facility_water_K);
        CHECK(runs[i].year.free_cooling_liquid_h >= runs[i - 1].year.free_cooling_liquid_h);
        CHECK(runs[i].year.pue <= runs[i - 1].year.pue + 1e-12);
    }
    CHECK(runs.back().year.free_cooling_liquid_h > runs.front().year.free_cooling_liquid_h);
    CHECK(runs.back().year.pue < runs.front().year.pue - 1e-3);
    CHECK(runs.back().annual_cost_USD < runs.front().annual_cost_USD);
}

TEST_CASE("cost: half-price power halves the annual cost (the source documents' case)") {
    cases::RunOptions o;
    o.inverse = false;
    const auto full =
        cases::run_system(load_text("full.toml", "template = \"tpu-v7-ironwood\"\n"), o);
    const auto half = cases::run_system(
        load_text("half.toml", "template = \"tpu-v7-ironwood\"\n[site]\nprice_discount = 0.5\n"),
        o);
    CHECK(half.annual_energy_J == doctest::Approx(full.annual_energy_J).epsilon(1e-12));
    CHECK(half.annual_cost_USD == doctest::Approx(0.5 * full.annual_cost_USD).epsilon(1e-12));
}

TEST_CASE("a power stage the leakage overloads is reported as the reason, not thrown") {
    const auto leaky =
        load_text("leak3.toml", "template = \"gb300-nvl72\"\n[chips.b300]\n"
                                "leakage_share = 0.5\nleakage_T_ref = \"50 degC\"\n");
    cases::RunOptions o;
    o.inverse = false;
    const auto r = cases::run_system(leaky, o);
    CHECK_FALSE(r.converged);
    CHECK(text(r.reason).find("is above the rating") != std::string::npos);
}
