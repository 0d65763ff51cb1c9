#include "core/quantity.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fmt/format.h>
#include <map>
#include <optional>
#include <vector>

namespace rackcalc::core {

namespace {

constexpr Dimension dim(int L, int M, int T, int Th, int I, int C = 0) {
    return Dimension{{L, M, T, Th, I, C}};
}

} // namespace

Dimension Dimension::operator*(const Dimension& other) const {
    Dimension d;
    for (std::size_t i = 0; i < exponents.size(); ++i) {
        d.exponents[i] = exponents[i] + other.exponents[i];
    }
    return d;
}

Dimension Dimension::operator/(const Dimension& other) const {
    Dimension d;
    for (std::size_t i = 0; i < exponents.size(); ++i) {
        d.exponents[i] = exponents[i] - other.exponents[i];
    }
    return d;
}

Dimension Dimension::pow(int n) const {
    Dimension d;
    for (std::size_t i = 0; i < exponents.size(); ++i) {
        d.exponents[i] = exponents[i] * n;
    }
    return d;
}

namespace kinds {
// clang-format off
const QuantityKind dimensionless{"dimensionless number", dim(0, 0, 0, 0, 0), "1", "0.94"};
const QuantityKind length{"length", dim(1, 0, 0, 0, 0), "m", "600 mm"};
const QuantityKind area{"area", dim(2, 0, 0, 0, 0), "m^2", "120 mm^2"};
const QuantityKind volume{"volume", dim(3, 0, 0, 0, 0), "m^3", "17.7 L"};
const QuantityKind mass{"mass", dim(0, 1, 0, 0, 0), "kg", "1360 kg"};
const QuantityKind time{"time", dim(0, 0, 1, 0, 0), "s", "20 ms"};
const QuantityKind power{"power", dim(2, 1, -3, 0, 0), "W", "132 kW"};
const QuantityKind energy{"energy", dim(2, 1, -2, 0, 0), "J", "60 J"};
const QuantityKind pressure{"pressure", dim(-1, 1, -2, 0, 0), "Pa", "35 psi"};
const QuantityKind temperature{"temperature", dim(0, 0, 0, 1, 0), "K", "45 degC", true};
const QuantityKind temperature_difference{"temperature difference", dim(0, 0, 0, 1, 0), "K", "10 K"};
const QuantityKind volume_flow{"volume flow", dim(3, 0, -1, 0, 0), "m^3/s", "1.5 L/min"};
const QuantityKind mass_flow{"mass flow", dim(0, 1, -1, 0, 0), "kg/s", "0.5 kg/s"};
const QuantityKind volume_flow_per_power{"volume flow per power", dim(1, -1, 2, 0, 0), "m^3/J", "1.5 L/min/kW"};
const QuantityKind voltage{"voltage", dim(2, 1, -3, 0, -1), "V", "54 V"};
const QuantityKind current{"current", dim(0, 0, 0, 0, 1), "A", "1400 A"};
const QuantityKind resistance{"electrical resistance", dim(2, 1, -3, 0, -2), "ohm", "0.1 mohm"};
const QuantityKind thermal_conductivity{"thermal conductivity", dim(1, 1, -3, -1, 0), "W/(m K)", "390 W/(m K)"};
const QuantityKind thermal_resistance{"thermal resistance", dim(-2, -1, 3, 1, 0), "K/W", "0.02 K/W"};
const QuantityKind heat_transfer_coefficient{"heat transfer coefficient", dim(0, 1, -3, -1, 0), "W/(m^2 K)", "15000 W/(m^2 K)"};
const QuantityKind velocity{"velocity", dim(1, 0, -1, 0, 0), "m/s", "1.5 m/s"};
const QuantityKind density{"density", dim(-3, 1, 0, 0, 0), "kg/m^3", "1017 kg/m^3"};
const QuantityKind price_per_energy{"price per energy", dim(-2, -1, 2, 0, 0, 1), "USD/J", "0.08 USD/kWh"};
const QuantityKind money{"money", dim(0, 0, 0, 0, 0, 1), "USD", "25000 USD"};
// clang-format on
} // namespace kinds

namespace {

struct Symbol {
    double factor;
    Dimension dimension;
    bool prefixable;
    double offset = 0.0; ///< only the absolute temperature scales have one
};

const std::map<std::string, Symbol, std::less<>>& symbols() {
    static const std::map<std::string, Symbol, std::less<>> table = [] {
        const Dimension L = dim(1, 0, 0, 0, 0), M = dim(0, 1, 0, 0, 0), T = dim(0, 0, 1, 0, 0),
                        Th = dim(0, 0, 0, 1, 0), I = dim(0, 0, 0, 0, 1), C = dim(0, 0, 0, 0, 0, 1);
        const Dimension none{};
        const Dimension W = L.pow(2) * M / T.pow(3);
        const Dimension J = W * T;
        const Dimension Pa = M / L / T.pow(2);
        const Dimension V = W / I;
        std::map<std::string, Symbol, std::less<>> s;
        s["m"] = {1.0, L, true};
        s["g"] = {1e-3, M, true};
        s["t"] = {1e3, M, false}; // tonne
        s["s"] = {1.0, T, true};
        s["min"] = {60.0, T, false};
        s["h"] = {3600.0, T, false};
        s["d"] = {86400.0, T, false};
        s["yr"] = {8760.0 * 3600.0, T, false}; // a 365-day year of 8760 h
        s["K"] = {1.0, Th, false};
        s["A"] = {1.0, I, true};
        s["W"] = {1.0, W, true};
        s["VA"] = {1.0, W, true};
        s["J"] = {1.0, J, true};
        s["Wh"] = {3600.0, J, true};
        s["Pa"] = {1.0, Pa, true};
        s["bar"] = {1e5, Pa, true};
        s["psi"] = {6894.757293168361, Pa, false};  // lbf/in^2
        s["psid"] = {6894.757293168361, Pa, false}; // differential
        s["psig"] = {6894.757293168361, Pa, false}; // gauge
        s["V"] = {1.0, V, true};
        s["ohm"] = {1.0, V / I, true};
        s["Hz"] = {1.0, none / T, true};
        s["L"] = {1e-3, L.pow(3), true};
        s["l"] = {1e-3, L.pow(3), true};
        s["LPM"] = {1e-3 / 60.0, L.pow(3) / T, false};
        s["gal"] = {3.785411784e-3, L.pow(3), false};            // US gallon
        s["gpm"] = {3.785411784e-3 / 60.0, L.pow(3) / T, false}; // US gallon per minute
        s["CFM"] = {0.028316846592 / 60.0, L.pow(3) / T, false}; // cubic foot per minute
        // US customary units of datacentre practice, from NIST SP 811 (2008), appendix B.8:
        // 1 Btu_IT = 1055.05585262 J; 1 ton of refrigeration = 12 000 Btu_IT/h =
        // 3516.8528420667 W; 1 degree Rankine (R) = 5/9 K, the size of a Fahrenheit degree,
        // used for temperature differences in degF.
        s["BTU"] = {1055.05585262, J, false};
        s["TR"] = {12000.0 * 1055.05585262 / 3600.0, W, false};
        s["R"] = {5.0 / 9.0, Th, false};
        s["in"] = {0.0254, L, false};
        s["ft"] = {0.3048, L, false};
        s["U"] = {0.04445, L, false}; // EIA-310 rack unit, 1.75 in
        s["OU"] = {0.048, L, false};  // Open Rack OpenU
        s["USD"] = {1.0, C, false};
        s["%"] = {0.01, none, false};
        s["degC"] = {1.0, Th, false, 273.15};
        s["°C"] = {1.0, Th, false, 273.15};
        s["degF"] = {5.0 / 9.0, Th, false, 273.15 - 32.0 * 5.0 / 9.0};
        s["°F"] = {5.0 / 9.0, Th, false, 273.15 - 32.0 * 5.0 / 9.0};
        return s;
    }();
    return table;
}

struct Prefix {
    std::string_view text;
    double factor;
};
constexpr std::array<Prefix, 8> prefixes{{{"G", 1e9},
                                          {"M", 1e6},
                                          {"k", 1e3},
                                          {"c", 1e-2},
                                          {"m", 1e-3},
                                          {"u", 1e-6},
                                          {"µ", 1e-6},
                                          {"n", 1e-9}}};

std::optional<Symbol> lookup_symbol(std::string_view name) {
    const auto& table = symbols();
    if (auto it = table.find(name); it != table.end()) {
        return it->second;
    }
    for (const auto& p : prefixes) {
        if (name.size() > p.text.size() && name.substr(0, p.text.size()) == p.text) {
            if (auto it = table.find(name.substr(p.text.size()));
                it != table.end() && it->second.prefixable) {
                Symbol s = it->second;
                s.factor *= p.factor;
                return s;
            }
        }
    }
    return std::nullopt;
}

/// Recursive-descent reader of unit expressions:
///   expression := product ('/' product)*
///   product    := factor ((' ' | '*' | '.' | '·') factor)*
///   factor     := ('(' expression ')' | symbol) exponent?
///   exponent   := '^'? '-'? digits | '²' | '³'
/// "W/m K" reads as W/(m K); "L/min/kW" as L/(min kW).
class UnitReader {
public:
    explicit UnitReader(std::string_view text) : text_(text) {}

    /// Bounds that keep every exponent and the recursion small: no physical unit needs a
    /// power above 4 or brackets deeper than 2, so these leave a wide margin.
    static constexpr int max_exponent = 12;
    static constexpr int max_dimension_exponent = 48;
    static constexpr int max_brackets = 16;

    Unit read() {
        Unit u = expression();
        skip_space();
        if (pos_ != text_.size()) {
            fail(fmt::format("unexpected '{}' in unit \"{}\"", text_.substr(pos_), text_));
        }
        if (u.offset != 0.0 && !(u.factor > 0.0 && single_symbol_)) {
            fail(fmt::format("the temperature scale in \"{}\" cannot be combined with other units",
                             text_));
        }
        return u;
    }

private:
    std::string_view text_;
    std::size_t pos_ = 0;
    int depth_ = 0;
    int symbol_count_ = 0;
    bool single_symbol_ = true;

    [[noreturn]] void fail(std::string message) const {
        throw QuantityError(
            std::move(message),
            "write units like \"kW\", \"L/min\", \"W/(m K)\", \"m^3/s\" or \"degC\"");
    }

    void skip_space() {
        while (pos_ < text_.size() && text_[pos_] == ' ') {
            ++pos_;
        }
    }

    bool at_multiplication() {
        skip_space();
        if (pos_ >= text_.size()) {
            return false;
        }
        if (text_[pos_] == '*' || text_[pos_] == '.') {
            ++pos_;
            return true;
        }
        if (text_.substr(pos_).starts_with("·")) {
            pos_ += std::string_view("·").size();
            return true;
        }
        // Juxtaposition: "m K" is m*K.
        return text_[pos_] != '/' && text_[pos_] != ')';
    }

    Unit expression() {
        Unit u = product();
        skip_space();
        while (pos_ < text_.size() && text_[pos_] == '/') {
            ++pos_;
            Unit d = product();
            single_symbol_ = false;
            u.factor /= d.factor;
            u.dimension = u.dimension / d.dimension;
            check(u);
            skip_space();
        }
        return u;
    }

    Unit product() {
        Unit u = factor();
        while (at_multiplication()) {
            Unit f = factor();
            single_symbol_ = false;
            u.factor *= f.factor;
            u.dimension = u.dimension * f.dimension;
            u.offset = u.offset != 0.0 ? u.offset : f.offset;
            check(u);
        }
        return u;
    }

    Unit factor() {
        skip_space();
        if (pos_ >= text_.size()) {
            fail(fmt::format("unit \"{}\" ends where a unit symbol was expected", text_));
        }
        Unit u;
        if (text_[pos_] == '(') {
            if (++depth_ > max_brackets) {
                fail(fmt::format("unit \"{}\" nests brackets deeper than {}", text_.substr(0, 40),
                                 max_brackets));
            }
            ++pos_;
            u = expression();
            --depth_;
            skip_space();
            if (pos_ >= text_.size() || text_[pos_] != ')') {
                fail(fmt::format("missing ')' in unit \"{}\"", text_));
            }
            ++pos_;
            single_symbol_ = false;
        } else {
            const std::size_t start = pos_;
            while (pos_ < text_.size()) {
                const unsigned char c = static_cast<unsigned char>(text_[pos_]);
                if (std::isalpha(c) || c == '%' || c >= 0x80) {
                    if (text_.substr(pos_).starts_with("²") ||
                        text_.substr(pos_).starts_with("³") ||
                        text_.substr(pos_).starts_with("·")) {
                        break;
                    }
                    ++pos_;
                } else {
                    break;
                }
            }
            const std::string_view name = text_.substr(start, pos_ - start);
            if (name.empty()) {
                fail(fmt::format("unexpected '{}' in unit \"{}\"", text_.substr(pos_, 1), text_));
            }
            const auto symbol = lookup_symbol(name);
            if (!symbol) {
                fail(fmt::format("unknown unit \"{}\"", name));
            }
            ++symbol_count_;
            u.factor = symbol->factor;
            u.dimension = symbol->dimension;
            u.offset = symbol->offset;
        }
        if (const int n = exponent(); n != 1) {
            if (u.offset != 0.0) {
                fail(fmt::format("a temperature scale cannot be raised to a power in \"{}\"",
                                 text_));
            }
            u.factor = std::pow(u.factor, n);
            u.dimension = u.dimension.pow(n);
            check(u);
        }
        return u;
    }

    /// Every exponent within +-max_dimension_exponent and a finite, non-zero factor, so the
    /// next multiplication cannot overflow an int or a double.
    void check(const Unit& u) const {
        for (const int e : u.dimension.exponents) {
            if (e > max_dimension_exponent || e < -max_dimension_exponent) {
                fail(fmt::format("unit \"{}\" has a power above {} of a base unit",
                                 text_.substr(0, 40), max_dimension_exponent));
            }
        }
        if (!std::isfinite(u.factor) || u.factor == 0.0) {
            fail(fmt::format("unit \"{}\" overflows a double", text_.substr(0, 40)));
        }
    }

    int exponent() {
        if (text_.substr(pos_).starts_with("²")) {
            pos_ += std::string_view("²").size();
            return 2;
        }
        if (text_.substr(pos_).starts_with("³")) {
            pos_ += std::string_view("³").size();
            return 3;
        }
        std::size_t p = pos_;
        if (p < text_.size() && text_[p] == '^') {
            ++p;
        }
        int sign = 1;
        if (p < text_.size() && text_[p] == '-') {
            sign = -1;
            ++p;
        }
        const std::size_t digits_start = p;
        while (p < text_.size() && std::isdigit(static_cast<unsigned char>(text_[p]))) {
            ++p;
        }
        if (p == digits_start) {
            return 1;
        }
        int n = 0;
        const auto read = std::from_chars(text_.data() + digits_start, text_.data() + p, n);
        if (read.ec != std::errc() || n > max_exponent) {
            fail(
                fmt::format("exponent {} in unit \"{}\" is above {}",
                            text_.substr(digits_start, std::min<std::size_t>(p - digits_start, 20)),
                            text_.substr(0, 40), max_exponent));
        }
        pos_ = p;
        return sign * n;
    }
};

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
        s.remove_suffix(1);
    }
    return s;
}

const QuantityKind* kind_of(const Dimension& d) {
    static const std::array<const QuantityKind*, 22> all{&kinds::length,
                                                         &kinds::area,
                                                         &kinds::volume,
                                                         &kinds::mass,
                                                         &kinds::time,
                                                         &kinds::power,
                                                         &kinds::energy,
                                                         &kinds::pressure,
                                                         &kinds::temperature,
                                                         &kinds::volume_flow,
                                                         &kinds::mass_flow,
                                                         &kinds::volume_flow_per_power,
                                                         &kinds::voltage,
                                                         &kinds::current,
                                                         &kinds::resistance,
                                                         &kinds::thermal_conductivity,
                                                         &kinds::thermal_resistance,
                                                         &kinds::heat_transfer_coefficient,
                                                         &kinds::velocity,
                                                         &kinds::density,
                                                         &kinds::price_per_energy,
                                                         &kinds::money};
    for (const auto* k : all) {
        if (k->dimension == d) {
            return k;
        }
    }
    return nullptr;
}

} // namespace

std::string Dimension::describe() const {
    if (*this == Dimension{}) {
        return "a dimensionless number";
    }
    if (const auto* k = kind_of(*this)) {
        return std::string(k->name);
    }
    static constexpr std::array<std::string_view, 6> base{"m", "kg", "s", "K", "A", "USD"};
    std::string out;
    for (std::size_t i = 0; i < base.size(); ++i) {
        if (exponents[i] == 0) {
            continue;
        }
        if (!out.empty()) {
            out += ' ';
        }
        out += base[i];
        if (exponents[i] != 1) {
            out += fmt::format("^{}", exponents[i]);
        }
    }
    return "a quantity in " + out;
}

Unit parse_unit(std::string_view text) {
    text = trim(text);
    if (text.empty()) {
        return Unit{};
    }
    return UnitReader(text).read();
}

double parse_quantity(std::string_view text, const QuantityKind& kind) {
    const std::string_view original = text;
    text = trim(text);
    double number = 0.0;
    const char* begin = text.data();
    const char* end = text.data() + text.size();
    if (!text.empty() && text.front() == '+') {
        ++begin;
    }
    const auto [ptr, ec] = std::from_chars(begin, end, number);
    if (ec != std::errc() || !std::isfinite(number)) {
        throw QuantityError(
            fmt::format("\"{}\" does not start with a number", original),
            fmt::format("write a {} as a number and a unit, e.g. \"{}\"", kind.name, kind.example));
    }
    const std::string_view unit_text =
        trim(std::string_view(ptr, static_cast<std::size_t>(end - ptr)));
    if (unit_text.empty() && kind.dimension != Dimension{}) {
        throw QuantityError(fmt::format("\"{}\" has no unit", original),
                            fmt::format("a {} needs a unit, e.g. \"{}\"", kind.name, kind.example));
    }
    Unit unit;
    try {
        unit = parse_unit(unit_text);
    } catch (const QuantityError& e) {
        throw QuantityError(fmt::format("\"{}\": {}", original, e.what()),
                            fmt::format("write a {} like \"{}\"", kind.name, kind.example));
    }
    if (unit.dimension != kind.dimension) {
        throw QuantityError(fmt::format("\"{}\" is {}{}, but a {} is needed", original,
                                        unit.dimension == Dimension{} ? "" : "a ",
                                        unit.dimension.describe(), kind.name),
                            fmt::format("write a {}, e.g. \"{}\"", kind.name, kind.example));
    }
    if (kind.dimension == kinds::temperature.dimension) {
        if (kind.absolute_temperature && unit.offset == 0.0 && unit_text != "K") {
            throw QuantityError(
                fmt::format("\"{}\" is not a temperature scale", original),
                "write an absolute temperature in degC, degF or K, e.g. \"45 degC\"");
        }
        if (!kind.absolute_temperature && unit.offset != 0.0) {
            throw QuantityError(
                fmt::format(
                    "\"{}\" reads as a temperature on a scale, but a temperature difference "
                    "is needed",
                    original),
                fmt::format("write a temperature difference in kelvin, e.g. \"{} K\"",
                            number * (unit.factor)));
        }
    }
    const double si = unit.factor * number + unit.offset;
    if (!std::isfinite(si)) {
        throw QuantityError(
            fmt::format("\"{}\" is too large for a double in SI units", original),
            fmt::format("write a {} of a physical size, e.g. \"{}\"", kind.name, kind.example));
    }
    return si;
}

double from_si(double value_si, std::string_view unit_text) {
    const Unit unit = parse_unit(unit_text);
    return (value_si - unit.offset) / unit.factor;
}

std::string format_quantity(double value_si, std::string_view unit, int digits) {
    const double v = from_si(value_si, unit);
    if (unit.empty() || unit == "1") {
        return fmt::format("{:.{}g}", v, digits);
    }
    return fmt::format("{:.{}g} {}", v, digits, unit);
}

} // namespace rackcalc::core
