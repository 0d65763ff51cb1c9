#pragma once
// Errors in the data handed to the power kernels: each names the stage (or data set) and
// the key that is wrong, with the offending values, so the message can be acted on.

#include <stdexcept>
#include <string>

namespace rackcalc::power {

/// Invalid power-chain input: a load above a rating, efficiency data outside (0, 1), a loss
/// curve that goes negative, mismatched voltages between stages.
/// what() reads `power stage "<stage>": [<key>] <message>`.
class PowerInputError : public std::invalid_argument {
public:
    PowerInputError(std::string stage, std::string key, const std::string& message);

    const std::string& stage() const { return stage_; }
    const std::string& key() const { return key_; }

private:
    std::string stage_;
    std::string key_;
};

} // namespace rackcalc::power
