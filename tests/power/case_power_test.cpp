// The [power] table of a case (power/power_spec.hpp) and the case's chain
// (power/case_power.hpp): stage overrides by component id, bad input located at file, line
// and key with the stage named, utilisation profiles, and the load swing through the chain.
// Sources: power-data.md c1 (loss form; NNLS because least squares can fit negative loss),
// c3 (per-module part load), d (E = dP T / 4 for a square wave with the grid at the mean).

#include "core/input_error.hpp"
#include "core/schema.hpp"
#include "power/case_power.hpp"
#include "power/power_spec.hpp"

#include <cmath>
#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <string>

using namespace rackcalc;
using namespace rackcalc::power;

namespace {

const ComponentLibrary& lib() {
    static const ComponentLibrary l = load_component_library(
        std::filesystem::path(RACKCALC_SOURCE_DIR) / "power" / "data" / "chains.toml");
    return l;
}

/// Reads `text` as a case file holding a [power] table, as cases/ does: schema first, then
/// parse_power. Throws core::InputError.
PowerSpec parse(const std::string& text, const std::string& name = "case.toml") {
    core::SourceSet sources;
    const toml::table doc = core::parse_toml_text(name, text, sources);
    core::TableSpec root;
    root.name = "document";
    root.keys = {core::table("power", power_schema(), "Power chain")};
    std::vector<core::Diagnostic> findings;
    core::validate(doc, root, "", sources, findings);
    if (!findings.empty()) {
        throw core::InputError(std::move(findings));
    }
    return parse_power(core::CheckedTable(&doc, root, "", sources).table("power"));
}

/// The formatted InputError of `f`, or "" when it does not throw one.
template <class F>
std::string input_error(F&& f) {
    try {
        f();
    } catch (const core::InputError& e) {
        return e.format();
    }
    return "";
}

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

constexpr double P_block = 2.4e6; // the library's reference block, 20 racks
constexpr int racks = 20;

} // namespace

TEST_CASE("case power: defaults, native chain, one bin of a whole year, default storage") {
    const PowerSpec s = parse("[power]\nnative_chain = \"dc-800\"\n");
    CHECK(s.chain == "dc-800");
    CHECK(s.redundancy == "2N");
    CHECK(s.utilisation == 0.8);
    REQUIRE(s.utilisation_profile.size() == 1);
    CHECK(s.utilisation_profile[0].duration_s == 8760.0 * 3600.0);
    CHECK(s.stages.empty());
    CHECK(s.swing.profile == SwingProfile::square);
    CHECK(s.swing.grid.mode == GridMode::hold_mean); // auto for a square wave
    CHECK(s.swing.layers.size() == 3);
    CHECK(s.swing.low_fraction == 0.3);
    CHECK(s.swing.dt_s == doctest::Approx(1e-3));
    const Chain c = build_case_chain(s, P_block, racks, lib());
    CHECK(c.id == "dc-800");
    CHECK(c.stages[c.facility_stage].id == "sidecar_rectifier_800v");
    CHECK(c.stages[c.facility_stage].redundancy.scheme == Redundancy::two_n);
}

TEST_CASE("case power: a stage override sets modules, rating, redundancy and a fitted curve") {
    const PowerSpec s = parse(R"([power]
chain = "ac-ups"
redundancy = "N+1"
[power.stages.ups_double_conversion]
modules = 8
module_rating = "600 kW"
redundancy = "N+2"
points = [ { load_fraction = 0.25, efficiency = 0.94 },
           { load_fraction = 0.5, efficiency = 0.96 },
           { load_fraction = 0.75, efficiency = 0.965 },
           { load_fraction = 1.0, efficiency = 0.962 } ]
location = "white_space"
[power.stages.lv_distribution_ac]
length = "120 m"
)");
    REQUIRE(s.stages.size() == 2);
    const Chain c = build_case_chain(s, P_block, racks, lib());
    const Stage& ups = c.stages[1];
    CHECK(ups.id == "ups_double_conversion");
    CHECK(ups.modules == 8);
    CHECK(ups.P_module_W == 600e3);
    CHECK(ups.redundancy.scheme == Redundancy::n_plus_x);
    CHECK(ups.redundancy.spare == 2);
    CHECK(rated_output(ups) == doctest::Approx(3.6e6));
    CHECK(ups.location == Location::white_space);
    CHECK(ups.curve_source.find("case.toml:") == 0); // provenance: the case line
    // The fitted curve reproduces the points within about 0.5 pp (NNLS, 3 terms).
    for (auto [x, eta] : {std::pair{0.25, 0.94}, {0.5, 0.96}, {0.75, 0.965}, {1.0, 0.962}}) {
        CHECK(std::abs(ups.curve.efficiency(x) - eta) < 0.005);
    }
    // Each of the 8 modules at its true part-load point (c3).
    const ChainResult r = evaluate_chain(c, 0.5 * P_block);
    CHECK(r.stages[1].load_fraction ==
          doctest::Approx(r.stages[1].P_out_W / (8 * 600e3)).epsilon(1e-15));
    // Twice the feeder length, twice the relative I^2 R loss (k2 proportional to L).
    const Chain plain = reference_chain("ac-ups", {}, lib());
    CHECK(c.stages[2].curve.k2 == doctest::Approx(2.0 * plain.stages[2].curve.k2).epsilon(1e-12));
    // Balance closes with the overrides too.
    for (double f : {0.1, 0.3, 0.5, 0.75, 1.0}) {
        const ChainResult q = evaluate_chain(c, f * P_block);
        double losses = 0.0;
        for (const auto& st : q.stages) {
            losses += st.P_loss_W;
        }
        CHECK(std::abs(q.P_in_W - (f * P_block + losses)) <= 1e-12 * q.P_in_W);
    }
}

TEST_CASE("case power: load above rating is rejected at the override's line, stage named") {
    const PowerSpec s = parse(R"([power]
chain = "ac-ups"
[power.stages.ups_double_conversion]
modules = 6
module_rating = "500 kW"
redundancy = "N+2"
)");
    const std::string msg = input_error([&] { build_case_chain(s, P_block, racks, lib()); });
    CHECK(has(msg, "case.toml:4:11: error: [power.stages.ups_double_conversion.modules]"));
    CHECK(has(msg, "power stage \"double-conversion UPS\": [P_out]"));
    CHECK(has(msg, "is above the rating 2 MW (4 needed x 500 kW; 6 installed"));
    CHECK(has(msg, "fix: give the stage enough modules"));
}

TEST_CASE("case power: an unknown stage name gets a did-you-mean and the chain's stages") {
    std::string msg = input_error(
        [] { parse("[power]\nchain = \"ac-ups\"\n[power.stages.ups]\nmodules = 4\n"); });
    CHECK(has(msg, "case.toml:3:1: error: [power.stages.ups] chain ac-ups has no stage \"ups\""));
    CHECK(has(msg, "did you mean \"ups_double_conversion\"?"));
    CHECK(has(msg, "stages of ac-ups: mv_lv_transformer, ups_double_conversion"));
    msg = input_error(
        [] { parse("[power]\nchain = \"sst-800\"\n[power.stages.dcdc_800v_45v]\nmodules = 4\n"); });
    CHECK(has(msg, "did you mean \"dcdc_800v_54v\"?"));
    // A stage of another chain is not a stage of this one.
    msg = input_error([] {
        parse("[power]\nchain = \"sst-800\"\n[power.stages.ups_double_conversion]\nmodules = 4\n");
    });
    CHECK(has(msg, "chain sst-800 has no stage \"ups_double_conversion\""));
}

TEST_CASE("case power: a stage on the IT trays is inside the rack boundary, not a case input") {
    // docs/power.md "The rack boundary": the tray power of a template contains the 54 -> 12 V
    // converters and the chips' point-of-load regulators, so a case chain ends before them.
    const std::string msg =
        input_error([] { parse("[power]\n[power.stages.pol_12v]\nefficiency = 0.9\n"); });
    CHECK(has(msg, "case.toml:2:1: error: [power.stages.pol_12v]"));
    CHECK(has(msg, "sits on the IT trays, inside the rack boundary"));
    CHECK(has(msg, "fix: change the tray's other_power or the chip's TDP"));
}

TEST_CASE("case power: negative or impossible efficiency data is rejected with the key") {
    std::string msg = input_error([] {
        parse(R"([power]
[power.stages.orv3_ac_shelf]
points = [ { load_fraction = 0.5, efficiency = -0.9 } ]
)");
    });
    CHECK(has(msg, "case.toml:3:48: error: [power.stages.orv3_ac_shelf.points[0].efficiency]"));
    CHECK(has(msg, "at or below the minimum 0"));
    msg = input_error([] { parse("[power]\n[power.stages.pdu]\nefficiency = 1.2\n"); });
    CHECK(has(msg, "[power.stages.pdu.efficiency] efficiency = 1.2 is above the maximum 1"));
    msg = input_error([] { parse("[power]\n[power.stages.pdu]\nmodule_rating = \"-5 kW\"\n"); });
    CHECK(has(msg, "[power.stages.pdu.module_rating]"));
    msg = input_error([] { parse("[power]\n[power.stages.pdu]\nmodules = 0\n"); });
    CHECK(has(msg, "[power.stages.pdu.modules] modules = 0 is below the minimum 1"));
    // Two loss descriptions for one stage.
    msg =
        input_error([] { parse("[power]\n[power.stages.pdu]\nefficiency = 0.99\nk0 = 0.001\n"); });
    CHECK(has(msg, "case.toml:4:6: error: [power.stages.pdu.k0] stage \"pdu\" has 2 loss "
                   "descriptions (efficiency, k0)"));
}

TEST_CASE("case power: a curve that fits to negative loss is rejected naming stage and key") {
    // Points that rise and fall: least squares through them gives k0 < 0 (negative loss at
    // no load, power-data.md c1: why the fit must be non-negative).
    const std::string points = R"(points = [ { load_fraction = 0.1, efficiency = 0.99 },
           { load_fraction = 0.5, efficiency = 0.9 },
           { load_fraction = 1.0, efficiency = 0.99 } ]
)";
    const std::string msg = input_error([&] {
        parse("[power]\n[power.stages.orv3_ac_shelf]\nfit = \"least_squares\"\n" + points);
    });
    CHECK(has(msg, "case.toml:4:10: error: [power.stages.orv3_ac_shelf.points]"));
    CHECK(has(msg, "power stage \"orv3_ac_shelf\": [loss_curve]"));
    CHECK(has(msg, "gives negative loss"));
    // The same points fitted by NNLS are accepted (and the loss is >= 0 everywhere).
    const PowerSpec ok = parse("[power]\n[power.stages.orv3_ac_shelf]\n" + points);
    const LossCurve& c = *ok.stages[0].values.curve;
    CHECK(c.k0 >= 0.0);
    CHECK(c.k1 >= 0.0);
    CHECK(c.k2 >= 0.0);
    // Coefficients given directly that go negative point at the negative one.
    const std::string direct = input_error(
        [] { parse("[power]\n[power.stages.pdu]\nk0 = 0.01\nk1 = -0.05\nk2 = 0.01\n"); });
    CHECK(has(direct, "case.toml:4:6: error: [power.stages.pdu.k1]"));
    CHECK(has(direct, "gives negative loss"));
}

TEST_CASE("case power: mismatched voltages between stages name both stages and the key") {
    const PowerSpec s = parse(R"([power]
chain = "ac-ups"
[power.stages.orv3_ac_shelf]
output_voltage = "48 V"
)");
    const std::string msg = input_error([&] { build_case_chain(s, P_block, racks, lib()); });
    CHECK(has(msg, "case.toml:4:18: error: [power.stages.orv3_ac_shelf.output_voltage]"));
    CHECK(has(msg, "stage \"ORv3 AC -> 54 V power shelf\" outputs 48 V DC but the next stage "
                   "\"54 V rack busbar\" expects 54 V DC"));
}

TEST_CASE("case power: conductors take conductor keys only; redundancy text is checked") {
    PowerSpec s = parse("[power]\nchain = \"hvdc-380\"\n[power.stages.dc_distribution]\n"
                        "modules = 2\n");
    std::string msg = input_error([&] { build_case_chain(s, P_block, racks, lib()); });
    CHECK(has(msg, "[power.stages.dc_distribution.modules]"));
    CHECK(has(msg, "a busbar or cable has no modules or loss curve of its own"));
    s = parse("[power]\nchain = \"hvdc-380\"\n[power.stages.hvdc_rectifier]\nlength = \"3 m\"\n");
    msg = input_error([&] { build_case_chain(s, P_block, racks, lib()); });
    CHECK(has(msg, "[power.stages.hvdc_rectifier.length] chain hvdc-380: power stage \"HVDC "
                   "rectifier 380 V\": [length] only a busbar or cable stage has a length"));
    msg = input_error(
        [] { parse("[power]\n[power.stages.ups_double_conversion]\nredundancy = \"3N\"\n"); });
    CHECK(has(msg, "case.toml:3:14: error: [power.stages.ups_double_conversion.redundancy]"));
    CHECK(has(msg, "redundancy \"3N\" is not N, N+X"));
    CHECK(parse_redundancy("4N/3", "x").blocks == 4);
    CHECK(parse_redundancy("4N/3", "x").spare == 1);
    CHECK(parse_redundancy("N+2", "x").spare == 2);
    CHECK(parse_redundancy("2N", "x").scheme == Redundancy::two_n);
    CHECK_THROWS_AS(parse_redundancy("N+0", "x"), PowerInputError);
    CHECK_THROWS_AS(parse_redundancy("3N/3", "x"), PowerInputError);
    // Written back as the case writes it, the one printer the CLI and summary.json use.
    for (const char* text : {"N", "N+2", "2N", "4N/3"}) {
        CHECK(rackcalc::power::to_string(parse_redundancy(text, "x")) == text);
    }
    // 2N with an odd installed count.
    s = parse("[power]\n[power.stages.ups_double_conversion]\nmodules = 7\nredundancy = \"2N\"\n");
    msg = input_error([&] { build_case_chain(s, P_block, racks, lib()); });
    CHECK(has(msg, "[power.stages.ups_double_conversion.modules]"));
    CHECK(has(msg, "2N needs an even count"));
}

TEST_CASE("case power: utilisation profile bins must make a year") {
    const PowerSpec s = parse(R"([power]
utilisation_profile = [ { duration = "2190 h", utilisation = 0.3 },
                        { duration = "4380 h", utilisation = 0.8 },
                        { duration = "2190 h", utilisation = 1.0 } ]
)");
    REQUIRE(s.utilisation_profile.size() == 3);
    CHECK(s.utilisation == doctest::Approx(0.25 * 0.3 + 0.5 * 0.8 + 0.25 * 1.0));
    std::string msg = input_error([] {
        parse("[power]\nutilisation_profile = [ { duration = \"8000 h\", utilisation = 0.5 } ]\n");
    });
    CHECK(has(msg, "case.toml:2:23: error: [power.utilisation_profile] the bins add up to 8000 h, "
                   "but a year has 8760 h"));
    msg = input_error([] {
        parse("[power]\nutilisation = 0.5\nutilisation_profile = [ { duration = \"8760 h\", "
              "utilisation = 0.5 } ]\n");
    });
    CHECK(has(msg, "both utilisation and utilisation_profile are given"));
    msg = input_error([] {
        parse("[power]\nutilisation_profile = [ { duration = \"8760 h\", utilisation = 1.5 } ]\n");
    });
    CHECK(has(msg, "[power.utilisation_profile[0].utilisation] utilisation = 1.5 is above the "
                   "maximum 1"));
}

TEST_CASE("case power: swing inputs are checked") {
    std::string msg =
        input_error([] { parse("[power.swing]\nlow_fraction = 0.9\nhigh_fraction = 0.5\n"); });
    CHECK(has(msg, "case.toml:2:16: error: [power.swing.low_fraction] low_fraction 0.9 is above "
                   "high_fraction 0.5"));
    msg = input_error([] { parse("[power.swing]\nprofile = \"csv\"\n"); });
    CHECK(has(msg, "profile = \"csv\" needs the trace file"));
    msg = input_error([] { parse("[power.swing]\nprofile = \"csv\"\ncsv = \"nowhere.csv\"\n"); });
    CHECK(has(msg, "[power.swing.csv] load trace nowhere.csv not found"));
    msg = input_error([] {
        parse("[power.swing]\nlayers = [ { name = \"a\" }, { name = \"b\", time_constant = "
              "\"1 s\" } ]\n");
    });
    CHECK(has(msg, "storage layer \"a\" has no time constant"));
    msg = input_error([] { parse("[power.swing]\nramp_limit = \"5 kW\"\n"); });
    CHECK(has(msg, "[power.swing.ramp_limit]"));
    CHECK(parse("[power.swing]\nramp_limit = \"12 kW/s\"\n").swing.grid.ramp_limit ==
          doctest::Approx(12e3));
}

TEST_CASE("case power: the swing through the chain, E = dP T / 4 at the feed") {
    // One rack of 120 kW (power-data.md d example), 1 Hz square wave 30 <-> 100 %, grid at
    // the mean, one lossless layer: the layer swings dP_feed T / 4, where dP_feed is the
    // swing of the chain's input power (the chain's losses grow with the load).
    const PowerSpec s = parse(R"([power]
chain = "sst-800"
[power.swing]
duration = "30 s"
layers = [ { name = "rack BBU", round_trip_efficiency = 1.0 } ]
)");
    const double P = 120e3;
    const Chain c = build_case_chain(s, P, 1, lib());
    const CaseSwing sw = simulate_case_swing(c, s, P);
    const double dP_feed =
        evaluate_chain(c, P).P_in_W - evaluate_chain(c, 0.3 * P).P_in_W; // exact nodes
    CHECK(sw.result.load.P_max - sw.result.load.P_min == doctest::Approx(dP_feed).epsilon(1e-12));
    CHECK(sw.result.layers[0].energy_swing == doctest::Approx(dP_feed * 1.0 / 4.0).epsilon(0.01));
    CHECK(sw.it.P_max == doctest::Approx(P));
    CHECK(sw.it.P_min == doctest::Approx(0.3 * P));
    CHECK(sw.result.grid.P_std <= 1e-9 * sw.result.grid.P_mean);
    CHECK(sw.result.grid.band_share == 0.0);
    CHECK(sw.it.band_share > 0.97);
}

TEST_CASE("case power: the feed map is exact at the trace ends and close in between") {
    const Chain c = reference_chain("ac-ups", {}, lib());
    LoadProfile it{1e-3, {0.3 * P_block, 0.61234 * P_block, P_block, 0.3 * P_block}};
    const LoadProfile feed = feed_profile(c, it);
    for (std::size_t k = 0; k < it.P.size(); ++k) {
        const double exact = evaluate_chain(c, it.P[k]).P_in_W;
        CHECK(std::abs(feed.P[k] - exact) <= 1e-7 * exact);
    }
    CHECK(feed.P[0] == evaluate_chain(c, 0.3 * P_block).P_in_W);
    CHECK(feed.P[2] == evaluate_chain(c, P_block).P_in_W);
    // A trace above what the chain carries names the overloaded stage.
    LoadProfile over{1e-3, {P_block, 1.5 * P_block}};
    CHECK_THROWS_WITH_AS(feed_profile(c, over), doctest::Contains("is above the rating"),
                         PowerInputError);
}

TEST_CASE("case power: copper of the conductor stages matches their stage loss") {
    for (const char* id : {"ac-ups", "hvdc-240", "dc-800", "dc-pm400", "sst-800"}) {
        CAPTURE(id);
        const Chain c = reference_chain(id, {}, lib());
        const ChainResult r = evaluate_chain(c, 0.6 * P_block);
        const auto copper = chain_copper(c, r);
        REQUIRE(!copper.empty());
        for (const auto& cu : copper) {
            CHECK(cu.at_load.P_loss == doctest::Approx(r.stages[cu.stage].P_loss_W).epsilon(1e-12));
            CHECK(cu.at_load.copper_mass > 0.0);
        }
    }
}

TEST_CASE("case power: design inputs must be positive") {
    const PowerSpec s = parse("[power]\n");
    CHECK_THROWS_AS(build_case_chain(s, 0.0, 1, lib()), std::invalid_argument);
    CHECK_THROWS_AS(build_case_chain(s, 1e5, 0, lib()), std::invalid_argument);
}
