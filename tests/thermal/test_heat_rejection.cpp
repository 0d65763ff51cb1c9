// Heat rejection by path and the climate of named sites (thermal/heat_rejection.hpp,
// thermal/climate.hpp).
// Sources: ASHRAE Handbook of Fundamentals ch. 1 (standard atmosphere: 101.325 kPa at sea
// level, 84.556 kPa at 1500 m); Carnot COP T_evap / (T_cond - T_evap); [E4] Frankfurt
// 1991-2020 normals.

#include "thermal/climate.hpp"
#include "thermal/heat_rejection.hpp"

#include <doctest/doctest.h>
#include <filesystem>

using namespace rackcalc::thermal;

TEST_CASE("heat rejection: air density of the standard atmosphere") {
    // ASHRAE Fundamentals ch. 1 table 1: 101.325 kPa at 0 m, 84.556 kPa at 1500 m.
    CHECK(air_density(0.0, 293.15) == doctest::Approx(101325.0 / (287.055 * 293.15)));
    CHECK(air_density(1500.0, 293.15) * 287.055 * 293.15 == doctest::Approx(84556.0).epsilon(1e-4));
}

TEST_CASE("heat rejection: free cooling, chiller COP and air handlers, each path on its own") {
    RejectionDesign d; // auto, 6 K dry-cooler approach, 0.5 of Carnot, 10 K condenser
    const double rho0 = air_density(0.0, 300.15);
    // Liquid only, 40 degC water: free at 30 degC outdoors (40 >= 30 + 6), chiller at 35.
    const PathHeat liquid{100e3, 0.0, 0.0};
    const auto free = reject_by_path(liquid, d, 313.15, 300.15, rho0, 303.15);
    CHECK(free.liquid.free);
    CHECK(free.liquid.P_compressor_W == 0.0);
    CHECK(free.liquid.P_rejection_fans_W == doctest::Approx(0.02 * 100e3));
    const auto chiller = reject_by_path(liquid, d, 313.15, 300.15, rho0, 308.15);
    CHECK_FALSE(chiller.liquid.free);
    // COP = 0.5 x 311.15 / (318.15 - 311.15) = 22.2: evaporator 2 K under the water, condenser
    // 10 K over the air.
    CHECK(chiller.liquid.cop == doctest::Approx(0.5 * 311.15 / 7.0).epsilon(1e-12));
    CHECK(chiller.liquid.P_compressor_W == doctest::Approx(100e3 / (0.5 * 311.15 / 7.0)));
    // Air only: chilled water 6 K under the 27 degC inlet; the handlers move Q / (rho cp dT).
    const PathHeat air{0.0, 10e3, 0.0};
    const auto a = reject_by_path(air, d, 313.15, 300.15, rho0, 283.15);
    CHECK(a.air.T_water_K == doctest::Approx(294.15));
    const double V = 10e3 / (rho0 * 1006.0 * 12.0);
    CHECK(a.air.P_air_handler_W == doctest::Approx(1000.0 * V).epsilon(1e-12));
    CHECK(a.air.free); // 21 degC water, 10 degC outdoors
    CHECK(a.air.Q_W == doctest::Approx(10e3 + a.air.P_air_handler_W));
    CHECK(a.liquid.P_W() == 0.0);
    // At altitude the same heat needs (rho0 / rho)^2 the fan power (fan laws).
    const double rho = air_density(1500.0, 300.15);
    const auto high = reject_by_path(air, d, 313.15, 300.15, rho, 283.15);
    CHECK(high.air.P_air_handler_W ==
          doctest::Approx(a.air.P_air_handler_W * (rho0 / rho) * (rho0 / rho)).epsilon(1e-12));
    // Grey-space losses on their own handlers, same chilled water.
    const auto g = reject_by_path(PathHeat{0.0, 0.0, 5e3}, d, 313.15, 300.15, rho0, 283.15);
    CHECK(g.grey.P_air_handler_W == doctest::Approx(1000.0 * 5e3 / (rho0 * 1006.0 * 10.0)));
    CHECK(g.air.P_W() == 0.0);
    // Heat out = heat in + every fan and compressor's work that ends as heat.
    CHECK(chiller.Q_out_W() == doctest::Approx(100e3 + chiller.liquid.P_compressor_W +
                                               chiller.liquid.P_rejection_fans_W));
}

TEST_CASE("climate: Frankfurt normals make a year of 8760 h between the monthly extremes") {
    const auto lib = load_climate_library(std::filesystem::path(RACKCALC_SOURCE_DIR) / "thermal" /
                                          "data" / "climate.toml");
    REQUIRE(lib.sites.count("frankfurt") == 1);
    const auto bins = climate_bins(lib.sites.at("frankfurt"));
    double hours = 0.0;
    double mean = 0.0;
    for (const auto& b : bins) {
        hours += b.duration_s / 3600.0;
        mean += (b.T_K - 273.15) * b.duration_s / 3600.0;
    }
    CHECK(hours == doctest::Approx(8760.0));
    // [E4]: coldest mean daily minimum -0.4 degC (Jan), warmest maximum 26.1 degC (Jul); the
    // annual mean of the daily means 11.1 degC (1 K bins: within 0.3 K).
    CHECK(bins.front().T_K - 273.15 >= -1.0);
    CHECK(bins.back().T_K - 273.15 <= 26.5);
    CHECK(mean / hours == doctest::Approx(11.1).epsilon(0.3 / 11.1));
}
