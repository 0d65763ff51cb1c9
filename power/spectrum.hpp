#pragma once
// Radix-2 FFT and band-power share of a sampled signal, for the load-swing checks in the
// 0.1-20 Hz band (power-data.md d, [R23b]). Written here rather than taken from a library:
// libfftw3-dev is not installed on the build machines (Debian would ship it) and the need is
// one power-of-two real transform per trace, which a 100-line FFT covers in O(n log n).

#include <complex>
#include <span>
#include <vector>

namespace rackcalc::power {

/// In-place iterative radix-2 decimation-in-time FFT, X_k = sum_n x_n exp(-2 pi i k n / N).
/// The size must be a power of two (throws std::invalid_argument otherwise).
void fft_inplace(std::span<std::complex<double>> data);

/// |X_k|^2 for k = 0 .. N/2 of the real signal x zero-padded to N, the next power of two
/// >= x.size() (N >= 2). Uses one complex FFT of size N/2 (real-input packing).
std::vector<double> power_spectrum(std::span<const double> x);

/// Share of the power of the fluctuating part (x minus its mean) that lies in
/// [f_lo, f_hi] [Hz], with sample interval dt [s]: sum of |X_k|^2 in the band over the sum
/// for all k > 0 (one-sided). 0 when x is constant to round-off (max - min within 1e-12 of the
/// mean). Zero padding to a power of two spreads a line over neighbouring bins (resolution 1 / (N
/// dt)), which matters only for lines within a few bins of a band edge.
double band_power_share(std::span<const double> x, double dt, double f_lo, double f_hi);

} // namespace rackcalc::power
