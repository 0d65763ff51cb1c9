// Conductors (power/conductor.hpp).
// Sources: power-data.md c2 (rho20 = 1.72e-8 ohm m, alpha = 0.00393 /K; DC 2-wire I = P/V,
// loss 2 I^2 R; 3-phase I = P / (sqrt3 V_LL PF), loss 3 I^2 R; bipolar +/-400 V, V = 800),
// [R35] 1.6 A/mm2 first sizing; seed-facts "800 VDC vs 415 VAC: 57 % more power".

#include "power/conductor.hpp"
#include "power/power_error.hpp"

#include <cmath>
#include <doctest/doctest.h>
#include <string>

using namespace rackcalc::power;

// Copper resistivity at 20 and 75 degC against rho20 (1 + alpha dT) is a reference case of
// validation/power.toml (`rackcalc validate`).

TEST_CASE("conductor: 3-phase AC sizing by ampacity, drop, loss and mass") {
    ConductorSpec s;
    s.topology = Topology::ac_3phase;
    s.V = 415.0;
    s.PF = 0.95;
    s.length = 50.0;
    s.J = 1.6e6;         // 1.6 A/mm2 [R35]
    s.T = 273.15 + 75.0; // 75 degC
    s.extra_conductors = 1.0;
    const double P = 1e6;
    const ConductorResult r = size_conductor(s, P);
    const double I = P / (std::sqrt(3.0) * 415.0 * 0.95);
    CHECK(r.I == doctest::Approx(I).epsilon(1e-14));
    CHECK(r.A == doctest::Approx(I / 1.6e6).epsilon(1e-14));
    const double R = copper_resistivity(s.T) * 50.0 / r.A;
    CHECK(r.R == doctest::Approx(R).epsilon(1e-14));
    CHECK(r.P_loss == doctest::Approx(3.0 * I * I * R).epsilon(1e-14));
    CHECK(r.dV == doctest::Approx(std::sqrt(3.0) * I * R * 0.95).epsilon(1e-14));
    CHECK(r.copper_mass == doctest::Approx(8960.0 * r.A * 50.0 * 4.0).epsilon(1e-14));
    // With A = I/J the relative loss is sqrt3 rho L J / (V PF), independent of P.
    CHECK(conductor_loss_curve(s).k2 ==
          doctest::Approx(std::sqrt(3.0) * copper_resistivity(s.T) * 50.0 * 1.6e6 / (415.0 * 0.95))
              .epsilon(1e-12));
}

TEST_CASE("conductor: 2-wire DC and bipolar +/-400 V") {
    ConductorSpec dc;
    dc.topology = Topology::dc_2wire;
    dc.V = 800.0;
    dc.length = 10.0;
    const ConductorResult r = evaluate_conductor(dc, 500e-6, 400e3); // 500 mm2
    CHECK(r.I == doctest::Approx(500.0));
    CHECK(r.P_loss == doctest::Approx(2.0 * 500.0 * 500.0 * r.R).epsilon(1e-14));
    CHECK(r.dV == doctest::Approx(2.0 * 500.0 * r.R).epsilon(1e-14));
    CHECK(r.current_conductors == 2);

    ConductorSpec bp = dc;
    bp.topology = Topology::dc_bipolar; // +/-400 V: 800 V pole to pole, balanced
    bp.extra_conductors = 1.0;          // mid-point conductor
    const ConductorResult b = evaluate_conductor(bp, 500e-6, 400e3);
    CHECK(b.I == doctest::Approx(500.0));
    CHECK(b.P_loss == doctest::Approx(r.P_loss));
    CHECK(b.copper_mass == doctest::Approx(1.5 * r.copper_mass));

    // 48 V rack busbar at 120 kW: I = P/V = 2.5 kA ([R29b]: "> 2.5 kA" for GB200 NVL72,
    // the excess being losses and a bus below 48 V).
    ConductorSpec bus;
    bus.V = 48.0;
    bus.length = 1.5;
    CHECK(size_conductor(bus, 120e3).I == doctest::Approx(2.5e3).epsilon(1e-14));
}

TEST_CASE("conductor: same copper carries X times more power at 800 VDC than at 415 VAC") {
    // Same current density everywhere. Numbers are first-principles (c2), not quoted.
    SameCopperAssumptions a; // 800 V 2-wire vs 415 V 4-wire, PF 1
    CHECK(same_copper_power_ratio(a) == doctest::Approx(2.0 * 800.0 / (std::sqrt(3.0) * 415.0)));
    CHECK(same_copper_power_ratio(a) == doctest::Approx(2.226).epsilon(0.001));

    a.n_ac_conductors = 3.0; // 3-wire AC
    CHECK(same_copper_power_ratio(a) == doctest::Approx(1.669).epsilon(0.001));

    // The combination that gives the source's "57 % more": DC +, -, PE (3 full-size
    // conductors) against AC with 4 (3 phases + N or PE) at PF 0.945.
    a.n_dc_conductors = 3.0;
    a.n_ac_conductors = 4.0;
    a.PF = 0.945;
    CHECK(same_copper_power_ratio(a) == doctest::Approx(1.57).epsilon(0.002));
    a.PF = 1.0;
    CHECK(same_copper_power_ratio(a) == doctest::Approx(1.484).epsilon(0.001));
}

TEST_CASE("conductor: invalid geometry is rejected with the key") {
    ConductorSpec s;
    s.V = 800.0;
    s.length = 0.0;
    try {
        size_conductor(s, 1e5);
        FAIL("no throw");
    } catch (const PowerInputError& e) {
        CHECK(std::string(e.what()).find("[length]") != std::string::npos);
    }
    s.length = 1.0;
    s.topology = Topology::ac_3phase;
    s.PF = 1.2;
    CHECK_THROWS_WITH_AS(size_conductor(s, 1e5), doctest::Contains("[power_factor]"),
                         PowerInputError);
}
