// Stages, redundancy and chains (power/stage.hpp).
// Sources: power-data.md c3 (per-module load x = P / (N_active P_module); 2N each side
// <= 50 %; N+1 of 6 each module P/6) and c4 (loss location); task brief for messages.

#include "power/power_error.hpp"
#include "power/stage.hpp"

#include <doctest/doctest.h>
#include <string>

using namespace rackcalc::power;

namespace {

Stage module_stage(std::string name, int modules, Redundancy scheme, int spare = 0) {
    Stage s;
    s.name = std::move(name);
    s.kind = StageKind::rectifier;
    s.input = {BusType::ac_3phase, 415.0};
    s.output = {BusType::dc, 800.0};
    s.P_module_W = 100e3;
    s.modules = modules;
    s.redundancy.scheme = scheme;
    s.redundancy.spare = spare;
    s.curve = {0.005, 0.004, 0.01};
    return s;
}

std::string message_of(auto&& f) {
    try {
        f();
    } catch (const PowerInputError& e) {
        return e.what();
    }
    return "(no PowerInputError)";
}

} // namespace

TEST_CASE("stage: each active module runs at its true part-load point") {
    // N+1 of 6, all sharing: each module carries P/6 (power-data.md c3).
    const Stage np1 = module_stage("rect N+1", 6, Redundancy::n_plus_x, 1);
    const StageResult r = evaluate(np1, 300e3);
    CHECK(r.load_fraction == doctest::Approx(300e3 / 6 / 100e3));
    CHECK(r.modules_active == 6);
    CHECK(r.P_loss_W == doctest::Approx(6 * 100e3 * np1.curve.loss_pu(0.5)));
    CHECK(r.P_in_W == doctest::Approx(r.P_out_W + r.P_loss_W).epsilon(1e-15));
    CHECK(rated_output(np1) == doctest::Approx(500e3));

    // 2N: 2 x 5 modules, each side carries half, so x = P / (10 P_module).
    const Stage two_n = module_stage("rect 2N", 10, Redundancy::two_n);
    CHECK(evaluate(two_n, 300e3).load_fraction == doctest::Approx(0.3));
    CHECK(rated_output(two_n) == doctest::Approx(500e3));

    // Block redundant 4-make-3 with 2 modules per block: N = 6 of 8.
    Stage block = module_stage("rect block", 8, Redundancy::block, 1);
    block.redundancy.blocks = 4;
    CHECK(rated_output(block) == doctest::Approx(600e3));
    CHECK(evaluate(block, 400e3).load_fraction == doctest::Approx(0.5));

    // Idle (cold-shared) spares: N modules carry the load, spares add only k0.
    Stage idle = module_stage("rect idle spare", 6, Redundancy::n_plus_x, 1);
    idle.redundancy.spares_share_load = false;
    const StageResult ri = evaluate(idle, 300e3);
    CHECK(ri.load_fraction == doctest::Approx(0.6));
    CHECK(ri.P_loss_W ==
          doctest::Approx(5 * 100e3 * idle.curve.loss_pu(0.6) + 100e3 * idle.curve.k0));
}

TEST_CASE("stage: zero load costs the no-load loss of every active module") {
    const Stage s = module_stage("rect", 4, Redundancy::n);
    const StageResult r = evaluate(s, 0.0);
    CHECK(r.P_loss_W == doctest::Approx(4 * 100e3 * s.curve.k0));
    CHECK(r.efficiency == 0.0);
}

TEST_CASE("stage: load above the N rating is rejected naming the stage and the loads") {
    const Stage s = module_stage("HVDC rectifier", 6, Redundancy::n_plus_x, 1);
    const std::string msg = message_of([&] { evaluate(s, 550e3); });
    CHECK(msg.find("power stage \"HVDC rectifier\"") != std::string::npos);
    CHECK(msg.find("[P_out]") != std::string::npos);
    CHECK(msg.find("load 550 kW") != std::string::npos);
    CHECK(msg.find("rating 500 kW") != std::string::npos);
    CHECK(msg.find("6 installed") != std::string::npos);
    CHECK_NOTHROW(evaluate(s, 500e3));

    const std::string neg = message_of([&] { evaluate(s, -1.0); });
    CHECK(neg.find("[P_out]") != std::string::npos);

    const Stage odd = module_stage("UPS 2N", 5, Redundancy::two_n);
    const std::string m2 = message_of([&] { evaluate(odd, 1.0); });
    CHECK(m2.find("power stage \"UPS 2N\"") != std::string::npos);
    CHECK(m2.find("even") != std::string::npos);
}

TEST_CASE("chain: mismatched voltages name both stages and both voltages") {
    Chain c;
    c.name = "test";
    c.stages.push_back(module_stage("sidecar rectifier", 6, Redundancy::n_plus_x, 1));
    Stage dcdc = module_stage("rack 380 V shelf", 6, Redundancy::n);
    dcdc.input = {BusType::dc, 380.0};
    dcdc.output = {BusType::dc, 54.0};
    c.stages.push_back(dcdc);
    const std::string msg = message_of([&] { evaluate_chain(c, 100e3); });
    CHECK(msg.find("\"sidecar rectifier\" outputs 800 V DC") != std::string::npos);
    CHECK(msg.find("\"rack 380 V shelf\" expects 380 V DC") != std::string::npos);
    CHECK(msg.find("[input_voltage]") != std::string::npos);

    // AC vs DC at the same number is a mismatch too.
    c.stages[1].input = {BusType::ac_3phase, 800.0};
    CHECK_THROWS_AS(check_chain(c), PowerInputError);
    c.stages[1].input = {BusType::dc, 800.0};
    CHECK_NOTHROW(check_chain(c));
}

TEST_CASE("chain: balance closes and losses are tagged by location and medium") {
    Chain c;
    c.name = "two stages";
    Stage a = module_stage("rectifier", 6, Redundancy::n_plus_x, 1);
    a.location = Location::grey_space;
    Stage b = module_stage("dc-dc", 4, Redundancy::n);
    b.input = {BusType::dc, 800.0};
    b.output = {BusType::dc, 54.0};
    b.location = Location::in_rack;
    b.medium = Medium::liquid;
    c.stages = {a, b};
    c.system_first = 0;
    c.system_last = 0;
    ChainResult r;
    evaluate_chain(c, 250e3, r);
    CHECK(r.P_in_W == doctest::Approx(250e3 + r.P_loss_W).epsilon(1e-12));
    CHECK(r.stages[1].P_out_W == 250e3);
    CHECK(r.stages[0].P_out_W == r.stages[1].P_in_W);
    CHECK(r.loss_by_location[static_cast<int>(Location::grey_space)][0] == r.stages[0].P_loss_W);
    CHECK(r.loss_by_location[static_cast<int>(Location::in_rack)][1] == r.stages[1].P_loss_W);
    CHECK(r.system_efficiency == doctest::Approx(r.stages[0].efficiency));

    // A user curve with negative loss is caught when the chain is evaluated.
    c.stages[1].curve = {-0.02, 0.0, 0.01};
    const std::string msg = message_of([&] { evaluate_chain(c, 250e3); });
    CHECK(msg.find("power stage \"dc-dc\"") != std::string::npos);
    CHECK(msg.find("negative loss") != std::string::npos);
}
