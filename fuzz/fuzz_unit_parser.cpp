// libFuzzer target: any bytes as a quantity ("12 kW") and as a unit expression, for every
// quantity kind. The only acceptable outcome besides a finite SI value is
// core::QuantityError.

#include "core/quantity.hpp"

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace rackcalc::core;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    static const std::array<const QuantityKind*, 8> some_kinds{
        &kinds::length,           &kinds::power,
        &kinds::temperature,      &kinds::temperature_difference,
        &kinds::volume_flow,      &kinds::pressure,
        &kinds::price_per_energy, &kinds::dimensionless};
    for (const auto* kind : some_kinds) {
        try {
            const double v = parse_quantity(text, *kind);
            if (!std::isfinite(v)) {
                std::abort(); // a non-finite value must never pass the input edge
            }
        } catch (const QuantityError&) {
        }
    }
    try {
        const Unit u = parse_unit(text);
        if (!std::isfinite(u.factor)) {
            std::abort();
        }
    } catch (const QuantityError&) {
    }
    return 0;
}
