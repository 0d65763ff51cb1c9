// Unit tests of the Lawson-Hanson NNLS solver (power/nnls.hpp).
// Reference solutions are checked against the KKT conditions of the problem
// (x >= 0, w = A^T (b - A x) <= 0, x_j w_j = 0), which characterise the NNLS optimum
// (Lawson & Hanson 1974, ch. 23, theorem 23.4), and against hand-solved cases.

#include "power/nnls.hpp"

#include <doctest/doctest.h>
#include <random>

using rackcalc::power::nnls;

namespace {

void check_kkt(const Eigen::MatrixXd& A, const Eigen::VectorXd& b, const Eigen::VectorXd& x) {
    const Eigen::VectorXd w = A.transpose() * (b - A * x);
    const double scale = A.norm() * b.norm() + 1.0;
    for (Eigen::Index j = 0; j < x.size(); ++j) {
        CHECK(x(j) >= 0.0);
        CHECK(w(j) <= 1e-10 * scale);
        CHECK(std::abs(x(j) * w(j)) <= 1e-10 * scale);
    }
}

} // namespace

TEST_CASE("nnls: unconstrained optimum already non-negative equals least squares") {
    Eigen::MatrixXd A(4, 2);
    A << 1, 0, 0, 1, 1, 1, 2, 1;
    const Eigen::VectorXd x_true = Eigen::Vector2d(0.5, 2.0);
    const Eigen::VectorXd b = A * x_true;
    const auto r = nnls(A, b);
    CHECK(r.converged);
    CHECK(r.x(0) == doctest::Approx(0.5).epsilon(1e-12));
    CHECK(r.x(1) == doctest::Approx(2.0).epsilon(1e-12));
    CHECK(r.residual_norm < 1e-12);
}

TEST_CASE("nnls: a negative unconstrained coefficient is clamped to zero") {
    // min ||x - (1, -2)|| with x >= 0 -> (1, 0) (identity A, solved by hand).
    const Eigen::MatrixXd A = Eigen::MatrixXd::Identity(2, 2);
    const Eigen::VectorXd b = Eigen::Vector2d(1.0, -2.0);
    const auto r = nnls(A, b);
    CHECK(r.converged);
    CHECK(r.x(0) == doctest::Approx(1.0));
    CHECK(r.x(1) == 0.0);
    CHECK(r.residual_norm == doctest::Approx(2.0));
}

TEST_CASE("nnls: all-negative right-hand side gives x = 0") {
    Eigen::MatrixXd A(3, 2);
    A << 1, 2, 3, 4, 5, 6;
    const Eigen::VectorXd b = Eigen::Vector3d(-1.0, -2.0, -3.0);
    const auto r = nnls(A, b);
    CHECK(r.converged);
    CHECK(r.x.isZero());
}

TEST_CASE("nnls: wide (m < n) and random problems satisfy the KKT conditions") {
    std::mt19937 rng(42);
    std::normal_distribution<double> N01;
    for (auto [m, n] : {std::pair{3, 5}, std::pair{10, 4}, std::pair{20, 8}, std::pair{6, 6}}) {
        Eigen::MatrixXd A(m, n);
        Eigen::VectorXd b(m);
        for (int i = 0; i < m; ++i) {
            b(i) = N01(rng);
            for (int j = 0; j < n; ++j) {
                A(i, j) = N01(rng);
            }
        }
        const auto r = nnls(A, b);
        CAPTURE(m);
        CAPTURE(n);
        CHECK(r.converged);
        check_kkt(A, b, r.x);
    }
}

TEST_CASE("nnls: size mismatch is rejected") {
    const Eigen::MatrixXd A = Eigen::MatrixXd::Identity(3, 2);
    const Eigen::VectorXd b = Eigen::Vector2d(1.0, 2.0);
    CHECK_THROWS_AS(nnls(A, b), std::invalid_argument);
}
