#pragma once
// Thermal resistance of a finned microchannel heat sink (straight rectangular channels in a
// conducting solid, closed by an insulating cover). The same fin-channel block serves the
// cold-plate model.

#include "thermal/fluid.hpp"

namespace rackcalc::thermal {

/// Geometry and solid of a straight-channel heat sink; all lengths [m].
struct MicrochannelHeatSink {
    double channel_width;  ///< w_c
    double wall_width;     ///< w_w, the fin thickness between two channels
    double channel_depth;  ///< H_c, the fin height
    double base_thickness; ///< t_b, solid between the heated face and the channel bottoms
    double length;         ///< L, flow length = heated length
    double width;          ///< W, heated width across the channels
    double k_solid;        ///< conductivity of the solid [W/(m K)]
};

/// The convective part of the fin-channel model below: what a network solve needs per plate
/// and per solve (the mean film).
struct MicrochannelConvection {
    int n_channels;        ///< floor(W / (w_c + w_w))
    double alpha;          ///< channel aspect ratio short/long [-]
    double D_h;            ///< hydraulic diameter [m]
    double u;              ///< mean channel velocity [m/s]
    double Re;             ///< [-]
    double Pr;             ///< [-]
    double Nu;             ///< mean over the length, entrance effects included [-]
    double h;              ///< [W/(m2 K)]
    double fin_efficiency; ///< adiabatic-tip fin of height H_c [-]
    double A_effective;    ///< n L (w_c + 2 eta H_c) [m2]
    double R_convection;   ///< 1 / (h A_effective), h from the mean Nu: mean wall over mean
                           ///< fluid [K/W]
};

/// The whole rating: the mean film, and the outlet film, base, bulk rise and friction;
/// resistances in [K/W] referred to the inlet fluid temperature.
struct MicrochannelResult : MicrochannelConvection {
    double Nu_outlet;           ///< local at the outlet end [-]
    double R_base;              ///< t_b / (k_solid W L)
    double R_convection_outlet; ///< R_convection with the local Nu at the outlet
    double R_caloric;           ///< 1 / (m_dot cp), the bulk rise from inlet to outlet
    double R_total;             ///< R_base + R_convection_outlet + R_caloric: the outlet-end peak
    double dp;                  ///< fully developed channel friction only, no manifolds [Pa]
};

/// A heat sink's channels with what does not depend on the flow worked out once: the channel
/// count, aspect ratio, hydraulic diameter and the Shah & London fully developed limits. A
/// network solve keeps one per plate. Throws std::domain_error for a geometry that is not
/// positive and finite or holds no whole channel.
struct MicrochannelChannels {
    MicrochannelHeatSink geometry;
    double n;             ///< channel count, floor(W / (w_c + w_w))
    double alpha;         ///< aspect ratio short/long [-]
    double D_h;           ///< hydraulic diameter [m]
    double sqrtA_over_Dh; ///< sqrt(channel area) / D_h [-]
    double fRe_sqrtA;     ///< fully developed Fanning f Re on sqrt(A) [-]
    double Nu_fd_sqrtA;   ///< fully developed Nu_H1 on sqrt(A) [-]
};
MicrochannelChannels microchannel_channels(const MicrochannelHeatSink& geometry);

/// The mean-film part of microchannel_heat_sink (same model, same checks and messages).
MicrochannelConvection microchannel_convection(const MicrochannelChannels& channels,
                                               const Fluid& fluid, double T_fluid, double V_dot);
MicrochannelConvection microchannel_convection(const MicrochannelHeatSink& geometry,
                                               const Fluid& fluid, double T_fluid, double V_dot);

/// Fin-channel model (Tuckerman & Pease, IEEE EDL 2:126, 1981; Incropera ch. 3 and 8):
/// laminar flow with h from the mean Nu of simultaneously developing flow
/// (combined_entry_Nu_sqrtA, fully developed limit Shah & London Nu_H1(alpha)) on the
/// channel bottom and on both wall faces, the walls treated as fins with an adiabatic tip at the
/// cover, eta = tanh(m H_c)/(m H_c), m = sqrt(2 h / (k_solid w_w)); one-dimensional conduction
/// through the base; and the caloric resistance 1/(m_dot cp), so that R_total is the peak
/// heated-face temperature rise (at the outlet end, with the local outlet Nu) over the inlet
/// fluid temperature per watt. R_convection, from the mean Nu, is what the cold-plate model
/// uses for the mean wall temperature.
/// Fluid properties at T_fluid [K] (use the mean bulk temperature). V_dot [m3/s] is the total
/// flow through all channels. Above Re 2300, Nu follows Gnielinski's transition interpolation
/// and turbulent correlation, and the friction factor darcy_friction_factor (smooth).
/// Throws std::domain_error for a geometry with no whole channel or a non-positive flow.
MicrochannelResult microchannel_heat_sink(const MicrochannelHeatSink& geometry, const Fluid& fluid,
                                          double T_fluid, double V_dot);

} // namespace rackcalc::thermal
