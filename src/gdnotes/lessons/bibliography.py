"""The bibliography: facts about the data sets it lists, read from the data, as ``{{ bibliography.* }}``."""

from __future__ import annotations


def jacksboro_dem() -> dict:
    """Size, spacing and extent of Matplotlib's sample elevation model ``jacksboro_fault_dem.npz``."""
    from matplotlib import __version__, cbook

    dem = cbook.get_sample_data("jacksboro_fault_dem.npz")
    rows, cols = dem["elevation"].shape
    south, north = sorted(float(dem[k]) for k in ("ymin", "ymax"))
    east, west = sorted(-float(dem[k]) for k in ("xmin", "xmax"))  # degrees west
    return {
        "rows": rows, "cols": cols, "arc_seconds": round(float(dem["dx"]) * 3600, 1),
        "south": south, "north": north, "east": east, "west": west, "matplotlib": __version__,
    }


def values() -> dict:
    return {"dem": jacksboro_dem()}
