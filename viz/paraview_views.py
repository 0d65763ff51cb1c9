# The standard views of a RackCalc run, for ParaView's Python shell or pvpython:
#   pvpython paraview-views.py            (or View > Python Shell > Run Script in ParaView)
# It opens the files `rackcalc run` wrote beside it and lays out three views:
#   1. the rack, every chip coloured by its junction temperature [K] (parts without one in
#      grey), with the scalar bar;
#   2. the coolant loop as connected pipes, coloured by the coolant pressure [Pa], with the
#      cell arrays flow, velocity, Reynolds number and element kind to pick from;
#   3. the first transient scenario (transient-*.pvd) on the animation time line, chips
#      coloured by their margin to the limit [K], when the run wrote one.
# Written for ParaView 5.11 (Debian 12); it uses only paraview.simple.
import glob
import os

from paraview.simple import (AssignViewToLayout, ColorBy, CreateView, GetAnimationScene,
                             GetLayout, GetActiveViewOrCreate, OpenDataFile, Render, ResetCamera,
                             SetActiveView, Show)

here = os.path.dirname(os.path.abspath(__file__))


def open_file(name):
    path = os.path.join(here, name)
    if not os.path.exists(path):
        raise SystemExit("paraview-views: %s is missing; run `rackcalc run` with vtk outputs" % path)
    return OpenDataFile(path)


def coloured(source, view, association, array):
    display = Show(source, view)
    ColorBy(display, (association, array))
    display.RescaleTransferFunctionToDataRange(True, False)
    display.SetScalarBarVisibility(view, True)
    return display


rack_view = GetActiveViewOrCreate("RenderView")
rack = open_file("rack.vtm")
coloured(rack, rack_view, "CELLS", "T_junction_K")
ResetCamera(rack_view)

layout = GetLayout(rack_view)
loop_view = CreateView("RenderView")
AssignViewToLayout(view=loop_view, layout=layout, hint=0)
loop = open_file("loop.vtp")
coloured(loop, loop_view, "POINTS", "p_Pa")
ResetCamera(loop_view)

transients = sorted(glob.glob(os.path.join(here, "transient-*.pvd")))
if transients:
    transient_view = CreateView("RenderView")
    AssignViewToLayout(view=transient_view, layout=layout, hint=0)
    transient = open_file(os.path.basename(transients[0]))
    coloured(transient, transient_view, "CELLS", "margin_K")
    ResetCamera(transient_view)
    GetAnimationScene().UpdateAnimationUsingDataTimeSteps()

SetActiveView(rack_view)
Render()
