// The fused system run: it converges, energy and heat close for the whole facility, chip
// leakage feeds back through the thermal model, and a fixed point that does not settle is
// reported as such, never as a result.

#include "cases/case.hpp"
#include "cases/result_json.hpp"
#include "cases/system_run.hpp"

#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <string>

using namespace rackcalc;
namespace fs = std::filesystem;

namespace {

cases::CaseSpec load_text(const std::string& name, const std::string& text) {
    const fs::path dir = fs::temp_directory_path() / "rackcalc-test-run";
    fs::create_directories(dir);
    std::ofstream(dir / name) << text;
    const cases::TemplateLibrary lib({fs::path(RACKCALC_SOURCE_DIR) / "cases" / "templates"});
    return cases::load_case(dir / name, lib);
}

} // namespace

TEST_CASE("every template: the fused system converges and energy and heat close to 1e-9") {
    const cases::TemplateLibrary lib({fs::path(RACKCALC_SOURCE_DIR) / "cases" / "templates"});
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
    CHECK(r.reason.find("did not settle in 2 iterations") != std::string::npos);
    const auto j = cases::system_to_json(leaky, r);
    CHECK_FALSE(j["converged"].get<bool>());
    CHECK_FALSE(j.contains("totals"));
    CHECK(j["findings"].back()["message"].get<std::string>().find("did not settle") !=
          std::string::npos);
}

TEST_CASE("heat rejection: free cooling when the site is cool, a chiller when it is hot") {
    cases::RunOptions o;
    o.inverse = false;
    const auto cool = cases::run_system(
        load_text("cool.toml", "template = \"gb300-nvl72\"\n[site]\nambient_temperature = "
                               "\"10 degC\"\n"),
        o);
    const auto hot = cases::run_system(
        load_text("hot.toml", "template = \"gb300-nvl72\"\n[site]\nambient_temperature = "
                              "\"40 degC\"\n"),
        o);
    CHECK(cool.rejection.kind == "dry-cooler");
    CHECK(hot.rejection.kind == "chiller");
    CHECK(hot.pue > cool.pue);
    // Chiller COP: 0.5 of Carnot between 2 K below the 32 degC facility supply and 10 K above
    // the 40 degC ambient (the [site] and [cooling] defaults).
    CHECK(hot.rejection.cop == doctest::Approx(0.5 * 303.15 / (323.15 - 303.15)).epsilon(1e-12));
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
    CHECK(r.reason.find("is above the rating") != std::string::npos);
}
