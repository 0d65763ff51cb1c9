#pragma once
// Distribution transformers by kVA rating and type (liquid-immersed MV/LV, dry-type LV):
// no-load and load losses from published minimum-efficiency tables (power/data/
// transformers.toml, US DOE 10 CFR 431.196), efficiency at any load, power factor and
// winding temperature. Plain SI inside: power [W], apparent power [VA], temperature [K].
//
// Loss model (IEEE C57.12.90 / IEC 60076-1 structure): P_loss = P0 + Pk(T) x^2 with x the
// per-unit load on the kVA rating (x = P / (S PF)). The load loss is resistive and scales
// with winding resistance, Pk(T) = Pk(T_ref) (T_K + T) / (T_K + T_ref), T_K = 234.5 K for
// copper (IEEE C57.12.90 resistance-temperature relation); stray losses, which fall with
// temperature, are neglected (a conservative simplification).

#include "power/loss_curve.hpp"

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace rackcalc::power {

struct TransformerRating {
    double S_VA = 0.0;       ///< kVA rating [VA]
    double efficiency = 0.0; ///< minimum efficiency at the table's test point
};

/// One published table: minimum efficiency by rating at one per-unit load.
struct TransformerTable {
    std::string id;
    std::string description;
    std::string type;                    ///< liquid_immersed or dry_type
    std::string source;                  ///< provenance, for reports
    double per_unit_load = 0.5;          ///< test point x_test
    double T_load_loss_K = 0.0;          ///< reference temperature of the load loss [K]
    std::vector<TransformerRating> rows; ///< ascending S_VA

    /// Minimum efficiency at rating S [VA]: the table's value, linearly interpolated in kVA
    /// between rows (the rule of 10 CFR 431.196). Throws PowerInputError outside the table.
    double efficiency_at(double S_VA) const;
};

struct TransformerLosses {
    double S_VA = 0.0; ///< rating [VA]
    double P0_W = 0.0; ///< no-load loss [W]
    double Pk_W = 0.0; ///< load loss at rated kVA and the reference temperature [W]
    double T_ref_K = 0.0;

    /// Load loss at rated kVA with the winding at T [K].
    double Pk_at(double T_K) const;
    /// Efficiency delivering P_out [W] at power factor PF with the winding at T [K].
    double efficiency(double P_out_W, double PF, double T_K) const;
};

/// Losses of a transformer rated S_VA that just meets `table` (no-load loss = load loss at
/// the test point, see power/data/transformers.toml).
TransformerLosses losses_from_table(const TransformerTable& table, double S_VA);

/// The smallest rating of the table that carries S_needed_VA, or the largest when none does.
double standard_rating(const TransformerTable& table, double S_needed_VA);

/// The stage loss curve, per unit of the module rating P_rated = S PF, for a module that
/// carries real power at power factor PF with its winding at T [K]: k0 = P0 / P_rated,
/// k2 = Pk(T) / P_rated.
LossCurve transformer_stage_curve(const TransformerLosses& losses, double PF, double T_K);

struct TransformerLibrary {
    std::string file;
    std::map<std::string, TransformerTable, std::less<>> tables;
    /// Throws PowerInputError with a did-you-mean for an unknown table.
    const TransformerTable& at(std::string_view id) const;
};

/// Reads and checks a transformer table file; throws core::InputError located at the key.
TransformerLibrary load_transformer_library(const std::filesystem::path& path);

/// $RACKCALC_DATA_DIR/power/data/transformers.toml, else the source tree's copy; read once.
const TransformerLibrary& default_transformer_library();

} // namespace rackcalc::power
