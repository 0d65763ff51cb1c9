#include "core/statement.hpp"

#include <stdexcept>

namespace rackcalc::core {

namespace {

/// The placeholders of a text: `{}` each, doubled braces being literal ones. -1 when a brace
/// stands alone.
long placeholders(std::string_view text) {
    long n = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '{' && text[i] != '}') {
            continue;
        }
        if (i + 1 < text.size() && text[i + 1] == text[i]) {
            ++i;
        } else if (text[i] == '{' && i + 1 < text.size() && text[i + 1] == '}') {
            ++n;
            ++i;
        } else {
            return -1;
        }
    }
    return n;
}

} // namespace

Statement::Statement(std::string_view plain) {
    text_.reserve(plain.size());
    for (const char c : plain) {
        text_ += c;
        if (c == '{' || c == '}') {
            text_ += c;
        }
    }
}

Statement Statement::with_placeholders(std::string text, std::vector<Quantity> quantities) {
    const long n = placeholders(text);
    if (n != static_cast<long>(quantities.size())) {
        throw std::invalid_argument(
            n < 0 ? "a statement's text \"" + text + "\" has a single brace; double it"
                  : "the statement \"" + text + "\" has " + std::to_string(n) +
                        " placeholders for " + std::to_string(quantities.size()) + " quantities");
    }
    Statement s;
    s.text_ = std::move(text);
    s.quantities_ = std::move(quantities);
    return s;
}

Statement& Statement::operator+=(const Statement& more) {
    text_ += more.text_;
    quantities_.insert(quantities_.end(), more.quantities_.begin(), more.quantities_.end());
    return *this;
}

namespace statement_detail {

Statement from_slots(std::string_view formatted, std::vector<Quantity> quantities) {
    std::string text;
    text.reserve(formatted.size() + 2 * quantities.size());
    for (const char c : formatted) {
        if (c == slot) {
            text += "{}";
        } else {
            text += c;
            if (c == '{' || c == '}') {
                text += c;
            }
        }
    }
    return Statement::with_placeholders(std::move(text), std::move(quantities));
}

} // namespace statement_detail

} // namespace rackcalc::core
