"""Forms of the practice catalogue, one module per page or area."""
