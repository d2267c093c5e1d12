"""Demo data for search: the index, rebuilt from everything the apps before it loaded."""

from sok.index import rebuild


def load(log):
    counts = rebuild()
    summary = ", ".join(f"{n} {name}" for name, n in counts.items())
    log(f"Search: index rebuilt ({summary}).")
