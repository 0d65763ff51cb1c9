#include "thermal/fluid.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <fmt/format.h>
#include <limits>

namespace rackcalc::thermal {

namespace {

/// Temperature in degC for a message: at most two decimals, no trailing zeros ("-8", "32.5").
std::string format_degC(double T) {
    std::string s = fmt::format("{:.2f}", to_degC(T));
    while (!s.empty() && s.back() == '0') {
        s.pop_back();
    }
    if (!s.empty() && s.back() == '.') {
        s.pop_back();
    }
    if (s == "-0") {
        s = "0";
    }
    return s;
}

std::vector<double> column(const std::vector<Fluid::Row>& rows, double Fluid::Row::*member) {
    std::vector<double> out;
    out.reserve(rows.size());
    for (const auto& r : rows) {
        out.push_back(r.*member);
    }
    return out;
}

std::vector<double> ln_column(const std::vector<Fluid::Row>& rows) {
    std::vector<double> out = column(rows, &Fluid::Row::mu);
    for (auto& v : out) {
        v = std::log(v);
    }
    return out;
}

std::vector<double> checked_T(const std::vector<Fluid::Row>& rows) {
    if (rows.size() < 2) {
        throw std::invalid_argument("Fluid: a property table needs at least two rows");
    }
    for (const auto& r : rows) {
        if (!(r.rho > 0.0 && r.cp > 0.0 && r.mu > 0.0 && r.k > 0.0)) {
            throw std::invalid_argument(
                fmt::format("Fluid: non-positive property in the row at {} K", r.T));
        }
    }
    return column(rows, &Fluid::Row::T);
}

// ---------------------------------------------------------------------------------------
// Water, liquid at 1 atm.
// Source: NBS/NRC Steam Tables (Haar, Gallagher & Kell 1984) as tabulated in CoolProp,
// dev/incompressible_liquids/CPIncomp/data/SecCool/xPure/"NBS, Water_{Rho,Cp,Mu,Cond}.txt"
// (1 K steps, 1..100 degC; every 5th row kept). Columns: T [degC], rho [kg/m3],
// cp [J/(kg K)], mu [1e-6 Pa s], k [W/(m K)]. Freezing point 0 degC; normal boiling point
// 99.97 degC (IAPWS-95, 373.124 K, NIST Chemistry WebBook).
struct WaterRow {
    double T_C, rho, cp, mu_uPas, k;
};
constexpr std::array<WaterRow, 21> water_nbs = {{
    {1, 999.90164, 4213.29115, 1731.46841, 0.56415},
    {5, 1000.01875, 4202.06182, 1519.64598, 0.5724},
    {10, 999.79415, 4192.20585, 1307.59374, 0.58209},
    {15, 999.21338, 4185.74928, 1138.99492, 0.59116},
    {20, 998.3233, 4181.71726, 1002.64616, 0.59966},
    {25, 997.1603, 4179.41205, 890.75081, 0.60764},
    {30, 995.75292, 4178.33796, 797.74057, 0.61511},
    {35, 994.12371, 4178.14794, 719.54926, 0.62212},
    {40, 992.2907, 4178.60508, 653.15009, 0.62868},
    {45, 990.26853, 4179.55434, 596.25199, 0.63481},
    {50, 988.06935, 4180.90139, 547.09522, 0.64052},
    {55, 985.70355, 4182.59659, 504.31051, 0.64583},
    {60, 983.18019, 4184.62282, 466.82004, 0.65075},
    {65, 980.50734, 4186.9861, 433.7665, 0.6553},
    {70, 977.69222, 4189.70829, 404.46136, 0.65949},
    {75, 974.74124, 4192.82156, 378.34669, 0.66332},
    {80, 971.66007, 4196.36403, 354.96653, 0.6668},
    {85, 968.45364, 4200.37654, 333.94533, 0.66995},
    {90, 965.12622, 4204.90023, 314.97139, 0.67277},
    {95, 961.68142, 4209.97492, 297.78415, 0.67527},
    {99, 958.84311, 4214.45663, 285.17225, 0.67705},
}};

// ---------------------------------------------------------------------------------------
// Dry air at 1 atm, 200..400 K.
// Source: McQuillan, Culham & Yovanovich, "Properties of dry air at one atmosphere",
// University of Waterloo Microelectronics Heat Transfer Lab report UW/MHTL 8406 G-01 (1984):
// correlations fitted to the report's Table 1 (rho and cp from Hilsenrath et al., NBS
// Circular 564, 1955; mu and k from Touloukian et al., TPRC Data Series vols. 3 and 11, 1970)
// and within 0.15 % of it over 200-400 K:
//     rho = 351.99/T + 344.84/T^2                [kg/m3]
//     mu  = 1.4592e-6 T^1.5 / (109.10 + T)       [Pa s]   (Sutherland form)
//     k   = 2.3340e-3 T^1.5 / (164.54 + T)       [W/(m K)] (Sutherland form)
//     cp  = 1030.5 - 0.19975 T + 3.9734e-4 T^2   [J/(kg K)]
// tabulated here every 10 K. (Cengel & Ghajar Table A-15 was the first choice; its k is
// about 2 % below Touloukian's (25.65 vs 26.11 mW/(m K) at 300 K), giving Pr 0.73 instead of
// 0.71, so it serves only as an independent check of rho, cp and mu in the tests.)
struct AirCorrelation {
    double rho_a = 351.99, rho_b = 344.84;
    double mu_a = 1.4592e-6, mu_S = 109.10;
    double k_a = 2.3340e-3, k_S = 164.54;
    double cp_0 = 1030.5, cp_1 = -0.19975, cp_2 = 3.9734e-4;
};
constexpr double air_T_first = 200.0;
constexpr double air_T_last = 400.0;
constexpr double air_T_step = 10.0;

std::vector<Fluid::Row> air_rows() {
    constexpr AirCorrelation c{};
    std::vector<Fluid::Row> rows;
    for (double T = air_T_first; T <= air_T_last + 1e-9; T += air_T_step) {
        const double T15 = T * std::sqrt(T);
        rows.push_back({T, c.rho_a / T + c.rho_b / (T * T), c.cp_0 + T * (c.cp_1 + T * c.cp_2),
                        c.mu_a * T15 / (c.mu_S + T), c.k_a * T15 / (c.k_S + T)});
    }
    return rows;
}

// ---------------------------------------------------------------------------------------
// Propylene glycol - water, measured range (-14..40 degC).
// Source: Melinder, "Properties of secondary working fluids for indirect systems", IIR 2010,
// as tabulated in CoolProp dev/incompressible_liquids/CPIncomp/data/SecCool/xMass/
// "Melinder, Propylene Glycol_{Rho,Cp,Mu,Cond}.txt" (1 K steps; rows kept every 5 K plus the
// first rows where a column starts). Columns: T [degC], then the property at 22, 27, 32 and
// 37 wt% glycol; NaN where Melinder gives no value (below the freezing point). Units:
// rho [kg/m3], cp [J/(kg K)], mu [1e-5 Pa s], k [W/(m K)].
// Freezing points (same source, "Melinder, Propylene Glycol_TFreeze.txt"): 25 wt% -9.9705,
// 35 wt% -16.5753 degC.
struct MelinderRow {
    double T_C;
    std::array<double, 4> x; ///< at 22, 27, 32, 37 wt%
};
constexpr double na = std::numeric_limits<double>::quiet_NaN();

constexpr std::array<MelinderRow, 13> melinder_pg_rho = {{
    {-14, {na, na, 1037.867362, 1044.138085}},
    {-10, {na, 1030.374562, 1036.970173, 1042.886152}},
    {-8, {1023.366468, 1030.062041, 1036.468432, 1042.219063}},
    {-5, {1023.086614, 1029.509153, 1035.65076, 1041.167277}},
    {0, {1022.349967, 1028.373101, 1034.118561, 1039.27864}},
    {5, {1021.304237, 1026.984624, 1032.38122, 1037.221637}},
    {10, {1019.982536, 1025.361938, 1030.446382, 1034.997662}},
    {15, {1018.417979, 1023.52326, 1028.32169, 1032.608112}},
    {20, {1016.643678, 1021.486807, 1026.014789, 1030.054381}},
    {25, {1014.692746, 1019.270796, 1023.533324, 1027.337866}},
    {30, {1012.598296, 1016.893442, 1020.884938, 1024.459961}},
    {35, {1010.393441, 1014.372964, 1018.077275, 1021.422062}},
    {40, {1008.111294, 1011.727577, 1015.117979, 1018.225564}},
}};

constexpr std::array<MelinderRow, 13> melinder_pg_cp = {{
    {-14, {na, na, 3876.764461, 3777.764732}},
    {-10, {na, 3956.313941, 3874.200688, 3778.488521}},
    {-8, {4020.298429, 3953.943965, 3873.292271, 3779.11718}},
    {-5, {4015.485187, 3950.969035, 3872.384424, 3780.388402}},
    {0, {4009.206742, 3947.495289, 3872.048351, 3783.366921}},
    {5, {4004.953225, 3945.77591, 3873.12547, 3787.395067}},
    {10, {4002.546248, 3945.694107, 3875.548783, 3792.443829}},
    {15, {4001.807422, 3947.13309, 3879.251289, 3798.484193}},
    {20, {4002.558359, 3949.976066, 3884.165991, 3805.487148}},
    {25, {4004.620671, 3954.106246, 3890.225888, 3813.423682}},
    {30, {4007.815968, 3959.406836, 3897.363983, 3822.264783}},
    {35, {4011.965863, 3965.761047, 3905.513274, 3831.981439}},
    {40, {4016.891967, 3973.052086, 3914.606765, 3842.544639}},
}};

constexpr std::array<MelinderRow, 13> melinder_pg_mu = {{
    {-14, {na, na, 1835.379887, 2489.285894}},
    {-10, {na, 1039.315366, 1394.547759, 1859.144825}},
    {-8, {697.9366289, 923.0103331, 1226.408332, 1621.702661}},
    {-5, {598.4954597, 779.7905169, 1021.974528, 1335.649792}},
    {0, {472.5359674, 602.5590824, 773.648286, 992.9387364}},
    {5, {381.543898, 477.8368853, 602.6084712, 760.7775099}},
    {10, {314.1755571, 387.5121384, 481.0679427, 598.3470046}},
    {15, {263.0880513, 320.2460757, 392.0563338, 481.131405}},
    {20, {223.4155061, 268.7462715, 324.902277, 393.9529016}},
    {25, {191.8631482, 228.2067385, 272.7159954, 327.1521658}},
    {30, {166.1569439, 195.393056, 230.9475685, 274.4322075}},
    {35, {144.7027248, 168.0937985, 196.5406808, 231.6087839}},
    {40, {126.3714054, 144.7849504, 167.4245532, 195.8684678}},
}};

constexpr std::array<MelinderRow, 13> melinder_pg_k = {{
    {-14, {na, na, 0.409241277, 0.390158467}},
    {-10, {na, 0.4330137, 0.412331479, 0.392852366}},
    {-8, {0.456134067, 0.434791505, 0.413863531, 0.394195162}},
    {-5, {0.459229467, 0.437425086, 0.416147323, 0.396204378}},
    {0, {0.46423981, 0.441739962, 0.41992155, 0.399540418}},
    {5, {0.469103943, 0.445984424, 0.42366541, 0.402861661}},
    {10, {0.473867572, 0.450184567, 0.427390155, 0.406169279}},
    {15, {0.478576401, 0.454366485, 0.431107036, 0.409464448}},
    {20, {0.483276134, 0.458556274, 0.434827304, 0.412748341}},
    {25, {0.488012476, 0.462780028, 0.438562211, 0.416022133}},
    {30, {0.492831132, 0.467063842, 0.442323008, 0.419286997}},
    {35, {0.497777806, 0.471433812, 0.446120947, 0.422544107}},
    {40, {0.502898204, 0.475916031, 0.449967278, 0.425794639}},
}};

// ---------------------------------------------------------------------------------------
// Propylene glycol - water above 40 degC: EXTRAPOLATION, marked (Fluid::is_extrapolated).
// Melinder's tables stop at 40 degC. Above it the temperature dependence is taken from the
// ASHRAE Handbook - Fundamentals, chapter "Physical properties of secondary coolants
// (brines)", propylene glycol tables (volume-percent columns), as tabulated in CoolProp
// dev/incompressible_liquids/CPIncomp/data/SecCool/xVolume/
// "ASHRAE, Propylene Glycol_{Rho,Cp,Mu,Cond}.txt", and anchored to Melinder at 40 degC:
//     P(T) = P_Melinder(40 degC) * P_ASHRAE(T) / P_ASHRAE(40 degC),
// so the spliced table is continuous and keeps Melinder's absolute level. Bounded to 80 degC.
// Columns: T [degC], then the property at 20, 30, 40 vol%. Units: rho [kg/m3],
// cp [J/(kg K)], mu [1e-5 Pa s], k [1e-3 W/(m K)] (only ratios are used).
// Mass to volume fraction (same source, "ASHRAE, Propylene Glycol_Vol2Mass.txt"):
// 25 wt% = 24.4 vol%, 35 wt% = 34.4 vol%.
struct AshraeRow {
    double T_C;
    std::array<double, 3> x; ///< at 20, 30, 40 vol%
};
constexpr std::array<AshraeRow, 9> ashrae_pg_rho = {{
    {40, {1010.16, 1018.42, 1025.3}},
    {45, {1007.64, 1015.62, 1022.24}},
    {50, {1004.99, 1012.69, 1019.06}},
    {55, {1002.21, 1009.63, 1015.75}},
    {60, {999.31, 1006.44, 1012.3}},
    {65, {996.28, 1003.13, 1008.73}},
    {70, {993.12, 999.69, 1005.03}},
    {75, {989.85, 996.12, 1001.21}},
    {80, {986.44, 992.42, 997.25}},
}};
constexpr std::array<AshraeRow, 9> ashrae_pg_cp = {{
    {40, {4016, 3903, 3768}},
    {45, {4027, 3917, 3784}},
    {50, {4038, 3930, 3801}},
    {55, {4049, 3944, 3817}},
    {60, {4060, 3958, 3834}},
    {65, {4071, 3972, 3850}},
    {70, {4082, 3985, 3867}},
    {75, {4093, 3999, 3883}},
    {80, {4104, 4013, 3900}},
}};
constexpr std::array<AshraeRow, 9> ashrae_pg_mu = {{
    {40, {118, 163, 221}},
    {45, {106, 143, 191}},
    {50, {95, 126, 166}},
    {55, {86, 113, 147}},
    {60, {78, 101, 130}},
    {65, {71, 91, 117}},
    {70, {66, 83, 106}},
    {75, {60, 76, 96}},
    {80, {56, 70, 88}},
}};
constexpr std::array<AshraeRow, 9> ashrae_pg_k = {{
    {40, {513, 462, 415}},
    {45, {518, 466, 418}},
    {50, {522, 469, 420}},
    {55, {526, 472, 423}},
    {60, {529, 475, 425}},
    {65, {532, 477, 426}},
    {70, {535, 479, 428}},
    {75, {538, 481, 429}},
    {80, {540, 482, 430}},
}};

constexpr double melinder_last_T_C = 40.0;

/// Interpolation between two concentration columns: linear, or linear in ln (viscosity).
double mix(double lo, double hi, double frac, bool log_scale) {
    if (log_scale) {
        return std::exp(std::log(lo) + frac * (std::log(hi) - std::log(lo)));
    }
    return lo + frac * (hi - lo);
}

struct GlycolRecipe {
    std::size_t melinder_lo; ///< column index of the lower Melinder concentration
    double melinder_frac;    ///< position of the target between the two columns
    std::size_t ashrae_lo;   ///< column index of the lower ASHRAE concentration
    double ashrae_frac;      ///< position of the target between the two columns
    double T_min_C;          ///< first Melinder row where both columns exist
};

double melinder_at(const std::array<MelinderRow, 13>& table, std::size_t row, const GlycolRecipe& r,
                   bool log_scale) {
    return mix(table[row].x[r.melinder_lo], table[row].x[r.melinder_lo + 1], r.melinder_frac,
               log_scale);
}

double ashrae_at(const std::array<AshraeRow, 9>& table, std::size_t row, const GlycolRecipe& r,
                 bool log_scale) {
    return mix(table[row].x[r.ashrae_lo], table[row].x[r.ashrae_lo + 1], r.ashrae_frac, log_scale);
}

std::vector<Fluid::Row> glycol_rows(const GlycolRecipe& r) {
    std::vector<Fluid::Row> rows;
    std::size_t last = 0;
    for (std::size_t i = 0; i < melinder_pg_rho.size(); ++i) {
        if (melinder_pg_rho[i].T_C < r.T_min_C) {
            continue;
        }
        rows.push_back({from_degC(melinder_pg_rho[i].T_C),
                        melinder_at(melinder_pg_rho, i, r, false),
                        melinder_at(melinder_pg_cp, i, r, false),
                        1e-5 * melinder_at(melinder_pg_mu, i, r, true),
                        melinder_at(melinder_pg_k, i, r, false)});
        last = i;
    }
    if (melinder_pg_rho[last].T_C != melinder_last_T_C ||
        ashrae_pg_rho[0].T_C != melinder_last_T_C) {
        throw std::logic_error("glycol tables: the splice temperature does not match");
    }
    const Fluid::Row anchor = rows.back();
    for (std::size_t j = 1; j < ashrae_pg_rho.size(); ++j) {
        auto ratio = [&](const std::array<AshraeRow, 9>& t, bool log_scale) {
            return ashrae_at(t, j, r, log_scale) / ashrae_at(t, 0, r, log_scale);
        };
        rows.push_back({from_degC(ashrae_pg_rho[j].T_C), anchor.rho * ratio(ashrae_pg_rho, false),
                        anchor.cp * ratio(ashrae_pg_cp, false),
                        anchor.mu * ratio(ashrae_pg_mu, true),
                        anchor.k * ratio(ashrae_pg_k, false)});
    }
    return rows;
}

std::vector<Fluid> make_fluids() {
    std::vector<Fluid> fluids;

    std::vector<Fluid::Row> water;
    water.reserve(water_nbs.size());
    for (const auto& w : water_nbs) {
        water.push_back({from_degC(w.T_C), w.rho, w.cp, 1e-6 * w.mu_uPas, w.k});
    }
    fluids.emplace_back(
        Fluid::Info{"water",
                    "liquid water at 1 atm; NBS/NRC Steam Tables 1984 via CoolProp SecCool",
                    from_degC(0.0), 373.124, std::nullopt},
        water);

    // 25 wt%: 3/5 of the way from 22 to 27 wt% (Melinder), 24.4 vol% between 20 and 30
    // vol% (ASHRAE). Starts at -8 degC, where Melinder's 22 wt% column starts.
    fluids.emplace_back(Fluid::Info{"PG25",
                                    "propylene glycol - water, 25 wt%; Melinder 2010 to 40 degC, "
                                    "ASHRAE-shaped extrapolation to 80 degC",
                                    from_degC(-9.970529762), std::nullopt,
                                    from_degC(melinder_last_T_C)},
                        glycol_rows({0, 0.6, 0, 0.44, -8.0}));

    // 35 wt%: 3/5 of the way from 32 to 37 wt%, 34.4 vol% between 30 and 40 vol%.
    fluids.emplace_back(Fluid::Info{"PG35",
                                    "propylene glycol - water, 35 wt%; Melinder 2010 to 40 degC, "
                                    "ASHRAE-shaped extrapolation to 80 degC",
                                    from_degC(-16.57527373), std::nullopt,
                                    from_degC(melinder_last_T_C)},
                        glycol_rows({2, 0.6, 1, 0.44, -14.0}));

    fluids.emplace_back(Fluid::Info{"air",
                                    "dry air at 1 atm; McQuillan, Culham & Yovanovich 1984 "
                                    "(UW/MHTL 8406 G-01) tabulated every 10 K",
                                    std::nullopt, std::nullopt, std::nullopt},
                        air_rows());
    return fluids;
}

const std::vector<Fluid>& all_fluids() {
    static const std::vector<Fluid> fluids = make_fluids();
    return fluids;
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

} // namespace

Fluid::Fluid(Info info, const std::vector<Row>& rows)
    : info_(std::move(info)), T_min_(checked_T(rows).front()), T_max_(rows.back().T),
      rho_(column(rows, &Row::T), column(rows, &Row::rho)),
      cp_(column(rows, &Row::T), column(rows, &Row::cp)),
      ln_mu_(column(rows, &Row::T), ln_column(rows)),
      k_(column(rows, &Row::T), column(rows, &Row::k)) {}

void Fluid::check_range(double T, std::string_view property) const {
    if (!(T >= T_min_ && T <= T_max_)) {
        throw PropertyRangeError(
            fmt::format("{} {} asked at {} degC, outside its table range {}..{} degC", info_.name,
                        property, std::isnan(T) ? std::string("NaN") : format_degC(T),
                        format_degC(T_min_), format_degC(T_max_)));
    }
}

double Fluid::rho(double T) const {
    check_range(T, "density");
    return rho_(T);
}

double Fluid::cp(double T) const {
    check_range(T, "specific heat");
    return cp_(T);
}

double Fluid::mu(double T) const {
    check_range(T, "viscosity");
    return std::exp(ln_mu_(T));
}

double Fluid::k(double T) const {
    check_range(T, "thermal conductivity");
    return k_(T);
}

double Fluid::nu(double T) const {
    check_range(T, "kinematic viscosity");
    return std::exp(ln_mu_(T)) / rho_(T);
}

double Fluid::Pr(double T) const {
    check_range(T, "Prandtl number");
    return cp_(T) * std::exp(ln_mu_(T)) / k_(T);
}

Fluid::Row Fluid::state(double T) const {
    check_range(T, "properties");
    // The four columns share their temperatures: one interval search serves them all.
    const MonotoneCubic::Basis b = rho_.basis(T);
    return {T, rho_(b), cp_(b), std::exp(ln_mu_(b)), k_(b)};
}

bool Fluid::is_extrapolated(double T) const {
    return info_.T_extrapolated_above.has_value() && T > *info_.T_extrapolated_above;
}

const Fluid& fluid_by_name(std::string_view name) {
    for (const auto& f : all_fluids()) {
        if (iequals(f.name(), name)) {
            return f;
        }
    }
    std::string valid;
    for (const auto& n : fluid_names()) {
        valid += (valid.empty() ? "" : ", ") + n;
    }
    throw std::invalid_argument(
        fmt::format("unknown fluid '{}'; valid fluids are: {}", name, valid));
}

std::vector<std::string> fluid_names() {
    std::vector<std::string> names;
    for (const auto& f : all_fluids()) {
        names.push_back(f.name());
    }
    return names;
}

std::vector<std::string> coolant_names() {
    std::vector<std::string> names;
    for (const auto& n : fluid_names()) {
        if (!iequals(n, "air")) {
            names.push_back(n);
        }
    }
    return names;
}

} // namespace rackcalc::thermal
