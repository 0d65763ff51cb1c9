#pragma once
// Part-load loss of one converter module: no-load, proportional and square-law terms.
//
//   P_loss = P_rated (k0 + k1 x + k2 x^2),  x = P_out / P_rated,
//   eta(x) = x / (x + k0 + k1 x + k2 x^2).
//
// The form is Schneider WP113's no-load + proportional + square-law loss split [W1,W2], the
// a + b I + c I^2 converter loss of PowerModelsACDC [R9] and CIM ACDCConverter [R12];
// transformers are the special case k1 = 0 (P0 + Pk x^2, pvlib simple_efficiency [R11]).
// Source tags [Rn] refer to shared/reference/power-data.md.

#include <span>
#include <string>
#include <string_view>

namespace rackcalc::power {

/// Loss coefficients per unit of module rating (dimensionless).
struct LossCurve {
    double k0 = 0.0; ///< no-load loss / P_rated
    double k1 = 0.0; ///< proportional loss / P_rated, per unit load
    double k2 = 0.0; ///< square-law loss / P_rated, per unit load squared

    /// Loss per unit of rating at load fraction x.
    double loss_pu(double x) const { return k0 + (k1 + k2 * x) * x; }
    /// Efficiency P_out / P_in at load fraction x; 0 for x <= 0.
    double efficiency(double x) const { return x > 0.0 ? x / (x + loss_pu(x)) : 0.0; }
    /// Load fraction of peak efficiency, sqrt(k0 / k2) (infinity when k2 = 0).
    double peak_load_fraction() const;
    /// Efficiency at peak_load_fraction() (the limit x -> infinity when k2 = 0).
    double peak_efficiency() const;
};

/// One datasheet point: load fraction P_out / P_rated and efficiency P_out / P_in.
struct EfficiencyPoint {
    double load_fraction = 0.0;
    double efficiency = 0.0;
};

/// Which coefficients a fit may use.
enum class FitTerms {
    all,             ///< k0, k1, k2 (converters); needs at least 3 points
    no_proportional, ///< k1 = 0 (transformer form P0 + Pk x^2); needs at least 2 points
};

struct FitOptions {
    FitTerms terms = FitTerms::all;
    /// true: non-negative least squares (the default and the physical choice);
    /// false: ordinary least squares, kept to show why NNLS is needed. The result is
    /// checked either way and rejected if the loss goes negative on [0, x_max].
    bool nonnegative = true;
    double x_max = 1.0;
};

struct LossFit {
    LossCurve curve;
    double rms_error = 0.0; ///< RMS of eta_fit - eta_data over the points
    double max_error = 0.0; ///< largest |eta_fit - eta_data|
};

/// Fits (k0, k1, k2) to datasheet points by least squares on the per-unit loss
/// l_i = x_i (1/eta_i - 1), which is linear in the coefficients (power-data.md c1).
/// With the 80 PLUS Titanium 230 V redundant minima this gives k0 = 0.0065, k1 = 0,
/// k2 = 0.090. Throws PowerInputError naming `stage` and the point when a load fraction is
/// <= 0, an efficiency is outside (0, 1), there are fewer points than coefficients, or the
/// fitted loss is negative somewhere on [0, x_max].
LossFit fit_loss_curve(std::span<const EfficiencyPoint> points, std::string_view stage,
                       const FitOptions& options = {});

/// Throws PowerInputError naming `stage` when a coefficient is not finite or the loss
/// k0 + k1 x + k2 x^2 is negative somewhere on [0, x_max].
void check_loss_curve(const LossCurve& curve, std::string_view stage, double x_max = 1.0);

/// Transformer from its no-load loss P0 and load loss Pk at rated apparent power S (k1 = 0).
/// Unity power factor: the rated real power is taken equal to S.
LossCurve transformer_loss_curve(double S_rated_VA, double P0_W, double Pk_W,
                                 std::string_view stage = "transformer");

/// eta(x) = x S / (x S + P0 + x^2 Pk), the transformer efficiency at load fraction x
/// (DOE / EU test form [R34b]); exact, unity power factor.
double transformer_efficiency(double x, double S_rated_VA, double P0_W, double Pk_W);

/// The k1 = 0 curve with a given peak efficiency and full-load efficiency (two equations,
/// two unknowns): 2 sqrt(k0 k2) = 1/eta_peak - 1, k0 + k2 = 1/eta_full - 1, peak at or
/// below full load. Used for converters specified only by "peak X %, full load Y %" (ORv3
/// rectifier [R17]). Throws PowerInputError if eta_full > eta_peak or either is outside
/// (0, 1).
LossCurve loss_curve_from_peak_and_full_load(double eta_peak, double eta_full,
                                             std::string_view stage);

} // namespace rackcalc::power
