# A stand-in for ParaView's paraview.simple, for testing viz/paraview_views.py where ParaView
# cannot be installed (Debian 12's paraview conflicts with libvtk9-dev, which RackCalc builds
# against). It implements the calls the script makes with ParaView 5.11's signatures, reads
# every file the script opens with VTK's own readers, and fails the way ParaView would not
# show a view: a missing file, an array that no block of the file carries, a display shown in
# a view that is not in the layout. At exit it prints one line per view:
#   view <n>: <file> coloured by <association>:<array> [range lo hi]
import atexit
import os
import sys

import vtk

_views = []
_layout_views = []
_lines = []


class _View:
    def __init__(self):
        self.index = len(_views)
        _views.append(self)


class _Source:
    def __init__(self, path):
        if not os.path.exists(path):
            raise FileNotFoundError(path)
        self.path = path
        self.data = _read(path)


class _Display:
    def __init__(self, source, view):
        self.source = source
        self.view = view
        self.array = None

    def RescaleTransferFunctionToDataRange(self, extend=False, force=True):
        if self.array is None:
            raise RuntimeError("rescale before ColorBy")

    def SetScalarBarVisibility(self, view, visible):
        if view is not self.view:
            raise RuntimeError("scalar bar in another view")


def _read(path):
    if path.endswith(".pvd"):
        # The collection's first data set, as ParaView shows at the first time step.
        import xml.etree.ElementTree as ET
        root = ET.parse(path).getroot()
        steps = root.findall("./Collection/DataSet")
        if not steps:
            raise RuntimeError("%s: no time steps" % path)
        times = [float(s.get("timestep")) for s in steps]
        if times != sorted(times):
            raise RuntimeError("%s: time steps out of order" % path)
        return _read(os.path.join(os.path.dirname(path), steps[0].get("file")))
    readers = {".vtm": vtk.vtkXMLMultiBlockDataReader, ".vtp": vtk.vtkXMLPolyDataReader,
               ".vtu": vtk.vtkXMLUnstructuredGridReader}
    reader = readers[os.path.splitext(path)[1]]()
    reader.SetFileName(path)
    reader.Update()
    return reader.GetOutputDataObject(0)


def _datasets(data):
    if isinstance(data, vtk.vtkCompositeDataSet):
        it = data.NewIterator()
        it.InitTraversal()
        while not it.IsDoneWithTraversal():
            yield it.GetCurrentDataObject()
            it.GoToNextItem()
    else:
        yield data


def OpenDataFile(filename):
    return _Source(filename)


def GetActiveViewOrCreate(kind):
    if kind != "RenderView":
        raise RuntimeError(kind)
    if not _views:
        _layout_views.append(_View())
    return _views[0]


def CreateView(kind):
    if kind != "RenderView":
        raise RuntimeError(kind)
    return _View()


def GetLayout(view=None):
    return "layout"


def AssignViewToLayout(view=None, layout=None, hint=0):
    if layout != "layout" or view in _layout_views:
        raise RuntimeError("bad layout assignment")
    _layout_views.append(view)


def Show(source, view):
    if view not in _layout_views:
        raise RuntimeError("view %d is not in the layout" % view.index)
    return _Display(source, view)


def ColorBy(display, value):
    association, name = value
    lo, hi = float("inf"), float("-inf")
    for ds in _datasets(display.source.data):
        fields = ds.GetCellData() if association == "CELLS" else ds.GetPointData()
        array = fields.GetArray(name)
        if array is not None:
            r = array.GetRange()
            lo, hi = min(lo, r[0]), max(hi, r[1])
    if lo > hi:
        raise RuntimeError("%s carries no %s array %s" % (display.source.path, association, name))
    display.array = (association, name)
    _lines.append("view %d: %s coloured by %s:%s range %g %g"
                  % (display.view.index, os.path.basename(display.source.path), association,
                     name, lo, hi))


def ResetCamera(view=None):
    pass


class _Scene:
    def UpdateAnimationUsingDataTimeSteps(self):
        _lines.append("animation: data time steps")


def GetAnimationScene():
    return _Scene()


def SetActiveView(view):
    if view not in _views:
        raise RuntimeError("unknown view")


def Render(view=None):
    _lines.append("render")


@atexit.register
def _report():
    sys.stdout.write("".join(line + "\n" for line in _lines))
