"""Every non-trivial read of the practice catalogue, one module per area (import from the module)."""
