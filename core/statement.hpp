#pragma once
// A sentence the model says about its results (a finding, a scenario's reasoning, a verdict
// line) with its quantities kept typed: the text holds a `{}` placeholder for each quantity
// (literal braces doubled, as in fmt), and each quantity is an SI value with its kind. The
// model never formats a unit; core::Display renders the sentence in the reader's units at the
// edge (Display::render), so `--units us` reaches the model's sentences too.
//
//   core::Statement s = core::statement("return {} is above the allowed {}",
//                                       core::Quantity(T_return_K, core::kinds::temperature),
//                                       core::Quantity(T_max_K, core::kinds::temperature));
//
// statement() formats every other argument at once with its fmt spec ("{:.0f} s", a name), and
// a Statement argument brings its own placeholders and quantities along.

#include "core/quantity.hpp"

#include <fmt/format.h>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace rackcalc::core {

/// One quantity of a sentence: an SI value and the kind that chooses its display unit.
struct Quantity {
    Quantity(double value, const QuantityKind& of_kind, int shown_decimals = -1)
        : value_si(value), kind(&of_kind), decimals(shown_decimals) {}

    double value_si;
    const QuantityKind* kind;
    /// Decimals wherever it is shown, for a figure compared with another at that resolution
    /// (an approach against its design value); -1: the display's decimals for the kind.
    int decimals;
};

/// The quantities the model's sentences name most, from SI values: `using namespace
/// core::quantities;` where sentences are made.
namespace quantities {
inline Quantity temperature(double T_K) {
    return {T_K, kinds::temperature};
}
inline Quantity difference(double dT_K) {
    return {dT_K, kinds::temperature_difference};
}
inline Quantity flow(double V_m3_s) {
    return {V_m3_s, kinds::volume_flow};
}
inline Quantity pressure(double p_Pa) {
    return {p_Pa, kinds::pressure};
}
} // namespace quantities

class Statement {
public:
    Statement() = default;
    /// Plain text without quantities: its braces are literal.
    Statement(std::string_view plain);
    Statement(const std::string& plain) : Statement(std::string_view(plain)) {}
    Statement(const char* plain) : Statement(std::string_view(plain)) {}

    /// A text with `{}` placeholders (literal braces doubled) and one quantity for each, in
    /// order. Throws std::invalid_argument when they do not match.
    static Statement with_placeholders(std::string text, std::vector<Quantity> quantities);

    const std::string& text() const { return text_; }
    const std::vector<Quantity>& quantities() const { return quantities_; }
    bool empty() const { return text_.empty(); }

    Statement& operator+=(const Statement& more);
    friend Statement operator+(Statement a, const Statement& b) { return a += b; }

private:
    std::string text_;
    std::vector<Quantity> quantities_;
};

namespace statement_detail {
/// Stands for a quantity while statement() formats: a control character that no sentence
/// holds, turned into `{}` afterwards.
inline constexpr char slot = '\x1e';

/// What statement() hands to fmt in place of its arguments: a quantity becomes a Slot, a
/// Statement a Splice (its text with slots); nothing else formats a Statement or a Quantity,
/// so a sentence cannot reach text by accident without core::Display.
struct Slot {};
struct Splice {
    const Statement* statement;
};
inline Slot pass(const Quantity&) {
    return {};
}
inline Splice pass(const Statement& s) {
    return {&s};
}
template <typename T>
const T& pass(const T& value) {
    return value;
}
template <typename T>
using passed_t = decltype(pass(std::declval<const T&>()));

inline void collect(std::vector<Quantity>& out, const Quantity& q) {
    out.push_back(q);
}
inline void collect(std::vector<Quantity>& out, const Statement& s) {
    out.insert(out.end(), s.quantities().begin(), s.quantities().end());
}
template <typename T>
void collect(std::vector<Quantity>&, const T&) {}

/// The formatted text with slots: braces doubled, each slot a `{}`.
Statement from_slots(std::string_view formatted, std::vector<Quantity> quantities);
} // namespace statement_detail

/// A Statement from an fmt format string: Quantity arguments become placeholders, Statement
/// arguments are spliced in, everything else is formatted now. The format string must take
/// its arguments in order (`{}`, `{:.1f}`, no positions), so that placeholders and quantities
/// line up; a mismatch throws std::invalid_argument.
template <typename... Args>
Statement statement(fmt::format_string<statement_detail::passed_t<Args>...> format,
                    const Args&... args) {
    std::vector<Quantity> quantities;
    (statement_detail::collect(quantities, args), ...);
    return statement_detail::from_slots(fmt::format(format, statement_detail::pass(args)...),
                                        std::move(quantities));
}

} // namespace rackcalc::core

template <>
struct fmt::formatter<rackcalc::core::statement_detail::Slot> {
    constexpr auto parse(fmt::format_parse_context& ctx) { return ctx.begin(); }
    auto format(rackcalc::core::statement_detail::Slot, fmt::format_context& ctx) const {
        auto out = ctx.out();
        *out++ = rackcalc::core::statement_detail::slot;
        return out;
    }
};

template <>
struct fmt::formatter<rackcalc::core::statement_detail::Splice> {
    constexpr auto parse(fmt::format_parse_context& ctx) { return ctx.begin(); }
    auto format(rackcalc::core::statement_detail::Splice splice, fmt::format_context& ctx) const {
        auto out = ctx.out();
        const std::string& t = splice.statement->text();
        for (std::size_t i = 0; i < t.size(); ++i) {
            if ((t[i] == '{' || t[i] == '}') && i + 1 < t.size() && t[i + 1] == t[i]) {
                *out++ = t[i++];
            } else if (t[i] == '{' && i + 1 < t.size() && t[i + 1] == '}') {
                *out++ = rackcalc::core::statement_detail::slot;
                ++i;
            } else {
                *out++ = t[i];
            }
        }
        return out;
    }
};
