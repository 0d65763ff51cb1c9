// The word tables of enumerations (core/words.hpp): the schema's choices, the parse and the
// printed word from one declaration.

#include "core/words.hpp"

#include <doctest/doctest.h>
#include <stdexcept>
#include <string>
#include <vector>

using namespace rackcalc::core;

namespace {

enum class Layout { U, Z, H };

constexpr Words<Layout, 3> layout_words{{{
    {Layout::U, "U"},
    {Layout::Z, "Z"},
    {Layout::H, "H"},
}}};
static_assert(layout_words.complete());

// A table that forgets a value names another twice, and one with a repeated word.
constexpr Words<Layout, 3> value_twice{{{{Layout::U, "U"}, {Layout::U, "Z"}, {Layout::H, "H"}}}};
constexpr Words<Layout, 3> word_twice{{{{Layout::U, "U"}, {Layout::Z, "U"}, {Layout::H, "H"}}}};
static_assert(!value_twice.complete());
static_assert(!word_twice.complete());

} // namespace

TEST_CASE("a word table lists, parses and names its words, in declaration order") {
    CHECK(layout_words.names() == std::vector<std::string>{"U", "Z", "H"});
    for (const Layout l : {Layout::U, Layout::Z, Layout::H}) {
        CHECK(layout_words.parse(layout_words.name(l)) == l);
    }
    CHECK(layout_words.name(Layout::Z) == "Z");
    // Words are case-sensitive, as the schema's choices are.
    CHECK_THROWS_AS(layout_words.parse("z"), std::invalid_argument);
    CHECK_THROWS_AS(layout_words.parse(""), std::invalid_argument);
}
