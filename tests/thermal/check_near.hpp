#pragma once
// Tolerance checks that print both numbers on failure. Relative tolerances are relative to
// the expected (published) value; absolute ones are in the expected value's unit.

#include <cmath>
#include <doctest/doctest.h>
#include <iomanip>

#define CHECK_REL(actual, expected, rel)                                                           \
    do {                                                                                           \
        const double actual_ = (actual);                                                           \
        const double expected_ = (expected);                                                       \
        INFO(std::setprecision(12) << #actual << " = " << actual_ << ", expected " << expected_    \
                                   << " within relative " << (rel));                               \
        CHECK(std::abs(actual_ - expected_) <= (rel)*std::abs(expected_));                         \
    } while (false)

#define CHECK_ABS(actual, expected, tol)                                                           \
    do {                                                                                           \
        const double actual_ = (actual);                                                           \
        const double expected_ = (expected);                                                       \
        INFO(std::setprecision(12)                                                                 \
             << #actual << " = " << actual_ << ", expected " << expected_ << " within " << (tol)); \
        CHECK(std::abs(actual_ - expected_) <= (tol));                                             \
    } while (false)
