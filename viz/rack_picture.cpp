#include "viz/rack_picture.hpp"

#include <X11/Xlib.h>
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <vtkActor.h>
#include <vtkCamera.h>
#include <vtkCellData.h>
#include <vtkCubeSource.h>
#include <vtkDoubleArray.h>
#include <vtkLookupTable.h>
#include <vtkNew.h>
#include <vtkPNGWriter.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>
#include <vtkScalarBarActor.h>
#include <vtkTextProperty.h>
#include <vtkWindowToImageFilter.h>

namespace rackcalc::viz {

namespace {

/// True when an X server answers: VTK aborts the process on a failed connection, so ask
/// first.
bool display_available() {
    const char* name = std::getenv("DISPLAY");
    if (name == nullptr || *name == '\0') {
        return false;
    }
    Display* d = XOpenDisplay(name);
    if (d == nullptr) {
        return false;
    }
    XCloseDisplay(d);
    return true;
}

} // namespace

std::optional<std::string> write_rack_picture(const std::vector<geometry::Part>& parts,
                                              const std::vector<double>& values,
                                              const std::string& field_title,
                                              const std::filesystem::path& file) {
    if (!display_available()) {
        return std::string("no X display (run under xvfb-run for the picture)");
    }
    double lo = std::numeric_limits<double>::infinity();
    double hi = -lo;
    for (const double v : values) {
        if (std::isfinite(v)) {
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
    }
    if (!(hi > lo)) {
        hi = lo + 1.0;
    }
    vtkNew<vtkLookupTable> lut;
    lut->SetHueRange(0.667, 0.0); // blue (cool) to red (hot)
    lut->SetTableRange(lo, hi);
    lut->Build();
    vtkNew<vtkRenderer> renderer;
    renderer->SetBackground(1.0, 1.0, 1.0);
    for (std::size_t i = 0; i < parts.size(); ++i) {
        const geometry::Part& p = parts[i];
        vtkNew<vtkCubeSource> cube;
        cube->SetBounds(p.box.lo[0], p.box.hi[0], p.box.lo[1], p.box.hi[1], p.box.lo[2],
                        p.box.hi[2]);
        vtkNew<vtkPolyDataMapper> mapper;
        mapper->SetInputConnection(cube->GetOutputPort());
        vtkNew<vtkActor> actor;
        actor->SetMapper(mapper);
        const double v = i < values.size() ? values[i] : std::numeric_limits<double>::quiet_NaN();
        double rgb[3] = {0.8, 0.8, 0.8};
        if (std::isfinite(v)) {
            lut->GetColor(v, rgb);
        }
        actor->GetProperty()->SetColor(rgb);
        if (p.kind == geometry::PartKind::rack) {
            actor->GetProperty()->SetRepresentationToWireframe();
            actor->GetProperty()->SetColor(0.3, 0.3, 0.3);
        } else if (p.kind == geometry::PartKind::tray || p.kind == geometry::PartKind::canister) {
            actor->GetProperty()->SetOpacity(0.15);
        }
        renderer->AddActor(actor);
    }
    vtkNew<vtkScalarBarActor> bar;
    bar->SetLookupTable(lut);
    bar->SetTitle(field_title.c_str());
    bar->GetTitleTextProperty()->SetColor(0, 0, 0);
    bar->GetLabelTextProperty()->SetColor(0, 0, 0);
    renderer->AddActor2D(bar);
    // Seen from the front left and a little above, z up (x across, y front to rear).
    double b[6];
    renderer->ComputeVisiblePropBounds(b);
    const double c[3] = {0.5 * (b[0] + b[1]), 0.5 * (b[2] + b[3]), 0.5 * (b[4] + b[5])};
    const double size = std::max({b[1] - b[0], b[3] - b[2], b[5] - b[4]});
    vtkCamera* camera = renderer->GetActiveCamera();
    camera->SetFocalPoint(c);
    camera->SetPosition(c[0] - 0.9 * size, c[1] - 1.6 * size, c[2] + 0.5 * size);
    camera->SetViewUp(0.0, 0.0, 1.0);
    renderer->ResetCamera();
    vtkNew<vtkRenderWindow> window;
    window->SetOffScreenRendering(1);
    window->AddRenderer(renderer);
    window->SetSize(900, 1200);
    window->Render();
    vtkNew<vtkWindowToImageFilter> image;
    image->SetInput(window);
    image->Update();
    vtkNew<vtkPNGWriter> writer;
    writer->SetFileName(file.c_str());
    writer->SetInputConnection(image->GetOutputPort());
    writer->Write();
    if (writer->GetErrorCode() != 0 || !std::filesystem::exists(file)) {
        return std::string("the PNG writer failed for ") + file.string();
    }
    return std::nullopt;
}

} // namespace rackcalc::viz
