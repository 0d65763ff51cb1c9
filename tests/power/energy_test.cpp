// Annual energy, cost and ELC (power/energy.hpp), checked by hand on a chain of
// constant-efficiency stages (loss = k1 P_out, so every figure is a closed form).
// Sources: power-data.md c4 (ELC = annual electrical loss energy / IT energy, ASHRAE 90.4
// [R7]; the 2022 edition drops the incoming-service segment); seed-facts "power at half
// price" for the regional discount (the CloudMatrix example, cases/examples).

#include "power/energy.hpp"
#include "power/power_error.hpp"

#include <doctest/doctest.h>

using namespace rackcalc::power;

namespace {

Stage constant_stage(std::string name, double eta, Bus in, Bus out, Location where, Medium m) {
    Stage s;
    s.name = std::move(name);
    s.kind = StageKind::dc_dc;
    s.input = in;
    s.output = out;
    s.P_module_W = 200e3;
    s.curve = LossCurve{0.0, 1.0 / eta - 1.0, 0.0}; // eta(x) = eta at every load
    s.location = where;
    s.medium = m;
    return s;
}

/// Transformer 0.99 (utility yard), rectifier 0.98 (grey space), in-rack DC-DC 0.95 (liquid).
Chain three_stages() {
    Chain c;
    c.name = "constant";
    c.stages = {constant_stage("xfmr", 0.99, {BusType::ac_3phase, 10e3},
                               {BusType::ac_3phase, 415.0}, Location::utility_yard, Medium::air),
                constant_stage("rect", 0.98, {BusType::ac_3phase, 415.0}, {BusType::dc, 54.0},
                               Location::grey_space, Medium::air),
                constant_stage("dcdc", 0.95, {BusType::dc, 54.0}, {BusType::dc, 12.0},
                               Location::in_rack, Medium::liquid)};
    c.system_last = 1;
    return c;
}

constexpr double h = 3600.0;

} // namespace

TEST_CASE("energy: a constant-efficiency chain gives the hand-computed year") {
    const Chain c = three_stages();
    const double P = 100e3;
    const UtilisationBin bins[] = {{4380 * h, 0.5}, {4380 * h, 1.0}};
    // 0.10 USD/kWh at half price.
    const Tariff tariff{0.10 / 3.6e6, 0.5};
    const AnnualEnergy e = annual_energy(c, P, bins, tariff);

    const double E_it = P * (0.5 * 4380 + 1.0 * 4380) * h; // 2.3652e12 J = 657 MWh
    CHECK(e.E_it_J == doctest::Approx(E_it).epsilon(1e-14));
    CHECK(e.E_it_J == doctest::Approx(2.3652e12).epsilon(1e-14));
    const double E_in = E_it / (0.95 * 0.98 * 0.99);
    CHECK(e.E_in_J == doctest::Approx(E_in).epsilon(1e-14));
    CHECK(e.E_loss_J == doctest::Approx(E_in - E_it).epsilon(1e-13));
    CHECK(e.E_in_J == doctest::Approx(e.E_it_J + e.E_loss_J).epsilon(1e-15));
    REQUIRE(e.E_loss_stage_J.size() == 3);
    CHECK(e.E_loss_stage_J[2] == doctest::Approx(E_it * (1 / 0.95 - 1)).epsilon(1e-13));
    CHECK(e.E_loss_stage_J[1] == doctest::Approx(E_it / 0.95 * (1 / 0.98 - 1)).epsilon(1e-13));
    CHECK(e.E_loss_stage_J[0] ==
          doctest::Approx(E_it / (0.95 * 0.98) * (1 / 0.99 - 1)).epsilon(1e-13));
    // Where the heat goes.
    const auto at = [&](Location l, Medium m) {
        return e.E_loss_by_location_J[static_cast<std::size_t>(l)][static_cast<std::size_t>(m)];
    };
    CHECK(at(Location::in_rack, Medium::liquid) == doctest::Approx(e.E_loss_stage_J[2]));
    CHECK(at(Location::grey_space, Medium::air) == doctest::Approx(e.E_loss_stage_J[1]));
    CHECK(at(Location::utility_yard, Medium::air) == doctest::Approx(e.E_loss_stage_J[0]));
    CHECK(at(Location::white_space, Medium::air) == 0.0);

    // ELC: the IT equipment starts at the in-rack DC-DC (its input E_it / 0.95); the losses
    // before it are the transformer's and the rectifier's.
    CHECK(e.ite_first_stage == 2);
    CHECK(e.E_ite_J == doctest::Approx(E_it / 0.95).epsilon(1e-14));
    CHECK(e.elc == doctest::Approx(1 / (0.98 * 0.99) - 1).epsilon(1e-12)); // 0.030715
    CHECK(e.elc == doctest::Approx(0.030715).epsilon(1e-4));
    CHECK(e.elc_without_incoming == doctest::Approx(1 / 0.98 - 1).epsilon(1e-12)); // 0.020408
    CHECK(e.loss_over_it == doctest::Approx(1 / (0.95 * 0.98 * 0.99) - 1).epsilon(1e-12));

    // Cost: E_in = 712,821 kWh at 0.05 USD/kWh = 35,641 USD (71,282 USD before the discount).
    CHECK(e.price_USD_per_J == doctest::Approx(0.05 / 3.6e6));
    CHECK(e.cost_USD == doctest::Approx(E_in / 3.6e6 * 0.05).epsilon(1e-13));
    CHECK(e.cost_USD == doctest::Approx(35641.0).epsilon(1e-4));
    CHECK(e.cost_undiscounted_USD == doctest::Approx(2.0 * e.cost_USD).epsilon(1e-14));
    CHECK(e.loss_cost_USD == doctest::Approx(e.E_loss_J / 3.6e6 * 0.05).epsilon(1e-13));
    CHECK(e.mean_load == doctest::Approx(0.75));
    CHECK(e.duration_s == 8760 * h);
}

TEST_CASE("energy: part-load losses are evaluated per bin, not at the mean load") {
    // A stage with only square-law loss: the year at 50/100 % loses more than a year at the
    // mean 75 % (x^2 is convex), by (0.25 + 1) / 2 / 0.5625 = 1.111.
    Chain c;
    c.stages = {constant_stage("sq", 0.95, {BusType::dc, 54.0}, {BusType::dc, 12.0},
                               Location::in_rack, Medium::air)};
    c.stages[0].curve = LossCurve{0.0, 0.0, 0.02};
    c.stages[0].P_module_W = 100e3;
    const UtilisationBin split[] = {{4380 * h, 0.5}, {4380 * h, 1.0}};
    const auto mean = constant_utilisation(0.75);
    const AnnualEnergy a = annual_energy(c, 100e3, split, {});
    const AnnualEnergy b = annual_energy(c, 100e3, mean, {});
    CHECK(a.E_loss_J / b.E_loss_J == doctest::Approx((0.25 + 1.0) / 2.0 / 0.5625).epsilon(1e-12));
    CHECK(a.E_it_J == doctest::Approx(b.E_it_J).epsilon(1e-15));
    // Everything in the rack: no facility losses, ELC 0.
    CHECK(a.ite_first_stage == 0);
    CHECK(a.elc == 0.0);
}

TEST_CASE("energy: bad bins and tariffs are rejected") {
    const Chain c = three_stages();
    CHECK_THROWS_WITH_AS(annual_energy(c, 1e5, {}, {}), doctest::Contains("no utilisation bins"),
                         PowerInputError);
    const UtilisationBin over[] = {{8760 * h, 1.2}};
    CHECK_THROWS_WITH_AS(annual_energy(c, 1e5, over, {}),
                         doctest::Contains("[utilisation_profile[0].utilisation]"),
                         PowerInputError);
    const UtilisationBin zero[] = {{0.0, 0.5}};
    CHECK_THROWS_AS(annual_energy(c, 1e5, zero, {}), PowerInputError);
    const auto year = constant_utilisation(0.5);
    CHECK_THROWS_AS(annual_energy(c, 1e5, year, Tariff{1e-8, 1.5}), PowerInputError);
    CHECK(mean_load(year) == 0.5);
}
