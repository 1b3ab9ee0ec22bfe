"""Make the study page's map outline from Natural Earth's 1:110m countries (npm package ``world-atlas``).

The map on a study page is drawn offline as SVG: no tiles, nothing fetched. Its outline is a
committed asset, ``src/trialbase/web/static/world-110m-outline.json``, made by this tool from the
TopoJSON file ``countries-110m.json`` of the npm package ``world-atlas`` (Natural Earth 4.1.0 vector
data, public domain; the package is ISC-licensed, copyright Michael Bostock). Get the package through
npm and convert it::

    npm pack world-atlas@2.0.2            # writes world-atlas-2.0.2.tgz
    python -m tools.world_outline world-atlas-2.0.2.tgz

The outline is projected equirectangularly (x = longitude, y = -latitude, in degrees), rounded to
0.1 degree, and written as one SVG path (relative commands, one subpath per ring): compact enough to
inline in every page that shows sites.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import tarfile
from pathlib import Path
from typing import Any

ASSET = Path(__file__).resolve().parent.parent / "src/trialbase/web/static/world-110m-outline.json"
MEMBER = "package/countries-110m.json"
SCALE = 10  # path units per degree: 0.1 degree resolution


def decode_arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """The topology's arcs as (longitude, latitude) points (undoing quantization and delta coding)."""
    (scale_x, scale_y), (translate_x, translate_y) = (
        topology["transform"]["scale"],
        topology["transform"]["translate"],
    )
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * scale_x + translate_x, y * scale_y + translate_y))
        arcs.append(points)
    return arcs


def ring_points(ring: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    """A ring's points from its arc indexes (a negative index ``~i`` is arc ``i`` reversed)."""
    points: list[tuple[float, float]] = []
    for index in ring:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    return points


def rings(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    arcs = decode_arcs(topology)
    found = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry["type"] == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        for polygon in polygons:
            found.extend(ring_points(ring, arcs) for ring in polygon)
    return found


def split_at_antimeridian(ring: list[tuple[float, float]]) -> list[list[tuple[float, float]]]:
    """A ring cut where it jumps across the 180th meridian (Fiji, Russia), so no piece spans the map.

    Natural Earth's rings touch the meridian exactly at ±180, so each piece starts and ends on it and
    its implicit closing edge runs along the map's edge.
    """
    pieces: list[list[tuple[float, float]]] = [[]]
    for point in ring:
        if pieces[-1] and abs(point[0] - pieces[-1][-1][0]) > 180:
            pieces.append([])
        pieces[-1].append(point)
    if len(pieces) > 1 and abs(pieces[0][0][0] - pieces[-1][-1][0]) <= 180:
        pieces[0] = pieces.pop() + pieces[0]
    return pieces


def path_data(all_rings: list[list[tuple[float, float]]]) -> str:
    """One SVG path: ``M`` absolute start per ring, then relative ``l`` steps, ``z`` to close."""
    parts = []
    for piece in (piece for ring in all_rings for piece in split_at_antimeridian(ring)):
        grid: list[tuple[int, int]] = []
        for lon, lat in piece:
            point = (round(lon * SCALE), round(-lat * SCALE))
            if not grid or grid[-1] != point:
                grid.append(point)
        if len(grid) < 3:
            continue
        start_x, start_y = grid[0]
        steps = [f"{x - px} {y - py}" for (px, py), (x, y) in itertools.pairwise(grid)]
        parts.append(f"M{start_x} {start_y}l" + " ".join(steps) + "z")
    return "".join(parts)


def convert(package: Path) -> dict[str, Any]:
    with tarfile.open(package) as archive:
        member = archive.extractfile(MEMBER)
        if member is None:
            raise SystemExit(f"{package} has no {MEMBER}: is it the world-atlas npm package?")
        raw = member.read()
        manifest = archive.extractfile("package/package.json")
        version = json.loads(manifest.read())["version"] if manifest is not None else "unknown"
    topology = json.loads(raw)
    return {
        "source": f"npm world-atlas@{version} {MEMBER.removeprefix('package/')}",
        "source_sha256": hashlib.sha256(raw).hexdigest(),
        "data": "Natural Earth 1:110m Admin 0 countries, version 4.1.0 (public domain, naturalearthdata.com)",
        "license": "Natural Earth: public domain; world-atlas: ISC licence, (c) Michael Bostock",
        "projection": f"equirectangular: x = longitude * {SCALE}, y = -latitude * {SCALE}",
        "units_per_degree": SCALE,
        "path": path_data(rings(topology)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package", type=Path, help="the .tgz from `npm pack world-atlas@2.0.2`")
    parser.add_argument("--output", type=Path, default=ASSET)
    arguments = parser.parse_args()
    asset = convert(arguments.package)
    arguments.output.write_text(json.dumps(asset, indent=1) + "\n")
    print(f"wrote {arguments.output} ({arguments.output.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
