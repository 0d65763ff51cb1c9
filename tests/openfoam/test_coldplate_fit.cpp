// The curves of `rackcalc cfd coldplate` through its OpenFOAM points: points made from a known
// power law and quadratic give those curves back; the calibration table beside the fast model
// and the performance table a case includes.

#include "thermal/fluid.hpp"
#include "thermal/microchannel.hpp"
#include "thermal/openfoam/coldplate_fit.hpp"
#include "thermal/openfoam/performance_table.hpp"

#include <cmath>
#include <doctest/doctest.h>
#include <stdexcept>
#include <string>
#include <vector>

TEST_CASE("fit_coldplate_curves recovers the power law and the quadratic its points came from") {
    const double a = 2.0e-4, b = -0.35, c = 3.0e8, d = 4.0e12; // R_th [K/W], dp [Pa], V [m3/s]
    std::vector<double> V, R, dp;
    for (const double L_min : {0.5, 1.0, 2.0, 3.0}) {
        const double V_dot = L_min / 60000.0;
        V.push_back(V_dot);
        R.push_back(a * std::pow(V_dot, b));
        dp.push_back(c * V_dot + d * V_dot * V_dot);
    }
    const auto fit = rackcalc::openfoam::fit_coldplate_curves(V, R, dp);
    CHECK(fit.a == doctest::Approx(a).epsilon(1e-9));
    CHECK(fit.b == doctest::Approx(b).epsilon(1e-9));
    CHECK(fit.c == doctest::Approx(c).epsilon(1e-9));
    CHECK(fit.d == doctest::Approx(d).epsilon(1e-9));
    CHECK(fit.R(V[1]) == doctest::Approx(R[1]).epsilon(1e-12));
    CHECK(fit.dp(V[2]) == doctest::Approx(dp[2]).epsilon(1e-12));
}

namespace {

/// A plate like the GB300 template's (0.3 mm channels, 0.2 mm fins, 3 mm deep, 1.5 mm base,
/// copper) with a port loss of 1.5 velocity heads in a 4 mm bore.
rackcalc::thermal::PlateDesign plate() {
    rackcalc::thermal::PlateDesign d;
    d.channel_width_m = 0.3e-3;
    d.fin_thickness_m = 0.2e-3;
    d.channel_depth_m = 3e-3;
    d.base_thickness_m = 1.5e-3;
    d.k_solid = 390.0;
    d.port_K = 1.5;
    d.port_diameter_m = 4e-3;
    return d;
}

} // namespace

TEST_CASE("fast_plate_point: the channel model at the mean coolant temperature and the port "
          "loss in velocity heads") {
    namespace th = rackcalc::thermal;
    const th::Fluid& water = th::fluid_by_name("water");
    const double V = 1.0 / 60000.0; // 1 L/min
    const auto p =
        rackcalc::openfoam::fast_plate_point(plate(), 0.075, 0.075, water, 313.15, 1000.0, V);
    // Port: v = 1.6667e-5 / (pi/4 x 16e-6) = 1.3263 m/s; water at 40 degC, rho 992.2 kg/m3
    // (Incropera, Fundamentals of Heat and Mass Transfer, Table A.6): 1.5 x 0.5 x 992.2 x
    // 1.3263^2 = 1309 Pa.
    CHECK(p.dp_port_Pa == doctest::Approx(1309.0).epsilon(2e-3));
    // The channels at the mean temperature: 1000 W into 1 L/min of water raise it by 14.4 K,
    // so the model is read at 40 + 7.2 degC.
    const double rise = 1000.0 / (water.rho(313.15) * V * water.cp(313.15));
    CHECK(rise == doctest::Approx(14.4).epsilon(5e-3));
    const th::MicrochannelResult m = th::microchannel_heat_sink(
        {0.3e-3, 0.2e-3, 3e-3, 1.5e-3, 0.075, 0.075, 390.0}, water, 313.15 + 0.5 * rise, V);
    CHECK(p.R_th_K_per_W == doctest::Approx(m.R_total).epsilon(1e-12));
    CHECK(p.dp_channels_Pa == doctest::Approx(m.dp).epsilon(1e-12));
    // Twice the flow: four times the port loss; no port_K, no port loss.
    CHECK(
        rackcalc::openfoam::fast_plate_point(plate(), 0.075, 0.075, water, 313.15, 1000.0, 2.0 * V)
            .dp_port_Pa == doctest::Approx(4.0 * p.dp_port_Pa).epsilon(1e-12));
    th::PlateDesign no_port = plate();
    no_port.port_K = 0.0;
    CHECK(rackcalc::openfoam::fast_plate_point(no_port, 0.075, 0.075, water, 313.15, 1000.0, V)
              .dp_port_Pa == 0.0);
}

TEST_CASE("calibrate_coldplate: the fast model's deviations before, the fit's after, the worst "
          "of each") {
    namespace of = rackcalc::openfoam;
    // CFD points on an exact power law and quadratic; the fast model 10 % high in R_th at
    // every flow but the last (20 % high there) and 20 % low in dp.
    const double a = 2.0e-4, b = -0.35, c = 3.0e8, d = 4.0e12;
    std::vector<double> V, R, dp;
    std::vector<of::FastPlatePoint> fast;
    for (const double L_min : {0.5, 1.0, 2.0}) {
        const double V_dot = L_min / 60000.0;
        V.push_back(V_dot);
        R.push_back(a * std::pow(V_dot, b));
        dp.push_back(c * V_dot + d * V_dot * V_dot);
        fast.push_back({(L_min == 2.0 ? 1.2 : 1.1) * R.back(), 0.8 * dp.back(), 100.0 * L_min});
    }
    const of::ColdplateCalibration cal = of::calibrate_coldplate(V, R, dp, fast);
    REQUIRE(cal.rows.size() == 3);
    CHECK(cal.rows[0].R_before_percent() == doctest::Approx(10.0).epsilon(1e-9));
    CHECK(cal.rows[2].R_before_percent() == doctest::Approx(20.0).epsilon(1e-9));
    CHECK(cal.rows[1].dp_before_percent() == doctest::Approx(-20.0).epsilon(1e-9));
    CHECK(cal.rows[1].R_fit == doctest::Approx(R[1]).epsilon(1e-9));
    CHECK(std::abs(cal.rows[1].R_after_percent()) < 1e-6);
    CHECK(std::abs(cal.rows[2].dp_after_percent()) < 1e-6);
    CHECK(cal.worst_R_before_percent == doctest::Approx(20.0).epsilon(1e-9));
    CHECK(cal.worst_dp_before_percent == doctest::Approx(20.0).epsilon(1e-9));
    CHECK(cal.worst_R_after_percent < 1e-6);
    CHECK(cal.worst_dp_after_percent < 1e-6);
    // The performance table: the fit at the CFD flows, dp plus the port loss of each flow.
    const auto table = of::performance_points(cal, fast);
    REQUIRE(table.size() == 3);
    CHECK(table[2].V_dot_m3_s == V[2]);
    CHECK(table[2].R_th_K_per_W == doctest::Approx(R[2]).epsilon(1e-9));
    CHECK(table[0].dp_Pa == doctest::Approx(dp[0] + 50.0).epsilon(1e-9));
    CHECK(table[2].dp_Pa == doctest::Approx(dp[2] + 200.0).epsilon(1e-9));
    CHECK_THROWS_AS(of::calibrate_coldplate(V, R, dp, {fast[0]}), std::invalid_argument);
}

TEST_CASE("performance_table_toml: the table a case includes, for a named plate and for the "
          "default design") {
    namespace of = rackcalc::openfoam;
    of::PerformanceTable t;
    t.case_file = "cases/examples/gb300-nvl72.toml";
    t.file_name = "plate-b300-plate-performance.toml";
    t.plate_id = "b300-plate";
    t.chip_type = "b300";
    t.design = plate();
    t.coolant = "PG25";
    t.T_inlet_K = 313.15;
    t.points = {{1.0 / 60000.0, 0.02, 10e3}, {2.0 / 60000.0, 0.015, 30e3}};
    t.date = "2026-11-30";
    t.cells = 12345;
    const std::string performance =
        "[plates.b300-plate.performance]\n"
        "coolant = \"PG25\"\n"
        "inlet_temperature = \"40 degC\"\n"
        "flow = [\"1 L/min\", \"2 L/min\"]\n"
        "R_th = [\"0.02 K/W\", \"0.015 K/W\"]\n"
        "dp = [\"10 kPa\", \"30 kPa\"]\n"
        "source = \"RackCalc CFD (chtMultiRegionSimpleFoam), 2026-11-30, unit cell 12345 cells, "
        "symmetric channel period; fitted R_th = a V^b and dp = c V + d V^2\"\n";
    const std::string header =
        "# Written by `rackcalc cfd coldplate` from cases/examples/gb300-nvl72.toml. Include it "
        "in a case with include = [\"plate-b300-plate-performance.toml\"].\n"
        "# R_th: plate contact face (maximum) to coolant inlet per W into the plate; dp: CFD "
        "channels plus the plate's port loss (port_K).\n";
    CHECK(of::performance_plate_id(t) == "b300-plate");
    CHECK(of::performance_table_toml(t) == header + performance);

    // On the default design the chip gets a plate of its own with the design written out.
    t.plate_id.clear();
    t.file_name = "plate-cfd-b300-performance.toml";
    CHECK(of::performance_plate_id(t) == "cfd-b300");
    const std::string text = of::performance_table_toml(t);
    CHECK(text.find("[chips.b300]\nplate = \"cfd-b300\"\n\n[plates.cfd-b300] # the default "
                    "design, as meshed\nchannel_width = \"0.3 mm\"\nfin_thickness = \"0.2 mm\"\n"
                    "channel_depth = \"3 mm\"\nbase_thickness = \"1.5 mm\"\nk = \"390 W/(m K)\"\n"
                    "port_K = 1.5\nport_diameter = \"4 mm\"\n\n[plates.cfd-b300.performance]\n") !=
          std::string::npos);
}
