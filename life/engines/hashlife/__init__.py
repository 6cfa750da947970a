"""HashLife: the plane as a hash-consed quadtree with memoised results, for jumps of 2^k generations.

Every node is canonical (one copy per distinct content) and lives as a row of one int64 table, found again
through an open-addressing hash table, so equal regions share storage and results. A node of level k covers
2^k × 2^k cells; level-3 nodes are 8×8 leaves whose cells are the 64 bits of one word (bit 8*y + x). The result
of a level-k node is its centre (level k-1) 2^j generations on, for any j <= k-2; it is memoised on the node
(one slot for the node's natural step 2^(k-2), one for the last smaller j). Level-4 results are computed from the
four leaves with a bit-parallel row kernel (any Life-like rule) or the rule's circuit (any other 3×3 rule).

The root is always centred: a root of level k covers tree coordinates [-2^(k-1), 2^(k-1)) on both axes, and
tree coordinates are the universe's cell coordinates. Golly's macrocell files put a root's rows one lower
(y in [1 - 2^(k-1), 2^(k-1)]); reading and writing ``.mc`` shift the tree by one row, node by node, with no
cell-by-cell materialisation. Coordinates, generations and populations are Python ints and may be astronomically
large; only nodes of level <= 60 are handed to the Numba kernels with int64 offsets.

Memory: the tables grow by doubling up to a cap (``max_memory_mb`` or ``max_nodes``). At the cap the table
collects in the middle of a step, in place: it keeps the pattern, every node the running recursion holds and,
while they fit in half the cap, the memoised results those reach, and puts the other rows on a free list. Only
when that frees too little does the step stop, compact the table and carry on, in smaller jumps if it has to.
"""

from .universe import HashLifeUniverse

__all__ = ["HashLifeUniverse"]
