#pragma once
// The words a user may write for an enumeration, declared once beside the enumeration: the
// schema's list of choices, the parse of a checked table and the word printed back in
// results all read the same table, so a word added in one place cannot be missing in
// another (issue 10: "enumerations parsed once from one registry").

#include <array>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace rackcalc::core {

template <class E>
struct Word {
    E value;
    std::string_view text;
};

template <class E, std::size_t N>
struct Words {
    std::array<Word<E>, N> words;

    /// True when the table gives each of the values 0 .. N-1 exactly one word and no word
    /// twice; every table is checked with a static_assert beside its enumeration.
    constexpr bool complete() const {
        for (std::size_t i = 0; i < N; ++i) {
            int hits = 0;
            for (const auto& w : words) {
                hits += static_cast<std::size_t>(w.value) == i ? 1 : 0;
            }
            if (hits != 1) {
                return false;
            }
            for (std::size_t j = i + 1; j < N; ++j) {
                if (words[i].text == words[j].text) {
                    return false;
                }
            }
        }
        return true;
    }

    /// The words in declaration order, for a schema's `choice`.
    std::vector<std::string> names() const {
        std::vector<std::string> out;
        out.reserve(N);
        for (const auto& w : words) {
            out.emplace_back(w.text);
        }
        return out;
    }

    /// The value of a word. The schema has checked the word before a model reads it, so an
    /// unknown one is a programming error (a schema that lists other words than this table).
    E parse(std::string_view text) const {
        for (const auto& w : words) {
            if (w.text == text) {
                return w.value;
            }
        }
        throw std::invalid_argument("unknown word \"" + std::string(text) + "\"");
    }

    std::string_view name(E value) const {
        for (const auto& w : words) {
            if (w.value == value) {
                return w.text;
            }
        }
        throw std::invalid_argument("a value without a word");
    }
};

} // namespace rackcalc::core
