#include "power/power_error.hpp"

#include <fmt/format.h>

namespace rackcalc::power {

PowerInputError::PowerInputError(std::string stage, std::string key, const std::string& message)
    : std::invalid_argument(fmt::format("power stage \"{}\": [{}] {}", stage, key, message)),
      stage_(std::move(stage)), key_(std::move(key)) {}

} // namespace rackcalc::power
