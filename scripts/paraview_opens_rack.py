# Opens a rack.vtm written by rackcalc in ParaView 5.11 (pvbatch) and checks its named blocks,
# cell counts and cell fields. Debian's python3-paraview conflicts with libvtk9-dev (it removes
# python3-vtk9), so this is a manual check on a machine with ParaView, not part of the suite:
#   pvbatch3.11 scripts/paraview_opens_rack.py out/gb200/rack.vtm gpus=72 cold_plates=117
import sys

from paraview import servermanager as sm
from paraview.simple import XMLMultiBlockDataReader

reader = XMLMultiBlockDataReader(FileName=[sys.argv[1]])
reader.UpdatePipeline()
data = sm.Fetch(reader)
cells = {}
for i in range(data.GetNumberOfBlocks()):
    name = data.GetMetaData(i).Get(data.NAME())
    block = data.GetBlock(i)
    for field in ("part_kind", "power_W", "liquid_fraction"):
        if block.GetCellData().GetArray(field) is None:
            sys.exit("block %s has no cell field %s" % (name, field))
    cells[name] = block.GetNumberOfCells()
for expectation in sys.argv[2:]:
    name, count = expectation.split("=")
    if cells.get(name) != int(count):
        sys.exit("block %s: expected %s cells, ParaView read %s" % (name, count, cells.get(name)))
print("ParaView read", sys.argv[1], cells)
