#include "power/spectrum.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <numeric>
#include <stdexcept>

namespace rackcalc::power {

namespace {

bool is_power_of_two(std::size_t n) {
    return n != 0 && (n & (n - 1)) == 0;
}

std::size_t next_power_of_two(std::size_t n) {
    std::size_t p = 1;
    while (p < n) {
        p <<= 1;
    }
    return p;
}

/// exp(-2 pi i k / n) for k = 0 .. count-1, each from sin/cos directly (no recurrence drift;
/// glibc's sincos is fast enough that a recurrence saves nothing).
void fill_twiddles(std::vector<std::complex<double>>& w, std::size_t count, std::size_t n) {
    w.resize(count);
    const double step = -2.0 * std::numbers::pi / static_cast<double>(n);
    for (std::size_t k = 0; k < count; ++k) {
        w[k] = std::polar(1.0, step * static_cast<double>(k));
    }
}

/// Power spectrum of (x - offset) zero-padded to a power of two; see power_spectrum().
std::vector<double> spectrum_of(std::span<const double> x, double offset) {
    const std::size_t N = std::max<std::size_t>(next_power_of_two(x.size()), 2);
    const std::size_t M = N / 2;
    // Pack z_m = x_{2m} + i x_{2m+1}; Z = FFT_M(z).
    std::vector<std::complex<double>> z(M);
    for (std::size_t m = 0; m < M; ++m) {
        const double re = 2 * m < x.size() ? x[2 * m] - offset : 0.0;
        const double im = 2 * m + 1 < x.size() ? x[2 * m + 1] - offset : 0.0;
        z[m] = {re, im};
    }
    fft_inplace(z);
    // X_k = E_k + exp(-2 pi i k / N) O_k with E_k = (Z_k + conj Z_{M-k}) / 2 and
    // O_k = (Z_k - conj Z_{M-k}) / (2 i), k = 0 .. M (Z_M = Z_0).
    std::vector<std::complex<double>> w;
    fill_twiddles(w, M + 1, N);
    std::vector<double> P(M + 1);
    const std::complex<double> half_i(0.0, 0.5);
    for (std::size_t k = 0; k <= M; ++k) {
        const std::complex<double> Zk = z[k % M];
        const std::complex<double> Zc = std::conj(z[(M - k) % M]);
        const std::complex<double> E = 0.5 * (Zk + Zc);
        const std::complex<double> O = -half_i * (Zk - Zc);
        const double re = E.real() + w[k].real() * O.real() - w[k].imag() * O.imag();
        const double im = E.imag() + w[k].real() * O.imag() + w[k].imag() * O.real();
        P[k] = re * re + im * im;
    }
    return P;
}

} // namespace

void fft_inplace(std::span<std::complex<double>> a) {
    const std::size_t n = a.size();
    if (!is_power_of_two(n)) {
        throw std::invalid_argument("fft_inplace: size must be a power of two");
    }
    // Bit-reversal permutation.
    for (std::size_t i = 1, j = 0; i < n; ++i) {
        std::size_t bit = n >> 1;
        for (; (j & bit) != 0; bit >>= 1) {
            j ^= bit;
        }
        j ^= bit;
        if (i < j) {
            std::swap(a[i], a[j]);
        }
    }
    // Twiddles exp(-2 pi i k / n), k < n/2.
    std::vector<std::complex<double>> w;
    fill_twiddles(w, n / 2, n);
    // Butterflies on the interleaved (re, im) doubles, which std::complex guarantees
    // ([complex.numbers]); written out because std::complex's operator* goes through the
    // NaN-safe __muldc3 call and GCC 12 spills complex temporaries to the stack here,
    // which together cost a factor of ~5.
    double* d = reinterpret_cast<double*>(a.data());
    const double* wd = reinterpret_cast<const double*>(w.data());
    for (std::size_t len = 2; len <= n; len <<= 1) {
        const std::size_t half = len / 2;
        const std::size_t step = n / len;
        for (std::size_t i = 0; i < n; i += len) {
            for (std::size_t k = 0; k < half; ++k) {
                const double wr = wd[2 * k * step];
                const double wi = wd[2 * k * step + 1];
                double* u = d + 2 * (i + k);
                double* v = d + 2 * (i + k + half);
                const double tr = wr * v[0] - wi * v[1];
                const double ti = wr * v[1] + wi * v[0];
                v[0] = u[0] - tr;
                v[1] = u[1] - ti;
                u[0] += tr;
                u[1] += ti;
            }
        }
    }
}

std::vector<double> power_spectrum(std::span<const double> x) {
    return spectrum_of(x, 0.0);
}

double band_power_share(std::span<const double> x, double dt, double f_lo, double f_hi) {
    if (x.size() < 2) {
        return 0.0;
    }
    const double mean = std::accumulate(x.begin(), x.end(), 0.0) / static_cast<double>(x.size());
    // A trace flat to round-off (a grid held at the mean) has no fluctuation to share out;
    // its rounding noise, zero-padded, would otherwise show up as spurious band power.
    const auto [lo, hi] = std::minmax_element(x.begin(), x.end());
    if (*hi - *lo <= 1e-12 * std::abs(mean)) {
        return 0.0;
    }
    const std::vector<double> P = spectrum_of(x, mean);
    const std::size_t N = 2 * (P.size() - 1);
    const double df = 1.0 / (static_cast<double>(N) * dt);
    double total = 0.0;
    double band = 0.0;
    for (std::size_t k = 1; k < P.size(); ++k) {
        const double f = static_cast<double>(k) * df;
        total += P[k];
        if (f >= f_lo && f <= f_hi) {
            band += P[k];
        }
    }
    return total > 0.0 ? band / total : 0.0;
}

} // namespace rackcalc::power
