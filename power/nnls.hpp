#pragma once
// Non-negative least squares: min ||A x - b||_2 subject to x >= 0.
// Lawson & Hanson, "Solving Least Squares Problems" (1974), ch. 23, algorithm NNLS
// (active-set method). Meant for small dense problems (loss-curve fits: m ~ 4-20, n = 3);
// Eigen 3.4 as shipped by Debian has no NNLS module, hence this implementation.

#include <Eigen/Dense>

namespace rackcalc::power {

struct NnlsResult {
    Eigen::VectorXd x;        ///< the solution, every entry >= 0
    double residual_norm = 0; ///< ||A x - b||_2
    int iterations = 0;       ///< outer-loop iterations (columns moved into the passive set)
    bool converged = false;   ///< false when the iteration limit was hit
};

/// Solves min ||A x - b|| with x >= 0 for any m x n matrix A (m may be smaller than n).
/// `max_iterations` <= 0 means 3 n, as in Lawson-Hanson. Throws std::invalid_argument if
/// the sizes of A and b disagree or the data contain NaN or infinity.
NnlsResult nnls(const Eigen::MatrixXd& A, const Eigen::VectorXd& b, int max_iterations = 0);

} // namespace rackcalc::power
