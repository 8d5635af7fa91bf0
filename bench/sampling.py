"""Skewed choices for the generator: a few federations, sectors and themes get most of the rows."""

import math
import random
from collections.abc import Callable, Sequence
from itertools import accumulate


def weighted(rng: random.Random, weights: dict) -> Callable[[], str]:
    """A function drawing one key of ``weights`` at a time, in proportion to its weight."""
    keys, cumulative = list(weights), list(accumulate(weights.values()))
    return lambda: rng.choices(keys, cum_weights=cumulative)[0]


def zipf_weights(count: int, exponent: float = 1.0) -> list[float]:
    return [1 / (rank + 1) ** exponent for rank in range(count)]


def picker(rng: random.Random, items: Sequence, weights: Sequence[float]) -> Callable[[], object]:
    cumulative = list(accumulate(weights))
    return lambda: rng.choices(items, cum_weights=cumulative)[0]


def split(total: int, weights: Sequence[float], *, cap: int) -> list[int]:
    """``total`` split in proportion to ``weights``, no part above ``cap``; the parts add up to ``total``
    (or to ``cap`` times the number of parts, when that is less)."""
    total = min(total, cap * len(weights))
    scale = total / sum(weights)
    parts = [min(cap, math.floor(weight * scale)) for weight in weights]
    short, index = total - sum(parts), 0
    while short > 0:
        if parts[index % len(parts)] < cap:
            parts[index % len(parts)] += 1
            short -= 1
        index += 1
    return parts
