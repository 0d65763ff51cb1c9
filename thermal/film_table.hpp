#pragma once
// A cold plate's fin-channel film against flow and coolant temperature, from a table built as
// it is asked for: a loop solve asks every plate for its film at every solve, and the
// correlation behind it costs a dozen transcendental functions.

#include "thermal/fluid.hpp"
#include "thermal/microchannel.hpp"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace rackcalc::thermal {

/// The film resistance R_convection of microchannel_convection for one channel design and one
/// coolant, read from a table in (ln V_dot, T) that is filled as it is used, in the manner of
/// the spline-based table look-up (SBTL) of IAPWS Guideline G13-15 (2015, [V53]): the table
/// reproduces its formulation to a stated tolerance, and is not a model of its own.
///  - Nodes: ln V_dot every 0.05 (5 % steps in flow), over the flows whose channel Reynolds
///    number lies between 1 and the end of the laminar range (2300) somewhere in the coolant's
///    table; temperatures at the coolant table's own rows and 4 equal steps between two rows
///    (a property is one cubic between two rows, and the film is smooth there, so no stencil
///    spans a row's kink).
///  - Interpolation: 4-point Lagrange in each direction (bicubic) over the nodes around the
///    point, the temperature stencil kept within one coolant row interval.
///  - Check: the first time a cell is used, the correlation at its centre is compared with the
///    table there; a cell further off than `tolerance` (relative) is evaluated exactly from then
///    on. So is any point whose stencil leaves the laminar range (the regime change at Re 2300
///    is a kink), the tabulated flows, or the coolant's table.
/// Re is always exact (it is the coolant's properties at T, not the film).
class FilmTable {
public:
    static constexpr double tolerance = 1e-7; ///< relative, at every cell's centre

    /// Throws std::domain_error when the channels hold no flow path (from microchannel_channels).
    FilmTable(const MicrochannelChannels& channels, const Fluid& coolant);

    struct Film {
        double R_convection; ///< [K/W], as MicrochannelConvection::R_convection
        double Re;           ///< channel Reynolds number [-], exact
    };
    /// The film at flow V_dot [m3/s] (positive, finite) and coolant temperature T [K] (within
    /// the coolant's table). Throws std::domain_error otherwise, as microchannel_convection.
    Film at(double V_dot, double T);

    /// What the table has done so far.
    struct Counts {
        std::size_t lookups = 0;   ///< calls of at()
        std::size_t tabulated = 0; ///< of them, answered from the table
        std::size_t nodes = 0;     ///< node values worked out (each one correlation call)
        std::size_t cells_checked = 0;
        std::size_t cells_exact = 0; ///< cells the check sent back to the correlation
    };
    const Counts& counts() const { return counts_; }
    const MicrochannelChannels& channels() const { return channels_; }

private:
    enum class CellState : std::uint8_t { unchecked, tabulated, exact };

    double node(std::size_t i, std::size_t j);
    double exact(double V_dot, double T) const;

    MicrochannelChannels channels_;
    const Fluid* coolant_;
    std::vector<double> T_nodes_; ///< every coolant row and the steps between
    double u_lo_ = 0.0;           ///< ln V_dot of node 0
    std::size_t n_u_ = 0;
    std::vector<double> values_;   ///< R_convection per node, NaN until worked out
    std::vector<CellState> cells_; ///< per cell (lower-left node)
    Counts counts_;
};

} // namespace rackcalc::thermal
