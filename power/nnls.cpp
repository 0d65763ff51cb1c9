#include "power/nnls.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <limits>
#include <stdexcept>
#include <vector>

namespace rackcalc::power {

namespace {

/// Unconstrained least-squares solution on the passive columns; zero elsewhere.
Eigen::VectorXd solve_passive(const Eigen::MatrixXd& A, const Eigen::VectorXd& b,
                              const std::vector<bool>& passive) {
    const Eigen::Index n = A.cols();
    std::vector<Eigen::Index> cols;
    for (Eigen::Index j = 0; j < n; ++j) {
        if (passive[static_cast<std::size_t>(j)]) {
            cols.push_back(j);
        }
    }
    Eigen::VectorXd z = Eigen::VectorXd::Zero(n);
    if (cols.empty()) {
        return z;
    }
    Eigen::MatrixXd Ap(A.rows(), static_cast<Eigen::Index>(cols.size()));
    for (std::size_t k = 0; k < cols.size(); ++k) {
        Ap.col(static_cast<Eigen::Index>(k)) = A.col(cols[k]);
    }
    // Complete orthogonal decomposition gives the minimum-norm solution when the passive
    // columns are rank deficient (m < |P| or repeated data points).
    const Eigen::VectorXd zp = Ap.completeOrthogonalDecomposition().solve(b);
    for (std::size_t k = 0; k < cols.size(); ++k) {
        z(cols[k]) = zp(static_cast<Eigen::Index>(k));
    }
    return z;
}

} // namespace

NnlsResult nnls(const Eigen::MatrixXd& A, const Eigen::VectorXd& b, int max_iterations) {
    const Eigen::Index m = A.rows();
    const Eigen::Index n = A.cols();
    if (b.size() != m) {
        throw std::invalid_argument(
            fmt::format("nnls: A is {} x {} but b has {} entries", m, n, b.size()));
    }
    if (!A.allFinite() || !b.allFinite()) {
        throw std::invalid_argument("nnls: A or b contains NaN or infinity");
    }
    if (max_iterations <= 0) {
        max_iterations = 3 * static_cast<int>(std::max<Eigen::Index>(n, 1));
    }

    NnlsResult r;
    r.x = Eigen::VectorXd::Zero(n);
    if (n == 0) {
        r.residual_norm = b.norm();
        r.converged = true;
        return r;
    }
    // Tolerance on the dual vector, as in SciPy's nnls: 10 eps ||A||_1 max(m, n).
    const double tol = 10.0 * std::numeric_limits<double>::epsilon() *
                       A.cwiseAbs().colwise().sum().maxCoeff() *
                       static_cast<double>(std::max(m, n));

    std::vector<bool> passive(static_cast<std::size_t>(n), false);
    Eigen::VectorXd& x = r.x;
    Eigen::VectorXd w = A.transpose() * (b - A * x);

    while (true) {
        // Most positive dual among the active (clamped) variables.
        Eigen::Index t = -1;
        double w_max = tol;
        for (Eigen::Index j = 0; j < n; ++j) {
            if (!passive[static_cast<std::size_t>(j)] && w(j) > w_max) {
                w_max = w(j);
                t = j;
            }
        }
        if (t < 0) {
            r.converged = true;
            break;
        }
        if (r.iterations >= max_iterations) {
            break;
        }
        ++r.iterations;
        passive[static_cast<std::size_t>(t)] = true;

        // Inner loop: step towards the unconstrained solution on P until it is feasible.
        Eigen::VectorXd z = solve_passive(A, b, passive);
        for (Eigen::Index guard = 0; guard <= n; ++guard) {
            bool feasible = true;
            double alpha = 1.0;
            for (Eigen::Index j = 0; j < n; ++j) {
                if (passive[static_cast<std::size_t>(j)] && z(j) <= 0.0) {
                    feasible = false;
                    alpha = std::min(alpha, x(j) / (x(j) - z(j)));
                }
            }
            if (feasible) {
                x = z;
                break;
            }
            x += alpha * (z - x);
            for (Eigen::Index j = 0; j < n; ++j) {
                if (passive[static_cast<std::size_t>(j)] && x(j) <= tol) {
                    passive[static_cast<std::size_t>(j)] = false;
                    x(j) = 0.0;
                }
            }
            z = solve_passive(A, b, passive);
        }
        w = A.transpose() * (b - A * x);
    }
    r.residual_norm = (A * x - b).norm();
    return r;
}

} // namespace rackcalc::power
