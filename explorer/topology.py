"""Decode a TopoJSON topology (the format of the shipped world geometry) into GeoJSON features.

Only what the shipped file uses is supported: quantized arcs (``transform``), Polygon and
MultiPolygon geometries. Coordinates are rounded to ``digits`` decimals to keep figures small.
"""

from __future__ import annotations


def _decode_arcs(topology: dict, digits: int) -> list[list[tuple[float, float]]]:
    transform = topology.get("transform")
    decoded = []
    for arc in topology["arcs"]:
        points, x, y = [], 0, 0
        for position in arc:
            if transform:
                x, y = x + position[0], y + position[1]
                lon = x * transform["scale"][0] + transform["translate"][0]
                lat = y * transform["scale"][1] + transform["translate"][1]
            else:
                lon, lat = position[0], position[1]
            points.append((round(lon, digits), round(lat, digits)))
        decoded.append(points)
    return decoded


def _ring(indexes: list[int], arcs: list) -> list[list[float]]:
    ring: list[list[float]] = []
    for index in indexes:
        points = arcs[index] if index >= 0 else arcs[~index][::-1]
        start = 1 if ring else 0  # consecutive arcs share their joining point
        ring.extend([list(point) for point in points[start:]])
    return ring


def topology_to_geojson(topology: dict, object_name: str, digits: int = 3) -> dict:
    arcs = _decode_arcs(topology, digits)
    features = []
    for geometry in topology["objects"][object_name]["geometries"]:
        kind = geometry.get("type")
        if kind == "Polygon":
            coordinates = [_ring(ring, arcs) for ring in geometry["arcs"]]
        elif kind == "MultiPolygon":
            coordinates = [[_ring(ring, arcs) for ring in polygon] for polygon in geometry["arcs"]]
        else:
            continue
        features.append(
            {
                "type": "Feature",
                "id": geometry.get("id"),
                "properties": {},
                "geometry": {"type": kind, "coordinates": coordinates},
            }
        )
    return {"type": "FeatureCollection", "features": features}
