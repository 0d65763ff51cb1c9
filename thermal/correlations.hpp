#pragma once
// Friction, heat-transfer, fin and spreading-resistance correlations.
//
// Plain SI doubles throughout. Each function names its correlation, its source and its
// validity range; where a formula would be used far outside that range it throws
// std::domain_error with the offending value and the range, rather than returning a number
// that looks fine and is not. Friction factors are Darcy (4x Fanning) unless the name says
// Fanning. Re, Pr, Gz, Nu are dimensionless; Gz = Re Pr D/L.

#include <string_view>

namespace rackcalc::thermal {

// ---------------------------------------------------------------------------------------
// Laminar, fully developed

/// Hagen-Poiseuille pressure drop of a circular pipe [Pa]: dp = 128 mu L V_dot / (pi D^4).
/// Fully developed laminar flow, Re < 2300 (the caller checks Re).
double hagen_poiseuille_dp(double mu, double L, double V_dot, double D);

/// Plane Poiseuille pressure drop between parallel plates [Pa]: dp = 12 mu L V_dot / (w gap^3),
/// gap << w (side walls neglected), fully developed laminar flow.
double parallel_plates_dp(double mu, double L, double V_dot, double w, double gap);

/// Laminar Darcy friction factor of a circular pipe, f = 64/Re (Hagen-Poiseuille).
/// Throws for Re <= 0 and for Re > 4000 (past the end of transition; use darcy_friction_factor).
double laminar_darcy_f(double Re);

/// Shah & London (1978), "Laminar Flow Forced Convection in Ducts", rectangular ducts, fully
/// developed laminar flow; polynomial fits in the aspect ratio alpha = short side / long side,
/// 0 <= alpha <= 1 (alpha > 1 is taken as 1/alpha). Fits reproduce the tabulated values to
/// about 0.3 % (RackCalc validation-cases.md 2.1).
/// Darcy f Re = 4 x 24 (1 - 1.3553 a + 1.9467 a^2 - 1.7012 a^3 + 0.9564 a^4 - 0.2537 a^5).
double shah_london_fRe_darcy(double alpha);
/// Nu for uniform wall temperature (T boundary condition).
/// Nu_T = 7.541 (1 - 2.610 a + 4.970 a^2 - 5.119 a^3 + 2.702 a^4 - 0.548 a^5).
double shah_london_Nu_T(double alpha);
/// Nu for axially uniform heat flux with peripherally uniform wall temperature (H1).
/// Nu_H1 = 8.235 (1 - 2.0421 a + 3.0853 a^2 - 2.4765 a^3 + 1.0578 a^4 - 0.1861 a^5).
double shah_london_Nu_H1(double alpha);

/// Hydraulic diameter of a rectangular duct a x b [m]: 4 A / P = 2 a b / (a + b).
double rectangular_hydraulic_diameter(double a, double b);

// ---------------------------------------------------------------------------------------
// Laminar, developing

/// Shah (1978) apparent Fanning friction factor of a circular pipe with a developing velocity
/// profile, returned as f_app Re (Fanning; Darcy = 4x):
///   f_app Re = 3.44/sqrt(x+) + (16 + 1.25/(4 x+) - 3.44/sqrt(x+)) / (1 + 0.00021 x+^-2),
/// x+ = x / (D Re). Laminar (Re < 2300), any x+ > 0; about 2 % against the exact solution.
double shah_apparent_fRe_fanning(double x_plus);

/// Hausen (1943) mean Nu, thermal entry length of a circular pipe with uniform wall
/// temperature and a developed velocity profile: Nu = 3.66 + 0.0668 Gz / (1 + 0.04 Gz^(2/3)),
/// Gz = Re Pr D / L > 0; laminar (Re < 2300). (Incropera eq. 8.57.)
double hausen_Nu_mean(double Gz);

/// Sieder & Tate (1936) mean Nu, combined entry of a circular pipe with uniform wall
/// temperature: Nu = 1.86 Gz^(1/3) (mu/mu_s)^0.14. Valid for Re < 2300,
/// 0.48 < Pr < 16700, 0.0044 < mu/mu_s < 9.75 and Nu >= 3.66 (Incropera eq. 8.58); throws for
/// Gz <= 0 or mu/mu_s outside its range.
double sieder_tate_Nu_mean(double Gz, double mu_ratio = 1.0);

/// Wall boundary condition of a laminar heat-transfer correlation.
enum class WallCondition {
    temperature, ///< uniform wall temperature (T)
    heat_flux    ///< axially uniform heat flux (H)
};

/// Whether a developing-flow Nu is the mean over the length or the local value at its end.
enum class EntryValue { mean, local };

/// Nu over a duct of length L in laminar flow, entrance effects included, in the form of
/// Muzychka & Yovanovich, "Laminar forced convection heat transfer in the combined entry
/// region of non-circular ducts", J. Heat Transfer 126(1):54-61 (2004): a Churchill-Usagi
/// blend, on the length scale sqrt(A) of the duct cross-section A, of
///  - the developing-velocity (Pohlhausen flat-plate) limit C4 f(Pr) / sqrt(z*), C4 = 2 (mean)
///    or 1 (local),
///    f(Pr) = 0.564 / (1 + (1.664 Pr^(1/6))^(9/2))^(2/9) (T) or
///            0.886 / (1 + (1.909 Pr^(1/6))^(9/2))^(2/9) (H)
///    (the Churchill & Ozoe flat-plate laminar boundary-layer correlations);
///  - the thermal-entry (Leveque) limit C2 C3 (fRe_sqrtA / z*)^(1/3), C2 = 3/2 (mean) or 1
///    (local), with C3
///    from the Leveque local solution of the circular tube, Nu_D = 1.077 x*^(-1/3) (T) and
///    1.302 x*^(-1/3) (H) (Shah & London 1978), rescaled to sqrt(A): C3 = 0.4274 (T), 0.5167 (H);
///  - the fully developed value Nu_fd_sqrtA (pass the exact tabulated value, e.g. Shah & London
///    Nu_H1(alpha) times sqrt(A)/D_h, instead of M&Y's own fit);
///   Nu = ((C4 f(Pr)/sqrt(z*))^m + ((C2 C3 (fRe/z*)^(1/3))^5 + Nu_fd^5)^(m/5))^(1/m),
///   m = 2.27 + 1.65 Pr^(1/3), z* = L / (sqrt(A) Re_sqrtA Pr).
/// fRe_sqrtA is the fully developed Fanning f times Re on sqrt(A) (14.18 for a circle).
/// velocity_developing = false drops the first term (velocity profile developed at the
/// inlet: the thermal-entry problem of Graetz, as in Hausen's correlation); `value` picks the
/// mean over z* or the local value at z* (the outlet of a duct of length L). M&Y report the
/// model within about +-10 % of the exact solutions for 0.1 < Pr < infinity; laminar flow,
/// Re < 2300. Returns Nu on sqrt(A); throws for non-positive or non-finite arguments.
double combined_entry_Nu_sqrtA(double z_star, double Pr, double fRe_sqrtA, double Nu_fd_sqrtA,
                               WallCondition wall, bool velocity_developing = true,
                               EntryValue value = EntryValue::mean);

/// sqrt(A) / D_h of a rectangular duct of aspect ratio alpha (short/long): (1 + a) / (2 sqrt(a)).
double rectangular_sqrtA_over_Dh(double alpha);

// ---------------------------------------------------------------------------------------
// Turbulent friction (Darcy)

/// Colebrook (1939): 1/sqrt(f) = -2 log10(eps_D/3.7 + 2.51/(Re sqrt(f))), solved by Newton
/// iteration in 1/sqrt(f) from Serghides' explicit value to a relative change below 1e-12.
/// Turbulent flow in commercial pipes, Re >= 4000; throws below Re 2300 (laminar) or for eps_D
/// outside [0, 0.05].
double colebrook_f(double Re, double eps_D);

/// Serghides (1984), "Estimate friction factor accurately", Chem. Eng. 91(5):63-64: explicit
/// Steffensen acceleration of Colebrook's fixed-point iteration,
///   A = -2 log10(eps_D/3.7 + 12/Re), B = -2 log10(eps_D/3.7 + 2.51 A/Re),
///   C = -2 log10(eps_D/3.7 + 2.51 B/Re), 1/sqrt(f) = A - (B - A)^2 / (C - 2B + A).
/// Within 0.004 % of Colebrook for 2300 <= Re <= 1e8, 0 <= eps/D <= 0.05 (checked against
/// colebrook_f in tests/thermal); it is also the start of colebrook_f's Newton iteration.
/// Throws below Re 2300 or for eps_D outside [0, 0.05].
double serghides_f(double Re, double eps_D);

/// Haaland (1983), J. Fluids Eng. 105:89: explicit approximation of Colebrook,
/// 1/sqrt(f) = -1.8 log10((eps_D/3.7)^1.11 + 6.9/Re), within about 2 % for
/// 4e3 <= Re <= 1e8; throws below Re 2300 or for eps_D outside [0, 0.05].
double haaland_f(double Re, double eps_D);

/// Blasius (1913) smooth pipe: f = 0.3164 Re^-0.25, valid 4e3 <= Re <= 1e5. Evaluated up to
/// Re 1e6 (where it is 14 % below Colebrook); throws below 2300 or above 1e6.
double blasius_f(double Re);

/// Petukhov (1970) smooth pipe: f = (0.790 ln Re - 1.64)^-2, valid 3e3 <= Re <= 5e6; throws
/// below 2300 or above 5e6.
double petukhov_f(double Re);

// ---------------------------------------------------------------------------------------
// Turbulent heat transfer

/// Gnielinski (1976): Nu = (f/8)(Re - 1000) Pr / (1 + 12.7 sqrt(f/8) (Pr^(2/3) - 1)) with the
/// Petukhov f; fully developed flow in smooth circular pipes, 3e3 <= Re <= 5e6,
/// 0.5 <= Pr <= 2000 (Incropera eq. 8.62). Throws below Re 2300, above 5e6, or for Pr outside
/// [0.5, 2000].
double gnielinski_Nu(double Re, double Pr);

/// Direction of heat flow for Dittus-Boelter.
enum class HeatFlow {
    fluid_heated, ///< wall hotter than fluid, n = 0.4
    fluid_cooled  ///< wall colder than fluid, n = 0.3
};

/// Dittus & Boelter (1930), in the McAdams form: Nu = 0.023 Re^0.8 Pr^n; fully developed
/// turbulent flow, Re >= 1e4, 0.6 <= Pr <= 160, L/D >= 10 (Incropera eq. 8.60). Throws below
/// Re 2300 or for Pr outside [0.5, 200].
double dittus_boelter_Nu(double Re, double Pr, HeatFlow direction = HeatFlow::fluid_heated);

// ---------------------------------------------------------------------------------------
// Friction over all regimes, for the hydraulic network's Newton solver

/// Transition bounds of darcy_friction_factor.
inline constexpr double Re_laminar_end = 2300.0;
inline constexpr double Re_turbulent_start = 4000.0;

/// A friction factor with its derivative.
struct FrictionFactor {
    double f;      ///< Darcy friction factor [-]
    double df_dRe; ///< d f / d Re [-]
};

/// Darcy friction factor for any Re > 0, continuous with a continuous derivative (C1):
///  - Re <= 2300: laminar, f = fRe_laminar / Re (64 for a circular pipe; pass the duct's
///    value, e.g. shah_london_fRe_darcy(alpha), for other sections);
///  - Re >= 4000: Colebrook, derivative by implicit differentiation of the Colebrook equation;
///  - between: f = (1 - w) fRe_laminar/Re + w f_Colebrook(Re), w = 3 s^2 - 2 s^3,
///    s = (Re - 2300) / 1700 (smoothstep weight; Colebrook is evaluated down to 2300 inside
///    the blend). Value and slope match both laws at the joints; f lies between the two laws
///    at every Re; and f Re^2, proportional to the pressure drop of a fixed pipe, rises
///    strictly with Re, so a Newton solve in flow has a unique root. The transition has no
///    physical law (the Moody chart leaves it blank); the blend only keeps Newton well
///    behaved.
/// colebrook_x (optional): in, a previous 1/sqrt(f) of the same pipe to start Colebrook's
/// iteration from (ignored when it is not near the root); out, this call's. The answer is the
/// same root either way; a network solve saves most of its logarithms with it.
FrictionFactor darcy_friction_factor(double Re, double eps_D, double fRe_laminar = 64.0,
                                     double* colebrook_x = nullptr);

// ---------------------------------------------------------------------------------------
// Minor losses (K referred to the velocity head rho v^2 / 2 of the attached pipe)

/// Crane TP-410 (2009) fully turbulent friction factor f_T of clean commercial steel pipe,
/// computed as Colebrook's fully rough limit f_T = (2 log10(3.7 D / eps))^-2 with
/// eps = 0.0018 in = 45.7 um. Against Crane's two-figure table (0.027 at 1/2", 0.023 at 1",
/// 0.019 at 2", 0.017 at 4") it is 0 to 4 % low (0.0259 at 1/2", 0.0163 at 4"), well inside
/// the scatter of fitting K values. D is the inner diameter [m].
double crane_fT(double D, double roughness = 45.72e-6);

/// Fittings with Crane-style resistance K = multiplier x f_T, or a fixed K.
enum class Fitting {
    elbow_90_standard, ///< threaded/standard 90 deg elbow: 30 f_T
    elbow_45_standard, ///< standard 45 deg elbow: 16 f_T
    tee_run,           ///< standard tee, flow through run: 20 f_T
    tee_branch,        ///< standard tee, flow through branch: 60 f_T
    entrance_sharp,    ///< pipe entrance from a reservoir, square edged: K = 0.5
    exit               ///< pipe exit into a reservoir: K = 1.0
};

/// Crane TP-410 K of a fitting; f_T from crane_fT for the pipe size (ignored for entrance and
/// exit). Multipliers as listed in RackCalc validation-cases.md 1.3.
double crane_K(Fitting fitting, double f_T);

/// Crane TP-410 90 deg pipe bend K / f_T by bend radius over diameter r/d, linear between
/// Crane's points (1 -> 20, 1.5 -> 14, 2 -> 12, 3 -> 12, 4 -> 14, 6 -> 17, 8 -> 24,
/// 10 -> 30); throws outside 1 <= r/d <= 10.
double crane_bend_multiplier(double r_over_d);

/// Loss coefficients of a tee or wye whose straight run keeps the combined leg's diameter,
/// referred to the velocity head of the combined flow, rho v_c^2 / 2 (v_c = Q_c / A_c). Each
/// is a drop of total pressure: from the combined leg to an outlet (dividing flow) or from an
/// inlet to the combined leg (combining flow). A negative value is a gain: in a combining tee
/// the fast main stream drags a slow branch stream along; in a dividing wye the run can
/// recover energy. Static regain follows from them: along a dividing run the total pressure
/// falls by K_run rho v_c^2 / 2 while the velocity head falls from v_c^2 to v_s^2, so the
/// static pressure rises where K_run < 1 - (v_s / v_c)^2.
struct TeeLoss {
    double K_run;    ///< straight passage (run) [-]
    double K_branch; ///< side branch [-]
    /// Their slopes in q, exact on each polynomial piece (at a kink, the slope of the piece q
    /// lies on), as a network's Newton step needs them.
    double dK_run_dq = 0.0;
    double dK_branch_dq = 0.0;
};

/// Crane TP-410 (2009) method for tees and wyes [V46] (its worked examples 7-35 and 7-36 are
/// reference cases in validation/hydraulics.toml):
///   q = Q_branch / Q_combined in 0..1, beta = D_branch / D_combined in (0, 1], and the
///   angle between branch and run [deg] in 30..90 (90: a tee).
/// Dividing:  K_branch = G [1 + H (q / beta^2)^2 - J (q / beta^2) cos angle],
///            K_run = M q^2, with G, H, J, M by angle, beta^2 and q as Crane tabulates them.
/// Combining: K_branch = C [1 + (q / beta^2)^2 - 2 (1 - q)^2 - F q^2 / beta^2],
///            K_run = 1.55 q - q^2 for angles of 75 deg and above, else
///            1 - (1 - q)^2 - F q^2 / beta^2; F from the angle (1.74 at 30 deg, 1.41 at 45,
///            1 at 60, 0 at 90), C by beta^2 and q.
/// For a small branch on a 90 deg tee (beta^2 <= 0.35) the combining branch formula is
/// Idelchik's (diagram 7-1 family [V8], as implemented from his 1960 edition in
/// ThermofluidStream [V47]): 1 + (v_b / v_c)^2 - 2 (1 - q)^2. Throws std::invalid_argument
/// outside the ranges above.
TeeLoss crane_tee_dividing(double q, double beta, double angle_deg = 90.0);
TeeLoss crane_tee_combining(double q, double beta, double angle_deg = 90.0);

/// Pressure drop of a loss coefficient K at volume flow V_dot through a pipe of inner
/// diameter D [Pa]: dp = K rho v^2 / 2, v = V_dot / (pi D^2 / 4).
double dp_from_K(double K, double rho, double V_dot, double D);

/// Flow coefficients. Kv is in m3/h of water at 1 bar drop; Cv is in US gal/min of water at
/// 1 psi drop (IEC 60534 / ISA-75.01). Both are water-based: for a fluid of density rho,
///   dp [bar] = (rho / 1000 kg/m3) (V_dot [m3/h] / Kv)^2,
/// i.e. the specific gravity is taken against 1000 kg/m3. Cv = 1.156 Kv
/// (= 4.402868 gpm per m3/h / sqrt(14.50377 psi per bar)).
double Cv_from_Kv(double Kv);
double Kv_from_Cv(double Cv);

/// Pressure drop across a part of flow coefficient Kv [Pa], definition above.
double dp_from_Kv(double V_dot, double rho, double Kv);

/// Loss coefficient of a part with flow coefficient Kv [m3/h] referred to a pipe of inner
/// diameter D [m]: equating dp = K rho v^2/2 with the Kv definition gives
/// K = 2e5 Pa/bar / (1000 kg/m3) (3600 A / Kv)^2, A = pi D^2/4 (independent of rho).
double K_from_Kv(double Kv, double D);
/// Inverse of K_from_Kv.
double Kv_from_K(double K, double D);
/// K_from_Kv with Kv = Cv / 1.156; agrees with Crane's Cv = 29.9 d^2/sqrt(K) (d in inches)
/// to about 0.5 %.
double K_from_Cv(double Cv, double D);

// ---------------------------------------------------------------------------------------
// Fins

/// Efficiency of a fin with an adiabatic tip, eta = tanh(mL)/(mL) (Incropera eq. 3.89);
/// 1 at mL = 0.
double fin_efficiency(double mL);

/// Straight rectangular fin of thickness t and length L with a convecting tip, through the
/// corrected length L_c = L + t/2 (Incropera eqs. 3.89, 3.91 with w >> t):
/// eta = tanh(m L_c) / (m L_c), m = sqrt(2 h / (k t)).
double straight_fin_efficiency(double h, double k, double t, double L);

/// Overall surface efficiency of a finned surface (Incropera eq. 3.102):
/// eta_o = 1 - (A_fins / A_total) (1 - eta_fin), A_total = fins + exposed base.
double finned_surface_efficiency(double eta_fin, double A_fins, double A_total);

// ---------------------------------------------------------------------------------------
// Conduction and spreading

/// Plane-wall conduction resistance t / (k A) [K/W].
double conduction_resistance(double t, double k, double A);
/// Convection resistance 1 / (h A) [K/W].
double convection_resistance(double h, double A);

/// Spreading resistance of a centred source on a plate cooled by a film on its back.
struct SpreadingResistance {
    double R_avg; ///< based on the mean source temperature [K/W]
    double R_max; ///< based on the peak (centre) source temperature [K/W]
};

/// Lee, Song, Au & Moran (1995), "Constriction/spreading resistance model for electronics
/// packaging", ASME/JSME Thermal Eng. Conf. 4:199; S. Lee, Electronics Cooling 4(1):30 (1998).
/// Closed form for a circular source on a coaxial circular plate, applied to rectangles
/// through equal-area radii r1 = sqrt(A_source/pi), r2 = sqrt(A_plate/pi):
///   eps = r1/r2, tau = t/r2, Bi = h r2/k, lambda = pi + 1/(sqrt(pi) eps),
///   Phi = (tanh(lambda tau) + lambda/Bi) / (1 + (lambda/Bi) tanh(lambda tau)),
///   R_avg = (1 - eps)^1.5 Phi / (2 sqrt(pi) k r1),
///   R_max = (eps tau / sqrt(pi) + (1 - eps) Phi / sqrt(pi)) / (sqrt(pi) k r1).
/// Spreading part only (add t/(k A_plate) + 1/(h A_plate) for the total). Within about 8 %
/// of the exact series for square geometries (validation-cases.md 2.5).
SpreadingResistance lee_spreading_resistance(double A_source, double A_plate, double t, double k,
                                             double h);

/// Lee's spreading resistance with its geometry (source, plate, thickness, conductivity)
/// evaluated once: only the film coefficient h changes from one solve to the next, and
/// everything but Phi's Biot number is independent of it (the three roots, tanh(lambda tau)
/// and (1 - eps)^1.5). at(h) gives the same values, to the last bit, as
/// lee_spreading_resistance with the same arguments.
class LeeSpreading {
public:
    /// Throws std::domain_error for non-positive inputs or a source larger than the plate.
    LeeSpreading(double A_source, double A_plate, double t, double k);
    /// Throws std::domain_error for a film coefficient h that is not positive and finite.
    [[nodiscard]] SpreadingResistance at(double h) const;

private:
    double k_, r1_, r2_, eps_, tau_, lambda_, tanh_lambda_tau_, avg_factor_, r_scale_;
};

/// Muzychka, Culham & Yovanovich, "Thermal spreading resistance of eccentric heat sources on
/// rectangular flux channels", J. Electron. Packag. 125:178-185 (2003), centred source:
/// source 2a x 2b on plate 2c x 2d, thickness t, conductivity k, film h on the back,
///   R_s = sum_m sin^2(a d_m) phi(d_m) / (2 a^2 c d k d_m^3)
///       + sum_n sin^2(b l_n) phi(l_n) / (2 b^2 c d k l_n^3)
///       + sum_m sum_n sin^2(a d_m) sin^2(b l_n) phi(B) / (a^2 b^2 c d k d_m^2 l_n^2 B),
///   d_m = m pi / c, l_n = n pi / d, B = sqrt(d_m^2 + l_n^2),
///   phi(z) = (z + (h/k) tanh(z t)) / (z tanh(z t) + h/k).
/// Spreading part only, based on the mean source temperature. n_terms terms per index
/// (n_terms^2 in the double sum); the default 100 is within 0.03 % of the 300 x 300 values of
/// validation-cases.md 2.5 and costs about 1e4 tanh evaluations.
/// Arguments are full side lengths: source_x x source_y centred on plate_x x plate_y [m].
double rectangular_spreading_resistance(double source_x, double source_y, double plate_x,
                                        double plate_y, double t, double k, double h,
                                        int n_terms = 100);

} // namespace rackcalc::thermal
