#pragma once
// Time-domain load swing and the storage that smooths it (power-data.md d).
//
// The IT load P(t) swings (synchronous training: ~30 % <-> 100 % of rack power, seed-facts
// "AI load swing"). The grid side follows a policy (follow the load within a ramp-rate
// limit r, or hold the mean), and storage layers cover the difference
// residual(t) = P(t) - P_grid(t), ordered fastest first (PSU hold-up capacitors, rack
// BBU / supercapacitor, facility battery; [R27] storage hierarchy).
//
// Dispatch: cascaded first-order high-pass split ([R26]: a high-pass filter sends the fast
// part to the supercapacitor, the slow part to the battery). Layer i takes
// u_i - LP_i(u_i) where LP_i is a first-order low-pass with time constant tau_i and
// u_0 = residual, u_{i+1} = LP_i(u_i); the last layer takes what is left. The layer powers
// therefore sum exactly to the residual at every step (power balance closes) and each layer
// sees only the frequencies above its corner 1 / (2 pi tau_i) that faster layers did not
// take. The low-pass part passed on is clipped to lie between 0 and u_i, so every layer
// works in the direction of the residual and no layer charges another (an unclipped split
// lets a slow layer discharge while a fast one charges, and the layers together then need
// about twice the single-layer energy). The filters start warm: passes over the trace, until
// the slowest filter's start-up transient is below e^-10, set their state (for a periodic
// load, its periodic steady state) before the counted pass. With both, the layers' energy
// swings add up to the single-layer swing for a square wave (dP T / 4) and for a
// ramp-limited step (dP^2 / (2 r)). Chosen over energy-based dispatch because it needs no
// state-of-charge limits to be
// known in advance, it is O(1) per step and it is what [R26] describes.
//
// Energy: each layer's bus-side energy E(t) = integral of its power (discharge positive);
// energy_swing = max E - min E is what it must exchange, energy_capacity = swing /
// sqrt(eta_rt) is what it must hold (discharge efficiency sqrt of the round-trip value).
// Losses (1 - sqrt(eta_rt)) on each direction are accumulated (storage_loss) and assumed to
// be replaced by the grid as a slow recharge; they are not in the grid trace or its stats.
//
// Reference (power-data.md d): 50 % duty square wave of swing dP, period T, grid at the
// mean: E = dP T / 4. Step dP with the grid ramp limited to r: E = dP^2 / (2 r).

#include <filesystem>
#include <limits>
#include <span>
#include <string>
#include <vector>

namespace rackcalc::power {

/// A uniformly sampled power trace: P[k] holds over [k dt, (k + 1) dt).
struct LoadProfile {
    double dt = 1e-3;      ///< [s]
    std::vector<double> P; ///< [W]
};

/// Square wave between P_low and P_high, period [s], duty = share of the period at P_high,
/// starting high at t = 0; each sample takes the value at the middle of its step.
LoadProfile square_wave(double P_low, double P_high, double period, double duty, double duration,
                        double dt);
/// P_start until t_start, linear ramp over t_ramp (a step when t_ramp = 0), then P_end.
LoadProfile ramp_profile(double P_start, double P_end, double t_start, double t_ramp,
                         double duration, double dt);
/// Samples a (t [s], P [W]) trace at dt by linear interpolation from t[0] to t.back().
LoadProfile resample(std::span<const double> t, std::span<const double> P, double dt);
/// Reads a CSV of two columns, time [s] and power [W] (comma, semicolon or whitespace; one
/// optional header line; '#' comments), strictly increasing time, and resamples it at dt.
/// Throws PowerInputError naming the file and line.
LoadProfile read_load_csv(const std::filesystem::path& path, double dt);

enum class GridMode {
    follow,    ///< grid follows the load as fast as the ramp limit allows
    hold_mean, ///< grid moves (within the ramp limit) to the mean of the whole profile
};

struct GridPolicy {
    GridMode mode = GridMode::follow;
    double ramp_limit = std::numeric_limits<double>::infinity(); ///< r [W/s]
    /// follow mode: the grid aims at the causal moving average of the load over this window
    /// [s] instead of the load itself (0: the load). A ramp limit alone keeps a symmetric
    /// square wave's grid power near its starting value, so the storage would drift; a
    /// window of a few periods makes the grid settle at the mean.
    double averaging_window = 0.0;
    /// Grid power at t = 0 [W]; NaN: the first load sample (follow) or the mean (hold_mean).
    double P_initial = std::numeric_limits<double>::quiet_NaN();
};

struct StorageLayer {
    std::string name;
    /// Split time constant [s]: this layer takes what varies faster than about
    /// 1 / (2 pi tau). Ignored for the last (slowest) layer, which takes the rest.
    double tau = 0.0;
    double round_trip_efficiency = 1.0; ///< (0, 1]
};

struct TraceStats {
    double P_min = 0.0;
    double P_max = 0.0;
    double P_mean = 0.0;
    double P_std = 0.0;
    double max_ramp = 0.0;   ///< largest |dP/dt| between samples [W/s]
    double band_share = 0.0; ///< share of the fluctuating part's power in the band
    double energy = 0.0;     ///< integral of P [J]
};

struct LayerResult {
    std::string name;
    double P_discharge_max = 0.0; ///< [W], bus side
    double P_charge_max = 0.0;    ///< [W], bus side, as a positive number
    double energy_swing = 0.0;    ///< max - min of the bus-side energy [J]
    double energy_capacity = 0.0; ///< energy_swing / sqrt(round-trip efficiency) [J]
    double throughput = 0.0;      ///< energy discharged to the bus [J]
    double loss = 0.0;            ///< round-trip loss [J]
};

struct SwingResult {
    TraceStats load;
    TraceStats grid;
    std::vector<LayerResult> layers;
    double storage_loss = 0.0;      ///< sum of layer losses [J], made up by the grid
    double unserved_energy = 0.0;   ///< integral of |residual| when no layer is given [J]
    std::vector<double> grid_trace; ///< P_grid [W] per sample, when keep_grid_trace
};

struct SwingOptions {
    double band_lo = 0.1; ///< [Hz], [R23b]
    double band_hi = 20.0;
    bool keep_grid_trace = false;
};

/// Runs the profile through the grid policy and the storage layers (fastest first).
/// O(n) in time plus one FFT for each band share; allocates the grid trace and the FFT
/// buffers once. Throws PowerInputError on a bad dt, ramp limit, tau or efficiency.
SwingResult simulate_swing(const LoadProfile& load, const GridPolicy& grid,
                           std::span<const StorageLayer> layers, const SwingOptions& options = {});

} // namespace rackcalc::power
